//! Commissioning as JSON, public fields only: funds, programmes, awards (never a person: the
//! office's grants go to organisations) and commissioned services.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::State;
use opcc_store::commissioning::{self as com, services};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct FundJson {
    slug: String,
    title: String,
    grantor: String,
    /// Financial year, "2023-24".
    year: String,
    /// Pounds as a decimal string; null when the published documents do not give it.
    amount: Option<String>,
    conditions: String,
    reporting_duties: String,
    source: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeJson {
    slug: String,
    /// "round" (an open grant round) or "service" (commissioned services).
    kind: String,
    title: String,
    description: String,
    fund: String,
    plan: String,
    priority: String,
    needs_assessment: String,
    opens_on: Option<String>,
    closes_on: Option<String>,
    max_award: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AwardJson {
    /// The 360Giving identifier.
    identifier: String,
    title: String,
    description: String,
    /// Pounds as a decimal string.
    amount: String,
    currency: String,
    award_date: String,
    recipient_org_id: String,
    recipient_name: String,
    funder_name: String,
    programme: String,
    /// The local authority's GSS code, or empty for the whole area.
    local_authority: String,
    /// The decision in the governance register, "2025/004", when the office made it.
    decision: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ServiceJson {
    slug: String,
    /// The Open Referral UK identifier.
    id: String,
    name: String,
    description: String,
    eligibility: String,
    provider: String,
    provider_org_id: String,
    /// GSS codes of the local authorities served.
    areas: Vec<String>,
    opening_hours: String,
    contract_ends_on: String,
    /// analyse, plan, do or review.
    stage: String,
}

/// `GET /api/v1/commissioning/funds`
#[utoipa::path(get, path = "/api/v1/commissioning/funds", operation_id = "commissioning_funds", tag = "commissioning",
    responses((status = 200, description = "Funds and their grantors, newest year first", body = [FundJson])))]
pub async fn funds(State(state): State<AppState>) -> Result<Json<Vec<FundJson>>, WebError> {
    Ok(Json(
        com::funds(&state.db)
            .await?
            .into_iter()
            .map(|f| FundJson {
                amount: (!f.amount.is_empty()).then_some(f.amount),
                slug: f.slug,
                title: f.title,
                grantor: f.grantor,
                year: f.year,
                conditions: f.conditions,
                reporting_duties: f.reporting_duties,
                source: f.source,
            })
            .collect(),
    ))
}

/// `GET /api/v1/commissioning/programmes`
#[utoipa::path(get, path = "/api/v1/commissioning/programmes", operation_id = "commissioning_programmes", tag = "commissioning",
    responses((status = 200, description = "Grant rounds and commissioned service programmes, with the plan priority each answers", body = [ProgrammeJson])))]
pub async fn programmes(
    State(state): State<AppState>,
) -> Result<Json<Vec<ProgrammeJson>>, WebError> {
    Ok(Json(
        com::programmes(&state.db)
            .await?
            .into_iter()
            .map(|p| ProgrammeJson {
                slug: p.slug,
                kind: p.kind,
                title: p.title,
                description: p.description,
                fund: p.fund_title,
                plan: p.plan_slug,
                priority: p.priority_title,
                needs_assessment: p.needs_assessment,
                opens_on: p.opens_on,
                closes_on: p.closes_on,
                max_award: p.max_award,
            })
            .collect(),
    ))
}

/// `GET /api/v1/commissioning/awards`
#[utoipa::path(get, path = "/api/v1/commissioning/awards", operation_id = "commissioning_awards", tag = "commissioning",
    responses((status = 200, description = "Grants awarded (and past grants imported), newest first", body = [AwardJson])))]
pub async fn awards(State(state): State<AppState>) -> Result<Json<Vec<AwardJson>>, WebError> {
    Ok(Json(
        com::awards::awards(&state.db)
            .await?
            .into_iter()
            .map(|a| AwardJson {
                identifier: a.identifier,
                title: a.title,
                description: a.description,
                amount: a.amount,
                currency: a.currency,
                award_date: a.award_date,
                recipient_org_id: a.recipient_org_id,
                recipient_name: a.recipient_name,
                funder_name: a.funder_name,
                programme: a.programme_title,
                local_authority: a.local_authority,
                decision: a.decision_number,
            })
            .collect(),
    ))
}

/// `GET /api/v1/commissioning/services`
#[utoipa::path(get, path = "/api/v1/commissioning/services", operation_id = "commissioning_services", tag = "commissioning",
    responses((status = 200, description = "Commissioned services with their directory entries and contracts' end dates", body = [ServiceJson])))]
pub async fn services(State(state): State<AppState>) -> Result<Json<Vec<ServiceJson>>, WebError> {
    Ok(Json(
        services::services(&state.db)
            .await?
            .into_iter()
            .map(|s| ServiceJson {
                id: s.uuid,
                slug: s.slug,
                name: s.name,
                description: s.description,
                eligibility: s.eligibility,
                provider: s.organisation_name,
                provider_org_id: s.organisation_org_id,
                areas: s
                    .areas
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
                opening_hours: s.opening_hours,
                contract_ends_on: s.ends_on,
                stage: s.stage,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationJson {
    id: i64,
    programme: String,
    organisation: String,
    title: String,
    summary: String,
    /// draft, submitted, awarded or declined.
    status: String,
    /// (item, pounds as a decimal string)
    budget: Vec<BudgetLineJson>,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineJson {
    item: String,
    amount: String,
}

/// `GET /api/v1/commissioning/applications/{id}`: a provider sees its own organisation's
/// applications, the office every one; another organisation's is not found.
#[utoipa::path(get, path = "/api/v1/commissioning/applications/{id}", operation_id = "commissioning_application", tag = "commissioning",
    params(("id" = i64, Path, description = "The application's number")),
    responses(
        (status = 200, description = "The application with its budget lines", body = ApplicationJson),
        (status = 400, description = "The number was not valid", body = crate::api::ApiError),
        (status = 401, description = "Not signed in", body = crate::api::ApiError),
        (status = 403, description = "The user's role may not read applications", body = crate::api::ApiError),
        (status = 404, description = "No such application, or another organisation's", body = crate::api::ApiError)))]
pub async fn application(
    State(state): State<AppState>,
    who: crate::policy::SignedIn,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Json<ApplicationJson>, WebError> {
    let db = &state.db;
    let p = com::person(db, who.user().id, who.user().role).await?;
    let a = com::grants::application(db, id).await?;
    if !opcc_domain::policy::may_see_organisation_record(&p, a.organisation_id) {
        return Err(WebError::NotFound);
    }
    let programme = com::programme_by_id(db, a.programme_id).await?.title;
    Ok(Json(ApplicationJson {
        budget: com::grants::budget(db, id)
            .await?
            .into_iter()
            .map(|(item, amount)| BudgetLineJson { item, amount })
            .collect(),
        id: a.id,
        programme,
        organisation: a.organisation_name,
        title: a.title,
        summary: a.summary,
        status: a.status,
    }))
}
