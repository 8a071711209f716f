//! The administrators' list of every review, hidden ones included, to find the ones to hide.

use diesel::prelude::*;
use diesel::sql_types::Text;
use praline_kernel::db::Conn;
use praline_kernel::page::{Page, PageRequest};

use super::super::require_admin;
use super::{ReviewView, views};
use crate::error::CommunityError;
use crate::model::ReviewRow;
use crate::schema::community_reviews;

diesel::define_sql_function! {
    /// SQL `lower(text)`: the search below compares lower-cased text on both backends.
    fn lower(x: Text) -> Text;
}

/// Which reviews the administrators list.
#[derive(Debug, Clone, Default)]
pub struct ModerationFilter {
    /// Only hidden (`Some(true)`) or only visible (`Some(false)`) reviews; `None` is all.
    pub hidden: Option<bool>,
    /// Only the reviews of this product.
    pub product_id: Option<i64>,
    /// Only reviews whose title or content contains this text (any case); blank is no filter.
    pub q: Option<String>,
}

/// `%q%` for `LIKE … ESCAPE '\'`, lower-cased, with `\`, `%` and `_` taken literally.
fn like_pattern(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Every review an administrator asks for, hidden ones included, newest first, with their
/// products. A constant number of statements whatever the page size.
pub fn moderation(
    conn: &mut Conn,
    admin_id: i64,
    filter: &ModerationFilter,
    page: PageRequest,
) -> Result<Page<ReviewView>, CommunityError> {
    use community_reviews as r;
    require_admin(conn, admin_id)?;
    let pattern = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(like_pattern);
    let build = || {
        let mut query = r::table.into_boxed();
        if let Some(hidden) = filter.hidden {
            query = query.filter(r::hidden.eq(hidden));
        }
        if let Some(product_id) = filter.product_id {
            query = query.filter(r::product_id.eq(product_id));
        }
        if let Some(p) = &pattern {
            query = query.filter(
                lower(r::title)
                    .like(p.clone())
                    .escape('\\')
                    .or(lower(r::content).like(p.clone()).escape('\\')),
            );
        }
        query
    };
    let total: i64 = build().count().get_result(conn)?;
    let rows = if page.offset() >= total {
        Vec::new()
    } else {
        build()
            .order((r::created_at.desc(), r::id.desc()))
            .offset(page.offset())
            .limit(page.limit())
            .select(ReviewRow::as_select())
            .load(conn)?
    };
    Ok(Page::new(views(conn, Some(admin_id), true, rows, true)?, page, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_patterns_take_wildcards_literally_and_ignore_case() {
        assert_eq!(like_pattern("Dark"), "%dark%");
        assert_eq!(like_pattern("100%_\\"), "%100\\%\\_\\\\%");
        assert_eq!(like_pattern("초콜릿"), "%초콜릿%");
    }
}
