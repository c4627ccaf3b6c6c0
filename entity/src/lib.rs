//! SeaORM entities: one module per table. Hand-written finders live in `finders`, beside the
//! generated-style models, never inside them.

pub mod brand;
pub mod creator_profile;
pub mod enums;
pub mod login_failure;
pub mod refresh_token;
pub mod user;

pub mod prelude {
    pub use super::brand::Entity as Brand;
    pub use super::creator_profile::Entity as CreatorProfile;
    pub use super::login_failure::Entity as LoginFailure;
    pub use super::refresh_token::Entity as RefreshToken;
    pub use super::user::Entity as User;
}
