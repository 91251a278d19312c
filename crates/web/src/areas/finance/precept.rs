//! The public precept pages: Band D by year, a bill calculator for every band, what each
//! billing authority collects, and each year's timeline through the Panel's timetable.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use opcc_domain::finance::precept::{Band, Decision, Step, next_steps};
use opcc_domain::finance::{FinancialYear, long_date, pounds};
use opcc_store::finance::precept::{PreceptYear, load, timetable, years};
use rust_decimal::Decimal;
use serde::Deserialize;

pub struct YearRow {
    pub year: String,
    pub href: String,
    pub band_d: String,
    pub change: String,
    pub consultation: String,
}

pub struct TaxRow {
    pub name: String,
    pub equivalents: String,
    pub collects: String,
}

#[derive(Deserialize, Default)]
pub struct CalcQuery {
    year: Option<String>,
    band_d: Option<String>,
    band: Option<String>,
}

pub struct Calc {
    pub basis: String,
    pub band: Option<(String, String)>,
    pub bands: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "finance/precept.html")]
struct PreceptPage {
    l: Layout,
    years: Vec<YearRow>,
    year_choices: Vec<(String, bool)>,
    band_choices: Vec<(String, bool)>,
    band_d_input: String,
    calc: Option<Calc>,
    error: Option<String>,
}

fn money_or(d: Option<Decimal>, none: &str) -> String {
    d.map(pounds).unwrap_or_else(|| none.to_string())
}

fn change_text(c: Option<Decimal>) -> String {
    match c {
        Some(c) if c > Decimal::ZERO => format!("Up {} a year", pounds(c)),
        Some(c) if c < Decimal::ZERO => format!("Down {} a year", pounds(-c)),
        Some(_) => "No change".into(),
        None => "Not given".into(),
    }
}

pub fn calculate(band_d: Decimal, chosen: Option<Band>, basis: String) -> Calc {
    Calc {
        basis,
        band: chosen.map(|b| (b.letter().to_string(), pounds(b.bill(band_d)))),
        bands: Band::ALL
            .iter()
            .map(|b| {
                (
                    b.letter().to_string(),
                    format!("{}/9", b.ninths()),
                    pounds(b.bill(band_d)),
                )
            })
            .collect(),
    }
}

/// `GET /finance/precept`: Band D by year and the bill calculator.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CalcQuery>,
) -> Result<Html<String>, WebError> {
    let db = &state.db;
    let mut loaded: Vec<PreceptYear> = Vec::new();
    for y in years(db).await? {
        loaded.extend(load(db, y).await?);
    }
    let with_band_d: Vec<&PreceptYear> = loaded.iter().filter(|p| p.band_d.is_some()).collect();
    let band = q.band.as_deref().and_then(Band::parse);
    let band_d_input = q.band_d.clone().unwrap_or_default();
    let (mut calc, mut error) = (None, None);
    if !band_d_input.trim().is_empty() {
        match opcc_domain::finance::spending::values::parse_amount(&band_d_input) {
            Some(d) if d > Decimal::ZERO && d < Decimal::from(100_000) => {
                calc = Some(calculate(
                    d,
                    band,
                    format!("a Band D amount of {}", pounds(d)),
                ))
            }
            _ => error = Some("Enter the Band D amount in pounds, like 263.49".to_string()),
        }
    } else if let Some(p) = q
        .year
        .as_deref()
        .and_then(|y| FinancialYear::parse(y).ok())
        .and_then(|y| with_band_d.iter().find(|p| p.year == y))
        .or(with_band_d.first())
    {
        let d = p.band_d.expect("filtered to years with Band D");
        calc = Some(calculate(
            d,
            band,
            format!("{}, Band D {}", p.year, pounds(d)),
        ));
    }
    let chosen_year = q.year.clone().unwrap_or_default();
    let page = PreceptPage {
        l: Layout::new(&state, &ctx, "Council tax precept", "finance"),
        years: loaded
            .iter()
            .map(|p| YearRow {
                year: p.year.to_string(),
                href: format!("/finance/precept/{}", p.year),
                band_d: money_or(p.band_d, "Not given"),
                change: change_text(p.band_d_change),
                consultation: p.consultation_url.clone(),
            })
            .collect(),
        year_choices: with_band_d
            .iter()
            .map(|p| (p.year.to_string(), p.year.to_string() == chosen_year))
            .collect(),
        band_choices: Band::ALL
            .iter()
            .map(|b| (b.letter().to_string(), Some(*b) == band))
            .collect(),
        band_d_input,
        calc,
        error,
    };
    render(&page)
}

