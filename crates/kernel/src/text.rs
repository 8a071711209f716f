//! Text query parameters: one rule for every text filter of every list.
//!
//! A text parameter (a search, a sort name, a state) may not contain control characters
//! (Unicode `Cc`: U+0000–U+001F, U+007F–U+009F) — tab and line breaks included, wherever they
//! stand, because no search box sends them, PostgreSQL refuses NUL in text and SQLite's full-text
//! query stops at it — and holds at most [`MAX_QUERY_CHARS`] characters. Either breach is a 400
//! `invalid_input` naming the field. The value itself is passed on unchanged; trimming and
//! parsing stay with the caller.
//!
//! ```
//! use praline_kernel::text::query_text;
//!
//! assert_eq!(query_text("q", Some(" 초콜릿 ")).unwrap(), Some(" 초콜릿 "));
//! assert!(query_text("q", Some("a\0b")).is_err());
//! assert!(query_text("q", Some("a\tb")).is_err());
//! ```

use crate::error::{ApiError, ApiResult};

/// The longest text parameter, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// What is wrong with a text parameter, or `None` when it may be used.
pub fn text_problem(raw: &str) -> Option<String> {
    if raw.chars().any(char::is_control) {
        return Some(
            "Control characters (U+0000–U+001F, U+007F–U+009F, tab and line breaks too) are not allowed."
                .into(),
        );
    }
    if raw.chars().count() > MAX_QUERY_CHARS {
        return Some(format!("At most {MAX_QUERY_CHARS} characters."));
    }
    None
}

/// `raw` when it follows the rule, or a 400 `invalid_input` naming `field`.
pub fn query_text<'a>(field: &str, raw: Option<&'a str>) -> ApiResult<Option<&'a str>> {
    match raw.and_then(text_problem) {
        Some(problem) => Err(ApiError::invalid_field(field, problem)),
        None => Ok(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_long_text_are_refused() {
        for bad in ["a\0b", "\0\0\0", "\u{1f}", "\u{7f}", "a\tb", "\n", "\u{85}"] {
            assert!(text_problem(bad).is_some(), "{bad:?}");
        }
        for good in ["", " ", "초콜릿", "100%_", "Ruby CHOCOLATE", &"가".repeat(MAX_QUERY_CHARS)] {
            assert_eq!(text_problem(good), None, "{good:?}");
        }
        assert!(text_problem(&"a".repeat(MAX_QUERY_CHARS + 1)).is_some());
        assert_eq!(query_text("q", None).unwrap(), None);
        assert!(query_text("q", Some("a\u{0}")).is_err());
    }
}

/// An amount with thousands separators, as Korean shops write won (`10000` → `10,000`).
pub fn thousands(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    use super::thousands;

    #[test]
    fn thousands_groups_digits_by_three() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(9_900), "9,900");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(-1_234_567), "-1,234,567");
    }
}
