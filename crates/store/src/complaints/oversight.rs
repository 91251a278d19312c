//! Holding the Chief Constable to account for complaint handling: the IOPC's quarterly
//! statistics for the force beside its most similar forces and England and Wales, themes
//! from reviews fed back to the force with its response, and the item 7C statement for a
//! year, whose figures come from the records and whose narrative the office writes. Nothing
//! here is personal: these are what the public pages and the API show.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::complaints::iopc::Figure;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct FigureRow {
    pub year: i64,
    pub quarter: i64,
    pub scope: String,
    pub measure: String,
    pub value: String,
}

/// Saves figures (replacing any for the same year, quarter, scope and measure) in one
/// transaction; saving the same figures again changes nothing and writes no entry.
/// Returns how many changed.
pub async fn save_figures(
    db: &Db,
    actor: &Actor,
    figures: &[Figure],
    source: &str,
) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let mut changed = 0;
    for f in figures {
        let held: Option<String> = sqlx::query_scalar(
            "SELECT value FROM complaints_iopc WHERE year = $1 AND quarter = $2 AND scope = $3 \
             AND measure = $4",
        )
        .bind(i64::from(f.year))
        .bind(i64::from(f.quarter))
        .bind(&f.scope)
        .bind(&f.measure)
        .fetch_optional(&mut *tx)
        .await?;
        let value = f.value.normalize().to_string();
        if held.as_deref() == Some(value.as_str()) {
            continue;
        }
        sqlx::query(
            "DELETE FROM complaints_iopc WHERE year = $1 AND quarter = $2 AND scope = $3 \
             AND measure = $4",
        )
        .bind(i64::from(f.year))
        .bind(i64::from(f.quarter))
        .bind(&f.scope)
        .bind(&f.measure)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO complaints_iopc (year, quarter, scope, measure, value) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64::from(f.year))
        .bind(i64::from(f.quarter))
        .bind(&f.scope)
        .bind(&f.measure)
        .bind(&value)
        .execute(&mut *tx)
        .await?;
        changed += 1;
    }
    if changed == 0 {
        return Ok(0);
    }
    tx.commit(
        actor,
        Change::new("complaints.iopc", "complaints_iopc", source)
            .after(&json!({ "figures": figures.len(), "changed": changed })),
    )
    .await?;
    // The plan measures derived from the force's figures follow them, as the cost per head
    // follows the budgets.
    super::measure::derive_iopc(db, actor).await?;
    Ok(changed)
}

/// Every figure of a year (all years when `year` is None), by quarter, measure and scope.
pub async fn figures(db: &Db, year: Option<i32>) -> Result<Vec<FigureRow>> {
    Ok(sqlx::query_as(
        "SELECT year, quarter, scope, measure, value FROM complaints_iopc \
         WHERE year = $1 OR $1 = 0 ORDER BY year, quarter, measure, scope",
    )
    .bind(year.map_or(0, i64::from))
    .fetch_all(&db.pool)
    .await?)
}

/// The financial years with IOPC figures or reviews, newest first.
pub async fn years(db: &Db) -> Result<Vec<i64>> {
    let mut years: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT year FROM complaints_iopc")
        .fetch_all(&db.pool)
        .await?;
    for y in sqlx::query_scalar::<_, i64>("SELECT year FROM complaints_statements")
        .fetch_all(&db.pool)
        .await?
    {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    Ok(years)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Theme {
    pub id: i64,
    pub theme: String,
    pub fed_back_on: String,
    pub response: String,
    pub response_on: Option<String>,
}

pub async fn themes(db: &Db) -> Result<Vec<Theme>> {
    Ok(sqlx::query_as(
        "SELECT id, theme, fed_back_on, response, response_on FROM complaints_themes \
         ORDER BY fed_back_on DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}

fn day(field: &str, s: &str) -> Result<String> {
    opcc_domain::complaints::parse_day(s.trim())
        .map(|d| d.to_string())
        .ok_or_else(|| StoreError::Invalid(format!("{field}: enter a date like 2024-04-01")))
}

pub async fn add_theme(db: &Db, actor: &Actor, theme: &str, fed_back_on: &str) -> Result<i64> {
    if theme.trim().is_empty() {
        return Err(StoreError::Invalid("theme: describe the theme".into()));
    }
    let on = day("fed_back_on", fed_back_on)?;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints_themes (theme, fed_back_on, response) VALUES ($1, $2, '') \
         RETURNING id",
    )
    .bind(theme.trim())
    .bind(&on)
    .fetch_one(&mut *tx)
    .await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("complaints_theme.create", "complaints_theme", &key)
            .after(&json!({ "theme": theme.trim(), "fed_back_on": on })),
    )
    .await?;
    Ok(id)
}

pub async fn respond_theme(
    db: &Db,
    actor: &Actor,
    id: i64,
    response: &str,
    on: &str,
) -> Result<()> {
    if response.trim().is_empty() {
        return Err(StoreError::Invalid(
            "response: enter the force's response".into(),
        ));
    }
    let on = day("response_on", on)?;
    let mut tx = db.begin_write().await?;
    let n =
        sqlx::query("UPDATE complaints_themes SET response = $1, response_on = $2 WHERE id = $3")
            .bind(response.trim())
            .bind(&on)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("theme {id}")));
    }
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("complaints_theme.response", "complaints_theme", &key)
            .after(&json!({ "response": response.trim(), "response_on": on })),
    )
    .await?;
    Ok(())
}

