//! The progress report to the Panel for a period, shaped like the April-August 2025 report:
//! the plan on a page, each commitment's latest marking by the period's end with its activities,
//! the victim services' returns, engagement events, and what changed since the last published
//! progress report. Dates are written as people read them ("1 April 2025").

use super::annual::number as n;
use crate::{Db, Result};
use opcc_domain::finance::money::long_date;
use opcc_domain::plans::{CommitmentStatus, Owner};
use opcc_domain::reports::{Figures, Section, Table, changes};

/// A commitment: id, its priority, text, owner, latest marking and its date.
type Marked = (i64, String, String, String, Option<String>, Option<String>);

pub fn long(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| {
            time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
        })
        .map(long_date)
        .unwrap_or_else(|| iso.to_string())
}

pub async fn figures(db: &Db, from: &str, to: &str, previous: Option<&Figures>) -> Result<Figures> {
    let period = format!("{} to {}", long(from), long(to));
    // The plan in force at the period's end.
    let plan: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, title FROM plans WHERE term_start <= $1 AND term_end >= $1 \
         AND status IN ('published', 'refreshed') ORDER BY term_start DESC LIMIT 1",
    )
    .bind(to)
    .fetch_optional(&db.pool)
    .await?;
    let mut on_page = Section::new("plan", "The plan on a page");
    let mut progress = Section::new("progress", "Progress against the commitments");
    let mut activities = Section::new("activities", "Activities");
    if let Some((plan_id, title)) = plan {
        on_page.fact("The plan", title);
        let items: Vec<(String, String)> = sqlx::query_as(
            "SELECT title, description FROM plan_items WHERE plan_id = $1 AND depth = 0 \
             ORDER BY position",
        )
        .bind(plan_id)
        .fetch_all(&db.pool)
        .await?;
        on_page.tables.push(Table {
            caption: "Priorities".into(),
            header: vec!["Priority".into(), "What it means".into()],
            rows: items.into_iter().map(|(t, d)| vec![t, d]).collect(),
            chart_column: None,
            links: Vec::new(),
        });
        // Each commitment's latest marking dated by the period's end.
        let rows: Vec<Marked> = sqlx::query_as(
            "SELECT c.id, i.title, c.text, c.owner, \
                 (SELECT u.status FROM plan_commitment_updates u WHERE u.commitment_id = c.id \
                  AND u.date <= $2 ORDER BY u.date DESC, u.id DESC LIMIT 1), \
                 (SELECT u.date FROM plan_commitment_updates u WHERE u.commitment_id = c.id \
                  AND u.date <= $2 ORDER BY u.date DESC, u.id DESC LIMIT 1) \
                 FROM plan_commitments c JOIN plan_items i ON i.id = c.item_id \
                 WHERE c.plan_id = $1 ORDER BY i.position, c.position",
        )
        .bind(plan_id)
        .bind(to)
        .fetch_all(&db.pool)
        .await?;
        let mut marked = 0;
        progress.tables.push(Table {
            caption: format!("Progress marking at {}", long(to)),
            header: vec![
                "Priority".into(),
                "Commitment".into(),
                "Lead".into(),
                "Marking".into(),
            ],
            rows: rows
                .iter()
                .map(|(_, item, text, owner, status, date)| {
                    let marking = match (status, date) {
                        (Some(s), Some(d)) => {
                            marked += 1;
                            let label = s
                                .parse::<CommitmentStatus>()
                                .map(|s| s.label().to_string())
                                .unwrap_or_else(|_| s.clone());
                            format!("{label} ({})", long(d))
                        }
                        _ => "Not yet marked".into(),
                    };
                    let lead = owner
                        .parse::<Owner>()
                        .map(|o| o.label())
                        .unwrap_or_else(|_| owner.clone());
                    vec![item.clone(), text.clone(), lead, marking]
                })
                .collect(),
            chart_column: None,
            links: Vec::new(),
        });
        if !rows.is_empty() {
            progress.fact("Commitments", n(rows.len() as i64));
            progress.fact("Commitments with a marking", n(marked));
        }
        let acts: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT c.text, a.title, a.description FROM plan_activities a \
             JOIN plan_commitments c ON c.id = a.commitment_id WHERE c.plan_id = $1 \
             ORDER BY c.position, a.position",
        )
        .bind(plan_id)
        .fetch_all(&db.pool)
        .await?;
        if !acts.is_empty() {
            activities.tables.push(Table {
                caption: "Activities under the commitments".into(),
                header: vec![
                    "Commitment".into(),
                    "Activity".into(),
                    "What was done".into(),
                ],
                rows: acts.into_iter().map(|(c, t, d)| vec![c, t, d]).collect(),
                chart_column: None,
                links: Vec::new(),
            });
        }
    }
    let meetings: Vec<(String, String)> = sqlx::query_as(
        "SELECT b.name, m.starts_at FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id \
         WHERE m.cancelled = 0 AND m.starts_at >= $1 AND m.starts_at <= $2 ORDER BY m.starts_at",
    )
    .bind(from)
    .bind(format!("{to}T23:59:59"))
    .fetch_all(&db.pool)
    .await?;
    if !meetings.is_empty() {
        activities.fact("Governance meetings held", n(meetings.len() as i64));
        activities.tables.push(Table {
            caption: format!("Meetings, {period}"),
            header: vec!["Meeting".into(), "Date".into()],
            rows: meetings
                .into_iter()
                .map(|(b, at)| vec![b, long(&at)])
                .collect(),
            chart_column: None,
            links: Vec::new(),
        });
    }
    let victims = victims(db, from, to, &period).await?;
    let engagement = engagement(db, from, to, &period).await?;
    let mut sections = vec![
        Section::new("introduction", "Introduction"),
        on_page.or_no_data(format!("No published plan was in force on {}.", long(to))),
        progress.or_no_data("The plan has no commitments."),
        activities.or_no_data(format!("No activities are recorded for {period}.")),
        victims,
        engagement,
    ];
    let mut changed = Section::new("changes", "What has changed since the last report");
    match previous {
        Some(before) => {
            let now = Figures {
                sections: sections.clone(),
            };
            let rows: Vec<Vec<String>> = changes(before, &now)
                .into_iter()
                .map(|r| r.to_vec())
                .collect();
            if !rows.is_empty() {
                changed.tables.push(Table {
                    caption: "Figures that changed".into(),
                    header: vec![
                        "Section".into(),
                        "Figure".into(),
                        "Last report".into(),
                        "This report".into(),
                    ],
                    rows,
                    chart_column: None,
                    links: Vec::new(),
                });
            }
            sections.push(changed.or_no_data("No figure has changed since the last report."));
        }
        None => {
            sections.push(changed.or_no_data("This is the first progress report in the service."))
        }
    }
    Ok(Figures { sections })
}

