//! Product lists: the public list with filters and six sorts, and a seller's store.
//!
//! A list is a constant number of statements whatever the page size: the hidden sellers (one
//! small accounts query), the total (one count, shared for a moment through [`CountCache`]),
//! the page (one indexed read) and the sellers' names (one batched accounts call). A SQLite
//! search with 1,000 matches or more may also need the unfiltered total (shared the same way,
//! and with the first page of the plain list) to choose its [`SearchPlan`].
//!
//! ## Searching on SQLite
//!
//! The FTS5 trigram index finds a search's matches fast, but they come in id order, and ids are
//! no list's order (not even recent: a product's `created_at` is what its creator said). Sorting
//! 10,000 matches for every page cost SQLite ~15 ms a request, so a search of three characters
//! or more has two plans ([`SearchPlan`]), and both answer the same rows in the same order:
//!
//! - **match**: read the matches from the FTS5 index, sort them, cut the page. The cost grows
//!   with the number of matches: right for rare words and deep pages.
//! - **walk**: walk the sort order's partial index (filters that could draw SQLite to another
//!   index are written `+column`) and test each row's lower-cased `search_text` with `LIKE`
//!   until the page is full. A trigram phrase match of a lower-cased query on the lower-cased
//!   text is exactly a substring test, which is what PostgreSQL and short queries use too. The
//!   cost grows with the rows passed over: about page end × listed ÷ matches.
//!
//! The total (an FTS5 count, shared through the [`CountCache`]) picks the cheaper one.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use praline_accounts::service::seller::{self as accounts_seller, SellerName};
use praline_kernel::db::{Backend, Conn};
use praline_kernel::page::{Page, PageRequest};
use praline_kernel::text::text_problem;

use crate::error::CatalogError;
use crate::model::{MAX_PRICE, ProductRow, ProductState, Sort};
use crate::schema::catalog_products;

/// From this offset on, a page is read ids first (an index-only skip), then rows by id.
const DEFERRED_JOIN_OFFSET: i64 = 1_000;

/// The longest search text, in characters (the rule of every text parameter).
pub use praline_kernel::text::MAX_QUERY_CHARS;

/// Below this many matches a SQLite search always sorts its matches (under a millisecond).
const MIN_WALK_MATCHES: i64 = 1_000;
/// A row passed over in a walk costs about this many times a row read and sorted in a match.
const WALK_ROW_COST: i64 = 3;

/// How a SQLite search of three characters or more reads its page (see the module notes).
/// PostgreSQL and shorter queries have one plan each and ignore it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchPlan {
    /// The cheaper of the two for this total and page (what the API uses).
    #[default]
    Auto,
    /// Read and sort every match.
    Match,
    /// Walk the sort order and stop when the page is full.
    Walk,
}

/// Public list filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub category: Option<i64>,
    pub seller: Option<i64>,
    /// Lower-cased, trimmed search text.
    pub q: Option<String>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
}

impl Filter {
    /// Checks and normalises what a client sent.
    pub fn parse(
        category: Option<i64>,
        seller: Option<i64>,
        q: Option<&str>,
        min_price: Option<i64>,
        max_price: Option<i64>,
    ) -> Result<Filter, CatalogError> {
        if let Some(problem) = q.and_then(text_problem) {
            return Err(CatalogError::invalid("q", problem));
        }
        let q = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
        for (field, value) in [("min_price", min_price), ("max_price", max_price)] {
            if value.is_some_and(|v| !(0..=MAX_PRICE).contains(&v)) {
                return Err(CatalogError::invalid(
                    field,
                    format!("Prices are between 0 and {MAX_PRICE} won."),
                ));
            }
        }
        if let (Some(min), Some(max)) = (min_price, max_price)
            && min > max
        {
            return Err(CatalogError::invalid("max_price", "The highest price is below the lowest."));
        }
        Ok(Filter { category, seller, q, min_price, max_price })
    }
}

/// One list item: the product row and its seller's name.
#[derive(Debug, Clone)]
pub struct Listed {
    pub product: ProductRow,
    pub seller: Option<SellerName>,
}

/// Totals shared for a short while, keyed by the filter (bounded in size).
#[derive(Debug)]
pub struct CountCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, i64)>>,
    hidden: Mutex<Option<(Instant, Vec<i64>)>>,
}

