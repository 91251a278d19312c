//! The rules that keep a published plan honest: its text changes only by a refresh recorded
//! with a reason (the public's change note), a superseded plan does not change, publishing a
//! plan supersedes the ones it replaces, and one plan per force area is in force on a day.

use super::PlanSummary;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::Day;
use opcc_domain::plans::lifecycle::{self, ChangeRule};
use sqlx::{AnyConnection, Row};

/// The message a change to a published plan without a reason gets.
pub const NEEDS_REASON: &str = "Enter the reason for the change: a published plan changes only by a refresh, and the public reads the reason as a change note";

fn today() -> Day {
    Day(time::OffsetDateTime::now_utc().date())
}

async fn status_of(conn: &mut AnyConnection, plan: i64) -> Result<PlanStatus> {
    let s: String = sqlx::query_scalar("SELECT status FROM plans WHERE id = $1")
        .bind(plan)
        .fetch_one(&mut *conn)
        .await?;
    s.parse().map_err(StoreError::Invalid)
}

async fn last_change(conn: &mut AnyConnection, plan: i64) -> Result<Option<Day>> {
    let d: Option<String> =
        sqlx::query_scalar("SELECT MAX(date) FROM plan_transitions WHERE plan_id = $1")
            .bind(plan)
            .fetch_one(&mut *conn)
            .await?;
    d.map(|d| Day::parse(&d))
        .transpose()
        .map_err(StoreError::Invalid)
}

pub(crate) async fn add_transition(
    conn: &mut AnyConnection,
    plan: i64,
    to: PlanStatus,
    date: Day,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO plan_transitions (plan_id, status, date, note) VALUES ($1, $2, $3, $4)",
    )
    .bind(plan)
    .bind(to.as_str())
    .bind(date.to_string())
    .bind(note.trim())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE plans SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(now_utc())
        .bind(plan)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Lets a change to the plan's text go ahead, in the change's own transaction: freely before
/// publication; on a published plan only with a reason, recorded as a refresh dated today
/// (its own audit entry) so the public sees it as a change note; never on a superseded plan.
pub(crate) async fn gate(
    tx: &mut WriteTx,
    actor: &Actor,
    slug: &str,
    plan: i64,
    reason: &str,
) -> Result<()> {
    let status = status_of(tx, plan).await?;
    match lifecycle::change_rule(status) {
        ChangeRule::Free => Ok(()),
        ChangeRule::Closed => Err(StoreError::Invalid(
            "This plan has been superseded: it is kept as it was and does not change".into(),
        )),
        ChangeRule::NeedsReason => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(StoreError::Invalid(NEEDS_REASON.into()));
            }
            let date = match last_change(tx, plan).await? {
                Some(last) if last > today() => last,
                _ => today(),
            };
            add_transition(tx, plan, PlanStatus::Refreshed, date, reason).await?;
            tx.record(
                actor,
                Change::new("plan.refresh", "plan", slug)
                    .before(&serde_json::json!({ "status": status }))
                    .after(&serde_json::json!({
                        "status": PlanStatus::Refreshed, "date": date.to_string(), "reason": reason,
                    })),
            )
            .await?;
            Ok(())
        }
    }
}

/// On publishing `plan`, every other published plan of its force area is superseded, on the
/// same date; a plan whose term starts after this one's is not replaced by it, so publishing
/// an older plan after a newer one is refused. Returns the slugs superseded.
pub(crate) async fn supersede_predecessors(
    conn: &mut AnyConnection,
    plan: i64,
    title: &str,
    date: Day,
) -> Result<Vec<String>> {
    let me = sqlx::query("SELECT force_area, term_start FROM plans WHERE id = $1")
        .bind(plan)
        .fetch_one(&mut *conn)
        .await?;
    let (area, start): (String, String) = (me.try_get("force_area")?, me.try_get("term_start")?);
    let others = sqlx::query(
        "SELECT id, slug, title, term_start FROM plans WHERE force_area = $1 AND id <> $2 \
         AND status IN ('published', 'refreshed') ORDER BY term_start",
    )
    .bind(&area)
    .bind(plan)
    .fetch_all(&mut *conn)
    .await?;
    let mut superseded = Vec::new();
    for o in others {
        let (id, slug, other_title, other_start): (i64, String, String, String) = (
            o.try_get("id")?,
            o.try_get("slug")?,
            o.try_get("title")?,
            o.try_get("term_start")?,
        );
        if other_start >= start {
            return Err(StoreError::Invalid(format!(
                "{other_title} is published and its term starts on or after this plan's: \
                 publish plans in the order of their terms"
            )));
        }
        let on = match last_change(conn, id).await? {
            Some(last) if last > date => last,
            _ => date,
        };
        add_transition(
            conn,
            id,
            PlanStatus::Superseded,
            on,
            &format!("Superseded by {title}"),
        )
        .await?;
        superseded.push(slug);
    }
    Ok(superseded)
}

/// The plan in force in a force area on a day (see `lifecycle::in_force`).
pub async fn in_force(db: &Db, force_area: &str, day: time::Date) -> Result<Option<PlanSummary>> {
    let plans = super::list(db).await?;
    let parse = |s: &str| Day::parse(s).ok().map(|d| d.0);
    Ok(lifecycle::in_force(
        plans
            .into_iter()
            .filter(|p| p.force_area == force_area)
            .filter_map(|p| {
                let (s, e) = (parse(&p.term_start)?, parse(&p.term_end)?);
                let status = p.status;
                Some((p, status, s, e))
            }),
        day,
    ))
}