async fn victims(db: &Db, from: &str, to: &str, period: &str) -> Result<Section> {
    let mut s = Section::new("victims", "Victim services");
    // Returns are by financial-year quarter: those whose quarter falls in the period.
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.name, r.year, r.quarter, r.referrals, r.supported FROM com_returns r \
         JOIN com_services s ON s.id = r.service_id WHERE r.quarter > 0 \
         ORDER BY s.name, r.year, r.quarter",
    )
    .fetch_all(&db.pool)
    .await?;
    let within: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|(_, year, q, _, _)| {
            quarter_start(year, *q).is_some_and(|start| {
                start.as_str() >= &from[..7.min(from.len())] && start.as_str() <= to
            })
        })
        .map(|(name, year, q, r, p)| vec![name, format!("{year} Q{q}"), n(r), n(p)])
        .collect();
    if !within.is_empty() {
        let referrals: i64 = within
            .iter()
            .filter_map(|r| r[2].replace(',', "").parse::<i64>().ok())
            .sum();
        s.fact("Referrals to commissioned services", n(referrals));
        s.tables.push(Table {
            caption: format!("Providers' returns, {period}"),
            header: vec![
                "Service".into(),
                "Quarter".into(),
                "Referrals".into(),
                "People supported".into(),
            ],
            rows: within,
            chart_column: None,
            links: Vec::new(),
        });
    }
    Ok(s.or_no_data(format!("No providers' returns are recorded for {period}.")))
}

/// "2024-25", 2 -> "2024-07", the first month of the quarter, as text that sorts with dates.
fn quarter_start(year: &str, q: i64) -> Option<String> {
    let fy: i32 = year.get(..4)?.parse().ok()?;
    let month = 4 + (q - 1) * 3;
    let (y, m) = if month > 12 {
        (fy + 1, month - 12)
    } else {
        (fy, month)
    };
    Some(format!("{y:04}-{m:02}"))
}

async fn engagement(db: &Db, from: &str, to: &str, period: &str) -> Result<Section> {
    let mut s = Section::new("engagement", "Engagement");
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT title, kind, starts_at, attendance FROM engagement_events \
         WHERE starts_at >= $1 AND starts_at <= $2 ORDER BY starts_at",
    )
    .bind(from)
    .bind(format!("{to}T23:59:59"))
    .fetch_all(&db.pool)
    .await?;
    if !rows.is_empty() {
        s.fact("Engagement events", n(rows.len() as i64));
        let people: i64 = rows.iter().filter_map(|r| r.3).sum();
        if people > 0 {
            s.fact("People who attended", n(people));
        }
        s.tables.push(Table {
            caption: format!("Events, {period}"),
            header: vec![
                "Event".into(),
                "Kind".into(),
                "Date".into(),
                "Attendance".into(),
            ],
            rows: rows
                .into_iter()
                .map(|(t, k, at, a)| {
                    vec![
                        t,
                        k,
                        long(&at),
                        a.map(n).unwrap_or_else(|| "Not recorded".into()),
                    ]
                })
                .collect(),
            chart_column: None,
            links: Vec::new(),
        });
    }
    let surveys: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM engagement_surveys WHERE published = 1 \
         AND opens_on <= $2 AND closes_on >= $1",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    if surveys > 0 {
        s.fact("Consultations and surveys open in the period", n(surveys));
    }
    Ok(s.or_no_data(format!("No engagement is recorded for {period}.")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quarters_start_in_their_months_and_dates_read_long() {
        assert_eq!(
            super::quarter_start("2025-26", 1).as_deref(),
            Some("2025-04")
        );
        assert_eq!(
            super::quarter_start("2025-26", 4).as_deref(),
            Some("2026-01")
        );
        assert_eq!(super::long("2025-04-01"), "1 April 2025");
    }
}
