//! Argon2id with the OWASP parameters (19 MiB, 2 iterations, 1 lane). Hashing is CPU-bound and
//! slow on purpose, so it runs on the blocking pool behind a semaphore: a flood of logins waits
//! for a permit instead of starving the request handlers.

use std::sync::{
    Arc, LazyLock,
    atomic::{AtomicU64, Ordering},
};

use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{PasswordHasher as _, PasswordVerifier as _},
};
use tokio::sync::Semaphore;

use crate::{
    error::{AppError, AppResult},
    i18n::msg,
};

pub const MIN_PASSWORD_LEN: usize = 8;
pub const MAX_PASSWORD_LEN: usize = 128;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Verified when the email is unknown, so that an unknown email costs as much as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    argon2()
        .hash_password(b"an unknown user's password")
        .expect("hashing a constant cannot fail")
        .to_string()
});

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    runs: Arc<AtomicU64>,
}

impl PasswordHasher {
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            runs: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Checks the length rule of SPEC.md: 8 to 128 characters, nothing else required.
    pub fn validate(field: &str, password: &str) -> AppResult<()> {
        let len = password.chars().count();
        if len < MIN_PASSWORD_LEN {
            return Err(AppError::bad_input(
                field,
                msg!("password-too-short", min = MIN_PASSWORD_LEN),
            ));
        }
        if len > MAX_PASSWORD_LEN {
            return Err(AppError::bad_input(
                field,
                msg!("password-too-long", max = MAX_PASSWORD_LEN),
            ));
        }
        Ok(())
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || {
            argon2()
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(AppError::internal)
        })
        .await?
    }

    /// Verifies `password` against `hash`, or against a dummy hash when there is no user, so
    /// that both cases take about as long. Returns false for the dummy.
    pub async fn verify(&self, password: String, hash: Option<String>) -> AppResult<bool> {
        self.run(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| DUMMY_HASH.clone());
            let ok = argon2()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            known && ok
        })
        .await
    }

    /// Warms the dummy hash so that the first unknown-email login is not slower than the rest.
    pub async fn warm_up(&self) {
        let _ = self.run(|| LazyLock::force(&DUMMY_HASH).len()).await;
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit moves into the blocking
    /// task: a request cancelled mid-hash (client gone, timeout) cannot stop the hash, so it must
    /// not hand its permit back before the hash ends either.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        self.runs.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(AppError::internal)
    }

    /// How many hashes and verifications have run (tests check that an unknown email costs one).
    pub fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }
}
