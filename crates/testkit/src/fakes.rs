//! Fake outside services on loopback, built from what the real ones do (shared/PROVIDERS.md).

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use praline_kernel::messaging::sens_signature;
use serde_json::{Value, json};

/// Runs an app made of `configure` on its own thread; returns its base URL and handle.
fn spawn_server(
    configure: impl Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
) -> (String, ServerHandle) {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let addr = listener.local_addr().unwrap();
            let server = HttpServer::new(move || App::new().configure(configure.clone()))
                .workers(1)
                .disable_signals()
                .shutdown_timeout(1)
                .listen(listener)
                .unwrap()
                .run();
            tx.send((format!("http://{addr}"), server.handle())).unwrap();
            let _ = server.await;
        });
    });
    rx.recv().expect("the fake server starts")
}

/// One SMS the fake SENS accepted.
#[derive(Debug, Clone)]
pub struct SentSms {
    pub from: String,
    pub to: String,
    pub content: String,
}

#[derive(Clone)]
struct SensState {
    service_id: String,
    access_key: String,
    secret_key: String,
    sent: Arc<Mutex<Vec<SentSms>>>,
}

/// Naver Cloud SENS v2 on loopback: checks the access key and the HMAC signature over
/// `POST {path}\n{timestamp}\n{access key}` (401 when wrong), then answers 202 like SENS.
pub struct FakeSens {
    pub base_url: String,
    pub service_id: String,
    pub access_key: String,
    pub secret_key: String,
    sent: Arc<Mutex<Vec<SentSms>>>,
    handle: ServerHandle,
}

impl FakeSens {
    pub fn start() -> FakeSens {
        let state = SensState {
            service_id: "ncp:sms:kr:1234:praline".into(),
            access_key: "fake-access-key".into(),
            secret_key: "fake-secret-key".into(),
            sent: Arc::new(Mutex::new(Vec::new())),
        };
        let app_state = state.clone();
        let (base_url, handle) = spawn_server(move |cfg| {
            cfg.app_data(web::Data::new(app_state.clone()))
                .route("/sms/v2/services/{service_id}/messages", web::post().to(sens_messages));
        });
        FakeSens {
            base_url,
            service_id: state.service_id,
            access_key: state.access_key,
            secret_key: state.secret_key,
            sent: state.sent,
            handle,
        }
    }

    /// Everything accepted so far.
    pub fn sent(&self) -> Vec<SentSms> {
        self.sent.lock().unwrap().clone()
    }
}

impl Drop for FakeSens {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn sens_messages(
    req: HttpRequest,
    state: web::Data<SensState>,
    service_id: web::Path<String>,
    body: web::Json<Value>,
) -> HttpResponse {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let unauthorized = |reason: &str| {
        HttpResponse::Unauthorized().json(json!({"error": {"errorCode": "200", "message": reason}}))
    };
    if service_id.as_str() != state.service_id {
        return HttpResponse::NotFound().json(json!({"error": {"message": "service not found"}}));
    }
    let timestamp = header("x-ncp-apigw-timestamp");
    let Ok(millis) = timestamp.parse::<i64>() else { return unauthorized("missing timestamp") };
    if (chrono::Utc::now().timestamp_millis() - millis).abs() > 5 * 60 * 1000 {
        return unauthorized("timestamp expired");
    }
    if header("x-ncp-iam-access-key") != state.access_key {
        return unauthorized("unknown access key");
    }
    let expected = sens_signature(&state.secret_key, "POST", req.path(), &timestamp, &state.access_key);
    if header("x-ncp-apigw-signature-v2") != expected {
        return unauthorized("signature mismatch");
    }
    let from = body["from"].as_str().unwrap_or_default().to_string();
    let content = body["content"].as_str().unwrap_or_default().to_string();
    let Some(messages) = body["messages"].as_array() else {
        return HttpResponse::BadRequest().json(json!({"error": {"message": "messages required"}}));
    };
    for message in messages {
        state.sent.lock().unwrap().push(SentSms {
            from: from.clone(),
            to: message["to"].as_str().unwrap_or_default().to_string(),
            content: content.clone(),
        });
    }
    HttpResponse::Accepted().json(json!({
        "requestId": "RSSA-1234", "requestTime": chrono::Utc::now().to_rfc3339(),
        "statusCode": "202", "statusName": "success"
    }))
}

/// A person at a fake login provider.
#[derive(Debug, Clone)]
pub struct OAuthProfile {
    /// The provider's stable id for the person.
    pub subject: String,
    /// `None` when the person did not consent to share it.
    pub email: Option<String>,
    /// Whether the provider says the e-mail is verified (Kakao and Google report it).
    pub email_verified: bool,
    pub nickname: String,
    /// Serve a small PNG as the profile picture.
    pub with_picture: bool,
}

#[derive(Default)]
struct OAuthInner {
    profiles: std::collections::HashMap<String, OAuthProfile>,
    // code -> (provider, subject); a code works once
    codes: std::collections::HashMap<String, (String, String)>,
    // access token -> (provider, subject)
    tokens: std::collections::HashMap<String, (String, String)>,
    counter: u64,
}

#[derive(Clone, Default)]
struct OAuthState {
    inner: Arc<Mutex<OAuthInner>>,
    base_url: Arc<Mutex<String>>,
}

/// Kakao, Naver and Google on one loopback server, each with its own quirks: Kakao's nested
/// `kakao_account` and `KOE320` for a reused code, Naver's string `expires_in` and
/// `resultcode`, Google's `sub`/`email_verified` userinfo. The authorize page approves at once
/// as the profile set for that provider.
pub struct FakeOAuth {
    pub base_url: String,
    state: OAuthState,
    handle: ServerHandle,
}

/// A 1×1 PNG.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05,
    0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42,
    0x60, 0x82,
];