/// The office's performance as review body in a year, from the records (anonymised records
/// count too: retention removes the person, not the fact of the review).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ReviewFigures {
    pub year: i64,
    pub received: i64,
    pub late_accepted: i64,
    pub invalid: i64,
    pub decided: i64,
    pub upheld: i64,
    pub not_upheld: i64,
    /// Decided within the service standard (56 days of the case file's arrival).
    pub within_standard: i64,
    pub complaints_about_chief_constable: i64,
    pub complaints_outside_schedule3: i64,
    pub complaints_referred_to_iopc: i64,
}

/// A review's outcome notice, receipt, validity, case file, decision and its date.
type ReviewDatesRow = (
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub async fn review_figures(db: &Db, year: i32) -> Result<ReviewFigures> {
    use opcc_domain::complaints::{
        REVIEW_DECISION_DAYS, financial_year, parse_day, request_in_time,
    };
    let rows: Vec<ReviewDatesRow> = sqlx::query_as(
        "SELECT outcome_notified_on, received_on, valid, file_received_on, decision, \
             decided_on FROM complaints_reviews",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut f = ReviewFigures {
        year: i64::from(year),
        ..Default::default()
    };
    for (notified, received, valid, file, decision, decided) in rows {
        let (Some(n), Some(r)) = (parse_day(&notified), parse_day(&received)) else {
            continue;
        };
        if financial_year(r) == year {
            f.received += 1;
            f.late_accepted += i64::from(!request_in_time(n, r));
            f.invalid += i64::from(valid == Some(0));
        }
        let Some(d) = decided.as_deref().and_then(parse_day) else {
            continue;
        };
        if financial_year(d) != year {
            continue;
        }
        f.decided += 1;
        match decision.as_deref() {
            Some("upheld") => f.upheld += 1,
            _ => f.not_upheld += 1,
        }
        if file
            .as_deref()
            .and_then(parse_day)
            .is_some_and(|file| (d - file).whole_days() <= REVIEW_DECISION_DAYS)
        {
            f.within_standard += 1;
        }
    }
    let cc: Vec<(String, i64, Option<String>)> =
        sqlx::query_as("SELECT received_on, schedule3, referred_on FROM complaints_cc")
            .fetch_all(&db.pool)
            .await?;
    for (received, schedule3, referred) in cc {
        if parse_day(&received).is_some_and(|r| financial_year(r) == year) {
            f.complaints_about_chief_constable += 1;
            f.complaints_outside_schedule3 += i64::from(schedule3 == 0);
            f.complaints_referred_to_iopc += i64::from(referred.is_some());
        }
    }
    Ok(f)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Statement {
    pub year: i64,
    pub narrative: String,
    pub published_at: Option<String>,
}

pub async fn statement(db: &Db, year: i32) -> Result<Option<Statement>> {
    Ok(sqlx::query_as(
        "SELECT year, narrative, published_at FROM complaints_statements WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn published_statements(db: &Db) -> Result<Vec<Statement>> {
    Ok(sqlx::query_as(
        "SELECT year, narrative, published_at FROM complaints_statements \
         WHERE published_at IS NOT NULL ORDER BY year DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Saves the narrative of a year's statement and, when `publish`, publishes it (it stays
/// published when saved again).
pub async fn save_statement(
    db: &Db,
    actor: &Actor,
    year: i32,
    narrative: &str,
    publish: bool,
) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(StoreError::Invalid("year: choose a financial year".into()));
    }
    if narrative.trim().is_empty() {
        return Err(StoreError::Invalid(
            "narrative: say how the Commissioner held the Chief Constable to account".into(),
        ));
    }
    let held = statement(db, year).await?;
    let published = match (&held, publish) {
        (
            Some(Statement {
                published_at: Some(p),
                ..
            }),
            _,
        ) => Some(p.clone()),
        (_, true) => Some(now_utc()),
        _ => None,
    };
    let frozen = if publish {
        Some(super::statements::frozen(db, year).await?)
    } else {
        None
    };
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM complaints_statements WHERE year = $1")
        .bind(i64::from(year))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO complaints_statements (year, narrative, published_at) VALUES ($1, $2, $3)",
    )
    .bind(i64::from(year))
    .bind(narrative.trim())
    .bind(&published)
    .execute(&mut *tx)
    .await?;
    let key = year.to_string();
    // Publishing freezes what the public will read as a new version; the draft stays editable.
    if let Some(frozen) = &frozen {
        let version =
            super::statements::freeze(&mut tx, actor, year, narrative.trim(), frozen).await?;
        tx.record(
            actor,
            Change::new("complaints_statement.publish", "complaints_statement", &key)
                .after(&json!({ "version": version })),
        )
        .await?;
    }
    tx.commit(
        actor,
        Change::new("complaints_statement.save", "complaints_statement", &key)
            .before(&held)
            .after(&json!({ "narrative": narrative.trim(), "published_at": published })),
    )
    .await?;
    Ok(())
}
