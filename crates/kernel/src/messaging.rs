//! Outbound e-mail and SMS behind small interfaces.
//!
//! In development, and whenever no provider is configured, every message is written to
//! `<data_dir>/outbox/` (one `.eml` file per e-mail, one `.txt` file per SMS) and logged, so a
//! new user can finish signup without an SMTP server. With `mail.smtp_url` set, e-mail goes out
//! through lettre's SMTP transport.

pub mod outbox;

use std::path::{Path, PathBuf};

use futures_util::future::BoxFuture;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// An e-mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    /// Plain-text body (always sent).
    pub text: String,
    /// Optional HTML alternative.
    pub html: Option<String>,
}

/// A text message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// 11 digits, e.g. `01012345678`.
    pub to: String,
    pub text: String,
}

/// Why a message could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("message could not be built: {0}")]
    Build(String),
    #[error("delivery failed: {0}")]
    Delivery(String),
}

/// Sends e-mail.
pub trait Mailer: Send + Sync {
    /// Sends one message.
    fn send(&self, email: Email) -> BoxFuture<'_, Result<(), MessagingError>>;
}

/// Sends SMS.
pub trait SmsSender: Send + Sync {
    /// Sends one message.
    fn send(&self, sms: Sms) -> BoxFuture<'_, Result<(), MessagingError>>;
}

fn build_message(from: &str, email: &Email) -> Result<Message, MessagingError> {
    let from: Mailbox = from.parse().map_err(|e| MessagingError::Address(format!("from: {e}")))?;
    let to: Mailbox = email.to.parse().map_err(|e| MessagingError::Address(format!("to: {e}")))?;
    let builder = Message::builder().from(from).to(to).subject(email.subject.clone());
    let message = match &email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(email.text.clone(), html.clone())),
        None => {
            builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(email.text.clone()))
        }
    };
    message.map_err(|e| MessagingError::Build(e.to_string()))
}

/// Hides most of an address for logs.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None if address.len() > 4 => format!("***{}", &address[address.len() - 4..]),
        None => "***".into(),
    }
}

fn outbox_name(kind: &str, extension: &str) -> String {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f");
    let salt = hex::encode(crate::crypto::random_bytes(3));
    format!("{stamp}-{salt}-{kind}.{extension}")
}

async fn write_outbox(dir: &Path, name: String, bytes: Vec<u8>) -> Result<PathBuf, MessagingError> {
    let dir = dir.to_path_buf();
    actix_web::web::block(move || {
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        Ok::<_, std::io::Error>(path)
    })
    .await
    .map_err(|e| MessagingError::Delivery(e.to_string()))?
    .map_err(|e| MessagingError::Delivery(format!("cannot write the outbox: {e}")))
}

/// Writes each e-mail as an `.eml` file into the outbox folder.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
    from: String,
}

impl OutboxMailer {
    pub fn new(dir: impl Into<PathBuf>, from: &str) -> OutboxMailer {
        OutboxMailer { dir: dir.into(), from: from.to_string() }
    }
}

impl Mailer for OutboxMailer {
    fn send(&self, email: Email) -> BoxFuture<'_, Result<(), MessagingError>> {
        Box::pin(async move {
            let message = build_message(&self.from, &email)?;
            let path = write_outbox(&self.dir, outbox_name("email", "eml"), message.formatted()).await?;
            tracing::info!(to = %mask(&email.to), subject = %email.subject, file = %path.display(), "e-mail written to the outbox");
            Ok(())
        })
    }
}

/// Writes each SMS as a `.txt` file into the outbox folder.
#[derive(Debug, Clone)]
pub struct OutboxSms {
    dir: PathBuf,
}

impl OutboxSms {
    pub fn new(dir: impl Into<PathBuf>) -> OutboxSms {
        OutboxSms { dir: dir.into() }
    }
}

impl SmsSender for OutboxSms {
    fn send(&self, sms: Sms) -> BoxFuture<'_, Result<(), MessagingError>> {
        Box::pin(async move {
            let body = format!("To: {}\nDate: {}\n\n{}\n", sms.to, chrono::Utc::now().to_rfc3339(), sms.text);
            let path = write_outbox(&self.dir, outbox_name("sms", "txt"), body.into_bytes()).await?;
            tracing::info!(to = %mask(&sms.to), file = %path.display(), "SMS written to the outbox");
            Ok(())
        })
    }
}

/// Sends SMS through Naver Cloud SENS v2, signing each request with the secret key.
pub struct SensSms {
    client: reqwest::Client,
    url: String,
    path: String,
    access_key: String,
    secret_key: String,
    sender: String,
}

impl std::fmt::Debug for SensSms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SensSms").field("url", &self.url).finish_non_exhaustive()
    }
}

