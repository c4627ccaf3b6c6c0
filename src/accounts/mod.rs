//! Accounts: sign-up, log-in with its throttle, refresh-token rotation, log-out, password change,
//! and the admin's suspension. Plain functions over a connection; the resolvers only map.

mod throttle;

use chrono::{DateTime, Utc};
use entity::{
    brand, creator_profile,
    enums::{CreatorKind, Language, Role},
    refresh_token, user,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, DbBackend, EntityTrait, QueryFilter, QuerySelect, SqlErr, sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    auth::{JwtKeys, PasswordHasher, RefreshSecret, Viewer, token::REFRESH_TOKEN_TTL},
    clock,
    db::begin_write,
    error::{AppError, AppResult, CredentialProblem},
    events::EventBus,
    i18n::msg,
    keyset::{self, Direction, TimeCursor},
    text,
    work::Work,
};

pub use throttle::{LOCKOUT, MAX_FAILURES, WINDOW};

/// Longest name of a creator or brand.
pub const MAX_NAME_LEN: usize = 100;
/// Longest suspension reason.
pub const MAX_REASON_LEN: usize = 1000;

/// What the rules that hash passwords or issue tokens need: the database, the keys that sign
/// access tokens and the password hasher. Borrowed from whoever owns them (the server's state).
#[derive(Clone, Copy)]
pub struct Accounts<'a> {
    pub db: &'a DatabaseConnection,
    pub jwt: &'a JwtKeys,
    pub hasher: &'a PasswordHasher,
}

/// A fresh pair of tokens and the user they belong to.
pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: user::Model,
}

pub struct SignUp {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub name: String,
}

/// Trims and lower-cases an email and checks its form. `field` names the input for the error.
pub fn normalize_email(field: &str, raw: &str) -> AppResult<String> {
    let email = raw.trim().to_lowercase();
    if email.len() > 254 || !email_address::EmailAddress::is_valid(&email) {
        return Err(AppError::bad_input(field, msg!("email-invalid")));
    }
    Ok(email)
}

pub async fn sign_up(ctx: Accounts<'_>, input: SignUp) -> AppResult<Session> {
    let email = normalize_email("input.email", &input.email)?;
    PasswordHasher::validate("input.password", &input.password)?;
    if input.role == Role::Admin {
        return Err(AppError::bad_input("input.role", msg!("admin-sign-up")));
    }
    let name = text::required("input.name", &input.name, MAX_NAME_LEN)?;
    let password_hash = ctx.hasher.hash(input.password).await?;

    let txn = begin_write(ctx.db).await?;
    let now = clock::now();
    let user = user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        password_hash: Set(password_hash),
        role: Set(input.role),
        suspended_at: Set(None),
        suspension_reason: Set(None),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::conflict_on("input.email", msg!("email-taken"))
        }
        _ => err.into(),
    })?;
    match input.role {
        Role::Creator => {
            creator_profile::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(user.id),
                display_name: Set(name.clone()),
                bio: Set(None),
                kind: Set(CreatorKind::Koc),
                country: Set(None),
                city: Set(None),
                avatar_url: Set(None),
                languages: Set(String::new()),
                search_text: Set(crate::search::fold(&name)),
                audience_followers: Set(0),
                audience_engagement_bp: Set(None),
                live_revenue_vnd: Set(0),
                live_conversion_bp: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Role::Brand => {
            brand::ActiveModel {
                id: Set(Uuid::new_v4()),
                user_id: Set(user.id),
                name: Set(name),
                industry: Set(None),
                website: Set(None),
                description: Set(None),
                logo_url: Set(None),
                country: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Role::Admin => unreachable!("refused above"),
    }
    let session = open_session(ctx.jwt, &txn, user, Uuid::new_v4()).await?;
    txn.commit().await?;
    Ok(session)
}

/// Makes an ADMIN user; for the `create-admin` command, never the API.
pub async fn create_admin(
    ctx: Accounts<'_>,
    email: &str,
    password: String,
) -> AppResult<user::Model> {
    let email = normalize_email("email", email)?;
    PasswordHasher::validate("password", &password)?;
    let password_hash = ctx.hasher.hash(password).await?;
    let now = clock::now();
    user::ActiveModel {
        id: Set(Uuid::new_v4()),
        email: Set(email),
        password_hash: Set(password_hash),
        role: Set(Role::Admin),
        suspended_at: Set(None),
        suspension_reason: Set(None),
        language: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(ctx.db)
    .await
    .map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::conflict_on("email", msg!("email-taken"))
        }
        _ => err.into(),
    })
}

