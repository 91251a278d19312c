//! Finance: budgets by financial year, the precept and its timetable (`precept`), the
//! spending file (`spending`), and the demo's figures (`demo`).

pub mod demo;
pub mod measure;
pub mod precept;
mod settings;
pub mod spending;

pub use settings::{set_setting, setting};

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::finance::{Budget, BudgetLine, FinancialYear, MtfsYear, Revision, Section, Stage};
use rust_decimal::Decimal;
use sqlx::{Row, any::AnyRow};

pub(crate) fn dec(r: &AnyRow, col: &str) -> Result<Option<Decimal>> {
    let s: Option<String> = r.try_get(col)?;
    s.map(|s| {
        s.parse()
            .map_err(|_| StoreError::Invalid(format!("{col}: {s:?} is not a decimal")))
    })
    .transpose()
}

pub(crate) fn date(r: &AnyRow, col: &str) -> Result<time::Date> {
    let s: String = r.try_get(col)?;
    time::Date::parse(&s, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| StoreError::Invalid(format!("{col}: {s:?} is not a date")))
}

pub fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The years a budget is held for, newest first.
pub async fn years(db: &Db) -> Result<Vec<FinancialYear>> {
    let ys: Vec<i64> = sqlx::query_scalar("SELECT year FROM finance_years ORDER BY year DESC")
        .fetch_all(&db.pool)
        .await?;
    Ok(ys.into_iter().map(|y| FinancialYear(y as i32)).collect())
}

