//! The public statistics of the schemes for a financial year and its quarters, counted from the
//! records: on a page with charts and their tables, and as CSV. No volunteer, detainee or case
//! is named here: only counts.

use crate::AppState;
use crate::charts::{Bar, LabelledBar, bar_chart, labelled_bar_chart, number};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::schemes::stats::Figures;
use serde::Deserialize;

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The financial year by the calendar year it starts in: 2023 for 2023/24. The latest year
    /// with records when left out.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// The year asked for, or the latest with records, or the current one.
pub(crate) async fn chosen_year(
    state: &AppState,
    q: &YearQuery,
) -> Result<(i32, Vec<i32>), WebError> {
    let years = opcc_store::schemes::stats::years(&state.db).await?;
    let year = match q.year {
        Some(y) if (2000..=2100).contains(&y) => y,
        Some(_) => return Err(WebError::NotFound),
        None => years.first().copied().unwrap_or_else(|| {
            let today = super::super::governance::today();
            if u8::from(today.month()) >= 4 {
                today.year()
            } else {
                today.year() - 1
            }
        }),
    };
    Ok((year, years))
}

fn n(v: i64) -> String {
    number(v as f64)
}

pub struct Row {
    pub period: String,
    pub custody_visits: String,
    pub detainees: String,
    pub call_audits: String,
    pub calls: String,
    pub calls_999: String,
    pub dog_visits: String,
    pub dogs: String,
    pub dog_observations: String,
    pub panel_cases: String,
    pub supported: String,
    pub not_supported: String,
    pub split: String,
}

fn row(f: &Figures) -> Row {
    Row {
        period: f.period.clone(),
        custody_visits: n(f.custody_visits),
        detainees: n(f.detainees_visited),
        call_audits: n(f.call_audits),
        calls: n(f.calls),
        calls_999: format!("{} ({}%)", n(f.calls_999), f.pct_999()),
        dog_visits: n(f.dog_visits),
        dogs: n(f.dogs),
        dog_observations: n(f.dog_observations),
        panel_cases: n(f.panel_cases),
        supported: format!("{} ({}%)", n(f.supported), f.pct_supported()),
        not_supported: format!("{} ({}%)", n(f.not_supported), f.pct_not_supported()),
        split: format!("{} ({}%)", n(f.split), f.pct_split()),
    }
}

#[derive(Template)]
#[template(path = "schemes/statistics.html")]
struct Page {
    l: Layout,
    year_label: String,
    year: i32,
    years: Vec<(i32, String)>,
    /// Sentences, each a figure of the year.
    facts: Vec<(String, String)>,
    rows: Vec<Row>,
    visits_svg: String,
    outcomes_svg: String,
    outcomes: Vec<(String, String, String)>,
}

fn fy_label(y: i32) -> String {
    opcc_domain::periods::Period::Year(y).to_string()
}

