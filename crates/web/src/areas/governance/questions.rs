//! Questions from the public: the form (with its privacy notice, rate limited), the private
//! page a submitter follows their question on, and the published questions with answers.
//! A submitter's name and email never reach a public page.

use super::{long_day, long_when};
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
use opcc_domain::governance::{MAX_QUESTION_CHARS, NewQuestion, QUESTION_PERSONAL_DATA_DAYS};
use opcc_store::governance::{self as gov, Body, Viewer};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "governance/questions.html")]
struct PublishedPage {
    l: Layout,
    questions: Vec<(gov::questions::PublicQuestion, String)>,
    bodies: Vec<Body>,
}

pub async fn published(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let questions = gov::questions::published(&state.db, None)
        .await?
        .into_iter()
        .map(|q| {
            let d = long_day(&q.published_at);
            (q, d)
        })
        .collect();
    let bodies = gov::bodies(&state.db, Viewer::Public)
        .await?
        .into_iter()
        .filter(|b| b.takes_questions == 1)
        .collect();
    Ok(render(&PublishedPage {
        l: Layout::new(&state, &ctx, "Questions from the public", "governance"),
        questions,
        bodies,
    })?
    .into_response())
}

#[derive(Deserialize, Default)]
pub struct AskForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    question: String,
}

#[derive(Template)]
#[template(path = "governance/ask.html")]
struct AskPage {
    l: Layout,
    body: Body,
    form: AskForm,
    errors: FormErrors,
    max: usize,
    keep_days: i64,
}

async fn asking(state: &AppState, slug: &str) -> Result<Body, WebError> {
    let body = gov::body(&state.db, slug, Viewer::Public).await?;
    if body.takes_questions != 1 {
        return Err(WebError::NotFound);
    }
    Ok(body)
}

fn ask_page(
    state: &AppState,
    ctx: &Ctx,
    body: Body,
    form: AskForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let status = errors.status();
    let title = errors.title(format!("Ask the {} a question", body.name));
    Ok((
        status,
        render(&AskPage {
            l: Layout::new(state, ctx, title, "governance"),
            body,
            form,
            errors,
            max: MAX_QUESTION_CHARS,
            keep_days: QUESTION_PERSONAL_DATA_DAYS,
        })?,
    )
        .into_response())
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let body = asking(&state, &slug).await?;
    ask_page(
        &state,
        &ctx,
        body,
        AskForm::default(),
        FormErrors::default(),
    )
}

#[derive(Template)]
#[template(path = "governance/asked.html")]
struct AskedPage {
    l: Layout,
    link: String,
}

pub async fn submit(
    _: RateLimited<PublicForm>,
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<AskForm>,
) -> Result<Response, WebError> {
    let body = asking(&state, &slug).await?;
    let q = match NewQuestion::parse(&f.name, &f.email, &f.question) {
        Ok(q) => q,
        Err(errs) => {
            let mut errors = FormErrors::default();
            for (field, m) in errs {
                errors.add(field, m);
            }
            return ask_page(&state, &ctx, body, f, errors);
        }
    };
    let (_, token) = gov::questions::submit(&state.db, &slug, &q).await?;
    Ok((
        StatusCode::CREATED,
        render(&AskedPage {
            l: Layout::new(&state, &ctx, "Question received", "governance"),
            link: format!("/governance/questions/follow/{token}"),
        })?,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "governance/follow.html")]
struct FollowPage {
    l: Layout,
    body: String,
    question: String,
    status: &'static str,
    submitted: String,
    meeting: Option<(i64, String)>,
    answer: Option<String>,
    note: String,
}

/// The submitter's private page: found only by its token, which only they were given.
pub async fn follow(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(WebError::NotFound);
    }
    let q = gov::questions::by_token(&state.db, &token).await?;
    let status = q.status();
    let answer =
        (status == opcc_domain::governance::QuestionStatus::Published).then(|| q.answer.clone());
    let page = render(&FollowPage {
        l: Layout::new(&state, &ctx, "Your question", "governance"),
        body: q.body_name.clone(),
        question: q.question.clone(),
        status: status.label(),
        submitted: long_day(&q.submitted_at),
        meeting: q
            .meeting_id
            .zip(q.meeting_starts_at.as_deref().map(long_when)),
        answer,
        note: q.moderation_note.clone(),
    })?;
    // A page for whoever holds the link: neither the page cache nor a shared proxy keeps it.
    Ok((
        [(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store, private"),
        )],
        page,
    )
        .into_response())
}
