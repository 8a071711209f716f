//! Typed configuration: compiled-in defaults, then `praline.toml`, then environment variables.
//!
//! Every nested key can be set from the environment as `PRALINE_<SECTION>__<KEY>`
//! (`accounts.auto_approve_sellers` is `PRALINE_ACCOUNTS__AUTO_APPROVE_SELLERS`). A few
//! well-known variables have short names: `DATABASE_URL`, `REDIS_URL`, `PRALINE_BIND`,
//! `PRALINE_DATA_DIR`, `PRALINE_WEB_DIR`, `PRALINE_ENV`, `PRALINE_PUBLIC_URL`.
//!
//! Environment values arrive as strings; they are converted to the type of the default they
//! replace, so `PRALINE_DATABASE__POOL_SIZE=8` is a number and `PRALINE_HTTP__CORS_ORIGINS=a,b`
//! a list. Domain crates keep their own sections (see [`Config::section`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use toml::{Table, Value};

/// Where the process runs: development allows generated keys and the outbox; production not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Development,
    Production,
}

/// The whole configuration of one Praline process.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// `development` or `production`.
    pub env: Environment,
    /// Address `praline serve` listens on.
    pub bind: String,
    /// Folder for the SQLite database, uploads, the outbox and development keys.
    pub data_dir: PathBuf,
    /// Folder of the storefront pages on disk; empty (the default) serves the copy built into
    /// the binary.
    pub web_dir: PathBuf,
    /// The base URL users reach the shop at (links in e-mails, OAuth redirects).
    pub public_url: String,
    /// Time zone of the business day.
    pub time_zone: String,
    pub database: DatabaseConfig,
    pub redis: RedisConfig,
    pub http: HttpConfig,
    pub mail: MailConfig,
    pub sms: SmsConfig,
    /// Sections owned by domain crates (`accounts`, `catalog`, …), read with [`Config::section`].
    #[serde(flatten)]
    pub sections: Table,
}

/// Database settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `postgres://…`, `sqlite://path` or a file path; empty means `<data_dir>/praline.db`.
    pub url: String,
    /// Largest number of pooled connections.
    pub pool_size: u32,
}

/// Redis settings; an empty URL means everything stays in-process.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RedisConfig {
    pub url: String,
    /// Prefix of every key Praline writes, so several shops can share one Redis.
    pub prefix: String,
}

/// HTTP limits and cross-origin policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct HttpConfig {
    /// Origins allowed to call the API from another site; empty means same-origin only.
    pub cors_origins: Vec<String>,
    /// Largest JSON body, in bytes.
    pub json_limit: usize,
    /// Largest multipart upload, in bytes (an image is at most 5 MB, plus form overhead).
    pub upload_limit: usize,
    /// How many worker threads serve HTTP; 0 means one per core.
    pub workers: usize,
    /// Take the client address from X-Forwarded-For / X-Real-IP (only behind a proxy you run).
    pub trust_forwarded: bool,
}

/// Outbound e-mail. Without an SMTP URL every message is written to `<data_dir>/outbox/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MailConfig {
    /// `smtps://user:pass@host:465` or `smtp://user:pass@host:587?tls=required`.
    pub smtp_url: String,
    /// The From header of every message.
    pub from: String,
}

/// Outbound SMS through Naver Cloud SENS v2. Without credentials every SMS goes to the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SmsConfig {
    pub sens_base_url: String,
    pub sens_service_id: String,
    pub sens_access_key: String,
    pub sens_secret_key: String,
    /// The registered sender number.
    pub sender: String,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            sens_base_url: "https://sens.apigw.ntruss.com".into(),
            sens_service_id: String::new(),
            sens_access_key: String::new(),
            sens_secret_key: String::new(),
            sender: String::new(),
        }
    }
}

impl SmsConfig {
    /// True when every SENS credential is set.
    pub fn sens_enabled(&self) -> bool {
        [&self.sens_service_id, &self.sens_access_key, &self.sens_secret_key, &self.sender]
            .iter()
            .all(|v| !v.trim().is_empty())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            env: Environment::Development,
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            web_dir: PathBuf::new(),
            public_url: "http://127.0.0.1:8080".into(),
            time_zone: "Asia/Seoul".into(),
            database: DatabaseConfig::default(),
            redis: RedisConfig::default(),
            http: HttpConfig::default(),
            mail: MailConfig::default(),
            sms: SmsConfig::default(),
            sections: Table::new(),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig { url: String::new(), pool_size: 16 }
    }
}

