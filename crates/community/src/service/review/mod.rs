//! Reviews of confirmed order lines: one per line, a reward fixed at creation (photo ⌈5 %⌉ or
//! text ⌈1 %⌉ of the unit price, ×2 for members at that moment), edits, photo replacement,
//! deletion that takes back exactly the reward, likes, and the administrators' hiding.
//!
//! Catalog's rating aggregate moves in the same transaction as every change that adds a
//! rating to, changes it in, or takes it out of the visible reviews.
//!
//! Rooms: this file writes reviews (create, edit, photo, delete) and keeps the rating spread;
//! [`likes`] holds likes and the administrators' hiding; [`lists`] the product's, the author's
//! and the reviewable lines; [`moderation`] the administrators' list of every review.

mod likes;
mod lists;
mod moderation;

pub use likes::{LikeState, like, set_hidden, unlike};
pub use lists::{Distribution, ReviewFilter, ReviewSort, ReviewableLine, mine, of_product, reviewable};
pub use moderation::{ModerationFilter, moderation};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use praline_accounts::model::User;
use praline_catalog::model::ProductRow;
use praline_catalog::service::aggregate::{add_rating, change_rating, remove_rating};
use praline_commerce::model::{LineStatus, OrderLineRow};
use praline_kernel::db::{self, Conn};
use praline_payments::model::{EntryKind, Reference, ReferenceKind};
use praline_payments::service as payments;

use super::{check_text, insert_once, is_admin, require_active};
use crate::error::CommunityError;
use crate::model::{
    Evaluation, MAX_REVIEW_CONTENT_CHARS, MAX_REVIEW_TITLE_CHARS, MIN_REVIEW_CONTENT_CHARS, NewReview,
    ReviewLikeRow, ReviewRow,
};
use crate::schema::{community_review_likes, community_review_stats, community_reviews};

/// What a review earns: its ledger kind and points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reward {
    pub kind: EntryKind,
    pub points: i64,
}

/// The reward of a review of a line sold at `unit_price`: ⌈5 %⌉ with a photo, ⌈1 %⌉ without,
/// twice that for members.
pub fn reward_for(unit_price: i64, photo: bool, member: bool) -> Reward {
    let (kind, percent) = if photo { (EntryKind::PhotoReview, 5) } else { (EntryKind::TextReview, 1) };
    let base = (unit_price.max(0).saturating_mul(percent) + 99) / 100;
    Reward { kind, points: if member { base.saturating_mul(2) } else { base } }
}

/// A review as typed.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    pub title: String,
    pub content: String,
    pub rating: i64,
    pub delivery: String,
    pub service: String,
    pub rebuy: String,
}

/// Changes to a review; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct ReviewChanges {
    pub title: Option<String>,
    pub content: Option<String>,
    pub rating: Option<i64>,
    pub delivery: Option<String>,
    pub service: Option<String>,
    pub rebuy: Option<String>,
}

fn check_title(raw: &str) -> Result<String, CommunityError> {
    check_text("title", raw, 1, MAX_REVIEW_TITLE_CHARS)
}

fn check_content(raw: &str) -> Result<String, CommunityError> {
    check_text("content", raw, MIN_REVIEW_CONTENT_CHARS, MAX_REVIEW_CONTENT_CHARS)
}

fn check_rating(rating: i64) -> Result<i64, CommunityError> {
    if (1..=5).contains(&rating) {
        Ok(rating)
    } else {
        Err(CommunityError::invalid("rating", "A rating is 1 to 5."))
    }
}

fn check_evaluation(evaluation: Evaluation, raw: &str) -> Result<&'static str, CommunityError> {
    evaluation.parse(raw).ok_or_else(|| {
        CommunityError::invalid(evaluation.field(), format!("One of {}.", evaluation.values().join(", ")))
    })
}

/// A review as one viewer sees it: the row, its author, and whether the viewer liked it.
#[derive(Debug, Clone)]
pub struct ReviewView {
    pub row: ReviewRow,
    pub author: Option<User>,
    pub liked: bool,
    /// Whether the viewer may see `hidden` (the author and administrators).
    pub show_hidden: bool,
    /// The reviewed product (in the author's own list).
    pub product: Option<ProductRow>,
}

