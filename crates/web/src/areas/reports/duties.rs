//! The office's page for the annual report's two duties, for one financial year: each national
//! threat of the Strategic Policing Requirement with the plan items linked to it and the
//! office's statement on it, and the year's funds with those counted as serious violence
//! funding. Office only; every change is audited by the store.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::periods::Period;
use opcc_store::StoreError;
use opcc_store::reports::{spr, svd};
use std::collections::HashMap;

pub struct ThreatView {
    pub key: String,
    pub title: String,
    /// (link id, text, public page; None when the plan no longer holds it)
    pub linked: Vec<(i64, String, Option<String>)>,
    pub statement: String,
}

#[derive(Template)]
#[template(path = "reports/duties.html")]
struct DutiesPage {
    l: Layout,
    errors: FormErrors,
    fy: i32,
    label: String,
    plan: Option<spr::PlanRef>,
    /// (value, text) of each priority and commitment of the plan in force.
    targets: Vec<(String, String)>,
    threats: Vec<ThreatView>,
    funds: Vec<svd::Fund>,
    /// What was chosen in the form shown again with errors: field id -> value.
    typed: HashMap<String, String>,
}

impl DutiesPage {
    fn typed_or<'a>(&'a self, field: &str, saved: &'a str) -> &'a str {
        self.typed.get(field).map(String::as_str).unwrap_or(saved)
    }

    fn chosen(&self, field: &str, value: &str) -> bool {
        self.typed.get(field).is_some_and(|v| v == value)
    }
}

/// The year asked for, or the year of the latest annual report, or the current one.
async fn year_of(state: &AppState, q: &HashMap<String, String>) -> Result<i32, WebError> {
    if let Some(y) = q
        .get("year")
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
    {
        return Ok(y);
    }
    let latest = opcc_store::reports::list(&state.db)
        .await?
        .into_iter()
        .find(|r| r.kind == "annual")
        .and_then(|r| r.period_from.get(..4).and_then(|y| y.parse().ok()));
    Ok(latest.unwrap_or_else(|| {
        let today = super::super::governance::today();
        if u8::from(today.month()) >= 4 {
            today.year()
        } else {
            today.year() - 1
        }
    }))
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    fy: i32,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let plan = spr::plan_in_force(db, fy).await?;
    let (targets, links) = match &plan {
        Some(p) => (spr::targets(db, p.id).await?, spr::links(db, p.id).await?),
        None => (Vec::new(), Vec::new()),
    };
    let mut statements = spr::statements(db, fy).await?;
    let slug = plan.as_ref().map(|p| p.slug.clone()).unwrap_or_default();
    let threats = spr::threats(db)
        .await?
        .into_iter()
        .map(|t| ThreatView {
            linked: links
                .iter()
                .filter(|l| l.threat_id == t.id)
                .map(|l| match &l.target {
                    Some(x) => (
                        l.id,
                        format!("{} ({})", x.title, x.level.to_lowercase()),
                        Some(x.href(&slug)),
                    ),
                    None => (
                        l.id,
                        format!("{} {:?}, no longer in the plan", l.kind, l.key),
                        None,
                    ),
                })
                .collect(),
            statement: statements.remove(&t.id).unwrap_or_default(),
            key: t.key,
            title: t.title,
        })
        .collect();
    let label = Period::Year(fy).to_string();
    let title = errors.title(format!(
        "The Strategic Policing Requirement and the Serious Violence Duty, {label}"
    ));
    let status = errors.status();
    Ok((
        status,
        render(&DutiesPage {
            l: Layout::new(state, ctx, title, "reports"),
            errors,
            fy,
            label,
            targets: targets
                .iter()
                .map(|t| {
                    let indent = if t.kind == "commitment" { "— " } else { "" };
                    (t.value(), format!("{indent}{}: {}", t.level, t.title))
                })
                .collect(),
            plan,
            threats,
            funds: svd::funds_of_year(db, fy).await?,
            typed,
        })?,
    )
        .into_response())
}

/// `GET /admin/reports/duties?year=2023`
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: Office,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let fy = year_of(&state, &q).await?;
    page(&state, &ctx, fy, FormErrors::default(), HashMap::new()).await
}

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

/// After a change: back to the year's page at the threat, or the page again with the store's
/// refusal beside the field it names ("field: message") and what was typed kept.
async fn after(
    state: &AppState,
    ctx: &Ctx,
    fy: i32,
    r: Result<(), StoreError>,
    anchor: &str,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/reports/duties?year={fy}#{anchor}")).into_response())
        }
        Err(StoreError::Invalid(p)) => {
            let mut errors = FormErrors::default();
            match p.split_once(": ") {
                Some((field, message)) => errors.add(field, capital(message)),
                None => errors.add(anchor, p),
            }
            page(state, ctx, fy, errors, typed).await
        }
        Err(e) => Err(e.into()),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

async fn form_year(state: &AppState, f: &HashMap<String, String>) -> Result<i32, WebError> {
    year_of(state, f).await
}

/// `POST /admin/reports/duties/links`: links a threat to a priority or commitment.
pub async fn link(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let fy = form_year(&state, &f).await?;
    let threat = text(&f, "threat");
    let target = text(&f, "target");
    let field = format!("target-{threat}");
    let r = if target.is_empty() {
        Err(StoreError::Invalid(format!(
            "{field}: choose the priority or commitment that answers the threat"
        )))
    } else {
        spr::link(&state.db, &who.actor(), &threat, fy, &target).await
    };
    let typed = HashMap::from([(field, target)]);
    after(&state, &ctx, fy, r, &format!("threat-{threat}"), typed).await
}

/// `POST /admin/reports/duties/links/{id}/remove`
pub async fn unlink(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let fy = form_year(&state, &f).await?;
    let r = spr::unlink(&state.db, &who.actor(), id).await;
    let anchor = format!("threat-{}", text(&f, "threat"));
    after(&state, &ctx, fy, r, &anchor, HashMap::new()).await
}

/// `POST /admin/reports/duties/statements`: the office's statement on a threat for the year.
pub async fn statement(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let fy = form_year(&state, &f).await?;
    let threat = text(&f, "threat");
    let typed_text = text(&f, "statement");
    let r = spr::save_statement(&state.db, &who.actor(), &threat, fy, &typed_text).await;
    let typed = HashMap::from([(format!("statement-{threat}"), typed_text)]);
    after(&state, &ctx, fy, r, &format!("threat-{threat}"), typed).await
}

/// `POST /admin/reports/duties/funds`: counts a fund as serious violence funding, or not.
pub async fn mark_fund(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let fy = form_year(&state, &f).await?;
    let r = match text(&f, "serious_violence").as_str() {
        "yes" => svd::mark(&state.db, &who.actor(), &text(&f, "fund"), true).await,
        "no" => svd::mark(&state.db, &who.actor(), &text(&f, "fund"), false).await,
        _ => Err(StoreError::Invalid(
            "funds: say whether the fund is serious violence funding".into(),
        )),
    };
    after(&state, &ctx, fy, r, "funds", HashMap::new()).await
}
