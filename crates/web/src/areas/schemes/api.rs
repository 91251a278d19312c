//! The schemes as JSON: the public statistics (counts only), the office's findings, and one
//! report for who may see it (its author or the office). No detainee, call or dog is named in
//! any of them by more than its reference. Volunteers' personal data is only in the volunteers
//! list, and only for the staff of their schemes (an empty list to the rest of the office).

use super::public::{YearQuery, chosen_year};
use crate::AppState;
use crate::error::WebError;
use crate::policy::{Office, OfficeOrVolunteer, person};
use axum::Json;
use axum::extract::{Path, Query, State};
use opcc_domain::schemes::stats::Figures;
use opcc_store::schemes::reports;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct StatisticsJson {
    /// The financial year, "2023/24".
    year: String,
    total: Figures,
    quarters: Vec<Figures>,
}

/// `GET /api/v1/schemes/statistics`: a financial year's figures and its quarters'.
#[utoipa::path(get, path = "/api/v1/schemes/statistics", operation_id = "schemes_statistics", tag = "schemes",
    params(YearQuery),
    responses((status = 200, description = "The year's figures and its quarters'", body = StatisticsJson),
              (status = 400, description = "A malformed year", body = crate::api::ApiError),
              (status = 404, description = "A year out of range", body = crate::api::ApiError)))]
pub async fn statistics(
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> Result<Json<StatisticsJson>, WebError> {
    let (year, _) = chosen_year(&state, &q).await?;
    let (total, quarters) = opcc_store::schemes::stats::year(&state.db, year).await?;
    Ok(Json(StatisticsJson {
        year: total.period.clone(),
        total,
        quarters,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct FindingJson {
    id: i64,
    report_id: i64,
    scheme: String,
    place: String,
    /// "at_time" or "escalated".
    raised: String,
    text: String,
    raised_on: String,
    due_on: String,
    /// "open", "responded" or "closed".
    status: String,
    overdue: bool,
    force_response: String,
    responded_on: Option<String>,
    closed_on: Option<String>,
}

fn finding_json(f: reports::Finding, today: time::Date) -> FindingJson {
    FindingJson {
        overdue: opcc_domain::schemes::oocr::parse_day(&f.due_on)
            .is_some_and(|d| opcc_domain::schemes::finding_overdue(&f.status, d, today)),
        id: f.id,
        report_id: f.report_id,
        scheme: f.scheme_name,
        place: f.place_name,
        raised: f.raised,
        text: f.text,
        raised_on: f.raised_on,
        due_on: f.due_on,
        status: f.status,
        force_response: f.force_response,
        responded_on: f.responded_on,
        closed_on: f.closed_on,
    }
}

/// `GET /api/v1/schemes/findings`: every finding of a submitted report, oldest first.
#[utoipa::path(get, path = "/api/v1/schemes/findings", operation_id = "schemes_findings", tag = "schemes",
    responses((status = 200, description = "Findings with the force's responses", body = [FindingJson]),
              (status = 401, description = "Not signed in", body = crate::api::ApiError),
              (status = 403, description = "Not the office", body = crate::api::ApiError)))]
pub async fn findings(
    State(state): State<AppState>,
    _: Office,
) -> Result<Json<Vec<FindingJson>>, WebError> {
    let today = super::super::governance::today();
    Ok(Json(
        reports::findings(&state.db, None, false)
            .await?
            .into_iter()
            .map(|f| finding_json(f, today))
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ObservationJson {
    /// A custody record number, call reference or dog's identifier: never a name.
    subject: String,
    visit: Option<String>,
    call_type: Option<String>,
    sheet: Option<String>,
    /// The checklist's answers by question.
    answers: std::collections::BTreeMap<String, String>,
    note: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReportJson {
    id: i64,
    scheme: String,
    place: String,
    visited_on: String,
    arrived_at: String,
    unannounced: bool,
    /// "draft" or "submitted".
    status: String,
    notes: String,
    observations: Vec<ObservationJson>,
    findings: Vec<FindingJson>,
}

/// `GET /api/v1/schemes/reports/{id}`: a report, to its author or the office only.
#[utoipa::path(get, path = "/api/v1/schemes/reports/{id}", operation_id = "schemes_report", tag = "schemes",
    params(("id" = i64, Path, description = "The report's id")),
    responses((status = 200, description = "The report", body = ReportJson),
              (status = 400, description = "A malformed id", body = crate::api::ApiError),
              (status = 401, description = "Not signed in", body = crate::api::ApiError),
              (status = 403, description = "Neither the office nor a volunteer", body = crate::api::ApiError),
              (status = 404, description = "No such report, or another volunteer's", body = crate::api::ApiError)))]
pub async fn report(
    State(state): State<AppState>,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
) -> Result<Json<ReportJson>, WebError> {
    let db = &state.db;
    let r = reports::get(db, &person(who.user()), id).await?;
    if crate::policy::OFFICE.allows(opcc_domain::accounts::Audience::User(who.user().role)) {
        reports::record_view(db, &who.actor(), id).await?;
    }
    let observations = reports::observations(db, id)
        .await?
        .into_iter()
        .map(|o| ObservationJson {
            answers: o.answers(),
            subject: o.subject,
            visit: o.visit,
            call_type: o.call_type,
            sheet: o.sheet,
            note: o.note,
        })
        .collect();
    let today = super::super::governance::today();
    let findings = reports::findings(db, Some(id), false)
        .await?
        .into_iter()
        .map(|f| finding_json(f, today))
        .collect();
    Ok(Json(ReportJson {
        id: r.id,
        scheme: r.scheme_name,
        place: r.place_name,
        visited_on: r.visited_on,
        arrived_at: r.arrived_at,
        unannounced: r.unannounced == 1,
        status: r.status,
        notes: r.notes,
        observations,
        findings,
    }))
}

/// A volunteer as their scheme's staff see them: personal data.
#[derive(Serialize, ToSchema)]
pub struct SchemeVolunteerJson {
    id: i64,
    name: String,
    email: String,
    phone: String,
    /// The slugs of their schemes.
    schemes: Vec<String>,
    joined_on: String,
    left_on: Option<String>,
    vetting_expires_on: Option<String>,
    training_expires_on: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/schemes/volunteers", operation_id = "schemes_volunteers", tag = "schemes",
    responses((status = 200, description = "The volunteers of the schemes the caller is staff of (none for anyone else)", body = [SchemeVolunteerJson]),
              (status = 401, description = "Not signed in", body = crate::api::ApiError),
              (status = 403, description = "Not the office", body = crate::api::ApiError)))]
pub async fn volunteers(
    State(state): State<AppState>,
    who: Office,
) -> Result<Json<Vec<SchemeVolunteerJson>>, WebError> {
    Ok(Json(
        opcc_store::schemes::volunteers::seen_by(&state.db, who.user().id)
            .await?
            .into_iter()
            .map(|v| SchemeVolunteerJson {
                id: v.id,
                name: v.name,
                email: v.email,
                phone: v.phone,
                schemes: v.schemes.split(", ").map(str::to_string).collect(),
                joined_on: v.joined_on,
                left_on: v.left_on,
                vetting_expires_on: v.vetting_expires_on,
                training_expires_on: v.training_expires_on,
            })
            .collect(),
    ))
}
