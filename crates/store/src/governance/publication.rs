//! The statutory publication register's records: documents the office uploads against an
//! item of the Specified Information Order, and the date each generated page last changed.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Document {
    pub id: i64,
    pub item: String,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub published_on: String,
}

pub async fn documents(db: &Db) -> Result<Vec<Document>> {
    Ok(sqlx::query_as(
        "SELECT id, item, title, filename, content_type, size, published_on FROM gov_publications \
         ORDER BY item, published_on DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn file(db: &Db, id: i64) -> Result<super::PaperFile> {
    let f: Option<super::PaperFile> = sqlx::query_as(
        "SELECT filename, content_type, content FROM gov_publications WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    f.ok_or_else(|| StoreError::NotFound(format!("document {id}")))
}

pub(crate) async fn insert(
    tx: &mut WriteTx,
    item: &str,
    title: &str,
    filename: &str,
    content: &[u8],
    published_on: &str,
) -> Result<(i64, String)> {
    if opcc_domain::governance::publication::item(item).is_none() {
        return Err(StoreError::Invalid(format!(
            "item: {item:?} is not an item of the Order"
        )));
    }
    if title.trim().is_empty() {
        return Err(StoreError::Invalid(
            "title: enter the document's title".into(),
        ));
    }
    time::Date::parse(
        published_on,
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| StoreError::Invalid("published_on: enter a date like 2025-04-01".into()))?;
    let ct =
        opcc_domain::governance::document_type(filename, content).map_err(StoreError::Invalid)?;
    let sha = hex::encode(Sha256::digest(content));
    let item = opcc_domain::governance::publication::item(item)
        .map(|i| i.item)
        .unwrap_or(item);
    let id = sqlx::query_scalar(
        "INSERT INTO gov_publications (item, title, filename, content_type, size, sha256, content, \
         published_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(item)
    .bind(title.trim())
    .bind(filename)
    .bind(ct)
    .bind(content.len() as i64)
    .bind(&sha)
    .bind(content.to_vec())
    .bind(published_on)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, sha))
}

pub async fn upload(
    db: &Db,
    actor: &Actor,
    item: &str,
    title: &str,
    filename: &str,
    content: &[u8],
    published_on: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let (id, sha256) = insert(&mut tx, item, title, filename, content, published_on).await?;
    tx.commit(
        actor,
        Change::new("governance.publication_upload", "gov_publication", &id.to_string()).after(
            &serde_json::json!({"item": item, "title": title, "filename": filename,
                                "size": content.len(), "sha256": sha256, "published_on": published_on}),
        ),
    )
    .await?;
    Ok(id)
}

/// When the records behind a generated page last changed (ISO date), by the key the register
/// names: budgets, spending, decisions, meetings, inspections.
pub async fn last_updated(db: &Db, key: &str) -> Result<Option<String>> {
    let sql = match key {
        "budgets" => {
            "SELECT MAX(at) FROM audit_log WHERE action LIKE 'budget.%' OR action LIKE 'precept.%'"
        }
        "spending" => "SELECT MAX(imported_at) FROM spending_files",
        "decisions" => {
            "SELECT MAX(published_at) FROM gov_decisions WHERE published_at IS NOT NULL AND fully_exempt = 0"
        }
        "meetings" => {
            "SELECT MAX(m.updated_at) FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id WHERE b.public = 1"
        }
        "inspections" => {
            "SELECT MAX(COALESCE(response_published_on, published_on)) FROM gov_inspections"
        }
        "complaints" => "SELECT MAX(published_at) FROM complaints_statement_versions",
        other => {
            return Err(StoreError::Invalid(format!(
                "no records are named {other:?}"
            )));
        }
    };
    let at: Option<String> = sqlx::query_scalar(sql).fetch_one(&db.pool).await?;
    Ok(at.map(|s| s.chars().take(10).collect()))
}
