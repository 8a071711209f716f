//! The real app on a loopback port, for HTTP tests.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Once;

use actix_web::dev::ServerHandle;
use chrono::Utc;
use praline_gateway::server::{Listen, ServerOptions};
use praline_kernel::AppState;
use praline_kernel::clock::Clock;
use praline_kernel::config::Config;
use praline_kernel::crypto::Secrets;
use praline_kernel::messaging::outbox::{OutboxMessage, read_outbox};

use crate::db::{TestDb, workspace_dir};
use crate::users::{Session, UserBuilder, code_in};

/// A running app with its own database, data folder and clock.
pub struct TestApp {
    /// The state the app runs with (pool, config, clock…), for direct service calls.
    pub state: AppState,
    /// The app's clock; move it to test expiry rules.
    pub clock: Clock,
    /// Where the app listens.
    pub addr: SocketAddr,
    /// A client without cookies (tests pass cookies explicitly).
    pub client: reqwest::Client,
    handle: ServerHandle,
    data_dir: tempfile::TempDir,
    // The administrator who approves the sellers `seller()` makes, made on first use.
    approver: tokio::sync::OnceCell<Session>,
    // Dropped last, after the server stopped.
    _db: TestDb,
}

type ConfigTweak = Box<dyn FnOnce(&mut Config)>;

/// Adjusts the configuration before the app starts.
#[derive(Default)]
pub struct TestAppBuilder {
    tweaks: Vec<ConfigTweak>,
    secrets_env: Option<String>,
}

impl TestAppBuilder {
    /// Changes the configuration (e.g. `|c| c.redis.url = "redis://127.0.0.1:6379".into()`).
    pub fn config(mut self, tweak: impl FnOnce(&mut Config) + 'static) -> Self {
        self.tweaks.push(Box::new(tweak));
        self
    }

    /// Uses the secrets in `env_lines` (as printed by `Secrets::generate_env`), so several apps
    /// can act as gateways of one shop.
    pub fn secrets(mut self, env_lines: &str) -> Self {
        self.secrets_env = Some(env_lines.to_string());
        self
    }

    /// Starts the app.
    pub fn spawn(self) -> TestApp {
        init_process();
        let db = TestDb::new();
        let data_dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: data_dir.path().to_path_buf(),
            web_dir: workspace_dir().join("web"),
            ..Config::default()
        };
        // The listener first, so the app knows its own address (the payment simulator calls it).
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        config.bind = listener.local_addr().unwrap().to_string();
        config.database.url = db.url().to_string();
        config.database.pool_size = 4;
        config.http.workers = 2;
        // bcrypt at cost 4: the rules are the same, the tests fast.
        let mut accounts = toml::Table::new();
        accounts.insert("bcrypt_cost".into(), toml::Value::Integer(4));
        config.sections.insert("accounts".into(), toml::Value::Table(accounts));
        // Totals counted every time, so a test sees its own writes at once.
        let mut catalog = toml::Table::new();
        catalog.insert("count_cache_ms".into(), toml::Value::Integer(0));
        config.sections.insert("catalog".into(), toml::Value::Table(catalog));
        for tweak in self.tweaks {
            tweak(&mut config);
        }
        let secrets = match &self.secrets_env {
            Some(lines) => {
                let vars = lines
                    .lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                Secrets::load_from(&config, &vars).expect("the given secrets load")
            }
            None => Secrets::for_tests(),
        };
        let clock = Clock::manual(Utc::now());
        let state = praline_gateway::startup::build_state_with(config, clock.clone(), Some(secrets))
            .expect("the test app state builds");
        let (addr, handle) = serve(state.clone(), listener);
        TestApp {
            state,
            clock,
            addr,
            client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            handle,
            data_dir,
            approver: tokio::sync::OnceCell::new(),
            _db: db,
        }
    }
}

fn init_process() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        praline_gateway::startup::install_crypto_provider();
        let filter = std::env::var("PRALINE_TEST_LOG").unwrap_or_else(|_| "off".into());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    });
}

/// Runs the app on its own thread and actix system, so any test runtime can call it.
fn serve(state: AppState, listener: TcpListener) -> (SocketAddr, ServerHandle) {
    let (tx, rx) = std::sync::mpsc::channel();
    let workers = state.config.http.workers.max(1);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let addr = listener.local_addr().unwrap();
            let options = ServerOptions { workers, shutdown_timeout: 1, signals: false };
            let server = praline_gateway::server::serve(state, Listen::Socket(listener), &options).unwrap();
            tx.send((addr, server.handle())).unwrap();
            let _ = server.await;
        });
    });
    rx.recv().expect("the test server starts")
}

impl TestApp {
    /// The app with the default test configuration.
    pub fn spawn() -> TestApp {
        TestApp::builder().spawn()
    }

    /// A builder to change the configuration first.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.post(self.url(path))
    }

    pub fn put(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.put(self.url(path))
    }

    pub fn patch(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.patch(self.url(path))
    }

    pub fn delete(&self, path: &str) -> reqwest::RequestBuilder {
        self.client.delete(self.url(path))
    }

    /// The app's data folder (database files, uploads, outbox).
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.path().to_path_buf()
    }

    /// Everything the app "sent" through the development outbox, oldest first.
    pub fn outbox(&self) -> Vec<OutboxMessage> {
        read_outbox(&self.data_dir.path().join("outbox"))
    }

    /// The code in the last e-mail or SMS sent to `to` (an e-mail address or 11-digit phone).
    pub fn last_code(&self, to: &str) -> String {
        let message = self
            .outbox()
            .into_iter()
            .rev()
            .find(|m| m.to.eq_ignore_ascii_case(to))
            .unwrap_or_else(|| panic!("nothing was sent to {to}"));
        code_in(&message.body).unwrap_or_else(|| panic!("no code in the message to {to}: {}", message.body))
    }

    /// `POST /auth/login`, as a browser would send it.
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        let body = serde_json::json!({"email": email, "password": password});
        self.post("/api/v1/auth/login").json(&body).send().await.unwrap()
    }

    /// A new session of an existing user (the login must succeed).
    pub async fn session(&self, email: &str, password: &str) -> Session {
        Session::from_login(self, self.login(email, password).await, password).await
    }

    /// A user to make, with some values chosen: `app.user().email("a@example.com").buyer()`.
    pub fn user(&self) -> UserBuilder<'_> {
        UserBuilder::new(self)
    }

    /// A fresh buyer: signed up, e-mail verified, signed in.
    pub async fn buyer(&self) -> Session {
        self.user().buyer().await
    }

    /// A fresh seller whose application an administrator approved, signed in.
    pub async fn seller(&self) -> Session {
        self.user().seller().await
    }

    /// A fresh seller still waiting for approval, signed in.
    pub async fn pending_seller(&self) -> Session {
        self.user().pending_seller().await
    }

    /// A fresh administrator, signed in.
    pub async fn admin(&self) -> Session {
        self.user().admin().await
    }

    pub(crate) async fn approver(&self) -> &Session {
        self.approver.get_or_init(|| self.admin()).await
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // The stop command is sent at once; the server thread finishes by itself.
        drop(self.handle.stop(false));
    }
}

/// Reads a response body as JSON (panics with the body text when it is not JSON).
pub async fn body_json(response: reqwest::Response) -> serde_json::Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("expected JSON, got: {text}"))
}
