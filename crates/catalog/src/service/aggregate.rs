//! The aggregates other domains feed: ratings (community reviews), wishes (community
//! wishlist), sales and stock (commerce orders). Each is one conditional UPDATE, so concurrent
//! callers never lose a count and nothing goes below zero; each joins the caller's transaction.

use diesel::dsl::{case_when, sql};
use diesel::prelude::*;
use diesel::sql_types::{Double, Text};
use praline_kernel::db::{self, Conn};

use crate::error::CatalogError;
use crate::model::{ProductRow, ProductState};
use crate::schema::catalog_products;

fn check_rating(rating: i64) -> Result<i64, CatalogError> {
    if !(1..=5).contains(&rating) {
        return Err(CatalogError::invalid("rating", "A rating is 1 to 5."));
    }
    Ok(rating)
}

fn move_rating(conn: &mut Conn, product_id: i64, sum: i64, count: i64) -> Result<(), CatalogError> {
    db::transaction(conn, |conn| {
        let updated = diesel::update(
            catalog_products::table
                .find(product_id)
                .filter(catalog_products::rating_sum.ge(-sum))
                .filter(catalog_products::rating_count.ge(-count)),
        )
        .set((
            catalog_products::rating_sum.eq(catalog_products::rating_sum + sum),
            catalog_products::rating_count.eq(catalog_products::rating_count + count),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(CatalogError::NotFound);
        }
        diesel::update(catalog_products::table.find(product_id))
            .set(catalog_products::rating_avg.eq(sql::<Double>(
                "CASE WHEN rating_count = 0 THEN 0.0 ELSE CAST(rating_sum AS DOUBLE PRECISION) / rating_count END",
            )))
            .execute(conn)?;
        Ok(())
    })
}

/// A review with `rating` (1–5) was written.
pub fn add_rating(conn: &mut Conn, product_id: i64, rating: i64) -> Result<(), CatalogError> {
    move_rating(conn, product_id, check_rating(rating)?, 1)
}

/// A review's rating changed from `old` to `new`.
pub fn change_rating(conn: &mut Conn, product_id: i64, old: i64, new: i64) -> Result<(), CatalogError> {
    move_rating(conn, product_id, check_rating(new)? - check_rating(old)?, 0)
}

/// A review with `rating` was removed.
pub fn remove_rating(conn: &mut Conn, product_id: i64, rating: i64) -> Result<(), CatalogError> {
    move_rating(conn, product_id, -check_rating(rating)?, -1)
}

/// Someone added (`+1`) or removed (`-1`) the product from their wishlist.
pub fn adjust_wish_count(conn: &mut Conn, product_id: i64, delta: i64) -> Result<(), CatalogError> {
    let updated = diesel::update(
        catalog_products::table.find(product_id).filter(catalog_products::wish_count.ge(-delta)),
    )
    .set(catalog_products::wish_count.eq(catalog_products::wish_count + delta))
    .execute(conn)?;
    if updated == 0 { Err(CatalogError::NotFound) } else { Ok(()) }
}

/// `quantity` units were sold (positive) or refunded (negative).
pub fn adjust_sales_count(conn: &mut Conn, product_id: i64, quantity: i64) -> Result<(), CatalogError> {
    let updated = diesel::update(
        catalog_products::table.find(product_id).filter(catalog_products::sales_count.ge(-quantity)),
    )
    .set(catalog_products::sales_count.eq(catalog_products::sales_count + quantity))
    .execute(conn)?;
    if updated == 0 { Err(CatalogError::NotFound) } else { Ok(()) }
}

/// Takes `quantity` units of an on-sale product's stock, or refuses with a conflict; the product
/// turns sold_out when the last unit goes; returns the units left. Concurrent buyers can never
/// oversell.
pub fn reserve_stock(conn: &mut Conn, product_id: i64, quantity: i64) -> Result<i64, CatalogError> {
    if quantity <= 0 {
        return Err(CatalogError::invalid("quantity", "The quantity must be at least 1."));
    }
    // One statement: the conditional take, `sold_out` when it takes the last unit (SET reads the
    // row as it was), and the row as it is now.
    diesel::update(
        catalog_products::table
            .find(product_id)
            .filter(catalog_products::state.eq(ProductState::OnSale.as_str()))
            .filter(catalog_products::stock.ge(quantity)),
    )
    .set((
        catalog_products::stock.eq(catalog_products::stock - quantity),
        catalog_products::state.eq(case_when(
            catalog_products::stock.eq(quantity),
            ProductState::SoldOut.as_str().into_sql::<Text>(),
        )
        .otherwise(catalog_products::state)),
    ))
    .returning(catalog_products::stock)
    .get_result(conn)
    .optional()?
    .ok_or_else(|| CatalogError::Conflict("Not enough stock.".into()))
}

/// Gives back `quantity` units (a cancelled order); a sold-out product goes back on sale.
pub fn release_stock(conn: &mut Conn, product_id: i64, quantity: i64) -> Result<ProductRow, CatalogError> {
    if quantity <= 0 {
        return Err(CatalogError::invalid("quantity", "The quantity must be at least 1."));
    }
    db::transaction(conn, |conn| {
        let updated = diesel::update(catalog_products::table.find(product_id))
            .set(catalog_products::stock.eq(catalog_products::stock + quantity))
            .execute(conn)?;
        if updated == 0 {
            return Err(CatalogError::NotFound);
        }
        diesel::update(
            catalog_products::table
                .find(product_id)
                .filter(catalog_products::state.eq(ProductState::SoldOut.as_str())),
        )
        .set(catalog_products::state.eq(ProductState::OnSale.as_str()))
        .execute(conn)?;
        ProductRow::find(conn, product_id)?.ok_or(CatalogError::NotFound)
    })
}
