//! 360Giving in and out: the office's awards as the standard's grants, and past grants read
//! from a 360Giving file stored as awards, each identifier once (so importing a file again
//! adds nothing).

use super::awards::{Award, FUNDER_ID, awards};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::commissioning::giving::{Grant, Read};
use rust_decimal::Decimal;

fn grant_of(a: &Award) -> Grant {
    Grant {
        identifier: a.identifier.clone(),
        title: a.title.clone(),
        description: a.description.clone(),
        currency: a.currency.clone(),
        amount: a.amount.parse().unwrap_or(Decimal::ZERO),
        award_date: a.award_date.clone(),
        recipient_org_id: a.recipient_org_id.clone(),
        recipient_name: a.recipient_name.clone(),
        recipient_charity_number: a.recipient_charity_number.clone(),
        recipient_company_number: a.recipient_company_number.clone(),
        funder_org_id: a.funder_org_id.clone(),
        funder_name: a.funder_name.clone(),
        programme_title: a.programme_title.clone(),
        local_authority: a.local_authority.clone(),
        local_authority_name: a.local_authority_name.clone(),
    }
}

/// What the office publishes: its own grants (those it is the funder of), oldest first.
/// Recipients are organisations only: the table holds no grant to an individual.
pub async fn published(db: &Db) -> Result<Vec<Grant>> {
    let mut out: Vec<Grant> = awards(db)
        .await?
        .iter()
        .filter(|a| a.funder_org_id == FUNDER_ID)
        .map(grant_of)
        .collect();
    out.reverse();
    Ok(out)
}

/// The office's grants as a 360Giving 1.4.3 package, modified as of the latest award.
pub async fn package(db: &Db) -> Result<serde_json::Value> {
    let grants = published(db).await?;
    let latest: Option<String> =
        sqlx::query_scalar("SELECT MAX(created_at) FROM com_awards WHERE funder_org_id = $1")
            .bind(FUNDER_ID)
            .fetch_one(&db.pool)
            .await?;
    // Stored timestamps are RFC 3339 already; an office with no grants yet says now.
    let modified = latest.unwrap_or_else(now_utc);
    Ok(opcc_domain::commissioning::giving::package(
        &grants,
        super::awards::FUNDER_NAME,
        &modified,
    ))
}

/// Stores the grants read from a file in one transaction; those already held (by
/// identifier) are left as they are. Returns (added, already held).
pub async fn import(db: &Db, actor: &Actor, file: &str, read: &Read) -> Result<(usize, usize)> {
    let mut tx = db.begin_write().await?;
    let now = now_utc();
    let mut added = 0;
    for g in &read.grants {
        if g.currency.len() != 3 {
            return Err(StoreError::Invalid(format!(
                "{file}, grant {}: Currency {:?} is not a three-letter code",
                g.identifier, g.currency
            )));
        }
        added += sqlx::query(
            "INSERT INTO com_awards (identifier, title, description, amount, currency, \
             award_date, recipient_org_id, recipient_name, recipient_charity_number, \
             recipient_company_number, funder_org_id, funder_name, programme_title, \
             local_authority, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
             $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (identifier) DO NOTHING",
        )
        .bind(&g.identifier)
        .bind(&g.title)
        .bind(&g.description)
        .bind(g.amount.normalize().to_string())
        .bind(&g.currency)
        .bind(&g.award_date)
        .bind(&g.recipient_org_id)
        .bind(&g.recipient_name)
        .bind(&g.recipient_charity_number)
        .bind(&g.recipient_company_number)
        .bind(&g.funder_org_id)
        .bind(&g.funder_name)
        .bind(&g.programme_title)
        .bind(&g.local_authority)
        .bind(file)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .rows_affected() as usize;
    }
    let already = read.grants.len() - added;
    if added == 0 {
        // Nothing new: the transaction is dropped unfinished and rolls back.
        return Ok((0, already));
    }
    tx.commit(
        actor,
        Change::new("commissioning.giving_import", "com_awards", file).after(&serde_json::json!({
            "added": added, "already_held": already,
            "individuals_left_out": read.individuals_left_out,
        })),
    )
    .await?;
    Ok((added, already))
}
