//! The office's engagement forms: surveys (create, add questions, publish), paper responses,
//! quotes (published with consent after redaction, both in the audit log), "you said, we
//! did", and engagement events. Each saves through the store with its audit entry; what the
//! store refuses is shown on a page of its own with a way back. Opening the index applies
//! the retention rule to respondents' personal data.

use super::results::{QuestionResult, views};
use super::surveys::SurveyPage;
use super::{long_day, long_when, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::engagement::{EVENT_KINDS, KINDS, event_kind_label, new_question};
use opcc_store::StoreError;
use opcc_store::engagement::responses::{Channel, Outcome, TextAnswer};
use opcc_store::engagement::{self as eng, NewSurvey, Stage, Survey, Viewer};
use opcc_store::plans::PlanComment;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

/// After a form: back where it came from, or the store's refusal on a page of its own.
pub(super) async fn finish<T>(
    state: &AppState,
    ctx: &Ctx,
    r: Result<T, StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(_) => Ok(Redirect::to(back).into_response()),
        Err(StoreError::Invalid(problem)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ProblemPage {
                l: Layout::new(state, ctx, "Error: the change was not saved", "admin"),
                problem,
                back: back.to_string(),
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "engagement/admin.html")]
struct IndexPage {
    l: Layout,
    surveys: Vec<(Survey, &'static str, i64)>,
    plans: Vec<(String, String)>,
    events: Vec<(i64, String, String, String)>,
    event_kinds: Vec<(&'static str, &'static str)>,
    lads: Vec<(String, String)>,
    v: super::event_form::EventValues,
    /// The survey form as typed, and its errors (field ids: s-title, s-summary, opens_on,
    /// closes_on).
    sv: SurveyValues,
    errors: FormErrors,
}

/// What the survey form's boxes hold, given back with its errors.
#[derive(Default)]
pub struct SurveyValues {
    title: String,
    summary: String,
    opens: DateValue,
    closes: DateValue,
    named: bool,
    equality: bool,
    plan: String,
}

fn stage_label(s: Stage) -> &'static str {
    match s {
        Stage::Draft => "Draft",
        Stage::Upcoming => "Opening soon",
        Stage::Open => "Open",
        Stage::Closed => "Closed",
    }
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    eng::responses::erase_expired(&state.db, &who.actor(), today()).await?;
    index_page(
        &state,
        &ctx,
        Default::default(),
        SurveyValues::default(),
        FormErrors::default(),
    )
    .await
}

/// The office's engagement page, with the survey and event forms as typed and their errors.
pub(super) async fn index_page(
    state: &AppState,
    ctx: &Ctx,
    v: super::event_form::EventValues,
    sv: SurveyValues,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let db = &state.db;
    let mut surveys = Vec::new();
    for s in eng::surveys(db, Viewer::Office).await? {
        let n = eng::responses::count(db, s.id).await?;
        surveys.push((s.clone(), stage_label(s.stage(today())), n));
    }
    let lads = match opcc_store::force_area::current(db).await? {
        Some(a) => a
            .local_authorities
            .into_iter()
            .map(|l| (l.gss_code, l.name))
            .collect(),
        None => vec![],
    };
    let status = errors.status();
    let title = errors.title("Engagement");
    Ok((
        status,
        render(&IndexPage {
            l: Layout::new(state, ctx, title, "admin"),
            surveys,
            plans: opcc_store::plans::list(db)
                .await?
                .into_iter()
                .map(|p| (p.slug, p.title))
                .collect(),
            events: eng::events::all(db)
                .await?
                .into_iter()
                .map(|e| {
                    (
                        e.id,
                        e.title,
                        long_when(&e.starts_at),
                        if e.cancelled_at.is_some() {
                            format!("{} (cancelled)", event_kind_label(&e.kind))
                        } else {
                            event_kind_label(&e.kind).to_string()
                        },
                    )
                })
                .collect(),
            event_kinds: EVENT_KINDS.to_vec(),
            lads,
            v,
            sv,
            errors,
        })?,
    )
        .into_response())
}

/// `POST /admin/engagement/surveys`: the survey's title, summary, opening and closing days
/// (GOV.UK date boxes `opens_on-day` ...; a single ISO `opens_on` is read when they are
/// empty, for scripts), named or anonymous, equality questions, and the plan it consults on.
/// Errors come back on the form, in the summary and beside their fields, with what was typed.
pub async fn create_survey(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let sv = SurveyValues {
        title: text("title"),
        summary: text("summary"),
        opens: DateValue::from_form(&f, "opens_on"),
        closes: DateValue::from_form(&f, "closes_on"),
        named: f.contains_key("named"),
        equality: f.contains_key("equality"),
        plan: text("plan"),
    };
    let mut errors = FormErrors::default();
    if sv.title.is_empty() {
        errors.add("s-title", "Enter the survey's title");
    }
    if sv.summary.is_empty() {
        errors.add("s-summary", "Enter what the survey asks about");
    }
    let opens = errors.date("opens_on", "The opening date", &sv.opens, true);
    let closes = errors.date("closes_on", "The closing date", &sv.closes, true);
    if let (Some(o), Some(c)) = (opens, closes)
        && c.0 < o.0
    {
        errors.add(
            "closes_on",
            "The closing date must be on or after the opening date",
        );
    }
    let (Some(opens), Some(closes), true) = (opens, closes, errors.is_empty()) else {
        return index_page(&state, &ctx, Default::default(), sv, errors).await;
    };
    let s = NewSurvey {
        title: sv.title.clone(),
        summary: sv.summary.clone(),
        opens_on: opens.0,
        closes_on: closes.0,
        named: sv.named,
        equality: sv.equality,
        plan_slug: Some(sv.plan.clone()).filter(|p| !p.is_empty()),
    };
    match eng::create_survey(&state.db, &who.actor(), &s).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/admin/engagement/surveys/{}",
            eng::slugify(&s.title)
        ))
        .into_response()),
        // The store's refusals are about the title (taken, or no letters) or the dates.
        Err(StoreError::Invalid(m)) => {
            let field = if m.contains("closing date") {
                "closes_on"
            } else {
                "s-title"
            };
            errors.add(field, m);
            index_page(&state, &ctx, Default::default(), sv, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "engagement/admin_survey.html")]
