//! Server-side sessions. The cookie holds a random token; the database holds only its SHA-256,
//! so a copy of the database does not let anyone sign in as its users.

use crate::accounts::{USER_COLUMNS, User, user_from_row};
use crate::audit::{Actor, Change};
use crate::clock::in_future;
use crate::{Db, Result, now_utc};
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
}

/// Starts a session; returns the token for the cookie and the session.
pub async fn start(db: &Db, user: &User, client_ip: &str) -> Result<(String, Session)> {
    let token = random_token();
    let session = Session {
        token_hash: token_hash(&token),
        csrf_token: random_token(),
        user: user.clone(),
    };
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&session.token_hash)
    .bind(user.id)
    .bind(&session.csrf_token)
    .bind(&now)
    .bind(in_future(time::Duration::hours(SESSION_HOURS)))
    .execute(&mut *tx)
    .await?;
    record_attempt(&mut tx, &user.email, client_ip, true).await?;
    tx.commit(
        &Actor::from(user),
        Change::new("session.sign_in", "user", &user.id.to_string())
            .after(&serde_json::json!({ "client_ip": client_ip })),
    )
    .await?;
    Ok((token, session))
}

/// The live session for a cookie's token, if any. Expired sessions and deactivated users
/// find nothing.
pub async fn find(db: &Db, token: &str) -> Result<Option<Session>> {
    let sql = format!(
        "SELECT {USER_COLUMNS}, s.token_hash, s.csrf_token FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash(token))
        .bind(now_utc())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(Session {
            token_hash: r.try_get("token_hash")?,
            csrf_token: r.try_get("csrf_token")?,
            user: user_from_row(&r)?,
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

/// Sign-in throttling: at most this many failures per email, and this many per client
/// address, within the window.
pub const MAX_FAILURES_PER_EMAIL: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 20;
pub const THROTTLE_MINUTES: i64 = 15;

/// Whether sign-in is refused for now, because of recent failures for this email or address.
pub async fn throttled(db: &Db, email: &str, client_ip: &str) -> Result<bool> {
    let since = crate::clock::format(
        time::OffsetDateTime::now_utc() - time::Duration::minutes(THROTTLE_MINUTES),
    );
    let row = sqlx::query(
        "SELECT \
           (SELECT COUNT(*) FROM login_attempts WHERE email = $1 AND at > $3 AND succeeded = 0) AS by_email, \
           (SELECT COUNT(*) FROM login_attempts WHERE client_ip = $2 AND at > $3 AND succeeded = 0) AS by_ip",
    )
    .bind(email)
    .bind(client_ip)
    .bind(&since)
    .fetch_one(&db.pool)
    .await?;
    let by_email: i64 = row.try_get("by_email")?;
    let by_ip: i64 = row.try_get("by_ip")?;
    Ok(by_email >= MAX_FAILURES_PER_EMAIL || by_ip >= MAX_FAILURES_PER_IP)
}

async fn record_attempt(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    client_ip: &str,
    succeeded: bool,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_attempts (email, client_ip, at, succeeded) VALUES ($1, $2, $3, $4)",
    )
    .bind(email)
    .bind(client_ip)
    .bind(now_utc())
    .bind(i64::from(succeeded))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records a refused sign-in, in the throttle's table and in the audit log.
pub async fn record_failure(db: &Db, email: &str, client_ip: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    record_attempt(&mut tx, email, client_ip, false).await?;
    tx.commit(
        &Actor {
            id: None,
            label: format!("anonymous ({client_ip})"),
        },
        Change::new("session.sign_in_refused", "email", email),
    )
    .await?;
    Ok(())
}
