//! Accounts in the API: users, sessions, and the creator profile or brand each user has.

use super::scalars::Time;
use async_graphql::{Context, ID, InputObject, Object};
use entity::{
    enums::{Language, Role},
    user,
};
use sea_orm::EntityTrait;
use uuid::Uuid;

use crate::{
    accounts,
    error::AppResult,
    graphql::{
        brands::Brand,
        context::{admin, loaders, maybe_viewer, state, viewer},
        creators::CreatorProfile,
        ids::{self, Kind},
        loaders::loader_error,
        pagination::{self, Page, PageRequest},
    },
    i18n::{self, msg},
    keyset::TimeCursor,
};

pub struct User(pub user::Model);

/// A person's account. Readable by the user itself and by admins.
#[Object]
impl User {
    /// Opaque global ID; works with `node(id:)`.
    pub async fn id(&self) -> ID {
        ids::encode(Kind::User, self.0.id)
    }

    /// Trimmed and lower-cased, unique.
    async fn email(&self) -> &str {
        &self.0.email
    }

    /// CREATOR, BRAND or ADMIN; never changes.
    async fn role(&self) -> Role {
        self.0.role
    }

    /// True while an admin has suspended the account: it cannot log in or refresh.
    async fn suspended(&self) -> bool {
        self.0.is_suspended()
    }

    /// When the account signed up.
    async fn created_at(&self) -> Time {
        self.0.created_at.into()
    }

    /// The language the user reads error messages and notifications in: its `languageSetting`,
    /// else VI for a CREATOR whose profile's country is "VN" or a BRAND whose brand's country is
    /// "VN", else EN.
    async fn language(&self, ctx: &Context<'_>) -> AppResult<Language> {
        if let Some(chosen) = self.0.language {
            return Ok(chosen);
        }
        let country = match self.0.role {
            Role::Creator => loaders(ctx)
                .creator_profile_by_user
                .load_one(self.0.id)
                .await
                .map_err(loader_error)?
                .and_then(|p| p.country),
            Role::Brand => loaders(ctx)
                .brand_by_user
                .load_one(self.0.id)
                .await
                .map_err(loader_error)?
                .and_then(|b| b.country),
            Role::Admin => None,
        };
        Ok(i18n::default_for(country.as_deref()))
    }

    /// The language the user chose with `setLanguage`; null while it follows the default of its
    /// country (see `language`).
    async fn language_setting(&self) -> Option<Language> {
        self.0.language
    }

    /// Set for CREATOR users.
    async fn creator_profile(&self, ctx: &Context<'_>) -> AppResult<Option<CreatorProfile>> {
        if self.0.role != Role::Creator {
            return Ok(None);
        }
        let profile = loaders(ctx)
            .creator_profile_by_user
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(profile.map(CreatorProfile))
    }

    /// Set for BRAND users.
    async fn brand(&self, ctx: &Context<'_>) -> AppResult<Option<Brand>> {
        if self.0.role != Role::Brand {
            return Ok(None);
        }
        let brand = loaders(ctx)
            .brand_by_user
            .load_one(self.0.id)
            .await
            .map_err(loader_error)?;
        Ok(brand.map(Brand))
    }
}

pub struct AuthPayload(accounts::Session);

/// A new session: an access token for requests and a refresh token to renew it.
#[Object]
impl AuthPayload {
    /// A short-lived JWT to send as `Authorization: Bearer <token>`.
    async fn access_token(&self) -> &str {
        &self.0.access_token
    }

    /// When the access token stops working (15 minutes after it was issued); refresh before then.
    async fn access_token_expires_at(&self) -> Time {
        self.0.access_token_expires_at.into()
    }

    /// An opaque, single-use token that refreshSession trades for a new pair.
    async fn refresh_token(&self) -> &str {
        &self.0.refresh_token
    }

    /// The signed-in user.
    async fn user(&self) -> User {
        User(self.0.user.clone())
    }
}

/// A new CREATOR or BRAND account.
#[derive(InputObject)]
pub struct SignUpInput {
    /// Trimmed and compared case-insensitively; a registered email is CONFLICT.
    email: String,
    /// 8 to 128 characters.
    password: String,
    /// CREATOR or BRAND; ADMIN cannot sign up.
    role: Role,
    /// The creator's display name, or the brand's name.
    name: String,
}

#[derive(Default)]
pub struct AccountsQuery;

#[Object]
impl AccountsQuery {
    /// The signed-in user; null without a valid token.
    async fn me(&self, ctx: &Context<'_>) -> AppResult<Option<User>> {
        let Some(viewer) = maybe_viewer(ctx).await? else {
            return Ok(None);
        };
        let user = user::Entity::find_by_id(viewer.user_id)
            .one(&state(ctx).db)
            .await?;
        Ok(user.map(User))
    }

