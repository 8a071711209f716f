//! Social login through the real app and faithful fakes of Kakao, Naver and Google.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use praline_testkit::fakes::{FakeOAuth, OAuthProfile};
use praline_testkit::{TestApp, body_json};
use serde_json::json;

const PUBLIC_URL: &str = "http://shop.test";

fn app_with(fake: &FakeOAuth, providers: &[&str]) -> TestApp {
    let mut table = toml::Table::new();
    for provider in providers {
        let (authorize, token, profile) = fake.urls(provider);
        let mut p = toml::Table::new();
        p.insert("client_id".into(), toml::Value::String(format!("{provider}-client")));
        p.insert("client_secret".into(), toml::Value::String(format!("{provider}-secret")));
        p.insert("authorize_url".into(), toml::Value::String(authorize));
        p.insert("token_url".into(), toml::Value::String(token));
        p.insert("profile_url".into(), toml::Value::String(profile));
        table.insert(provider.to_string(), toml::Value::Table(p));
    }
    TestApp::builder()
        .config(move |c| {
            c.public_url = PUBLIC_URL.into();
            c.sections.insert("oauth".into(), toml::Value::Table(table));
        })
        .spawn()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

fn cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")) && !v.starts_with(&format!("{name}=;")))
        .map(|v| v.split(';').next().unwrap().to_string())
}

struct Attempt {
    state_cookie: String,
    callback: String,
}

/// Start at the shop, approve at the provider; returns the callback the browser would open.
async fn begin(app: &TestApp, provider: &str) -> Attempt {
    let start =
        app.get(&format!("/api/v1/auth/oauth/{provider}/start?next=/account.html")).send().await.unwrap();
    assert_eq!(start.status(), 302);
    let state_cookie = cookie(&start, "praline_oauth").expect("a state cookie");
    let at_provider = app.client.get(location(&start)).send().await.unwrap();
    assert_eq!(at_provider.status(), 302);
    let back = location(&at_provider);
    let callback = back.strip_prefix(PUBLIC_URL).expect("back to our redirect_uri").to_string();
    Attempt { state_cookie, callback }
}

async fn finish(app: &TestApp, attempt: &Attempt) -> reqwest::Response {
    app.get(&attempt.callback).header("cookie", &attempt.state_cookie).send().await.unwrap()
}

fn person(subject: &str, email: Option<&str>, nickname: &str) -> OAuthProfile {
    OAuthProfile {
        subject: subject.into(),
        email: email.map(str::to_string),
        email_verified: true,
        nickname: nickname.into(),
        with_picture: true,
    }
}

#[actix_web::test]
async fn each_provider_signs_in_through_the_whole_redirect_dance() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["kakao", "naver", "google"]);
    let providers = body_json(app.get("/api/v1/auth/providers").send().await.unwrap()).await;
    assert_eq!(
        providers,
        json!([{"provider": "kakao", "enabled": true}, {"provider": "naver", "enabled": true}, {"provider": "google", "enabled": true}])
    );

    for (provider, subject, email, nickname) in [
        ("kakao", "1234567890", "kakao.user@example.com", "카카오 친구"),
        ("naver", "naver-abc", "naver.user@example.com", "네이버유저"),
        ("google", "1098765", "google.user@example.com", "Google User"),
    ] {
        fake.set_profile(provider, person(subject, Some(email), nickname));
        let done = finish(&app, &begin(&app, provider).await).await;
        assert_eq!(done.status(), 302, "{provider}");
        assert_eq!(location(&done), "/account.html");
        let refresh = cookie(&done, "praline_refresh").expect("signed in");
        let session =
            body_json(app.post("/api/v1/auth/refresh").header("cookie", &refresh).send().await.unwrap())
                .await;
        assert_eq!(session["user"]["email"], email);
        assert_eq!(session["user"]["login_type"], provider);
        assert_eq!(session["user"]["email_verified"], true);
        assert!(session["user"]["avatar_url"].as_str().unwrap().starts_with("/uploads/"), "{provider}");
        let me = body_json(
            app.get("/api/v1/me")
                .bearer_auth(session["access_token"].as_str().unwrap())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(me["points"], 29_900);

        // The same person again: the same account, no second bonus.
        let again = finish(&app, &begin(&app, provider).await).await;
        let refresh = cookie(&again, "praline_refresh").unwrap();
        let second =
            body_json(app.post("/api/v1/auth/refresh").header("cookie", &refresh).send().await.unwrap())
                .await;
        assert_eq!(second["user"]["id"], session["user"]["id"]);
        // Social accounts have no password: e-mail login says which provider to use.
        let body = body_json(app.login(email, "Any!thing1").await).await;
        assert_eq!(body["error"]["code"], "social_account");
        assert_eq!(body["error"]["provider"], provider);
    }
}

