//! Authentication: password hashing off the runtime, access and refresh tokens, and the Viewer of
//! a request. Authorization (who may do what) lives with the rules of each area.

pub mod password;
pub mod token;
pub mod viewer;

pub use password::PasswordHasher;
pub use token::{AccessClaims, JwtKeys, RefreshSecret};
pub use viewer::{RequestAuth, Viewer};