impl CountCache {
    const CAPACITY: usize = 4_096;

    /// A cache keeping totals for `ttl` (zero: never reuse a total).
    pub fn new(ttl: Duration) -> CountCache {
        CountCache { ttl, entries: Mutex::new(HashMap::new()), hidden: Mutex::new(None) }
    }

    /// The cache the `[catalog]` settings ask for.
    pub fn for_settings(settings: &super::CatalogConfig) -> CountCache {
        CountCache::new(Duration::from_millis(settings.count_cache_ms))
    }

    /// The cached total for `key`, or `count()`'s. When an entry expires, the first caller
    /// recounts while the others keep the old total for that moment, so a crowd of requests
    /// never counts at once.
    fn get_or(
        &self,
        key: String,
        count: impl FnOnce() -> Result<i64, CatalogError>,
    ) -> Result<i64, CatalogError> {
        if self.ttl.is_zero() {
            return count();
        }
        let now = Instant::now();
        if let Ok(mut entries) = self.entries.lock()
            && let Some((at, total)) = entries.get_mut(&key)
        {
            if now.duration_since(*at) < self.ttl {
                return Ok(*total);
            }
            // Expired: this caller recounts; everyone else reuses the total until it is done.
            *at = now;
            let stale = *total;
            drop(entries);
            return match count() {
                Ok(total) => {
                    self.store(key, now, total);
                    Ok(total)
                }
                Err(_) => Ok(stale),
            };
        }
        let total = count()?;
        self.store(key, now, total);
        Ok(total)
    }

    fn store(&self, key: String, now: Instant, total: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::CAPACITY {
                entries.retain(|_, (at, _)| now.duration_since(*at) < self.ttl);
                if entries.len() >= Self::CAPACITY {
                    entries.clear();
                }
            }
            entries.insert(key, (now, total));
        }
    }

    /// The sellers whose products are hidden, shared like the totals.
    fn hidden_sellers(&self, conn: &mut Conn) -> Result<Vec<i64>, CatalogError> {
        if self.ttl.is_zero() {
            return Ok(accounts_seller::hidden_sellers(conn)?);
        }
        let now = Instant::now();
        if let Ok(hidden) = self.hidden.lock()
            && let Some((at, ids)) = hidden.as_ref()
            && now.duration_since(*at) < self.ttl
        {
            return Ok(ids.clone());
        }
        let ids = accounts_seller::hidden_sellers(conn)?;
        if let Ok(mut hidden) = self.hidden.lock() {
            *hidden = Some((now, ids.clone()));
        }
        Ok(ids)
    }
}

type Boxed<'a> = catalog_products::BoxedQuery<'a, <Conn as diesel::Connection>::Backend>;

/// True when `q` is answered from SQLite's FTS5 index (three characters or more).
fn uses_fts(backend: Backend, q: &str) -> bool {
    backend == Backend::Sqlite && q.chars().count() >= 3
}

