//! Users and their passwords. Hashes are Argon2id with the crate's default (OWASP) cost.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Argon2, password_hash::rand_core::OsRng};
use opcc_domain::accounts::{Email, Role};
use serde::Serialize;
use sqlx::{Row, any::AnyRow};

/// A user as the rest of the service sees them: never with the password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
    pub password_changed_at: String,
}

pub(crate) const USER_COLUMNS: &str =
    "u.id, u.email, u.display_name, u.role, u.active, u.created_at, u.password_changed_at";

pub(crate) fn user_from_row(r: &AnyRow) -> Result<User> {
    let role: String = r.try_get("role")?;
    Ok(User {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        display_name: r.try_get("display_name")?,
        role: role
            .parse()
            .map_err(|e: opcc_domain::accounts::UnknownRole| StoreError::Invalid(e.to_string()))?,
        active: r.try_get::<i64, _>("active")? == 1,
        created_at: r.try_get("created_at")?,
        password_changed_at: r.try_get("password_changed_at")?,
    })
}

/// Hashing is deliberately slow (tens of milliseconds), so it runs off the async workers.
pub async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| StoreError::Hash(e.to_string()))?
}

async fn password_matches(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|h| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &h)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash of a password nobody knows, checked when the email is unknown so that an unknown
/// address takes as long to refuse as a wrong password.
fn decoy_hash() -> String {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(generate_password().as_bytes(), &salt)
                .map(|h| h.to_string())
                .unwrap_or_default()
        })
        .clone()
}

pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("A user with the email address {0} already exists")]
    EmailTaken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CreateUserError {
    fn from(e: sqlx::Error) -> Self {
        CreateUserError::Store(e.into())
    }
}

/// Two concurrent creations of one email both pass the check; the unique index stops the
/// second, which is then reported like any other taken address.
fn taken_or_store(email: &Email, e: StoreError) -> CreateUserError {
    match &e {
        StoreError::Sql(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            CreateUserError::EmailTaken(email.to_string())
        }
        _ => CreateUserError::Store(e),
    }
}

pub async fn create_user(
    db: &Db,
    actor: &Actor,
    new: NewUser,
) -> std::result::Result<User, CreateUserError> {
    let hash = hash_password(new.password).await?;
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(new.email.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(CreateUserError::EmailTaken(new.email.to_string()));
    }
    let row = sqlx::query(
        "INSERT INTO users (email, display_name, role, password_hash, active, created_at, \
         password_changed_at) VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
    )
    .bind(new.email.as_str())
    .bind(new.display_name.trim())
    .bind(new.role.as_str())
    .bind(&hash)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| taken_or_store(&new.email, e.into()))?;
    let user = User {
        id: row.try_get("id")?,
        email: new.email.to_string(),
        display_name: new.display_name.trim().to_string(),
        role: new.role,
        active: true,
        created_at: now.clone(),
        password_changed_at: now,
    };
    tx.commit(
        actor,
        Change::new("user.create", "user", &user.id.to_string()).after(&user),
    )
    .await?;
    Ok(user)
}

pub async fn user_count(db: &Db) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?)
}

pub async fn list_users(db: &Db) -> Result<Vec<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.role, u.email");
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    rows.iter().map(user_from_row).collect()
}

pub async fn get_user(db: &Db, id: i64) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(user_from_row).transpose()
}

/// The active user with this email and password, or none. Takes the same time either way.
pub async fn authenticate(db: &Db, email: &Email, password: &str) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = $1");
    let row = sqlx::query(&sql)
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else {
        let decoy = tokio::task::spawn_blocking(decoy_hash)
            .await
            .unwrap_or_default();
        password_matches(decoy, password.to_string()).await;
        return Ok(None);
    };
    let hash: String = row.try_get("password_hash")?;
    let user = user_from_row(&row)?;
    let ok = password_matches(hash, password.to_string()).await;
    Ok((ok && user.active).then_some(user))
}

/// What became of a password change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChange {
    Changed,
    /// The current password was wrong; the failure is in the audit log.
    WrongCurrent,
    /// Too many wrong guesses from this client: nothing was checked.
    Wait {
        seconds: i64,
    },
}

/// Sets a new password after checking the current one, and ends the user's other sessions.
/// The check is throttled like sign-in (someone at an unlocked screen could otherwise guess the
/// password to take the account over) and each failure is audited.
pub async fn change_password(
    db: &Db,
    user: &User,
    keep_session_hash: &str,
    current: &str,
    new: &str,
    client: &str,
) -> Result<PasswordChange> {
    use crate::throttle::{Attempt, begin_attempt};
    if let Attempt::Wait { seconds } = begin_attempt(db, &user.email, client).await? {
        return Ok(PasswordChange::Wait { seconds });
    }
    let email = Email::parse(&user.email).map_err(|e| StoreError::Invalid(e.to_string()))?;
    if authenticate(db, &email, current).await?.is_none() {
        let tx = db.begin_write().await?;
        tx.commit(
            &Actor::from(user),
            Change::new("user.password_change_refused", "user", &user.id.to_string())
                .after(&serde_json::json!({ "client_ip": client })),
        )
        .await?;
        return Ok(PasswordChange::WrongCurrent);
    }
    set_password(
        db,
        &Actor::from(user),
        user.id,
        new,
        Some(keep_session_hash),
    )
    .await?;
    crate::throttle::clear(db, &user.email, client).await?;
    Ok(PasswordChange::Changed)
}

/// Replaces a password and signs the user out everywhere but the session named.
pub async fn set_password(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    new: &str,
    keep_session_hash: Option<&str>,
) -> Result<()> {
    let hash = hash_password(new.to_string()).await?;
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT password_changed_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(before) = before else {
        return Err(StoreError::Invalid(format!("no user with id {user_id}")));
    };
    sqlx::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(&now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep_session_hash.unwrap_or(""))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit(
        actor,
        Change::new("user.password_change", "user", &user_id.to_string())
            .before(&serde_json::json!({ "password_changed_at": before }))
            .after(
                &serde_json::json!({ "password_changed_at": now, "other_sessions_ended": ended }),
            ),
    )
    .await?;
    Ok(())
}

impl From<&User> for Actor {
    fn from(u: &User) -> Actor {
        Actor {
            id: Some(u.id),
            label: u.email.clone(),
        }
    }
}

/// A random password for `opcc user add` when none is given: 20 characters from an alphabet
/// without look-alikes, about 115 bits.
pub fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..20)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Activates or deactivates a user; false when there is no such user. A deactivated user's
/// sessions stop working at once, since sessions are looked up together with the user.
pub async fn set_active(db: &Db, actor: &Actor, user_id: i64, active: bool) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1");
    let Some(row) = sqlx::query(&sql)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(false);
    };
    let before = user_from_row(&row)?;
    if before.active == active {
        return Ok(true);
    }
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND $2 = 0")
        .bind(user_id)
        .bind(i64::from(active))
        .execute(&mut *tx)
        .await?;
    let after = User {
        active,
        ..before.clone()
    };
    let action = if active {
        "user.activate"
    } else {
        "user.deactivate"
    };
    tx.commit(
        actor,
        Change::new(action, "user", &user_id.to_string())
            .before(&before)
            .after(&after),
    )
    .await?;
    Ok(true)
}
