//! Global IDs as GraphQL `ID`s (see `crate::ids`), and reading an ID argument of a given type.

use async_graphql::ID;
use uuid::Uuid;

pub use crate::ids::{Kind, decode};
use crate::{
    error::{AppError, AppResult},
    i18n::msg,
};

pub fn encode(kind: Kind, id: Uuid) -> ID {
    ID(crate::ids::encode(kind, id))
}

/// The UUID behind an ID argument that must be of `kind`: BAD_USER_INPUT when it is not an ID at
/// all, NOT_FOUND when it is another type's (no object of this type has it).
pub fn expect(field: &str, id: &ID, kind: Kind) -> AppResult<Uuid> {
    match decode(id) {
        None => Err(AppError::bad_input(field, msg!("id-invalid"))),
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
