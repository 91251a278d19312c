//! Appending to the audit chain inside the caller's transaction, reading it back, and
//! verifying it.

use crate::{Result, now_utc};
use opcc_domain::audit::{AuditEntry, ChainBreak, ChainVerifier, HashedFields, entry_hash};
use serde::Serialize;
use sqlx::{AnyConnection, Row, any::AnyRow};

/// Who made a change.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub label: String,
}

impl Actor {
    /// A change made from the command line by whoever runs it on the server.
    pub fn system(what: &str) -> Actor {
        Actor {
            id: None,
            label: format!("system ({what})"),
        }
    }
}

/// A change to record: which entity, and its state before and after.
pub struct Change<'a> {
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, entity_type: &'a str, entity_id: &'a str) -> Self {
        Change {
            action,
            entity_type,
            entity_id,
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, v: &impl Serialize) -> Self {
        self.before = Some(serde_json::to_value(v).expect("entity serialises"));
        self
    }

    pub fn after(mut self, v: &impl Serialize) -> Self {
        self.after = Some(serde_json::to_value(v).expect("entity serialises"));
        self
    }
}

/// The statements that append one entry, on whichever connection `$conn` is: the `Any`
/// connection of a `WriteTx`, or the PostgreSQL connection of a bulk import (`append_pg`).
macro_rules! append_on {
    ($conn:expr, $actor:expr, $change:expr) => {{
        let (conn, actor, change) = ($conn, $actor, $change);
        // Taking the head row first serialises concurrent writers (a row lock in PostgreSQL,
        // the write lock in SQLite), so two transactions can never chain from the same entry.
        sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1")
            .execute(&mut *conn)
            .await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *conn)
            .await?;
        let seq: i64 = head.try_get("seq")?;
        let prev_hash: String = head.try_get("hash")?;
        let at = now_utc();
        let before = change.before.map(|v| v.to_string());
        let after = change.after.map(|v| v.to_string());
        let hash = entry_hash(HashedFields {
            seq,
            at: &at,
            actor_id: actor.id,
            actor_label: &actor.label,
            action: change.action,
            entity_type: change.entity_type,
            entity_id: change.entity_id,
            before: before.as_deref(),
            after: after.as_deref(),
            prev_hash: &prev_hash,
        });
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_label, action, entity_type, entity_id, \
             before_json, after_json, prev_hash, hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(seq)
        .bind(&at)
        .bind(actor.id)
        .bind(&actor.label)
        .bind(change.action)
        .bind(change.entity_type)
        .bind(change.entity_id)
        .bind(&before)
        .bind(&after)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&hash)
            .execute(&mut *conn)
            .await?;
        Ok(seq)
    }};
}

/// Appends one entry. Call it on the transaction that makes the change, so that the change
/// and its record commit together or not at all.
pub(crate) async fn append(
    conn: &mut AnyConnection,
    actor: &Actor,
    change: Change<'_>,
) -> Result<i64> {
    append_on!(conn, actor, change)
}

/// `append` on a PostgreSQL connection, for the bulk import path (decision 0001).
pub(crate) async fn append_pg(
    conn: &mut sqlx::PgConnection,
    actor: &Actor,
    change: Change<'_>,
) -> Result<i64> {
    append_on!(conn, actor, change)
}

const COLUMNS: &str = "seq, at, actor_id, actor_label, action, entity_type, entity_id, \
                       before_json, after_json, prev_hash, hash";

fn entry_from_row(r: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.try_get("seq")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        actor_label: r.try_get("actor_label")?,
        action: r.try_get("action")?,
        entity_type: r.try_get("entity_type")?,
        entity_id: r.try_get("entity_id")?,
        before: r.try_get("before_json")?,
        after: r.try_get("after_json")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// What staff filter the log by; empty fields do not filter.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub entity_type: String,
    #[serde(default)]
    pub entity_id: String,
    /// Inclusive dates, YYYY-MM-DD.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
}

/// When the newest entry was written (for checking the clock has not gone back).
pub async fn newest_at(db: &crate::Db) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT MAX(at) FROM audit_log")
        .fetch_one(&db.pool)
        .await?)
}

/// How many entries the log holds.
pub async fn count(db: &crate::Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(&db.pool)
        .await?)
}

/// Newest first. `LIKE` patterns are built from the filter with wildcards escaped, so a `%`
/// typed into a search box matches a `%`.
pub async fn list(
    db: &crate::Db,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<AuditPage> {
    let mut clauses: Vec<String> = Vec::new();
    let mut binds: Vec<String> = Vec::new();
    let mut add = |clause: &str, value: String| {
        binds.push(value);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    let like = |s: &str| {
        format!(
            "%{}%",
            s.trim()
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    };
    if !filter.actor.trim().is_empty() {
        add("LOWER(actor_label) LIKE ? ESCAPE '\\'", like(&filter.actor));
    }
    if !filter.action.trim().is_empty() {
        add("LOWER(action) LIKE ? ESCAPE '\\'", like(&filter.action));
    }
    if !filter.entity_type.trim().is_empty() {
        add("entity_type = ?", filter.entity_type.trim().to_string());
    }
    if !filter.entity_id.trim().is_empty() {
        add("entity_id = ?", filter.entity_id.trim().to_string());
    }
    if !filter.from.trim().is_empty() {
        add("at >= ?", filter.from.trim().to_string());
    }
    if !filter.to.trim().is_empty() {
        // The day named is included: compare against the start of the next character.
        add("at < ?", format!("{}U", filter.to.trim()));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let count_sql = format!("SELECT COUNT(*) AS n FROM audit_log{where_sql}");
    let mut count = sqlx::query(&count_sql);
    for b in &binds {
        count = count.bind(b);
    }
    let total: i64 = count.fetch_one(&db.pool).await?.try_get("n")?;
    let list_sql = format!(
        "SELECT {COLUMNS} FROM audit_log{where_sql} ORDER BY seq DESC LIMIT ${} OFFSET ${}",
        binds.len() + 1,
        binds.len() + 2
    );
    let mut q = sqlx::query(&list_sql);
    for b in &binds {
        q = q.bind(b);
    }
    let rows = q.bind(limit).bind(offset).fetch_all(&db.pool).await?;
    let entries = rows.iter().map(entry_from_row).collect::<Result<_>>()?;
    Ok(AuditPage { entries, total })
}

pub async fn get(db: &crate::Db, seq: i64) -> Result<Option<AuditEntry>> {
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq = $1");
    let row = sqlx::query(&sql).bind(seq).fetch_optional(&db.pool).await?;
    row.as_ref().map(entry_from_row).transpose()
}

/// The outcome of walking the whole chain.
#[derive(Debug)]
pub enum Verification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

/// Walks the log in pages of `seq` order, so memory stays flat however long the log grows.
pub async fn verify(db: &crate::Db) -> Result<Verification> {
    const PAGE: i64 = 1000;
    let mut verifier = ChainVerifier::default();
    let mut after = 0_i64;
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
    loop {
        let rows = sqlx::query(&sql)
            .bind(after)
            .bind(PAGE)
            .fetch_all(&db.pool)
            .await?;
        for row in &rows {
            let entry = entry_from_row(row)?;
            if let Err(b) = verifier.push(&entry) {
                return Ok(Verification::Broken(b));
            }
            after = entry.seq;
        }
        if (rows.len() as i64) < PAGE {
            break;
        }
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(entries) => Verification::Intact { entries },
        Err(b) => Verification::Broken(b),
    })
}
