//! Server-side sessions. The cookie holds a random token; the database holds only its SHA-256,
//! so a copy of the database does not let anyone sign in as its users.

use crate::accounts::{USER_COLUMNS, User, user_from_row};
use crate::audit::{Actor, Change};
use crate::clock::in_future;
use crate::{Db, Result, WriteTx, now_utc};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Sessions end this long after sign-in, whatever happens in between.
pub const SESSION_HOURS: i64 = 12;

/// 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A live session and its user.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub csrf_token: String,
    pub user: User,
    /// The user's role needs a second factor and none is enrolled: until one is, only the
    /// enrolment page may be used.
    pub must_enrol: bool,
}

/// Starts a session after a password alone; returns the token for the cookie and the session.
pub async fn start(db: &Db, user: &User, client_ip: &str) -> Result<(String, Session)> {
    let mut tx = db.begin_write().await?;
    let started = insert(&mut tx, user, client_ip).await?;
    commit_sign_in(tx, user, client_ip, None).await?;
    Ok(started)
}

/// Adds a session in the caller's transaction and clears the client's sign-in throttle.
pub(crate) async fn insert(
    tx: &mut WriteTx,
    user: &User,
    client_ip: &str,
) -> Result<(String, Session)> {
    let token = random_token();
    let session = Session {
        token_hash: token_hash(&token),
        csrf_token: random_token(),
        user: user.clone(),
        must_enrol: false,
    };
    let now = now_utc();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&session.token_hash)
    .bind(user.id)
    .bind(&session.csrf_token)
    .bind(&now)
    .bind(in_future(time::Duration::hours(SESSION_HOURS)))
    .execute(&mut **tx)
    .await?;
    // The previous sign-in is kept for "what is new since you last signed in".
    sqlx::query(
        "UPDATE users SET previous_sign_in_at = last_sign_in_at, last_sign_in_at = $1 \
         WHERE id = $2",
    )
    .bind(&now)
    .bind(user.id)
    .execute(&mut **tx)
    .await?;
    crate::throttle::succeeded(tx, &user.email, client_ip).await?;
    Ok((token, session))
}

/// Commits a sign-in with its audit entry; `how` names the second factor used, if any.
pub(crate) async fn commit_sign_in(
    tx: WriteTx,
    user: &User,
    client_ip: &str,
    how: Option<&str>,
) -> Result<()> {
    tx.commit(
        &Actor::from(user),
        Change::new("session.sign_in", "user", &user.id.to_string())
            .after(&serde_json::json!({ "client_ip": client_ip, "second_factor": how })),
    )
    .await?;
    Ok(())
}

/// The live session for a cookie's token, if any. Expired sessions and deactivated users
/// find nothing.
pub async fn find(db: &Db, token: &str) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, s.token_hash, s.csrf_token, \
           (SELECT COUNT(*) FROM second_factors f \
             WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS factors, \
           (SELECT value FROM office_settings WHERE name = 'staff_second_factor') AS staff_2fa \
         FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash(token))
        .bind(now_utc())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        let user = user_from_row(&r)?;
        let factors: i64 = r.try_get("factors")?;
        let staff_2fa: Option<String> = r.try_get("staff_2fa")?;
        let required = user
            .role
            .requires_second_factor(staff_2fa.as_deref() == Some("required"));
        Ok(Session {
            token_hash: r.try_get("token_hash")?,
            csrf_token: r.try_get("csrf_token")?,
            must_enrol: required && factors == 0,
            user,
        })
    })
    .transpose()
}

pub async fn end(db: &Db, session: &Session) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(&session.token_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        &Actor::from(&session.user),
        Change::new("session.sign_out", "user", &session.user.id.to_string()),
    )
    .await?;
    Ok(())
}

/// Records a refused sign-in (a wrong password or code) in the audit log. The attempt was
/// already counted by the throttle, before the check.
pub async fn record_failure(db: &Db, action: &str, email: &str, client_ip: &str) -> Result<()> {
    let tx = db.begin_write().await?;
    tx.commit(
        &Actor {
            id: None,
            label: format!("anonymous ({client_ip})"),
        },
        Change::new(action, "email", email),
    )
    .await?;
    Ok(())
}
