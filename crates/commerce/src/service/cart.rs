//! The buyer's cart: one line per (buyer, product) under a unique key, the product part live.
//!
//! Reading a cart is three statements whatever its size: the lines, their products (one catalog
//! batch) and the sellers' names plus hidden sellers (accounts batches).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use praline_accounts::service::seller::{self as accounts_seller, SellerName};
use praline_catalog::model::{ProductRow, ProductState};
use praline_catalog::service::product::{self as catalog_product, Access};
use praline_kernel::db::{self, Conn};

use crate::error::CommerceError;
use crate::model::{CartLineRow, MAX_AMOUNT, MAX_CART_LINES, OrderLineRow, OrderRow};
use crate::schema::commerce_cart_lines;

/// A cart line with its live product.
#[derive(Debug, Clone)]
pub struct CartEntry {
    pub line: CartLineRow,
    pub product: ProductRow,
    pub seller: Option<SellerName>,
    /// Why the line cannot be ordered now (`None`: it can).
    pub unavailable_reason: Option<&'static str>,
}

impl CartEntry {
    /// `amount` × the current price.
    pub fn line_total(&self) -> i64 {
        self.line.amount.saturating_mul(self.product.price)
    }
}

/// The whole cart, newest first.
#[derive(Debug, Clone)]
pub struct Cart {
    pub entries: Vec<CartEntry>,
}

impl Cart {
    /// The sum of the available lines.
    pub fn total_price(&self) -> i64 {
        self.entries.iter().filter(|e| e.unavailable_reason.is_none()).map(CartEntry::line_total).sum()
    }
}

/// Why a line with `amount` of `product` cannot be ordered, if it cannot.
pub fn unavailable_reason(product: &ProductRow, seller_hidden: bool, amount: i64) -> Option<&'static str> {
    match product.state() {
        _ if seller_hidden => Some("unavailable"),
        ProductState::OnSale if amount > product.stock => Some("insufficient_stock"),
        ProductState::OnSale => None,
        ProductState::SoldOut => Some("sold_out"),
        ProductState::Discontinued => Some("discontinued"),
        ProductState::Hidden | ProductState::Blocked | ProductState::Deleted => Some("unavailable"),
    }
}

/// Pairs cart lines with their products and sellers (constant statements).
fn entries(conn: &mut Conn, lines: Vec<CartLineRow>) -> Result<Vec<CartEntry>, CommerceError> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let products = ProductRow::many(conn, &ids)?;
    let mut seller_ids: Vec<i64> = products.iter().map(|p| p.seller_id).collect();
    seller_ids.sort_unstable();
    seller_ids.dedup();
    let names = accounts_seller::names(conn, &seller_ids)?;
    let hidden = accounts_seller::hidden_sellers(conn)?;
    Ok(lines
        .into_iter()
        .filter_map(|line| {
            let product = products.iter().find(|p| p.id == line.product_id)?.clone();
            let seller = names.iter().find(|n| n.user_id == product.seller_id).cloned();
            let unavailable_reason =
                unavailable_reason(&product, hidden.contains(&product.seller_id), line.amount);
            Some(CartEntry { line, product, seller, unavailable_reason })
        })
        .collect())
}

/// The buyer's cart.
pub fn view(conn: &mut Conn, buyer_id: i64) -> Result<Cart, CommerceError> {
    super::require_active(conn, buyer_id)?;
    let lines = CartLineRow::of_buyer(conn, buyer_id)?;
    Ok(Cart { entries: entries(conn, lines)? })
}

fn entry(conn: &mut Conn, line: CartLineRow) -> Result<CartEntry, CommerceError> {
    entries(conn, vec![line])?.into_iter().next().ok_or(CommerceError::NotFound)
}

