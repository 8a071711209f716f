//! Products: create, edit, delete, restore, block, and who may see one.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_accounts::service::seller::{self as accounts_seller, SellerCounter};
use praline_kernel::db::{self, Conn};

use super::{is_admin, require_active, require_admin};
use crate::error::CatalogError;
use crate::model::{
    CategoryRow, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_PRICE, MAX_REASON_CHARS, MAX_STOCK, ProductRow,
    ProductState, search_text,
};
use crate::schema::catalog_products;

/// A new product, as the seller typed it.
#[derive(Debug, Clone, Default)]
pub struct NewProduct {
    pub category_id: i64,
    pub name: String,
    pub description: String,
    pub price: i64,
    pub stock: i64,
    /// `on_sale` (default) or `hidden`.
    pub state: Option<ProductState>,
}

/// Changes to a product; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct ProductChanges {
    pub category_id: Option<i64>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub price: Option<i64>,
    pub stock: Option<i64>,
    /// `on_sale`, `hidden` or `discontinued`.
    pub state: Option<ProductState>,
}

fn check_name(raw: &str) -> Result<String, CatalogError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CatalogError::invalid("name", "Enter a product name."));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(CatalogError::invalid("name", format!("At most {MAX_NAME_CHARS} characters.")));
    }
    Ok(name.to_string())
}

fn check_description(raw: &str) -> Result<String, CatalogError> {
    let description = raw.trim();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(CatalogError::invalid(
            "description",
            format!("At most {MAX_DESCRIPTION_CHARS} characters."),
        ));
    }
    Ok(description.to_string())
}

fn check_price(price: i64) -> Result<i64, CatalogError> {
    if !(0..=MAX_PRICE).contains(&price) {
        return Err(CatalogError::invalid(
            "price",
            format!("The price must be between 0 and {MAX_PRICE} won."),
        ));
    }
    Ok(price)
}

fn check_stock(stock: i64) -> Result<i64, CatalogError> {
    if !(0..=MAX_STOCK).contains(&stock) {
        return Err(CatalogError::invalid("stock", format!("The stock must be between 0 and {MAX_STOCK}.")));
    }
    Ok(stock)
}

fn check_category(conn: &mut Conn, id: i64) -> Result<(), CatalogError> {
    CategoryRow::find(conn, id)?.ok_or_else(|| CatalogError::invalid("category_id", "No such category."))?;
    Ok(())
}

/// Moves the seller card's listed-product count when a product enters or leaves the lists.
fn count_listing(
    conn: &mut Conn,
    seller_id: i64,
    before: ProductState,
    after: ProductState,
) -> Result<(), CatalogError> {
    let delta = i64::from(after.is_listed()) - i64::from(before.is_listed());
    if delta != 0 {
        accounts_seller::adjust_count(conn, seller_id, SellerCounter::Products, delta)?;
    }
    Ok(())
}

/// Sets a product's state (and the seller count with it) in the caller's transaction.
pub(crate) fn set_state(
    conn: &mut Conn,
    row: &ProductRow,
    state: ProductState,
    previous: Option<ProductState>,
    now: chrono::NaiveDateTime,
) -> Result<(), CatalogError> {
    diesel::update(catalog_products::table.find(row.id))
        .set((
            catalog_products::state.eq(state.as_str()),
            catalog_products::previous_state.eq(previous.map(ProductState::as_str)),
            catalog_products::updated_at.eq(now),
        ))
        .execute(conn)?;
    count_listing(conn, row.seller_id, row.state(), state)
}

fn reload(conn: &mut Conn, id: i64) -> Result<ProductRow, CatalogError> {
    ProductRow::find(conn, id)?.ok_or(CatalogError::NotFound)
}