impl SensSms {
    /// A client for the configured service.
    pub fn new(config: &crate::config::SmsConfig) -> Result<SensSms, MessagingError> {
        let path = format!("/sms/v2/services/{}/messages", config.sens_service_id.trim());
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| MessagingError::Build(e.to_string()))?;
        Ok(SensSms {
            client,
            url: format!("{}{path}", config.sens_base_url.trim_end_matches('/')),
            path,
            access_key: config.sens_access_key.trim().to_string(),
            secret_key: config.sens_secret_key.trim().to_string(),
            sender: config.sender.trim().to_string(),
        })
    }
}

/// The SENS v2 signature: base64(HMAC-SHA256(secret, "POST {path}\n{timestamp}\n{access key}")).
pub fn sens_signature(
    secret_key: &str,
    method: &str,
    path: &str,
    timestamp: &str,
    access_key: &str,
) -> String {
    use base64::Engine;
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret_key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(format!("{method} {path}\n{timestamp}\n{access_key}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

impl SmsSender for SensSms {
    fn send(&self, sms: Sms) -> BoxFuture<'_, Result<(), MessagingError>> {
        Box::pin(async move {
            let timestamp = chrono::Utc::now().timestamp_millis().to_string();
            let signature =
                sens_signature(&self.secret_key, "POST", &self.path, &timestamp, &self.access_key);
            let body = serde_json::json!({
                "type": "SMS",
                "countryCode": "82",
                "from": self.sender,
                "content": sms.text,
                "messages": [{"to": sms.to}],
            });
            let response = self
                .client
                .post(&self.url)
                .header("x-ncp-apigw-timestamp", &timestamp)
                .header("x-ncp-iam-access-key", &self.access_key)
                .header("x-ncp-apigw-signature-v2", signature)
                .json(&body)
                .send()
                .await
                .map_err(|e| MessagingError::Delivery(format!("SENS unreachable: {}", e.without_url())))?;
            let status = response.status();
            if status.as_u16() != 202 && !status.is_success() {
                return Err(MessagingError::Delivery(format!("SENS answered {status}")));
            }
            tracing::info!(to = %mask(&sms.to), "SMS sent through SENS");
            Ok(())
        })
    }
}

/// Sends e-mail through an SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: String,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer").field("from", &self.from).finish_non_exhaustive()
    }
}

impl SmtpMailer {
    /// A mailer for `smtp://`, `smtps://` URLs (credentials and `?tls=required` in the URL).
    pub fn from_url(url: &str, from: &str) -> Result<SmtpMailer, MessagingError> {
        // The URL may carry credentials: never echo it back.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|_| MessagingError::Address("mail.smtp_url is not a valid SMTP URL".into()))?
            .timeout(Some(std::time::Duration::from_secs(15)))
            .build();
        Ok(SmtpMailer { transport, from: from.to_string() })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, email: Email) -> BoxFuture<'_, Result<(), MessagingError>> {
        Box::pin(async move {
            let message = build_message(&self.from, &email)?;
            self.transport.send(message).await.map_err(|e| MessagingError::Delivery(e.to_string()))?;
            tracing::info!(to = %mask(&email.to), subject = %email.subject, "e-mail sent over SMTP");
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn outbox_writes_one_eml_per_email_and_one_txt_per_sms() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = OutboxMailer::new(dir.path(), "Praline <no-reply@praline.local>");
        mailer
            .send(Email {
                to: "buyer@example.com".into(),
                subject: "인증 코드".into(),
                text: "코드: ABCDE12345".into(),
                html: None,
            })
            .await
            .unwrap();
        OutboxSms::new(dir.path())
            .send(Sms { to: "01012345678".into(), text: "[Praline] 1234".into() })
            .await
            .unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names.len(), 2);
        let eml = names.iter().find(|n| n.ends_with(".eml")).unwrap();
        let text = std::fs::read_to_string(dir.path().join(eml)).unwrap();
        assert!(text.contains("To: buyer@example.com"));
        assert!(text.contains("Subject: "));
        let sms = names.iter().find(|n| n.ends_with(".txt")).unwrap();
        assert!(std::fs::read_to_string(dir.path().join(sms)).unwrap().contains("[Praline] 1234"));
    }

    #[test]
    fn a_bad_recipient_is_an_address_error() {
        let err = build_message(
            "Praline <a@b.c>",
            &Email { to: "not an address".into(), subject: "x".into(), text: "x".into(), html: None },
        )
        .unwrap_err();
        assert!(matches!(err, MessagingError::Address(_)));
    }

    #[test]
    fn mask_hides_most_of_an_address() {
        assert_eq!(mask("buyer@example.com"), "b***@example.com");
        assert_eq!(mask("01012345678"), "***5678");
    }
}
