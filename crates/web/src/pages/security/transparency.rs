//! What the office publishes about its own record keeping: the latest signed checkpoint of the
//! audit chain, so that anyone can keep a copy and later ask the office to prove the log still
//! contains it (`opcc audit verify --checkpoint`).

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use opcc_domain::security::checkpoint::Checkpoint;

#[derive(Template)]
#[template(path = "security/audit_checkpoint.html")]
struct CheckpointPage {
    l: Layout,
    checkpoint: Option<Checkpoint>,
    text: String,
}

pub async fn audit_checkpoint(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Html<String>, WebError> {
    let text = opcc_store::audit_checkpoint::latest(&state.db)
        .await?
        .unwrap_or_default();
    render(&CheckpointPage {
        l: Layout::new(&state, &ctx, "Audit log checkpoint", ""),
        checkpoint: Checkpoint::parse(&text).ok(),
        text,
    })
}

pub async fn audit_checkpoint_txt(State(state): State<AppState>) -> Result<Response, WebError> {
    let text = opcc_store::audit_checkpoint::latest(&state.db)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}
