//! People in a test: buyers, sellers and administrators made through the real app, and the
//! signed-in [`Session`] each of them gets.

use std::sync::atomic::{AtomicU64, Ordering};

use praline_accounts::AccountsConfig;
use praline_accounts::model::{Email, Nickname, Password};
use praline_accounts::service::{admin, password};
use serde_json::{Value, json};

use crate::app::{TestApp, body_json};

/// The password every made-up user has unless a test picks another.
pub const PASSWORD: &str = "Choco!2345";

/// A number no other user of this test process has, for unique e-mails and names.
fn next_number() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    COUNTER.fetch_add(1, Ordering::Relaxed)
}

/// A signed-in user: who they are, their tokens, and requests that carry their bearer token.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub email: String,
    pub password: String,
    /// The access token.
    pub token: String,
    pub refresh_token: String,
    /// The whole login response (`access_token`, `refresh_token`, `user`…).
    pub login: Value,
    client: reqwest::Client,
    base_url: String,
}

impl Session {
    /// Reads a `200` login (or refresh) response into a session.
    pub async fn from_login(app: &TestApp, response: reqwest::Response, password: &str) -> Session {
        assert_eq!(response.status(), 200, "a session needs a successful login");
        let login = body_json(response).await;
        let text = |v: &Value| v.as_str().unwrap_or_else(|| panic!("no token in {login}")).to_string();
        Session {
            user_id: login["user"]["id"].as_i64().unwrap_or_else(|| panic!("no user id in {login}")),
            email: text(&login["user"]["email"]),
            password: password.to_string(),
            token: text(&login["access_token"]),
            refresh_token: text(&login["refresh_token"]),
            client: app.client.clone(),
            base_url: app.url(""),
            login,
        }
    }

    /// The session a refresh of this one hands back (its roles read from the database again).
    pub async fn refreshed(&self, app: &TestApp) -> Session {
        let response = app
            .post("/api/v1/auth/refresh")
            .json(&serde_json::json!({"refresh_token": self.refresh_token}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("refresh failed: {e}"));
        Session::from_login(app, response, &self.password).await
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base_url)).bearer_auth(&self.token)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::GET, path)
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::POST, path)
    }

    pub fn put(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> reqwest::RequestBuilder {
        self.request(reqwest::Method::DELETE, path)
    }

    /// `GET path` as this user, read as JSON whatever the status.
    pub async fn get_json(&self, path: &str) -> Value {
        body_json(self.get(path).send().await.unwrap()).await
    }
}

/// A user about to be made; unset values are unique ones from a counter.
#[must_use]
pub struct UserBuilder<'a> {
    app: &'a TestApp,
    email: Option<String>,
    nickname: Option<String>,
    password: String,
    company: Option<String>,
}

impl<'a> UserBuilder<'a> {
    pub(crate) fn new(app: &'a TestApp) -> UserBuilder<'a> {
        UserBuilder { app, email: None, nickname: None, password: PASSWORD.into(), company: None }
    }

    pub fn email(mut self, email: &str) -> Self {
        self.email = Some(email.to_string());
        self
    }

    pub fn nickname(mut self, nickname: &str) -> Self {
        self.nickname = Some(nickname.to_string());
        self
    }

    pub fn password(mut self, password: &str) -> Self {
        self.password = password.to_string();
        self
    }

    /// The company name of a seller.
    pub fn company(mut self, company: &str) -> Self {
        self.company = Some(company.to_string());
        self
    }

    /// Signed up, e-mail verified through the outbox code, logged in.
    pub async fn buyer(self) -> Session {
        let n = next_number();
        let (email, nickname) = self.names(n);
        let body = json!({"email": email, "password": self.password, "nickname": nickname});
        self.sign_up_and_log_in(body, &email).await
    }

    /// Signed up as a seller with valid seller details, verified and logged in; not approved.
    pub async fn pending_seller(self) -> Session {
        let n = next_number();
        let (email, nickname) = self.names(n);
        let company = self.company.clone().unwrap_or_else(|| format!("Cacao House {n}"));
        let seller = json!({"company_name": company, "business_number": format!("{}", 1_000_000_000 + n % 9_000_000_000),
            "owner_name": "Kim", "contact": "0212345678", "bank_name": "국민은행",
            "account_number": "123456789012", "account_holder": "Kim"});
        let body = json!({"email": email, "password": self.password, "nickname": nickname,
            "role": "seller", "seller": seller});
        self.sign_up_and_log_in(body, &email).await
    }

    /// A seller an administrator approved through the API (or the app at once, when
    /// `auto_approve_sellers` is on), logged in after the approval.
    pub async fn seller(self) -> Session {
        let app = self.app;
        let password = self.password.clone();
        let pending = self.pending_seller().await;
        if pending.login["user"]["seller_status"] == "approved" {
            return pending; // `auto_approve_sellers` is on
        }
        let approver = app.approver().await;
        let approved =
            approver.post(&format!("/api/v1/admin/seller-applications/{}/approve", pending.user_id)).send();
        assert_eq!(approved.await.unwrap().status(), 200, "the seller is approved");
        app.session(&pending.email, &password).await
    }

    /// An administrator, created the way `praline create-admin` does, logged in.
    pub async fn admin(self) -> Session {
        let n = next_number();
        let (email, nickname) = self.names(n);
        let state = self.app.state.clone();
        let config = state.settings.get::<AccountsConfig>().unwrap();
        let plain = Password::parse("password", &self.password).unwrap();
        let hash = password::hash(&plain, config.bcrypt_cost).await.unwrap();
        let address = email.clone();
        praline_accounts::service::call(&state, config, move |conn, env| {
            admin::create_admin(conn, env, &Email::parse(&address)?, &Nickname::parse(&nickname)?, &hash)
        })
        .await
        .unwrap();
        self.app.session(&email, &self.password).await
    }

    fn names(&self, n: u64) -> (String, String) {
        let email = self.email.clone().unwrap_or_else(|| format!("user{n}@example.com"));
        let nickname = self.nickname.clone().unwrap_or_else(|| format!("user{n}"));
        (email, nickname)
    }

    async fn sign_up_and_log_in(self, body: Value, email: &str) -> Session {
        let app = self.app;
        let created = app.post("/api/v1/auth/signup").json(&body).send().await.unwrap();
        assert_eq!(created.status(), 201, "signup of {email}: {}", created.text().await.unwrap());
        let code = app.last_code(email);
        let verified =
            app.post("/api/v1/auth/email/verify").json(&json!({"email": email, "code": code})).send();
        assert_eq!(verified.await.unwrap().status(), 200, "{email} is verified");
        app.session(email, &self.password).await
    }
}

/// The code in an e-mail body (alone on its line) or an SMS text (`인증번호 [1234]`).
pub fn code_in(text: &str) -> Option<String> {
    let email_code = text
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 10 && l.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    let sms_code = || {
        text.split('[')
            .filter_map(|part| part.split_once(']').map(|(inside, _)| inside))
            .find(|inside| !inside.is_empty() && inside.chars().all(|c| c.is_ascii_digit()))
    };
    email_code.or_else(sms_code).map(str::to_string)
}
