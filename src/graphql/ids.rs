//! Opaque global IDs: base64url of one type tag and the row's random (v4) UUID, so an ID tells
//! neither when the row was made nor how many came before it. Clients must not parse them;
//! the tag lets `node(id:)` find the table and refuses an ID of one type used as another.

use async_graphql::ID;
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

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
            _ => return None,
        })
    }

    fn noun(self) -> &'static str {
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
        }
    }
}

pub fn encode(kind: Kind, id: Uuid) -> ID {
    let mut bytes = [0u8; 17];
    bytes[0] = kind as u8;
    bytes[1..].copy_from_slice(id.as_bytes());
    ID(URL_SAFE_NO_PAD.encode(bytes))
}

/// The kind and UUID of a global ID, or None when it is not one of ours.
pub fn decode(id: &str) -> Option<(Kind, Uuid)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let (&tag, rest) = bytes.split_first()?;
    Some((Kind::from_tag(tag)?, Uuid::from_slice(rest).ok()?))
}

/// The UUID behind an ID argument that must be of `kind`: BAD_USER_INPUT when it is not an ID at
/// all, NOT_FOUND when it is another type's (no object of this type has it).
pub fn expect(field: &str, id: &ID, kind: Kind) -> AppResult<Uuid> {
    match decode(id) {
        None => Err(AppError::bad_input(field, "not a valid ID")),
        Some((k, uuid)) if k == kind => Ok(uuid),
        Some(_) => Err(AppError::not_found(kind.noun())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_kinds_apart() {
        let uuid = Uuid::new_v4();
        let id = encode(Kind::Brand, uuid);
        assert_eq!(decode(&id), Some((Kind::Brand, uuid)));
        assert!(expect("id", &id, Kind::Brand).is_ok());
        assert_eq!(
            expect("id", &id, Kind::User),
            Err(AppError::not_found("user"))
        );
        assert!(matches!(
            expect("id", &ID("nope".into()), Kind::User),
            Err(AppError::BadUserInput { .. })
        ));
    }
}