pub async fn statistics(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let (year, years) = chosen_year(&state, &q).await?;
    let (f, quarters) = opcc_store::schemes::stats::year(&state.db, year).await?;
    let suites: Vec<String> = opcc_store::schemes::places(&state.db, Some(1))
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let suites = match suites.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "the custody suites".into(),
    };
    let end = time::Date::from_calendar_date(year + 1, time::Month::March, 31)
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let facts = vec![
        (
            "Independent custody visitors".to_string(),
            format!(
                "{} visits across {suites}; {} detainees visited",
                n(f.custody_visits),
                n(f.detainees_visited)
            ),
        ),
        (
            "Call management auditors".into(),
            format!(
                "{} audits of {} calls: {}% emergency (999) and {}% non-emergency (101)",
                n(f.call_audits),
                n(f.calls),
                f.pct_999(),
                f.pct_101()
            ),
        ),
        (
            "Police dog welfare visitors".into(),
            format!(
                "{} visits; {} different dogs; {} observations",
                n(f.dog_visits),
                n(f.dogs),
                n(f.dog_observations)
            ),
        ),
        (
            "Out of court resolution scrutiny panel".into(),
            format!(
                "{} cases reviewed ({} adult, {} youth): {}% supported, {}% ({}) not supported, {}% split",
                n(f.panel_cases),
                n(f.panel_adult),
                n(f.panel_youth),
                f.pct_supported(),
                f.pct_not_supported(),
                n(f.not_supported),
                f.pct_split()
            ),
        ),
        (
            "Active volunteers".into(),
            format!(
                "{} at {}",
                n(f.active_volunteers),
                opcc_domain::finance::long_date(end)
            ),
        ),
    ];
    let label = fy_label(year);
    let visits_svg = bar_chart(
        "custody-visits",
        &format!("Custody visits by quarter, {label}"),
        &quarters
            .iter()
            .map(|q| format!("{}: {}", q.period, q.custody_visits))
            .collect::<Vec<_>>()
            .join("; "),
        &quarters
            .iter()
            .map(|q| Bar {
                label: q.period.clone(),
                value: Some(q.custody_visits as f64),
                strong: false,
            })
            .collect::<Vec<_>>(),
        "none",
    );
    let outcomes: Vec<(String, String, String)> = [
        ("Supported", f.supported, f.pct_supported()),
        ("Not supported", f.not_supported, f.pct_not_supported()),
        ("Split decision", f.split, f.pct_split()),
    ]
    .iter()
    .map(|(l, c, p)| (l.to_string(), n(*c), format!("{p}%")))
    .collect();
    let outcomes_svg = labelled_bar_chart(
        "panel-outcomes",
        &format!("The panel's outcomes, {label}"),
        &outcomes
            .iter()
            .map(|(l, c, p)| format!("{l}: {p} ({c} cases)"))
            .collect::<Vec<_>>()
            .join("; "),
        &[
            (f.supported, f.pct_supported()),
            (f.not_supported, f.pct_not_supported()),
            (f.split, f.pct_split()),
        ]
        .iter()
        .zip(&outcomes)
        .map(|((c, _), (l, _, p))| LabelledBar {
            label: l.clone(),
            value: *c as f64,
            text: p.clone(),
        })
        .collect::<Vec<_>>(),
    );
    let mut rows: Vec<Row> = quarters.iter().map(row).collect();
    rows.push(row(&f));
    Ok(render(&Page {
        l: Layout::new(
            &state,
            &ctx,
            format!("Volunteer scrutiny schemes, {label}"),
            "schemes",
        ),
        year_label: label,
        year,
        years: years.iter().map(|y| (*y, fy_label(*y))).collect(),
        facts,
        rows,
        visits_svg,
        outcomes_svg,
        outcomes,
    })?
    .into_response())
}

/// The CSV's columns, one row for the year and one for each quarter.
pub const CSV_HEADERS: [&str; 27] = [
    "period",
    "custody_visits",
    "detainees_visited",
    "detainees_declined",
    "call_audits",
    "calls",
    "calls_999",
    "calls_999_percent",
    "calls_101",
    "calls_101_percent",
    "dog_visits",
    "dogs",
    "dog_observations",
    "panel_cases",
    "panel_adult",
    "panel_youth",
    "supported",
    "supported_percent",
    "not_supported",
    "not_supported_percent",
    "split",
    "split_percent",
    "appropriate",
    "appropriate_with_observations",
    "inappropriate",
    "no_conclusion",
    "active_volunteers",
];

fn csv_row(f: &Figures) -> Vec<String> {
    let mut out = vec![f.period.clone()];
    out.extend(
        [
            f.custody_visits,
            f.detainees_visited,
            f.detainees_declined,
            f.call_audits,
            f.calls,
            f.calls_999,
            f.pct_999(),
            f.calls_101,
            f.pct_101(),
            f.dog_visits,
            f.dogs,
            f.dog_observations,
            f.panel_cases,
            f.panel_adult,
            f.panel_youth,
            f.supported,
            f.pct_supported(),
            f.not_supported,
            f.pct_not_supported(),
            f.split,
            f.pct_split(),
            f.appropriate,
            f.appropriate_with_observations,
            f.inappropriate,
            f.no_conclusion,
            f.active_volunteers,
        ]
        .iter()
        .map(i64::to_string),
    );
    out
}

pub async fn csv(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let (year, _) = chosen_year(&state, &q).await?;
    let (f, quarters) = opcc_store::schemes::stats::year(&state.db, year).await?;
    let rows: Vec<Vec<String>> = std::iter::once(&f).chain(&quarters).map(csv_row).collect();
    Ok(crate::download::csv_response(
        &format!("volunteer-schemes-{year}.csv"),
        &CSV_HEADERS,
        rows,
    ))
}
