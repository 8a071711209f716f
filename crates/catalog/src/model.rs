//! Row types, the product state machine, sorts, and validated inputs.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use praline_kernel::db::Conn;
use serde::{Deserialize, Serialize};

use crate::error::CatalogError;
use crate::schema::{catalog_categories, catalog_product_images, catalog_products};

/// Largest price in won.
pub const MAX_PRICE: i64 = 10_000_000;
/// Largest stock a seller can set.
pub const MAX_STOCK: i64 = 1_000_000;
/// Longest product name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5_000;
/// Longest category name, in characters.
pub const MAX_CATEGORY_CHARS: usize = 30;
/// Longest reason for a block, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// Detail images per product.
pub const MAX_IMAGES: i64 = 10;

/// A product's state (SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductState {
    OnSale,
    SoldOut,
    Discontinued,
    Hidden,
    Blocked,
    Deleted,
}

impl ProductState {
    pub const ALL: [ProductState; 6] = [
        ProductState::OnSale,
        ProductState::SoldOut,
        ProductState::Discontinued,
        ProductState::Hidden,
        ProductState::Blocked,
        ProductState::Deleted,
    ];
    /// The states public lists show.
    pub const LISTED: [&'static str; 2] = ["on_sale", "sold_out"];
    /// The states whose detail page anyone can open (see [`ProductState::is_public`]).
    pub const PUBLIC: [&'static str; 3] = ["on_sale", "sold_out", "discontinued"];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductState::OnSale => "on_sale",
            ProductState::SoldOut => "sold_out",
            ProductState::Discontinued => "discontinued",
            ProductState::Hidden => "hidden",
            ProductState::Blocked => "blocked",
            ProductState::Deleted => "deleted",
        }
    }

    pub fn parse(raw: &str) -> Option<ProductState> {
        ProductState::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Shown in public lists and counted on the seller card and category.
    pub fn is_listed(self) -> bool {
        matches!(self, ProductState::OnSale | ProductState::SoldOut)
    }

    /// Seen by anyone on the detail page (lists show only the listed ones; a discontinued
    /// product's page still opens for people who bookmarked it).
    pub fn is_public(self) -> bool {
        matches!(self, ProductState::OnSale | ProductState::SoldOut | ProductState::Discontinued)
    }

    /// The state a sellable product has for a given stock: on sale while stock lasts.
    pub fn for_stock(self, stock: i64) -> ProductState {
        match self {
            ProductState::OnSale | ProductState::SoldOut if stock == 0 => ProductState::SoldOut,
            ProductState::OnSale | ProductState::SoldOut => ProductState::OnSale,
            other => other,
        }
    }
}

/// The six list orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Recent,
    Popular,
    Rating,
    Sales,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const NAMES: [&'static str; 6] = ["recent", "popular", "rating", "sales", "price_asc", "price_desc"];

    pub fn parse(raw: Option<&str>) -> Result<Sort, CatalogError> {
        Ok(match raw.map(str::trim).unwrap_or("") {
            "" | "recent" => Sort::Recent,
            "popular" => Sort::Popular,
            "rating" => Sort::Rating,
            "sales" => Sort::Sales,
            "price_asc" => Sort::PriceAsc,
            "price_desc" => Sort::PriceDesc,
            _ => {
                return Err(CatalogError::invalid(
                    "sort",
                    format!("sort must be one of {}", Sort::NAMES.join(", ")),
                ));
            }
        })
    }
}

/// A category row.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = catalog_categories)]
pub struct CategoryRow {
    pub id: i64,
    pub name: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl CategoryRow {
    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<CategoryRow>> {
        catalog_categories::table.find(id).select(CategoryRow::as_select()).first(conn).optional()
    }

    pub fn all(conn: &mut Conn) -> QueryResult<Vec<CategoryRow>> {
        catalog_categories::table
            .order((catalog_categories::position, catalog_categories::id))
            .select(CategoryRow::as_select())
            .load(conn)
    }

    pub fn many(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<CategoryRow>> {
        catalog_categories::table
            .filter(catalog_categories::id.eq_any(ids))
            .select(CategoryRow::as_select())
            .load(conn)
    }
}

/// A product row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = catalog_products)]
pub struct ProductRow {
    pub id: i64,
    pub seller_id: i64,
    pub category_id: i64,
    pub name: String,
    pub description: String,
    pub price: i64,
    pub stock: i64,
    pub state: String,
    pub previous_state: Option<String>,
    pub block_reason: Option<String>,
    pub thumbnail_key: Option<String>,
    pub rating_count: i64,
    pub rating_avg: f64,
    pub wish_count: i64,
    pub sales_count: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl ProductRow {
    pub fn state(&self) -> ProductState {
        ProductState::parse(&self.state).unwrap_or(ProductState::Hidden)
    }

    pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<ProductRow>> {
        catalog_products::table.find(id).select(ProductRow::as_select()).first(conn).optional()
    }

    /// Which of `ids` anyone can see, leaving out the products of `hidden_sellers` (one query,
    /// ids only: for lists that page over another crate's rows).
    pub fn public_among(conn: &mut Conn, ids: &[i64], hidden_sellers: &[i64]) -> QueryResult<Vec<i64>> {
        catalog_products::table
            .filter(catalog_products::id.eq_any(ids))
            .filter(catalog_products::state.eq_any(ProductState::PUBLIC))
            .filter(catalog_products::seller_id.ne_all(hidden_sellers))
            .select(catalog_products::id)
            .load(conn)
    }

    /// Several products at once (one query), in no particular order.
    pub fn many(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<ProductRow>> {
        catalog_products::table
            .filter(catalog_products::id.eq_any(ids))
            .select(ProductRow::as_select())
            .load(conn)
    }
}

/// A detail image row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = catalog_product_images)]
pub struct ImageRow {
    pub id: i64,
    pub product_id: i64,
    pub storage_key: String,
    pub position: i32,
    pub created_at: NaiveDateTime,
}

impl ImageRow {
    pub fn of_product(conn: &mut Conn, product_id: i64) -> QueryResult<Vec<ImageRow>> {
        catalog_product_images::table
            .filter(catalog_product_images::product_id.eq(product_id))
            .order((catalog_product_images::position, catalog_product_images::id))
            .select(ImageRow::as_select())
            .load(conn)
    }
}

/// The text `q` is matched against: name and description, lower-cased.
pub fn search_text(name: &str, description: &str) -> String {
    format!("{}\n{}", name.to_lowercase(), description.to_lowercase())
}
