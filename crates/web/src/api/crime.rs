//! Crime data from data.police.uk: the summary and coverage as JSON (in the OpenAPI
//! document) and as CSV downloads. Aggregates only: no stop-and-search record leaves here.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use opcc_domain::crime::{By, Category, CoverageEntry, CoverageSpan, Kind, Month, Summary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// data.police.uk force slug, e.g. `cheshire` (default, or blank: this office's force).
    #[param(pattern = "^[a-z0-9-]{0,64}$")]
    force: Option<String>,
    /// First month, YYYY-MM (default, or blank: 11 months before `to`). At most 240 months
    /// are summarised: an earlier `from` is moved to 239 months before `to`, and a `from`
    /// after `to` gives an empty range. The response says which months it covers.
    #[param(pattern = "^((19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2]))?$")]
    from: Option<String>,
    /// Last month, YYYY-MM (default, or blank: the latest month loaded for the force).
    #[param(pattern = "^((19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2]))?$")]
    to: Option<String>,
    /// `month` (default), `lad`, `lsoa`, `crime_type` or `outcome`.
    #[param(value_type = Option<By>)]
    by: Option<String>,
    /// `all-crime` (default: every category but anti-social behaviour), `all`, or one
    /// police.uk category, e.g. `burglary` or `anti-social-behaviour`.
    category: Option<String>,
}

fn parse_by(s: &str) -> Result<By, WebError> {
    [By::Month, By::Lad, By::Lsoa, By::CrimeType, By::Outcome]
        .into_iter()
        .find(|b| b.as_str() == s)
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "by: {s:?} is not month, lad, lsoa, crime_type or outcome"
            ))
        })
}

pub(crate) fn parse_month(field: &str, s: &str) -> Result<Month, WebError> {
    Month::parse(s).map_err(|e| WebError::BadRequest(format!("{field}: {e}")))
}

/// The force asked for (a data.police.uk slug), or this office's force area.
pub(crate) async fn force_slug(
    state: &AppState,
    force: Option<String>,
) -> Result<String, WebError> {
    let force = match force.filter(|f| !f.is_empty()) {
        Some(f) => f,
        None => opcc_store::force_area::current(&state.db)
            .await?
            .map(|a| a.slug)
            .ok_or_else(|| {
                WebError::BadRequest("force: give a data.police.uk force slug".into())
            })?,
    };
    if force.len() > 64
        || !force
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(WebError::BadRequest(format!(
            "force: {force:?} is not a data.police.uk force slug"
        )));
    }
    Ok(force)
}

/// Twenty years: enough for any trend, and a bound on the work one request can ask for.
const MAX_MONTHS: usize = 240;

async fn run_summary(state: &AppState, q: SummaryQuery) -> Result<Summary, WebError> {
    let force = force_slug(state, q.force).await?;
    let by = parse_by(q.by.as_deref().unwrap_or("month"))?;
    let category = Category::parse(q.category.as_deref().unwrap_or(""));
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse_month("to", s)?,
        None => opcc_store::crime::coverage(&state.db)
            .await?
            .iter()
            .filter(|e| e.force == force && e.kind == Kind::Street)
            .map(|e| e.month)
            .max()
            .ok_or(WebError::NotFound)?,
    };
    let earliest = (0..MAX_MONTHS - 1).fold(to, |m, _| m.prev());
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => parse_month("from", s)?.max(earliest),
        None => (0..11).fold(to, |m, _| m.prev()),
    };
    Ok(opcc_store::crime::summary(&state.db, &force, from, to, by, &category).await?)
}

/// Street crime for a force and months, by month, local authority, LSOA, category or last
/// outcome: counts, and rates per 1,000 residents where the population is known. A month not
/// loaded is listed in `months_missing` and, by month, has a null count (absent data, not
/// zero).
#[utoipa::path(get, path = "/api/v1/crime/summary", operation_id = "crime_summary", tag = "crime", params(SummaryQuery),
    responses(
        (status = 200, description = "The summary", body = Summary),
        (status = 400, description = "A parameter was not valid", body = crate::api::ApiError),
        (status = 404, description = "No street data is loaded for the force", body = crate::api::ApiError),
    ))]
pub async fn summary(
    State(state): State<AppState>,
    Query(q): Query<SummaryQuery>,
) -> Result<Json<Summary>, WebError> {
    Ok(Json(run_summary(&state, q).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Coverage {
    /// Every force, month and kind loaded.
    entries: Vec<CoverageEntry>,
    /// Per force and kind: the months from first to last, and the gaps between.
    spans: Vec<CoverageSpan>,
}

/// Which force-months and kinds of data.police.uk data are loaded, and the gaps.
#[utoipa::path(get, path = "/api/v1/crime/coverage", operation_id = "crime_coverage", tag = "crime",
    responses((status = 200, description = "The coverage register", body = Coverage)))]
pub async fn coverage(State(state): State<AppState>) -> Result<Json<Coverage>, WebError> {
    let entries = opcc_store::crime::coverage(&state.db).await?;
    let spans = opcc_store::crime::spans(&entries);
    Ok(Json(Coverage { entries, spans }))
}

pub(crate) use crate::download::csv_response;

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The summary as CSV (the same parameters); a blank count is a month not loaded.
pub async fn summary_csv(
    State(state): State<AppState>,
    Query(q): Query<SummaryQuery>,
) -> Result<Response, WebError> {
    let s = run_summary(&state, q).await?;
    let file = format!(
        "crime-{}-{}-{}-by-{}.csv",
        s.force,
        s.from,
        s.to,
        s.by.as_str()
    );
    let rows: Vec<Vec<String>> = s
        .rows
        .into_iter()
        .map(|r| {
            vec![
                s.force.clone(),
                s.category.clone(),
                opt(r.key),
                r.label,
                r.area.map(|a| a.as_str().to_string()).unwrap_or_default(),
                opt(r.count),
                opt(r.population),
                opt(r.rate_per_1000.map(|v| format!("{v:.3}"))),
            ]
        })
        .collect();
    Ok(csv_response(
        &file,
        &[
            "force",
            "category",
            "key",
            "label",
            "area",
            "count",
            "population",
            "rate_per_1000",
        ],
        rows,
    ))
}

/// The coverage register as CSV.
pub async fn coverage_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    let rows: Vec<Vec<String>> = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .map(|e| {
            vec![
                e.force,
                e.month.to_string(),
                e.kind.to_string(),
                e.rows_loaded.to_string(),
                e.rows_skipped.to_string(),
                e.file_name,
                e.sha256,
                e.imported_at,
            ]
        })
        .collect();
    Ok(csv_response(
        "crime-coverage.csv",
        &[
            "force",
            "month",
            "kind",
            "rows_loaded",
            "rows_skipped",
            "file_name",
            "sha256",
            "imported_at",
        ],
        rows,
    ))
}
