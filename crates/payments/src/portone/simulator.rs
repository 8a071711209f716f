//! A PortOne v1 stand-in, kept in memory: the development simulator the gateway mounts at
//! `/_sim/portone` when no PortOne keys are configured, and, served on a free loopback port,
//! the fake PortOne of the tests.
//!
//! It behaves as PROVIDERS.md describes the real one: the envelope on every answer, a token that
//! lives 30 minutes and is returned again until then, prepare then a payment of another amount
//! → `failed`, one paid payment per merchant_uid, partial cancels that add up under the
//! `checksum` rule, `code: 1` refusals with PortOne's Korean messages, HTTP 404 for an unknown
//! payment and 401 without a valid token. Tests flip its [`Switches`] for slow answers, 500s,
//! wrong amounts and forgotten payments, and read what it was asked ([`Simulator::calls`],
//! [`Simulator::cancels`]).
//!
//! The checkout page stands in for the card window: Approve makes a `paid` payment and, a
//! moment later, posts PortOne's webhook to [`Simulator::set_webhook_url`]; Decline makes a
//! `failed` one; Close does nothing. Each then redirects to the page's same-site `return_url`
//! with PortOne's `m_redirect_url` parameters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{CancelRecord, PortOnePayment};

const TOKEN_LIFETIME_SECS: i64 = 30 * 60;

/// Behaviours a test switches on.
#[derive(Debug, Clone, Default)]
pub struct Switches {
    /// Every REST answer waits this long first.
    pub delay: Duration,
    /// The next this-many REST calls answer HTTP 500.
    pub fail_next: u32,
    /// Approved payments charge this amount instead of the prepared one.
    pub charge_amount: Option<i64>,
    /// Approved payments are in this currency instead of KRW.
    pub charge_currency: Option<String>,
    /// Lookups answer 404 as if PortOne had never seen the payment.
    pub forget_payments: bool,
    /// Cancels answer HTTP 500 (the payment stays as it was).
    pub fail_cancels: bool,
}

/// What the simulator was asked, by kind: `token`, `prepare`, `lookup`, `find`, `cancel`.
pub type Calls = HashMap<&'static str, u32>;

#[derive(Default)]
struct Inner {
    token: Option<(String, i64)>,
    prepared: HashMap<String, i64>,
    payments: HashMap<String, PortOnePayment>,
    // merchant_uid → imp_uids, in the order they were made.
    by_merchant: HashMap<String, Vec<String>>,
    switches: Switches,
    calls: Calls,
    cancels: Vec<(String, Option<i64>)>,
    webhook_url: Option<String>,
    next: u64,
}

/// The simulator's shared state; clones see the same payments.
#[derive(Clone, Default)]
pub struct Simulator {
    inner: Arc<Mutex<Inner>>,
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator").finish_non_exhaustive()
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn envelope(response: Value) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "code": 0, "message": null, "response": response }))
}

fn refused(message: &str) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "code": 1, "message": message, "response": null }))
}

fn not_found(message: &str) -> HttpResponse {
    HttpResponse::NotFound().json(json!({ "code": -1, "message": message, "response": null }))
}

