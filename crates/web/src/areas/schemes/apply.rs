//! Joining a scheme: the public application form (`/schemes/apply`), whose refusals are shown
//! on the form itself with an error summary, and the office's list of applications to accept
//! (the applicant becomes a volunteer) or decline. Applicants' details are personal data: the
//! office's pages only.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::schemes::lifecycle::{self, Application, NewApplication};
use serde::Deserialize;

/// A store refusal ("field: message") as the field it names and the message, for the page.
pub(crate) fn field_error(problem: &str) -> (String, String) {
    match problem.split_once(": ") {
        Some((field, message)) if !field.contains(' ') => {
            let mut m = message.to_string();
            if let Some(c) = m.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            (field.to_string(), m)
        }
        _ => (String::new(), problem.to_string()),
    }
}

#[derive(Deserialize, Default)]
pub struct ApplyForm {
    #[serde(default)]
    pub scheme: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub reason: String,
}

pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub value: String,
    pub auto: &'static str,
}

#[derive(Template)]
#[template(path = "schemes/apply.html")]
struct ApplyPage {
    l: Layout,
    f: ApplyForm,
    fields: Vec<Field>,
    schemes: Vec<(String, String)>,
    error_field: String,
    error: String,
    sent: bool,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    f: ApplyForm,
    problem: Option<String>,
    sent: bool,
) -> Result<Response, WebError> {
    let schemes = opcc_store::schemes::schemes(&state.db)
        .await?
        .into_iter()
        .filter(|s| s.kind != "panel")
        .map(|s| (s.slug, s.name))
        .collect();
    let field = |name, label, kind, value: &str, auto| Field {
        name,
        label,
        kind,
        value: value.to_string(),
        auto,
    };
    let fields = vec![
        field("name", "Full name", "text", &f.name, "name"),
        field("email", "Email address", "email", &f.email, "email"),
        field("phone", "Phone number", "tel", &f.phone, "tel"),
    ];
    let (error_field, error) = problem.as_deref().map(field_error).unwrap_or_default();
    let title = match (&problem, sent) {
        (Some(_), _) => "Error: apply to volunteer",
        (None, true) => "Application received",
        _ => "Apply to volunteer",
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&ApplyPage {
            l: Layout::new(state, ctx, title, "schemes"),
            f,
            fields,
            schemes,
            error_field,
            error,
            sent,
        })?,
    )
        .into_response())
}

/// `GET /schemes/apply`.
pub async fn form(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    page(&state, &ctx, ApplyForm::default(), None, false).await
}

/// `POST /schemes/apply`: anyone may apply; a refusal comes back on the form.
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<ApplyForm>,
) -> Result<Response, WebError> {
    let r = lifecycle::apply(
        &state.db,
        &NewApplication {
            scheme: &f.scheme,
            name: &f.name,
            email: &f.email,
            phone: &f.phone,
            reason: &f.reason,
        },
    )
    .await;
    match r {
        Ok(_) => page(&state, &ctx, ApplyForm::default(), None, true).await,
        Err(StoreError::Invalid(p)) => page(&state, &ctx, f, Some(p), false).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "schemes/applications.html")]
struct ApplicationsPage {
    l: Layout,
    open: Vec<Application>,
    decided: Vec<Application>,
    error: String,
}

impl ApplicationsPage {
    fn day(&self, iso: &str) -> String {
        super::long_day(iso)
    }
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    problem: Option<String>,
) -> Result<Response, WebError> {
    let (open, decided) = lifecycle::applications_for(&state.db, who.user().id)
        .await?
        .into_iter()
        .partition(|a| a.status == "received");
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&ApplicationsPage {
            l: Layout::new(state, ctx, "Applications to volunteer", "schemes"),
            open,
            decided,
            error: problem.map(|p| field_error(&p).1).unwrap_or_default(),
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/applications`: the applications to the schemes the user is staff of
/// (personal data: theirs only).
pub async fn applications(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    list_page(&state, &ctx, &who, None).await
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    pub decision: String,
}

/// `POST /admin/schemes/applications/{id}`: accept or decline, dated today.
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<DecideForm>,
) -> Result<Response, WebError> {
    // Only the staff of the scheme applied to decide.
    if !lifecycle::applications_for(&state.db, who.user().id)
        .await?
        .iter()
        .any(|a| a.id == id)
    {
        return Err(WebError::NotFound);
    }
    let today = super::super::governance::today().to_string();
    let r = lifecycle::decide(&state.db, &who.actor(), id, f.decision == "accept", &today).await;
    match r {
        Ok(()) => Ok(Redirect::to("/admin/schemes/applications").into_response()),
        Err(StoreError::Invalid(p)) => list_page(&state, &ctx, &who, Some(p)).await,
        Err(e) => Err(e.into()),
    }
}
