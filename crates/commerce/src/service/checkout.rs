//! Checkout: `POST /orders` as one transaction.
//!
//! Prices come from the products, never from the client; points are debited through payments'
//! conditional debit; stock is taken last through catalog's conditional `reserve_stock` in
//! ascending product id (so two checkouts never wait on each other in opposite orders, and the
//! hottest lock is held the shortest). Any refusal rolls everything back: one failing line
//! writes nothing.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_accounts::service::address::{self as accounts_address, AddressInput};
use praline_accounts::service::seller as accounts_seller;
use praline_catalog::CatalogError;
use praline_catalog::model::{ProductRow, ProductState};
use praline_catalog::service::aggregate;
use praline_kernel::db::{self, Conn};
use praline_payments::model::{EntryKind, Reference, ReferenceKind};

use super::Env;
use super::order::{OrderSummary, OrderView, Shipping};
use crate::error::CommerceError;
use crate::model::{
    CartLineRow, LineStatus, MAX_AMOUNT, MAX_CHECKOUT_LINES, OrderLineRow, OrderRow, PaymentMethod,
};
use crate::schema::{commerce_cart_lines, commerce_order_lines, commerce_orders};

/// What is being bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Items {
    /// Some of the buyer's cart lines.
    Cart(Vec<i64>),
    /// One product, at once.
    BuyNow { product_id: i64, amount: i64 },
}

/// Where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShipTo {
    /// One of the buyer's saved addresses.
    Saved(i64),
    /// A new address, saved to the address book when `save`.
    New { address: AddressInput, save: bool },
}

/// A checkout request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceOrder {
    pub items: Items,
    pub ship_to: ShipTo,
    pub payment: PaymentMethod,
}

/// One product to buy.
struct Wanted {
    product_id: i64,
    amount: i64,
    cart_line_id: Option<i64>,
}

fn wanted(conn: &mut Conn, buyer_id: i64, items: &Items) -> Result<Vec<Wanted>, CommerceError> {
    let mut wanted = match items {
        Items::Cart(ids) => {
            let mut ids = ids.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.is_empty() || ids.len() > MAX_CHECKOUT_LINES {
                return Err(CommerceError::invalid(
                    "cart_item_ids",
                    format!("Choose 1 to {MAX_CHECKOUT_LINES} cart lines."),
                ));
            }
            let lines = CartLineRow::owned_many(conn, buyer_id, &ids)?;
            if lines.len() != ids.len() {
                return Err(CommerceError::NotFound);
            }
            lines
                .into_iter()
                .map(|l| Wanted { product_id: l.product_id, amount: l.amount, cart_line_id: Some(l.id) })
                .collect::<Vec<_>>()
        }
        Items::BuyNow { product_id, amount } => {
            if !(1..=MAX_AMOUNT).contains(amount) {
                return Err(CommerceError::invalid(
                    "buy_now.amount",
                    format!("The amount is 1 to {MAX_AMOUNT}."),
                ));
            }
            // Visibility and ownership are judged with the other lines' below, from the same reads.
            vec![Wanted { product_id: *product_id, amount: *amount, cart_line_id: None }]
        }
    };
    // Ascending product id: the order every checkout takes stock in.
    wanted.sort_by_key(|w| w.product_id);
    Ok(wanted)
}

fn shipping(
    conn: &mut Conn,
    env: &Env<'_>,
    buyer_id: i64,
    ship_to: ShipTo,
) -> Result<Shipping, CommerceError> {
    let address = match ship_to {
        ShipTo::Saved(id) => accounts_address::owned(conn, &env.accounts_env(), buyer_id, id)?,
        ShipTo::New { address, save: true } => {
            accounts_address::create(conn, &env.accounts_env(), buyer_id, address)?
        }
        ShipTo::New { address, save: false } => {
            return Ok(Shipping {
                postal_code: address.postal_code,
                address: address.address,
                detail_address: address.detail_address,
                recipient: address.recipient,
                phone: address.phone.as_str().to_string(),
            });
        }
    };
    Ok(Shipping {
        postal_code: address.postal_code,
        address: address.address,
        detail_address: address.detail_address,
        recipient: address.recipient,
        phone: address.phone,
    })
}

/// The names of the products bought, in checkout order (the payment window's title).
fn wanted_names(wanted: &[Wanted], products: &[ProductRow]) -> Vec<String> {
    wanted
        .iter()
        .filter_map(|w| products.iter().find(|p| p.id == w.product_id).map(|p| p.name.clone()))
        .collect()
}