/// The one answer for an unknown email, a wrong password and a suspended account.
fn wrong_login() -> AppError {
    AppError::Unauthenticated(msg!("wrong-login"))
}

pub async fn log_in(ctx: Accounts<'_>, email: &str, password: String) -> AppResult<Session> {
    // A malformed email cannot belong to anyone: the same answer as an unknown one.
    let email = email.trim().to_lowercase();
    let attempt = throttle::begin(ctx.db, &email).await?;
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(ctx.db)
        .await?;
    let verified = ctx
        .hasher
        .verify(password, user.as_ref().map(|u| u.password_hash.clone()))
        .await?;
    // A suspended account answers like a wrong password: the answer tells nothing either way.
    let user = match user {
        Some(user) if verified && !user.is_suspended() => user,
        _ => return Err(wrong_login()),
    };
    attempt.succeeded(ctx.db).await?;
    let txn = begin_write(ctx.db).await?;
    let session = open_session(ctx.jwt, &txn, user, Uuid::new_v4()).await?;
    txn.commit().await?;
    Ok(session)
}

/// Trades a live refresh token for a new pair. A token that was already traded (or logged out)
/// is a sign of theft: every token of its login is revoked.
pub async fn refresh(ctx: Accounts<'_>, presented: &str) -> AppResult<Session> {
    let invalid = || {
        AppError::credential(
            CredentialProblem::TokenInvalid,
            msg!("refresh-token-invalid"),
        )
    };
    let revoked = || AppError::credential(CredentialProblem::SessionRevoked, msg!("login-ended"));
    let hash = RefreshSecret::hash(presented);
    let Some(token) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(ctx.db)
        .await?
    else {
        return Err(invalid());
    };
    let now = clock::now();
    if token.revoked_at.is_some() {
        return Err(revoked());
    }
    if token.expires_at <= now {
        return Err(AppError::credential(
            CredentialProblem::TokenExpired,
            msg!("refresh-token-expired"),
        ));
    }
    if token.retired_at.is_some() {
        revoke_family(ctx.db, token.user_id, token.family_id).await?;
        tracing::warn!(family = %token.family_id, "retired refresh token presented again; family revoked");
        return Err(revoked());
    }
    let user = user::Entity::find_by_id(token.user_id)
        .one(ctx.db)
        .await?
        .ok_or_else(invalid)?;
    if user.is_suspended() {
        return Err(AppError::credential(
            CredentialProblem::SessionRevoked,
            msg!("account-suspended"),
        ));
    }

    let txn = begin_write(ctx.db).await?;
    // Revocations lock the same row: a refresh cannot slip a new token past one in flight.
    lock_user(&txn, user.id).await?;
    // Single use under concurrency: only one request can flip retired_at from NULL.
    let retired = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RetiredAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token.id))
        .filter(refresh_token::Column::RetiredAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if retired.rows_affected != 1 {
        txn.rollback().await?;
        revoke_family(ctx.db, token.user_id, token.family_id).await?;
        tracing::warn!(family = %token.family_id, "refresh token raced; family revoked");
        return Err(revoked());
    }
    let session = open_session(ctx.jwt, &txn, user, token.family_id).await?;
    txn.commit().await?;
    Ok(session)
}

