//! The tables this crate owns.

diesel::table! {
    /// Admin-managed product categories.
    catalog_categories (id) {
        id -> BigInt,
        name -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Products with their aggregates (fed by community and commerce through catalog services).
    catalog_products (id) {
        id -> BigInt,
        seller_id -> BigInt,
        category_id -> BigInt,
        name -> Text,
        description -> Text,
        search_text -> Text,
        price -> BigInt,
        stock -> BigInt,
        state -> Text,
        previous_state -> Nullable<Text>,
        block_reason -> Nullable<Text>,
        thumbnail_key -> Nullable<Text>,
        rating_sum -> BigInt,
        rating_count -> BigInt,
        rating_avg -> Double,
        wish_count -> BigInt,
        sales_count -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Detail images of a product, in `position` order (at most 10).
    catalog_product_images (id) {
        id -> BigInt,
        product_id -> BigInt,
        storage_key -> Text,
        position -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(catalog_products -> catalog_categories (category_id));
diesel::joinable!(catalog_product_images -> catalog_products (product_id));
diesel::allow_tables_to_appear_in_same_query!(catalog_categories, catalog_products, catalog_product_images);