fn views(
    conn: &mut Conn,
    viewer: Option<i64>,
    admin: bool,
    rows: Vec<ReviewRow>,
    with_products: bool,
) -> Result<Vec<ReviewView>, CommunityError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut author_ids: Vec<i64> = rows.iter().map(|r| r.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = User::many(conn, &author_ids)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let liked = match viewer {
        Some(user_id) => ReviewLikeRow::liked_among(conn, user_id, &ids)?,
        None => Vec::new(),
    };
    let products = if with_products {
        let mut product_ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
        product_ids.sort_unstable();
        product_ids.dedup();
        ProductRow::many(conn, &product_ids)?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .map(|row| ReviewView {
            author: authors.iter().find(|u| u.id == row.author_id).cloned(),
            liked: liked.contains(&row.id),
            show_hidden: admin || viewer == Some(row.author_id),
            product: products.iter().find(|p| p.id == row.product_id).cloned(),
            row,
        })
        .collect())
}

fn view_one(conn: &mut Conn, viewer: i64, row: ReviewRow) -> Result<ReviewView, CommunityError> {
    let admin = viewer != row.author_id && is_admin(conn, viewer)?;
    views(conn, Some(viewer), admin, vec![row], false)?.pop().ok_or(CommunityError::NotFound)
}

fn reload(conn: &mut Conn, id: i64) -> Result<ReviewRow, CommunityError> {
    ReviewRow::find(conn, id)?.ok_or(CommunityError::NotFound)
}

/// What one visible review adds to its product's spread.
#[derive(Debug, Clone, Copy)]
struct Spread<'a> {
    rating: i64,
    delivery: &'a str,
    service: &'a str,
    rebuy: &'a str,
    photo: bool,
}

