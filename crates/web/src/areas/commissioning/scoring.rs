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
use opcc_store::commissioning::{self as com, Criterion, attachments, cycle, grants};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "commissioning/assess.html")]
struct AssessPage {
    l: Layout,
    a: grants::Application,
    round: String,
    lines: Vec<(String, String)>,
    /// The budget's total: what the applicant asked for, shown beside the award and decline.
    applied_for: String,
    criteria: Vec<Criterion>,
    scores: Vec<(String, String, i64, i64, String)>,
    conflicts: Vec<(String, String)>,
    conflicted: bool,
    max_award: String,
    award: Option<(String, String)>,
    today: crate::form::DateValue,
    end: crate::form::DateValue,
    conditions: &'static str,
    moderation: Option<cycle::Moderation>,
    declined: Option<(String, String)>,
    attachments: Vec<(i64, &'static str, String, String)>,
    out_of: i64,
    no_error: Option<&'static str>,
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
    let criteria = com::criteria(db, round.id).await?;
    let budget = grants::budget(db, id).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let day = |d: time::Date| crate::form::DateValue::of(opcc_domain::plans::file::Day(d));
    Ok(render(&AssessPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Assess: {}", a.title),
            "commissioning",
        ),
        round: round.title.clone(),
        applied_for: opcc_domain::finance::pounds(cycle::applied_for(db, id).await?),
        lines: budget.into_iter().map(|(i, m)| (i, money(&m))).collect(),
        out_of: criteria.iter().map(|c| c.max_score).sum(),
        no_error: None,
        criteria,
        scores: grants::scores(db, id).await?,
        conflicts: grants::conflicts(db, id).await?,
        conflicted: grants::is_conflicted(db, who.user().id, id).await?,
        max_award: round.max_award.as_deref().map(money).unwrap_or_default(),
        award,
        today: day(today),
        end: day(today + time::Duration::days(365)),
        conditions: com::demo::CONDITIONS,
        moderation: cycle::moderation(db, id).await?,
        declined: cycle::declined(db, id).await?,
        attachments: attachments::list(db, id)
            .await?
            .into_iter()
            .map(|d| {
                (
                    d.id,
                    opcc_domain::commissioning::cycle::attachment_label(&d.kind).unwrap_or(""),
                    d.filename,
                    super::decide::size(d.size),
                )
            })
            .collect(),
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

/// `POST /admin/commissioning/applications/{id}/award`: the amount, the decision (its date in
/// GOV.UK date boxes), the offer's conditions, the date the grant ends and the instalments.
pub async fn award(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let r = async {
        let amount = opcc_domain::commissioning::parse_money("amount", &get("amount"))
            .map_err(StoreError::Invalid)?;
        let decided_on = super::decide::date(&f, "decided_on", "The date of the decision")?
            .ok_or_else(|| {
                StoreError::Invalid("decided_on: Enter the date of the decision".into())
            })?;
        let end_date = super::decide::date(&f, "end_date", "The date the grant ends")?
            .unwrap_or(decided_on + time::Duration::days(365));
        let instalments = match get("instalments").as_str() {
            "" => 1,
            n => n.parse::<u32>().map_err(|_| {
                StoreError::Invalid("instalments: enter a whole number from 1 to 12".into())
            })?,
        };
        let conditions = match get("conditions") {
            c if c.is_empty() => com::demo::CONDITIONS.to_string(),
            c => c,
        };
        grants::award(
            &state.db,
            &who.actor(),
            id,
            &grants::AwardDecision {
                amount,
                decided_on: decided_on.to_string(),
                decision_maker: get("decision_maker"),
                reasons: get("reasons"),
                conditions,
                end_date: end_date.to_string(),
                instalments,
            },
        )
        .await
        .map(|identifier| format!("/admin/commissioning/awards/{identifier}"))
    }
    .await;
    done(&state, &ctx, r, &back(id)).await
}
