//! The office's finance page: budgets (headline, lines, revisions, the Medium Term Financial
//! Strategy), the precept (year, tax base, each step of the Panel's timetable, the
//! timetable's dates), and spending file uploads. Each form saves through the store, which
//! records the audit entry; what the store refuses comes back on the page, named.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::finance::precept::Step;
use opcc_domain::finance::spending::values::{parse_amount, parse_date};
use opcc_domain::finance::{
    Budget, BudgetLine, FUNDING_CATEGORIES, FinancialYear, MtfsYear, Revision, Section, Stage,
    funding_category_label, pounds,
};
use opcc_store::StoreError;
use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "finance/admin.html")]
struct AdminPage {
    l: Layout,
    problems: Vec<String>,
    notice: Option<String>,
    years: Vec<String>,
    precept_years: Vec<String>,
    sections: Vec<(&'static str, &'static str)>,
    stages: Vec<(&'static str, &'static str)>,
    categories: Vec<(&'static str, String)>,
    steps: Vec<(&'static str, &'static str)>,
    authorities: Vec<(String, String)>,
    deadlines: Vec<(String, &'static str, String)>,
    veto_fraction: String,
    files: Vec<[String; 7]>,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

pub(super) async fn page(
    state: &AppState,
    ctx: &Ctx,
    problems: Vec<String>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let tt = opcc_store::finance::precept::timetable(db).await?;
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = if problems.is_empty() {
        "Finance".to_string()
    } else {
        "Error: Finance".to_string()
    };
    let page = AdminPage {
        l: Layout::new(state, ctx, title, "finance"),
        problems,
        notice,
        years: opcc_store::finance::years(db)
            .await?
            .iter()
            .map(|y| y.to_string())
            .collect(),
        precept_years: opcc_store::finance::precept::years(db)
            .await?
            .iter()
            .map(|y| y.to_string())
            .collect(),
        sections: Section::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        stages: Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        categories: FUNDING_CATEGORIES
            .iter()
            .map(|c| (*c, funding_category_label(c).to_string()))
            .collect(),
        steps: Step::ALL.iter().map(|s| (s.as_str(), s.label())).collect(),
        authorities: opcc_store::force_area::current(db)
            .await?
            .map(|a| {
                a.local_authorities
                    .into_iter()
                    .map(|l| (l.gss_code, l.name))
                    .collect()
            })
            .unwrap_or_default(),
        deadlines: tt
            .deadlines
            .iter()
            .map(|(s, (m, d))| (s.as_str().to_string(), s.label(), format!("{m:02}-{d:02}")))
            .collect(),
        veto_fraction: format!("{}/{}", tt.veto_fraction.0, tt.veto_fraction.1),
        files: opcc_store::finance::spending::files(db)
            .await?
            .into_iter()
            .map(|f| {
                [
                    f.source,
                    f.filename,
                    f.encoding,
                    f.rows.to_string(),
                    pounds(f.total),
                    f.credit_notes.to_string(),
                    f.withheld.to_string(),
                ]
            })
            .collect(),
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /admin/finance`.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(d): Query<Done>,
) -> Result<Response, WebError> {
    let notice = d.done.as_deref().map(|d| match d {
        "budget" => "The budget is saved.",
        "line" => "The line is added.",
        "revision" => "The revision is recorded.",
        "mtfs" => "The strategy year is saved.",
        "precept" => "The precept year is saved.",
        "tax-base" => "The tax base is saved.",
        "step" => "The step is recorded.",
        "settings" => "The timetable is saved.",
        _ => "Saved.",
    });
    page(&state, &ctx, Vec::new(), notice.map(str::to_string)).await
}

/// A store refusal goes back on the page; anything else is an error.
pub(super) async fn finish(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    done: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/admin/finance?done={done}")).into_response()),
        Err(StoreError::Invalid(m)) => page(state, ctx, vec![m], None).await,
        Err(StoreError::NotFound(m)) => {
            page(state, ctx, vec![format!("There is no {m}")], None).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Pounds as typed: "266516000", "£266,516,000" or "266.516m". Empty is none.
pub(super) fn parse_money(field: &str, s: &str) -> Result<Option<Decimal>, StoreError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let (t, scale) = match t.strip_suffix(['m', 'M']) {
        Some(x) => (x, Decimal::from(1_000_000)),
        None => (t, Decimal::ONE),
    };
    parse_amount(t)
        .map(|d| Some(d * scale))
        .ok_or_else(|| StoreError::Invalid(format!("{field}: {s:?} is not an amount in pounds")))
}

pub(super) fn parse_year(field: &str, s: &str) -> Result<FinancialYear, StoreError> {
    FinancialYear::parse(s).map_err(|e| StoreError::Invalid(format!("{field}: {e}")))
}

pub(super) fn parse_day(field: &str, s: &str) -> Result<time::Date, StoreError> {
    parse_date(s).ok_or_else(|| {
        StoreError::Invalid(format!("{field}: {s:?} is not a date, like 27/01/2024"))
    })
}

#[derive(Deserialize)]
pub struct HeaderForm {
    year: String,
    total: String,
    income_change: String,
    office_budget: String,
    office_note: String,
    source: String,
    note: String,
}

/// `POST /admin/finance/budgets`.
pub async fn save_header(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    axum::Form(f): axum::Form<HeaderForm>,
) -> Result<Response, WebError> {
    let r = async {
        let b = Budget {
            year: parse_year("Year", &f.year)?,
            total_budget: parse_money("Total budget", &f.total)?,
            income_change: parse_money("Income change", &f.income_change)?,
            office_budget: parse_money("Office budget", &f.office_budget)?,
            office_budget_note: f.office_note.trim().to_string(),
            source: f.source.trim().to_string(),
            note: f.note.trim().to_string(),
            lines: Vec::new(),
            mtfs: Vec::new(),
            revisions: Vec::new(),
        };
        opcc_store::finance::save_header(&state.db, &who.actor(), &b).await?;
        opcc_store::finance::measure::derive_cost_per_head(&state.db, &who.actor())
            .await
            .map(|_| ())
    }
    .await;
    finish(&state, &ctx, r, "budget").await
}

#[derive(Deserialize)]
pub struct LineForm {
    year: String,
    section: String,
    stage: String,
    label: String,
    category: String,
    amount: String,
    share: String,
    note: String,
}

/// `POST /admin/finance/budgets/lines`.
pub async fn add_line(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    axum::Form(f): axum::Form<LineForm>,
) -> Result<Response, WebError> {
    let r = async {
        let section = Section::parse(&f.section)
            .ok_or_else(|| StoreError::Invalid("Choose the part of the budget".into()))?;
        let share = match f.share.trim().trim_end_matches('%') {
            "" => None,
            s => Some(s.parse::<Decimal>().map_err(|_| {
                StoreError::Invalid(format!("Share: {:?} is not a percentage", f.share))
            })?),
        };
        let line = BudgetLine {
            section,
            stage: Stage::parse(&f.stage)
                .ok_or_else(|| StoreError::Invalid("Choose the stage".into()))?,
            label: f.label.trim().to_string(),
            category: if section == Section::Funding {
                f.category.clone()
            } else {
                String::new()
            },
            amount: parse_money("Amount", &f.amount)?,
            share,
            change_note: f.note.trim().to_string(),
        };
        opcc_store::finance::add_line(&state.db, &who.actor(), parse_year("Year", &f.year)?, &line)
            .await
    }
    .await;
    finish(&state, &ctx, r, "line").await
}

#[derive(Deserialize)]
pub struct RevisionForm {
    year: String,
    date: String,
    total: String,
    reason: String,
}

/// `POST /admin/finance/budgets/revisions`.
pub async fn add_revision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    axum::Form(f): axum::Form<RevisionForm>,
) -> Result<Response, WebError> {
    let r = async {
        let v = Revision {
            revised_on: parse_day("Date", &f.date)?,
            total_budget: parse_money("Revised total", &f.total)?
                .ok_or_else(|| StoreError::Invalid("Enter the revised total".into()))?,
            reason: f.reason.trim().to_string(),
        };
        opcc_store::finance::add_revision(
            &state.db,
            &who.actor(),
            parse_year("Year", &f.year)?,
            &v,
        )
        .await?;
        opcc_store::finance::measure::derive_cost_per_head(&state.db, &who.actor())
            .await
            .map(|_| ())
    }
    .await;
    finish(&state, &ctx, r, "revision").await
}

#[derive(Deserialize)]
pub struct MtfsForm {
    year: String,
    plan_year: String,
    budget: String,
    savings: String,
    note: String,
}

/// `POST /admin/finance/budgets/mtfs`.
pub async fn set_mtfs(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    axum::Form(f): axum::Form<MtfsForm>,
) -> Result<Response, WebError> {
    let r = async {
        let m = MtfsYear {
            year: parse_year("Strategy year", &f.plan_year)?,
            budget: parse_money("Budget", &f.budget)?,
            savings_required: parse_money("Savings required", &f.savings)?,
            note: f.note.trim().to_string(),
        };
        opcc_store::finance::set_mtfs(&state.db, &who.actor(), parse_year("Year", &f.year)?, &m)
            .await
    }
    .await;
    finish(&state, &ctx, r, "mtfs").await
}