impl Default for RedisConfig {
    fn default() -> Self {
        RedisConfig { url: String::new(), prefix: "praline".into() }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            cors_origins: Vec::new(),
            json_limit: 64 * 1024,
            upload_limit: 6 * 1024 * 1024,
            workers: 0,
            trust_forwarded: false,
        }
    }
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig { smtp_url: String::new(), from: "Praline <no-reply@praline.local>".into() }
    }
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("configuration file {path} is not valid TOML: {message}")]
    Parse { path: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// Short environment names for well-known keys.
const ALIASES: &[(&str, &[&str])] = &[
    ("DATABASE_URL", &["database", "url"]),
    ("REDIS_URL", &["redis", "url"]),
    ("PRALINE_BIND", &["bind"]),
    ("PRALINE_DATA_DIR", &["data_dir"]),
    ("PRALINE_WEB_DIR", &["web_dir"]),
    ("PRALINE_ENV", &["env"]),
    ("PRALINE_PUBLIC_URL", &["public_url"]),
    ("PRALINE_TIME_ZONE", &["time_zone"]),
];

impl Config {
    /// Reads defaults, then `praline.toml` (or the file named by `PRALINE_CONFIG`), then the
    /// process environment.
    pub fn load() -> Result<Config, ConfigError> {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        let file = match vars.get("PRALINE_CONFIG") {
            Some(path) => Some(PathBuf::from(path)),
            None => Some(PathBuf::from("praline.toml")).filter(|p| p.exists()),
        };
        Config::from_sources(file.as_deref(), &vars)
    }

    /// Builds a configuration from an optional TOML file and a set of environment variables.
    pub fn from_sources(file: Option<&Path>, vars: &BTreeMap<String, String>) -> Result<Config, ConfigError> {
        let mut raw = Table::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|source| ConfigError::Read { path: path.display().to_string(), source })?;
            let table: Table = text.parse().map_err(|e: toml::de::Error| ConfigError::Parse {
                path: path.display().to_string(),
                message: e.message().to_string(),
            })?;
            merge(&mut raw, table);
        }
        merge(&mut raw, env_table(vars));
        let config: Config = typed(raw)?;
        config.check()?;
        Ok(config)
    }

    /// Reads a domain crate's own section (`[accounts]`, `[catalog]`, …) into its type,
    /// starting from that type's defaults.
    pub fn section<T>(&self, name: &str) -> Result<T, ConfigError>
    where
        T: Default + Serialize + DeserializeOwned,
    {
        let raw = match self.sections.get(name) {
            Some(Value::Table(t)) => t.clone(),
            Some(_) => return Err(ConfigError::Invalid(format!("[{name}] must be a table"))),
            None => Table::new(),
        };
        typed(raw)
    }

    /// The database URL, defaulting to a SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        if self.database.url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("praline.db").display())
        } else {
            self.database.url.trim().to_string()
        }
    }

    /// The Redis URL when one is configured.
    pub fn redis_url(&self) -> Option<&str> {
        Some(self.redis.url.trim()).filter(|u| !u.is_empty())
    }

    /// True in production mode.
    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.database.pool_size == 0 {
            return Err(ConfigError::Invalid("database.pool_size must be at least 1".into()));
        }
        if self.bind.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError::Invalid(format!(
                "bind must be an address like 127.0.0.1:8080, not {:?}",
                self.bind
            )));
        }
        if let Err(e) = crate::calendar::BusinessCalendar::parse(&self.time_zone) {
            return Err(ConfigError::Invalid(format!("time_zone: {e}")));
        }
        Ok(())
    }

    /// The business calendar of [`Config::time_zone`] (checked when the configuration loads).
    pub fn calendar(&self) -> crate::calendar::BusinessCalendar {
        crate::calendar::BusinessCalendar::parse(&self.time_zone).unwrap_or_default()
    }
}

/// Deserializes `raw` on top of `T::default()`, converting string values to the default's type.
fn typed<T>(raw: Table) -> Result<T, ConfigError>
where
    T: Default + Serialize + DeserializeOwned,
{
    let template = Table::try_from(T::default())
        .map_err(|e| ConfigError::Invalid(format!("defaults do not serialize: {e}")))?;
    let mut merged = template.clone();
    let mut raw = Value::Table(raw);
    coerce(&mut raw, &Value::Table(template));
    if let Value::Table(raw) = raw {
        merge(&mut merged, raw);
    }
    Value::Table(merged).try_into().map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))
}

/// Collects `PRALINE_A__B=…` and the aliases into a nested table of strings.
fn env_table(vars: &BTreeMap<String, String>) -> Table {
    let mut table = Table::new();
    for (name, path) in ALIASES {
        if let Some(value) = vars.get(*name) {
            insert_path(&mut table, path, value);
        }
    }
    for (name, value) in vars {
        let Some(rest) = name.strip_prefix("PRALINE_") else { continue };
        if !rest.contains("__") {
            continue;
        }
        let path: Vec<String> = rest.split("__").map(|p| p.to_ascii_lowercase()).collect();
        if path.iter().any(|p| p.is_empty()) {
            continue;
        }
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        insert_path(&mut table, &path, value);
    }
    table
}

