//! Reading an uploaded image from a multipart body: one field, a size limit enforced while
//! reading, the format detected from the bytes (never the file name or the declared type) and
//! a pixel limit read from the image header.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::error::ApiError;
use crate::storage::ImageKind;

/// Largest image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Largest width or height accepted, in pixels.
pub const MAX_IMAGE_SIDE: usize = 4096;

/// An uploaded image that passed the checks.
#[derive(Debug, Clone)]
pub struct UploadedImage {
    pub bytes: Vec<u8>,
    pub kind: ImageKind,
    pub width: usize,
    pub height: usize,
}

/// Checks bytes that claim to be an image: JPEG, PNG, WebP or GIF by content, at most
/// [`MAX_IMAGE_BYTES`] and [`MAX_IMAGE_SIDE`] pixels a side.
pub fn inspect_image(field: &str, bytes: Vec<u8>) -> Result<UploadedImage, ApiError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::payload_too_large("Images can be at most 5 MB."));
    }
    let kind = ImageKind::detect(&bytes).ok_or_else(|| {
        ApiError::unsupported_media_type("Upload a JPEG, PNG, WebP or GIF image.")
            .field(field, "not an image")
    })?;
    let size = imagesize::blob_size(&bytes).map_err(|_| {
        ApiError::unsupported_media_type("The image could not be read.").field(field, "unreadable image")
    })?;
    if size.width == 0 || size.height == 0 || size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE {
        return Err(ApiError::invalid_field(
            field,
            format!("Images can be at most {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE} pixels."),
        ));
    }
    Ok(UploadedImage { bytes, kind, width: size.width, height: size.height })
}

/// A multipart read failure: 413 when the body went over the size limit while streaming (the
/// gateway cuts every body at `http.upload_limit`), else 400.
fn unreadable(error: actix_multipart::MultipartError) -> ApiError {
    use actix_web::error::PayloadError;
    match error {
        actix_multipart::MultipartError::Payload(PayloadError::Overflow) => {
            ApiError::payload_too_large("The request body is too large.")
        }
        other => ApiError::invalid_input(format!("The form could not be read: {other}")),
    }
}

/// Reads the multipart field `name` (other fields are refused) and checks it as an image.
pub async fn read_image(mut payload: Multipart, name: &str) -> Result<UploadedImage, ApiError> {
    let mut found: Option<Vec<u8>> = None;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(unreadable)?;
        let field_name = field.name().unwrap_or_default().to_string();
        if field_name != name || found.is_some() {
            return Err(ApiError::invalid_field(
                name,
                format!("Send exactly one file in the field {name:?}."),
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(ApiError::payload_too_large("Images can be at most 5 MB."));
            }
            bytes.extend_from_slice(&chunk);
        }
        found = Some(bytes);
    }
    let bytes = found.ok_or_else(|| ApiError::invalid_field(name, "Choose an image to upload."))?;
    inspect_image(name, bytes)
}

/// Largest text field accepted in a multipart form, in bytes: room for the longest text a form
/// takes (a review's 2,000 characters) even when every character is four bytes of UTF-8; the
/// services count the characters.
pub const MAX_FORM_TEXT: usize = 8 * 1024;
/// Most fields accepted in a multipart form (files included).
pub const MAX_FORM_FIELDS: usize = 32;
/// Most text accepted in a multipart form, all fields together, in bytes.
pub const MAX_FORM_TEXT_TOTAL: usize = 64 * 1024;

