//! SeaORM entities: one module per table. Hand-written finders live in `finders`, beside the
//! generated-style models, never inside them.

pub mod brand;
pub mod brief;
pub mod brief_deliverable;
pub mod collaboration;
pub mod content_submission;
pub mod conversion;
pub mod creator_niche;
pub mod creator_profile;
pub mod deadline;
pub mod deliverable;
pub mod deliverable_metrics;
pub mod enums;
pub mod funding;
pub mod ledger_entry;
pub mod ledger_transfer;
pub mod login_failure;
pub mod message;
pub mod notification;
pub mod offer;
pub mod offer_deliverable;
pub mod payout;
pub mod payout_method;
pub mod proposal;
pub mod rate_card_item;
pub mod refresh_token;
pub mod review;
pub mod social_account;
pub mod user;
pub mod wallet;
pub mod withdrawal;

pub mod prelude {
    pub use super::brand::Entity as Brand;
    pub use super::brief::Entity as Brief;
    pub use super::brief_deliverable::Entity as BriefDeliverable;
    pub use super::collaboration::Entity as Collaboration;
    pub use super::content_submission::Entity as ContentSubmission;
    pub use super::conversion::Entity as Conversion;
    pub use super::creator_niche::Entity as CreatorNiche;
    pub use super::creator_profile::Entity as CreatorProfile;
    pub use super::deadline::Entity as Deadline;
    pub use super::deliverable::Entity as Deliverable;
    pub use super::deliverable_metrics::Entity as DeliverableMetrics;
    pub use super::funding::Entity as Funding;
    pub use super::ledger_entry::Entity as LedgerEntry;
    pub use super::ledger_transfer::Entity as LedgerTransfer;
    pub use super::login_failure::Entity as LoginFailure;
    pub use super::message::Entity as Message;
    pub use super::notification::Entity as Notification;
    pub use super::offer::Entity as Offer;
    pub use super::offer_deliverable::Entity as OfferDeliverable;
    pub use super::payout::Entity as Payout;
    pub use super::payout_method::Entity as PayoutMethod;
    pub use super::proposal::Entity as Proposal;
    pub use super::rate_card_item::Entity as RateCardItem;
    pub use super::refresh_token::Entity as RefreshToken;
    pub use super::review::Entity as Review;
    pub use super::social_account::Entity as SocialAccount;
    pub use super::user::Entity as User;
    pub use super::wallet::Entity as Wallet;
    pub use super::withdrawal::Entity as Withdrawal;
}
