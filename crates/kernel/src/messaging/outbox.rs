//! Reading the development outbox back: the tests and the development outbox page use it.

use std::path::{Path, PathBuf};

/// Everything written to the outbox folder `dir`, oldest first.
pub fn read_outbox(dir: &Path) -> Vec<OutboxMessage> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter_map(|path| {
            let raw = std::fs::read_to_string(&path).ok()?;
            Some(OutboxMessage::parse(&path, &raw))
        })
        .collect()
}

/// One message from the outbox.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OutboxMessage {
    /// The file name, which starts with the time it was written.
    pub id: String,
    /// `email` or `sms`.
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    /// The decoded text body.
    pub body: String,
}

impl OutboxMessage {
    fn parse(path: &Path, raw: &str) -> OutboxMessage {
        let kind = if path.extension().is_some_and(|e| e == "eml") { "email" } else { "sms" };
        let (head, body) = raw.split_once("\r\n\r\n").or_else(|| raw.split_once("\n\n")).unwrap_or((raw, ""));
        // Unfold long headers: a line starting with white space continues the one before.
        let head = head.replace("\r\n", "\n").replace("\n ", " ").replace("\n\t", " ");
        let header = |name: &str| {
            head.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string())).unwrap_or_default()
        };
        let encoding = header("Content-Transfer-Encoding:").to_ascii_lowercase();
        let body = match encoding.as_str() {
            "base64" => {
                use base64::Engine;
                let joined: String = body.split_whitespace().collect();
                String::from_utf8(
                    base64::engine::general_purpose::STANDARD.decode(joined).unwrap_or_default(),
                )
                .unwrap_or_default()
            }
            "quoted-printable" => decode_quoted_printable(body),
            _ => body.to_string(),
        };
        OutboxMessage {
            id: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            kind,
            to: header("To:"),
            subject: decode_subject(&header("Subject:")),
            body,
        }
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let mut bytes = Vec::new();
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'='
            && i + 2 < raw.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            bytes.push(b);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Decodes RFC 2047 `=?utf-8?b?…?=` words in a subject (adjacent encoded words join directly).
fn decode_subject(subject: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in subject.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let decoded = if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            base64::engine::general_purpose::STANDARD
                .decode(&word[10..word.len() - 2])
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        } else if lower.starts_with("=?utf-8?q?") && word.ends_with("?=") {
            Some(decode_quoted_printable(&word[10..word.len() - 2].replace('_', " ")))
        } else {
            None
        };
        let encoded = decoded.is_some();
        let joins_previous = encoded && previous_encoded;
        if !out.is_empty() && !joins_previous {
            out.push(' ');
        }
        out.push_str(&decoded.unwrap_or_else(|| word.to_string()));
        previous_encoded = encoded;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_encoded_subjects_are_read_whole() {
        let raw = "To: a@example.com\r\nSubject: =?utf-8?b?W1ByYWxpbmVdIOydtOuplOydvCDsnbjspp0g?=\r\n =?utf-8?b?7L2U65Oc?=\r\nContent-Transfer-Encoding: 7bit\r\n\r\nhello";
        let message = OutboxMessage::parse(Path::new("1-email.eml"), raw);
        assert_eq!(message.subject, "[Praline] 이메일 인증 코드");
        assert_eq!(message.to, "a@example.com");
        assert_eq!(message.body, "hello");
    }
}
