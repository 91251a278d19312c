//! The Panel takes part: a Panel member asks a question or makes a recommendation on a plan,
//! a commitment or a measure, and may reword or withdraw it until the office responds; the
//! office records the Commissioner's response and publishes both. Each is shown with a link to
//! its evidence: the commitment's status history or the measure's chart (for the public, the
//! commitment's row on the plan's page or the latest published scrutiny pack).

use super::{today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::{Office, PanelMember, is_office, is_panel, person};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::plans::PanelKind;
use opcc_domain::plans::file::{Day, PlanFile};
use opcc_domain::plans::panel::Subject;
use opcc_domain::policy::may_change_panel_question;
use opcc_store::StoreError;
use opcc_store::plans::{NewQuestion, PanelQuestion};
use serde::Deserialize;
use std::collections::HashMap;

/// A question as a page shows it: what it is about, in words, and where its evidence is.
pub struct QuestionView {
    pub q: PanelQuestion,
    pub about: String,
    /// Address and words of the link to the evidence.
    pub evidence: Option<(String, String)>,
    pub asked: String,
    pub answered: Option<String>,
    pub state: super::view::Tag,
}

fn long(day: &str) -> String {
    Day::parse(day)
        .map(|d| d.long())
        .unwrap_or_else(|_| day.into())
}

/// Who reads a question, which decides where its evidence link leads.
#[derive(Clone, Copy)]
pub enum Reader<'a> {
    /// The office and the Panel: the commitment's page, the measure's chart.
    Staff,
    /// The public: the commitment's row on the plan's page, or the latest published scrutiny
    /// pack (quarter address and label), which shows every measure: a measure has no public
    /// page of its own.
    Public { pack: Option<&'a (String, String)> },
}

/// Shapes a question for a page.
pub fn view(plan: &PlanFile, q: PanelQuestion, reader: Reader<'_>) -> QuestionView {
    let slug = &plan.slug;
    let (about, evidence) = if let Some(key) = &q.commitment_key {
        let text = super::view::paths(plan)
            .into_iter()
            .find(|(_, c)| &c.key == key)
            .map(|(_, c)| c.text.clone())
            .unwrap_or_else(|| key.clone());
        let link = match reader {
            Reader::Staff => (
                format!("/admin/plans/{slug}/commitments/{key}"),
                "The commitment's status history".to_string(),
            ),
            Reader::Public { .. } => (
                format!("/plans/{slug}#commitment-{key}"),
                "The commitment and its latest status".to_string(),
            ),
        };
        (format!("Commitment: {text}"), Some(link))
    } else if let Some(key) = &q.measure_key {
        let title = plan
            .all_items()
            .iter()
            .flat_map(|(_, i)| i.measures.iter())
            .find(|m| &m.key == key)
            .map(|m| m.title.clone())
            .unwrap_or_else(|| key.clone());
        let link = match reader {
            Reader::Staff => Some((
                format!("/admin/performance/{slug}/measures/{key}"),
                "The measure's chart".to_string(),
            )),
            Reader::Public { pack } => pack.map(|(quarter, label)| {
                (
                    format!("/performance/{slug}/packs/{quarter}"),
                    format!("The measure in the scrutiny pack for {label}"),
                )
            }),
        };
        (format!("Measure: {title}"), link)
    } else {
        ("The plan as a whole".to_string(), None)
    };
    let state = if q.withdrawn_at.is_some() {
        ("govuk-tag--grey", "Withdrawn")
    } else if q.is_published() {
        ("govuk-tag--green", "Published")
    } else if q.response.is_some() {
        ("govuk-tag--blue", "Responded, not published")
    } else {
        ("govuk-tag--yellow", "Awaiting response")
    };
    QuestionView {
        asked: long(&q.asked_on),
        answered: q.response_date.as_deref().map(long),
        about,
        evidence,
        state: super::view::Tag {
            class: state.0,
            text: state.1,
        },
        q,
    }
}

/// The plan's questions as the office and the Panel see them, unpublished ones included.
pub async fn for_staff(state: &AppState, plan: &PlanFile) -> Result<Vec<QuestionView>, WebError> {
    Ok(
        opcc_store::plans::panel_questions(&state.db, &plan.slug, false)
            .await?
            .into_iter()
            .map(|q| view(plan, q, Reader::Staff))
            .collect(),
    )
}

/// What a question can be about: the plan, each commitment, each measure.
pub struct Choice {
    pub value: String,
    pub label: String,
}

fn subjects(plan: &PlanFile) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: "plan".into(),
        label: "The plan as a whole".into(),
    }];
    for (_, c) in super::view::paths(plan) {
        out.push(Choice {
            value: format!("commitment:{}", c.key),
            label: format!("Commitment: {}", c.text),
        });
    }
    for (_, i) in plan.all_items() {
        for m in i.measures.iter().filter(|m| !m.provisional) {
            out.push(Choice {
                value: format!("measure:{}", m.key),
                label: format!("Measure: {}", m.title),
            });
        }
    }
    out
}

#[derive(Template)]
#[template(path = "plans/panel_new.html")]
struct NewPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    errors: FormErrors,
    form: AskForm,
    subjects: Vec<Choice>,
    kinds: &'static [PanelKind],
}

#[derive(Deserialize, Default)]
pub struct AskForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    text: String,
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    form: AskForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let status = errors.status();
    let page = render(&NewPage {
        l: Layout::new(
            state,
            ctx,
            errors.title("Ask a question or make a recommendation"),
            "admin",
        ),
        subjects: subjects(&plan),
        kinds: PanelKind::ALL,
        plan: &plan,
        errors,
        form,
    })?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
