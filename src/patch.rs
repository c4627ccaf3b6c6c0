//! One field of a partial update: keep the stored value, clear it, or set a new one. The API's
//! "absent", `null` and a value map onto these; the rules decide what clearing means for a field
//! that cannot be empty.

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// Leave the field as it is.
    #[default]
    Keep,
    /// Remove the field's value.
    Clear,
    /// Replace the field's value.
    Set(T),
}

impl<T> Patch<T> {
    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Self::Keep => Patch::Keep,
            Self::Clear => Patch::Clear,
            Self::Set(value) => Patch::Set(value),
        }
    }

    /// None to keep the field; otherwise its new value, None to clear it.
    pub fn change(self) -> Option<Option<T>> {
        match self {
            Self::Keep => None,
            Self::Clear => Some(None),
            Self::Set(value) => Some(Some(value)),
        }
    }
}
