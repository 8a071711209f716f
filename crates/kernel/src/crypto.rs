//! Secrets and sealed personal data.
//!
//! Personal data (phones, addresses, customs codes, bank fields, shipping snapshots) is stored
//! sealed: AES-256-CBC with a random IV, then HMAC-SHA256 over version, key id, IV and
//! ciphertext (encrypt-then-MAC). The text form is `s1:<key id>:<base64url(iv‖ciphertext‖tag)>`.
//! Several keys can be loaded at once: the first seals, all of them open, so keys rotate by
//! putting a new one first. Where a lookup by value is needed, a keyed hash
//! ([`Sealer::blind_index`]) is stored beside the sealed value.
//!
//! Secrets come from the environment (`PRALINE_JWT_SECRET`, `PRALINE_LOOKUP_KEY`,
//! `PRALINE_SEAL_KEYS`), or from the file named by `PRALINE_SECRETS_FILE` (mode 0600). In
//! development, when neither is given, a key file is generated in the data directory with a
//! warning; production refuses to start with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::auth::JwtKeys;
use crate::config::Config;

type HmacSha256 = Hmac<Sha256>;
type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;
type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;

const SEAL_VERSION: &str = "s1";
const DEV_SECRETS_FILE: &str = "secrets.dev.toml";

/// Why secrets could not be loaded, or a sealed value could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("secrets: {0}")]
    Secrets(String),
    #[error("the sealed value is malformed")]
    Malformed,
    #[error("the sealed value was sealed with unknown key {0:?}")]
    UnknownKey(String),
    #[error("the sealed value failed its integrity check")]
    Integrity,
}

struct SealKey {
    id: String,
    cipher: [u8; 32],
    mac: [u8; 32],
}

/// Seals and opens personal data; computes blind indexes.
pub struct Sealer {
    keys: Vec<SealKey>,
    lookup: Vec<u8>,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("Sealer").field("key_ids", &ids).finish_non_exhaustive()
    }
}

impl Sealer {
    /// Seals `plaintext` with the current (first) key.
    pub fn seal(&self, plaintext: &str) -> String {
        let key = &self.keys[0];
        let mut iv = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut iv);
        let ciphertext = Aes256CbcEnc::new(&key.cipher.into(), &iv.into())
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext.as_bytes());
        let tag = mac_of(&key.mac, &key.id, &iv, &ciphertext);
        let mut blob = Vec::with_capacity(16 + ciphertext.len() + 32);
        blob.extend_from_slice(&iv);
        blob.extend_from_slice(&ciphertext);
        blob.extend_from_slice(&tag);
        format!("{SEAL_VERSION}:{}:{}", key.id, URL_SAFE_NO_PAD.encode(blob))
    }

    /// Opens a value sealed with any loaded key, checking its integrity first.
    pub fn open(&self, sealed: &str) -> Result<String, CryptoError> {
        let mut parts = sealed.splitn(3, ':');
        let (Some(SEAL_VERSION), Some(kid), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CryptoError::Malformed);
        };
        let key =
            self.keys.iter().find(|k| k.id == kid).ok_or_else(|| CryptoError::UnknownKey(kid.to_string()))?;
        let blob = URL_SAFE_NO_PAD.decode(body).map_err(|_| CryptoError::Malformed)?;
        if blob.len() < 16 + 16 + 32 || (blob.len() - 48) % 16 != 0 {
            return Err(CryptoError::Malformed);
        }
        let (iv, rest) = blob.split_at(16);
        let (ciphertext, tag) = rest.split_at(rest.len() - 32);
        mac_with(&key.mac, &key.id, iv, ciphertext).verify_slice(tag).map_err(|_| CryptoError::Integrity)?;
        let iv: [u8; 16] = iv.try_into().map_err(|_| CryptoError::Malformed)?;
        let plaintext = Aes256CbcDec::new(&key.cipher.into(), &iv.into())
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .map_err(|_| CryptoError::Integrity)?;
        String::from_utf8(plaintext).map_err(|_| CryptoError::Integrity)
    }

    /// Seals an optional value.
    pub fn seal_opt(&self, plaintext: Option<&str>) -> Option<String> {
        plaintext.map(|p| self.seal(p))
    }

    /// Opens an optional value.
    pub fn open_opt(&self, sealed: Option<&str>) -> Result<Option<String>, CryptoError> {
        sealed.map(|s| self.open(s)).transpose()
    }

    /// The id of the key new values are sealed with.
    pub fn current_key_id(&self) -> &str {
        &self.keys[0].id
    }

    /// A keyed hash of `value` for equality lookups, separated by `purpose`.
    pub fn blind_index(&self, purpose: &str, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.lookup).unwrap_or_else(|_| unreachable_hmac());
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

