//! Typed settings from the environment, with defaults that serve a developer at once.
//! Secrets are never printed: `Secret` has a redacting `Debug`.

use std::{
    collections::BTreeMap, env, fmt, net::SocketAddr, path::Path, str::FromStr, time::Duration,
};

use entity::enums::CurrencyCode;
use rand::RngCore;
use rust_decimal::Decimal;

use crate::calendar::BusinessCalendar;

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
    pub money: MoneyRules,
    pub deadlines: DeadlineRules,
    pub integrations: IntegrationRules,
    /// `CORS_ALLOWED_ORIGINS`: the browser origins that may call the API.
    pub cors: CorsOrigins,
}

/// Which browser origins may call the API (SPEC.md, "Clients").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Development's default: every `http://localhost:<port>` and `http://127.0.0.1:<port>`.
    LocalDevelopment,
    /// Exactly these origins (`scheme://host[:port]`, as browsers send them); none by default in
    /// production.
    Listed(Vec<String>),
}

impl CorsOrigins {
    /// Whether a request's `Origin` may call the API.
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            Self::LocalDevelopment => ["http://localhost", "http://127.0.0.1"].iter().any(|host| {
                origin == *host
                    || origin
                        .strip_prefix(host)
                        .and_then(|rest| rest.strip_prefix(':'))
                        .is_some_and(|port| {
                            !port.is_empty()
                                && port.len() <= 5
                                && port.bytes().all(|b| b.is_ascii_digit())
                        })
            }),
            Self::Listed(origins) => origins.iter().any(|o| o == origin),
        }
    }

    fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        environment: Environment,
    ) -> Result<Self, ConfigError> {
        let Some(raw) = lookup("CORS_ALLOWED_ORIGINS") else {
            return Ok(match environment {
                Environment::Development => Self::LocalDevelopment,
                Environment::Production => Self::Listed(Vec::new()),
            });
        };
        let mut origins = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match url::Url::parse(item) {
                Ok(u)
                    if matches!(u.scheme(), "http" | "https")
                        && u.host().is_some()
                        && u.username().is_empty()
                        && u.password().is_none()
                        && u.path() == "/"
                        && u.query().is_none()
                        && u.fragment().is_none() =>
                {
                    origins.push(u.origin().ascii_serialization());
                }
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "CORS_ALLOWED_ORIGINS",
                        reason: format!(
                            "{item:?} is not an origin such as https://portal.example.vn"
                        ),
                    });
                }
            }
        }
        Ok(Self::Listed(origins))
    }
}

/// The settings of "Integrations".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntegrationRules {
    /// `RATE_LIMIT_PER_MINUTE`: requests a user or API key may make per minute, in a token bucket
    /// that refills evenly (default 1,200); a quarter of it for each client address without a
    /// token. None (`off`) lifts the limit, for benchmarks.
    pub rate_limit_per_minute: Option<u32>,
    /// `WEBHOOK_RETRY_SCHEDULE`: the waits after each failed attempt, e.g. `1s,2s,4s`; once they
    /// are used up, the delivery is FAILED.
    pub webhook_retry_schedule: Vec<Duration>,
    /// Whether webhooks may only call https URLs whose host resolves to public addresses (true with
    /// `APP_ENV=production`).
    pub public_webhooks_only: bool,
}

impl IntegrationRules {
    pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 1_200;
    /// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
    pub const DEFAULT_RETRY_SCHEDULE: [Duration; 7] = [
        Duration::from_secs(5),
        Duration::from_secs(5 * 60),
        Duration::from_secs(30 * 60),
        Duration::from_secs(2 * 3600),
        Duration::from_secs(5 * 3600),
        Duration::from_secs(10 * 3600),
        Duration::from_secs(10 * 3600),
    ];
    /// Most retries a schedule may list, and the longest wait: a week.
    pub const MAX_RETRIES: usize = 20;
    pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(7 * 86_400);

    /// The anonymous bucket: a quarter of the signed-in one, at least one request.
    pub fn anonymous_per_minute(&self) -> Option<u32> {
        self.rate_limit_per_minute.map(|n| (n / 4).max(1))
    }

    fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        environment: Environment,
    ) -> Result<Self, ConfigError> {
        let rate_limit_per_minute = match lookup("RATE_LIMIT_PER_MINUTE") {
            None => Some(Self::DEFAULT_RATE_LIMIT_PER_MINUTE),
            Some(raw) if raw.trim().eq_ignore_ascii_case("off") => None,
            Some(raw) => match raw.trim().parse::<u32>() {
                Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "RATE_LIMIT_PER_MINUTE",
                        reason: format!("{raw:?}: write a number from 1 to 1000000, or off"),
                    });
                }
            },
        };
        let webhook_retry_schedule = match lookup("WEBHOOK_RETRY_SCHEDULE") {
            None => Self::DEFAULT_RETRY_SCHEDULE.to_vec(),
            Some(raw) => parse_schedule(&raw).map_err(|reason| ConfigError::Invalid {
                name: "WEBHOOK_RETRY_SCHEDULE",
                reason,
            })?,
        };
        Ok(Self {
            rate_limit_per_minute,
            webhook_retry_schedule,
            public_webhooks_only: environment == Environment::Production,
        })
    }
}

/// "1s,2s,4s": 0 to [`IntegrationRules::MAX_RETRIES`] waits, each from 1 s to a week.
fn parse_schedule(raw: &str) -> Result<Vec<Duration>, String> {
    let waits = raw
        .split(',')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match humantime::parse_duration(w) {
            Ok(d) if d >= Duration::from_secs(1) && d <= IntegrationRules::MAX_RETRY_WAIT => Ok(d),
            Ok(_) => Err(format!("{w:?} is out of range (1s to 7d)")),
            Err(e) => Err(format!("{w:?}: {e}")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    if waits.len() > IntegrationRules::MAX_RETRIES {
        return Err(format!(
            "at most {} retries, got {}",
            IntegrationRules::MAX_RETRIES,
            waits.len()
        ));
    }
    Ok(waits)
}

/// The settings of "Deadlines".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadlineRules {
    /// `SWEEP_INTERVAL`: how often the server looks for what is due. Default 30 seconds.
    pub sweep_interval: Duration,
    /// Vietnam's business days: the built-in table, or `HOLIDAYS_FILE`'s dates.
    pub calendar: BusinessCalendar,
}

impl DeadlineRules {
    pub const DEFAULT_SWEEP_INTERVAL: Duration = Duration::from_secs(30);
    /// Longest interval accepted: a day (deadlines are counted in business days).
    pub const MAX_SWEEP_INTERVAL: Duration = Duration::from_secs(86_400);

    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let sweep_interval = duration(
            lookup,
            "SWEEP_INTERVAL",
            Self::DEFAULT_SWEEP_INTERVAL,
            (Duration::from_secs(1), Self::MAX_SWEEP_INTERVAL),
            "a duration from 1s to 1d, such as 30s or 5m",
        )?;
        let calendar = match lookup("HOLIDAYS_FILE") {
            None => BusinessCalendar::vietnam(),
            Some(path) => BusinessCalendar::read(Path::new(path.trim())).map_err(|reason| {
                ConfigError::Invalid {
                    name: "HOLIDAYS_FILE",
                    reason,
                }
            })?,
        };
        Ok(Self {
            sweep_interval,
            calendar,
        })
    }
}

/// The settings of "Money held and paid".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyRules {
    /// `COMMISSION_LOCK`: how long after it is recorded a conversion may still be reversed or
    /// adjusted; its commission is settled after that. Default 14 days.
    pub commission_lock: chrono::Duration,
    /// `MIN_WITHDRAWAL`, in minor units per currency: "100000 VND, 5.00 USD". A currency it does
    /// not name takes 100,000 for VND and 5 whole units otherwise.
    pub min_withdrawal: BTreeMap<CurrencyCode, i64>,
}

impl MoneyRules {
    pub const DEFAULT_COMMISSION_LOCK_DAYS: i64 = 14;
    /// Longest lock accepted: ten years (a longer one is surely a typo).
    pub const MAX_COMMISSION_LOCK_DAYS: i64 = 3_650;

    /// The smallest withdrawal in `currency`, in minor units.
    pub fn min_withdrawal(&self, currency: CurrencyCode) -> i64 {
        self.min_withdrawal
            .get(&currency)
            .copied()
            .unwrap_or_else(|| default_min_withdrawal(currency))
    }

    fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let day = 86_400;
        let commission_lock = duration(
            lookup,
            "COMMISSION_LOCK",
            Duration::from_secs(Self::DEFAULT_COMMISSION_LOCK_DAYS as u64 * day),
            (
                Duration::ZERO,
                Duration::from_secs(Self::MAX_COMMISSION_LOCK_DAYS as u64 * day),
            ),
            "a duration of at most ten years, such as 14d or 36h",
        )?;
        let commission_lock =
            chrono::Duration::from_std(commission_lock).map_err(|e| ConfigError::Invalid {
                name: "COMMISSION_LOCK",
                reason: e.to_string(),
            })?;
        let min_withdrawal = match lookup("MIN_WITHDRAWAL") {
            None => BTreeMap::new(),
            Some(raw) => parse_amounts(&raw).map_err(|reason| ConfigError::Invalid {
                name: "MIN_WITHDRAWAL",
                reason: format!("{reason} (write amounts such as \"100000 VND, 5.00 USD\")"),
            })?,
        };
        Ok(Self {
            commission_lock,
            min_withdrawal,
        })
    }
}

