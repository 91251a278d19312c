//! The published reports: the list, each report's latest published version as a page and as
//! PDF/UA-1, with the notes of the corrections it has had.

use super::{ReportView, pdf_response, view};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

pub struct Listed {
    pub slug: String,
    pub title: String,
    pub published: String,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "reports/list.html")]
struct ListPage {
    l: Layout,
    reports: Vec<Listed>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let reports = opcc_store::reports::published(&state.db)
        .await?
        .into_iter()
        .map(|r| Listed {
            published: super::long(r.published_at.as_deref().unwrap_or("")),
            slug: r.slug,
            title: r.title,
            version: r.version,
        })
        .collect();
    let l = Layout::new(&state, &ctx, "Reports", "reports");
    Ok(axum::response::IntoResponse::into_response(render(
        &ListPage { l, reports },
    )?))
}

#[derive(Template)]
#[template(path = "reports/show.html")]
struct ShowPage {
    l: Layout,
    r: ReportView,
    pdf: String,
    /// Earlier versions' corrections: (version, note, published).
    history: Vec<(i64, String, String)>,
}

/// The latest published version of a report and the corrections before it.
async fn latest(
    state: &AppState,
    slug: &str,
) -> Result<(ReportView, Vec<(i64, String, String)>), WebError> {
    let versions = opcc_store::reports::published_versions(&state.db, slug).await?;
    let Some(first) = versions.first().cloned() else {
        return Err(WebError::NotFound);
    };
    let history = versions
        .iter()
        .filter(|r| !r.correction_note.is_empty())
        .map(|r| {
            (
                r.version,
                r.correction_note.clone(),
                super::long(r.published_at.as_deref().unwrap_or("")),
            )
        })
        .collect();
    let v = opcc_store::reports::version(&state.db, first).await?;
    Ok((view(&v), history))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (r, history) = latest(&state, &slug).await?;
    let l = Layout::new(&state, &ctx, r.title.clone(), "reports");
    let pdf = format!("/reports/{}/pdf", r.slug);
    Ok(axum::response::IntoResponse::into_response(render(
        &ShowPage { l, r, pdf, history },
    )?))
}

pub async fn pdf(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (r, _) = latest(&state, &slug).await?;
    pdf_response(&r).await
}