#[actix_web::test]
async fn a_tampered_or_missing_state_is_refused() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["kakao"]);
    fake.set_profile("kakao", person("1", Some("k@example.com"), "kakao1"));
    let attempt = begin(&app, "kakao").await;
    let forged_state = attempt.callback.replace("state=", "state=x");
    let forged = app.get(&forged_state).header("cookie", &attempt.state_cookie).send().await.unwrap();
    assert_eq!(location(&forged), "/login.html?error=oauth_state");
    let no_cookie = app.get(&attempt.callback).send().await.unwrap();
    assert_eq!(location(&no_cookie), "/login.html?error=oauth_state");
    let mut tampered = attempt.state_cookie.clone();
    tampered.insert(tampered.find('|').unwrap(), 'x');
    let bad_cookie = app.get(&attempt.callback).header("cookie", &tampered).send().await.unwrap();
    assert_eq!(location(&bad_cookie), "/login.html?error=oauth_state");
    assert!(cookie(&bad_cookie, "praline_refresh").is_none());
    // The untouched attempt still works once; the code cannot be replayed.
    assert_eq!(location(&finish(&app, &attempt).await), "/account.html");
    assert_eq!(location(&finish(&app, &attempt).await), "/login.html?error=oauth_failed");
}

#[actix_web::test]
async fn an_email_registered_another_way_is_refused() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["google"]);
    let signup = json!({"email": "taken@example.com", "password": "Choco!2345", "nickname": "taken1"});
    assert_eq!(app.post("/api/v1/auth/signup").json(&signup).send().await.unwrap().status(), 201);
    fake.set_profile("google", person("g-1", Some("Taken@example.com"), "Taken"));
    let done = finish(&app, &begin(&app, "google").await).await;
    assert_eq!(location(&done), "/login.html?error=email_registered_with_other_method");
    assert!(cookie(&done, "praline_refresh").is_none());
}

#[actix_web::test]
async fn a_provider_without_a_verified_email_cannot_create_an_account() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["kakao", "google"]);
    fake.set_profile("kakao", person("77", None, "noemail"));
    let done = finish(&app, &begin(&app, "kakao").await).await;
    assert_eq!(location(&done), "/login.html?error=oauth_no_email");
    let mut unverified = person("g-2", Some("unverified@example.com"), "unverified");
    unverified.email_verified = false;
    fake.set_profile("google", unverified);
    let done = finish(&app, &begin(&app, "google").await).await;
    assert_eq!(location(&done), "/login.html?error=oauth_no_email");
}

#[actix_web::test]
async fn providers_without_credentials_are_hidden_and_unreachable() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["naver"]);
    let providers = body_json(app.get("/api/v1/auth/providers").send().await.unwrap()).await;
    assert_eq!(providers[0], json!({"provider": "kakao", "enabled": false}));
    assert_eq!(providers[1], json!({"provider": "naver", "enabled": true}));
    assert_eq!(app.get("/api/v1/auth/oauth/kakao/start").send().await.unwrap().status(), 404);
    assert_eq!(app.get("/api/v1/auth/oauth/myspace/start").send().await.unwrap().status(), 404);
    // `next` never leaves the site.
    let start = app.get("/api/v1/auth/oauth/naver/start?next=https://evil.example/").send().await.unwrap();
    fake.set_profile("naver", person("n-9", Some("n9@example.com"), "n9"));
    let state_cookie = cookie(&start, "praline_oauth").unwrap();
    let at_provider = app.client.get(location(&start)).send().await.unwrap();
    let callback = location(&at_provider).strip_prefix(PUBLIC_URL).unwrap().to_string();
    let done = app.get(&callback).header("cookie", &state_cookie).send().await.unwrap();
    assert_eq!(location(&done), "/");
}

fn percent_encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The whole dance with `?next=` set to `raw` (percent-encoded on the way); returns the
/// `next` the state cookie carries and the final redirect.
async fn sign_in_with_next(app: &TestApp, raw: &str) -> (String, reqwest::Response) {
    let start = app
        .get(&format!("/api/v1/auth/oauth/kakao/start?next={}", percent_encode(raw)))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), 302, "{raw:?}");
    let state_cookie = cookie(&start, "praline_oauth").expect("a state cookie");
    use base64::Engine;
    let signed_next = state_cookie.split('|').nth(2).unwrap();
    let signed_next = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(signed_next).unwrap();
    let at_provider = app.client.get(location(&start)).send().await.unwrap();
    let callback = location(&at_provider).strip_prefix(PUBLIC_URL).unwrap().to_string();
    let done = app.get(&callback).header("cookie", &state_cookie).send().await.unwrap();
    (String::from_utf8(signed_next).unwrap(), done)
}

#[actix_web::test]
async fn next_after_a_social_login_is_a_path_on_this_site_or_the_home_page() {
    let fake = FakeOAuth::start();
    let app = app_with(&fake, &["kakao"]);
    fake.set_profile("kakao", person("k-next", Some("next@example.com"), "nexter"));
    for evil in [
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\t/x",
        "/\n/x",
        "/\r\nSet-Cookie:x",
        "https://evil.example",
        "javascript:alert(1)",
        "/\\/evil.example",
        "/x\u{7f}",
    ] {
        let (signed, done) = sign_in_with_next(&app, evil).await;
        assert_eq!(signed, "/", "checked before it is signed: {evil:?}");
        assert_eq!(done.status(), 302, "{evil:?}");
        assert_eq!(location(&done), "/", "{evil:?}");
        assert!(cookie(&done, "praline_refresh").is_some(), "still signed in: {evil:?}");
    }
    let (signed, done) = sign_in_with_next(&app, "/product.html?id=3").await;
    assert_eq!(signed, "/product.html?id=3");
    assert_eq!(location(&done), "/product.html?id=3");
}