/// A duration setting such as `14d`, `36h` or `30s` (humantime) within `[min, max]`; `hint`
/// says which, for the error.
fn duration(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: Duration,
    (min, max): (Duration, Duration),
    hint: &str,
) -> Result<Duration, ConfigError> {
    let Some(raw) = lookup(name) else {
        return Ok(default);
    };
    let reason = match humantime::parse_duration(raw.trim()) {
        Ok(d) if (min..=max).contains(&d) => return Ok(d),
        Ok(_) => format!("{raw:?} is out of range"),
        Err(e) => e.to_string(),
    };
    Err(ConfigError::Invalid {
        name,
        reason: format!("{reason} (write {hint})"),
    })
}

fn default_min_withdrawal(currency: CurrencyCode) -> i64 {
    match currency {
        CurrencyCode::Vnd => 100_000,
        other => 5 * 10i64.pow(other.minor_digits()),
    }
}

/// "100000 VND, 5.00 USD" as minor units per currency.
fn parse_amounts(raw: &str) -> Result<BTreeMap<CurrencyCode, i64>, String> {
    let mut amounts = BTreeMap::new();
    for item in raw.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (amount, code) = item
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("{item:?} is not an amount and a currency"))?;
        let currency = CurrencyCode::parse(code.trim())
            .ok_or_else(|| format!("{code:?} is not a currency we know"))?;
        let amount = Decimal::from_str(amount).map_err(|e| format!("{amount:?}: {e}"))?;
        let minor = amount
            .checked_mul(Decimal::from(10i64.pow(currency.minor_digits())))
            .ok_or_else(|| format!("{item:?} is too large"))?
            .normalize();
        if minor.scale() > 0 || minor <= Decimal::ZERO {
            return Err(format!(
                "{item:?} is not a positive whole number of minor units"
            ));
        }
        let minor = i64::try_from(minor).map_err(|e| format!("{item:?}: {e}"))?;
        amounts.insert(currency, minor);
    }
    Ok(amounts)
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
            money: MoneyRules::from_lookup(&lookup)?,
            deadlines: DeadlineRules::from_lookup(&lookup)?,
            integrations: IntegrationRules::from_lookup(&lookup, environment)?,
            cors: CorsOrigins::from_lookup(&lookup, environment)?,
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
    fn cors_origins_default_to_local_development_and_read_a_list() {
        let dev = Config::from_lookup(|_| None).unwrap().cors;
        for ok in [
            "http://localhost:3000",
            "http://127.0.0.1:5173",
            "http://localhost",
        ] {
            assert!(dev.allows(ok), "{ok}");
        }
        for bad in [
            "http://localhost.evil.vn",
            "http://localhost:3000.evil.vn",
            "https://portal.vn",
            "http://127.0.0.1:",
            "null",
        ] {
            assert!(!dev.allows(bad), "{bad}");
        }
        let listed = Config::from_lookup(|k| {
            (k == "CORS_ALLOWED_ORIGINS")
                .then(|| "https://portal.comem.vn, https://creator.tools:8443/".into())
        })
        .unwrap()
        .cors;
        assert!(listed.allows("https://portal.comem.vn"));
        assert!(listed.allows("https://creator.tools:8443"));
        assert!(!listed.allows("http://localhost:3000"));
        let production = Config::from_lookup(|k| match k {
            "APP_ENV" => Some("production".into()),
            "JWT_SECRET" => Some("x".repeat(32)),
            _ => None,
        })
        .unwrap()
        .cors;
        assert!(!production.allows("http://localhost:3000"));
        for bad in [
            "https://portal.vn/app",
            "https://user:pw@portal.vn",
            "https://portal.vn#x",
            "portal.vn",
        ] {
            let refused =
                Config::from_lookup(|k| (k == "CORS_ALLOWED_ORIGINS").then(|| bad.to_owned()));
            assert!(
                matches!(
                    refused,
                    Err(ConfigError::Invalid {
                        name: "CORS_ALLOWED_ORIGINS",
                        ..
                    })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn integration_rules_read_the_limit_and_the_retry_schedule() {
        let c = Config::from_lookup(|_| None).unwrap();
        let rules = &c.integrations;
        assert_eq!(rules.rate_limit_per_minute, Some(1_200));
        assert_eq!(rules.anonymous_per_minute(), Some(300));
        assert_eq!(rules.webhook_retry_schedule.len(), 7);
        assert_eq!(rules.webhook_retry_schedule[6], Duration::from_secs(36_000));
        assert!(!rules.public_webhooks_only);
        let c = Config::from_lookup(|k| match k {
            "RATE_LIMIT_PER_MINUTE" => Some("OFF".into()),
            "WEBHOOK_RETRY_SCHEDULE" => Some("1s, 2s,4s".into()),
            "APP_ENV" => Some("production".into()),
            "JWT_SECRET" => Some("x".repeat(32)),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.integrations.rate_limit_per_minute, None);
        assert_eq!(
            c.integrations.webhook_retry_schedule,
            [1, 2, 4].map(Duration::from_secs)
        );
        assert!(c.integrations.public_webhooks_only);
        for (name, bad) in [
            ("RATE_LIMIT_PER_MINUTE", "0"),
            ("RATE_LIMIT_PER_MINUTE", "lots"),
            ("WEBHOOK_RETRY_SCHEDULE", "1s,soon"),
            ("WEBHOOK_RETRY_SCHEDULE", "100ms"),
            ("WEBHOOK_RETRY_SCHEDULE", "30d"),
        ] {
            let err = Config::from_lookup(|k| (k == name).then(|| bad.to_owned()));
            assert!(
                matches!(err, Err(ConfigError::Invalid { name: n, .. }) if n == name),
                "{name}={bad}"
            );
        }
    }

    #[test]
    fn money_rules_read_durations_and_amounts() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.money.commission_lock, chrono::Duration::days(14));
        assert_eq!(c.money.min_withdrawal(CurrencyCode::Vnd), 100_000);
        assert_eq!(c.money.min_withdrawal(CurrencyCode::Usd), 500);
        let c = Config::from_lookup(|k| match k {
            "COMMISSION_LOCK" => Some("36h".into()),
            "MIN_WITHDRAWAL" => Some("50000 VND, 2.50 USD".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.money.commission_lock, chrono::Duration::hours(36));
        assert_eq!(c.money.min_withdrawal(CurrencyCode::Vnd), 50_000);
        assert_eq!(c.money.min_withdrawal(CurrencyCode::Usd), 250);
        for (name, bad) in [
            ("COMMISSION_LOCK", "fortnight"),
            ("MIN_WITHDRAWAL", "5.001 USD"),
            ("MIN_WITHDRAWAL", "100 XYZ"),
            ("MIN_WITHDRAWAL", "-5 USD"),
            ("MIN_WITHDRAWAL", "0 VND"),
            ("MIN_WITHDRAWAL", "79228162514264337593543950335 USD"),
            ("COMMISSION_LOCK", "1000000years"),
        ] {
            let err = Config::from_lookup(|k| (k == name).then(|| bad.into()));
            assert!(
                matches!(err, Err(ConfigError::Invalid { name: n, .. }) if n == name),
                "{name}={bad}"
            );
        }
    }

    #[test]
    fn deadline_rules_read_the_interval_and_a_holidays_file() {
        let c = Config::from_lookup(|_| None).unwrap();
        assert_eq!(c.deadlines.sweep_interval, Duration::from_secs(30));
        assert_eq!(c.deadlines.calendar, BusinessCalendar::vietnam());

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("holidays.txt");
        std::fs::write(&file, "# company days off\n2026-12-02\n").unwrap();
        let path = file.to_str().unwrap().to_owned();
        let c = Config::from_lookup(|k| match k {
            "SWEEP_INTERVAL" => Some("5m".into()),
            "HOLIDAYS_FILE" => Some(path.clone()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.deadlines.sweep_interval, Duration::from_secs(300));
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert!(!c.deadlines.calendar.is_business_day(day));

        std::fs::write(&file, "2026-12-02\n2 December\n").unwrap();
        let missing = dir.path().join("missing.txt").to_str().unwrap().to_owned();
        for (name, bad) in [
            ("SWEEP_INTERVAL", "often".to_owned()),
            ("SWEEP_INTERVAL", "500ms".to_owned()),
            ("SWEEP_INTERVAL", "2d".to_owned()),
            ("HOLIDAYS_FILE", path.clone()),
            ("HOLIDAYS_FILE", missing),
        ] {
            let err = Config::from_lookup(|k| (k == name).then(|| bad.clone()));
            assert!(
                matches!(&err, Err(ConfigError::Invalid { name: n, .. }) if *n == name),
                "{name}={bad}"
            );
        }
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