impl Simulator {
    /// An empty simulator.
    pub fn new() -> Simulator {
        Simulator::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where Approve posts PortOne's webhook (`…/api/v1/payments/portone/webhook`).
    pub fn set_webhook_url(&self, url: &str) {
        self.lock().webhook_url = Some(url.to_string());
    }

    /// Changes the switches.
    pub fn switch(&self, change: impl FnOnce(&mut Switches)) {
        change(&mut self.lock().switches);
    }

    /// How many calls of each kind it answered (or failed on purpose).
    pub fn calls(&self) -> Calls {
        self.lock().calls.clone()
    }

    /// The cancels it carried out: `(merchant_uid, amount)`, `None` for "all that is left".
    pub fn cancels(&self) -> Vec<(String, Option<i64>)> {
        self.lock().cancels.clone()
    }

    /// The amount prepared for `merchant_uid`.
    pub fn prepared(&self, merchant_uid: &str) -> Option<i64> {
        self.lock().prepared.get(merchant_uid).copied()
    }

    /// The payment `imp_uid`, as a lookup would report it.
    pub fn payment(&self, imp_uid: &str) -> Option<PortOnePayment> {
        self.lock().payments.get(imp_uid).cloned()
    }

    /// The card company approves a payment for `merchant_uid` (the prepared amount, or the
    /// `charge_amount` switch): a new `paid` payment. Refused when the merchant_uid was never
    /// prepared or is already paid.
    pub fn approve(&self, merchant_uid: &str) -> Result<PortOnePayment, String> {
        let mut inner = self.lock();
        let prepared = *inner.prepared.get(merchant_uid).ok_or("사전 등록되지 않은 주문입니다.")?;
        if inner.latest(merchant_uid).is_some_and(|p| p.status == "paid" || p.status == "cancelled") {
            return Err("이미 결제된 주문입니다.".into());
        }
        let charged = inner.switches.charge_amount.unwrap_or(prepared);
        let mut payment = inner.new_payment(merchant_uid, charged);
        if let Some(currency) = inner.switches.charge_currency.clone() {
            payment.currency = currency;
        }
        payment.status = "paid".into();
        payment.paid_at = unix_now();
        payment.receipt_url = Some(format!("https://simulator.praline.local/receipts/{}", payment.imp_uid));
        inner.store(payment.clone());
        Ok(payment)
    }

    /// The card company declines: a `failed` payment with a reason.
    pub fn decline(&self, merchant_uid: &str) -> Result<PortOnePayment, String> {
        let mut inner = self.lock();
        let prepared = *inner.prepared.get(merchant_uid).ok_or("사전 등록되지 않은 주문입니다.")?;
        let mut payment = inner.new_payment(merchant_uid, prepared);
        payment.status = "failed".into();
        payment.failed_at = unix_now();
        payment.fail_reason = Some("카드사 승인 거절 (한도 초과)".into());
        inner.store(payment.clone());
        Ok(payment)
    }

    /// Posts PortOne's webhook for `payment` to the configured URL (JSON, as PortOne sends it).
    pub async fn send_webhook(&self, payment: &PortOnePayment) -> Result<u16, String> {
        let url = self.lock().webhook_url.clone().ok_or("no webhook URL is set")?;
        let body = json!({ "imp_uid": payment.imp_uid, "merchant_uid": payment.merchant_uid, "status": payment.status });
        let http =
            reqwest::Client::builder().timeout(Duration::from_secs(10)).build().map_err(|e| e.to_string())?;
        let response = http.post(url).json(&body).send().await.map_err(|e| e.to_string())?;
        Ok(response.status().as_u16())
    }

    /// Mounts the REST stand-in and the checkout page at the current scope
    /// (`/_sim/portone` in the gateway, the root on a test port).
    pub fn configure(&self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(web::Data::new(self.clone()))
            .app_data(web::FormConfig::default().limit(16 * 1024))
            .route("/users/getToken", web::post().to(get_token))
            .route("/payments/prepare", web::post().to(prepare))
            .route("/payments/prepare/{merchant_uid}", web::get().to(read_prepared))
            .route("/payments/find/{merchant_uid}", web::get().to(find))
            .route("/payments/cancel", web::post().to(cancel))
            .route("/payments/{imp_uid}", web::get().to(lookup))
            .route("/checkout/{merchant_uid}", web::get().to(checkout_page))
            .route("/checkout/{merchant_uid}", web::post().to(checkout_action));
    }

    /// Counts the call and applies the delay and failure switches; `Some` is the answer to give
    /// instead of the real one.
    async fn enter(&self, kind: &'static str) -> Option<HttpResponse> {
        let (delay, fail) = {
            let mut inner = self.lock();
            *inner.calls.entry(kind).or_default() += 1;
            let fail = inner.switches.fail_next > 0 || (kind == "cancel" && inner.switches.fail_cancels);
            if inner.switches.fail_next > 0 {
                inner.switches.fail_next -= 1;
            }
            (inner.switches.delay, fail)
        };
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        fail.then(|| HttpResponse::InternalServerError().body("simulated failure"))
    }

    fn authorized(&self, req: &HttpRequest) -> bool {
        let given = req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
        let given = given.strip_prefix("Bearer ").unwrap_or(given);
        matches!(&self.lock().token, Some((token, until)) if token == given && *until > unix_now())
    }
}

impl Inner {
    fn latest(&self, merchant_uid: &str) -> Option<&PortOnePayment> {
        self.by_merchant.get(merchant_uid)?.last().and_then(|imp| self.payments.get(imp))
    }

