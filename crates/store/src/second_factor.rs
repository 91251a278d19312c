//! The second factor: a TOTP secret per user with single-use recovery codes, the half-done
//! sign-ins that wait for a code, and the office's setting that makes staff use one.

use crate::accounts::{USER_COLUMNS, User, user_from_row};
use crate::audit::{Actor, Change};
use crate::clock::in_future;
use crate::sessions::{self, random_token, token_hash};
use crate::{Db, Result, now_utc};
use opcc_domain::security::totp;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashSet;

pub const RECOVERY_CODES: usize = 10;
/// How long a password, once accepted, waits for its code.
pub const CHALLENGE_MINUTES: i64 = 10;

/// 160 bits, the HMAC-SHA-1 block RFC 4226 recommends.
fn random_secret() -> Vec<u8> {
    let mut s = vec![0_u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

/// Ten characters without look-alikes, shown as two groups of five: about 50 bits.
fn recovery_code() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let raw: String = (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..5], &raw[5..])
}

fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(norm.as_bytes()))
}

fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A confirmed factor's state, for the account page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub confirmed_at: String,
    pub recovery_codes_left: i64,
}

pub async fn status(db: &Db, user_id: i64) -> Result<Option<Status>> {
    let row = sqlx::query(
        "SELECT f.confirmed_at, \
           (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = f.user_id AND r.used_at IS NULL) AS left_codes \
         FROM second_factors f WHERE f.user_id = $1 AND f.confirmed_at IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        Ok(Status {
            confirmed_at: r.try_get("confirmed_at")?,
            recovery_codes_left: r.try_get("left_codes")?,
        })
    })
    .transpose()
}

/// Users with a confirmed factor, for the users page.
pub async fn enrolled_users(db: &Db) -> Result<HashSet<i64>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT user_id FROM second_factors WHERE confirmed_at IS NOT NULL")
            .fetch_all(&db.pool)
            .await?;
    Ok(ids.into_iter().collect())
}

/// The secret to enrol, made on first asking and kept until confirmed; none once a factor is
/// confirmed (an admin's reset is the way to start again).
pub async fn pending_secret(db: &Db, user: &User) -> Result<Option<Vec<u8>>> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query("SELECT secret, confirmed_at FROM second_factors WHERE user_id = $1")
        .bind(user.id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(r) = row {
        let confirmed: Option<String> = r.try_get("confirmed_at")?;
        let secret: String = r.try_get("secret")?;
        return Ok(confirmed
            .is_none()
            .then(|| totp::base32_decode(&secret))
            .flatten());
    }
    let secret = random_secret();
    sqlx::query("INSERT INTO second_factors (user_id, secret, created_at) VALUES ($1, $2, $3)")
        .bind(user.id)
        .bind(totp::base32_encode(&secret))
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    // The secret itself never goes into the log.
    tx.commit(
        &Actor::from(user),
        Change::new("user.second_factor_started", "user", &user.id.to_string()),
    )
    .await?;
    Ok(Some(secret))
}

/// Confirms enrolment with a first code; returns the recovery codes, shown once, or none if
/// the code is wrong.
pub async fn confirm(db: &Db, user: &User, code: &str) -> Result<Option<Vec<String>>> {
    let mut tx = db.begin_write().await?;
    let row = sqlx::query(
        "SELECT secret FROM second_factors WHERE user_id = $1 AND confirmed_at IS NULL",
    )
    .bind(user.id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(secret) = row
        .map(|r| r.try_get::<String, _>("secret"))
        .transpose()?
        .and_then(|s| totp::base32_decode(&s))
    else {
        return Ok(None);
    };
    let Some(step) = totp::verify(&secret, code, unix_now(), None) else {
        return Ok(None);
    };
    let now = now_utc();
    sqlx::query("UPDATE second_factors SET confirmed_at = $1, last_step = $2 WHERE user_id = $3")
        .bind(&now)
        .bind(step)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    for c in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.id)
            .bind(recovery_hash(c))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        &Actor::from(user),
        Change::new("user.second_factor_enrol", "user", &user.id.to_string())
            .after(&serde_json::json!({ "method": "totp", "recovery_codes": codes.len() })),
    )
    .await?;
    Ok(Some(codes))
}

pub async fn has_factor(db: &Db, user_id: i64) -> Result<bool> {
    Ok(status(db, user_id).await?.is_some())
}

