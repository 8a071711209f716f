//! Notices: written by administrators, read by everyone, pinned ones first.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::{check_text, require_admin};
use crate::error::CommunityError;
use crate::model::{MAX_NOTICE_CHARS, MAX_TITLE_CHARS, NewNotice, NoticeRow};
use crate::schema::community_notices;

/// A notice as written; `None` fields of an edit stay as they are.
#[derive(Debug, Clone, Default)]
pub struct NoticeInput {
    pub title: Option<String>,
    pub content: Option<String>,
    pub pinned: Option<bool>,
}

fn title(raw: &str) -> Result<String, CommunityError> {
    check_text("title", raw, 1, MAX_TITLE_CHARS)
}

fn content(raw: &str) -> Result<String, CommunityError> {
    check_text("content", raw, 1, MAX_NOTICE_CHARS)
}

/// Notices, pinned first, then newest.
pub fn list(conn: &mut Conn, page: PageRequest) -> Result<Page<NoticeRow>, CommunityError> {
    let total = community_notices::table.count().get_result(conn)?;
    let rows = community_notices::table
        .order((
            community_notices::pinned.desc(),
            community_notices::created_at.desc(),
            community_notices::id.desc(),
        ))
        .offset(page.offset())
        .limit(page.limit())
        .select(NoticeRow::as_select())
        .load(conn)?;
    Ok(Page::new(rows, page, total))
}

/// One notice.
pub fn get(conn: &mut Conn, id: i64) -> Result<NoticeRow, CommunityError> {
    NoticeRow::find(conn, id)?.ok_or(CommunityError::NotFound)
}

/// An administrator publishes a notice (title and content required).
pub fn create(
    conn: &mut Conn,
    admin_id: i64,
    input: NoticeInput,
    now: DateTime<Utc>,
) -> Result<NoticeRow, CommunityError> {
    let title = title(input.title.as_deref().unwrap_or(""))?;
    let content = content(input.content.as_deref().unwrap_or(""))?;
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let now = now.naive_utc();
        let id: i64 = diesel::insert_into(community_notices::table)
            .values(NewNotice {
                author_id: admin_id,
                title: &title,
                content: &content,
                pinned: input.pinned.unwrap_or(false),
                created_at: now,
                updated_at: now,
            })
            .returning(community_notices::id)
            .get_result(conn)?;
        get(conn, id)
    })
}

/// An administrator edits a notice.
pub fn update(
    conn: &mut Conn,
    admin_id: i64,
    id: i64,
    input: NoticeInput,
    now: DateTime<Utc>,
) -> Result<NoticeRow, CommunityError> {
    let new_title = input.title.as_deref().map(title).transpose()?;
    let new_content = input.content.as_deref().map(content).transpose()?;
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let row = get(conn, id)?;
        diesel::update(community_notices::table.find(id))
            .set((
                community_notices::title.eq(new_title.unwrap_or(row.title)),
                community_notices::content.eq(new_content.unwrap_or(row.content)),
                community_notices::pinned.eq(input.pinned.unwrap_or(row.pinned)),
                community_notices::updated_at.eq(now.naive_utc()),
            ))
            .execute(conn)?;
        get(conn, id)
    })
}

/// An administrator deletes a notice.
pub fn delete(conn: &mut Conn, admin_id: i64, id: i64) -> Result<(), CommunityError> {
    require_admin(conn, admin_id)?;
    let deleted = diesel::delete(community_notices::table.find(id)).execute(conn)?;
    if deleted == 0 { Err(CommunityError::NotFound) } else { Ok(()) }
}
