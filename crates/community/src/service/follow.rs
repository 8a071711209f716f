//! Follows: set and unset a seller (idempotent), the follower count on the accounts seller card,
//! and a user's list.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use praline_accounts::model::SellerRow;
use praline_accounts::service::seller::{self as accounts_seller, SellerCounter};
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::{insert_once, require_active};
use crate::error::CommunityError;
use crate::model::FollowRow;
use crate::schema::community_follows;

/// Whether the caller follows a seller, and how many do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowState {
    pub following: bool,
    pub follower_count: i64,
}

/// The follow state of an approved seller (`following` false for visitors).
pub fn state(conn: &mut Conn, viewer: Option<i64>, seller_id: i64) -> Result<FollowState, CommunityError> {
    let seller = accounts_seller::public_seller(conn, seller_id)?;
    let following = match viewer {
        Some(user_id) => FollowRow::find(conn, user_id, seller_id)?.is_some(),
        None => false,
    };
    Ok(FollowState { following, follower_count: seller.follower_count })
}

/// Follows an approved seller (a repeat changes nothing); nobody follows themselves.
pub fn follow(
    conn: &mut Conn,
    user_id: i64,
    seller_id: i64,
    now: DateTime<Utc>,
) -> Result<FollowState, CommunityError> {
    db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        accounts_seller::public_seller(conn, seller_id)?;
        if user_id == seller_id {
            return Err(CommunityError::Forbidden("You cannot follow yourself."));
        }
        let row = FollowRow { user_id, seller_id, created_at: now.naive_utc() };
        let added = insert_once(conn, |conn| {
            diesel::insert_into(community_follows::table).values(&row).execute(conn)
        })?;
        if added {
            accounts_seller::adjust_count(conn, seller_id, SellerCounter::Followers, 1)?;
        }
        state(conn, Some(user_id), seller_id)
    })
}

/// Stops following a seller (a repeat changes nothing).
pub fn unfollow(conn: &mut Conn, user_id: i64, seller_id: i64) -> Result<FollowState, CommunityError> {
    db::transaction(conn, |conn| {
        accounts_seller::public_seller(conn, seller_id)?;
        if user_id == seller_id {
            return Err(CommunityError::Forbidden("You cannot follow yourself."));
        }
        let removed = diesel::delete(community_follows::table.find((user_id, seller_id))).execute(conn)?;
        if removed > 0 {
            accounts_seller::adjust_count(conn, seller_id, SellerCounter::Followers, -1)?;
        }
        state(conn, Some(user_id), seller_id)
    })
}

/// One followed seller: their card and when the follow began.
#[derive(Debug, Clone)]
pub struct Followed {
    pub seller: SellerRow,
    pub followed_at: NaiveDateTime,
}

/// The sellers a user follows, newest first: three statements whatever the page size.
pub fn list(conn: &mut Conn, user_id: i64, page: PageRequest) -> Result<Page<Followed>, CommunityError> {
    let total = FollowRow::count_of_user(conn, user_id)?;
    let rows = FollowRow::page_of_user(conn, user_id, page.offset(), page.limit())?;
    let ids: Vec<i64> = rows.iter().map(|r| r.seller_id).collect();
    let sellers = SellerRow::many(conn, &ids)?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            let seller = sellers.iter().find(|s| s.user_id == row.seller_id)?.clone();
            Some(Followed { seller, followed_at: row.created_at })
        })
        .collect();
    Ok(Page::new(items, page, total))
}