/// A year's budget whole.
pub async fn budget(db: &Db, year: FinancialYear) -> Result<Option<Budget>> {
    let y = i64::from(year.0);
    let Some(r) = sqlx::query(
        "SELECT total_budget, income_change, office_budget, office_budget_note, source, note \
         FROM finance_years WHERE year = $1",
    )
    .bind(y)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let lines = sqlx::query(
        "SELECT section, stage, label, category, amount, share, change_note FROM finance_lines \
         WHERE year = $1 ORDER BY position, id",
    )
    .bind(y)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|l| {
        let section: String = l.try_get("section")?;
        let stage: String = l.try_get("stage")?;
        Ok(BudgetLine {
            section: Section::parse(&section)
                .ok_or_else(|| StoreError::Invalid(format!("section {section:?}")))?,
            stage: Stage::parse(&stage)
                .ok_or_else(|| StoreError::Invalid(format!("stage {stage:?}")))?,
            label: l.try_get("label")?,
            category: l.try_get("category")?,
            amount: dec(l, "amount")?,
            share: dec(l, "share")?,
            change_note: l.try_get("change_note")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let mtfs = sqlx::query(
        "SELECT plan_year, budget, savings_required, note FROM finance_mtfs WHERE year = $1 \
         ORDER BY plan_year",
    )
    .bind(y)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|m| {
        let py: i64 = m.try_get("plan_year")?;
        Ok(MtfsYear {
            year: FinancialYear(py as i32),
            budget: dec(m, "budget")?,
            savings_required: dec(m, "savings_required")?,
            note: m.try_get("note")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let revisions = sqlx::query(
        "SELECT revised_on, total_budget, reason FROM finance_revisions WHERE year = $1 \
         ORDER BY revised_on, id",
    )
    .bind(y)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|v| {
        Ok(Revision {
            revised_on: date(v, "revised_on")?,
            total_budget: dec(v, "total_budget")?.unwrap_or_default(),
            reason: v.try_get("reason")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(Budget {
        year,
        total_budget: dec(&r, "total_budget")?,
        income_change: dec(&r, "income_change")?,
        office_budget: dec(&r, "office_budget")?,
        office_budget_note: r.try_get("office_budget_note")?,
        source: r.try_get("source")?,
        note: r.try_get("note")?,
        lines,
        mtfs,
        revisions,
    }))
}

fn opt(d: Option<Decimal>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// Stores a year's budget whole, replacing what was held for the year.
pub async fn save_budget(db: &Db, actor: &Actor, b: &Budget) -> Result<()> {
    for l in &b.lines {
        l.validate().map_err(StoreError::Invalid)?;
    }
    let before = budget(db, b.year).await?;
    let y = i64::from(b.year.0);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM finance_years WHERE year = $1")
        .bind(y)
        .execute(&mut *tx)
        .await?;
    // The children go with the year (ON DELETE CASCADE), but say so for a backend that
    // was opened without foreign keys.
    for t in ["finance_lines", "finance_mtfs", "finance_revisions"] {
        sqlx::query(&format!("DELETE FROM {t} WHERE year = $1"))
            .bind(y)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO finance_years (year, total_budget, income_change, office_budget, \
         office_budget_note, source, note) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(y)
    .bind(opt(b.total_budget))
    .bind(opt(b.income_change))
    .bind(opt(b.office_budget))
    .bind(&b.office_budget_note)
    .bind(&b.source)
    .bind(&b.note)
    .execute(&mut *tx)
    .await?;
    for (i, l) in b.lines.iter().enumerate() {
        insert_line(&mut tx, y, l, i as i64).await?;
    }
    for m in &b.mtfs {
        sqlx::query(
            "INSERT INTO finance_mtfs (year, plan_year, budget, savings_required, note) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(y)
        .bind(i64::from(m.year.0))
        .bind(opt(m.budget))
        .bind(opt(m.savings_required))
        .bind(&m.note)
        .execute(&mut *tx)
        .await?;
    }
    for v in &b.revisions {
        insert_revision(&mut tx, y, v).await?;
    }
    let id = b.year.to_string();
    let mut change = Change::new("budget.save", "budget", &id).after(b);
    if let Some(before) = &before {
        change = change.before(before);
    }
    tx.commit(actor, change).await?;
    Ok(())
}

async fn insert_line(tx: &mut crate::WriteTx, y: i64, l: &BudgetLine, position: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO finance_lines (year, section, stage, label, category, amount, share, \
         change_note, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(y)
    .bind(l.section.as_str())
    .bind(l.stage.as_str())
    .bind(&l.label)
    .bind(&l.category)
    .bind(opt(l.amount))
    .bind(opt(l.share))
    .bind(&l.change_note)
    .bind(position)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_revision(tx: &mut crate::WriteTx, y: i64, v: &Revision) -> Result<()> {
    sqlx::query(
        "INSERT INTO finance_revisions (year, revised_on, total_budget, reason) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(y)
    .bind(iso(v.revised_on))
    .bind(v.total_budget.to_string())
    .bind(&v.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn require_year(db: &Db, year: FinancialYear) -> Result<()> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM finance_years WHERE year = $1")
        .bind(i64::from(year.0))
        .fetch_one(&db.pool)
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("budget for {year}")));
    }
    Ok(())
}

/// Adds a line to a year's budget (a revised figure, an outturn, ...). A line of the same
/// section, stage and label is refused: lines are corrected by saving the budget.
pub async fn add_line(db: &Db, actor: &Actor, year: FinancialYear, l: &BudgetLine) -> Result<()> {
    l.validate().map_err(StoreError::Invalid)?;
    require_year(db, year).await?;
    let y = i64::from(year.0);
    let mut tx = db.begin_write().await?;
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM finance_lines WHERE year = $1 AND section = $2 AND stage = $3 \
         AND label = $4",
    )
    .bind(y)
    .bind(l.section.as_str())
    .bind(l.stage.as_str())
    .bind(&l.label)
    .fetch_one(&mut *tx)
    .await?;
    if taken > 0 {
        return Err(StoreError::Invalid(format!(
            "{year} already has a {} line {:?} ({})",
            l.stage.label().to_lowercase(),
            l.label,
            l.section.label().to_lowercase()
        )));
    }
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM finance_lines WHERE year = $1",
    )
    .bind(y)
    .fetch_one(&mut *tx)
    .await?;
    insert_line(&mut tx, y, l, position).await?;
    let id = format!(
        "{year}/{}/{}/{}",
        l.section.as_str(),
        l.stage.as_str(),
        l.label
    );
    tx.commit(
        actor,
        Change::new("budget.line.add", "budget_line", &id).after(l),
    )
    .await?;
    Ok(())
}

/// Records a revision of the year's total during the year.
pub async fn add_revision(db: &Db, actor: &Actor, year: FinancialYear, v: &Revision) -> Result<()> {
    if v.reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "Enter the reason for the revision".into(),
        ));
    }
    require_year(db, year).await?;
    let mut tx = db.begin_write().await?;
    insert_revision(&mut tx, i64::from(year.0), v).await?;
    let id = year.to_string();
    tx.commit(actor, Change::new("budget.revise", "budget", &id).after(v))
        .await?;
    Ok(())
}

/// Creates a year or updates its headline figures; its lines, strategy and revisions stay.
pub async fn save_header(db: &Db, actor: &Actor, b: &Budget) -> Result<()> {
    if b.source.trim().is_empty() {
        return Err(StoreError::Invalid(
            "Enter the document the figures come from".into(),
        ));
    }
    let before = budget(db, b.year).await?;
    let y = i64::from(b.year.0);
    let mut tx = db.begin_write().await?;
    let sql = if before.is_none() {
        "INSERT INTO finance_years (total_budget, income_change, office_budget, \
         office_budget_note, source, note, year) VALUES ($1, $2, $3, $4, $5, $6, $7)"
    } else {
        "UPDATE finance_years SET total_budget = $1, income_change = $2, office_budget = $3, \
         office_budget_note = $4, source = $5, note = $6 WHERE year = $7"
    };
    sqlx::query(sql)
        .bind(opt(b.total_budget))
        .bind(opt(b.income_change))
        .bind(opt(b.office_budget))
        .bind(&b.office_budget_note)
        .bind(&b.source)
        .bind(&b.note)
        .bind(y)
        .execute(&mut *tx)
        .await?;
    let id = b.year.to_string();
    let header = |b: &Budget| {
        serde_json::json!({
            "total_budget": opt(b.total_budget), "income_change": opt(b.income_change),
            "office_budget": opt(b.office_budget), "office_budget_note": b.office_budget_note,
            "source": b.source, "note": b.note,
        })
    };
    let mut change = Change::new("budget.header", "budget", &id).after(&header(b));
    if let Some(old) = &before {
        change = change.before(&header(old));
    }
    tx.commit(actor, change).await?;
    Ok(())
}

/// Adds (or replaces) a year of the Medium Term Financial Strategy set with `year`'s budget.
pub async fn set_mtfs(db: &Db, actor: &Actor, year: FinancialYear, m: &MtfsYear) -> Result<()> {
    if m.year < year {
        return Err(StoreError::Invalid(format!(
            "The strategy set with the {year} budget covers {year} and later years"
        )));
    }
    require_year(db, year).await?;
    let y = i64::from(year.0);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM finance_mtfs WHERE year = $1 AND plan_year = $2")
        .bind(y)
        .bind(i64::from(m.year.0))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO finance_mtfs (year, plan_year, budget, savings_required, note) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(y)
    .bind(i64::from(m.year.0))
    .bind(opt(m.budget))
    .bind(opt(m.savings_required))
    .bind(&m.note)
    .execute(&mut *tx)
    .await?;
    let id = format!("{year}/{}", m.year);
    tx.commit(actor, Change::new("budget.mtfs", "mtfs_year", &id).after(m))
        .await?;
    Ok(())
}
