//! Categories: the public list with counts, and the admin's create, rename and delete.

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};

use super::require_admin;
use crate::error::CatalogError;
use crate::model::{CategoryRow, MAX_CATEGORY_CHARS, ProductState};
use crate::schema::{catalog_categories, catalog_products};

/// A category with the number of products the public sees in it.
#[derive(Debug, Clone)]
pub struct CategoryCount {
    pub category: CategoryRow,
    pub product_count: i64,
}

fn parse_name(raw: &str) -> Result<String, CatalogError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CatalogError::invalid("name", "Enter a category name."));
    }
    if name.chars().count() > MAX_CATEGORY_CHARS {
        return Err(CatalogError::invalid("name", format!("At most {MAX_CATEGORY_CHARS} characters.")));
    }
    Ok(name.to_string())
}

/// Every category in menu order, with listed products counted (one grouped query; products
/// of hidden sellers are left out as in the lists).
pub fn list(conn: &mut Conn) -> Result<Vec<CategoryCount>, CatalogError> {
    let categories = CategoryRow::all(conn)?;
    let counts = listed_counts(conn, None)?;
    Ok(categories
        .into_iter()
        .map(|category| {
            let product_count = counts.iter().find(|(id, _)| *id == category.id).map_or(0, |(_, n)| *n);
            CategoryCount { category, product_count }
        })
        .collect())
}

/// The listed products of one category, counted as [`list`] counts them.
pub fn product_count(conn: &mut Conn, id: i64) -> Result<i64, CatalogError> {
    Ok(listed_counts(conn, Some(id))?.first().map_or(0, |(_, n)| *n))
}

fn listed_counts(conn: &mut Conn, only: Option<i64>) -> Result<Vec<(i64, i64)>, CatalogError> {
    let hidden = praline_accounts::service::seller::hidden_sellers(conn)?;
    let mut query = catalog_products::table
        .filter(catalog_products::state.eq_any(ProductState::LISTED))
        .filter(catalog_products::seller_id.ne_all(hidden))
        .group_by(catalog_products::category_id)
        .select((catalog_products::category_id, count_star()))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(catalog_products::category_id.eq(id));
    }
    Ok(query.load(conn)?)
}

fn name_taken(conn: &mut Conn, name: &str, except: Option<i64>) -> Result<bool, CatalogError> {
    let mut query = catalog_categories::table.filter(catalog_categories::name.eq(name)).into_boxed();
    if let Some(id) = except {
        query = query.filter(catalog_categories::id.ne(id));
    }
    Ok(query.count().get_result::<i64>(conn)? > 0)
}

/// Adds a category at the end of the menu.
pub fn create(
    conn: &mut Conn,
    admin_id: i64,
    name: &str,
    now: DateTime<Utc>,
) -> Result<CategoryRow, CatalogError> {
    let now = now.naive_utc();
    let name = parse_name(name)?;
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        if name_taken(conn, &name, None)? {
            return Err(CatalogError::CategoryTaken);
        }
        let position: Option<i32> =
            catalog_categories::table.select(diesel::dsl::max(catalog_categories::position)).first(conn)?;
        diesel::insert_into(catalog_categories::table)
            .values((
                catalog_categories::name.eq(&name),
                catalog_categories::position.eq(position.unwrap_or(0) + 1),
                catalog_categories::created_at.eq(now),
            ))
            .execute(conn)?;
        let row = catalog_categories::table
            .filter(catalog_categories::name.eq(&name))
            .select(CategoryRow::as_select())
            .first(conn)?;
        Ok(row)
    })
}

/// Renames a category.
pub fn rename(conn: &mut Conn, admin_id: i64, id: i64, name: &str) -> Result<CategoryRow, CatalogError> {
    let name = parse_name(name)?;
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        CategoryRow::find(conn, id)?.ok_or(CatalogError::NotFound)?;
        if name_taken(conn, &name, Some(id))? {
            return Err(CatalogError::CategoryTaken);
        }
        diesel::update(catalog_categories::table.find(id))
            .set(catalog_categories::name.eq(&name))
            .execute(conn)?;
        CategoryRow::find(conn, id)?.ok_or(CatalogError::NotFound)
    })
}

/// Deletes a category no product uses (in any state, deleted ones included: they can be restored).
pub fn delete(conn: &mut Conn, admin_id: i64, id: i64) -> Result<(), CatalogError> {
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        CategoryRow::find(conn, id)?.ok_or(CatalogError::NotFound)?;
        let in_use: bool = diesel::select(diesel::dsl::exists(
            catalog_products::table.filter(catalog_products::category_id.eq(id)),
        ))
        .get_result(conn)?;
        if in_use {
            return Err(CatalogError::CategoryInUse);
        }
        diesel::delete(catalog_categories::table.find(id)).execute(conn)?;
        Ok(())
    })
}

/// Finds categories by name (the demo seed uses this), creating the missing ones.
pub fn ensure(conn: &mut Conn, names: &[&str], now: DateTime<Utc>) -> Result<Vec<CategoryRow>, CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        for (index, name) in names.iter().enumerate() {
            if !name_taken(conn, name, None)? {
                diesel::insert_into(catalog_categories::table)
                    .values((
                        catalog_categories::name.eq(*name),
                        catalog_categories::position.eq(i32::try_from(index).unwrap_or(0) + 1),
                        catalog_categories::created_at.eq(now),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(catalog_categories::table
            .filter(catalog_categories::name.eq_any(names))
            .select(CategoryRow::as_select())
            .load(conn)?)
    })
}
