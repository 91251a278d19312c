//! The Serious Violence Duty in the annual report. The service holds what the office's own
//! report gives for the duty: the funds it received to deliver it (the Home Office's grant,
//! what it paid for, whom its spending is reported to). The office marks which funds count as
//! serious violence funding (`com_funds.serious_violence`, migration 0033); the section reads
//! the year's marked funds, the awards made from them and the returns of the services they
//! pay for. A year with none says so.

use super::annual::number as n;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::finance::money;
use opcc_domain::reports::{Section, Table};
use rust_decimal::Decimal;

/// A fund of a year, as the page that marks it shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Fund {
    pub slug: String,
    pub title: String,
    pub grantor: String,
    pub amount: String,
    pub serious_violence: i64,
}

/// "2023-24" for 2023: how funds name their year.
fn fund_year(fy: i32) -> String {
    format!("{fy:04}-{:02}", (fy + 1) % 100)
}

pub async fn funds_of_year(db: &Db, fy: i32) -> Result<Vec<Fund>> {
    Ok(sqlx::query_as(
        "SELECT slug, title, grantor, amount, serious_violence FROM com_funds WHERE year = $1 \
         ORDER BY title",
    )
    .bind(fund_year(fy))
    .fetch_all(&db.pool)
    .await?)
}

/// Marks a fund as serious violence funding, or not.
pub async fn mark(db: &Db, actor: &Actor, slug: &str, serious_violence: bool) -> Result<()> {
    let was: Option<i64> =
        sqlx::query_scalar("SELECT serious_violence FROM com_funds WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&db.pool)
            .await?;
    let Some(was) = was else {
        return Err(StoreError::Invalid(
            "funds: choose one of the year's funds".into(),
        ));
    };
    let now = i64::from(serious_violence);
    if was == now {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE com_funds SET serious_violence = $1 WHERE slug = $2")
        .bind(now)
        .bind(slug)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("svd.mark_fund", "com_funds", slug)
            .before(&serde_json::json!({ "serious_violence": was == 1 }))
            .after(&serde_json::json!({ "serious_violence": serious_violence })),
    )
    .await?;
    Ok(())
}

pub async fn section(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("svd", "The Serious Violence Duty");
    let year = fund_year(fy);
    let funds: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT title, grantor, amount, conditions, reporting_duties FROM com_funds \
         WHERE year = $1 AND serious_violence = 1 ORDER BY title",
    )
    .bind(&year)
    .fetch_all(&db.pool)
    .await?;
    let total: Decimal = funds
        .iter()
        .filter_map(|f| f.2.parse::<Decimal>().ok())
        .sum();
    if !funds.is_empty() {
        if total > Decimal::ZERO {
            s.fact("Serious violence funding received", money::short(total));
        }
        s.tables.push(Table {
            caption: format!("Serious violence funding, {label}"),
            header: vec![
                "Fund".into(),
                "From".into(),
                "Amount".into(),
                "What it pays for".into(),
                "Spending reported to".into(),
            ],
            rows: funds
                .into_iter()
                .map(|(title, grantor, amount, what, reported)| {
                    let amount = amount
                        .parse()
                        .map(money::short)
                        .unwrap_or_else(|_| "Not stated".into());
                    vec![title, grantor, amount, what, reported]
                })
                .collect(),
            ..Default::default()
        });
    }
    // Awards made in the year from the marked funds, whatever their year.
    let amounts: Vec<String> = sqlx::query_scalar(
        "SELECT a.amount FROM com_awards a \
         JOIN com_programmes p ON p.id = a.programme_id JOIN com_funds f ON f.id = p.fund_id \
         WHERE f.serious_violence = 1 AND a.award_date >= $1 AND a.award_date <= $2",
    )
    .bind(format!("{fy:04}-04-01"))
    .bind(format!("{:04}-03-31", fy + 1))
    .fetch_all(&db.pool)
    .await?;
    if !amounts.is_empty() {
        s.fact("Awards made from it", n(amounts.len() as i64));
        let awarded: Decimal = amounts
            .iter()
            .filter_map(|a| a.parse::<Decimal>().ok())
            .sum();
        s.fact("Awarded", money::short(awarded));
    }
    let returns: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT sv.name, SUM(r.referrals), SUM(r.supported) FROM com_returns r \
         JOIN com_services sv ON sv.id = r.service_id \
         JOIN com_programmes p ON p.id = sv.programme_id JOIN com_funds f ON f.id = p.fund_id \
         WHERE f.serious_violence = 1 AND r.year = $1 AND r.quarter > 0 \
         GROUP BY sv.name ORDER BY sv.name",
    )
    .bind(&year)
    .fetch_all(&db.pool)
    .await?;
    if !returns.is_empty() {
        s.tables.push(Table {
            caption: format!("Services paid for from serious violence funding, {label}"),
            header: vec![
                "Service".into(),
                "Referrals".into(),
                "People supported".into(),
            ],
            rows: returns
                .into_iter()
                .map(|(name, r, p)| vec![name, n(r), n(p)])
                .collect(),
            ..Default::default()
        });
    }
    Ok(s.or_no_data(format!(
        "No serious violence funding, awards from it or services it pays for are recorded for \
         {label}."
    )))
}