/// Takes the stock of every product, in ascending id; the first shortfall refuses the order.
fn reserve(conn: &mut Conn, wanted: &[Wanted]) -> Result<(), CommerceError> {
    for w in wanted {
        match aggregate::reserve_stock(conn, w.product_id, w.amount) {
            Ok(_) => {}
            Err(CatalogError::Conflict(_)) => {
                // Tell a product that left sale from one that ran short.
                let now_on_sale = ProductRow::find(conn, w.product_id)?
                    .is_some_and(|p| p.state() == ProductState::OnSale || p.state() == ProductState::SoldOut);
                return Err(if now_on_sale {
                    CommerceError::InsufficientStock { product_ids: vec![w.product_id], stock: None }
                } else {
                    CommerceError::ProductUnavailable { product_ids: vec![w.product_id] }
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Places an order. Points: paid at once (lines `placed`, points debited, cart lines gone).
/// Card: lines `pending_payment`, stock held until the payment's `expires_at`, a `ready` payment
/// recorded with payments; the caller then prepares it at PortOne, outside this transaction
/// (`service::card`), and payments' verification places the lines.
pub fn place_order(
    conn: &mut Conn,
    env: &Env<'_>,
    buyer_id: i64,
    input: PlaceOrder,
) -> Result<OrderView, CommerceError> {
    Ok(place_order_then(conn, env, buyer_id, input, |_, _| Ok(()))?.0)
}

/// [`place_order`], running `then` on the placed order inside the same transaction (the HTTP
/// layer records its idempotent answer there, so the order and its answer commit together). A
/// refusal from `then` undoes the order.
pub fn place_order_then<T>(
    conn: &mut Conn,
    env: &Env<'_>,
    buyer_id: i64,
    input: PlaceOrder,
    then: impl FnOnce(&mut Conn, &OrderView) -> Result<T, CommerceError>,
) -> Result<(OrderView, T), CommerceError> {
    let now: DateTime<Utc> = env.now;
    let card = input.payment == PaymentMethod::Card;
    db::transaction(conn, |conn| {
        let buyer = praline_accounts::service::active_user(conn, buyer_id)?;
        if !buyer.phone_verified {
            return Err(CommerceError::PhoneUnverified);
        }
        let wanted = wanted(conn, buyer_id, &input.items)?;
        let ids: Vec<i64> = wanted.iter().map(|w| w.product_id).collect();
        let products = ProductRow::many(conn, &ids)?;
        let product = |id: i64| products.iter().find(|p| p.id == id);
        let own: Vec<i64> =
            ids.iter().copied().filter(|id| product(*id).is_some_and(|p| p.seller_id == buyer_id)).collect();
        if !own.is_empty() {
            return Err(CommerceError::OwnProduct { product_ids: own });
        }
        let mut seller_ids: Vec<i64> = products.iter().map(|p| p.seller_id).collect();
        seller_ids.sort_unstable();
        seller_ids.dedup();
        let sellers = accounts_seller::of_sale(conn, &seller_ids)?;
        let shown = |p: &ProductRow| sellers.iter().any(|s| s.name.user_id == p.seller_id && s.visible);
        if let Items::BuyNow { product_id, .. } = input.items {
            // Buying at once what nobody may see is buying nothing (the product page is 404 too).
            if product(product_id).is_none_or(|p| !p.state().is_public() || !shown(p)) {
                return Err(CommerceError::NotFound);
            }
        }
        let unavailable: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| {
                // A sold-out product is on sale without stock: that is `insufficient_stock` below.
                product(*id).is_none_or(|p| {
                    !matches!(p.state(), ProductState::OnSale | ProductState::SoldOut) || !shown(p)
                })
            })
            .collect();
        if !unavailable.is_empty() {
            return Err(CommerceError::ProductUnavailable { product_ids: unavailable });
        }
        let short: Vec<i64> = wanted
            .iter()
            .filter(|w| product(w.product_id).is_some_and(|p| w.amount > p.stock))
            .map(|w| w.product_id)
            .collect();
        if !short.is_empty() {
            return Err(CommerceError::InsufficientStock { product_ids: short, stock: None });
        }
        let ship = shipping(conn, env, buyer_id, input.ship_to.clone())?;

        let total: i64 = wanted
            .iter()
            .map(|w| product(w.product_id).map_or(0, |p| p.price.saturating_mul(w.amount)))
            .sum();
        let at = now.naive_utc();
        let seal = |value: &str| env.secrets.sealer.seal(value);
        let cart_line_ids: Vec<i64> = wanted.iter().filter_map(|w| w.cart_line_id).collect();
        let order: OrderRow = diesel::insert_into(commerce_orders::table)
            .values((
                commerce_orders::buyer_id.eq(buyer_id),
                commerce_orders::payment_method.eq(input.payment.as_str()),
                commerce_orders::total_price.eq(total),
                commerce_orders::shipping_postal_code_sealed.eq(seal(&ship.postal_code)),
                commerce_orders::shipping_address_sealed.eq(seal(&ship.address)),
                commerce_orders::shipping_detail_address_sealed.eq(seal(&ship.detail_address)),
                commerce_orders::shipping_recipient_sealed.eq(seal(&ship.recipient)),
                commerce_orders::shipping_phone_sealed.eq(seal(&ship.phone)),
                commerce_orders::cart_line_ids.eq(serde_json::to_string(&cart_line_ids).unwrap_or_default()),
                commerce_orders::paid_at.eq(if card { None } else { Some(at) }),
                commerce_orders::created_at.eq(at),
                commerce_orders::updated_at.eq(at),
            ))
            .get_result(conn)?;
        let order_id = order.id;
        let mut lines = Vec::with_capacity(wanted.len());
        for w in &wanted {
            let p = product(w.product_id).ok_or(CommerceError::NotFound)?;
            let company =
                sellers.iter().find(|s| s.name.user_id == p.seller_id).map(|s| s.name.company_name.clone());
            let line = diesel::insert_into(commerce_order_lines::table)
                .values((
                    commerce_order_lines::order_id.eq(order_id),
                    commerce_order_lines::buyer_id.eq(buyer_id),
                    commerce_order_lines::seller_id.eq(p.seller_id),
                    commerce_order_lines::product_id.eq(p.id),
                    commerce_order_lines::seller_company_name.eq(company.unwrap_or_default()),
                    commerce_order_lines::name.eq(&p.name),
                    commerce_order_lines::unit_price.eq(p.price),
                    commerce_order_lines::image_key.eq(&p.thumbnail_key),
                    commerce_order_lines::amount.eq(w.amount),
                    commerce_order_lines::line_total.eq(p.price.saturating_mul(w.amount)),
                    commerce_order_lines::status.eq(if card {
                        LineStatus::PendingPayment.as_str()
                    } else {
                        LineStatus::Placed.as_str()
                    }),
                    commerce_order_lines::status_changed_at.eq(at),
                    commerce_order_lines::created_at.eq(at),
                ))
                .get_result::<OrderLineRow>(conn)?;
            lines.push(line);
        }
        if card {
            let payment = super::card::record_payment(
                conn,
                buyer_id,
                order_id,
                total,
                &wanted_names(&wanted, &products),
                now,
            )?;
            reserve(conn, &wanted)?;
            let mut order = order;
            order.merchant_uid = Some(payment.merchant_uid.clone());
            let summary = OrderSummary { order, lines };
            let view = OrderView { summary, shipping: ship, payment: Some(payment) };
            let then = then(conn, &view)?;
            return Ok::<_, CommerceError>((view, then));
        }
        if total > 0 {
            praline_payments::service::debit_new_reference(
                conn,
                buyer_id,
                EntryKind::OrderPayment,
                total,
                Reference::new(ReferenceKind::Order, order_id),
                &format!("order {order_id}"),
                now,
            )?;
        }
        if !cart_line_ids.is_empty() {
            diesel::delete(
                commerce_cart_lines::table
                    .filter(commerce_cart_lines::buyer_id.eq(buyer_id))
                    .filter(commerce_cart_lines::id.eq_any(&cart_line_ids)),
            )
            .execute(conn)?;
        }
        let view = OrderView { summary: OrderSummary { order, lines }, shipping: ship, payment: None };
        let then = then(conn, &view)?;
        // The stock last: a product row is the most contended lock of a checkout (a hot product
        // is wanted by everyone), so it is held for the fewest statements before the commit.
        reserve(conn, &wanted)?;
        Ok::<_, CommerceError>((view, then))
    })
}
