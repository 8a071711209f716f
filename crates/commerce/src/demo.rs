//! Demo orders for `praline seed-demo`: each demo buyer gets an order in every status a points
//! order can reach, placed and moved through the real services (so stock, points, sales counts
//! and the ledger agree). A buyer who already has orders is left alone, so seeding twice adds
//! nothing.

use chrono::{DateTime, Duration, Utc};
use praline_catalog::model::{ProductState, Sort};
use praline_catalog::service::listing::{self, CountCache, Filter};
use praline_kernel::db::Conn;
use praline_kernel::page::PageRequest;
use praline_payments::model::EntryKind;

use crate::error::CommerceError;
use crate::model::{LineStatus, OrderRow, PaymentMethod};
use crate::service::Env;
use crate::service::checkout::{self, Items, PlaceOrder, ShipTo};
use crate::service::order::{self, Move};

/// Who moves each step: the seller (`true`) or the buyer.
const PATHS: [&[(bool, LineStatus)]; 8] = [
    &[],
    &[(true, LineStatus::Preparing)],
    &[(true, LineStatus::Preparing), (true, LineStatus::Shipped)],
    &[(true, LineStatus::Preparing), (true, LineStatus::Shipped), (true, LineStatus::Delivered)],
    &[
        (true, LineStatus::Preparing),
        (true, LineStatus::Shipped),
        (true, LineStatus::Delivered),
        (false, LineStatus::Confirmed),
    ],
    &[(true, LineStatus::Cancelled)],
    &[(true, LineStatus::Preparing), (false, LineStatus::RefundRequested)],
    &[(true, LineStatus::Preparing), (false, LineStatus::RefundRequested), (true, LineStatus::Refunded)],
];

fn has_orders(conn: &mut Conn, buyer_id: i64) -> Result<bool, CommerceError> {
    Ok(order::list(conn, buyer_id, PageRequest::new(1, 1))?.total > 0)
}

/// Seeds the demo orders of `buyers`; returns how many orders were placed.
pub fn seed(conn: &mut Conn, env: &Env<'_>, buyers: &[i64]) -> Result<usize, CommerceError> {
    let cache = CountCache::new(std::time::Duration::ZERO);
    let listed = listing::public(conn, &cache, &Filter::default(), Sort::Recent, PageRequest::new(1, 100))?;
    let products: Vec<_> = listed
        .items
        .into_iter()
        .map(|l| l.product)
        .filter(|p| p.state() == ProductState::OnSale && p.stock >= 5)
        .collect();
    if products.is_empty() {
        return Ok(0);
    }
    let mut placed = 0;
    for (b, buyer) in buyers.iter().copied().enumerate() {
        if has_orders(conn, buyer)? {
            continue;
        }
        let Some(address) =
            praline_accounts::service::address::list(conn, &env.accounts_env(), buyer)?.into_iter().next()
        else {
            continue;
        };
        // Statuses are spread over the last days, oldest first.
        for (i, path) in PATHS.iter().enumerate() {
            let Some(product) =
                products.iter().filter(|p| p.seller_id != buyer).nth((b * PATHS.len() + i) % products.len())
            else {
                continue;
            };
            let days_ago = i64::try_from(PATHS.len() - i).unwrap_or(0);
            let at: DateTime<Utc> = env.now - Duration::days(days_ago);
            let env_at = Env { now: at, ..*env };
            let short = product.price - praline_payments::service::balance(conn, buyer)?;
            if short > 0 {
                praline_payments::service::credit(
                    conn,
                    buyer,
                    EntryKind::AdminAdjustment,
                    short,
                    None,
                    "demo points",
                    at,
                )?;
            }
            let input = PlaceOrder {
                items: Items::BuyNow { product_id: product.id, amount: 1 },
                ship_to: ShipTo::Saved(address.id),
                payment: PaymentMethod::Points,
            };
            let view = checkout::place_order(conn, &env_at, buyer, input)?;
            placed += 1;
            let order: &OrderRow = &view.summary.order;
            for line in &view.summary.lines {
                for (step, (by_seller, to)) in path.iter().enumerate() {
                    let who = if *by_seller { line.seller_id } else { buyer };
                    let when = at + Duration::hours(i64::try_from(step).unwrap_or(0) + 1);
                    let reason = matches!(to, LineStatus::Cancelled | LineStatus::RefundRequested)
                        .then(|| "데모 사유 (demo reason)".to_string());
                    let tracking = (*to == LineStatus::Shipped).then(|| format!("DEMO-{}", order.id));
                    order::transition(
                        conn,
                        who,
                        line.id,
                        *to,
                        Move { reason, tracking_number: tracking },
                        when,
                    )?;
                }
            }
        }
    }
    Ok(placed)
}
