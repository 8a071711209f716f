//! What the OpenAPI document says about the kernel's shapes.
//!
//! [`ErrorEnvelope`] is the schema of every failure ([`crate::error::ApiError`]'s JSON; a test
//! below reads real errors through it). The schema builders let a DTO field take its limits
//! from the same consts its check uses: `#[schema(schema_with = text::<1, MAX_NAME_CHARS>)]`
//! beside `if name.chars().count() > MAX_NAME_CHARS`, so the numbers live once.
//!
//! Strings the checks trim are described by their length before trimming (`maxLength`) and, when
//! required, by a pattern that asks for one character Rust's `trim` keeps ([`NOT_BLANK`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaFormat, SchemaType, Type};

/// The body of every error response: `{"error": {"code", "message", "fields"?, …}}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorEnvelope {
    pub error: ErrorObject,
}

/// One failure. Besides `fields`, an error may carry extra members named by API.md for its code
/// (`retry_after`, `provider`, `balance`, …).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorObject {
    /// Machine-readable, snake_case (`invalid_input`, `not_found`, `email_taken`, …).
    #[schema(pattern = "^[a-z][a-z0-9_]*$")]
    pub code: String,
    /// For people; not to be parsed.
    pub message: String,
    /// Field name → what is wrong with it (mostly with `invalid_input`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub fields: Option<BTreeMap<String, String>>,
    /// Seconds to wait before trying again (with 429 `rate_limited`, 423 `account_locked`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, minimum = 0)]
    pub retry_after: Option<u64>,
}

/// A multipart form with one image file in the field `image` (avatars, logos, product images),
/// and nothing else.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageUpload {
    /// JPEG, PNG, WebP or GIF; at most 5 MB and 4096×4096 pixels. Other bytes are 415.
    #[schema(value_type = String, format = Binary)]
    pub image: Vec<u8>,
}

/// A character class of what Rust's `str::trim` removes (Unicode `White_Space`), spelled out
/// because `\s` differs between regex engines.
pub const BLANK: &str =
    "[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/// The complement of [`BLANK`]: a character `str::trim` keeps.
pub const NOT_BLANK: &str =
    "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// A pattern for `min..=max` ASCII digits with hyphens and spaces anywhere (the checks drop them).
pub fn separated_digits(min: usize, max: usize, nullable: bool) -> Object {
    pattern(&format!("^[- ]*(?:[0-9][- ]*){{{min},{max}}}$"), nullable)
}

fn string(nullable: bool) -> ObjectBuilder {
    let ty = if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { Type::String.into() };
    ObjectBuilder::new().schema_type(ty)
}

fn integer(nullable: bool) -> ObjectBuilder {
    let ty = if nullable { SchemaType::from_iter([Type::Integer, Type::Null]) } else { Type::Integer.into() };
    ObjectBuilder::new()
        .schema_type(ty)
        .format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
}

fn bounded_text(min: usize, max: usize, nullable: bool) -> Object {
    let mut builder = string(nullable).max_length(Some(max));
    if min > 0 {
        // Trimmed text of at least `min` characters: at least `min` characters in all, one of
        // them not blank.
        builder = builder.min_length(Some(min)).pattern(Some(NOT_BLANK));
    }
    builder.build()
}

/// Text the check trims and then wants `MIN..=MAX` characters of (`MIN` 0 or 1).
pub fn text<const MIN: usize, const MAX: usize>() -> Object {
    bounded_text(MIN, MAX, false)
}

/// [`text`] that may also be `null` (an optional field).
pub fn nullable_text<const MIN: usize, const MAX: usize>() -> Object {
    bounded_text(MIN, MAX, true)
}

/// A text query parameter as [`crate::text::query_text`] reads it: at most
/// [`crate::text::MAX_QUERY_CHARS`] characters, none of them a control character.
pub fn query_text() -> Object {
    string(false)
        .max_length(Some(crate::text::MAX_QUERY_CHARS))
        .pattern(Some("^[^\\u0000-\\u001f\\u007f-\\u009f]*$"))
        .build()
}

/// A business month, `YYYY-MM`.
pub fn month() -> Object {
    pattern("^[0-9]{4}-(0[1-9]|1[0-2])$", false)
}

/// A calendar date, `YYYY-MM-DD`.
pub fn date() -> Object {
    string(false).format(Some(SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Date))).build()
}

/// An integer in `MIN..=MAX`.
pub fn int_range<const MIN: i64, const MAX: i64>() -> Object {
    integer(false).minimum(Some(MIN)).maximum(Some(MAX)).build()
}

/// An integer of at least `MIN`.
pub fn int_min<const MIN: i64>() -> Object {
    integer(false).minimum(Some(MIN)).build()
}

/// [`int_range`] that may also be `null`.
pub fn nullable_int_range<const MIN: i64, const MAX: i64>() -> Object {
    integer(true).minimum(Some(MIN)).maximum(Some(MAX)).build()
}

/// A string matching `pattern` (anchor it), optionally `null`.
pub fn pattern(pattern: &str, nullable: bool) -> Object {
    string(nullable).pattern(Some(pattern)).build()
}

/// One of `values`, optionally `null`.
pub fn one_of(values: &[&str], nullable: bool) -> Object {
    let builder = string(nullable);
    if nullable {
        builder
            .enum_values(Some(values.iter().map(|v| serde_json::json!(v)).chain([serde_json::Value::Null])))
    } else {
        builder.enum_values(Some(values.iter().copied()))
    }
    .build()
}

/// An e-mail address of at most `max` characters, optionally `null`.
pub fn email(max: usize, nullable: bool) -> Object {
    string(nullable).format(Some(SchemaFormat::Custom("email".into()))).max_length(Some(max)).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[test]
    fn every_kind_of_error_reads_as_the_envelope_schema() {
        let errors = [
            ApiError::invalid_field("email", "must be an e-mail address"),
            ApiError::rate_limited(42),
            ApiError::not_found("gone"),
            ApiError::new(actix_web::http::StatusCode::CONFLICT, "social_account", "x")
                .with("provider", "kakao"),
        ];
        for error in errors {
            let parsed: ErrorEnvelope = serde_json::from_str(&error.to_json()).unwrap();
            assert_eq!(parsed.error.code, error.code());
            assert_eq!(parsed.error.message, error.message());
        }
        let limited: ErrorEnvelope = serde_json::from_str(&ApiError::rate_limited(7).to_json()).unwrap();
        assert_eq!(limited.error.retry_after, Some(7));
    }

    #[test]
    fn text_limits_come_from_the_consts() {
        let json = serde_json::to_value(text::<1, 30>()).unwrap();
        assert_eq!(json["maxLength"], 30);
        assert_eq!(json["minLength"], 1);
        assert_eq!(json["pattern"], NOT_BLANK);
        let json = serde_json::to_value(nullable_int_range::<0, 10>()).unwrap();
        assert_eq!(json["type"], serde_json::json!(["integer", "null"]));
        assert_eq!((json["minimum"].as_i64(), json["maximum"].as_i64()), (Some(0), Some(10)));
    }
}