/// A password accepted, the code to come: returns the token for the challenge cookie.
pub async fn begin_challenge(db: &Db, user: &User, next: &str, client: &str) -> Result<String> {
    let token = random_token();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sign_in_challenges WHERE expires_at < $1")
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_challenges (token_hash, user_id, next_path, client, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(user.id)
    .bind(next)
    .bind(client)
    .bind(in_future(time::Duration::minutes(CHALLENGE_MINUTES)))
    .execute(&mut *tx)
    .await?;
    tx.commit(
        &Actor::from(user),
        Change::new("session.password_accepted", "user", &user.id.to_string())
            .after(&serde_json::json!({ "client_ip": client })),
    )
    .await?;
    Ok(token)
}

/// Whose sign-in a challenge cookie continues, if it is live.
pub async fn challenge_user(db: &Db, token: &str) -> Result<Option<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM sign_in_challenges c JOIN users u ON u.id = c.user_id \
         WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.active = 1"
    );
    let row = sqlx::query(&sql)
        .bind(token_hash(token))
        .bind(now_utc())
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub enum Completed {
    /// The session's token, for its cookie, and where the user was going.
    SignedIn {
        token: String,
        next: String,
    },
    WrongCode,
    NoChallenge,
}

/// Checks a TOTP or recovery code against a challenge and, if right, starts the session, all
/// in one transaction: a code is consumed (the TOTP step recorded, the recovery code marked
/// used) by a conditional UPDATE, so two requests racing with one code cannot both succeed.
pub async fn complete(db: &Db, token: &str, code: &str, client: &str) -> Result<Completed> {
    let mut tx = db.begin_write().await?;
    let sql = format!(
        "SELECT {USER_COLUMNS}, c.next_path, f.secret, f.last_step \
         FROM sign_in_challenges c JOIN users u ON u.id = c.user_id \
         JOIN second_factors f ON f.user_id = u.id AND f.confirmed_at IS NOT NULL \
         WHERE c.token_hash = $1 AND c.expires_at > $2 AND u.active = 1"
    );
    let Some(row) = sqlx::query(&sql)
        .bind(token_hash(token))
        .bind(now_utc())
        .fetch_optional(&mut *tx)
        .await?
    else {
        return Ok(Completed::NoChallenge);
    };
    let user = user_from_row(&row)?;
    let next: String = row.try_get("next_path")?;
    let secret: String = row.try_get("secret")?;
    let last_step: Option<i64> = row.try_get("last_step")?;
    let secret = totp::base32_decode(&secret).unwrap_or_default();
    let how = if let Some(step) = totp::verify(&secret, code, unix_now(), last_step) {
        let took = sqlx::query(
            "UPDATE second_factors SET last_step = $1 \
             WHERE user_id = $2 AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(user.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        (took == 1).then_some("totp")
    } else {
        let took = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now_utc())
        .bind(user.id)
        .bind(recovery_hash(code))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        (took >= 1).then_some("recovery_code")
    };
    let Some(how) = how else {
        return Ok(Completed::WrongCode);
    };
    sqlx::query("DELETE FROM sign_in_challenges WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(&mut *tx)
        .await?;
    let (token, _) = sessions::insert(&mut tx, &user, client).await?;
    sessions::commit_sign_in(tx, &user, client, Some(how)).await?;
    Ok(Completed::SignedIn { token, next })
}

/// An administrator removes a user's factor (a lost phone): the user's sessions end, and they
/// enrol again at their next sign-in if their role needs one.
pub async fn reset(db: &Db, actor: &Actor, user_id: i64) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let had = sqlx::query("DELETE FROM second_factors WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if had == 0 {
        return Ok(false);
    }
    for sql in [
        "DELETE FROM recovery_codes WHERE user_id = $1",
        "DELETE FROM sign_in_challenges WHERE user_id = $1",
        "DELETE FROM sessions WHERE user_id = $1",
    ] {
        sqlx::query(sql).bind(user_id).execute(&mut *tx).await?;
    }
    tx.commit(
        actor,
        Change::new("user.second_factor_reset", "user", &user_id.to_string())
            .before(&serde_json::json!({ "second_factor": true }))
            .after(&serde_json::json!({ "second_factor": false, "sessions_ended": true })),
    )
    .await?;
    Ok(true)
}

pub async fn staff_required(db: &Db) -> Result<bool> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM office_settings WHERE name = 'staff_second_factor'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(v.as_deref() == Some("required"))
}

pub async fn set_staff_required(db: &Db, actor: &Actor, required: bool) -> Result<()> {
    let value = if required { "required" } else { "optional" };
    let mut tx = db.begin_write().await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT value FROM office_settings WHERE name = 'staff_second_factor'")
            .fetch_optional(&mut *tx)
            .await?;
    if before.as_deref() == Some(value) {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO office_settings (name, value) VALUES ('staff_second_factor', $1) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(value)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("settings.change", "setting", "staff_second_factor")
            .before(&serde_json::json!({ "staff_second_factor": before }))
            .after(&serde_json::json!({ "staff_second_factor": value })),
    )
    .await?;
    Ok(())
}