struct SurveyAdminPage {
    l: Layout,
    s: Survey,
    stage: &'static str,
    draft: bool,
    opens: String,
    closes: String,
    /// Each question's id, prompt, kind and options.
    questions: Vec<(i64, String, &'static str, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    responses: i64,
    results: Vec<QuestionResult>,
    texts: Vec<TextAnswer>,
    /// Each question's answers with their counts, small ones suppressed.
    equality: Vec<(String, Vec<(String, String)>)>,
    earlier: Vec<(PlanComment, String)>,
    outcomes: Vec<Outcome>,
}

pub async fn survey(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let s = eng::survey(db, &slug, Viewer::Office).await?;
    let qs = eng::questions(db, s.id).await?;
    let earlier = match &s.plan_slug {
        Some(p) => opcc_store::plans::comments(db, p)
            .await?
            .into_iter()
            .map(|c| {
                let d = long_day(&c.created_at);
                (c, d)
            })
            .collect(),
        None => vec![],
    };
    let stage = s.stage(today());
    Ok(render(&SurveyAdminPage {
        l: Layout::new(&state, &ctx, s.title.clone(), "admin"),
        stage: stage_label(stage),
        draft: stage == Stage::Draft,
        opens: long_day(&s.opens_on),
        closes: long_day(&s.closes_on),
        questions: qs
            .iter()
            .map(|q| (q.id, q.prompt.clone(), q.kind.label(), q.options.join("; ")))
            .collect(),
        kinds: KINDS.iter().map(|(k, l)| (k.as_str(), *l)).collect(),
        responses: eng::responses::count(db, s.id).await?,
        results: views(&eng::responses::results(db, s.id).await?),
        texts: eng::responses::text_answers(db, s.id).await?,
        equality: equality_shown(eng::responses::equality_counts(db, s.id).await?),
        earlier,
        outcomes: eng::responses::outcomes(db, s.id).await?,
        s,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    total: String,
    required: Option<String>,
}

pub async fn add_question(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<QuestionForm>,
) -> Result<Response, WebError> {
    let back = format!("/admin/engagement/surveys/{slug}");
    let r = match new_question(
        &f.kind,
        &f.prompt,
        &f.options,
        &f.total,
        f.required.is_some(),
    ) {
        Ok(q) => eng::add_question(&state.db, &who.actor(), &slug, &q).await,
        Err(errs) => Err(StoreError::Invalid(
            errs.into_iter()
                .map(|(_, m)| m)
                .collect::<Vec<_>>()
                .join(". "),
        )),
    };
    finish(&state, &ctx, r, &back).await
}

/// `POST /admin/engagement/surveys/{slug}/questions/{id}/remove`: only while a draft.
pub async fn remove_question(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let back = format!("/admin/engagement/surveys/{slug}");
    let r = eng::remove_question(&state.db, &who.actor(), &slug, id).await;
    finish(&state, &ctx, r, &back).await
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = eng::publish(&state.db, &who.actor(), &slug).await;
    finish(
        &state,
        &ctx,
        r,
        &format!("/admin/engagement/surveys/{slug}"),
    )
    .await
}

pub async fn paper_form(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = eng::survey(&state.db, &slug, Viewer::Office).await?;
    Ok(render(&SurveyPage::new(&state, &ctx, s, true).await?)?.into_response())
}

pub async fn paper(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let s = eng::survey(&state.db, &slug, Viewer::Office).await?;
    let mut page = SurveyPage::new(&state, &ctx, s, true).await?;
    let Some(r) = super::surveys::read(&mut page, form, Channel::Paper) else {
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    };
    let saved = eng::responses::submit(&state.db, &who.actor(), &page.s, &r, today()).await;
    finish(
        &state,
        &ctx,
        saved,
        &format!("/admin/engagement/surveys/{slug}"),
    )
    .await
}

#[derive(Deserialize)]
pub struct QuoteForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    survey: String,
}

/// Publishes a free-text answer as the office redacted it.
pub async fn quote(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<QuoteForm>,
) -> Result<Response, WebError> {
    let r = eng::responses::publish_quote(&state.db, &who.actor(), id, &f.text).await;
    let back = if eng::survey(&state.db, &f.survey, Viewer::Office)
        .await
        .is_ok()
    {
        format!("/admin/engagement/surveys/{}", f.survey)
    } else {
        "/admin/engagement".into()
    };
    finish(&state, &ctx, r, &back).await
}

#[derive(Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    you_said: String,
    #[serde(default)]
    we_did: String,
    #[serde(default)]
    link: String,
}

pub async fn add_outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<OutcomeForm>,
) -> Result<Response, WebError> {
    let s = eng::survey(&state.db, &slug, Viewer::Office).await?;
    let o = Outcome {
        you_said: f.you_said,
        we_did: f.we_did,
        link: f.link,
    };
    let r = eng::responses::add_outcome(&state.db, &who.actor(), &s, &o).await;
    finish(
        &state,
        &ctx,
        r,
        &format!("/admin/engagement/surveys/{slug}"),
    )
    .await
}

/// Equality monitoring totals as the office sees them: a count from 1 to 4 is "fewer than 5",
/// and others are withheld where it could be worked out from the question's total (these
/// answers are special category data; the office needs the pattern, not who).
fn equality_shown(
    counts: Vec<(String, Vec<(String, i64)>)>,
) -> Vec<(String, Vec<(String, String)>)> {
    use opcc_domain::engagement::suppress;
    counts
        .into_iter()
        .map(|(question, answers)| {
            let ns: Vec<i64> = answers.iter().map(|a| a.1).collect();
            let total = ns.iter().sum::<i64>();
            let total = (!suppress::one(total).suppressed()).then_some(total);
            let cells = suppress::cells(&ns, total);
            let shown = answers
                .into_iter()
                .zip(cells)
                .map(|((a, _), c)| (a, c.text()))
                .collect();
            (question, shown)
        })
        .collect()
}