impl FakeOAuth {
    pub fn start() -> FakeOAuth {
        let state = OAuthState::default();
        let app_state = state.clone();
        let (base_url, handle) = spawn_server(move |cfg| {
            cfg.app_data(web::Data::new(app_state.clone()))
                .route("/{provider}/authorize", web::get().to(oauth_authorize))
                .route("/{provider}/token", web::post().to(oauth_token))
                .route("/naver/token", web::get().to(oauth_token))
                .route("/kakao/v2/user/me", web::get().to(kakao_me))
                .route("/naver/v1/nid/me", web::get().to(naver_me))
                .route("/google/v1/userinfo", web::get().to(google_userinfo))
                .route(
                    "/picture.png",
                    web::get().to(|| async { HttpResponse::Ok().content_type("image/png").body(TINY_PNG) }),
                );
        });
        *state.base_url.lock().unwrap() = base_url.clone();
        FakeOAuth { base_url, state, handle }
    }

    /// Who signs in next at `provider` (`kakao`, `naver`, `google`).
    pub fn set_profile(&self, provider: &str, profile: OAuthProfile) {
        self.state.inner.lock().unwrap().profiles.insert(provider.to_string(), profile);
    }

    /// The three endpoint URLs of a provider: authorize, token, profile.
    pub fn urls(&self, provider: &str) -> (String, String, String) {
        let profile = match provider {
            "kakao" => "kakao/v2/user/me",
            "naver" => "naver/v1/nid/me",
            _ => "google/v1/userinfo",
        };
        (
            format!("{}/{provider}/authorize", self.base_url),
            format!("{}/{provider}/token", self.base_url),
            format!("{}/{profile}", self.base_url),
        )
    }
}

