//! Signed checkpoints of the audit chain: taking one, keeping it for publication, and proving
//! the log still contains it.

use crate::audit::{self, Actor, Change, Verification};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::security::checkpoint::Checkpoint;
use sqlx::Row;

/// Signs the head of an intact chain and keeps the checkpoint for the public page. A broken
/// chain is refused: signing it would vouch for the damage.
pub async fn take(db: &Db, key: &ed25519_dalek::SigningKey) -> Result<Checkpoint> {
    if let Verification::Broken(b) = audit::verify(db).await? {
        return Err(StoreError::Invalid(format!(
            "the audit chain is broken, so no checkpoint was taken: {b}"
        )));
    }
    let mut tx = db.begin_write().await?;
    // The head row's lock (or SQLite's write lock) keeps the entry read here the last one.
    sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let hash: String = head.try_get("hash")?;
    let cp = Checkpoint::sign(key, seq, &hash, &now_utc());
    sqlx::query("INSERT INTO audit_checkpoints (seq, hash, at, text) VALUES ($1, $2, $3, $4)")
        .bind(seq)
        .bind(&hash)
        .bind(&cp.at)
        .bind(cp.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit(
        &Actor::system("opcc audit checkpoint"),
        Change::new("audit.checkpoint", "audit_entry", &seq.to_string()).after(
            &serde_json::json!({ "seq": seq, "hash": hash, "public_key": hex::encode(cp.public_key) }),
        ),
    )
    .await?;
    Ok(cp)
}

/// The newest checkpoint's text, as published.
pub async fn latest(db: &Db) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT text FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Whether the log still holds a checkpoint's entry, unchanged, with an intact chain after it.
/// The signature is the caller's to check first.
pub async fn verify(db: &Db, cp: &Checkpoint) -> Result<std::result::Result<i64, String>> {
    let entries = match audit::verify(db).await? {
        Verification::Broken(b) => return Ok(Err(b.to_string())),
        Verification::Intact { entries } => entries,
    };
    let hash: Option<String> = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(cp.seq)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match hash {
        None => Err(format!(
            "audit entry {} named by the checkpoint of {} is missing: the log was cut back below it",
            cp.seq, cp.at
        )),
        Some(h) if h != cp.hash => Err(format!(
            "audit entry {} does not have the hash the checkpoint of {} recorded: the log was \
             rewritten at or before entry {} (cut back and re-grown, or recomputed)",
            cp.seq, cp.at, cp.seq
        )),
        Some(_) => Ok(entries),
    })
}