pub struct AboutQuery {
    #[serde(default)]
    about: String,
}

/// `GET /admin/plans/{slug}/panel/new?about=commitment:KEY`: the form, its subject chosen
/// when the member came from a commitment's or a measure's page.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: PanelMember,
    Path(slug): Path<String>,
    Query(q): Query<AboutQuery>,
) -> Result<Response, WebError> {
    let form = AskForm {
        kind: "question".into(),
        about: q.about,
        text: String::new(),
    };
    new_page(&state, &ctx, &slug, form, FormErrors::default()).await
}

pub async fn ask(
    State(state): State<AppState>,
    ctx: Ctx,
    who: PanelMember,
    Path(slug): Path<String>,
    Form(f): Form<AskForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let kind = f.kind.parse::<PanelKind>();
    if kind.is_err() {
        errors.add("kind", "Choose a question or a recommendation");
    }
    let subject = Subject::parse(&f.about);
    if let Err(e) = &subject {
        errors.add("about", e.clone());
    }
    let text = opcc_domain::plans::panel::text(&f.text, "question or recommendation");
    if let Err(e) = &text {
        errors.add("text", e.clone());
    }
    let (Ok(kind), Ok(subject), Ok(text)) = (kind, subject, text) else {
        return new_page(&state, &ctx, &slug, f, errors).await;
    };
    let r = opcc_store::plans::ask(
        &state.db,
        &who.actor(),
        &slug,
        NewQuestion {
            author_id: Some(who.user().id),
            kind,
            subject: &subject,
            text: &text,
            today: today(),
        },
    )
    .await;
    match r {
        Ok(id) => Ok(Redirect::to(&format!("/admin/plans/{slug}/panel/{id}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            errors.add("about", m);
            new_page(&state, &ctx, &slug, f, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "plans/panel_question.html")]
struct QuestionPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    v: QuestionView,
    errors: FormErrors,
    /// This Panel member wrote it and may still reword or withdraw it.
    may_change: bool,
    /// The office may respond (until published) and publish.
    office: bool,
    response: String,
    response_date: DateValue,
}

async fn question_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: i64,
    errors: FormErrors,
    sent: Option<&HashMap<String, String>>,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let q = opcc_store::plans::panel_question(&state.db, slug, id).await?;
    let may_change = is_panel(ctx)
        && ctx
            .user()
            .is_some_and(|u| may_change_panel_question(&person(u), &q.rule()));
    let status = errors.status();
    let v = view(&plan, q, Reader::Staff);
    let page = render(&QuestionPage {
        l: Layout::new(
            state,
            ctx,
            errors.title(format!("{} from the Panel", v.q.kind().label())),
            "admin",
        ),
        response: match sent {
            Some(f) => f.get("response").cloned().unwrap_or_default(),
            None => v.q.response.clone().unwrap_or_default(),
        },
        response_date: match sent {
            Some(f) => DateValue::from_form(f, "response-date"),
            None => DateValue::of(
                v.q.response_date
                    .as_deref()
                    .and_then(|d| opcc_domain::plans::file::Day::parse(d).ok())
                    .unwrap_or_else(today),
            ),
        },
        office: is_office(ctx),
        plan: &plan,
        v,
        errors,
        may_change,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    question_page(&state, &ctx, &slug, id, FormErrors::default(), None).await
}

fn to_question(slug: &str, id: i64) -> Response {
    Redirect::to(&format!("/admin/plans/{slug}/panel/{id}")).into_response()
}

#[derive(Deserialize)]
pub struct RewordForm {
    #[serde(default)]
    text: String,
}

pub async fn reword(
    State(state): State<AppState>,
    ctx: Ctx,
    who: PanelMember,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<RewordForm>,
) -> Result<Response, WebError> {
    let r = opcc_store::plans::reword(
        &state.db,
        &who.actor(),
        &person(who.user()),
        &slug,
        id,
        &f.text,
    )
    .await;
    match r {
        Ok(()) => Ok(to_question(&slug, id)),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            errors.add("text", m);
            question_page(&state, &ctx, &slug, id, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    who: PanelMember,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    opcc_store::plans::withdraw(&state.db, &who.actor(), &person(who.user()), &slug, id).await?;
    Ok(to_question(&slug, id))
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let response = f.get("response").map(|s| s.trim()).unwrap_or("");
    if response.is_empty() {
        errors.add("response", "Enter the Commissioner's response");
    }
    let date = errors.date(
        "response-date",
        "The date of the response",
        &DateValue::from_form(&f, "response-date"),
        true,
    );
    let (Some(date), true) = (date, errors.is_empty()) else {
        return question_page(&state, &ctx, &slug, id, errors, Some(&f)).await;
    };
    match opcc_store::plans::respond(&state.db, &who.actor(), &slug, id, date, response).await {
        Ok(()) => Ok(to_question(&slug, id)),
        Err(StoreError::Invalid(m)) => {
            errors.add("response", m);
            question_page(&state, &ctx, &slug, id, errors, Some(&f)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    match opcc_store::plans::publish(&state.db, &who.actor(), &slug, id).await {
        Ok(()) => Ok(to_question(&slug, id)),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            errors.add("response", m);
            question_page(&state, &ctx, &slug, id, errors, None).await
        }
        Err(e) => Err(e.into()),
    }
}