/// Retires one of the viewer's refresh tokens. False when it was not live.
pub async fn log_out(db: &DatabaseConnection, viewer: &Viewer, presented: &str) -> AppResult<bool> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RetiredAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::TokenHash.eq(RefreshSecret::hash(presented)))
        .filter(refresh_token::Column::UserId.eq(viewer.user_id))
        .filter(refresh_token::Column::RetiredAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn change_password(
    ctx: Accounts<'_>,
    viewer: &Viewer,
    current: String,
    new: String,
) -> AppResult<()> {
    PasswordHasher::validate("newPassword", &new)?;
    let user = find_user(ctx.db, viewer.user_id).await?;
    // Guessing the current password with a stolen access token is throttled like logging in.
    let attempt = throttle::begin(ctx.db, &user.email).await?;
    if !ctx
        .hasher
        .verify(current, Some(user.password_hash.clone()))
        .await?
    {
        return Err(AppError::bad_input(
            "currentPassword",
            msg!("current-password-wrong"),
        ));
    }
    attempt.succeeded(ctx.db).await?;
    let password_hash = ctx.hasher.hash(new).await?;
    let txn = begin_write(ctx.db).await?;
    lock_user(&txn, user.id).await?;
    let now = clock::now();
    user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(password_hash),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    revoke_all_of_user(&txn, user.id).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn suspend(
    db: &DatabaseConnection,
    bus: &EventBus,
    admin: &Viewer,
    user_id: Uuid,
    reason: &str,
) -> AppResult<user::Model> {
    let reason = text::required("reason", reason, MAX_REASON_LEN)?;
    if user_id == admin.user_id {
        return Err(AppError::conflict(msg!("admin-suspends-itself")));
    }
    let work = Work::begin(db, bus, admin).await?;
    let txn = work.db();
    let user = find_user(txn, user_id).await?;
    lock_user(txn, user.id).await?;
    let now = clock::now();
    let user = user::ActiveModel {
        id: Set(user.id),
        suspended_at: Set(Some(user.suspended_at.unwrap_or(now))),
        suspension_reason: Set(Some(reason)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?;
    revoke_all_of_user(txn, user.id).await?;
    work.commit().await?;
    Ok(user)
}

/// `setLanguage`: the signed-in person's own choice of language, or None to follow the default
/// of its country (`i18n::language_of`). Not for API keys: the language is the person's.
pub async fn set_language(
    db: &DatabaseConnection,
    viewer: &Viewer,
    language: Option<Language>,
) -> AppResult<user::Model> {
    viewer.require_person(msg!("action-set-the-language"))?;
    let user = find_user(db, viewer.user_id).await?;
    Ok(user::ActiveModel {
        id: Set(user.id),
        language: Set(language),
        updated_at: Set(clock::now()),
        ..Default::default()
    }
    .update(db)
    .await?)
}

pub async fn reinstate(
    db: &DatabaseConnection,
    bus: &EventBus,
    admin: &Viewer,
    user_id: Uuid,
) -> AppResult<user::Model> {
    let work = Work::begin(db, bus, admin).await?;
    let txn = work.db();
    let user = find_user(txn, user_id).await?;
    let user = user::ActiveModel {
        id: Set(user.id),
        suspended_at: Set(None),
        suspension_reason: Set(None),
        updated_at: Set(clock::now()),
        ..Default::default()
    }
    .update(txn)
    .await?;
    work.commit().await?;
    Ok(user)
}

/// Users, newest first, of one role or all, and how many there are when asked. Only admins list
/// users: the resolver checks that first.
pub async fn list_users(
    db: &impl ConnectionTrait,
    role: Option<Role>,
    cursor: Option<TimeCursor>,
    limit: u64,
    want_total: bool,
) -> AppResult<(Vec<user::Model>, i64)> {
    let mut q = user::Entity::find();
    if let Some(role) = role {
        q = q.filter(user::Column::Role.eq(role));
    }
    keyset::fetch(
        db,
        q,
        user::Column::CreatedAt,
        user::Column::Id,
        Direction::NewestFirst,
        keyset::Window {
            after: cursor,
            limit,
            count: want_total,
        },
    )
    .await
}

pub async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> AppResult<user::Model> {
    user::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("user"))
}

async fn open_session(
    jwt: &JwtKeys,
    txn: &impl ConnectionTrait,
    user: user::Model,
    family_id: Uuid,
) -> AppResult<Session> {
    let (access_token, access_token_expires_at) = jwt.issue(user.id, user.role, family_id)?;
    let secret = RefreshSecret::generate();
    let now = clock::now();
    refresh_token::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(user.id),
        family_id: Set(family_id),
        token_hash: Set(secret.hash),
        created_at: Set(now),
        expires_at: Set(now + REFRESH_TOKEN_TTL),
        retired_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(Session {
        access_token,
        access_token_expires_at,
        refresh_token: secret.token,
        user,
    })
}

async fn revoke_family(db: &DatabaseConnection, user_id: Uuid, family_id: Uuid) -> AppResult<()> {
    let txn = begin_write(db).await?;
    lock_user(&txn, user_id).await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::FamilyId.eq(family_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Locks the user's row until the transaction ends (PostgreSQL; SQLite's `BEGIN IMMEDIATE`
/// already serialises writers). Token rotation and revocation both take it, so a revocation sees
/// every token a concurrent refresh made.
async fn lock_user(txn: &DatabaseTransaction, user_id: Uuid) -> AppResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        user::Entity::find_by_id(user_id)
            .select_only()
            .column(user::Column::Id)
            .lock_exclusive()
            .into_tuple::<Uuid>()
            .one(txn)
            .await?;
    }
    Ok(())
}

async fn revoke_all_of_user(db: &impl ConnectionTrait, user_id: Uuid) -> AppResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(clock::now()))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