// HMAC accepts keys of any length, so construction cannot fail.
fn unreachable_hmac() -> HmacSha256 {
    #[allow(clippy::expect_used)]
    <HmacSha256 as Mac>::new_from_slice(&[0u8; 32]).expect("HMAC takes any key length")
}

fn mac_with(key: &[u8; 32], kid: &str, iv: &[u8], ciphertext: &[u8]) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable_hmac());
    mac.update(SEAL_VERSION.as_bytes());
    mac.update(b":");
    mac.update(kid.as_bytes());
    mac.update(b":");
    mac.update(iv);
    mac.update(ciphertext);
    mac
}

fn mac_of(key: &[u8; 32], kid: &str, iv: &[u8], ciphertext: &[u8]) -> [u8; 32] {
    mac_with(key, kid, iv, ciphertext).finalize().into_bytes().into()
}

/// Every secret the process holds.
pub struct Secrets {
    /// Signs and checks access tokens.
    pub jwt: JwtKeys,
    /// Seals personal data.
    pub sealer: Sealer,
    jwt_secret: Vec<u8>,
    /// True when the keys are the generated development ones.
    pub development: bool,
    /// Where the keys came from, for the start-up log (never the keys themselves).
    pub source: String,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secrets")
            .field("sealer", &self.sealer)
            .field("development", &self.development)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct SecretsFile {
    #[serde(default)]
    development: bool,
    jwt_secret: String,
    lookup_key: String,
    seal_keys: String,
}

impl Secrets {
    /// Loads secrets from the process environment (see the module docs).
    pub fn load(config: &Config) -> Result<Secrets, CryptoError> {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        Secrets::load_from(config, &vars)
    }

    /// Loads secrets from the given variables, a secrets file or the development key file.
    pub fn load_from(config: &Config, vars: &BTreeMap<String, String>) -> Result<Secrets, CryptoError> {
        let names = ["PRALINE_JWT_SECRET", "PRALINE_LOOKUP_KEY", "PRALINE_SEAL_KEYS"];
        let given: Vec<&str> = names.iter().copied().filter(|n| vars.contains_key(*n)).collect();
        let secrets = if !given.is_empty() {
            if given.len() != names.len() {
                let missing: Vec<&str> = names.iter().copied().filter(|n| !given.contains(n)).collect();
                return Err(CryptoError::Secrets(format!("also set {}", missing.join(", "))));
            }
            let file = SecretsFile {
                development: false,
                jwt_secret: vars["PRALINE_JWT_SECRET"].clone(),
                lookup_key: vars["PRALINE_LOOKUP_KEY"].clone(),
                seal_keys: vars["PRALINE_SEAL_KEYS"].clone(),
            };
            Secrets::from_file(file, "environment".into())?
        } else if let Some(path) = vars.get("PRALINE_SECRETS_FILE") {
            let path = PathBuf::from(path);
            check_private(&path)?;
            Secrets::from_file(read_file(&path)?, path.display().to_string())?
        } else if config.is_production() {
            return Err(CryptoError::Secrets(
                "production needs PRALINE_JWT_SECRET, PRALINE_LOOKUP_KEY and PRALINE_SEAL_KEYS \
                 (or PRALINE_SECRETS_FILE); run `praline gen-secrets` to make them"
                    .into(),
            ));
        } else {
            let path = config.data_dir.join(DEV_SECRETS_FILE);
            if !path.exists() {
                write_dev_file(&path)?;
                tracing::warn!(
                    path = %path.display(),
                    "generated DEVELOPMENT secrets; never use them in production"
                );
            }
            Secrets::from_file(read_file(&path)?, path.display().to_string())?
        };
        if config.is_production() && secrets.development {
            return Err(CryptoError::Secrets(
                "refusing development keys in production; set real secrets (praline gen-secrets)".into(),
            ));
        }
        if secrets.development {
            tracing::warn!(source = %secrets.source, "running with DEVELOPMENT secrets");
        }
        Ok(secrets)
    }

