//! The schemes' retention rules (docs/schemes.md), applied by `opcc schemes retention`:
//!
//! - a volunteer's name and contact details: six years after they left, then erased (the
//!   record stays, as "Former volunteer N", so old reports still count);
//! - an application: a year after it was decided (an accepted one lives on as the volunteer);
//! - reports with their observations and findings, rota visits and expenses claims: six years
//!   after the day they were for;
//! - the force's case lists (case references, offences, summaries) and members' views: two
//!   years after the panel last met on the list (or after the list's period, if never drawn);
//!   the panel's outcomes and themes stay, so the published counts do not change.
//!
//! `plan` lists exactly what a run today would remove; `run` removes it in one transaction
//! with one audit entry naming ids only.

use crate::audit::{Actor, Change};
use crate::{Db, Result};
use opcc_domain::schemes::oocr::parse_day;
use opcc_domain::schemes::{APPLICATION_KEEP_YEARS, KEEP_YEARS, PANEL_KEEP_YEARS, years_after};
use serde::Serialize;
use serde_json::json;
use time::Date;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// Volunteers whose personal data is erased.
    pub volunteers: Vec<i64>,
    /// Applications deleted.
    pub applications: Vec<i64>,
    /// Reports deleted, with their observations, findings and corrections.
    pub reports: Vec<i64>,
    pub rota: Vec<i64>,
    pub expenses: Vec<i64>,
    /// The force's case lists erased, with their members' views.
    pub panel_lists: Vec<i64>,
    /// The engagement scheme's events deleted, with who went.
    pub events: Vec<i64>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

fn due(rows: Vec<(i64, Option<String>)>, years: i32, today: Date) -> Vec<i64> {
    rows.into_iter()
        .filter(|(_, d)| {
            d.as_deref()
                .and_then(parse_day)
                .is_some_and(|d| years_after(d, years) <= today)
        })
        .map(|(id, _)| id)
        .collect()
}

/// What a run on `today` would remove, changing nothing.
pub async fn plan(db: &Db, today: Date) -> Result<Report> {
    let q = |sql: &'static str| sqlx::query_as::<_, (i64, Option<String>)>(sql);
    let volunteers = q(
        "SELECT id, left_on FROM sch_volunteers WHERE erased_on IS NULL \
                        AND left_on IS NOT NULL ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    let applications = q("SELECT id, decided_on FROM sch_applications \
                          WHERE status <> 'received' ORDER BY id")
    .fetch_all(&db.pool)
    .await?;
    let reports = q("SELECT id, visited_on FROM sch_reports ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let rota = q("SELECT id, slot_on FROM sch_rota ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let expenses = q("SELECT id, spent_on FROM sch_expenses ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    let lists = q(
        "SELECT l.id, COALESCE((SELECT MAX(d.meets_on) FROM oocr_draws d \
                   WHERE d.list_id = l.id), l.period_to) FROM oocr_lists l \
                   WHERE l.erased_on IS NULL ORDER BY l.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let events = q("SELECT id, held_on FROM sch_events ORDER BY id")
        .fetch_all(&db.pool)
        .await?;
    Ok(Report {
        events: due(events, KEEP_YEARS, today),
        volunteers: due(volunteers, KEEP_YEARS, today),
        applications: due(applications, APPLICATION_KEEP_YEARS, today),
        reports: due(reports, KEEP_YEARS, today),
        rota: due(rota, KEEP_YEARS, today),
        expenses: due(expenses, KEEP_YEARS, today),
        panel_lists: due(lists, PANEL_KEEP_YEARS, today),
    })
}

/// Removes what `plan` lists. Running it again the same day changes nothing.
pub async fn run(db: &Db, actor: &Actor, today: Date) -> Result<Report> {
    let report = plan(db, today).await?;
    if report.is_empty() {
        return Ok(report);
    }
    let on = today.to_string();
    let mut tx = db.begin_write().await?;
    for id in &report.volunteers {
        sqlx::query(
            "UPDATE sch_volunteers SET name = $1, email = '', phone = '', user_id = NULL, \
             erased_on = $2 WHERE id = $3",
        )
        .bind(format!("Former volunteer {id}"))
        .bind(&on)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sch_availability WHERE volunteer_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for (table, ids) in [
        ("sch_applications", &report.applications),
        ("sch_rota", &report.rota),
        ("sch_expenses", &report.expenses),
    ] {
        for id in ids {
            sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    for id in &report.reports {
        // Children first: PostgreSQL and SQLite alike, whatever the foreign-key setting.
        for child in ["sch_observations", "sch_findings", "sch_corrections"] {
            sqlx::query(&format!("DELETE FROM {child} WHERE report_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM sch_reports WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for id in &report.events {
        for sql in [
            "DELETE FROM sch_event_volunteers WHERE event_id = $1",
            "DELETE FROM sch_events WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
    }
    for id in &report.panel_lists {
        sqlx::query(
            "DELETE FROM oocr_views WHERE review_id IN (SELECT r.id FROM oocr_reviews r \
             JOIN oocr_draws d ON d.id = r.draw_id WHERE d.list_id = $1)",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE oocr_cases SET case_ref = 'erased-' || CAST(id AS TEXT), offence = '', \
             summary = '' WHERE list_id = $1",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE oocr_lists SET erased_on = $1, filename = '' WHERE id = $2")
            .bind(&on)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new("schemes.retention", "sch_schemes", &on).after(&json!(report)),
    )
    .await?;
    Ok(report)
}
