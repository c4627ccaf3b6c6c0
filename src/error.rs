//! The one error type of the API, its codes and messages. `graphql::errors` turns it into a GraphQL
//! error.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql converts any displayable
//! error into a message, so a `?` on a `DbErr` in a resolver would send SQL to the client. Every
//! resolver returns `Result<_, AppError>`, and the only way from a database error to an `AppError`
//! is `From<DbErr>`, which logs the detail and keeps it out of the answer.

use entity::enums::Language;
use sea_orm::{DbErr, SqlErr};

use crate::i18n::{Msg, msg};

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// No, bad or expired token; wrong login.
    Unauthenticated(Msg),
    /// A credential that was sent but is of no use, and why (`extensions.reason`), so that an
    /// app knows whether to refresh or to sign in again: UNAUTHENTICATED.
    Credential {
        reason: CredentialProblem,
        message: Msg,
    },
    /// Signed in, but the role may not do this.
    Forbidden(Msg),
    /// The object does not exist or the viewer may not see it.
    NotFound(Msg),
    /// Invalid input; `field` names the input path, e.g. `input.email`.
    BadUserInput { field: String, message: Msg },
    /// The object's state does not allow this now.
    Conflict { message: Msg, field: Option<String> },
    /// A wallet has less available than the movement needs: CONFLICT with `extensions.reason`
    /// `INSUFFICIENT_FUNDS`.
    InsufficientFunds(Msg),
    /// The creator does not meet a brief's requirements: BAD_USER_INPUT on `field`, with the
    /// failed requirements in `extensions.reasons`.
    NotEligible {
        field: String,
        reasons: Vec<&'static str>,
    },
    /// Too many attempts; the client may retry after this many seconds.
    RateLimited { retry_after_secs: i64 },
    /// A fault of the server. The detail has been logged where this was made.
    Internal,
}

/// Why a credential is of no use (`extensions.reason` of an UNAUTHENTICATED error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialProblem {
    /// Valid but past its time: refresh it (an access token) or sign in (a refresh token).
    TokenExpired,
    /// Not a token or key of ours (forged, mangled, unknown): sign in.
    TokenInvalid,
    /// Was valid, but its login or key has ended (logged out, revoked, suspended): sign in.
    SessionRevoked,
}

impl CredentialProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TokenExpired => "TOKEN_EXPIRED",
            Self::TokenInvalid => "TOKEN_INVALID",
            Self::SessionRevoked => "SESSION_REVOKED",
        }
    }
}

impl AppError {
    pub fn credential(reason: CredentialProblem, message: impl Into<Msg>) -> Self {
        Self::Credential {
            reason,
            message: message.into(),
        }
    }

    /// Whether the error says the request has no usable viewer (no, bad or ended credentials).
    pub fn is_unauthenticated(&self) -> bool {
        matches!(self, Self::Unauthenticated(_) | Self::Credential { .. })
    }

    pub fn unauthenticated() -> Self {
        Self::Unauthenticated(msg!("authentication-required"))
    }

    pub fn forbidden(message: impl Into<Msg>) -> Self {
        Self::Forbidden(message.into())
    }

    /// NOT_FOUND for a `what` ("brief", "collaboration"), which the catalogue's `not-found`
    /// text names in each language.
    pub fn not_found(what: &'static str) -> Self {
        Self::NotFound(msg!("not-found", what = what.replace(' ', "_")))
    }

    pub fn bad_input(field: impl Into<String>, message: impl Into<Msg>) -> Self {
        Self::BadUserInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(message: impl Into<Msg>) -> Self {
        Self::Conflict {
            message: message.into(),
            field: None,
        }
    }

    pub fn conflict_on(field: impl Into<String>, message: impl Into<Msg>) -> Self {
        Self::Conflict {
            message: message.into(),
            field: Some(field.into()),
        }
    }

    /// Logs an unexpected fault with its detail and returns the opaque error the client sees.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::Internal
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) | Self::Credential { .. } => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::BadUserInput { .. } | Self::NotEligible { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } | Self::InsufficientFunds(_) => "CONFLICT",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Internal => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The message, not yet written in a language.
    pub fn msg(&self) -> Msg {
        match self {
            Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::InsufficientFunds(m)
            | Self::BadUserInput { message: m, .. }
            | Self::Credential { message: m, .. }
            | Self::Conflict { message: m, .. } => m.clone(),
            Self::NotEligible { reasons, .. } => {
                msg!("not-eligible", reasons = reasons.join(", "))
            }
            Self::RateLimited { retry_after_secs } => {
                msg!("rate-limited", seconds = *retry_after_secs)
            }
            Self::Internal => msg!("internal"),
        }
    }

    /// The message in `language`.
    pub fn message_in(&self, language: Language) -> String {
        self.msg().render(language)
    }

    /// The message in English, for logs and the command line.
    pub fn message(&self) -> String {
        self.message_in(Language::En)
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                tracing::debug!(error = %err, "unique violation");
                Self::conflict(msg!("already-exists"))
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                tracing::debug!(error = %err, "foreign key violation");
                Self::conflict(msg!("dangling-reference"))
            }
            _ => Self::internal(err),
        }
    }
}

impl AppError {
    /// The error of one item of a batch, said to be about the item at `at` (`inputs.3`) where it
    /// does not name a field already.
    pub fn within(self, at: &str) -> Self {
        match self {
            Self::NotFound(message) => {
                Self::NotFound(msg!("within", at = at.to_owned(), message = message))
            }
            Self::Conflict {
                message,
                field: None,
            } => Self::Conflict {
                message,
                field: Some(at.to_owned()),
            },
            other => other,
        }
    }

    /// The internal error of an operation that panicked, logged with the panic's message.
    pub fn panicked(payload: &(dyn std::any::Any + Send)) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        Self::internal(format_args!("an operation panicked: {detail}"))
    }
}