    fn new_payment(&mut self, merchant_uid: &str, amount: i64) -> PortOnePayment {
        self.next += 1;
        PortOnePayment {
            imp_uid: format!("imps_{}{}", self.next, praline_kernel::crypto::random_token(9)),
            merchant_uid: merchant_uid.to_string(),
            amount,
            currency: "KRW".into(),
            status: "ready".into(),
            pay_method: Some("card".into()),
            pg_provider: Some("simulator".into()),
            name: Some("Praline".into()),
            ..PortOnePayment::default()
        }
    }

    fn store(&mut self, payment: PortOnePayment) {
        self.by_merchant.entry(payment.merchant_uid.clone()).or_default().push(payment.imp_uid.clone());
        self.payments.insert(payment.imp_uid.clone(), payment);
    }
}

/// A body PortOne takes as JSON or as a form.
async fn fields(req: &HttpRequest, body: web::Bytes) -> HashMap<String, Value> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return serde_json::from_slice::<HashMap<String, Value>>(&body).unwrap_or_default();
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.parse::<i64>().map(Value::from).unwrap_or(Value::String(v))))
        .collect()
}

fn text(fields: &HashMap<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(fields: &HashMap<String, Value>, name: &str) -> Option<i64> {
    match fields.get(name)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

async fn get_token(sim: web::Data<Simulator>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    if let Some(answer) = sim.enter("token").await {
        return answer;
    }
    let fields = fields(&req, body).await;
    if text(&fields, "imp_key").is_none_or(|k| k.is_empty())
        || text(&fields, "imp_secret").is_none_or(|s| s.is_empty())
    {
        return HttpResponse::Unauthorized().json(json!({ "code": -1, "message": "imp_key, imp_secret 파라메터가 누락되었습니다.", "response": null }));
    }
    let now = unix_now();
    let mut inner = sim.lock();
    let (token, expired_at) = match &inner.token {
        Some((token, until)) if *until > now => (token.clone(), *until),
        _ => {
            let token = praline_kernel::crypto::random_token(20);
            inner.token = Some((token.clone(), now + TOKEN_LIFETIME_SECS));
            (token, now + TOKEN_LIFETIME_SECS)
        }
    };
    envelope(json!({ "access_token": token, "expired_at": expired_at, "now": now }))
}

macro_rules! authorized {
    ($sim:expr, $req:expr, $kind:expr) => {
        if let Some(answer) = $sim.enter($kind).await {
            return answer;
        }
        if !$sim.authorized(&$req) {
            return HttpResponse::Unauthorized().json(json!({ "code": -1, "message": "Unauthorized", "response": null }));
        }
    };
}

async fn prepare(sim: web::Data<Simulator>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    authorized!(sim, req, "prepare");
    let fields = fields(&req, body).await;
    let (Some(merchant_uid), Some(amount)) = (text(&fields, "merchant_uid"), number(&fields, "amount"))
    else {
        return refused("merchant_uid, amount 파라메터가 누락되었습니다.");
    };
    if amount <= 0 {
        return refused("결제금액은 0보다 커야 합니다.");
    }
    let mut inner = sim.lock();
    match inner.prepared.get(&merchant_uid) {
        Some(existing) if *existing != amount => refused("이미 등록된 merchant_uid입니다."),
        _ => {
            inner.prepared.insert(merchant_uid.clone(), amount);
            envelope(json!({ "merchant_uid": merchant_uid, "amount": amount }))
        }
    }
}

async fn read_prepared(sim: web::Data<Simulator>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    authorized!(sim, req, "prepare");
    match sim.prepared(&path) {
        Some(amount) => envelope(json!({ "merchant_uid": path.into_inner(), "amount": amount })),
        None => not_found("사전 등록된 결제정보가 없습니다."),
    }
}

async fn lookup(sim: web::Data<Simulator>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    authorized!(sim, req, "lookup");
    let inner = sim.lock();
    match inner.payments.get(path.as_str()).filter(|_| !inner.switches.forget_payments) {
        Some(payment) => envelope(json!(payment)),
        None => not_found("존재하지 않는 결제정보입니다."),
    }
}

async fn find(sim: web::Data<Simulator>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    authorized!(sim, req, "find");
    let inner = sim.lock();
    match inner.latest(&path).filter(|_| !inner.switches.forget_payments) {
        Some(payment) => envelope(json!(payment)),
        None => not_found("존재하지 않는 결제정보입니다."),
    }
}

async fn cancel(sim: web::Data<Simulator>, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    authorized!(sim, req, "cancel");
    let fields = fields(&req, body).await;
    let mut inner = sim.lock();
    let imp_uid = match (text(&fields, "imp_uid"), text(&fields, "merchant_uid")) {
        (Some(imp_uid), _) => Some(imp_uid),
        (None, Some(merchant_uid)) => inner
            .by_merchant
            .get(&merchant_uid)
            .and_then(|all| {
                all.iter().rev().find(|imp| inner.payments.get(*imp).is_some_and(|p| p.status != "failed"))
            })
            .cloned(),
        (None, None) => return refused("imp_uid 또는 merchant_uid 파라메터가 필요합니다."),
    };
    let Some(payment) = imp_uid.and_then(|imp| inner.payments.get(&imp).cloned()) else {
        return refused("취소할 결제건이 존재하지 않습니다.");
    };
    if payment.status != "paid" {
        return refused(if payment.status == "cancelled" {
            "이미 전액취소된 주문입니다."
        } else {
            "결제완료 상태가 아닙니다."
        });
    }
    let cancellable = payment.amount - payment.cancel_amount;
    let requested = number(&fields, "amount");
    let amount = requested.unwrap_or(cancellable);
    if amount <= 0 || amount > cancellable {
        return refused("취소 가능한 금액을 초과하였습니다.");
    }
    if let Some(checksum) = number(&fields, "checksum")
        && checksum != cancellable
    {
        return refused("취소가능잔액 검증에 실패하였습니다.");
    }
    let mut updated = payment;
    updated.cancel_amount += amount;
    updated.cancel_history.push(CancelRecord {
        amount,
        reason: text(&fields, "reason"),
        cancelled_at: unix_now(),
    });
    if updated.cancel_amount == updated.amount {
        updated.status = "cancelled".into();
        updated.cancelled_at = unix_now();
    }
    inner.cancels.push((updated.merchant_uid.clone(), requested));
    inner.payments.insert(updated.imp_uid.clone(), updated.clone());
    envelope(json!(updated))
}

#[derive(Deserialize)]
struct ReturnTo {
    return_url: Option<String>,
}

/// Only a same-site path may be returned to (`/…`, never `//host` or a scheme).
fn same_site(url: Option<&str>) -> String {
    match url {
        Some(url)
            if url.starts_with('/')
                && !url.starts_with("//")
                && !url.contains('\\')
                && !url.chars().any(char::is_control) =>
        {
            url.to_string()
        }
        _ => "/".to_string(),
    }
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

async fn checkout_page(
    sim: web::Data<Simulator>,
    path: web::Path<String>,
    query: web::Query<ReturnTo>,
) -> HttpResponse {
    let merchant_uid = path.into_inner();
    let return_url = same_site(query.return_url.as_deref());
    let Some(amount) = sim.prepared(&merchant_uid) else {
        return HttpResponse::NotFound()
            .content_type("text/html; charset=utf-8")
            .body("<!doctype html><title>결제 시뮬레이터</title><p>사전 등록되지 않은 주문입니다. (unknown payment)</p>");
    };
    let won = praline_kernel::text::thousands(amount);
    let page = format!(
        r#"<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>결제 시뮬레이터 · Payment simulator</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/app.css"></head>
<body class="sim-checkout"><main class="container narrow">
<h1>결제 시뮬레이터 <small>Payment simulator</small></h1>
<p class="notice">개발용 가상 결제창입니다. 실제 카드 결제는 일어나지 않습니다.<br>A development stand-in for the card window: no real card is charged.</p>
<dl class="sim-summary"><dt>주문번호 · Order</dt><dd id="sim-merchant-uid">{uid}</dd><dt>결제금액 · Amount</dt><dd id="sim-amount">{won}원</dd></dl>
<form method="post" action="/_sim/portone/checkout/{uid}" class="sim-actions">
<input type="hidden" name="return_url" value="{ret}">
<button class="btn btn-primary" name="action" value="approve" id="sim-approve">승인 · Approve</button>
<button class="btn" name="action" value="decline" id="sim-decline">거절 · Decline</button>
<button class="btn btn-ghost" name="action" value="close" id="sim-close">닫기 · Close</button>
</form></main></body></html>"#,
        uid = escape(&merchant_uid),
        won = won,
        ret = escape(&return_url),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(page)
}

#[derive(Deserialize)]
struct CheckoutForm {
    action: String,
    return_url: Option<String>,
}

async fn checkout_action(
    sim: web::Data<Simulator>,
    path: web::Path<String>,
    form: web::Form<CheckoutForm>,
) -> HttpResponse {
    let merchant_uid = path.into_inner();
    let return_url = same_site(form.return_url.as_deref());
    let outcome = match form.action.as_str() {
        "approve" => sim.approve(&merchant_uid).map(Some),
        "decline" => sim.decline(&merchant_uid).map(Some),
        "close" => Ok(None),
        _ => Err("알 수 없는 동작입니다.".to_string()),
    };
    let mut query: Vec<(&str, String)> = vec![("merchant_uid", merchant_uid.clone())];
    match &outcome {
        Ok(Some(payment)) => {
            query.push(("imp_uid", payment.imp_uid.clone()));
            let paid = payment.status == "paid";
            query.push(("imp_success", paid.to_string()));
            if !paid {
                query.push(("error_msg", payment.fail_reason.clone().unwrap_or_default()));
            }
        }
        Ok(None) => {
            query.push(("imp_success", "false".into()));
            query.push(("error_msg", "사용자가 결제를 취소하였습니다.".into()));
        }
        Err(message) => {
            query.push(("imp_success", "false".into()));
            query.push(("error_msg", message.clone()));
        }
    }
    if let Ok(Some(payment)) = outcome.as_ref()
        && payment.status == "paid"
    {
        // PortOne's webhook arrives a moment later, independent of the browser.
        let (sim, payment) = (sim.get_ref().clone(), payment.clone());
        actix_web::rt::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if let Err(error) = sim.send_webhook(&payment).await {
                tracing::warn!(%error, "the simulator could not deliver its webhook");
            }
        });
    }
    let separator = if return_url.contains('?') { '&' } else { '?' };
    let location =
        format!("{return_url}{separator}{}", serde_urlencoded::to_string(&query).unwrap_or_default());
    HttpResponse::SeeOther().insert_header((header::LOCATION, location)).finish()
}
