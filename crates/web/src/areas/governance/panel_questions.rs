//! Police and Crime Panel members' questions to a meeting: the same track as the public's
//! (the office accepts, answers and publishes), with the member's own list, and withdrawal of
//! their own question until the office takes it up (an object-level rule: a colleague is
//! refused).

use super::{long_day, long_when};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{PanelMember, person};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::governance::{self as gov, Viewer};
use serde::Deserialize;

pub struct Row {
    pub id: i64,
    pub body: String,
    pub question: String,
    pub sent: String,
    pub status: &'static str,
    pub withdrawable: bool,
    pub meeting: Option<String>,
    pub answer: String,
}

#[derive(Template)]
#[template(path = "governance/panel_questions.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    bodies: Vec<gov::Body>,
    problem: Option<String>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &PanelMember,
    problem: Option<String>,
) -> Result<Response, WebError> {
    let rows = gov::questions::of_author(&state.db, who.user().id)
        .await?
        .into_iter()
        .map(|q| Row {
            id: q.id,
            withdrawable: q.status == "submitted",
            status: q.status().label(),
            body: q.body_name.clone(),
            sent: long_day(&q.submitted_at),
            meeting: q.meeting_starts_at.as_deref().map(long_when),
            answer: if q.status == "published" {
                q.answer.clone()
            } else {
                String::new()
            },
            question: q.question,
        })
        .collect();
    let title = if problem.is_some() {
        "Error: Your questions to meetings"
    } else {
        "Your questions to meetings"
    };
    let status = if problem.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((
        status,
        render(&Page {
            l: Layout::new(state, ctx, title, "governance"),
            rows,
            bodies: gov::bodies(&state.db, Viewer::Public).await?,
            problem,
        })?,
    )
        .into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: PanelMember,
) -> Result<Response, WebError> {
    page(&state, &ctx, &who, None).await
}

#[derive(Deserialize)]
pub struct AskForm {
    #[serde(default)]
    body_id: i64,
    #[serde(default)]
    question: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: PanelMember,
    Form(f): Form<AskForm>,
) -> Result<Response, WebError> {
    match gov::questions::submit_as_member(
        &state.db,
        &who.actor(),
        who.user().id,
        &who.user().display_name,
        f.body_id,
        &f.question,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to("/governance/panel-questions").into_response()),
        Err(StoreError::Invalid(m)) => page(&state, &ctx, &who, Some(m)).await,
        Err(e) => Err(e.into()),
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    who: PanelMember,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    gov::questions::withdraw(&state.db, &who.actor(), &person(who.user()), id).await?;
    Ok(Redirect::to("/governance/panel-questions").into_response())
}