/// Serialises one buyer's cart changes within a transaction, so the 100-line limit holds under
/// concurrency. SQLite's immediate transactions already serialise every writer; PostgreSQL takes
/// a transaction-scoped advisory lock on (this module, the buyer).
fn lock_cart(conn: &mut Conn, buyer_id: i64) -> Result<(), CommerceError> {
    /// The advisory-lock class of carts (any constant no other lock uses).
    const CART_LOCK_CLASS: i32 = 0x0C0A_7001;
    if let Conn::Pg(pg) = conn {
        let key = i32::try_from(buyer_id.rem_euclid(i64::from(i32::MAX))).unwrap_or(0);
        diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind::<diesel::sql_types::Integer, _>(CART_LOCK_CLASS)
            .bind::<diesel::sql_types::Integer, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

fn check_amount(amount: i64) -> Result<i64, CommerceError> {
    if !(1..=MAX_AMOUNT).contains(&amount) {
        return Err(CommerceError::invalid("amount", format!("The amount is 1 to {MAX_AMOUNT}.")));
    }
    Ok(amount)
}

/// A product the buyer may put in a cart: visible to them, not theirs, on sale.
fn orderable(conn: &mut Conn, buyer_id: i64, product_id: i64) -> Result<ProductRow, CommerceError> {
    let (product, access) = catalog_product::visible(conn, Some(buyer_id), product_id)?;
    if access == Access::Owner {
        return Err(CommerceError::OwnProduct { product_ids: vec![product_id] });
    }
    if product.state() != ProductState::OnSale {
        return Err(CommerceError::ProductUnavailable { product_ids: vec![product_id] });
    }
    Ok(product)
}

fn insufficient(product: &ProductRow) -> CommerceError {
    CommerceError::InsufficientStock { product_ids: vec![product.id], stock: Some(product.stock) }
}

/// Adds `amount` of a product: a new line (`true`), or merged into the buyer's line of that
/// product (`false`). Racing adds of one product merge under the unique key.
pub fn add(
    conn: &mut Conn,
    buyer_id: i64,
    product_id: i64,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<(CartEntry, bool), CommerceError> {
    let amount = check_amount(amount)?;
    db::transaction(conn, |conn| {
        super::require_active(conn, buyer_id)?;
        lock_cart(conn, buyer_id)?;
        let product = orderable(conn, buyer_id, product_id)?;
        let at = now.naive_utc();
        let existing = CartLineRow::of_product(conn, buyer_id, product_id)?;
        if let Some(line) = &existing
            && line.amount + amount > MAX_AMOUNT
        {
            return Err(CommerceError::invalid(
                "amount",
                format!("A cart line holds at most {MAX_AMOUNT} units."),
            ));
        }
        let created = if existing.is_none() {
            if CartLineRow::count_of(conn, buyer_id)? >= MAX_CART_LINES {
                return Err(CommerceError::CartFull);
            }
            if amount > product.stock {
                return Err(insufficient(&product));
            }
            // A savepoint: when a racing add inserted first, the unique key refuses this one
            // and the add merges instead.
            let inserted = db::transaction(conn, |conn| {
                diesel::insert_into(commerce_cart_lines::table)
                    .values((
                        commerce_cart_lines::buyer_id.eq(buyer_id),
                        commerce_cart_lines::product_id.eq(product_id),
                        commerce_cart_lines::amount.eq(amount),
                        commerce_cart_lines::created_at.eq(at),
                        commerce_cart_lines::updated_at.eq(at),
                    ))
                    .execute(conn)
            });
            match inserted {
                Ok(_) => true,
                Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => false,
                Err(e) => return Err(e.into()),
            }
        } else {
            false
        };
        if !created {
            diesel::update(
                commerce_cart_lines::table
                    .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
                    .filter(commerce_cart_lines::product_id.eq(product_id)),
            )
            .set((
                commerce_cart_lines::amount.eq(commerce_cart_lines::amount + amount),
                commerce_cart_lines::updated_at.eq(at),
            ))
            .execute(conn)
            .map_err(|e| match e {
                // The CHECK (amount ≤ 999) refused the sum.
                DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, _) => {
                    CommerceError::invalid("amount", format!("A cart line holds at most {MAX_AMOUNT} units."))
                }
                other => other.into(),
            })?;
        }
        let line = CartLineRow::of_product(conn, buyer_id, product_id)?.ok_or(CommerceError::NotFound)?;
        if line.amount > MAX_AMOUNT {
            return Err(CommerceError::invalid(
                "amount",
                format!("A cart line holds at most {MAX_AMOUNT} units."),
            ));
        }
        if line.amount > product.stock {
            return Err(insufficient(&product));
        }
        Ok((entry(conn, line)?, created))
    })
}

/// Sets the amount of one of the buyer's lines.
pub fn set_amount(
    conn: &mut Conn,
    buyer_id: i64,
    line_id: i64,
    amount: i64,
    now: DateTime<Utc>,
) -> Result<CartEntry, CommerceError> {
    let amount = check_amount(amount)?;
    db::transaction(conn, |conn| {
        super::require_active(conn, buyer_id)?;
        let line = CartLineRow::owned(conn, buyer_id, line_id)?.ok_or(CommerceError::NotFound)?;
        let product = ProductRow::find(conn, line.product_id)?.ok_or(CommerceError::NotFound)?;
        if product.state() != ProductState::OnSale
            || !accounts_seller::is_visible_seller(conn, product.seller_id)?
        {
            return Err(CommerceError::ProductUnavailable { product_ids: vec![product.id] });
        }
        if amount > product.stock {
            return Err(insufficient(&product));
        }
        diesel::update(commerce_cart_lines::table.find(line_id))
            .set((
                commerce_cart_lines::amount.eq(amount),
                commerce_cart_lines::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        let line = CartLineRow::owned(conn, buyer_id, line_id)?.ok_or(CommerceError::NotFound)?;
        entry(conn, line)
    })
}

/// Removes one of the buyer's lines.
pub fn remove(conn: &mut Conn, buyer_id: i64, line_id: i64) -> Result<(), CommerceError> {
    super::require_active(conn, buyer_id)?;
    let removed = diesel::delete(
        commerce_cart_lines::table
            .filter(commerce_cart_lines::id.eq(line_id))
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id)),
    )
    .execute(conn)?;
    if removed == 0 { Err(CommerceError::NotFound) } else { Ok(()) }
}

/// Removes the buyer's lines among `ids`; other ids are skipped.
pub fn remove_many(conn: &mut Conn, buyer_id: i64, ids: &[i64]) -> Result<usize, CommerceError> {
    super::require_active(conn, buyer_id)?;
    Ok(diesel::delete(
        commerce_cart_lines::table
            .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
            .filter(commerce_cart_lines::id.eq_any(ids)),
    )
    .execute(conn)?)
}

/// A product of a past order that could not go back into the cart.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub product_id: i64,
    pub name: String,
    pub reason: &'static str,
}

/// The reason code of a failed add, as `skipped[].reason` names it.
fn reason_of(error: &CommerceError) -> Option<&'static str> {
    match error {
        CommerceError::ProductUnavailable { .. } | CommerceError::NotFound => Some("product_unavailable"),
        CommerceError::InsufficientStock { .. } => Some("insufficient_stock"),
        CommerceError::OwnProduct { .. } => Some("own_product"),
        CommerceError::CartFull => Some("cart_full"),
        CommerceError::Invalid { .. } => Some("invalid_input"),
        _ => None,
    }
}

