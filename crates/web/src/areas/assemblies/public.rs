//! The public's pages: assemblies, one assembly with its sessions, speakers and outputs, the
//! registration form (contact details seen by the office only), and the selection report:
//! the quotas against the panel's make-up, the anonymised probabilities (by pool number), the
//! seed and how to redo the draw.

use super::{long_day, percent};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::rate_limit::{PublicForm, RateLimited};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use opcc_domain::assemblies::{
    FEATURE_FIELDS, MEMBER_CONTACT_DAYS, NOT_DRAWN_CONTACT_DAYS, NOT_SELECTED_CONTACT_DAYS,
    NewRegistration,
};
use opcc_store::assemblies::{self as asm, Assembly, Session, Speaker, selection};
use std::collections::HashMap;

fn today() -> String {
    crate::areas::governance::today().to_string()
}

#[derive(Template)]
#[template(path = "assemblies/index.html")]
struct IndexPage {
    l: Layout,
    assemblies: Vec<(Assembly, String, String, String)>,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let assemblies = asm::list(&state.db)
        .await?
        .into_iter()
        .map(|a| {
            let (area, opens, closes) = (
                a.area_name(),
                long_day(&a.recruitment_opens),
                long_day(&a.recruitment_closes),
            );
            (a, area, opens, closes)
        })
        .collect();
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Citizens' assemblies", "assemblies"),
        assemblies,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "assemblies/show.html")]
struct ShowPage {
    l: Layout,
    a: Assembly,
    area: String,
    opens: String,
    closes: String,
    recruiting: bool,
    sessions: Vec<(Session, String)>,
    speakers: Vec<Speaker>,
    selection_published: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let sessions = asm::sessions(&state.db, a.id)
        .await?
        .into_iter()
        .map(|s| (s.clone(), long_day(&s.held_on)))
        .collect();
    let speakers = asm::speakers(&state.db, a.id).await?;
    let selection_published = selection::latest(&state.db, a.id, false).await?.is_some();
    let page = ShowPage {
        l: Layout::new(&state, &ctx, a.title.clone(), "assemblies"),
        area: a.area_name(),
        opens: long_day(&a.recruitment_opens),
        closes: long_day(&a.recruitment_closes),
        recruiting: a.recruiting_on(&today()),
        sessions,
        speakers,
        selection_published,
        a,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "assemblies/register.html")]
