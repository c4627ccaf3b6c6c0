//! Authentication: password hashing off the runtime, access and refresh tokens, API keys, the Viewer of
//! a request, and the access a subscription re-checks as it runs. Authorization (who may do what)
//! lives with the rules of each area.

pub mod api_key;
pub mod live;
pub mod password;
pub mod token;
pub mod viewer;

pub use live::LiveAccess;
pub use password::PasswordHasher;
pub use token::{AccessClaims, JwtKeys, RefreshSecret};
pub use viewer::{KeyGrant, RequestAuth, Verifier, Viewer};
