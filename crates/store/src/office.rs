//! The office's contact details, as an administrator sets them.

use crate::audit::{Actor, Change};
use crate::{Db, Result};
use opcc_domain::office::OfficeContact;
use sqlx::Row;

pub async fn contact(db: &Db) -> Result<Option<OfficeContact>> {
    let Some(r) =
        sqlx::query("SELECT name, address, email, phone, website FROM office_contact WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some(OfficeContact {
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        email: r.try_get("email")?,
        phone: r.try_get("phone")?,
        website: r.try_get("website")?,
    }))
}

/// Replaces the contact details; the caller has checked them (`OfficeContact::problems`).
pub async fn set_contact(db: &Db, actor: &Actor, c: &OfficeContact) -> Result<()> {
    let before = contact(db).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM office_contact WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO office_contact (id, name, address, email, phone, website) \
         VALUES (1, $1, $2, $3, $4, $5)",
    )
    .bind(c.name.trim())
    .bind(c.address.trim())
    .bind(c.email.trim())
    .bind(c.phone.trim())
    .bind(c.website.trim())
    .execute(&mut *tx)
    .await?;
    let mut change = Change::new("office.contact", "office", "contact").after(c);
    if let Some(b) = &before {
        change = change.before(b);
    }
    tx.commit(actor, change).await?;
    Ok(())
}
