//! Product images: the thumbnail and up to 10 detail images. Files are stored by the caller
//! (through the kernel's storage) before these run; each returns the keys of files that no
//! longer belong to anything, for the caller to remove once the transaction has committed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::product::owned_for_edit;
use crate::error::CatalogError;
use crate::model::{ImageRow, MAX_IMAGES, ProductRow};
use crate::schema::{catalog_product_images, catalog_products};

/// Points the product's thumbnail at `key`; returns the product and the replaced file's key.
pub fn set_thumbnail(
    conn: &mut Conn,
    owner_id: i64,
    id: i64,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(ProductRow, Option<String>), CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        let row = owned_for_edit(conn, owner_id, id)?;
        diesel::update(catalog_products::table.find(id))
            .set((catalog_products::thumbnail_key.eq(Some(key)), catalog_products::updated_at.eq(now)))
            .execute(conn)?;
        let product = ProductRow::find(conn, id)?.ok_or(CatalogError::NotFound)?;
        Ok((product, row.thumbnail_key))
    })
}

/// Adds a detail image at the end; the 11th is refused with `image_limit`.
pub fn add_image(
    conn: &mut Conn,
    owner_id: i64,
    id: i64,
    key: &str,
    now: DateTime<Utc>,
) -> Result<ImageRow, CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        owned_for_edit(conn, owner_id, id)?;
        // Touch the product row first: on PostgreSQL this locks it, so two uploads at once
        // cannot both see 9 images (SQLite's BEGIN IMMEDIATE already serialises writers).
        diesel::update(catalog_products::table.find(id))
            .set(catalog_products::updated_at.eq(now))
            .execute(conn)?;
        let images = ImageRow::of_product(conn, id)?;
        if i64::try_from(images.len()).unwrap_or(i64::MAX) >= MAX_IMAGES {
            return Err(CatalogError::ImageLimit);
        }
        let position = images.iter().map(|i| i.position).max().unwrap_or(0) + 1;
        let image_id: i64 = diesel::insert_into(catalog_product_images::table)
            .values((
                catalog_product_images::product_id.eq(id),
                catalog_product_images::storage_key.eq(key),
                catalog_product_images::position.eq(position),
                catalog_product_images::created_at.eq(now),
            ))
            .returning(catalog_product_images::id)
            .get_result(conn)?;
        Ok(catalog_product_images::table.find(image_id).select(ImageRow::as_select()).first(conn)?)
    })
}

/// Removes one detail image of the owner's product; returns the file's key.
pub fn delete_image(
    conn: &mut Conn,
    owner_id: i64,
    id: i64,
    image_id: i64,
    now: DateTime<Utc>,
) -> Result<String, CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        owned_for_edit(conn, owner_id, id)?;
        let image: ImageRow = catalog_product_images::table
            .find(image_id)
            .filter(catalog_product_images::product_id.eq(id))
            .select(ImageRow::as_select())
            .first(conn)
            .optional()?
            .ok_or(CatalogError::NotFound)?;
        diesel::delete(catalog_product_images::table.find(image_id)).execute(conn)?;
        diesel::update(catalog_products::table.find(id))
            .set(catalog_products::updated_at.eq(now))
            .execute(conn)?;
        Ok(image.storage_key)
    })
}

/// Removes products deleted before `cutoff` for good, with their image rows; returns the file
/// keys to remove. Run by the `catalog.purge_deleted` job.
pub fn purge_deleted(conn: &mut Conn, cutoff: DateTime<Utc>) -> Result<Vec<String>, CatalogError> {
    let cutoff = cutoff.naive_utc();
    db::transaction(conn, |conn| {
        let doomed: Vec<(i64, Option<String>)> = catalog_products::table
            .filter(catalog_products::state.eq("deleted"))
            .filter(catalog_products::updated_at.lt(cutoff))
            .select((catalog_products::id, catalog_products::thumbnail_key))
            .limit(500)
            .load(conn)?;
        let ids: Vec<i64> = doomed.iter().map(|(id, _)| *id).collect();
        let mut keys: Vec<String> = catalog_product_images::table
            .filter(catalog_product_images::product_id.eq_any(&ids))
            .select(catalog_product_images::storage_key)
            .load(conn)?;
        keys.extend(doomed.into_iter().filter_map(|(_, key)| key));
        diesel::delete(catalog_product_images::table.filter(catalog_product_images::product_id.eq_any(&ids)))
            .execute(conn)?;
        diesel::delete(catalog_products::table.filter(catalog_products::id.eq_any(&ids))).execute(conn)?;
        Ok(keys)
    })
}