/// The rows a filter selects; `states` limits the states (public lists: on_sale, sold_out).
/// `walk` (SQLite only) writes the query for a walk of `walk`'s order: `q` as a substring test,
/// and the filters SQLite must not pick an index for as `+column`.
fn filtered<'a>(
    backend: Backend,
    filter: &'a Filter,
    states: &'a [&'static str],
    hidden: &'a [i64],
    walk: Option<Sort>,
) -> Boxed<'a> {
    let mut query = catalog_products::table.into_boxed();
    query = if states == ProductState::LISTED {
        // Literal, not bound: SQLite uses a partial index only when the query's WHERE clause
        // visibly implies the index's `state IN ('on_sale', 'sold_out')`.
        query.filter(sql::<Bool>("catalog_products.state IN ('on_sale', 'sold_out')"))
    } else {
        query.filter(catalog_products::state.eq_any(states))
    };
    if !hidden.is_empty() {
        query = query.filter(catalog_products::seller_id.ne_all(hidden));
    }
    // In a walk, a filter stays indexable only where an index keeps the walk's order: category
    // (category, created_at) and (category, price), seller (seller, created_at), price ranges
    // on the price index. Elsewhere a unary plus keeps SQLite on the sort's own index.
    let by_price = matches!(walk, Some(Sort::PriceAsc | Sort::PriceDesc));
    let indexable = |column: &str| match walk {
        None => true,
        Some(sort) => match column {
            "category_id" => matches!(sort, Sort::Recent | Sort::PriceAsc | Sort::PriceDesc),
            "seller_id" => sort == Sort::Recent,
            _ => by_price,
        },
    };
    let compare = |column: &'static str, op: &'static str, value: i64| {
        sql::<Bool>(&format!("{}catalog_products.{column} {op} ", if indexable(column) { "" } else { "+" }))
            .bind::<BigInt, _>(value)
    };
    if let Some(category) = filter.category {
        query = if walk.is_some() {
            query.filter(compare("category_id", "=", category))
        } else {
            query.filter(catalog_products::category_id.eq(category))
        };
    }
    if let Some(seller) = filter.seller {
        query = if walk.is_some() {
            query.filter(compare("seller_id", "=", seller))
        } else {
            query.filter(catalog_products::seller_id.eq(seller))
        };
    }
    if let Some(min) = filter.min_price {
        query = if walk.is_some() {
            query.filter(compare("price", ">=", min))
        } else {
            query.filter(catalog_products::price.ge(min))
        };
    }
    if let Some(max) = filter.max_price {
        query = if walk.is_some() {
            query.filter(compare("price", "<=", max))
        } else {
            query.filter(catalog_products::price.le(max))
        };
    }
    if let Some(q) = &filter.q {
        query = match backend {
            // A trigram FTS5 index answers substrings of three characters or more.
            Backend::Sqlite if walk.is_none() && uses_fts(backend, q) => query.filter(
                sql::<Bool>("catalog_products.id IN (SELECT rowid FROM catalog_products_fts WHERE catalog_products_fts MATCH ")
                    .bind::<Text, _>(format!("\"{}\"", q.replace('"', "\"\"")))
                    .sql(")"),
            ),
            // PostgreSQL's trigram GIN index serves LIKE '%…%' directly; on SQLite it is the
            // scan of short queries and the test of a walk.
            _ => query.filter(catalog_products::search_text.like(like_pattern(q)).escape('\\')),
        };
    }
    query
}

