//! The office's assessment of an application: each scorer's scores against the round's
//! published criteria (a declared conflict of interest refuses scoring), then the award, which
//! records and publishes the decision in the governance register and links it to the grant.

use super::{done, money};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_store::StoreError;
use opcc_store::commissioning::{self as com, Criterion, grants};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "commissioning/assess.html")]
struct AssessPage {
    l: Layout,
    a: grants::Application,
    round: String,
    lines: Vec<(String, String)>,
    criteria: Vec<Criterion>,
    scores: Vec<(String, String, i64, i64, String)>,
    conflicts: Vec<(String, String)>,
    conflicted: bool,
    max_award: String,
    award: Option<(String, String)>,
    today: String,
}

/// `GET /admin/commissioning/applications/{id}`
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let a = grants::application(db, id).await?;
    if a.status == "draft" {
        // A draft is the applicant's own until they submit it.
        return Err(WebError::NotFound);
    }
    let round = com::programme_by_id(db, a.programme_id).await?;
    let award = com::awards::awards(db)
        .await?
        .into_iter()
        .find(|w| w.application_id == Some(id))
        .map(|w| (w.identifier, w.decision_number.unwrap_or_default()));
    Ok(render(&AssessPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Assess: {}", a.title),
            "commissioning",
        ),
        round: round.title.clone(),
        lines: grants::budget(db, id)
            .await?
            .into_iter()
            .map(|(i, m)| (i, money(&m)))
            .collect(),
        criteria: com::criteria(db, round.id).await?,
        scores: grants::scores(db, id).await?,
        conflicts: grants::conflicts(db, id).await?,
        conflicted: grants::is_conflicted(db, who.user().id, id).await?,
        max_award: round.max_award.as_deref().map(money).unwrap_or_default(),
        award,
        today: super::today(),
        a,
    })?
    .into_response())
}

fn back(id: i64) -> String {
    format!("/admin/commissioning/applications/{id}")
}

#[derive(Deserialize)]
pub struct ConflictForm {
    reason: String,
}

/// `POST /admin/commissioning/applications/{id}/conflict`: the signed-in scorer declares a
/// conflict of interest, after which they may not score it.
pub async fn conflict(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ConflictForm>,
) -> Result<Response, WebError> {
    let r = grants::declare_conflict(&state.db, &who.actor(), who.user().id, id, &f.reason)
        .await
        .map(|_| back(id));
    done(&state, &ctx, r, &back(id)).await
}

/// `POST /admin/commissioning/applications/{id}/score`: fields `score_{criterion}` and
/// `comment_{criterion}`.
pub async fn score(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let a = grants::application(&state.db, id).await?;
    let get = |k: String| {
        f.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut scores = Vec::new();
    let mut r = Ok(());
    for c in com::criteria(&state.db, a.programme_id).await? {
        match get(format!("score_{}", c.id)).parse::<i64>() {
            Ok(s) => scores.push((c.id, s, get(format!("comment_{}", c.id)))),
            Err(_) => {
                r = Err(StoreError::Invalid(format!(
                    "score: enter a whole number from 0 to {} for {:?}",
                    c.max_score, c.title
                )));
                break;
            }
        }
    }
    let r = match r {
        Ok(()) => grants::score(&state.db, &who.actor(), who.user().id, id, &scores)
            .await
            .map(|_| back(id)),
        Err(e) => Err(e),
    };
    done(&state, &ctx, r, &back(id)).await
}

#[derive(Deserialize)]
pub struct AwardForm {
    amount: String,
    decided_on: String,
    decision_maker: String,
    reasons: String,
}

/// `POST /admin/commissioning/applications/{id}/award`
pub async fn award(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<AwardForm>,
) -> Result<Response, WebError> {
    let r = match opcc_domain::commissioning::parse_money("amount", &f.amount) {
        Ok(amount) => grants::award(
            &state.db,
            &who.actor(),
            id,
            &grants::AwardDecision {
                amount,
                decided_on: f.decided_on.trim().to_string(),
                decision_maker: f.decision_maker,
                reasons: f.reasons,
            },
        )
        .await
        .map(|identifier| format!("/funding/grants/{identifier}")),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    done(&state, &ctx, r, &back(id)).await
}
