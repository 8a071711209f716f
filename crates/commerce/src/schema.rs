//! The tables this crate owns.

diesel::table! {
    /// One line per (buyer, product), held by a unique key.
    commerce_cart_lines (id) {
        id -> BigInt,
        buyer_id -> BigInt,
        product_id -> BigInt,
        amount -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// An order (주문서): who, how paid, where to ship (sealed).
    commerce_orders (id) {
        id -> BigInt,
        buyer_id -> BigInt,
        payment_method -> Text,
        total_price -> BigInt,
        shipping_postal_code_sealed -> Text,
        shipping_address_sealed -> Text,
        shipping_detail_address_sealed -> Text,
        shipping_recipient_sealed -> Text,
        shipping_phone_sealed -> Text,
        merchant_uid -> Nullable<Text>,
        cart_line_ids -> Text,
        paid_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// One product of an order, with its snapshots and its own status.
    commerce_order_lines (id) {
        id -> BigInt,
        order_id -> BigInt,
        buyer_id -> BigInt,
        seller_id -> BigInt,
        product_id -> BigInt,
        seller_company_name -> Text,
        name -> Text,
        unit_price -> BigInt,
        image_key -> Nullable<Text>,
        amount -> BigInt,
        line_total -> BigInt,
        status -> Text,
        previous_status -> Nullable<Text>,
        reason -> Nullable<Text>,
        tracking_number -> Nullable<Text>,
        status_changed_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        confirmed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(commerce_order_lines -> commerce_orders (order_id));
diesel::allow_tables_to_appear_in_same_query!(commerce_cart_lines, commerce_orders, commerce_order_lines);