struct RegisterPage {
    l: Layout,
    a: Assembly,
    /// (field name, category, its features, the answer given)
    questions: Vec<(&'static str, String, Vec<String>, String)>,
    name: String,
    email: String,
    phone: String,
    errors: FormErrors,
    not_selected_days: i64,
    member_days: i64,
    not_drawn_days: i64,
}

async fn open_assembly(
    state: &AppState,
    slug: &str,
) -> Result<(Assembly, Vec<(String, Vec<String>)>), WebError> {
    let a = asm::by_slug(&state.db, slug).await?;
    if !a.recruiting_on(&today()) {
        return Err(WebError::NotFound);
    }
    let categories = asm::categories(&asm::quotas(&state.db, a.id).await?);
    Ok((a, categories))
}

fn register_page(
    state: &AppState,
    ctx: &Ctx,
    a: Assembly,
    categories: Vec<(String, Vec<String>)>,
    form: &HashMap<String, String>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    let questions = categories
        .into_iter()
        .zip(FEATURE_FIELDS)
        .map(|((c, fs), name)| (name, c, fs, field(name)))
        .collect();
    let status = errors.status();
    let title = errors.title(format!("Volunteer for the {}", a.title));
    let page = RegisterPage {
        l: Layout::new(state, ctx, title, "assemblies"),
        a,
        questions,
        name: field("name"),
        email: field("email"),
        phone: field("phone"),
        errors,
        not_selected_days: NOT_SELECTED_CONTACT_DAYS,
        member_days: MEMBER_CONTACT_DAYS,
        not_drawn_days: NOT_DRAWN_CONTACT_DAYS,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn register_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (a, categories) = open_assembly(&state, &slug).await?;
    register_page(
        &state,
        &ctx,
        a,
        categories,
        &HashMap::new(),
        FormErrors::default(),
    )
}

#[derive(Template)]
#[template(path = "assemblies/registered.html")]
struct RegisteredPage {
    l: Layout,
    a: Assembly,
    /// The withdrawal code, shown this once.
    code: String,
}

pub async fn register(
    _: RateLimited<PublicForm>,
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (a, categories) = open_assembly(&state, &slug).await?;
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let answers: Vec<String> = FEATURE_FIELDS
        .iter()
        .map(|f| field(f).to_string())
        .collect();
    let parsed = NewRegistration::parse(
        field("name"),
        field("email"),
        field("phone"),
        field("consent") == "yes",
        &categories,
        &answers,
    );
    let r = match parsed {
        Ok(r) => r,
        Err(errs) => {
            let mut errors = FormErrors::default();
            for (f, m) in errs {
                errors.add(f, m);
            }
            return register_page(&state, &ctx, a, categories, &form, errors);
        }
    };
    let done = asm::registrations::register(&state.db, &slug, &today(), &r).await?;
    let page = RegisteredPage {
        l: Layout::new(&state, &ctx, "Thank you for volunteering", "assemblies"),
        a,
        code: done.withdraw_code,
    };
    Ok((StatusCode::CREATED, render(&page)?).into_response())
}

/// A quota with the pool's and the panel's counts.
pub(super) struct QuotaLine {
    pub category: String,
    pub feature: String,
    pub min: i64,
    pub max: i64,
    pub pool: usize,
    pub panel: usize,
}

/// The report's figures, shared by the public page and the office's.
pub(super) struct Report {
    pub selection: selection::Selection,
    pub quotas: Vec<QuotaLine>,
    pub outcomes: Vec<selection::Outcome>,
    /// (probability, how many volunteers have it, how many of them are on the panel)
    pub by_probability: Vec<(String, usize, usize)>,
    pub selected_on: String,
    pub panels: usize,
}

pub(super) fn on_panel(outcome: &str) -> bool {
    outcome == "selected" || outcome == "replacement"
}

pub(super) async fn report(
    state: &AppState,
    a: &Assembly,
    office: bool,
) -> Result<Option<Report>, WebError> {
    let Some(sel) = selection::latest(&state.db, a.id, office).await? else {
        return Ok(None);
    };
    let outcomes = selection::outcomes(&state.db, sel.id).await?;
    let features: Vec<HashMap<String, String>> = outcomes
        .iter()
        .map(|o| serde_json::from_str(&o.features).unwrap_or_default())
        .collect();
    let quotas = asm::quotas(&state.db, a.id)
        .await?
        .into_iter()
        .map(|q| {
            let has = |i: usize| features[i].get(&q.category) == Some(&q.feature);
            QuotaLine {
                pool: (0..outcomes.len()).filter(|&i| has(i)).count(),
                panel: (0..outcomes.len())
                    .filter(|&i| has(i) && on_panel(&outcomes[i].outcome))
                    .count(),
                category: q.category,
                feature: q.feature,
                min: q.min_people,
                max: q.max_people,
            }
        })
        .collect();
    // Smallest chance first, grouped as people read them.
    let mut sorted: Vec<&selection::Outcome> = outcomes.iter().collect();
    sorted.sort_by(|a, b| {
        let p = |o: &selection::Outcome| o.probability.parse::<f64>().unwrap_or(0.0);
        p(a).total_cmp(&p(b))
    });
    let mut by_probability: Vec<(String, usize, usize)> = Vec::new();
    for o in sorted {
        let p = percent(&o.probability);
        let selected = usize::from(on_panel(&o.outcome));
        match by_probability.last_mut() {
            Some((q, n, s)) if *q == p => {
                *n += 1;
                *s += selected;
            }
            _ => by_probability.push((p, 1, selected)),
        }
    }
    let panels = serde_json::from_str::<selection::StoredDistribution>(&sel.distribution)
        .map_or(0, |d| d.panels.len());
    Ok(Some(Report {
        selected_on: long_day(&sel.selected_at),
        panels,
        quotas,
        outcomes,
        by_probability,
        selection: sel,
    }))
}

#[derive(Template)]
#[template(path = "assemblies/selection.html")]
struct SelectionPage {
    l: Layout,
    a: Assembly,
    r: Report,
    minimum: String,
    legacy: String,
}

pub async fn selection(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let r = report(&state, &a, false).await?.ok_or(WebError::NotFound)?;
    let page = SelectionPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("How the {} was selected", a.title),
            "assemblies",
        ),
        minimum: percent(&r.selection.minimum),
        legacy: percent(&r.selection.legacy_minimum),
        a,
        r,
    };
    Ok(render(&page)?.into_response())
}

/// Every volunteer by pool number: probability and outcome, no names or features.
pub async fn selection_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let r = report(&state, &a, false).await?.ok_or(WebError::NotFound)?;
    Ok(crate::download::csv_response(
        &format!("{slug}-selection.csv"),
        &["pool_number", "probability", "outcome"],
        r.outcomes.iter().map(|o| {
            [
                o.pool_number.to_string(),
                o.probability.clone(),
                o.outcome.clone(),
            ]
        }),
    ))
}
