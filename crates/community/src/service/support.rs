//! 1:1 support: a user writes to the administrators; an administrator answers (the first
//! answer is e-mailed by the HTTP layer once it has committed) and may edit the answer.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_accounts::model::User;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::{check_text, require_active, require_admin};
use crate::error::CommunityError;
use crate::model::{MAX_SUPPORT_CHARS, MAX_TITLE_CHARS, NewTicket, TicketRow};
use crate::schema::community_support_tickets;

/// `open` (waiting for an answer) or `answered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketStatus {
    Open,
    Answered,
}

impl TicketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Answered => "answered",
        }
    }

    pub fn of(row: &TicketRow) -> TicketStatus {
        if row.answered_at.is_some() { TicketStatus::Answered } else { TicketStatus::Open }
    }
}

/// Who wrote a ticket, as administrators see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requester {
    pub id: i64,
    pub email: String,
    pub nickname: String,
}

/// What an answer did: the ticket, its writer, and whether this was the first answer (the one
/// that is e-mailed).
#[derive(Debug, Clone)]
pub struct Answered {
    pub ticket: TicketRow,
    pub requester: Requester,
    pub first: bool,
}

fn requester_of(users: &[User], id: i64) -> Requester {
    users.iter().find(|u| u.id == id).map_or(
        Requester { id, email: String::new(), nickname: String::new() },
        |u| Requester { id, email: u.email.clone(), nickname: u.nickname.clone() },
    )
}

/// A user opens a ticket.
pub fn open(
    conn: &mut Conn,
    user_id: i64,
    title: &str,
    content: &str,
    now: DateTime<Utc>,
) -> Result<TicketRow, CommunityError> {
    let title = check_text("title", title, 1, MAX_TITLE_CHARS)?;
    let content = check_text("content", content, 1, MAX_SUPPORT_CHARS)?;
    db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        let id: i64 = diesel::insert_into(community_support_tickets::table)
            .values(NewTicket { user_id, title: &title, content: &content, created_at: now.naive_utc() })
            .returning(community_support_tickets::id)
            .get_result(conn)?;
        TicketRow::find(conn, id)?.ok_or(CommunityError::NotFound)
    })
}

/// The user's tickets, newest first.
pub fn mine(conn: &mut Conn, user_id: i64, page: PageRequest) -> Result<Page<TicketRow>, CommunityError> {
    let filter = community_support_tickets::user_id.eq(user_id);
    let total = community_support_tickets::table.filter(filter).count().get_result(conn)?;
    let rows = community_support_tickets::table
        .filter(filter)
        .order((community_support_tickets::created_at.desc(), community_support_tickets::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(TicketRow::as_select())
        .load(conn)?;
    Ok(Page::new(rows, page, total))
}

/// The administrators' inbox, oldest first, optionally by status, with the writers.
pub fn inbox(
    conn: &mut Conn,
    admin_id: i64,
    status: Option<TicketStatus>,
    page: PageRequest,
) -> Result<Page<(TicketRow, Requester)>, CommunityError> {
    require_admin(conn, admin_id)?;
    let query = || {
        let query = community_support_tickets::table.into_boxed();
        match status {
            Some(TicketStatus::Open) => query.filter(community_support_tickets::answered_at.is_null()),
            Some(TicketStatus::Answered) => {
                query.filter(community_support_tickets::answered_at.is_not_null())
            }
            None => query,
        }
    };
    let total = query().count().get_result(conn)?;
    let rows: Vec<TicketRow> = query()
        .order((community_support_tickets::created_at.asc(), community_support_tickets::id.asc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(TicketRow::as_select())
        .load(conn)?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let users = if ids.is_empty() { Vec::new() } else { User::many(conn, &ids)? };
    let items = rows
        .into_iter()
        .map(|row| {
            let requester = requester_of(&users, row.user_id);
            (row, requester)
        })
        .collect();
    Ok(Page::new(items, page, total))
}

/// An administrator answers a ticket, or edits the answer.
pub fn answer(
    conn: &mut Conn,
    admin_id: i64,
    id: i64,
    content: &str,
    now: DateTime<Utc>,
) -> Result<Answered, CommunityError> {
    let content = check_text("content", content, 1, MAX_SUPPORT_CHARS)?;
    db::transaction(conn, |conn| {
        require_admin(conn, admin_id)?;
        let now = now.naive_utc();
        // The first answer is the one that flips answered_at; a concurrent second answer edits.
        let first = diesel::update(
            community_support_tickets::table
                .find(id)
                .filter(community_support_tickets::answered_at.is_null()),
        )
        .set((
            community_support_tickets::answer.eq(Some(&content)),
            community_support_tickets::answered_by.eq(Some(admin_id)),
            community_support_tickets::answered_at.eq(Some(now)),
            community_support_tickets::answer_updated_at.eq(Some(now)),
        ))
        .execute(conn)?
            > 0;
        if !first {
            let updated = diesel::update(community_support_tickets::table.find(id))
                .set((
                    community_support_tickets::answer.eq(Some(&content)),
                    community_support_tickets::answered_by.eq(Some(admin_id)),
                    community_support_tickets::answer_updated_at.eq(Some(now)),
                ))
                .execute(conn)?;
            if updated == 0 {
                return Err(CommunityError::NotFound);
            }
        }
        let ticket = TicketRow::find(conn, id)?.ok_or(CommunityError::NotFound)?;
        let users = User::many(conn, &[ticket.user_id])?;
        let requester = requester_of(&users, ticket.user_id);
        Ok(Answered { ticket, requester, first })
    })
}