/// Puts every line of one of the buyer's orders back into the cart, each with its amount.
pub fn add_from_order(
    conn: &mut Conn,
    buyer_id: i64,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<(Vec<CartEntry>, Vec<Skipped>), CommerceError> {
    db::transaction(conn, |conn| {
        super::require_active(conn, buyer_id)?;
        OrderRow::owned(conn, buyer_id, order_id)?.ok_or(CommerceError::NotFound)?;
        let lines = OrderLineRow::of_orders(conn, &[order_id])?;
        let (mut added, mut skipped) = (Vec::new(), Vec::new());
        for line in lines {
            // Each add in its own savepoint, so one refusal leaves the others.
            match db::transaction(conn, |conn| add(conn, buyer_id, line.product_id, line.amount, now)) {
                Ok((entry, _)) => added.push(entry),
                Err(error) => match reason_of(&error) {
                    Some(reason) => {
                        skipped.push(Skipped { product_id: line.product_id, name: line.name, reason })
                    }
                    None => return Err(error),
                },
            }
        }
        Ok((added, skipped))
    })
}

/// Puts one of the buyer's order lines back into the cart, as [`add`] does.
pub fn add_from_line(
    conn: &mut Conn,
    buyer_id: i64,
    line_id: i64,
    now: DateTime<Utc>,
) -> Result<(CartEntry, bool), CommerceError> {
    let line = OrderLineRow::find(conn, line_id)?
        .filter(|l| l.buyer_id == buyer_id)
        .ok_or(CommerceError::NotFound)?;
    add(conn, buyer_id, line.product_id, line.amount, now)
}
