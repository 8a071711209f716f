//! The tables this crate owns.

diesel::table! {
    /// Every account. `email` is stored lower-cased; personal fields are sealed.
    accounts_users (id) {
        id -> BigInt,
        email -> Text,
        nickname -> Text,
        password_hash -> Nullable<Text>,
        login_type -> Text,
        status -> Text,
        is_admin -> Bool,
        email_verified -> Bool,
        introduction -> Text,
        avatar_key -> Nullable<Text>,
        phone_sealed -> Nullable<Text>,
        phone_verified -> Bool,
        customs_code_sealed -> Nullable<Text>,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        dormant_since -> Nullable<Timestamp>,
        suspended_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// One-time codes sent by e-mail (signup, password reset, e-mail change).
    accounts_email_codes (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        target -> Text,
        code_hash -> Text,
        attempts -> Integer,
        expires_at -> Timestamp,
        consumed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// A login: the family of refresh tokens issued from it.
    accounts_sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    /// Refresh tokens, stored as SHA-256 hashes; each is used once.
    accounts_refresh_tokens (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// Seller profiles and their approval; bank fields are sealed.
    accounts_sellers (user_id) {
        user_id -> BigInt,
        company_name -> Text,
        company_key -> Text,
        business_number -> Text,
        owner_name -> Text,
        contact -> Text,
        logo_key -> Nullable<Text>,
        bank_name_sealed -> Text,
        account_number_sealed -> Text,
        account_holder_sealed -> Text,
        status -> Text,
        reject_reason -> Nullable<Text>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
        product_count -> BigInt,
        follower_count -> BigInt,
    }
}

diesel::joinable!(accounts_email_codes -> accounts_users (user_id));
diesel::joinable!(accounts_sessions -> accounts_users (user_id));
diesel::joinable!(accounts_refresh_tokens -> accounts_sessions (session_id));
diesel::joinable!(accounts_sellers -> accounts_users (user_id));

diesel::table! {
    /// Saved delivery addresses; every personal field is sealed.
    accounts_addresses (id) {
        id -> BigInt,
        user_id -> BigInt,
        postal_code_sealed -> Text,
        address_sealed -> Text,
        detail_address_sealed -> Text,
        recipient_sealed -> Text,
        phone_sealed -> Text,
        is_default -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(accounts_addresses -> accounts_users (user_id));

diesel::table! {
    /// Links a login-provider account to a user.
    accounts_social_identities (id) {
        id -> BigInt,
        user_id -> BigInt,
        provider -> Text,
        subject -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(accounts_social_identities -> accounts_users (user_id));
diesel::allow_tables_to_appear_in_same_query!(accounts_users, accounts_sellers);
