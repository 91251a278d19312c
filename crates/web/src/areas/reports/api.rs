//! Published reports as JSON: the list, and one report's latest published version with its
//! frozen figures and narrative. Drafts and reports in review are never here.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Path, State};
use opcc_domain::reports::Figures;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PublishedReportSummaryJson {
    slug: String,
    /// "annual" or "progress".
    kind: String,
    title: String,
    /// First and last day of the period, ISO 8601.
    period_from: String,
    period_to: String,
    version: i64,
    published_at: Option<String>,
    /// What this version corrects, if it is a correction.
    correction_note: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublishedReportJson {
    #[serde(flatten)]
    summary: PublishedReportSummaryJson,
    /// The figures as frozen at approval.
    figures: Figures,
    /// The office's narrative by section key.
    narrative: BTreeMap<String, String>,
}

fn summary(r: &opcc_store::reports::Row) -> PublishedReportSummaryJson {
    PublishedReportSummaryJson {
        slug: r.slug.clone(),
        kind: r.kind.clone(),
        title: r.title.clone(),
        period_from: r.period_from.clone(),
        period_to: r.period_to.clone(),
        version: r.version,
        published_at: r.published_at.clone(),
        correction_note: r.correction_note.clone(),
    }
}

/// `GET /api/v1/reports`: the published reports, latest version of each.
#[utoipa::path(get, path = "/api/v1/reports", operation_id = "reports_list", tag = "reports",
    responses((status = 200, description = "The published reports", body = Vec<PublishedReportSummaryJson>)))]
pub async fn list(
    State(state): State<AppState>,
) -> Result<Json<Vec<PublishedReportSummaryJson>>, WebError> {
    let rows = opcc_store::reports::published(&state.db).await?;
    Ok(Json(rows.iter().map(summary).collect()))
}

/// `GET /api/v1/reports/{slug}`: a published report's latest version with its figures.
#[utoipa::path(get, path = "/api/v1/reports/{slug}", operation_id = "reports_show", tag = "reports",
    params(("slug" = String, Path, description = "The report, e.g. annual-report-2023-24")),
    responses((status = 200, description = "The report", body = PublishedReportJson),
              (status = 404, description = "No such published report", body = crate::api::ApiError)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<PublishedReportJson>, WebError> {
    let versions = opcc_store::reports::published_versions(&state.db, &slug).await?;
    let Some(first) = versions.into_iter().next() else {
        return Err(WebError::NotFound);
    };
    let v = opcc_store::reports::version(&state.db, first).await?;
    Ok(Json(PublishedReportJson {
        summary: summary(&v.row),
        figures: v.figures,
        narrative: v.narrative,
    }))
}