impl Drop for FakeOAuth {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn oauth_authorize(
    state: web::Data<OAuthState>,
    provider: web::Path<String>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let (Some(redirect), Some(client_id)) = (query.get("redirect_uri"), query.get("client_id")) else {
        return HttpResponse::BadRequest().body("redirect_uri and client_id are required");
    };
    if client_id.is_empty() || query.get("response_type").map(String::as_str) != Some("code") {
        return HttpResponse::BadRequest().body("bad client_id or response_type");
    }
    let mut inner = state.inner.lock().unwrap();
    let Some(profile) = inner.profiles.get(provider.as_str()).cloned() else {
        let sep = if redirect.contains('?') { '&' } else { '?' };
        return HttpResponse::Found()
            .insert_header((
                "Location",
                format!(
                    "{redirect}{sep}error=access_denied&state={}",
                    query.get("state").cloned().unwrap_or_default()
                ),
            ))
            .finish();
    };
    inner.counter += 1;
    let code = format!("code-{}-{}", provider, inner.counter);
    inner.codes.insert(code.clone(), (provider.to_string(), profile.subject));
    let state_param = query.get("state").cloned().unwrap_or_default();
    let location = format!("{redirect}?code={code}&state={}", urlencode(&state_param));
    HttpResponse::Found().insert_header(("Location", location)).finish()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn oauth_token(req: HttpRequest, state: web::Data<OAuthState>, body: web::Bytes) -> HttpResponse {
    let provider = req.path().trim_start_matches('/').split('/').next().unwrap_or("").to_string();
    // Form body (POST) or query string (Naver allows GET).
    let raw = if body.is_empty() {
        req.query_string().to_string()
    } else {
        String::from_utf8_lossy(&body).to_string()
    };
    let params: std::collections::HashMap<String, String> = url_form(&raw);
    if params.get("grant_type").map(String::as_str) != Some("authorization_code") {
        return HttpResponse::BadRequest().json(json!({"error": "unsupported_grant_type"}));
    }
    if params.get("client_id").is_none_or(|c| c.is_empty()) {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_client"}));
    }
    let code = params.get("code").cloned().unwrap_or_default();
    let mut inner = state.inner.lock().unwrap();
    let Some((code_provider, subject)) = inner.codes.remove(&code) else {
        return match provider.as_str() {
            "kakao" => HttpResponse::BadRequest().json(json!({"error": "invalid_grant",
                "error_description": "authorization code not found for code=", "error_code": "KOE320"})),
            "naver" => HttpResponse::Ok()
                .json(json!({"error": "invalid_request", "error_description": "no valid data in session"})),
            _ => HttpResponse::BadRequest()
                .json(json!({"error": "invalid_grant", "error_description": "Bad Request"})),
        };
    };
    if code_provider != provider {
        return HttpResponse::BadRequest().json(json!({"error": "invalid_grant"}));
    }
    inner.counter += 1;
    let token = format!("token-{provider}-{}", inner.counter);
    inner.tokens.insert(token.clone(), (provider.clone(), subject));
    match provider.as_str() {
        "kakao" => HttpResponse::Ok().json(json!({"token_type": "bearer", "access_token": token, "expires_in": 21599,
            "refresh_token": "r", "refresh_token_expires_in": 5183999, "scope": "account_email profile_nickname"})),
        "naver" => HttpResponse::Ok().json(json!({"access_token": token, "refresh_token": "r", "token_type": "bearer", "expires_in": "3600"})),
        _ => HttpResponse::Ok().json(json!({"access_token": token, "expires_in": 3599, "token_type": "Bearer",
            "scope": "openid email profile", "id_token": "x.y.z"})),
    }
}

fn url_form(raw: &str) -> std::collections::HashMap<String, String> {
    raw.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (decode(k), decode(v))).collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn bearer_profile(req: &HttpRequest, state: &OAuthState, provider: &str) -> Option<OAuthProfile> {
    let token = req.headers().get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")?.to_string();
    let inner = state.inner.lock().unwrap();
    let (p, subject) = inner.tokens.get(&token)?;
    let profile = inner.profiles.get(provider)?;
    (p == provider && &profile.subject == subject).then(|| profile.clone())
}

fn picture(state: &OAuthState, profile: &OAuthProfile) -> Option<String> {
    profile.with_picture.then(|| format!("{}/picture.png", state.base_url.lock().unwrap()))
}

async fn kakao_me(req: HttpRequest, state: web::Data<OAuthState>) -> HttpResponse {
    let Some(p) = bearer_profile(&req, &state, "kakao") else {
        return HttpResponse::Unauthorized()
            .json(json!({"msg": "this access token does not exist", "code": -401}));
    };
    let mut account = json!({"profile_nickname_needs_agreement": false,
        "profile": {"nickname": p.nickname, "thumbnail_image_url": picture(&state, &p), "profile_image_url": picture(&state, &p)}});
    if let Some(email) = &p.email {
        account["email"] = json!(email);
        account["is_email_valid"] = json!(true);
        account["is_email_verified"] = json!(p.email_verified);
    }
    HttpResponse::Ok().json(json!({"id": p.subject.parse::<i64>().unwrap_or(1), "connected_at": "2026-11-01T00:00:00Z", "kakao_account": account}))
}

async fn naver_me(req: HttpRequest, state: web::Data<OAuthState>) -> HttpResponse {
    let Some(p) = bearer_profile(&req, &state, "naver") else {
        return HttpResponse::Unauthorized()
            .json(json!({"resultcode": "024", "message": "Authentication failed"}));
    };
    let mut response = json!({"id": p.subject, "nickname": p.nickname, "profile_image": picture(&state, &p)});
    if let Some(email) = &p.email {
        response["email"] = json!(email);
    }
    HttpResponse::Ok().json(json!({"resultcode": "00", "message": "success", "response": response}))
}

async fn google_userinfo(req: HttpRequest, state: web::Data<OAuthState>) -> HttpResponse {
    let Some(p) = bearer_profile(&req, &state, "google") else {
        return HttpResponse::Unauthorized().json(json!({"error": "invalid_request"}));
    };
    let mut body = json!({"sub": p.subject, "name": p.nickname, "picture": picture(&state, &p)});
    if let Some(email) = &p.email {
        body["email"] = json!(email);
        body["email_verified"] = json!(p.email_verified);
    }
    HttpResponse::Ok().json(body)
}

/// One message an [`SmtpSink`] received.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The whole message as sent after DATA (headers and encoded body).
    pub data: String,
}

/// A plain SMTP server on loopback that accepts every message and keeps it.
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let store = store.clone();
                std::thread::spawn(move || {
                    let _ = smtp_session(stream, &store);
                });
            }
        });
        SmtpSink { port, received }
    }

    /// `smtp://127.0.0.1:<port>` for `mail.smtp_url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.received.lock().unwrap().clone()
    }
}

