//! Wishlists: set and unset a product (idempotent), its count on catalog's product row, and a
//! user's list.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use praline_accounts::service::seller as accounts_seller;
use praline_catalog::model::ProductRow;
use praline_catalog::service::aggregate::adjust_wish_count;
use praline_catalog::service::listing::{Listed, with_sellers};
use praline_catalog::service::product::{self as catalog_product, Access};
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::{insert_once, require_active};
use crate::error::CommunityError;
use crate::model::WishRow;
use crate::schema::community_wishes;

/// Whether the caller wished a product, and how many did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WishState {
    pub wished: bool,
    pub wish_count: i64,
}

fn count_of(conn: &mut Conn, product_id: i64) -> Result<i64, CommunityError> {
    Ok(ProductRow::find(conn, product_id)?.ok_or(CommunityError::NotFound)?.wish_count)
}

/// The wish state of a product `viewer` may see (`wished` false for visitors).
pub fn state(conn: &mut Conn, viewer: Option<i64>, product_id: i64) -> Result<WishState, CommunityError> {
    let (row, _) = catalog_product::visible(conn, viewer, product_id)?;
    let wished = match viewer {
        Some(user_id) => WishRow::find(conn, user_id, product_id)?.is_some(),
        None => false,
    };
    Ok(WishState { wished, wish_count: row.wish_count })
}

/// Puts a publicly visible product on the user's wishlist (a repeat changes nothing).
pub fn wish(
    conn: &mut Conn,
    user_id: i64,
    product_id: i64,
    now: DateTime<Utc>,
) -> Result<WishState, CommunityError> {
    db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        let (_, access) = catalog_product::visible(conn, Some(user_id), product_id)?;
        match access {
            Access::Public => {}
            Access::Owner => return Err(CommunityError::OwnProduct),
            // An administrator sees products nobody can wish for.
            Access::Admin => return Err(CommunityError::NotFound),
        }
        let row = WishRow { user_id, product_id, created_at: now.naive_utc() };
        let added = insert_once(conn, |conn| {
            diesel::insert_into(community_wishes::table).values(&row).execute(conn)
        })?;
        if added {
            adjust_wish_count(conn, product_id, 1)?;
        }
        Ok(WishState { wished: true, wish_count: count_of(conn, product_id)? })
    })
}

/// Takes a product off the user's wishlist (a repeat changes nothing). A product that is no
/// longer visible can still be taken off.
pub fn unwish(conn: &mut Conn, user_id: i64, product_id: i64) -> Result<WishState, CommunityError> {
    db::transaction(conn, |conn| {
        let removed = diesel::delete(community_wishes::table.find((user_id, product_id))).execute(conn)?;
        if removed > 0 {
            adjust_wish_count(conn, product_id, -1)?;
            return Ok(WishState { wished: false, wish_count: count_of(conn, product_id)? });
        }
        let (row, _) = catalog_product::visible(conn, Some(user_id), product_id)?;
        Ok(WishState { wished: false, wish_count: row.wish_count })
    })
}

/// One wishlist item: the product (with its seller's name) and when it was wished.
#[derive(Debug, Clone)]
pub struct Wished {
    pub listed: Listed,
    pub wished_at: NaiveDateTime,
}

/// The user's wishlist, newest first, leaving out products nobody may see any more.
///
/// Four statements whatever the page size: the wishes, their products, the hidden sellers and
/// the page's seller names.
pub fn list(conn: &mut Conn, user_id: i64, page: PageRequest) -> Result<Page<Wished>, CommunityError> {
    let wishes = WishRow::of_user(conn, user_id)?;
    let ids: Vec<i64> = wishes.iter().map(|w| w.product_id).collect();
    let hidden = accounts_seller::hidden_sellers(conn)?;
    let public = ProductRow::public_among(conn, &ids, &hidden)?;
    let visible: Vec<&WishRow> = wishes.iter().filter(|w| public.contains(&w.product_id)).collect();
    let total = i64::try_from(visible.len()).unwrap_or(i64::MAX);
    let start = usize::try_from(page.offset()).unwrap_or(usize::MAX);
    let on_page: Vec<&WishRow> =
        visible.into_iter().skip(start).take(usize::try_from(page.limit()).unwrap_or(0)).collect();
    let page_ids: Vec<i64> = on_page.iter().map(|w| w.product_id).collect();
    let products = ProductRow::many(conn, &page_ids)?;
    let ordered: Vec<(ProductRow, NaiveDateTime)> = on_page
        .iter()
        .filter_map(|wish| {
            let product = products.iter().find(|p| p.id == wish.product_id)?;
            Some((product.clone(), wish.created_at))
        })
        .collect();
    let times: Vec<NaiveDateTime> = ordered.iter().map(|(_, at)| *at).collect();
    let listed = with_sellers(conn, ordered.into_iter().map(|(p, _)| p).collect())?;
    let items =
        listed.into_iter().zip(times).map(|(listed, wished_at)| Wished { listed, wished_at }).collect();
    Ok(Page::new(items, page, total))
}
