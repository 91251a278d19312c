//! E-mail notifications, held in the database so none is lost: notices (one per thing to tell
//! one person, made once), messages in the outbox (kept after sending: the record of what went
//! out), and each person's preference. Sending is `opcc-mail`'s; this module never opens a
//! socket.

pub mod reasons;

use crate::audit::{Actor, Change};
use crate::clock::format;
use crate::{Db, Result};
use opcc_domain::notify::{Notice, Preference, compose, digest_due, retry_delay};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// A person's preference (no row: a message for each notice).
pub async fn preference(db: &Db, user_id: i64) -> Result<Preference> {
    let mode: Option<String> =
        sqlx::query_scalar("SELECT mode FROM mail_preferences WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(mode
        .as_deref()
        .and_then(Preference::parse)
        .unwrap_or_default())
}

pub async fn set_preference(db: &Db, actor: &Actor, user_id: i64, p: Preference) -> Result<()> {
    let before = preference(db, user_id).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO mail_preferences (user_id, mode) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode",
    )
    .bind(user_id)
    .bind(p.key())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("mail.preference", "user", &user_id.to_string())
            .before(&before.key())
            .after(&p.key()),
    )
    .await?;
    Ok(())
}

/// Stores the notices not made before (by dedupe key), for people who want e-mail and are
/// active. Returns how many were new. Running it again with the same notices adds none.
pub async fn add_notices(
    db: &Db,
    actor: &Actor,
    notices: &[Notice],
    now: OffsetDateTime,
) -> Result<usize> {
    let mut fresh = Vec::new();
    for n in notices {
        let seen: Option<i64> = sqlx::query_scalar("SELECT id FROM notices WHERE dedupe_key = $1")
            .bind(&n.dedupe_key)
            .fetch_optional(&db.pool)
            .await?;
        if seen.is_none() && !fresh.iter().any(|f: &&Notice| f.dedupe_key == n.dedupe_key) {
            fresh.push(n);
        }
    }
    if fresh.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let mut added = Vec::new();
    for n in fresh {
        let wants: Option<String> = sqlx::query_scalar(
            "SELECT COALESCE(p.mode, 'each') FROM users u LEFT JOIN mail_preferences p \
             ON p.user_id = u.id WHERE u.id = $1 AND u.active = 1",
        )
        .bind(n.user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if wants.is_none_or(|m| m == Preference::None.key()) {
            continue;
        }
        // Another scan may have made it meanwhile: the unique key keeps one.
        let r = sqlx::query(
            "INSERT INTO notices (user_id, reason, dedupe_key, summary, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(n.user_id)
        .bind(n.reason.key())
        .bind(&n.dedupe_key)
        .bind(&n.summary)
        .bind(&n.link)
        .bind(format(now))
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() > 0 {
            added.push(&n.dedupe_key);
        }
    }
    if added.is_empty() {
        return Ok(0);
    }
    tx.commit(
        actor,
        Change::new("notice.create", "notices", &added.len().to_string()).after(&added),
    )
    .await?;
    Ok(added.len())
}

/// Turns unmailed notices into messages: one each for people who want them as they happen,
/// one digest a week for the others. Returns the number of messages queued.
pub async fn queue_messages(
    db: &Db,
    actor: &Actor,
    office: &str,
    base_url: &str,
    now: OffsetDateTime,
) -> Result<usize> {
    let pending = sqlx::query(
        "SELECT n.id, n.user_id, n.summary, n.link, u.email, COALESCE(p.mode, 'each') AS mode, \
         p.last_digest_at FROM notices n JOIN users u ON u.id = n.user_id \
         LEFT JOIN mail_preferences p ON p.user_id = n.user_id \
         WHERE n.message_id IS NULL AND u.active = 1 ORDER BY n.user_id, n.id",
    )
    .fetch_all(&db.pool)
    .await?;
    // A notice as queued: (id, summary, link); per person, in order: (user, email, mode,
    // last digest, notices).
    type Queued = (i64, String, String);
    type Person = (i64, String, String, Option<String>, Vec<Queued>);
    let mut people: Vec<Person> = Vec::new();
    for r in &pending {
        let user: i64 = r.try_get("user_id")?;
        let notice = (r.try_get("id")?, r.try_get("summary")?, r.try_get("link")?);
        match people.last_mut() {
            Some(p) if p.0 == user => p.4.push(notice),
            _ => people.push((
                user,
                r.try_get("email")?,
                r.try_get("mode")?,
                r.try_get("last_digest_at")?,
                vec![notice],
            )),
        }
    }
    let mut queued = 0;
    for (user, email, mode, last, notices) in people {
        let batches: Vec<(Vec<Queued>, bool)> = match Preference::parse(&mode) {
            Some(Preference::Weekly) => {
                if !digest_due(last.as_deref().and_then(parse_time), now) {
                    continue;
                }
                vec![(notices, true)]
            }
            Some(Preference::None) => continue,
            _ => notices.into_iter().map(|n| (vec![n], false)).collect(),
        };
        for (batch, digest) in batches {
            let lines: Vec<(String, String)> = batch
                .iter()
                .map(|(_, s, l)| (s.clone(), l.clone()))
                .collect();
            let msg = compose(office, base_url, &lines, digest);
            let mut tx = db.begin_write().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO mail_outbox (user_id, to_address, subject, body, created_at, \
                 next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(user)
            .bind(&email)
            .bind(&msg.subject)
            .bind(&msg.body)
            .bind(format(now))
            .fetch_one(&mut *tx)
            .await?;
            for (notice, _, _) in &batch {
                sqlx::query("UPDATE notices SET message_id = $1 WHERE id = $2")
                    .bind(id)
                    .bind(notice)
                    .execute(&mut *tx)
                    .await?;
            }
            if digest {
                sqlx::query(
                    "INSERT INTO mail_preferences (user_id, mode, last_digest_at) \
                     VALUES ($1, 'weekly', $2) ON CONFLICT (user_id) \
                     DO UPDATE SET last_digest_at = excluded.last_digest_at",
                )
                .bind(user)
                .bind(format(now))
                .execute(&mut *tx)
                .await?;
            }
            tx.commit(
                actor,
                Change::new("mail.queue", "mail_outbox", &id.to_string()).after(&QueuedMessage {
                    to: &email,
                    subject: &msg.subject,
                    notices: batch.len(),
                }),
            )
            .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

#[derive(Serialize)]
struct QueuedMessage<'a> {
    to: &'a str,
    subject: &'a str,
    notices: usize,
}

/// A message in the outbox.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub user_id: i64,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub attempts: i64,
    pub next_attempt_at: String,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "id, user_id, to_address, subject, body, created_at, attempts, \
                       next_attempt_at, last_error, sent_at";

/// Unsent messages whose next attempt is due, oldest first. A message to someone deactivated
/// since it was queued is not sent (it stays in the outbox, unsent, as the record).
pub async fn due_messages(db: &Db, now: OffsetDateTime, limit: i64) -> Result<Vec<OutboxMessage>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 \
         AND user_id IN (SELECT id FROM users WHERE active = 1) ORDER BY id LIMIT $2"
    ))
    .bind(format(now))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// Every message, newest first (sent or not): the record of what went out.
pub async fn messages(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mail_outbox ORDER BY id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// Unsent messages and the oldest one's creation time.
pub async fn unsent(db: &Db) -> Result<(i64, Option<String>)> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM mail_outbox WHERE sent_at IS NULL",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok((r.try_get("n")?, r.try_get("oldest")?))
}

pub async fn mark_sent(
    db: &Db,
    actor: &Actor,
    m: &OutboxMessage,
    now: OffsetDateTime,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
        .bind(format(now))
        .bind(m.id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("mail.sent", "mail_outbox", &m.id.to_string()).after(&m.to_address),
    )
    .await?;
    Ok(())
}

/// Records a failed attempt; the message waits longer after each, and is never dropped.
pub async fn mark_failed(
    db: &Db,
    actor: &Actor,
    m: &OutboxMessage,
    error: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let attempts = m.attempts + 1;
    let next = now + retry_delay(attempts as u32);
    let error: String = error.chars().take(500).collect();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE mail_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4",
    )
    .bind(attempts)
    .bind(format(next))
    .bind(&error)
    .bind(m.id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("mail.failed", "mail_outbox", &m.id.to_string()).after(&error),
    )
    .await?;
    Ok(())
}