impl<'a> Spread<'a> {
    fn of(row: &'a ReviewRow) -> Spread<'a> {
        Spread {
            rating: row.rating,
            delivery: &row.delivery,
            service: &row.service,
            rebuy: &row.rebuy,
            photo: row.photo_key.is_some(),
        }
    }
}

/// Makes sure the product has a spread row (a savepoint: a concurrent first review is fine).
fn ensure_spread(conn: &mut Conn, product_id: i64) -> Result<(), CommunityError> {
    insert_once(conn, |conn| {
        diesel::insert_into(community_review_stats::table)
            .values(community_review_stats::product_id.eq(product_id))
            .execute(conn)
    })?;
    Ok(())
}

/// Adds `delta` to the named counters of a product's spread in one UPDATE. The names come from
/// fixed lists (checked ratings and evaluation values) and the numbers are integers, so the
/// statement is built from them directly.
fn add_to_spread(
    conn: &mut Conn,
    product_id: i64,
    columns: &[String],
    delta: i64,
) -> Result<(), CommunityError> {
    ensure_spread(conn, product_id)?;
    let sets: Vec<String> = columns.iter().map(|c| format!("{c} = {c} + ({delta})")).collect();
    let updated = diesel::sql_query(format!(
        "UPDATE community_review_stats SET {} WHERE product_id = {product_id}",
        sets.join(", ")
    ))
    .execute(conn)?;
    if updated == 0 {
        return Err(CommunityError::NotFound);
    }
    Ok(())
}

/// Puts one visible review into (`delta` 1) or out of (−1) its product's spread.
fn move_spread(
    conn: &mut Conn,
    product_id: i64,
    spread: Spread<'_>,
    delta: i64,
) -> Result<(), CommunityError> {
    let rating = check_rating(spread.rating)?;
    let mut columns = vec!["total".to_string(), format!("rating_{rating}")];
    for (evaluation, value) in [
        (Evaluation::Delivery, spread.delivery),
        (Evaluation::Service, spread.service),
        (Evaluation::Rebuy, spread.rebuy),
    ] {
        columns.push(format!("{}_{}", evaluation.field(), check_evaluation(evaluation, value)?));
    }
    if spread.photo {
        columns.push("photos".into());
    }
    add_to_spread(conn, product_id, &columns, delta)
}

/// The buyer of a confirmed line reviews it, with or without a stored photo (`photo_key`);
/// the reward is credited in the same transaction.
pub fn create(
    conn: &mut Conn,
    user_id: i64,
    line_id: i64,
    input: ReviewInput,
    photo_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(ReviewView, Reward), CommunityError> {
    let title = check_title(&input.title)?;
    let content = check_content(&input.content)?;
    let rating = check_rating(input.rating)?;
    let delivery = check_evaluation(Evaluation::Delivery, &input.delivery)?;
    let service = check_evaluation(Evaluation::Service, &input.service)?;
    let rebuy = check_evaluation(Evaluation::Rebuy, &input.rebuy)?;
    let (row, reward) = db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        let line = OrderLineRow::find(conn, line_id)?
            .filter(|l| l.buyer_id == user_id)
            .ok_or(CommunityError::NotFound)?;
        if !ReviewRow::of_lines(conn, &[line_id])?.is_empty() {
            return Err(CommunityError::AlreadyReviewed);
        }
        if line.status() != LineStatus::Confirmed {
            return Err(CommunityError::NotConfirmed);
        }
        let member = payments::is_member(conn, user_id, now)?;
        let reward = reward_for(line.unit_price, photo_key.is_some(), member);
        let at = now.naive_utc();
        let review = NewReview {
            order_line_id: line_id,
            product_id: line.product_id,
            author_id: user_id,
            title: &title,
            content: &content,
            rating,
            delivery,
            service,
            rebuy,
            photo_key,
            reward_kind: reward.kind.as_str(),
            reward_points: reward.points,
            created_at: at,
            updated_at: at,
        };
        // In a savepoint: a concurrent review of the same line loses on the unique key.
        let inserted = db::transaction(conn, |conn| {
            diesel::insert_into(community_reviews::table)
                .values(&review)
                .returning(community_reviews::id)
                .get_result::<i64>(conn)
        });
        let id = match inserted {
            Ok(id) => id,
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
                return Err(CommunityError::AlreadyReviewed);
            }
            Err(e) => return Err(e.into()),
        };
        if reward.points > 0 {
            let memo = format!("리뷰 적립 / Review reward: {}", line.name);
            let reference = Some(Reference::new(ReferenceKind::Review, id));
            payments::credit(conn, user_id, reward.kind, reward.points, reference, &memo, now)?;
        }
        add_rating(conn, line.product_id, rating)?;
        let row = reload(conn, id)?;
        move_spread(conn, row.product_id, Spread::of(&row), 1)?;
        Ok((row, reward))
    })?;
    Ok((view_one(conn, user_id, row)?, reward))
}

/// One review: hidden ones only for their author and administrators.
pub fn get(conn: &mut Conn, viewer: Option<i64>, id: i64) -> Result<ReviewView, CommunityError> {
    let row = reload(conn, id)?;
    let admin = match viewer {
        Some(user) if user != row.author_id => is_admin(conn, user)?,
        _ => false,
    };
    if row.hidden && !(admin || viewer == Some(row.author_id)) {
        return Err(CommunityError::NotFound);
    }
    views(conn, viewer, admin, vec![row], false)?.pop().ok_or(CommunityError::NotFound)
}

fn own(conn: &mut Conn, user_id: i64, id: i64) -> Result<ReviewRow, CommunityError> {
    ReviewRow::find(conn, id)?.filter(|r| r.author_id == user_id).ok_or(CommunityError::NotFound)
}

