//! Product Q&A: questions any buyer asks (optionally secret), one answer by the product's
//! seller (editable), the author's edits and deletion until it is answered, and who sees what.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use praline_accounts::model::User;
use praline_accounts::service::is_approved_seller;
use praline_catalog::model::ProductRow;
use praline_catalog::service::product as catalog_product;
use praline_kernel::db::{self, Conn};
use praline_kernel::page::{Page, PageRequest};

use super::{check_text, is_admin, require_active, require_admin};
use crate::error::CommunityError;
use crate::model::{InquiryRow, MAX_INQUIRY_CHARS, NewInquiry};
use crate::schema::community_inquiries;

/// An inquiry as one viewer may see it.
#[derive(Debug, Clone)]
pub struct InquiryView {
    pub row: InquiryRow,
    /// The author's nickname (None when redacted or the account is gone).
    pub author_nickname: Option<String>,
    /// True when the viewer may not read a secret inquiry: author, content and answer text
    /// must not be shown.
    pub redacted: bool,
    /// The product's id and name, for the "my" and seller lists.
    pub product_name: Option<String>,
}

/// Who is looking at inquiries.
#[derive(Debug, Clone, Copy)]
struct Viewer {
    user_id: Option<i64>,
    admin: bool,
}

impl Viewer {
    fn load(conn: &mut Conn, user_id: Option<i64>) -> Result<Viewer, CommunityError> {
        let admin = match user_id {
            Some(id) => is_admin(conn, id)?,
            None => false,
        };
        Ok(Viewer { user_id, admin })
    }

    /// Whole for its author, the product's seller and administrators; redacted for everyone
    /// else when secret.
    fn may_read(&self, row: &InquiryRow) -> bool {
        !row.secret || self.admin || self.user_id.is_some_and(|u| u == row.author_id || u == row.seller_id)
    }
}

/// Pairs rows with their authors' names (one query) and the viewer's redaction.
fn views(
    conn: &mut Conn,
    viewer: Viewer,
    rows: Vec<InquiryRow>,
    with_products: bool,
) -> Result<Vec<InquiryView>, CommunityError> {
    let mut author_ids: Vec<i64> = rows.iter().map(|r| r.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors = if author_ids.is_empty() { Vec::new() } else { User::many(conn, &author_ids)? };
    let products = if with_products && !rows.is_empty() {
        let mut ids: Vec<i64> = rows.iter().map(|r| r.product_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ProductRow::many(conn, &ids)?
    } else {
        Vec::new()
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let redacted = !viewer.may_read(&row);
            let author_nickname = if redacted {
                None
            } else {
                authors.iter().find(|u| u.id == row.author_id).map(|u| u.nickname.clone())
            };
            let product_name = products.iter().find(|p| p.id == row.product_id).map(|p| p.name.clone());
            InquiryView { row, author_nickname, redacted, product_name }
        })
        .collect())
}

fn view_one(conn: &mut Conn, viewer_id: i64, row: InquiryRow) -> Result<InquiryView, CommunityError> {
    let viewer = Viewer::load(conn, Some(viewer_id))?;
    views(conn, viewer, vec![row], false)?.pop().ok_or(CommunityError::NotFound)
}

