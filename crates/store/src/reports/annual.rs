//! The annual report's figures for a financial year, each section read from its area's records
//! of that year (the two duties in `svd.rs` and `spr.rs`). A section whose records hold nothing
//! for the year says so.

use crate::{Db, Result};
use opcc_domain::finance::{FinancialYear, Section as BudgetSection, Stage, money};
use opcc_domain::periods::Period;
use opcc_domain::reports::{Figures, Section, Table};
use opcc_domain::schemes::stats::percent;

fn n(v: i64) -> String {
    let s = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

pub(super) fn number(v: i64) -> String {
    n(v)
}

pub async fn figures(db: &Db, fy: i32) -> Result<Figures> {
    let label = Period::Year(fy).to_string();
    let (from, to) = (format!("{fy:04}-04-01"), format!("{:04}-03-31", fy + 1));
    let sections = vec![
        Section::new("foreword", "Foreword"),
        finance(db, fy, &label).await?,
        plan(db, fy, &label).await?,
        commissioning(db, fy, &label).await?,
        super::svd::section(db, fy, &label).await?,
        super::spr::section(db, fy, &label).await?,
        governance(db, &from, &to, &label).await?,
        volunteers(db, fy, &label).await?,
        oocr(db, fy, &label).await?,
        complaints(db, &from, &to, &label).await?,
    ];
    Ok(Figures { sections })
}

async fn finance(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("finance", "Finance");
    if let Some(b) = crate::finance::budget(db, FinancialYear(fy)).await? {
        if let Some(t) = b.total_budget {
            s.fact("Budget for the year", money::short(t));
        }
        if let Some(c) = b.income_change {
            s.fact("More income than the year before", money::short(c));
        }
        for l in b.lines_of(BudgetSection::Funding, Stage::Budget) {
            let value = match (l.amount, l.change_note.is_empty()) {
                (Some(a), _) => money::short(a),
                (None, false) => l.change_note.clone(),
                (None, true) => continue,
            };
            s.fact(&l.label, value);
        }
        let rows: Vec<Vec<String>> = b
            .lines_of(BudgetSection::ExpenditureType, Stage::Budget)
            .map(|l| {
                vec![
                    l.label.clone(),
                    l.share.map(money::percent).unwrap_or_default(),
                    l.amount.map(money::short).unwrap_or_default(),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let mut header = vec![
                "Type".to_string(),
                "Share of the total".into(),
                "Amount".into(),
            ];
            let mut rows = rows;
            // The 2023-24 report gives shares only: no column of blanks.
            if rows.iter().all(|r| r[2].is_empty()) {
                header.pop();
                rows.iter_mut().for_each(|r| {
                    r.pop();
                });
            }
            s.tables.push(Table {
                caption: format!("Expenditure by type, {label}"),
                header,
                rows,
                chart_column: Some(1),
                links: Vec::new(),
            });
        }
        match (b.office_budget, b.office_budget_note.is_empty()) {
            (Some(o), _) => s.fact("The Commissioner's office", money::short(o)),
            (None, false) => s.fact("The Commissioner's office", b.office_budget_note.clone()),
            _ => {}
        }
    }
    Ok(s.or_no_data(format!("No budget is recorded for {label}.")))
}

async fn plan(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("plan", "The police and crime plan");
    let Some(super::spr::PlanRef {
        id: plan_id, title, ..
    }) = super::spr::plan_in_force(db, fy).await?
    else {
        return Ok(s.or_no_data(format!("No published plan was in force in {label}.")));
    };
    s.fact("The plan in force", title);
    let objectives: Vec<(String,)> = sqlx::query_as(
        "SELECT title FROM plan_items WHERE plan_id = $1 AND depth = 0 ORDER BY position",
    )
    .bind(plan_id)
    .fetch_all(&db.pool)
    .await?;
    if !objectives.is_empty() {
        s.tables.push(Table {
            caption: "The plan's priorities".into(),
            header: vec!["Priority".into()],
            rows: objectives.into_iter().map(|(t,)| vec![t]).collect(),
            chart_column: None,
            links: Vec::new(),
        });
    }
    // Every measure value of the year, with its national or peer comparator where recorded.
    let values: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT COALESCE(m.title, v.measure_key), v.value, st.comparator_value, st.comparator_label \
         FROM measure_values v \
         LEFT JOIN plan_measures m ON m.plan_id = v.plan_id AND m.key = v.measure_key \
         LEFT JOIN measure_settings st ON st.plan_id = v.plan_id AND st.measure_key = v.measure_key \
         WHERE v.period_kind = 'year' AND v.period = $1 ORDER BY 1",
    )
    .bind(label)
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<Vec<String>> = values
        .into_iter()
        .map(|(m, v, c, cl)| {
            let unit = if m.to_lowercase().contains("rate") {
                "%"
            } else {
                ""
            };
            vec![
                m,
                format!("{}{unit}", trim(&v)),
                c.map(|c| format!("{}{unit} ({})", trim(&c), cl.unwrap_or_default()))
                    .unwrap_or_else(|| "Not recorded".into()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        s.tables.push(Table {
            caption: format!("Performance measures, {label}"),
            header: vec!["Measure".into(), label.into(), "Comparator".into()],
            rows,
            chart_column: None,
            links: Vec::new(),
        });
    }
    Ok(s)
}

fn trim(v: &str) -> String {
    v.parse::<rust_decimal::Decimal>()
        .map(|d| d.normalize().to_string())
        .unwrap_or_else(|_| v.to_string())
}

async fn commissioning(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("commissioning", "Commissioning");
    let year = format!("{fy:04}-{:02}", (fy + 1) % 100);
    // Awards held one by one are counted; a past year's fund held without them gives the
    // number its published report states.
    let funds: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT f.title, f.grantor, f.amount, CAST(COALESCE(NULLIF((SELECT COUNT(*) \
         FROM com_awards a JOIN com_programmes p ON p.id = a.programme_id \
         WHERE p.fund_id = f.id), 0), f.projects_reported) AS TEXT) \
         FROM com_funds f WHERE f.year = $1 ORDER BY f.title",
    )
    .bind(&year)
    .fetch_all(&db.pool)
    .await?;
    let rows: Vec<Vec<String>> = funds
        .into_iter()
        .map(|(t, g, a, awards)| {
            let amount = a
                .parse()
                .map(money::short)
                .unwrap_or_else(|_| "Not stated".into());
            let awards = awards
                .filter(|n| n != "0")
                .unwrap_or_else(|| "Not recorded".into());
            vec![t, g, amount, awards]
        })
        .collect();
    if !rows.is_empty() {
        s.tables.push(Table {
            caption: format!("Funds secured and awarded, {label}"),
            header: vec![
                "Fund".into(),
                "From".into(),
                "Amount".into(),
                "Projects funded".into(),
            ],
            rows,
            chart_column: None,
            links: Vec::new(),
        });
    }
    let returns: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT s.name, SUM(r.referrals), SUM(r.supported) FROM com_returns r \
         JOIN com_services s ON s.id = r.service_id WHERE r.year = $1 AND r.quarter > 0 \
         GROUP BY s.name ORDER BY s.name",
    )
    .bind(&year)
    .fetch_all(&db.pool)
    .await?;
    if !returns.is_empty() {
        s.tables.push(Table {
            caption: format!("Providers' returns, {label}"),
            header: vec![
                "Service".into(),
                "Referrals".into(),
                "People supported".into(),
            ],
            rows: returns
                .into_iter()
                .map(|(name, r, p)| vec![name, n(r), n(p)])
                .collect(),
            chart_column: None,
            links: Vec::new(),
        });
    }
    Ok(s.or_no_data(format!(
        "No funds or providers' returns are recorded for {label}."
    )))
}

async fn governance(db: &Db, from: &str, to: &str, label: &str) -> Result<Section> {
    let mut s = Section::new("governance", "Governance and oversight");
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT b.name, b.purpose, \
         (SELECT COUNT(*) FROM gov_meetings m WHERE m.body_id = b.id AND m.cancelled = 0 \
          AND m.starts_at >= $1 AND m.starts_at <= $2), \
         (SELECT COUNT(*) FROM gov_decisions d JOIN gov_meetings m ON m.id = d.meeting_id \
          WHERE m.body_id = b.id AND d.decided_on >= $1 AND d.decided_on <= $3) \
         FROM gov_bodies b ORDER BY b.position",
    )
    .bind(from)
    .bind(format!("{to}T23:59:59"))
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    if rows.iter().any(|r| r.2 > 0 || r.3 > 0) {
        s.tables.push(Table {
            caption: format!("Arrangements and their activity, {label}"),
            header: vec![
                "Arrangement".into(),
                "Purpose".into(),
                "Meetings held".into(),
                "Decisions".into(),
            ],
            rows: rows
                .into_iter()
                .map(|(b, p, m, d)| vec![b, p, n(m), n(d)])
                .collect(),
            chart_column: None,
            links: Vec::new(),
        });
    }
    Ok(s.or_no_data(format!(
        "No meetings or decisions are recorded for {label}."
    )))
}

async fn volunteers(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("volunteers", "Volunteers");
    let f = crate::schemes::stats::figures(db, Period::Year(fy)).await?;
    if f.custody_visits > 0 {
        s.fact("Independent custody visits", n(f.custody_visits));
        s.fact("Detainees visited", n(f.detainees_visited));
    }
    if f.call_audits > 0 {
        s.fact("Call management audits", n(f.call_audits));
        s.fact("Calls audited", n(f.calls));
        s.fact(
            "Emergency (999) calls",
            format!("{} ({}%)", n(f.calls_999), f.pct_999()),
        );
        s.fact(
            "Non-emergency (101) calls",
            format!("{} ({}%)", n(f.calls_101), f.pct_101()),
        );
    }
    if f.dog_visits > 0 {
        s.fact("Dog welfare visits", n(f.dog_visits));
        s.fact("Different dogs seen", n(f.dogs));
        s.fact("Dog welfare observations", n(f.dog_observations));
    }
    if !s.facts.is_empty() {
        s.fact(
            &format!("Active volunteers at {}", money::long_date(end_of(fy))),
            n(f.active_volunteers),
        );
    }
    Ok(s.or_no_data(format!("No scheme reports are recorded for {label}.")))
}

fn end_of(fy: i32) -> time::Date {
    time::Date::from_calendar_date(fy + 1, time::Month::March, 31).expect("31 March exists")
}

async fn oocr(db: &Db, fy: i32, label: &str) -> Result<Section> {
    let mut s = Section::new("oocr", "Out-of-court resolution scrutiny");
    let f = crate::schemes::stats::figures(db, Period::Year(fy)).await?;
    if f.panel_cases > 0 {
        s.fact("Cases reviewed", n(f.panel_cases));
        s.fact("Adults", n(f.panel_adult));
        s.fact("Young people", n(f.panel_youth));
        s.tables.push(Table {
            caption: format!("The panel's findings, {label}"),
            header: vec!["Finding".into(), "Cases".into(), "Share".into()],
            rows: vec![
                vec![
                    "Supported".into(),
                    n(f.supported),
                    format!("{}%", f.pct_supported()),
                ],
                vec![
                    "Not supported".into(),
                    n(f.not_supported),
                    format!("{}%", f.pct_not_supported()),
                ],
                vec![
                    "Split decision".into(),
                    n(f.split),
                    format!("{}%", f.pct_split()),
                ],
            ],
            chart_column: Some(2),
            links: Vec::new(),
        });
        s.fact(
            "Findings",
            format!(
                "{}% supported, {}% ({}) not supported, {}% split",
                f.pct_supported(),
                f.pct_not_supported(),
                n(f.not_supported),
                f.pct_split()
            ),
        );
        let _ = percent;
    }
    Ok(s.or_no_data(format!("The panel recorded no reviews in {label}.")))
}

async fn complaints(db: &Db, from: &str, to: &str, label: &str) -> Result<Section> {
    let mut s = Section::new("complaints", "Complaints");
    let (received, decided): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM complaints_reviews WHERE received_on >= $1 AND received_on <= $2), \
         (SELECT COUNT(*) FROM complaints_reviews WHERE decided_on >= $1 AND decided_on <= $2)",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?;
    if received > 0 || decided > 0 {
        s.fact("Requests for review received", n(received));
        s.fact("Reviews decided", n(decided));
    }
    let cc: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM complaints_cc WHERE received_on >= $1 AND received_on <= $2",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await
    .unwrap_or(0);
    if cc > 0 {
        s.fact("Complaints about the Chief Constable", n(cc));
    }
    Ok(s.or_no_data(format!("No complaint reviews are recorded for {label}.")))
}