/// The author edits the text, rating or evaluations (the reward never changes).
pub fn edit(
    conn: &mut Conn,
    user_id: i64,
    id: i64,
    changes: ReviewChanges,
    now: DateTime<Utc>,
) -> Result<ReviewView, CommunityError> {
    let title = changes.title.as_deref().map(check_title).transpose()?;
    let content = changes.content.as_deref().map(check_content).transpose()?;
    let rating = changes.rating.map(check_rating).transpose()?;
    let delivery =
        changes.delivery.as_deref().map(|v| check_evaluation(Evaluation::Delivery, v)).transpose()?;
    let service = changes.service.as_deref().map(|v| check_evaluation(Evaluation::Service, v)).transpose()?;
    let rebuy = changes.rebuy.as_deref().map(|v| check_evaluation(Evaluation::Rebuy, v)).transpose()?;
    let row = db::transaction(conn, |conn| {
        let row = own(conn, user_id, id)?;
        let new_rating = rating.unwrap_or(row.rating);
        diesel::update(community_reviews::table.find(id))
            .set((
                community_reviews::title.eq(title.as_deref().unwrap_or(&row.title)),
                community_reviews::content.eq(content.as_deref().unwrap_or(&row.content)),
                community_reviews::rating.eq(new_rating),
                community_reviews::delivery.eq(delivery.unwrap_or(&row.delivery)),
                community_reviews::service.eq(service.unwrap_or(&row.service)),
                community_reviews::rebuy.eq(rebuy.unwrap_or(&row.rebuy)),
                community_reviews::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        if new_rating != row.rating && !row.hidden {
            change_rating(conn, row.product_id, row.rating, new_rating)?;
        }
        let edited = reload(conn, id)?;
        if !row.hidden {
            move_spread(conn, row.product_id, Spread::of(&row), -1)?;
            move_spread(conn, row.product_id, Spread::of(&edited), 1)?;
        }
        Ok::<_, CommunityError>(edited)
    })?;
    view_one(conn, user_id, row)
}

/// The author replaces the photo with a stored one; returns the review and the old photo's key
/// for the caller to remove once this has committed.
pub fn replace_photo(
    conn: &mut Conn,
    user_id: i64,
    id: i64,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(ReviewView, Option<String>), CommunityError> {
    let (row, old) = db::transaction(conn, |conn| {
        let row = own(conn, user_id, id)?;
        diesel::update(community_reviews::table.find(id))
            .set((
                community_reviews::photo_key.eq(Some(key)),
                community_reviews::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        if row.photo_key.is_none() && !row.hidden {
            add_to_spread(conn, row.product_id, &["photos".to_string()], 1)?;
        }
        Ok::<_, CommunityError>((reload(conn, id)?, row.photo_key))
    })?;
    Ok((view_one(conn, user_id, row)?, old))
}

/// The author deletes a review; exactly the reward credited is taken back in the same
/// transaction, and when the balance cannot cover it nothing happens (402). Returns the photo's
/// key for the caller to remove once this has committed.
pub fn delete(
    conn: &mut Conn,
    user_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<String>, CommunityError> {
    db::transaction(conn, |conn| {
        let row = own(conn, user_id, id)?;
        if row.reward_points > 0 {
            let reference = Some(Reference::new(ReferenceKind::Review, id));
            let memo = "리뷰 삭제 회수 / Review deleted";
            payments::debit(
                conn,
                user_id,
                EntryKind::ReviewReversal,
                row.reward_points,
                reference,
                memo,
                now,
            )?;
        }
        diesel::delete(community_review_likes::table.filter(community_review_likes::review_id.eq(id)))
            .execute(conn)?;
        diesel::delete(community_reviews::table.find(id)).execute(conn)?;
        if !row.hidden {
            remove_rating(conn, row.product_id, row.rating)?;
            move_spread(conn, row.product_id, Spread::of(&row), -1)?;
        }
        Ok(row.photo_key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewards_round_up_and_double_for_members() {
        assert_eq!(reward_for(12_345, false, false), Reward { kind: EntryKind::TextReview, points: 124 });
        assert_eq!(reward_for(12_345, true, false), Reward { kind: EntryKind::PhotoReview, points: 618 });
        assert_eq!(reward_for(12_345, false, true).points, 248);
        assert_eq!(reward_for(12_345, true, true).points, 1_236);
        assert_eq!(reward_for(10_000, false, false).points, 100);
        assert_eq!(reward_for(1, true, false).points, 1);
        assert_eq!(reward_for(0, true, true).points, 0);
    }
}
