//! The precept by year: Band D, the tax base of each billing authority (the force area's
//! local authorities, as the database holds them), and the steps of the Panel's timetable.

use super::{date, dec, iso};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::finance::FinancialYear;
use opcc_domain::finance::precept::{
    Decision, Step, StepRecord, Timetable, check_step, collected, parse_month_day,
};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::Row;

/// A billing authority's tax base for the year and what it collects for the Commissioner.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaxBase {
    pub gss_code: String,
    pub name: String,
    pub band_d_equivalents: Decimal,
    /// Band D x equivalents; none until Band D is set.
    pub collects: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreceptYear {
    pub year: FinancialYear,
    pub band_d: Option<Decimal>,
    /// The change on the year before in pounds a year, as the source gives it.
    pub band_d_change: Option<Decimal>,
    pub panel_members: Option<i64>,
    /// Where the year's precept consultation is (the engagement area's survey, once it
    /// exists); empty if none.
    pub consultation_url: String,
    pub source: String,
    pub tax_base: Vec<TaxBase>,
    pub steps: Vec<StepRecord>,
}

impl PreceptYear {
    pub fn total_collected(&self) -> Option<Decimal> {
        let v: Vec<Decimal> = self.tax_base.iter().filter_map(|t| t.collects).collect();
        (!v.is_empty()).then(|| v.iter().sum())
    }
}

/// The timetable's dates and veto majority, from the settings (statutory defaults).
pub async fn timetable(db: &Db) -> Result<Timetable> {
    let mut tt = Timetable::default();
    for (step, md) in tt.deadlines.iter_mut() {
        if let Some(v) = super::setting(db, step.setting()).await? {
            *md = parse_month_day(&v).ok_or_else(|| {
                StoreError::Invalid(format!("setting {}: {v:?} is not MM-DD", step.setting()))
            })?;
        }
    }
    if let Some(v) = super::setting(db, "precept.veto_fraction").await?
        && let Some((n, d)) = v.split_once('/')
        && let (Ok(n), Ok(d)) = (n.trim().parse(), d.trim().parse())
        && d > 0
    {
        tt.veto_fraction = (n, d);
    }
    Ok(tt)
}

pub async fn years(db: &Db) -> Result<Vec<FinancialYear>> {
    let ys: Vec<i64> = sqlx::query_scalar("SELECT year FROM precept_years ORDER BY year DESC")
        .fetch_all(&db.pool)
        .await?;
    Ok(ys.into_iter().map(|y| FinancialYear(y as i32)).collect())
}