    /// Admins only (FORBIDDEN for others): every user, newest first.
    #[graphql(complexity = "pagination::complexity(first, child_complexity)")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only users of this role.")] role: Option<Role>,
        #[graphql(desc = "Page size: 20 when omitted, at most 100 (more is BAD_USER_INPUT).")]
        first: Option<i32>,
        #[graphql(desc = "Start after this cursor: a page's `endCursor`.")] after: Option<String>,
    ) -> AppResult<Page<User>> {
        admin(ctx, msg!("action-list-users")).await?;
        let request = PageRequest::<TimeCursor>::new(first, after)?;
        let (rows, total) = accounts::list_users(
            &state(ctx).db,
            role,
            request.after,
            request.fetch_limit(),
            pagination::wants_total(ctx),
        )
        .await?;
        Ok(pagination::build(
            rows,
            &request,
            total,
            |u| (u.created_at, u.id),
            User,
        ))
    }
}

#[derive(Default)]
pub struct AccountsMutation;

#[Object]
impl AccountsMutation {
    /// Makes a CREATOR (with an empty creator profile, kind KOC) or a BRAND (with a brand) and
    /// signs it in. Needs no token.
    async fn sign_up(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new account.")] input: SignUpInput,
    ) -> AppResult<AuthPayload> {
        let session = accounts::sign_up(
            state(ctx).accounts(),
            accounts::SignUp {
                email: input.email,
                password: input.password,
                role: input.role,
                name: input.name,
            },
        )
        .await?;
        Ok(AuthPayload(session))
    }

    /// Signs in. A wrong email or password is UNAUTHENTICATED; 5 failures for one email within 15
    /// minutes make it RATE_LIMITED for 15 minutes. Needs no token.
    async fn log_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The account's email, in any case.")] email: String,
        #[graphql(desc = "The account's password.")] password: String,
    ) -> AppResult<AuthPayload> {
        Ok(AuthPayload(
            accounts::log_in(state(ctx).accounts(), &email, password).await?,
        ))
    }

    /// Trades a refresh token for a new pair; the old one is retired. Reusing a retired token
    /// revokes its whole login (UNAUTHENTICATED, reason SESSION_REVOKED). Needs no token.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token of the last AuthPayload.")] refresh_token: String,
    ) -> AppResult<AuthPayload> {
        Ok(AuthPayload(
            accounts::refresh(state(ctx).accounts(), &refresh_token).await?,
        ))
    }

    /// Retires one of the signed-in user's refresh tokens; false when it was not live.
    async fn log_out(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The refresh token to retire.")] refresh_token: String,
    ) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        accounts::log_out(&state(ctx).db, viewer, &refresh_token).await
    }

    /// Changes the signed-in user's password and retires every refresh token of the user (all its
    /// logins end).
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The password now; a wrong one is BAD_USER_INPUT and counts toward the login throttle."
        )]
        current_password: String,
        #[graphql(desc = "8 to 128 characters.")] new_password: String,
    ) -> AppResult<bool> {
        let viewer = viewer(ctx).await?;
        accounts::change_password(
            state(ctx).accounts(),
            viewer,
            current_password,
            new_password,
        )
        .await?;
        Ok(true)
    }

    /// Sets the language the signed-in user reads error messages and notifications in, or with
    /// null clears the choice, so that it follows the default of its country again (see
    /// `User.language`). Notifications already received stay as they were written. A person's
    /// choice: FORBIDDEN for an API key.
    async fn set_language(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "EN or VI; null (or absent) to follow the default.")] language: Option<
            Language,
        >,
    ) -> AppResult<User> {
        let viewer = viewer(ctx).await?;
        Ok(User(
            accounts::set_language(&state(ctx).db, viewer, language).await?,
        ))
    }

    /// Admins only. The user can no longer log in or refresh, and its access tokens stop working.
    async fn suspend_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The user to suspend; an admin cannot suspend itself (CONFLICT).")]
        user_id: ID,
        #[graphql(desc = "Why, 1 to 1,000 characters; kept for the record.")] reason: String,
    ) -> AppResult<User> {
        let admin = admin(ctx, msg!("action-suspend-users")).await?;
        let id = ids::expect("userId", &user_id, Kind::User)?;
        Ok(User(
            accounts::suspend(&state(ctx).db, &state(ctx).events, admin, id, &reason).await?,
        ))
    }

    /// Admins only. Lifts a suspension: the user may log in again.
    async fn reinstate_user(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The suspended user.")] user_id: ID,
    ) -> AppResult<User> {
        let admin = admin(ctx, msg!("action-reinstate-users")).await?;
        let id = ids::expect("userId", &user_id, Kind::User)?;
        Ok(User(
            accounts::reinstate(&state(ctx).db, &state(ctx).events, admin, id).await?,
        ))
    }
}

/// Who may read a user: itself and admins.
pub async fn visible_user(ctx: &Context<'_>, id: Uuid) -> AppResult<Option<User>> {
    let viewer = viewer(ctx).await?;
    if viewer.user_id != id && !viewer.is_admin() {
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(id)
        .one(&state(ctx).db)
        .await?
        .map(User))
}