    /// Secrets for tests: random keys, marked as development keys.
    pub fn for_tests() -> Secrets {
        let file = generate_file(true);
        // The generated values always parse.
        match Secrets::from_file(file, "tests".into()) {
            Ok(s) => s,
            Err(e) => unreachable!("generated secrets do not parse: {e}"),
        }
    }

    /// Fresh secrets as environment lines, for `praline gen-secrets`.
    pub fn generate_env() -> String {
        let file = generate_file(false);
        format!(
            "PRALINE_JWT_SECRET={}\nPRALINE_LOOKUP_KEY={}\nPRALINE_SEAL_KEYS={}\n",
            file.jwt_secret, file.lookup_key, file.seal_keys
        )
    }

    /// A MAC of `data` under a key derived for `purpose` (signed OAuth state, signed cookies).
    pub fn sign(&self, purpose: &str, data: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.purpose_mac(purpose, data).finalize().into_bytes())
    }

    /// Checks a signature made by [`Secrets::sign`] in constant time.
    pub fn verify_signature(&self, purpose: &str, data: &[u8], signature: &str) -> bool {
        let Ok(tag) = URL_SAFE_NO_PAD.decode(signature) else { return false };
        self.purpose_mac(purpose, data).verify_slice(&tag).is_ok()
    }

    fn purpose_mac(&self, purpose: &str, data: &[u8]) -> HmacSha256 {
        let mut derive =
            <HmacSha256 as Mac>::new_from_slice(&self.jwt_secret).unwrap_or_else(|_| unreachable_hmac());
        derive.update(b"praline-purpose:");
        derive.update(purpose.as_bytes());
        let key = derive.finalize().into_bytes();
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable_hmac());
        mac.update(data);
        mac
    }

    fn from_file(file: SecretsFile, source: String) -> Result<Secrets, CryptoError> {
        let jwt_secret = decode_b64("PRALINE_JWT_SECRET", &file.jwt_secret)?;
        if jwt_secret.len() < 32 {
            return Err(CryptoError::Secrets("PRALINE_JWT_SECRET must be at least 32 bytes".into()));
        }
        let lookup = decode_b64("PRALINE_LOOKUP_KEY", &file.lookup_key)?;
        if lookup.len() < 32 {
            return Err(CryptoError::Secrets("PRALINE_LOOKUP_KEY must be at least 32 bytes".into()));
        }
        let mut keys = Vec::new();
        for entry in file.seal_keys.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, key) = entry
                .split_once(':')
                .ok_or_else(|| CryptoError::Secrets("PRALINE_SEAL_KEYS entries are `keyid:base64`".into()))?;
            let valid_id = !id.is_empty()
                && id.len() <= 16
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid_id {
                return Err(CryptoError::Secrets(format!(
                    "seal key id {id:?} must be 1-16 of [A-Za-z0-9_-]"
                )));
            }
            let bytes = decode_b64("PRALINE_SEAL_KEYS", key)?;
            if bytes.len() != 64 {
                return Err(CryptoError::Secrets(format!(
                    "seal key {id} must be 64 bytes (32 cipher + 32 MAC)"
                )));
            }
            let mut cipher = [0u8; 32];
            let mut mac = [0u8; 32];
            cipher.copy_from_slice(&bytes[..32]);
            mac.copy_from_slice(&bytes[32..]);
            if keys.iter().any(|k: &SealKey| k.id == id) {
                return Err(CryptoError::Secrets(format!("seal key id {id} appears twice")));
            }
            keys.push(SealKey { id: id.to_string(), cipher, mac });
        }
        if keys.is_empty() {
            return Err(CryptoError::Secrets("PRALINE_SEAL_KEYS holds no key".into()));
        }
        Ok(Secrets {
            jwt: JwtKeys::new(&jwt_secret),
            sealer: Sealer { keys, lookup },
            jwt_secret,
            development: file.development,
            source,
        })
    }
}

