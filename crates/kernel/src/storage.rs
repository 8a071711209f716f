//! File storage behind one interface: a local directory by default; an S3-compatible store can
//! implement the same trait.
//!
//! Files are stored under random names (`ab/ab…cd.png`), never a name a user chose, so one
//! upload can neither guess nor overwrite another.

use std::path::{Path, PathBuf};

use crate::crypto::random_bytes;

/// Why a file could not be stored or removed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("invalid storage key")]
    InvalidKey,
    #[error("storage I/O failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Where uploaded files live.
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Stores `bytes` under a new random key ending in `.extension`; returns the key.
    fn put(&self, bytes: &[u8], extension: &str) -> Result<String, StorageError>;
    /// Reads a stored file.
    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError>;
    /// Removes a stored file; removing a missing file is not an error.
    fn delete(&self, key: &str) -> Result<(), StorageError>;
    /// The URL clients load the file from.
    fn url(&self, key: &str) -> String;
}

/// Files in a local directory, served by the gateway under a URL prefix.
#[derive(Debug, Clone)]
pub struct LocalStorage {
    root: PathBuf,
    url_prefix: String,
}

impl LocalStorage {
    /// Storage rooted at `root` (created on first write), served at `url_prefix`.
    pub fn new(root: impl Into<PathBuf>, url_prefix: &str) -> LocalStorage {
        LocalStorage { root: root.into(), url_prefix: url_prefix.trim_end_matches('/').to_string() }
    }

    /// The directory files are written to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, StorageError> {
        if !is_valid_key(key) {
            return Err(StorageError::InvalidKey);
        }
        Ok(self.root.join(key))
    }
}

/// An image format recognised from its first bytes, never from a file name or a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageKind {
    /// Detects the format from the bytes themselves.
    pub fn detect(bytes: &[u8]) -> Option<ImageKind> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(ImageKind::Gif),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageKind::Webp),
            _ => None,
        }
    }

    /// The file extension stored files get.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Webp => "webp",
            ImageKind::Gif => "gif",
        }
    }
}

/// Keys are `xx/<32 hex>.<ext>`: nothing that could climb out of the root.
fn is_valid_key(key: &str) -> bool {
    let Some((dir, file)) = key.split_once('/') else { return false };
    let Some((stem, ext)) = file.split_once('.') else { return false };
    dir.len() == 2
        && stem.len() == 32
        && stem.starts_with(dir)
        && stem.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && !ext.is_empty()
        && ext.len() <= 8
        && ext.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

impl Storage for LocalStorage {
    fn put(&self, bytes: &[u8], extension: &str) -> Result<String, StorageError> {
        let stem = hex::encode(random_bytes(16));
        let key = format!("{}/{}.{}", &stem[..2], stem, extension.to_ascii_lowercase());
        let path = self.path_of(&key)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Write to a temporary name first so a reader never sees half a file.
        let tmp = path.with_extension("part");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
        Ok(key)
    }

    fn get(&self, key: &str) -> Result<Vec<u8>, StorageError> {
        Ok(std::fs::read(self.path_of(key)?)?)
    }

    fn delete(&self, key: &str) -> Result<(), StorageError> {
        match std::fs::remove_file(self.path_of(key)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn url(&self, key: &str) -> String {
        format!("{}/{}", self.url_prefix, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_under_random_names_and_delete_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let storage = LocalStorage::new(dir.path().join("uploads"), "/uploads/");
        let a = storage.put(b"one", "png").unwrap();
        let b = storage.put(b"two", "PNG").unwrap();
        assert_ne!(a, b);
        assert!(b.ends_with(".png"));
        assert_eq!(storage.get(&a).unwrap(), b"one");
        assert_eq!(storage.url(&a), format!("/uploads/{a}"));
        storage.delete(&a).unwrap();
        storage.delete(&a).unwrap();
        assert!(storage.get(&a).is_err());
    }

    #[test]
    fn images_are_recognised_by_their_bytes_only() {
        assert_eq!(ImageKind::detect(b"\xFF\xD8\xFF\xE0rest"), Some(ImageKind::Jpeg));
        assert_eq!(ImageKind::detect(b"GIF89a..."), Some(ImageKind::Gif));
        assert_eq!(ImageKind::detect(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(ImageKind::detect(b"\x89PNG\r\n\x1a\n...."), Some(ImageKind::Png));
        assert_eq!(ImageKind::detect(b"<html>not an image</html>"), None);
        assert_eq!(ImageKind::detect(b""), None);
    }

    #[test]
    fn keys_cannot_escape_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let storage = LocalStorage::new(dir.path(), "/uploads");
        for key in ["../secrets.dev.toml", "ab/../../x.png", "/etc/passwd", "ab/abc.png", ""] {
            assert!(matches!(storage.get(key), Err(StorageError::InvalidKey)), "{key}");
            assert!(matches!(storage.delete(key), Err(StorageError::InvalidKey)), "{key}");
        }
    }
}