pub async fn load(db: &Db, year: FinancialYear) -> Result<Option<PreceptYear>> {
    let y = i64::from(year.0);
    let Some(r) = sqlx::query(
        "SELECT band_d, band_d_change, panel_members, consultation_url, source \
         FROM precept_years WHERE year = $1",
    )
    .bind(y)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let band_d = dec(&r, "band_d")?;
    let tax_base = sqlx::query(
        "SELECT t.local_authority, l.name, t.band_d_equivalents FROM precept_tax_base t \
         JOIN local_authorities l ON l.gss_code = t.local_authority WHERE t.year = $1 \
         ORDER BY l.name",
    )
    .bind(y)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|t| {
        let eq = dec(t, "band_d_equivalents")?.unwrap_or_default();
        Ok(TaxBase {
            gss_code: t.try_get("local_authority")?,
            name: t.try_get("name")?,
            band_d_equivalents: eq,
            collects: band_d.map(|b| collected(b, eq)),
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let steps = sqlx::query(
        "SELECT step, on_date, band_d, document_title, document_url, decision, votes_for_veto, \
         members_present, response FROM precept_steps WHERE year = $1 ORDER BY on_date, id",
    )
    .bind(y)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|s| {
        let step: String = s.try_get("step")?;
        let decision: Option<String> = s.try_get("decision")?;
        Ok(StepRecord {
            step: Step::parse(&step)
                .ok_or_else(|| StoreError::Invalid(format!("step {step:?}")))?,
            on_date: date(s, "on_date")?,
            band_d: dec(s, "band_d")?,
            document_title: s.try_get("document_title")?,
            document_url: s.try_get("document_url")?,
            decision: decision.as_deref().and_then(Decision::parse),
            votes_for_veto: s.try_get("votes_for_veto")?,
            members_present: s.try_get("members_present")?,
            response: s.try_get("response")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(PreceptYear {
        year,
        band_d,
        band_d_change: dec(&r, "band_d_change")?,
        panel_members: r.try_get("panel_members")?,
        consultation_url: r.try_get("consultation_url")?,
        source: r.try_get("source")?,
        tax_base,
        steps,
    }))
}

/// What is set for a year before its timetable runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearSettings {
    pub year: FinancialYear,
    pub band_d: Option<Decimal>,
    pub band_d_change: Option<Decimal>,
    pub panel_members: Option<i64>,
    pub consultation_url: String,
    pub source: String,
}

/// Creates or updates a precept year (its steps and tax base are kept).
pub async fn save_year(db: &Db, actor: &Actor, s: &YearSettings) -> Result<()> {
    if s.panel_members.is_some_and(|m| m <= 0) {
        return Err(StoreError::Invalid(
            "The Panel's members must be a positive number".into(),
        ));
    }
    let y = i64::from(s.year.0);
    let mut tx = db.begin_write().await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM precept_years WHERE year = $1")
        .bind(y)
        .fetch_one(&mut *tx)
        .await?;
    let sql = if n == 0 {
        "INSERT INTO precept_years (band_d, band_d_change, panel_members, consultation_url, \
         source, year) VALUES ($1, $2, $3, $4, $5, $6)"
    } else {
        "UPDATE precept_years SET band_d = $1, band_d_change = $2, panel_members = $3, \
         consultation_url = $4, source = $5 WHERE year = $6"
    };
    sqlx::query(sql)
        .bind(s.band_d.map(|d| d.to_string()))
        .bind(s.band_d_change.map(|d| d.to_string()))
        .bind(s.panel_members)
        .bind(&s.consultation_url)
        .bind(&s.source)
        .bind(y)
        .execute(&mut *tx)
        .await?;
    let id = s.year.to_string();
    tx.commit(
        actor,
        Change::new("precept.year", "precept_year", &id).after(s),
    )
    .await?;
    Ok(())
}

/// Sets a billing authority's Band D equivalent properties for the year. The authority must
/// be one of the force area's local authorities in the database.
pub async fn set_tax_base(
    db: &Db,
    actor: &Actor,
    year: FinancialYear,
    gss_code: &str,
    equivalents: Decimal,
) -> Result<()> {
    if equivalents <= Decimal::ZERO {
        return Err(StoreError::Invalid(
            "Band D equivalents must be more than 0".into(),
        ));
    }
    let area = crate::force_area::current(db)
        .await?
        .ok_or_else(|| StoreError::NotFound("force area".into()))?;
    if !area
        .local_authorities
        .iter()
        .any(|l| l.gss_code == gss_code)
    {
        return Err(StoreError::Invalid(format!(
            "{gss_code} is not a local authority of {}",
            area.name
        )));
    }
    load(db, year)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("precept {year}")))?;
    let y = i64::from(year.0);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM precept_tax_base WHERE year = $1 AND local_authority = $2")
        .bind(y)
        .bind(gss_code)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO precept_tax_base (year, local_authority, band_d_equivalents) \
         VALUES ($1, $2, $3)",
    )
    .bind(y)
    .bind(gss_code)
    .bind(equivalents.to_string())
    .execute(&mut *tx)
    .await?;
    let id = format!("{year}/{gss_code}");
    tx.commit(
        actor,
        Change::new("precept.tax_base", "precept_tax_base", &id).after(&equivalents.to_string()),
    )
    .await?;
    Ok(())
}

/// Records a step of the timetable, if it may follow those recorded. Issuing the precept
/// sets the year's Band D.
pub async fn record_step(
    db: &Db,
    actor: &Actor,
    year: FinancialYear,
    rec: &StepRecord,
) -> Result<()> {
    let current = load(db, year)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("precept {year}")))?;
    let tt = timetable(db).await?;
    check_step(&current.steps, rec, current.panel_members, &tt).map_err(StoreError::Invalid)?;
    let y = i64::from(year.0);
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO precept_steps (year, step, on_date, band_d, document_title, document_url, \
         decision, votes_for_veto, members_present, response, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(y)
    .bind(rec.step.as_str())
    .bind(iso(rec.on_date))
    .bind(rec.band_d.map(|d| d.to_string()))
    .bind(&rec.document_title)
    .bind(&rec.document_url)
    .bind(rec.decision.map(|d| d.as_str()))
    .bind(rec.votes_for_veto)
    .bind(rec.members_present)
    .bind(&rec.response)
    .bind(&actor.label)
    .execute(&mut *tx)
    .await?;
    if rec.step == Step::Issued {
        sqlx::query("UPDATE precept_years SET band_d = $1 WHERE year = $2")
            .bind(rec.band_d.map(|d| d.to_string()))
            .bind(y)
            .execute(&mut *tx)
            .await?;
    }
    let id = format!("{year}/{}", rec.step.as_str());
    tx.commit(
        actor,
        Change::new("precept.step", "precept_step", &id).after(rec),
    )
    .await?;
    Ok(())
}