fn decode_b64(name: &str, value: &str) -> Result<Vec<u8>, CryptoError> {
    STANDARD
        .decode(value.trim())
        .or_else(|_| URL_SAFE_NO_PAD.decode(value.trim()))
        .map_err(|_| CryptoError::Secrets(format!("{name} is not valid base64")))
}

fn generate_file(development: bool) -> SecretsFile {
    let kid = format!("k{}", chrono::Utc::now().format("%Y%m%d"));
    SecretsFile {
        development,
        jwt_secret: STANDARD.encode(random_bytes(48)),
        lookup_key: STANDARD.encode(random_bytes(32)),
        seal_keys: format!("{kid}:{}", STANDARD.encode(random_bytes(64))),
    }
}

fn read_file(path: &Path) -> Result<SecretsFile, CryptoError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CryptoError::Secrets(format!("cannot read {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e: toml::de::Error| {
        CryptoError::Secrets(format!("{} is not a valid secrets file: {}", path.display(), e.message()))
    })
}

fn write_dev_file(path: &Path) -> Result<(), CryptoError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| CryptoError::Secrets(format!("cannot create {}: {e}", parent.display())))?;
    }
    let text = toml::to_string(&generate_file(true))
        .map_err(|e| CryptoError::Secrets(format!("cannot encode secrets: {e}")))?;
    let body = format!("# DEVELOPMENT secrets generated by praline. Never use them in production.\n{text}");
    write_private(path, body.as_bytes())
        .map_err(|e| CryptoError::Secrets(format!("cannot write {}: {e}", path.display())))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), CryptoError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| CryptoError::Secrets(format!("cannot read {}: {e}", path.display())))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(CryptoError::Secrets(format!("{} is readable by others; chmod 600 it", path.display())));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), CryptoError> {
    Ok(())
}

/// `n` random bytes from the operating system's generator.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// A random URL-safe token with `bytes` bytes of entropy.
pub fn random_token(bytes: usize) -> String {
    URL_SAFE_NO_PAD.encode(random_bytes(bytes))
}

/// A random code of `len` characters drawn uniformly from `alphabet`.
pub fn random_code(len: usize, alphabet: &[u8]) -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..len).map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char).collect()
}

