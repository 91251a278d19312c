//! An applicant's documents (constitution, accounts, bank statement): typed by their contents,
//! at most 5 MB, held in the database and so never under the public file tree. The caller has
//! checked the person may see the application; a view of one is audited.

use super::grants::application;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::commissioning::cycle::{attachment_label, attachment_type};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: String,
}

pub async fn list(db: &Db, application_id: i64) -> Result<Vec<Attachment>> {
    Ok(sqlx::query_as(
        "SELECT id, application_id, kind, filename, content_type, size, uploaded_at \
         FROM com_attachments WHERE application_id = $1 ORDER BY kind",
    )
    .bind(application_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Adds or replaces the organisation's document of `kind` on its own draft application.
pub async fn save(
    db: &Db,
    actor: &Actor,
    organisation: i64,
    application_id: i64,
    kind: &str,
    filename: &str,
    bytes: &[u8],
) -> Result<()> {
    let a = application(db, application_id).await?;
    if a.organisation_id != organisation {
        return Err(StoreError::NotFound(format!(
            "application {application_id}"
        )));
    }
    if a.status != "draft" {
        return Err(StoreError::Invalid(
            "file: documents are added before the application is submitted".into(),
        ));
    }
    if attachment_label(kind).is_none() {
        return Err(StoreError::Invalid(
            "kind: choose which document this is".into(),
        ));
    }
    let content_type =
        attachment_type(filename, bytes).map_err(|e| StoreError::Invalid(format!("file: {e}")))?;
    // Only the name's last part is kept: a browser may send a path.
    let name: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("document")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let sha = hex::encode(Sha256::digest(bytes));
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM com_attachments WHERE application_id = $1 AND kind = $2")
        .bind(application_id)
        .bind(kind)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO com_attachments (application_id, kind, filename, content_type, size, \
         sha256, content, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(application_id)
    .bind(kind)
    .bind(&name)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(&sha)
    .bind(bytes.to_vec())
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.attachment_save",
            "com_application",
            &application_id.to_string(),
        )
        .after(&serde_json::json!({"kind": kind, "filename": name, "size": bytes.len(), "sha256": sha})),
    )
    .await?;
    Ok(())
}

/// One document's name, type and contents, the view audited. `organisation` is the viewer's
/// own when a provider asks (another's reads as absent), `None` for the office.
pub async fn open(
    db: &Db,
    actor: &Actor,
    organisation: Option<i64>,
    id: i64,
) -> Result<(Attachment, Vec<u8>)> {
    let not_found = || StoreError::NotFound(format!("attachment {id}"));
    let a: Attachment = sqlx::query_as(
        "SELECT id, application_id, kind, filename, content_type, size, uploaded_at \
         FROM com_attachments WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(not_found)?;
    let app = application(db, a.application_id).await?;
    match organisation {
        Some(o) if o != app.organisation_id => return Err(not_found()),
        None if app.status == "draft" => return Err(not_found()),
        _ => {}
    }
    let bytes: Vec<u8> = sqlx::query_scalar("SELECT content FROM com_attachments WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    let tx = db.begin_write().await?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.attachment_view",
            "com_attachment",
            &id.to_string(),
        ),
    )
    .await?;
    Ok((a, bytes))
}
