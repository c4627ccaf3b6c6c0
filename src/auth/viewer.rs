//! Who is asking. The HTTP layer only reads the bearer token; it is verified, and the user loaded,
//! the first time a field needs it, so that `{ __typename }` answers without a token and a bad token
//! fails only the fields that need one. The user is read from the database once per request, which
//! is what makes a suspension effective at the suspended user's next request.

use std::sync::Arc;

use entity::{
    brand, creator_profile,
    enums::{ApiScope, Language, Role},
    user,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::{
    auth::{JwtKeys, LiveAccess, api_key as api_keys},
    error::{AppError, AppResult, CredentialProblem},
    i18n::{self, Msg, msg},
};

/// The signed-in user of a request, as the domain rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub role: Role,
    /// The viewer's brand, for BRAND users.
    pub brand_id: Option<Uuid>,
    /// The viewer's creator profile, for CREATOR users.
    pub creator_id: Option<Uuid>,
    /// Set when the request came with an API key rather than a user's token: the key acts as its
    /// brand's user, within these scopes only (see `graphql::scopes`).
    pub api_key: Option<KeyGrant>,
}

/// The API key a request came with, and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGrant {
    pub key_id: Uuid,
    pub scopes: Vec<ApiScope>,
}

impl KeyGrant {
    pub fn allows(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }
}

impl Viewer {
    /// The marketplace itself, acting when a deadline passes (`sweep`): no user, brand or
    /// profile, so it is never a party to a deal. Its role is ADMIN's, which the sweep's actions
    /// never consult.
    pub fn marketplace() -> Self {
        Self {
            user_id: Uuid::nil(),
            role: Role::Admin,
            brand_id: None,
            creator_id: None,
            api_key: None,
        }
    }

    /// FORBIDDEN when the viewer is an API key: what only a person signed in may do (keys, the
    /// account, and everything outside the key's scopes).
    pub fn require_person(&self, action: Msg) -> AppResult<&Self> {
        match self.api_key {
            None => Ok(self),
            Some(_) => Err(AppError::forbidden(msg!(
                "api-key-may-not",
                action = action
            ))),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether the viewer is the brand user that owns `brand_id`.
    pub fn owns_brand(&self, brand_id: Uuid) -> bool {
        self.brand_id == Some(brand_id)
    }

    /// FORBIDDEN unless the viewer has `role`; `action` says what the role may do
    /// (`msg!("action-apply-to-briefs")`).
    pub fn require(&self, role: Role, action: Msg) -> AppResult<&Self> {
        if self.role == role {
            Ok(self)
        } else {
            Err(AppError::forbidden(msg!(
                "only-role-may",
                role = role_word(role),
                action = action
            )))
        }
    }
}

fn role_word(role: Role) -> &'static str {
    match role {
        Role::Creator => "creator",
        Role::Brand => "brand",
        Role::Admin => "admin",
    }
}

/// What turning a token into a viewer takes, and nothing more: the keys that verify the token and
/// the database that holds its user. The server's shared state lends both.
pub trait Verifier {
    fn jwt(&self) -> &JwtKeys;
    fn db(&self) -> &DatabaseConnection;
}

/// The credentials a request came with, and the viewer they resolve to (at most once). Cheap to
/// clone: the operations of one batched request share it.
#[derive(Clone)]
pub struct RequestAuth(Arc<Inner>);

struct Inner {
    bearer: Option<String>,
    viewer: OnceCell<Result<Viewer, AppError>>,
    /// The language the request's `Accept-Language` prefers, for a reader without a viewer.
    preferred_language: Language,
}

impl RequestAuth {
    pub fn new(bearer: Option<String>) -> Self {
        Self::with_language(bearer, Language::En)
    }

    /// Credentials with the language the client prefers when it has no viewer.
    pub fn with_language(bearer: Option<String>, preferred_language: Language) -> Self {
        Self(Arc::new(Inner {
            bearer,
            viewer: OnceCell::new(),
            preferred_language,
        }))
    }

    /// The language the client's `Accept-Language` prefers (English without one).
    pub fn preferred_language(&self) -> Language {
        self.0.preferred_language
    }

    /// The viewer's user, when a field has resolved a usable viewer already.
    pub fn resolved_user(&self) -> Option<Uuid> {
        match self.0.viewer.get() {
            Some(Ok(viewer)) => Some(viewer.user_id),
            _ => None,
        }
    }

    /// Reads `Authorization: Bearer <token>`; any other scheme counts as a bad token.
    pub fn from_header(value: Option<&str>, accept_language: Option<&str>) -> Self {
        let bearer = value.map(|v| {
            let v = v.trim();
            match v.split_once(' ') {
                Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
                    token.trim().to_owned()
                }
                _ => String::new(),
            }
        });
        Self::with_language(
            bearer,
            accept_language.map_or(Language::En, i18n::from_accept_language),
        )
    }

    /// Whether the request came with an API key (whether or not the key is valid).
    pub fn is_api_key(&self) -> bool {
        self.0.bearer.as_deref().is_some_and(api_keys::is_api_key)
    }

    /// The bearer credential as sent, if any.
    pub fn bearer(&self) -> Option<&str> {
        self.0.bearer.as_deref()
    }

    /// The signed-in viewer, or UNAUTHENTICATED.
    pub async fn viewer(&self, verifier: &impl Verifier) -> AppResult<&Viewer> {
        self.0
            .viewer
            .get_or_init(|| self.resolve(verifier))
            .await
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The access of this request's token, for an operation that outlives the check of
    /// [`Self::viewer`]: UNAUTHENTICATED without a valid token.
    pub fn live_access(&self, verifier: &impl Verifier) -> AppResult<LiveAccess> {
        let Some(token) = self.0.bearer.as_deref() else {
            return Err(AppError::unauthenticated());
        };
        Ok(LiveAccess::new(&verifier.jwt().verify(token)?))
    }

    async fn resolve(&self, verifier: &impl Verifier) -> AppResult<Viewer> {
        let Some(token) = self.0.bearer.as_deref() else {
            return Err(AppError::unauthenticated());
        };
        if api_keys::is_api_key(token) {
            return api_keys::authenticate(verifier.db(), token).await;
        }
        let claims = verifier.jwt().verify(token)?;
        let db = verifier.db();
        let user = user::Entity::find_by_id(claims.sub)
            .one(db)
            .await?
            .ok_or_else(|| {
                AppError::credential(CredentialProblem::TokenInvalid, msg!("unknown-user"))
            })?;
        if user.is_suspended() {
            return Err(AppError::credential(
                CredentialProblem::SessionRevoked,
                msg!("account-suspended"),
            ));
        }
        let (brand_id, creator_id) = match user.role {
            Role::Brand => (
                brand::Entity::find()
                    .select_only()
                    .column(brand::Column::Id)
                    .filter(brand::Column::UserId.eq(user.id))
                    .into_tuple::<Uuid>()
                    .one(db)
                    .await?,
                None,
            ),
            Role::Creator => (
                None,
                creator_profile::Entity::find()
                    .select_only()
                    .column(creator_profile::Column::Id)
                    .filter(creator_profile::Column::UserId.eq(user.id))
                    .into_tuple::<Uuid>()
                    .one(db)
                    .await?,
            ),
            Role::Admin => (None, None),
        };
        Ok(Viewer {
            user_id: user.id,
            role: user.role,
            brand_id,
            creator_id,
            api_key: None,
        })
    }
}