fn smtp_session(stream: std::net::TcpStream, store: &Mutex<Vec<ReceivedMail>>) -> std::io::Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    writer.write_all(b"220 sink.test ESMTP ready\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            writer.write_all(b"250-sink.test\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = command[10..].trim().trim_matches(['<', '>']).to_string();
            to.clear();
            writer.write_all(b"250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(command[8..].trim().trim_matches(['<', '>']).to_string());
            writer.write_all(b"250 OK\r\n")?;
        } else if upper == "DATA" {
            writer.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            store.lock().unwrap().push(ReceivedMail { from: from.clone(), to: to.clone(), data });
            writer.write_all(b"250 OK: queued\r\n")?;
        } else if upper == "QUIT" {
            writer.write_all(b"221 Bye\r\n")?;
            return Ok(());
        } else {
            writer.write_all(b"250 OK\r\n")?;
        }
    }
}

/// PortOne v1 on loopback: the payment simulator the gateway mounts in development, served on
/// its own port (one piece, so the fake behaves as the simulator does). Derefs to the
/// [`Simulator`](praline_payments::portone::simulator::Simulator) for approving payments,
/// flipping its switches and reading what it was asked.
pub struct FakePortOne {
    pub base_url: String,
    simulator: praline_payments::portone::simulator::Simulator,
    handle: ServerHandle,
}

impl FakePortOne {
    pub fn start() -> FakePortOne {
        let simulator = praline_payments::portone::simulator::Simulator::new();
        let served = simulator.clone();
        let (base_url, handle) = spawn_server(move |cfg| served.configure(cfg));
        FakePortOne { base_url, simulator, handle }
    }

    /// Points an app's `[portone]` section at this fake, with keys (so the app treats it as
    /// real PortOne) and a short deadline for timeout tests.
    pub fn settings(&self, timeout_ms: u64) -> impl FnOnce(&mut praline_kernel::config::Config) + 'static {
        let base_url = self.base_url.clone();
        move |config| {
            let mut section = toml::Table::new();
            section.insert("base_url".into(), toml::Value::String(base_url));
            section.insert("imp_key".into(), toml::Value::String("test-key".into()));
            section.insert("imp_secret".into(), toml::Value::String("test-secret".into()));
            section.insert("imp_code".into(), toml::Value::String("imp00000000".into()));
            section.insert("timeout_ms".into(), toml::Value::Integer(timeout_ms as i64));
            config.sections.insert("portone".into(), toml::Value::Table(section));
        }
    }
}

impl std::ops::Deref for FakePortOne {
    type Target = praline_payments::portone::simulator::Simulator;

    fn deref(&self) -> &Self::Target {
        &self.simulator
    }
}

impl Drop for FakePortOne {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}
