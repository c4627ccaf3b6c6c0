//! Typed settings from the environment, with defaults that serve a developer at once.
//! Secrets are never printed: `Secret` has a redacting `Debug`.

use std::{env, fmt, net::SocketAddr, time::Duration};

use rand::RngCore;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("JWT_SECRET is required when APP_ENV=production")]
    MissingJwtSecret,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A value that must not reach logs.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    pub environment: Environment,
    pub database_url: String,
    pub bind_addr: SocketAddr,
    /// Base of absolute URLs the API hands out (tracking links).
    pub public_url: String,
    pub jwt_secret: Secret,
    /// True when no JWT_SECRET was given and a random one was made for this process.
    pub jwt_secret_generated: bool,
    pub log_filter: String,
    pub log_format: LogFormat,
    /// How many Argon2 hashes may run at once; more wait their turn.
    pub password_hash_concurrency: usize,
    pub request_timeout: Duration,
    /// Largest accepted database pool.
    pub database_max_connections: u32,
    /// How long a new GraphQL WebSocket may wait before sending `connection_init`.
    pub ws_init_timeout: Duration,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://marketplace.db?mode=rwc";
pub const DEFAULT_BIND_ADDR: &str = "127.0.0.1:8080";

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `lookup`, so tests can configure without touching the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let environment = match lookup("APP_ENV").as_deref().map(str::to_ascii_lowercase) {
            None => Environment::Development,
            Some(v) if v == "development" || v == "dev" => Environment::Development,
            Some(v) if v == "production" || v == "prod" => Environment::Production,
            Some(v) => {
                return Err(ConfigError::Invalid {
                    name: "APP_ENV",
                    reason: format!("expected development or production, got {v:?}"),
                });
            }
        };
        let database_url =
            lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let bind_raw = lookup("BIND_ADDR").unwrap_or_else(|| DEFAULT_BIND_ADDR.to_owned());
        let bind_addr: SocketAddr = bind_raw.parse().map_err(|e| ConfigError::Invalid {
            name: "BIND_ADDR",
            reason: format!("{e}"),
        })?;
        let public_url = lookup("PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{bind_addr}"))
            .trim_end_matches('/')
            .to_owned();
        let (jwt_secret, jwt_secret_generated) = match lookup("JWT_SECRET") {
            Some(s) if s.len() < 32 => {
                return Err(ConfigError::Invalid {
                    name: "JWT_SECRET",
                    reason: "must be at least 32 bytes".into(),
                });
            }
            Some(s) => (Secret::new(s.into_bytes()), false),
            None if environment == Environment::Production => {
                return Err(ConfigError::MissingJwtSecret);
            }
            None => {
                let mut bytes = vec![0u8; 32];
                rand::rng().fill_bytes(&mut bytes);
                (Secret::new(bytes), true)
            }
        };
        let log_filter = lookup("RUST_LOG")
            .or_else(|| lookup("LOG_LEVEL"))
            .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".to_owned());
        let log_format = match lookup("LOG_FORMAT").as_deref() {
            None | Some("pretty") | Some("text") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    reason: format!("expected pretty or json, got {other:?}"),
                });
            }
        };
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let password_hash_concurrency = parse_or(&lookup, "PASSWORD_HASH_CONCURRENCY", cpus)?;
        let request_timeout =
            Duration::from_secs(parse_or(&lookup, "REQUEST_TIMEOUT_SECS", 30u64)?);
        let database_max_connections = parse_or(&lookup, "DATABASE_MAX_CONNECTIONS", 20u32)?;
        let ws_init_timeout = match parse_or(&lookup, "WS_INIT_TIMEOUT_SECS", 10u64)? {
            0 => {
                return Err(ConfigError::Invalid {
                    name: "WS_INIT_TIMEOUT_SECS",
                    reason: "must be at least 1".into(),
                });
            }
            secs => Duration::from_secs(secs),
        };
        Ok(Self {
            environment,
            database_url,
            bind_addr,
            public_url,
            jwt_secret,
            jwt_secret_generated,
            log_filter,
            log_format,
            password_hash_concurrency: password_hash_concurrency.max(1),
            request_timeout,
            database_max_connections: database_max_connections.max(1),
            ws_init_timeout,
        })
    }
}

fn parse_or<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match lookup(name) {
        None => Ok(default),
        Some(raw) => raw
            .trim()
            .parse()
            .map_err(|e: T::Err| ConfigError::Invalid {
                name,
                reason: e.to_string(),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_requires_a_jwt_secret() {
        let err = Config::from_lookup(|k| (k == "APP_ENV").then(|| "production".into()));
        assert!(matches!(err, Err(ConfigError::MissingJwtSecret)));
    }

    #[test]
    fn defaults_serve_a_developer() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(c.jwt_secret_generated);
        assert!(!format!("{c:?}").contains(&format!("{:?}", c.jwt_secret.expose())));
        assert_eq!(c.ws_init_timeout, Duration::from_secs(10));
    }

    #[test]
    fn websocket_init_timeout_is_at_least_a_second() {
        let err = Config::from_lookup(|k| (k == "WS_INIT_TIMEOUT_SECS").then(|| "0".into()));
        assert!(matches!(
            err,
            Err(ConfigError::Invalid {
                name: "WS_INIT_TIMEOUT_SECS",
                ..
            })
        ));
    }
}
