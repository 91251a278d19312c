//! Plans in the JSON API: the list, and one plan's whole tree.

use super::ApiError;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::pages::plans::{can_see, visible_plan};
use axum::Json;
use axum::extract::{Path, State};
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::PlanFile;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PlanListEntry {
    slug: String,
    title: String,
    commissioner: String,
    #[schema(format = Date)]
    term_start: String,
    #[schema(format = Date)]
    term_end: String,
    status: PlanStatus,
    /// The plan's own address in this API.
    href: String,
}

/// Every plan the caller may see, the one in force first. Drafts are listed only for staff,
/// administrators and Panel members.
#[utoipa::path(get, path = "/api/v1/plans", operation_id = "list_plans", tag = "plans",
    responses((status = 200, description = "The plans", body = Vec<PlanListEntry>)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<PlanListEntry>>, WebError> {
    Ok(Json(
        opcc_store::plans::list(&state.db)
            .await?
            .into_iter()
            .filter(|p| can_see(&ctx, p.status))
            .map(|p| PlanListEntry {
                href: format!("/api/v1/plans/{}", p.slug),
                slug: p.slug,
                title: p.title,
                commissioner: p.commissioner,
                term_start: p.term_start,
                term_end: p.term_end,
                status: p.status,
            })
            .collect(),
    ))
}

/// One plan, whole: lifecycle, inputs, and the tree of items with their measures,
/// commitments, status history and activities; the same shape as the plan files.
/// Drafts are seen only by the office and the Panel.
#[utoipa::path(get, path = "/api/v1/plans/{slug}", operation_id = "plan", tag = "plans",
    params(("slug" = String, Path, description = "The plan's short name, e.g. cheshire-2024-28")),
    responses(
        (status = 200, description = "The plan", body = PlanFile),
        (status = 404, description = "No plan the caller may see has this slug", body = ApiError),
    ))]
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Json<PlanFile>, WebError> {
    Ok(Json(visible_plan(&state, &ctx, &slug).await?))
}
