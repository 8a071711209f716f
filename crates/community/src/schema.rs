//! The tables this crate owns.

diesel::table! {
    /// One row per (user, product) on a wishlist.
    community_wishes (user_id, product_id) {
        user_id -> BigInt,
        product_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// One row per (user, seller) followed.
    community_follows (user_id, seller_id) {
        user_id -> BigInt,
        seller_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Product questions and their one answer.
    community_inquiries (id) {
        id -> BigInt,
        product_id -> BigInt,
        seller_id -> BigInt,
        author_id -> BigInt,
        content -> Text,
        secret -> Bool,
        answer -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answer_updated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Notices written by administrators.
    community_notices (id) {
        id -> BigInt,
        author_id -> BigInt,
        title -> Text,
        content -> Text,
        pinned -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 1:1 support inquiries to the administrators.
    community_support_tickets (id) {
        id -> BigInt,
        user_id -> BigInt,
        title -> Text,
        content -> Text,
        answer -> Nullable<Text>,
        answered_by -> Nullable<BigInt>,
        answered_at -> Nullable<Timestamp>,
        answer_updated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// One check-in per user and business day (`day` is `YYYY-MM-DD`).
    community_attendance (user_id, day) {
        user_id -> BigInt,
        day -> Text,
        points -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Reviews of confirmed order lines, one per line.
    community_reviews (id) {
        id -> BigInt,
        order_line_id -> BigInt,
        product_id -> BigInt,
        author_id -> BigInt,
        title -> Text,
        content -> Text,
        rating -> BigInt,
        delivery -> Text,
        service -> Text,
        rebuy -> Text,
        photo_key -> Nullable<Text>,
        reward_kind -> Text,
        reward_points -> BigInt,
        like_count -> BigInt,
        hidden -> Bool,
        hidden_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// One row per (review, user) who liked it.
    community_review_likes (review_id, user_id) {
        review_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// How each product's visible reviews are spread (kept with every review change).
    community_review_stats (product_id) {
        product_id -> BigInt,
        total -> BigInt,
        photos -> BigInt,
        rating_1 -> BigInt,
        rating_2 -> BigInt,
        rating_3 -> BigInt,
        rating_4 -> BigInt,
        rating_5 -> BigInt,
        delivery_fast -> BigInt,
        delivery_normal -> BigInt,
        delivery_slow -> BigInt,
        service_friendly -> BigInt,
        service_normal -> BigInt,
        service_unfriendly -> BigInt,
        rebuy_yes -> BigInt,
        rebuy_maybe -> BigInt,
        rebuy_no -> BigInt,
    }
}

diesel::joinable!(community_review_likes -> community_reviews (review_id));

diesel::allow_tables_to_appear_in_same_query!(
    community_reviews,
    community_review_likes,
    community_review_stats,
    community_wishes,
    community_follows,
    community_inquiries,
    community_notices,
    community_support_tickets,
    community_attendance,
);
