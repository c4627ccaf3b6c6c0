//! `AppError` as GraphQL errors: the message, and `extensions.code` (with `field`, `reasons`,
//! `reason` (INSUFFICIENT_FUNDS, TOKEN_EXPIRED, TOKEN_INVALID, SESSION_REVOKED) or
//! `retryAfterSeconds` where the error has them).

use async_graphql::ErrorExtensions;

use crate::error::AppError;

impl AppError {
    /// The error as a request-level GraphQL error, without a location or path: for refusals
    /// made before execution, and for an operation that could not finish.
    pub fn into_request_error(self) -> async_graphql::ServerError {
        let extended = self.extend();
        let mut server = async_graphql::ServerError::new(extended.message, None);
        server.extensions = extended.extensions;
        server.source = extended.source;
        server
    }

    /// A whole response of this error alone, for an operation that could not finish.
    pub fn into_response(self) -> async_graphql::Response {
        async_graphql::Response::from_errors(vec![self.into_request_error()])
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        err.extend()
    }
}

impl ErrorExtensions for AppError {
    /// The error in English, carrying itself as its `source` so that the response can be
    /// written in the reader's language once the request knows who reads it (`language`).
    fn extend(&self) -> async_graphql::Error {
        let mut error = async_graphql::Error::new(self.message());
        error.source = Some(std::sync::Arc::new(self.clone()));
        error.extend_with(|_, ext| {
            ext.set("code", self.code());
            match self {
                Self::BadUserInput { field, .. } => ext.set("field", field.as_str()),
                Self::Conflict {
                    field: Some(field), ..
                } => ext.set("field", field.as_str()),
                Self::NotEligible { field, reasons } => {
                    ext.set("field", field.as_str());
                    ext.set("reasons", reasons.clone());
                }
                Self::InsufficientFunds(_) => ext.set("reason", "INSUFFICIENT_FUNDS"),
                Self::Credential { reason, .. } => ext.set("reason", reason.as_str()),
                Self::RateLimited { retry_after_secs } => {
                    ext.set("retryAfterSeconds", *retry_after_secs)
                }
                _ => {}
            }
        })
    }
}