/// A product's inquiries, newest first, as `viewer` may see them (404 when the product is not
/// visible to them).
pub fn of_product(
    conn: &mut Conn,
    viewer: Option<i64>,
    product_id: i64,
    page: PageRequest,
) -> Result<Page<InquiryView>, CommunityError> {
    catalog_product::visible(conn, viewer, product_id)?;
    let viewer = Viewer::load(conn, viewer)?;
    let filter = community_inquiries::product_id.eq(product_id);
    let total = community_inquiries::table.filter(filter).count().get_result(conn)?;
    let rows = community_inquiries::table
        .filter(filter)
        .order((community_inquiries::created_at.desc(), community_inquiries::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(InquiryRow::as_select())
        .load(conn)?;
    Ok(Page::new(views(conn, viewer, rows, false)?, page, total))
}

/// Asks a question about a product the user can see.
pub fn ask(
    conn: &mut Conn,
    user_id: i64,
    product_id: i64,
    content: &str,
    secret: bool,
    now: DateTime<Utc>,
) -> Result<InquiryView, CommunityError> {
    let content = check_text("content", content, 1, MAX_INQUIRY_CHARS)?;
    let row = db::transaction(conn, |conn| {
        require_active(conn, user_id)?;
        let (product, _) = catalog_product::visible(conn, Some(user_id), product_id)?;
        let now = now.naive_utc();
        let id: i64 = diesel::insert_into(community_inquiries::table)
            .values(NewInquiry {
                product_id,
                seller_id: product.seller_id,
                author_id: user_id,
                content: &content,
                secret,
                created_at: now,
                updated_at: now,
            })
            .returning(community_inquiries::id)
            .get_result(conn)?;
        InquiryRow::find(conn, id)?.ok_or(CommunityError::NotFound)
    })?;
    view_one(conn, user_id, row)
}

/// The author's own inquiry (404 for anyone else's).
fn own(conn: &mut Conn, user_id: i64, id: i64) -> Result<InquiryRow, CommunityError> {
    InquiryRow::find(conn, id)?.filter(|r| r.author_id == user_id).ok_or(CommunityError::NotFound)
}

/// The author changes the text or the secrecy while nobody has answered.
pub fn edit(
    conn: &mut Conn,
    user_id: i64,
    id: i64,
    content: Option<&str>,
    secret: Option<bool>,
    now: DateTime<Utc>,
) -> Result<InquiryView, CommunityError> {
    let content = content.map(|c| check_text("content", c, 1, MAX_INQUIRY_CHARS)).transpose()?;
    let row = db::transaction(conn, |conn| {
        let row = own(conn, user_id, id)?;
        if row.is_answered() {
            return Err(CommunityError::AlreadyAnswered);
        }
        // Conditional on "still unanswered", so an answer racing the edit wins cleanly.
        let updated = diesel::update(
            community_inquiries::table.find(id).filter(community_inquiries::answered_at.is_null()),
        )
        .set((
            community_inquiries::content.eq(content.as_deref().unwrap_or(&row.content)),
            community_inquiries::secret.eq(secret.unwrap_or(row.secret)),
            community_inquiries::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
        if updated == 0 {
            return Err(CommunityError::AlreadyAnswered);
        }
        InquiryRow::find(conn, id)?.ok_or(CommunityError::NotFound)
    })?;
    view_one(conn, user_id, row)
}

/// The author deletes an unanswered inquiry.
pub fn delete(conn: &mut Conn, user_id: i64, id: i64) -> Result<(), CommunityError> {
    db::transaction(conn, |conn| {
        let row = own(conn, user_id, id)?;
        if row.is_answered() {
            return Err(CommunityError::AlreadyAnswered);
        }
        let deleted = diesel::delete(
            community_inquiries::table.find(id).filter(community_inquiries::answered_at.is_null()),
        )
        .execute(conn)?;
        if deleted == 0 {
            return Err(CommunityError::AlreadyAnswered);
        }
        Ok(())
    })
}

/// The product's seller answers (the first time) or edits the answer (later).
pub fn answer(
    conn: &mut Conn,
    seller_id: i64,
    id: i64,
    content: &str,
    now: DateTime<Utc>,
) -> Result<InquiryView, CommunityError> {
    let content = check_text("content", content, 1, MAX_INQUIRY_CHARS)?;
    let row = db::transaction(conn, |conn| {
        require_active(conn, seller_id)?;
        let row = InquiryRow::find(conn, id)?.ok_or(CommunityError::NotFound)?;
        if row.seller_id != seller_id {
            return Err(CommunityError::Forbidden("Only the product's seller can answer."));
        }
        let now = now.naive_utc();
        diesel::update(community_inquiries::table.find(id))
            .set((
                community_inquiries::answer.eq(Some(&content)),
                community_inquiries::answered_at.eq(Some(row.answered_at.unwrap_or(now))),
                community_inquiries::answer_updated_at.eq(Some(now)),
            ))
            .execute(conn)?;
        InquiryRow::find(conn, id)?.ok_or(CommunityError::NotFound)
    })?;
    view_one(conn, seller_id, row)
}

/// An administrator removes an inquiry (answered or not).
pub fn remove(conn: &mut Conn, admin_id: i64, id: i64) -> Result<(), CommunityError> {
    require_admin(conn, admin_id)?;
    let deleted = diesel::delete(community_inquiries::table.find(id)).execute(conn)?;
    if deleted == 0 { Err(CommunityError::NotFound) } else { Ok(()) }
}

/// The caller's own inquiries, newest first, with their products' names.
pub fn mine(conn: &mut Conn, user_id: i64, page: PageRequest) -> Result<Page<InquiryView>, CommunityError> {
    let filter = community_inquiries::author_id.eq(user_id);
    let total = community_inquiries::table.filter(filter).count().get_result(conn)?;
    let rows = community_inquiries::table
        .filter(filter)
        .order((community_inquiries::created_at.desc(), community_inquiries::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(InquiryRow::as_select())
        .load(conn)?;
    let viewer = Viewer { user_id: Some(user_id), admin: false };
    Ok(Page::new(views(conn, viewer, rows, true)?, page, total))
}

/// The inquiries on a seller's products, newest first; `answered` narrows to answered (true)
/// or waiting (false) ones.
pub fn of_seller(
    conn: &mut Conn,
    seller_id: i64,
    answered: Option<bool>,
    page: PageRequest,
) -> Result<Page<InquiryView>, CommunityError> {
    require_active(conn, seller_id)?;
    if !is_approved_seller(conn, seller_id)? {
        return Err(CommunityError::Forbidden("Sellers only."));
    }
    let query = || {
        let mut query =
            community_inquiries::table.filter(community_inquiries::seller_id.eq(seller_id)).into_boxed();
        query = match answered {
            Some(true) => query.filter(community_inquiries::answered_at.is_not_null()),
            Some(false) => query.filter(community_inquiries::answered_at.is_null()),
            None => query,
        };
        query
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((community_inquiries::created_at.desc(), community_inquiries::id.desc()))
        .offset(page.offset())
        .limit(page.limit())
        .select(InquiryRow::as_select())
        .load(conn)?;
    let viewer = Viewer { user_id: Some(seller_id), admin: false };
    Ok(Page::new(views(conn, viewer, rows, true)?, page, total))
}
