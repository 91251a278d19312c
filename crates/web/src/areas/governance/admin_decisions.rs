//! The office's forms for decisions (record, publish, link to a meeting) and HMICFRS
//! inspections (the response, each finding's progress). Each saves through the store with
//! its audit entry; a refusal is shown naming the field, with a way back.

use super::admin::{done, exemption};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::policy::Office;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::governance::DecisionNumber;
use opcc_store::StoreError;
use opcc_store::governance as gov;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct DecisionForm {
    title: String,
    decision_maker: String,
    decided_on: String,
    #[serde(default)]
    meeting_id: String,
    summary: String,
    #[serde(default)]
    options: String,
    reasons: String,
    #[serde(default)]
    financial: String,
    #[serde(default)]
    legal: String,
    #[serde(default)]
    equality: String,
    #[serde(default)]
    exempt_part: String,
    #[serde(default)]
    exemption: String,
    #[serde(default)]
    fully_exempt: Option<String>,
}

pub async fn create_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    let r = async {
        let meeting_id = match f.meeting_id.trim() {
            "" => None,
            s => Some(
                s.parse()
                    .map_err(|_| StoreError::Invalid("meeting: choose a meeting".into()))?,
            ),
        };
        let d = gov::decisions::NewDecision {
            title: f.title,
            decision_maker: f.decision_maker,
            decided_on: f.decided_on,
            meeting_id,
            summary: f.summary,
            options: f.options,
            reasons: f.reasons,
            financial: f.financial,
            legal: f.legal,
            equality: f.equality,
            exempt_part: f.exempt_part,
            exemption: exemption(&f.exemption)?,
            fully_exempt: f.fully_exempt.is_some(),
        };
        gov::decisions::create(&state.db, &who.actor(), &d).await
    }
    .await;
    match r {
        Ok(n) => Ok(Redirect::to(&format!("/governance/decisions/{}", n.slug())).into_response()),
        Err(e) => done(&state, &ctx, Err(e), "/admin/governance").await,
    }
}

pub async fn publish_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let n = DecisionNumber::parse_slug(&number).ok_or(WebError::NotFound)?;
    let r = gov::decisions::publish(&state.db, &who.actor(), n).await;
    done(
        &state,
        &ctx,
        r,
        &format!("/governance/decisions/{}", n.slug()),
    )
    .await
}

#[derive(Deserialize)]
pub struct LinkForm {
    kind: String,
    target: String,
}

pub async fn link_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(number): Path<String>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let n = DecisionNumber::parse_slug(&number).ok_or(WebError::NotFound)?;
    let r = gov::decisions::link(&state.db, &who.actor(), n, &f.kind, &f.target).await;
    done(
        &state,
        &ctx,
        r,
        &format!("/governance/decisions/{}", n.slug()),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResponseForm {
    response: String,
    published_on: String,
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    let r = gov::inspections::respond(
        &state.db,
        &who.actor(),
        id,
        &f.response,
        f.published_on.trim(),
    )
    .await;
    done(&state, &ctx, r, "/governance/inspections").await
}

#[derive(Deserialize)]
pub struct FindingForm {
    status: String,
    #[serde(default)]
    evidence: String,
}

pub async fn track_finding(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<FindingForm>,
) -> Result<Response, WebError> {
    let on = opcc_store::finance::iso(super::today());
    let r = gov::inspections::track(&state.db, &who.actor(), id, &f.status, &f.evidence, &on).await;
    done(&state, &ctx, r, "/governance/inspections").await
}
