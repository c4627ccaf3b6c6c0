//! Opaque global IDs: base64url of one type tag and the row's random (v4) UUID, so an ID tells
//! neither when the row was made nor how many came before it. Clients must not parse them;
//! the tag lets `node(id:)` find the table and refuses an ID of one type used as another. The API
//! reads and writes them through `graphql::ids`; webhook payloads carry them too.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    User = 1,
    CreatorProfile = 2,
    Brand = 3,
    SocialAccount = 4,
    Brief = 5,
    Proposal = 6,
    Offer = 7,
    Message = 8,
    Collaboration = 9,
    Deliverable = 10,
    Notification = 11,
    Conversion = 13,
    Payout = 14,
    ContentSubmission = 12,
    Review = 15,
    LedgerEntry = 16,
    Funding = 17,
    PayoutMethod = 18,
    Withdrawal = 19,
    ApiKey = 20,
    WebhookEndpoint = 21,
    WebhookDelivery = 22,
    Sample = 23,
    LivestreamSession = 24,
}

impl Kind {
    fn from_tag(tag: u8) -> Option<Self> {
        Some(match tag {
            1 => Self::User,
            2 => Self::CreatorProfile,
            3 => Self::Brand,
            4 => Self::SocialAccount,
            5 => Self::Brief,
            6 => Self::Proposal,
            7 => Self::Offer,
            8 => Self::Message,
            9 => Self::Collaboration,
            10 => Self::Deliverable,
            11 => Self::Notification,
            13 => Self::Conversion,
            14 => Self::Payout,
            12 => Self::ContentSubmission,
            15 => Self::Review,
            16 => Self::LedgerEntry,
            17 => Self::Funding,
            18 => Self::PayoutMethod,
            19 => Self::Withdrawal,
            20 => Self::ApiKey,
            21 => Self::WebhookEndpoint,
            22 => Self::WebhookDelivery,
            23 => Self::Sample,
            24 => Self::LivestreamSession,
            _ => return None,
        })
    }

    pub fn noun(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::CreatorProfile => "creator",
            Self::Brand => "brand",
            Self::SocialAccount => "social account",
            Self::Brief => "brief",
            Self::Proposal => "proposal",
            Self::Offer => "offer",
            Self::Message => "message",
            Self::Collaboration => "collaboration",
            Self::Deliverable => "deliverable",
            Self::Notification => "notification",
            Self::Conversion => "conversion",
            Self::Payout => "payout",
            Self::ContentSubmission => "submission",
            Self::Review => "review",
            Self::LedgerEntry => "ledger entry",
            Self::Funding => "funding",
            Self::PayoutMethod => "payout method",
            Self::Withdrawal => "withdrawal",
            Self::ApiKey => "API key",
            Self::WebhookEndpoint => "webhook endpoint",
            Self::WebhookDelivery => "webhook delivery",
            Self::Sample => "sample",
            Self::LivestreamSession => "livestream session",
        }
    }
}

pub fn encode(kind: Kind, id: Uuid) -> String {
    let mut bytes = [0u8; 17];
    bytes[0] = kind as u8;
    bytes[1..].copy_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The kind and UUID of a global ID, or None when it is not one of ours.
pub fn decode(id: &str) -> Option<(Kind, Uuid)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let (&tag, rest) = bytes.split_first()?;
    Some((Kind::from_tag(tag)?, Uuid::from_slice(rest).ok()?))
}
