//! The one pagination shape: `?page=1&per_page=20` in, `{items, page, per_page, total}` out.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Largest page a client may ask for.
pub const MAX_PER_PAGE: i64 = 100;
/// Page size when the client does not say.
pub const DEFAULT_PER_PAGE: i64 = 20;

/// The raw query parameters; validate with [`PageQuery::validate`].
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page number (default 1).
    #[param(schema_with = crate::openapi::int_min::<1>)]
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 20).
    #[param(schema_with = crate::openapi::int_range::<1, MAX_PER_PAGE>)]
    pub per_page: Option<i64>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageQuery {
    /// Checks the bounds: page ≥ 1, per_page 1–100.
    pub fn validate(self) -> Result<PageRequest, ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page < 1 {
            return Err(ApiError::invalid_field("page", "must be 1 or more"));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::invalid_field("per_page", format!("must be between 1 and {MAX_PER_PAGE}")));
        }
        Ok(PageRequest { page, per_page })
    }
}

impl PageRequest {
    /// A request for `page` with `per_page` items; out-of-range values are clamped.
    pub fn new(page: i64, per_page: i64) -> PageRequest {
        PageRequest { page: page.max(1), per_page: per_page.clamp(1, MAX_PER_PAGE) }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// Rows to take.
    pub fn limit(&self) -> i64 {
        self.per_page
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, per_page: DEFAULT_PER_PAGE }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
    /// Items across all pages.
    pub total: i64,
}

impl<T> Page<T> {
    /// A page of `items` out of `total`.
    pub fn new(items: Vec<T>, request: PageRequest, total: i64) -> Page<T> {
        Page { items, page: request.page, per_page: request.per_page, total }
    }

    /// Converts every item, keeping the paging numbers.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(PageQuery::default().validate().unwrap(), PageRequest { page: 1, per_page: 20 });
        assert!(PageQuery { page: Some(0), per_page: None }.validate().is_err());
        assert!(PageQuery { page: None, per_page: Some(101) }.validate().is_err());
        assert!(PageQuery { page: None, per_page: Some(0) }.validate().is_err());
        let r = PageQuery { page: Some(3), per_page: Some(10) }.validate().unwrap();
        assert_eq!((r.offset(), r.limit()), (20, 10));
    }

    #[test]
    fn huge_page_numbers_do_not_overflow() {
        let r = PageQuery { page: Some(i64::MAX), per_page: Some(100) }.validate().unwrap();
        assert_eq!(r.offset(), i64::MAX);
    }
}
