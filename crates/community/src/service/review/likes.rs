//! Likes of reviews, and the administrators' hiding.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_catalog::service::aggregate::{add_rating, remove_rating};
use praline_kernel::db::{self, Conn};

use super::super::{check_text, insert_once, is_admin, require_active, require_admin};
use super::{ReviewView, Spread, move_spread, reload, views};
use crate::error::CommunityError;
use crate::model::{MAX_HIDE_REASON_CHARS, ReviewLikeRow, ReviewRow};
use crate::schema::{community_review_likes, community_reviews};

/// Whether the caller likes a review, and how many do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LikeState {
    pub liked: bool,
    pub like_count: i64,
}

/// A review the user may like: visible to them and not their own.
fn likeable(conn: &mut Conn, user_id: i64, id: i64) -> Result<ReviewRow, CommunityError> {
    let row = reload(conn, id)?;
    if row.hidden && !is_admin(conn, user_id)? && row.author_id != user_id {
        return Err(CommunityError::NotFound);
    }
    if row.author_id == user_id {
        return Err(CommunityError::Forbidden("You cannot like your own review."));
    }
    Ok(row)
}

/// Likes a review (a repeat changes nothing).
pub fn like(conn: &mut Conn, user_id: i64, id: i64, now: DateTime<Utc>) -> Result<LikeState, CommunityError> {
    db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        likeable(conn, user_id, id)?;
        let like = ReviewLikeRow { review_id: id, user_id, created_at: now.naive_utc() };
        let added = insert_once(conn, |conn| {
            diesel::insert_into(community_review_likes::table).values(&like).execute(conn)
        })?;
        if added {
            diesel::update(community_reviews::table.find(id))
                .set(community_reviews::like_count.eq(community_reviews::like_count + 1))
                .execute(conn)?;
        }
        Ok(LikeState { liked: true, like_count: reload(conn, id)?.like_count })
    })
}

/// Takes a like back (a repeat changes nothing).
pub fn unlike(conn: &mut Conn, user_id: i64, id: i64) -> Result<LikeState, CommunityError> {
    db::transaction(conn, |conn| {
        likeable(conn, user_id, id)?;
        let removed = diesel::delete(community_review_likes::table.find((id, user_id))).execute(conn)?;
        if removed > 0 {
            diesel::update(community_reviews::table.find(id).filter(community_reviews::like_count.ge(1)))
                .set(community_reviews::like_count.eq(community_reviews::like_count - 1))
                .execute(conn)?;
        }
        Ok(LikeState { liked: false, like_count: reload(conn, id)?.like_count })
    })
}

/// An administrator hides (`true`) or shows again (`false`) a review: out of (back into) lists
/// and the rating; points untouched.
pub fn set_hidden(
    conn: &mut Conn,
    admin_id: i64,
    id: i64,
    hidden: bool,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ReviewView, CommunityError> {
    let reason = reason.map(|r| check_text("reason", r, 0, MAX_HIDE_REASON_CHARS)).transpose()?;
    let row = db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let row = reload(conn, id)?;
        // Conditional on the current state, so a repeat (or a race) moves the rating once.
        let changed =
            diesel::update(community_reviews::table.find(id).filter(community_reviews::hidden.eq(!hidden)))
                .set((
                    community_reviews::hidden.eq(hidden),
                    community_reviews::hidden_reason.eq(if hidden {
                        reason.clone().filter(|r| !r.is_empty())
                    } else {
                        None
                    }),
                    community_reviews::updated_at.eq(now.naive_utc()),
                ))
                .execute(conn)?;
        if changed > 0 {
            if hidden {
                remove_rating(conn, row.product_id, row.rating)?;
            } else {
                add_rating(conn, row.product_id, row.rating)?;
            }
            move_spread(conn, row.product_id, Spread::of(&row), if hidden { -1 } else { 1 })?;
        }
        reload(conn, id)
    })?;
    let view = views(conn, Some(admin_id), true, vec![row], false)?;
    view.into_iter().next().ok_or(CommunityError::NotFound)
}
