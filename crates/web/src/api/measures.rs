//! Measures in the JSON API: every measure of the plans the caller may see, and one
//! measure's series with its SPC reading. A measure's id is `{plan}.{key}`.

use super::ApiError;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::pages::performance::{frequency_kind, measures};
use crate::pages::plans::{can_see, visible_plan};
use axum::Json;
use axum::extract::{Path, Query, State};
use opcc_domain::performance::{Assurance, PointKind, RuleHit, Variation};
use opcc_domain::plans::{Better, Unit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MeasureEntry {
    /// `{plan}.{key}`, e.g. `cheshire-2013-16.total-crime`.
    id: String,
    plan: String,
    key: String,
    title: String,
    /// The priority, objective or theme it belongs to.
    item: String,
    unit: Unit,
    better: Better,
    /// month, quarter or year.
    period_kind: String,
    href: String,
}

/// Every measure of every plan the caller may see.
#[utoipa::path(get, path = "/api/v1/measures", operation_id = "list_measures", tag = "performance",
    responses((status = 200, description = "The measures", body = Vec<MeasureEntry>)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<MeasureEntry>>, WebError> {
    let mut out = Vec::new();
    for p in opcc_store::plans::list(&state.db).await? {
        if !can_see(&ctx, p.status) {
            continue;
        }
        let plan = visible_plan(&state, &ctx, &p.slug).await?;
        for (item, m) in measures(&plan) {
            let id = format!("{}.{}", plan.slug, m.key);
            out.push(MeasureEntry {
                href: format!("/api/v1/measures/{id}/series"),
                id,
                plan: plan.slug.clone(),
                key: m.key.clone(),
                title: m.title.clone(),
                item,
                unit: m.unit,
                better: m.better,
                period_kind: frequency_kind(m.frequency).as_str().to_string(),
            });
        }
    }
    Ok(Json(out))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    /// ONS GSS code of the area; the plan's force area when absent.
    area: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SeriesPoint {
    period: String,
    /// Exact decimal, as text.
    value: String,
    numerator: Option<String>,
    denominator: Option<String>,
    commentary: String,
    mean: Option<f64>,
    upper_limit: Option<f64>,
    lower_limit: Option<f64>,
    kind: PointKind,
    rules: Vec<RuleHit>,
}

#[derive(Serialize, ToSchema)]
pub struct Series {
    id: String,
    area: String,
    unit: Unit,
    better: Better,
    target: Option<String>,
    points: Vec<SeriesPoint>,
    /// The variation icon's reading of the latest point; none without limits.
    latest: Option<Variation>,
    /// Against the target; none without a target, a better direction or limits.
    assurance: Option<Assurance>,
}

/// One measure's values for an area, oldest first, each with the mean, process limits and
/// point type of statistical process control, plus the latest variation and the assurance
/// against the target. Measures of draft plans are seen only by the office and the Panel; the
/// public sees values (and their commentary) only up to the latest published quarter.
#[utoipa::path(get, path = "/api/v1/measures/{id}/series", operation_id = "measure_series", tag = "performance",
    params(("id" = String, Path, description = "`{plan}.{key}`"), SeriesQuery),
    responses(
        (status = 200, description = "The series", body = Series),
        (status = 404, description = "No such measure the caller may see", body = ApiError),
    ))]
pub async fn series(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<SeriesQuery>,
) -> Result<Json<Series>, WebError> {
    let (slug, key) = id.split_once('.').ok_or(WebError::NotFound)?;
    let plan = visible_plan(&state, &ctx, slug).await?;
    let (_, m) = measures(&plan)
        .into_iter()
        .find(|(_, m)| m.key == key)
        .ok_or(WebError::NotFound)?;
    let area = q
        .area
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| plan.force_area.clone());
    let mut values =
        opcc_store::performance::series(&state.db, slug, key, &area, frequency_kind(m.frequency))
            .await?;
    if !crate::policy::is_office_or_panel(&ctx) {
        let published = opcc_store::performance::locked_quarters(&state.db, slug)
            .await?
            .into_iter()
            .max();
        values.retain(|v| v.period.published_by(published));
    }
    let settings = opcc_store::performance::settings(&state.db, slug, key).await?;
    let analysis = crate::charts::analyse_measure(m, &values, &settings);
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = analysis.as_ref().map(|a| &a.result.points[i]);
            SeriesPoint {
                period: v.period.to_string(),
                value: v.value.to_string(),
                numerator: v.numerator.map(|d| d.to_string()),
                denominator: v.denominator.map(|d| d.to_string()),
                commentary: v.commentary.clone(),
                mean: p.and_then(|p| p.mean),
                upper_limit: p.and_then(|p| p.upper),
                lower_limit: p.and_then(|p| p.lower),
                kind: p.map(|p| p.kind).unwrap_or(PointKind::CommonCause),
                rules: p.map(|p| p.rules.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Json(Series {
        id: id.clone(),
        area,
        unit: m.unit,
        better: m.better,
        target: settings.target.map(|t| t.to_string()),
        points,
        latest: analysis.as_ref().and_then(|a| a.result.latest),
        assurance: analysis.as_ref().and_then(|a| a.result.assurance),
    }))
}