fn insert_path(table: &mut Table, path: &[&str], value: &str) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut current = table;
    for key in parents {
        let entry = current.entry(key.to_string()).or_insert_with(|| Value::Table(Table::new()));
        if !entry.is_table() {
            *entry = Value::Table(Table::new());
        }
        let Value::Table(next) = entry else { return };
        current = next;
    }
    current.insert(last.to_string(), Value::String(value.to_string()));
}

/// Recursively overlays `overlay` on `base`.
fn merge(base: &mut Table, overlay: Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Converts string leaves of `value` to the type found at the same place in `template`.
fn coerce(value: &mut Value, template: &Value) {
    match (value, template) {
        (Value::Table(v), Value::Table(t)) => {
            for (key, item) in v.iter_mut() {
                if let Some(tpl) = t.get(key) {
                    coerce(item, tpl);
                }
            }
        }
        (v @ Value::String(_), Value::Boolean(_)) => {
            if let Value::String(s) = &*v {
                match s.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => *v = Value::Boolean(true),
                    "false" | "0" | "no" | "off" => *v = Value::Boolean(false),
                    _ => {}
                }
            }
        }
        (v @ Value::String(_), Value::Integer(_)) => {
            if let Value::String(s) = &*v
                && let Ok(n) = s.trim().replace('_', "").parse::<i64>()
            {
                *v = Value::Integer(n);
            }
        }
        (v @ Value::String(_), Value::Float(_)) => {
            if let Value::String(s) = &*v
                && let Ok(n) = s.trim().parse::<f64>()
            {
                *v = Value::Float(n);
            }
        }
        (v @ Value::String(_), Value::Array(items)) => {
            if let Value::String(s) = &*v {
                let element = items.first().cloned().unwrap_or(Value::String(String::new()));
                let list = s
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        let mut item = Value::String(s.to_string());
                        coerce(&mut item, &element);
                        item
                    })
                    .collect();
                *v = Value::Array(list);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
    #[serde(default)]
    struct Accounts {
        auto_approve_sellers: bool,
        bcrypt_cost: u32,
        sender: String,
    }

    #[test]
    fn defaults_apply_without_any_source() {
        let config = Config::from_sources(None, &BTreeMap::new()).unwrap();
        assert_eq!(config.bind, "127.0.0.1:8080");
        assert_eq!(config.env, Environment::Development);
        assert!(config.database_url().starts_with("sqlite://"));
        assert!(config.database_url().ends_with("praline.db"));
        assert_eq!(config.redis_url(), None);
    }

    #[test]
    fn environment_overrides_file_and_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("praline.toml");
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\n[database]\npool_size = 4\n[accounts]\nbcrypt_cost = 10\n",
        )
        .unwrap();
        let config = Config::from_sources(
            Some(&path),
            &vars(&[
                ("PRALINE_DATABASE__POOL_SIZE", "7"),
                ("DATABASE_URL", "postgres://db/praline"),
                ("PRALINE_HTTP__CORS_ORIGINS", "https://a.example, https://b.example"),
                ("PRALINE_ACCOUNTS__AUTO_APPROVE_SELLERS", "true"),
                ("PRALINE_ACCOUNTS__SENDER", "01012345678"),
                ("PRALINE_ENV", "production"),
            ]),
        )
        .unwrap();
        assert_eq!(config.bind, "0.0.0.0:9000");
        assert_eq!(config.database.pool_size, 7);
        assert_eq!(config.database_url(), "postgres://db/praline");
        assert_eq!(config.http.cors_origins, vec!["https://a.example", "https://b.example"]);
        assert!(config.is_production());
        let accounts: Accounts = config.section("accounts").unwrap();
        assert_eq!(
            accounts,
            Accounts { auto_approve_sellers: true, bcrypt_cost: 10, sender: "01012345678".into() }
        );
    }

    #[test]
    fn a_bad_value_is_a_clear_error() {
        let err = Config::from_sources(None, &vars(&[("PRALINE_DATABASE__POOL_SIZE", "many")])).unwrap_err();
        assert!(err.to_string().contains("pool_size") || err.to_string().contains("integer"), "{err}");
        let err = Config::from_sources(None, &vars(&[("PRALINE_ENV", "staging")])).unwrap_err();
        assert!(err.to_string().contains("staging") || err.to_string().contains("variant"), "{err}");
        let err = Config::from_sources(None, &vars(&[("PRALINE_BIND", "nowhere")])).unwrap_err();
        assert!(err.to_string().contains("bind"), "{err}");
    }

    #[test]
    fn a_missing_section_reads_as_its_defaults() {
        let config = Config::from_sources(None, &BTreeMap::new()).unwrap();
        let accounts: Accounts = config.section("accounts").unwrap();
        assert_eq!(accounts, Accounts::default());
    }
}