/// Lists a product for an approved seller (approval is read from the database, not the token).
pub fn create(
    conn: &mut Conn,
    seller_id: i64,
    input: NewProduct,
    now: DateTime<Utc>,
) -> Result<ProductRow, CatalogError> {
    let now = now.naive_utc();
    let name = check_name(&input.name)?;
    let description = check_description(&input.description)?;
    let price = check_price(input.price)?;
    let stock = check_stock(input.stock)?;
    let state = match input.state.unwrap_or(ProductState::OnSale) {
        s @ (ProductState::OnSale | ProductState::Hidden) => s.for_stock(stock),
        _ => return Err(CatalogError::invalid("state", "A new product is on_sale or hidden.")),
    };
    db::transaction(conn, |conn| {
        if !praline_accounts::service::is_approved_seller(conn, seller_id)? {
            return Err(CatalogError::SellerNotApproved);
        }
        check_category(conn, input.category_id)?;
        let id: i64 = diesel::insert_into(catalog_products::table)
            .values((
                catalog_products::seller_id.eq(seller_id),
                catalog_products::category_id.eq(input.category_id),
                catalog_products::search_text.eq(search_text(&name, &description)),
                catalog_products::name.eq(&name),
                catalog_products::description.eq(&description),
                catalog_products::price.eq(price),
                catalog_products::stock.eq(stock),
                catalog_products::state.eq(state.as_str()),
                catalog_products::created_at.eq(now),
                catalog_products::updated_at.eq(now),
            ))
            .returning(catalog_products::id)
            .get_result(conn)?;
        count_listing(conn, seller_id, ProductState::Deleted, state)?;
        reload(conn, id)
    })
}

/// The owner's product, ready to be changed: someone else's is "not found", a deleted one must be
/// restored first, and a blocked one cannot be changed at all.
pub(crate) fn owned_for_edit(conn: &mut Conn, owner_id: i64, id: i64) -> Result<ProductRow, CatalogError> {
    require_active(conn, owner_id)?;
    let row =
        ProductRow::find(conn, id)?.filter(|p| p.seller_id == owner_id).ok_or(CatalogError::NotFound)?;
    match row.state() {
        ProductState::Blocked => Err(CatalogError::ProductBlocked),
        ProductState::Deleted => {
            Err(CatalogError::Conflict("Restore the product before changing it.".into()))
        }
        _ => Ok(row),
    }
}

/// Changes the owner's product. The seller never changes; sold_out and on_sale follow the stock.
pub fn update(
    conn: &mut Conn,
    owner_id: i64,
    id: i64,
    changes: ProductChanges,
    now: DateTime<Utc>,
) -> Result<ProductRow, CatalogError> {
    let now = now.naive_utc();
    let name = changes.name.as_deref().map(check_name).transpose()?;
    let description = changes.description.as_deref().map(check_description).transpose()?;
    let price = changes.price.map(check_price).transpose()?;
    let stock = changes.stock.map(check_stock).transpose()?;
    if let Some(state) = changes.state
        && !matches!(state, ProductState::OnSale | ProductState::Hidden | ProductState::Discontinued)
    {
        return Err(CatalogError::invalid(
            "state",
            "The state can be set to on_sale, hidden or discontinued.",
        ));
    }
    db::transaction(conn, |conn| {
        let row = owned_for_edit(conn, owner_id, id)?;
        if let Some(category_id) = changes.category_id {
            check_category(conn, category_id)?;
        }
        let new_stock = stock.unwrap_or(row.stock);
        let state = changes.state.unwrap_or(row.state()).for_stock(new_stock);
        let text = (name.is_some() || description.is_some()).then(|| {
            search_text(
                name.as_deref().unwrap_or(&row.name),
                description.as_deref().unwrap_or(&row.description),
            )
        });
        diesel::update(catalog_products::table.find(id))
            .set((
                changes.category_id.map(|c| catalog_products::category_id.eq(c)),
                name.map(|n| catalog_products::name.eq(n)),
                description.map(|d| catalog_products::description.eq(d)),
                text.map(|t| catalog_products::search_text.eq(t)),
                price.map(|p| catalog_products::price.eq(p)),
                catalog_products::stock.eq(new_stock),
                catalog_products::state.eq(state.as_str()),
                catalog_products::updated_at.eq(now),
            ))
            .execute(conn)?;
        count_listing(conn, row.seller_id, row.state(), state)?;
        reload(conn, id)
    })
}

