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
