//! Police complaints as JSON: aggregate figures only. Nothing here names or describes a
//! person, a complaint or a review.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Query, State};
use opcc_store::complaints::oversight;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ReviewYearJson {
    /// The financial year's first calendar year: 2023 for 2023-24.
    year: i64,
    /// "2023-24".
    label: String,
    /// Review requests received in the year.
    received: i64,
    /// Of those, received after the 28 days and accepted with a reason.
    late_accepted: i64,
    /// Of those, found not to be valid review requests.
    invalid: i64,
    /// Reviews decided in the year.
    decided: i64,
    upheld: i64,
    not_upheld: i64,
    /// Decided within the office's service standard (56 days of the case file's arrival).
    within_standard: i64,
    complaints_about_chief_constable: i64,
    complaints_outside_schedule3: i64,
    complaints_referred_to_iopc: i64,
}

/// `GET /api/v1/complaints/reviews`: the office's work as review body and appropriate
/// authority, year by year.
#[utoipa::path(get, path = "/api/v1/complaints/reviews", operation_id = "complaints_reviews", tag = "complaints",
    responses((status = 200, description = "Counts of review requests and complaints about the Chief Constable by financial year", body = [ReviewYearJson])))]
pub async fn reviews(State(state): State<AppState>) -> Result<Json<Vec<ReviewYearJson>>, WebError> {
    let mut out = Vec::new();
    for year in oversight::years(&state.db).await? {
        let f = oversight::review_figures(&state.db, year as i32).await?;
        out.push(ReviewYearJson {
            year,
            label: opcc_domain::complaints::year_label(year as i32),
            received: f.received,
            late_accepted: f.late_accepted,
            invalid: f.invalid,
            decided: f.decided,
            upheld: f.upheld,
            not_upheld: f.not_upheld,
            within_standard: f.within_standard,
            complaints_about_chief_constable: f.complaints_about_chief_constable,
            complaints_outside_schedule3: f.complaints_outside_schedule3,
            complaints_referred_to_iopc: f.complaints_referred_to_iopc,
        });
    }
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct IopcFigureJson {
    year: i64,
    quarter: i64,
    /// force, msf (most similar forces) or national (England and Wales).
    scope: String,
    /// cases_logged, days_to_log, days_to_contact, outside_schedule3_pct,
    /// allegation:CATEGORY or outcome:OUTCOME.
    measure: String,
    label: String,
    /// A decimal number, as text.
    value: String,
}

#[derive(Deserialize, IntoParams)]
pub struct IopcQuery {
    /// A financial year's first calendar year (2023 for 2023-24); every year when absent.
    #[param(minimum = 2000, maximum = 2100)]
    year: Option<i32>,
}

/// `GET /api/v1/complaints/iopc`: the IOPC's quarterly complaint statistics for the force, its
/// most similar forces and England and Wales.
#[utoipa::path(get, path = "/api/v1/complaints/iopc", operation_id = "complaints_iopc", tag = "complaints",
    params(IopcQuery),
    responses(
        (status = 200, description = "Figures by year, quarter, scope and measure", body = [IopcFigureJson]),
        (status = 400, description = "The year is not a number from 2000 to 2100")))]
pub async fn iopc(
    State(state): State<AppState>,
    Query(q): Query<IopcQuery>,
) -> Result<Json<Vec<IopcFigureJson>>, WebError> {
    if q.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        return Err(WebError::BadRequest(
            "year: give a year from 2000 to 2100".into(),
        ));
    }
    Ok(Json(
        oversight::figures(&state.db, q.year)
            .await?
            .into_iter()
            .map(|f| IopcFigureJson {
                label: opcc_domain::complaints::iopc::measure_label(&f.measure).unwrap_or_default(),
                year: f.year,
                quarter: f.quarter,
                scope: f.scope,
                measure: f.measure,
                value: f.value,
            })
            .collect(),
    ))
}