fn like_pattern(q: &str) -> String {
    let mut pattern = String::with_capacity(q.len() + 2);
    pattern.push('%');
    for c in q.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

fn ordered(query: Boxed<'_>, sort: Sort) -> Boxed<'_> {
    use catalog_products as p;
    match sort {
        Sort::Recent => query.order_by((p::created_at.desc(), p::id.desc())),
        Sort::Popular => query.order_by((p::wish_count.desc(), p::id.desc())),
        Sort::Rating => query.order_by((p::rating_avg.desc(), p::id.desc())),
        Sort::Sales => query.order_by((p::sales_count.desc(), p::id.desc())),
        Sort::PriceAsc => query.order_by((p::price.asc(), p::id.asc())),
        Sort::PriceDesc => query.order_by((p::price.desc(), p::id.desc())),
    }
}

#[allow(clippy::too_many_arguments)]
fn page_of(
    conn: &mut Conn,
    filter: &Filter,
    states: &[&'static str],
    hidden: &[i64],
    sort: Sort,
    page: PageRequest,
    total: i64,
    walk: bool,
) -> Result<Page<Listed>, CatalogError> {
    let backend = conn.backend();
    let walk = walk.then_some(sort);
    let rows: Vec<ProductRow> = if page.offset() >= total {
        Vec::new()
    } else if page.offset() < DEFERRED_JOIN_OFFSET {
        ordered(filtered(backend, filter, states, hidden, walk), sort)
            .offset(page.offset())
            .limit(page.limit())
            .select(ProductRow::as_select())
            .load(conn)?
    } else {
        // Deep pages: skip rows in the index alone, then read only the page's rows.
        let ids: Vec<i64> = ordered(filtered(backend, filter, states, hidden, walk), sort)
            .offset(page.offset())
            .limit(page.limit())
            .select(catalog_products::id)
            .load(conn)?;
        let mut rows = ProductRow::many(conn, &ids)?;
        rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
        rows
    };
    let items = with_sellers(conn, rows)?;
    Ok(Page::new(items, page, total))
}

/// Pairs rows with their sellers' names in one batched accounts call.
pub fn with_sellers(conn: &mut Conn, rows: Vec<ProductRow>) -> Result<Vec<Listed>, CatalogError> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.seller_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = accounts_seller::names(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|product| {
            let seller = names.iter().find(|n| n.user_id == product.seller_id).cloned();
            Listed { product, seller }
        })
        .collect())
}

fn count(
    conn: &mut Conn,
    filter: &Filter,
    states: &[&'static str],
    hidden: &[i64],
) -> Result<i64, CatalogError> {
    let backend = conn.backend();
    Ok(filtered(backend, filter, states, hidden, None).count().get_result(conn)?)
}

/// The cache key of a public list's total.
fn total_key(filter: &Filter, hidden: &[i64]) -> String {
    format!("{filter:?}|{hidden:?}")
}

/// Whether a public SQLite search reads its page by walking the sort order (see the module
/// notes): when the rows it passes over, about page end × listed ÷ `total`, cost less than
/// reading and sorting the `total` matches.
fn walks(
    conn: &mut Conn,
    cache: &CountCache,
    filter: &Filter,
    hidden: &[i64],
    page: PageRequest,
    total: i64,
    plan: SearchPlan,
) -> Result<bool, CatalogError> {
    if !filter.q.as_deref().is_some_and(|q| uses_fts(conn.backend(), q)) {
        return Ok(false);
    }
    let end = page.offset().saturating_add(page.limit());
    match plan {
        SearchPlan::Match => return Ok(false),
        SearchPlan::Walk => return Ok(true),
        // Every listed row matches at most once, so a walk needs total² ≥ cost × end × total.
        SearchPlan::Auto if total < MIN_WALK_MATCHES || total < WALK_ROW_COST.saturating_mul(end) => {
            return Ok(false);
        }
        SearchPlan::Auto => {}
    }
    // The walk passes over rows of every filter value; the list's unfiltered total bounds them.
    let everything = Filter::default();
    let listed = cache
        .get_or(total_key(&everything, hidden), || count(conn, &everything, &ProductState::LISTED, hidden))?;
    let walked = i128::from(WALK_ROW_COST) * i128::from(end) * i128::from(listed);
    Ok(walked <= i128::from(total) * i128::from(total))
}

/// The public list: on_sale and sold_out products of visible sellers.
pub fn public(
    conn: &mut Conn,
    cache: &CountCache,
    filter: &Filter,
    sort: Sort,
    page: PageRequest,
) -> Result<Page<Listed>, CatalogError> {
    public_with(conn, cache, filter, sort, page, SearchPlan::Auto)
}

/// [`public`] with the SQLite search plan chosen by the caller (tests compare the plans).
pub fn public_with(
    conn: &mut Conn,
    cache: &CountCache,
    filter: &Filter,
    sort: Sort,
    page: PageRequest,
    plan: SearchPlan,
) -> Result<Page<Listed>, CatalogError> {
    let hidden = cache.hidden_sellers(conn)?;
    let states = &ProductState::LISTED;
    let total = cache.get_or(total_key(filter, &hidden), || count(conn, filter, states, &hidden))?;
    let walk = page.offset() < total && walks(conn, cache, filter, &hidden, page, total, plan)?;
    page_of(conn, filter, states, &hidden, sort, page, total, walk)
}

/// A seller's store. The owner sees every state (narrowed by `state`); everyone else sees the
/// listed products of a visible seller.
pub fn store(
    conn: &mut Conn,
    viewer: Option<i64>,
    seller_id: i64,
    state: Option<ProductState>,
    sort: Sort,
    page: PageRequest,
) -> Result<Page<Listed>, CatalogError> {
    let filter = Filter { seller: Some(seller_id), ..Filter::default() };
    let owner = viewer == Some(seller_id);
    let all: Vec<&'static str> = ProductState::ALL.iter().map(|s| s.as_str()).collect();
    let states: Vec<&'static str> = match (owner, state) {
        (true, Some(state)) => vec![state.as_str()],
        (true, None) => all,
        (false, Some(state)) if state.is_listed() => vec![state.as_str()],
        (false, Some(_)) => Vec::new(),
        (false, None) => ProductState::LISTED.to_vec(),
    };
    if states.is_empty() || (!owner && !accounts_seller::is_visible_seller(conn, seller_id)?) {
        return Ok(Page::new(Vec::new(), page, 0));
    }
    let total = count(conn, &filter, &states, &[])?;
    page_of(conn, &filter, &states, &[], sort, page, total, false)
}
