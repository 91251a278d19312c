//! Sign-in throttling per (account, client). Each attempt is counted before its secret is
//! checked, in one conditional UPDATE that takes the row's lock, so however many attempts arrive
//! at once no more than the free allowance are checked; after that each attempt doubles the wait.
//! Keying on the client as well as the account means a guesser elsewhere never locks the real
//! user out of a device they have not been guessing from.

use crate::clock::format;
use crate::write::OwnedTx;
use crate::{Db, Result};
use opcc_domain::security::throttle::{FORGET_AFTER_SECONDS, delay_after};
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead and check the secret; it has been counted.
    Allowed,
    /// Refused without checking: try again after this many seconds.
    Wait { seconds: i64 },
}

/// Counts an attempt to prove who `email` is from `client`, if one may be made now.
pub async fn begin_attempt(db: &Db, email: &str, client: &str) -> Result<Attempt> {
    let now = OffsetDateTime::now_utc();
    let now_s = format(now);
    let forget = format(now - Duration::seconds(FORGET_AFTER_SECONDS));
    let mut tx = begin_bookkeeping(db).await?;
    sqlx::query("DELETE FROM sign_in_throttle WHERE updated_at < $1 AND blocked_until < $2")
        .bind(&forget)
        .bind(&now_s)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sign_in_throttle (email, client, attempts, blocked_until, updated_at) \
         VALUES ($1, $2, 0, $3, $3) ON CONFLICT (email, client) DO NOTHING",
    )
    .bind(email)
    .bind(client)
    .bind(&now_s)
    .execute(&mut *tx)
    .await?;
    let counted = sqlx::query(
        "UPDATE sign_in_throttle SET attempts = attempts + 1, updated_at = $3 \
         WHERE email = $1 AND client = $2 AND blocked_until <= $3 RETURNING attempts",
    )
    .bind(email)
    .bind(client)
    .bind(&now_s)
    .fetch_optional(&mut *tx)
    .await?;
    let outcome = match counted {
        Some(row) => {
            let attempts: i64 = row.try_get("attempts")?;
            let delay = delay_after(attempts);
            if delay > 0 {
                sqlx::query(
                    "UPDATE sign_in_throttle SET blocked_until = $3 WHERE email = $1 AND client = $2",
                )
                .bind(email)
                .bind(client)
                .bind(format(now + Duration::seconds(delay)))
                .execute(&mut *tx)
                .await?;
            }
            Attempt::Allowed
        }
        None => {
            let until: String = sqlx::query_scalar(
                "SELECT blocked_until FROM sign_in_throttle WHERE email = $1 AND client = $2",
            )
            .bind(email)
            .bind(client)
            .fetch_one(&mut *tx)
            .await?;
            let seconds =
                OffsetDateTime::parse(&until, &time::format_description::well_known::Rfc3339)
                    .map(|t| (t - now).whole_seconds().max(1))
                    .unwrap_or(delay_after(i64::MAX));
            Attempt::Wait { seconds }
        }
    };
    tx.commit_unaudited().await?;
    Ok(outcome)
}

/// The one write outside an audited transaction (`WriteTx`): the throttle's counters are the
/// service's own state, not a record of anyone's work, and each attempt they let through is
/// audited when it fails or succeeds. SQLite's transaction takes the write lock at BEGIN, as
/// `Db::begin_write` does, so the count is read and raised by one writer at a time.
async fn begin_bookkeeping(db: &Db) -> Result<OwnedTx> {
    Ok(OwnedTx::begin(db).await?)
}

/// Clears the count outside a sign-in (a password change that proved the password).
pub async fn clear(db: &Db, email: &str, client: &str) -> Result<()> {
    let mut tx = begin_bookkeeping(db).await?;
    succeeded(&mut tx, email, client).await?;
    tx.commit_unaudited().await?;
    Ok(())
}

/// A proven identity clears the count, in the transaction that signs the user in.
pub async fn succeeded(conn: &mut AnyConnection, email: &str, client: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE email = $1 AND client = $2")
        .bind(email)
        .bind(client)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
