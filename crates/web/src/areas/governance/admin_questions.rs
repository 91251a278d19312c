//! The office's queue of questions from the public: who asked (while the retention rule keeps
//! it), moderation into a meeting or out, the answer, and publication. Opening the queue also
//! applies the retention rule, so expired names and emails are gone before anyone reads them.

use super::{long_day, long_when};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_store::governance::{self as gov, Viewer, questions::Step};
use serde::Deserialize;

pub struct Row {
    pub q: gov::questions::Question,
    pub submitted: String,
    pub status: &'static str,
    pub meetings: Vec<(i64, String)>,
    pub meeting: Option<String>,
}

#[derive(Template)]
#[template(path = "governance/admin_questions.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    keep_days: i64,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    let db = &state.db;
    gov::questions::erase_expired(db, &who.actor(), super::today()).await?;
    let mut rows = Vec::new();
    for q in gov::questions::all(db).await? {
        let meetings = gov::meetings(db, Viewer::Office, Some(q.body_id))
            .await?
            .into_iter()
            .filter(|m| m.cancelled == 0)
            .map(|m| (m.id, long_when(&m.starts_at)))
            .collect();
        rows.push(Row {
            submitted: long_day(&q.submitted_at),
            status: q.status().label(),
            meeting: q.meeting_starts_at.as_deref().map(long_when),
            meetings,
            q,
        });
    }
    Ok(render(&Page {
        l: Layout::new(&state, &ctx, "Questions from the public", "governance"),
        rows,
        keep_days: opcc_domain::governance::QUESTION_PERSONAL_DATA_DAYS,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct StepForm {
    step: String,
    #[serde(default)]
    meeting_id: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    answer: String,
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let step = match f.step.as_str() {
        "accept" => match f.meeting_id.trim().parse() {
            Ok(meeting_id) => Step::Accept {
                meeting_id,
                note: &f.note,
            },
            Err(_) => {
                return super::admin::refused(
                    &state,
                    &ctx,
                    "meeting: choose the meeting the question goes to".into(),
                    "/admin/governance/questions",
                )
                .await;
            }
        },
        "reject" => Step::Reject { note: &f.note },
        "answer" => Step::Answer { answer: &f.answer },
        "publish" => Step::Publish,
        _ => {
            return Err(WebError::BadRequest(
                "step: accept, reject, answer or publish".into(),
            ));
        }
    };
    let r = gov::questions::advance(&state.db, &who.actor(), id, step).await;
    super::admin::finish(&state, &ctx, r, "/admin/governance/questions").await
}