pub struct StepView {
    pub label: String,
    pub due: String,
    pub state: String,
    pub done: Option<Done>,
}

pub struct Done {
    pub on: String,
    pub late: bool,
    pub band_d: String,
    pub document_title: String,
    pub document_url: String,
    pub decision: String,
    pub votes: String,
    pub response: String,
}

#[derive(Template)]
#[template(path = "finance/precept_year.html")]
struct YearPage {
    l: Layout,
    band_d: String,
    change: String,
    source: String,
    consultation: String,
    steps: Vec<StepView>,
    tax: Vec<TaxRow>,
    total: String,
}

/// `GET /finance/precept/{year}`: the year's timeline and what each authority collects.
pub async fn year(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(year): Path<String>,
) -> Result<Html<String>, WebError> {
    let y = FinancialYear::parse(&year).map_err(|_| WebError::NotFound)?;
    let p = load(&state.db, y).await?.ok_or(WebError::NotFound)?;
    let tt = timetable(&state.db).await?;
    let open = next_steps(&p.steps);
    let reported = p.steps.iter().any(|r| r.step == Step::PanelReport);
    let steps = Step::ALL
        .iter()
        .map(|s| {
            let due = tt.deadline(*s, y.0);
            let done = p.steps.iter().find(|r| r.step == *s);
            StepView {
                label: s.label().to_string(),
                due: long_date(due),
                state: match done {
                    Some(_) => "Done".into(),
                    None if p.steps.is_empty() => "Not recorded".into(),
                    None if !open.contains(s) => {
                        "Not needed: the Panel did not veto the proposal".into()
                    }
                    None if matches!(s, Step::Revised | Step::FinalReport) && !reported => {
                        "Only after a veto".into()
                    }
                    None => "Not yet".into(),
                },
                done: done.map(|r| Done {
                    on: long_date(r.on_date),
                    late: r.on_date > due,
                    band_d: r.band_d.map(pounds).unwrap_or_default(),
                    document_title: r.document_title.clone(),
                    document_url: r.document_url.clone(),
                    decision: r
                        .decision
                        .map(Decision::label)
                        .unwrap_or_default()
                        .to_string(),
                    votes: match (r.decision, r.votes_for_veto, p.panel_members) {
                        (Some(_), Some(v), Some(m)) => format!(
                            "{v} of the Panel's {m} members voted to veto ({} needed)",
                            tt.veto_votes_needed(m)
                        ),
                        _ => String::new(),
                    },
                    response: r.response.clone(),
                }),
            }
        })
        .collect();
    let area = opcc_store::force_area::current(&state.db).await?;
    let tax = area
        .map(|a| a.local_authorities)
        .unwrap_or_default()
        .into_iter()
        .map(|la| {
            let t = p.tax_base.iter().find(|t| t.gss_code == la.gss_code);
            TaxRow {
                name: la.name,
                equivalents: t
                    .map(|t| {
                        crate::charts::number(
                            rust_decimal::prelude::ToPrimitive::to_f64(&t.band_d_equivalents)
                                .unwrap_or(0.0),
                        )
                    })
                    .unwrap_or_else(|| "Not entered".into()),
                collects: t
                    .and_then(|t| t.collects)
                    .map(pounds)
                    .unwrap_or_else(|| "Not known".into()),
            }
        })
        .collect();
    let page = YearPage {
        l: Layout::new(&state, &ctx, format!("Council tax precept {y}"), "finance"),
        band_d: money_or(p.band_d, "Not given"),
        change: change_text(p.band_d_change),
        source: p.source.clone(),
        consultation: p.consultation_url.clone(),
        steps,
        total: p
            .total_collected()
            .map(pounds)
            .unwrap_or_else(|| "Not known".into()),
        tax,
    };
    render(&page)
}