/// Reads a multipart form of text fields plus at most one image in `file_field`. Text fields
/// come back as a JSON object of strings, for the caller to deserialize into its request type
/// (which rejects unknown fields).
pub async fn read_form(
    mut payload: Multipart,
    file_field: &str,
) -> Result<(serde_json::Map<String, serde_json::Value>, Option<UploadedImage>), ApiError> {
    let mut fields = serde_json::Map::new();
    let mut image = None;
    let (mut count, mut text_total) = (0, 0);
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(unreadable)?;
        count += 1;
        if count > MAX_FORM_FIELDS {
            return Err(ApiError::payload_too_large(format!("A form has at most {MAX_FORM_FIELDS} fields.")));
        }
        let name = field.name().unwrap_or_default().to_string();
        let is_file = name == file_field;
        let limit = if is_file { MAX_IMAGE_BYTES } else { MAX_FORM_TEXT };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            if bytes.len() + chunk.len() > limit {
                return Err(if is_file {
                    ApiError::payload_too_large("Images can be at most 5 MB.")
                } else {
                    ApiError::invalid_field(&name, "This field is too long.")
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            if image.is_some() {
                return Err(ApiError::invalid_field(file_field, "Send one file."));
            }
            image = Some(inspect_image(file_field, bytes)?);
        } else {
            text_total += bytes.len();
            if text_total > MAX_FORM_TEXT_TOTAL {
                return Err(ApiError::payload_too_large("The form's text is too long."));
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| ApiError::invalid_field(&name, "Must be UTF-8 text."))?;
            if fields.insert(name.clone(), serde_json::Value::String(text)).is_some() {
                return Err(ApiError::invalid_field(&name, "Send this field once."));
            }
        }
    }
    Ok((fields, image))
}

type SharedStorage = std::sync::Arc<dyn crate::storage::Storage>;

/// Stores the multipart `image`, lets `attach` point a row at it, then removes the file it
/// replaced (the second value `attach` returns); if attaching fails, the new file is removed.
pub async fn replace_image<T, F, Fut>(
    storage: &SharedStorage,
    payload: Multipart,
    attach: F,
) -> Result<T, ApiError>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<(T, Option<String>), ApiError>>,
{
    let image = read_image(payload, "image").await?;
    attach_image(storage, image, attach).await
}

/// [`replace_image`] for an image already read (a form's file field, say).
pub async fn attach_image<T, F, Fut>(
    storage: &SharedStorage,
    image: UploadedImage,
    attach: F,
) -> Result<T, ApiError>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<(T, Option<String>), ApiError>>,
{
    let store = storage.clone();
    let key = actix_web::web::block(move || store.put(&image.bytes, image.kind.extension()))
        .await?
        .map_err(ApiError::internal)?;
    match attach(key.clone()).await {
        Ok((value, old)) => {
            remove_files(storage, old.into_iter().collect()).await;
            Ok(value)
        }
        Err(error) => {
            remove_files(storage, vec![key]).await;
            Err(error)
        }
    }
}

/// Removes stored files nothing points at any more, on the blocking pool; failures are only
/// logged.
pub async fn remove_files(storage: &SharedStorage, keys: Vec<String>) {
    if keys.is_empty() {
        return;
    }
    let storage = storage.clone();
    let removed = actix_web::web::block(move || {
        for key in keys {
            if let Err(error) = storage.delete(&key) {
                tracing::warn!(%key, %error, "could not remove a stored file");
            }
        }
    })
    .await;
    if removed.is_err() {
        tracing::warn!("removing stored files was cancelled");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89,
    ];

    #[test]
    fn a_real_image_passes_and_text_named_png_does_not() {
        let image = inspect_image("image", PNG_1X1.to_vec()).unwrap();
        assert_eq!((image.kind, image.width, image.height), (ImageKind::Png, 1, 1));
        let text = inspect_image("image", b"just some text pretending".to_vec()).unwrap_err();
        assert_eq!(text.status().as_u16(), 415);
    }

    #[test]
    fn oversized_bytes_and_pixels_are_refused() {
        let big = inspect_image("image", vec![0xFF; MAX_IMAGE_BYTES + 1]).unwrap_err();
        assert_eq!(big.status().as_u16(), 413);
        // A PNG header claiming 5000×1 pixels.
        let mut wide = PNG_1X1.to_vec();
        wide[16..20].copy_from_slice(&5000u32.to_be_bytes());
        let refused = inspect_image("image", wide).unwrap_err();
        assert_eq!(refused.status().as_u16(), 400);
    }
}
