//! The schemes' figures for a financial year and its quarters, counted from the records:
//! submitted reports by the day of the visit, panel outcomes by the day the panel met, and
//! volunteers active on the period's last day.

use crate::{Db, Result};
use opcc_domain::periods::Period;
use opcc_domain::schemes::stats::Figures;
use sqlx::AnyConnection;

fn bounds(p: Period) -> (String, String) {
    let months = p.months();
    let (first, last) = (months[0], months[months.len() - 1]);
    let day = |m: Period, end: bool| match m {
        Period::Month(m) if end => m.last_day().to_string(),
        Period::Month(m) => format!("{:04}-{:02}-01", m.year(), m.month()),
        _ => unreachable!("months() gives months"),
    };
    (day(first, false), day(last, true))
}

async fn counts(
    conn: &mut AnyConnection,
    sql: &str,
    from: &str,
    to: &str,
) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(sql)
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await?)
}

const SUBMITTED: &str = "JOIN sch_schemes s ON s.id = r.scheme_id \
     WHERE r.status = 'submitted' AND r.visited_on >= $1 AND r.visited_on <= $2";

/// One period's figures.
pub async fn figures(db: &Db, p: Period) -> Result<Figures> {
    let (from, to) = bounds(p);
    let mut conn = db.pool.acquire().await?;
    let c = &mut *conn;
    let mut f = Figures {
        period: p.to_string(),
        ..Default::default()
    };
    for (kind, n) in counts(
        c,
        &format!("SELECT s.kind, COUNT(*) FROM sch_reports r {SUBMITTED} GROUP BY s.kind"),
        &from,
        &to,
    )
    .await?
    {
        match kind.as_str() {
            "custody" => f.custody_visits = n,
            "calls" => f.call_audits = n,
            "dogs" => f.dog_visits = n,
            _ => {}
        }
    }
    let observed = |what: &str| {
        format!(
            "SELECT COALESCE(o.{what}, ''), COUNT(*) FROM sch_observations o \
             JOIN sch_reports r ON r.id = o.report_id {SUBMITTED} GROUP BY o.{what}"
        )
    };
    for (v, n) in counts(c, &observed("visit"), &from, &to).await? {
        match v.as_str() {
            "visited" => f.detainees_visited = n,
            "declined" => f.detainees_declined = n,
            _ => {}
        }
    }
    for (t, n) in counts(c, &observed("call_type"), &from, &to).await? {
        match t.as_str() {
            "999" => f.calls_999 = n,
            "101" => f.calls_101 = n,
            _ => {}
        }
    }
    f.calls = f.calls_999 + f.calls_101;
    let (dogs, seen): (i64, i64) = sqlx::query_as(&format!(
        "SELECT COUNT(DISTINCT o.subject), COUNT(*) FROM sch_observations o \
         JOIN sch_reports r ON r.id = o.report_id {SUBMITTED} AND s.kind = 'dogs'"
    ))
    .bind(&from)
    .bind(&to)
    .fetch_one(&mut *c)
    .await?;
    (f.dogs, f.dog_observations) = (dogs, seen);
    let reviews: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.age_group, v.outcome, COUNT(*) FROM oocr_reviews v \
         JOIN oocr_cases c ON c.id = v.case_id WHERE v.outcome IS NOT NULL \
         AND v.reviewed_on >= $1 AND v.reviewed_on <= $2 GROUP BY c.age_group, v.outcome",
    )
    .bind(&from)
    .bind(&to)
    .fetch_all(&mut *c)
    .await?;
    for (age, outcome, n) in reviews {
        f.panel_cases += n;
        match age.as_str() {
            "adult" => f.panel_adult += n,
            _ => f.panel_youth += n,
        }
        match outcome.as_str() {
            "supported" => f.supported += n,
            "not_supported" => f.not_supported += n,
            "split" => f.split += n,
            "appropriate" => f.appropriate += n,
            "appropriate_with_observations" => f.appropriate_with_observations += n,
            "inappropriate" => f.inappropriate += n,
            _ => f.no_conclusion += n,
        }
    }
    f.active_volunteers = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sch_volunteers v WHERE v.joined_on <= $1 \
         AND (v.left_on IS NULL OR v.left_on > $1) AND EXISTS (SELECT 1 FROM sch_memberships m \
         JOIN sch_schemes s ON s.id = m.scheme_id WHERE m.volunteer_id = v.id AND s.kind <> 'panel')",
    )
    .bind(&to)
    .fetch_one(&mut *c)
    .await?;
    Ok(f)
}

/// A financial year's figures, then its four quarters'.
pub async fn year(db: &Db, fy: i32) -> Result<(Figures, Vec<Figures>)> {
    let whole = figures(db, Period::Year(fy)).await?;
    let mut quarters = Vec::new();
    for q in 1..=4 {
        quarters.push(figures(db, Period::Quarter(fy, q)).await?);
    }
    Ok((whole, quarters))
}

/// The financial years with a submitted report or a panel outcome, newest first.
pub async fn years(db: &Db) -> Result<Vec<i32>> {
    let days: Vec<String> = sqlx::query_scalar(
        "SELECT visited_on FROM sch_reports WHERE status = 'submitted' \
         UNION SELECT reviewed_on FROM oocr_reviews WHERE reviewed_on IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut years: Vec<i32> = days
        .iter()
        .filter_map(|d| opcc_domain::schemes::oocr::parse_day(d))
        .map(|d| {
            if u8::from(d.month()) >= 4 {
                d.year()
            } else {
                d.year() - 1
            }
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    years.reverse();
    Ok(years)
}