/// Soft-deletes the owner's product (restorable); its images stay until it is purged.
pub fn delete(conn: &mut Conn, owner_id: i64, id: i64, now: DateTime<Utc>) -> Result<(), CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        let row = match owned_for_edit(conn, owner_id, id) {
            // Deleting twice is "not found", as for anyone else.
            Err(CatalogError::Conflict(_)) => return Err(CatalogError::NotFound),
            other => other?,
        };
        set_state(conn, &row, ProductState::Deleted, Some(row.state()), now)
    })
}

/// Brings back the owner's deleted product in the state it had.
pub fn restore(
    conn: &mut Conn,
    owner_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ProductRow, CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        require_active(conn, owner_id)?;
        let row =
            ProductRow::find(conn, id)?.filter(|p| p.seller_id == owner_id).ok_or(CatalogError::NotFound)?;
        match row.state() {
            ProductState::Deleted => {}
            ProductState::Blocked => return Err(CatalogError::ProductBlocked),
            _ => return Err(CatalogError::Conflict("The product is not deleted.".into())),
        }
        let back =
            row.previous_state.as_deref().and_then(ProductState::parse).unwrap_or(ProductState::Hidden);
        set_state(conn, &row, back.for_stock(row.stock), None, now)?;
        reload(conn, id)
    })
}

/// An administrator blocks a product: it leaves every list and its owner can no longer change it.
pub fn block(
    conn: &mut Conn,
    admin_id: i64,
    id: i64,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<ProductRow, CatalogError> {
    let now = now.naive_utc();
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(CatalogError::invalid("reason", format!("At most {MAX_REASON_CHARS} characters.")));
    }
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let row = reload(conn, id)?;
        if row.state() != ProductState::Blocked {
            set_state(conn, &row, ProductState::Blocked, Some(row.state()), now)?;
        }
        diesel::update(catalog_products::table.find(id))
            .set(catalog_products::block_reason.eq(reason))
            .execute(conn)?;
        reload(conn, id)
    })
}

/// Lifts a block: the product returns to the state it had.
pub fn unblock(
    conn: &mut Conn,
    admin_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ProductRow, CatalogError> {
    let now = now.naive_utc();
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let row = reload(conn, id)?;
        if row.state() != ProductState::Blocked {
            return Ok(row);
        }
        let back =
            row.previous_state.as_deref().and_then(ProductState::parse).unwrap_or(ProductState::Hidden);
        set_state(conn, &row, back.for_stock(row.stock), None, now)?;
        diesel::update(catalog_products::table.find(id))
            .set(catalog_products::block_reason.eq(None::<String>))
            .execute(conn)?;
        reload(conn, id)
    })
}

/// What a viewer may see of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Public state, visible seller.
    Public,
    /// The owner: every state, the block reason too.
    Owner,
    /// An administrator: every state.
    Admin,
}

/// A product as `viewer` may see it: on sale, sold out or discontinued from a visible seller for
/// everyone; hidden, blocked and deleted ones only for the owner and administrators.
pub fn visible(conn: &mut Conn, viewer: Option<i64>, id: i64) -> Result<(ProductRow, Access), CatalogError> {
    let row = reload(conn, id)?;
    if viewer == Some(row.seller_id) {
        return Ok((row, Access::Owner));
    }
    if row.state().is_public() && accounts_seller::is_visible_seller(conn, row.seller_id)? {
        return Ok((row, Access::Public));
    }
    match viewer {
        Some(user) if is_admin(conn, user)? => Ok((row, Access::Admin)),
        _ => Err(CatalogError::NotFound),
    }
}