/// Hex SHA-256 of `data` (for storing high-entropy tokens, never passwords).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets_with(seal_keys: &str) -> Secrets {
        let file = SecretsFile {
            development: false,
            jwt_secret: STANDARD.encode([7u8; 32]),
            lookup_key: STANDARD.encode([9u8; 32]),
            seal_keys: seal_keys.into(),
        };
        Secrets::from_file(file, "test".into()).unwrap()
    }

    #[test]
    fn sealed_text_opens_to_the_original_and_hides_it() {
        let secrets = Secrets::for_tests();
        let sealed = secrets.sealer.seal("서울시 강남구 01012345678");
        assert!(!sealed.contains("01012345678"));
        assert_eq!(secrets.sealer.open(&sealed).unwrap(), "서울시 강남구 01012345678");
        // A random IV: the same text seals differently each time.
        assert_ne!(sealed, secrets.sealer.seal("서울시 강남구 01012345678"));
    }

    #[test]
    fn a_tampered_sealed_value_is_refused() {
        let secrets = Secrets::for_tests();
        let sealed = secrets.sealer.seal("P123456789012");
        let (head, body) = sealed.rsplit_once(':').unwrap();
        let mut blob = URL_SAFE_NO_PAD.decode(body).unwrap();
        blob[20] ^= 1;
        let tampered = format!("{head}:{}", URL_SAFE_NO_PAD.encode(&blob));
        assert!(matches!(secrets.sealer.open(&tampered), Err(CryptoError::Integrity)));
        assert!(matches!(secrets.sealer.open("plain text"), Err(CryptoError::Malformed)));
    }

    #[test]
    fn rotation_seals_with_the_new_key_and_still_opens_old_values() {
        let old_key = STANDARD.encode([1u8; 64]);
        let new_key = STANDARD.encode([2u8; 64]);
        let before = secrets_with(&format!("old:{old_key}"));
        let sealed_before = before.sealer.seal("국민은행 123-456");
        let after = secrets_with(&format!("new:{new_key},old:{old_key}"));
        assert_eq!(after.sealer.open(&sealed_before).unwrap(), "국민은행 123-456");
        assert!(after.sealer.seal("x").starts_with("s1:new:"));
        let only_new = secrets_with(&format!("new:{new_key}"));
        assert!(matches!(only_new.sealer.open(&sealed_before), Err(CryptoError::UnknownKey(_))));
    }

    #[test]
    fn a_key_id_cannot_be_swapped_under_a_sealed_value() {
        let key = STANDARD.encode([3u8; 64]);
        let secrets = secrets_with(&format!("a:{key},b:{key}"));
        let sealed = secrets.sealer.seal("secret");
        let swapped = sealed.replacen("s1:a:", "s1:b:", 1);
        assert!(matches!(secrets.sealer.open(&swapped), Err(CryptoError::Integrity)));
    }

    #[test]
    fn blind_index_is_stable_and_purpose_bound() {
        let secrets = Secrets::for_tests();
        let a = secrets.sealer.blind_index("phone", "01012345678");
        assert_eq!(a, secrets.sealer.blind_index("phone", "01012345678"));
        assert_ne!(a, secrets.sealer.blind_index("email", "01012345678"));
    }

    #[test]
    fn production_refuses_missing_and_development_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config { data_dir: dir.path().to_path_buf(), ..Config::default() };
        // Development generates a key file once and reuses it.
        let first = Secrets::load_from(&config, &BTreeMap::new()).unwrap();
        assert!(first.development);
        let sealed = first.sealer.seal("x");
        let second = Secrets::load_from(&config, &BTreeMap::new()).unwrap();
        assert_eq!(second.sealer.open(&sealed).unwrap(), "x");

        config.env = crate::config::Environment::Production;
        let err = Secrets::load_from(&config, &BTreeMap::new()).unwrap_err();
        assert!(err.to_string().contains("production"), "{err}");
        let dev_file = dir.path().join(DEV_SECRETS_FILE).display().to_string();
        let vars = BTreeMap::from([("PRALINE_SECRETS_FILE".to_string(), dev_file)]);
        let err = Secrets::load_from(&config, &vars).unwrap_err();
        assert!(err.to_string().contains("development"), "{err}");
    }

    #[test]
    fn secrets_from_the_environment_are_all_or_nothing() {
        let config = Config::default();
        let env = Secrets::generate_env();
        let mut vars: BTreeMap<String, String> = env
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let secrets = Secrets::load_from(&config, &vars).unwrap();
        assert!(!secrets.development);
        vars.remove("PRALINE_LOOKUP_KEY");
        let err = Secrets::load_from(&config, &vars).unwrap_err();
        assert!(err.to_string().contains("PRALINE_LOOKUP_KEY"), "{err}");
    }

    #[test]
    fn signatures_verify_only_for_their_purpose_and_data() {
        let secrets = Secrets::for_tests();
        let sig = secrets.sign("oauth-state", b"abc");
        assert!(secrets.verify_signature("oauth-state", b"abc", &sig));
        assert!(!secrets.verify_signature("oauth-state", b"abd", &sig));
        assert!(!secrets.verify_signature("cookie", b"abc", &sig));
    }
}
