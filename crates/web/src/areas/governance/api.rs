//! Governance as JSON, public fields only: public meetings with their open agenda items and
//! papers (never confidential ones), published decisions without their exempt parts, published
//! questions with answers (never who asked), and inspection findings with their progress.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::State;
use opcc_domain::governance::finding_kind_label;
use opcc_store::governance::{self as gov, Viewer};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ItemJson {
    position: i64,
    title: String,
    summary: String,
}

#[derive(Serialize, ToSchema)]
pub struct PaperJson {
    title: String,
    content_type: String,
    size: i64,
    /// Where to download it.
    href: String,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingJson {
    id: i64,
    body: String,
    body_slug: String,
    /// Local time in Europe/London, ISO 8601 without an offset.
    starts_at: String,
    ends_at: String,
    location: String,
    webcast_url: Option<String>,
    cancelled: bool,
    /// Minutes, once written; `minutes_approved` says whether the next meeting approved them.
    minutes: Option<String>,
    minutes_approved: bool,
    items: Vec<ItemJson>,
    papers: Vec<PaperJson>,
}

/// `GET /api/v1/governance/meetings`: every public meeting, oldest first.
#[utoipa::path(get, path = "/api/v1/governance/meetings", operation_id = "governance_meetings", tag = "governance",
    responses((status = 200, description = "Public meetings with their open items and papers", body = [MeetingJson])))]
pub async fn meetings(State(state): State<AppState>) -> Result<Json<Vec<MeetingJson>>, WebError> {
    let db = &state.db;
    let mut out = Vec::new();
    for m in gov::meetings(db, Viewer::Public, None).await? {
        let items = gov::items(db, m.id, Viewer::Public)
            .await?
            .into_iter()
            .map(|i| ItemJson {
                position: i.position,
                title: i.title,
                summary: i.summary,
            })
            .collect();
        let papers = gov::papers(db, m.id, Viewer::Public)
            .await?
            .into_iter()
            .map(|p| PaperJson {
                href: format!("/governance/papers/{}", p.id),
                title: p.title,
                content_type: p.content_type,
                size: p.size,
            })
            .collect();
        out.push(MeetingJson {
            id: m.id,
            body: m.body_name,
            body_slug: m.body_slug,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            location: m.location,
            webcast_url: Some(m.webcast_url).filter(|w| !w.is_empty()),
            cancelled: m.cancelled == 1,
            minutes: Some(m.minutes).filter(|w| !w.is_empty()),
            minutes_approved: m.minutes_approved_by.is_some(),
            items,
            papers,
        });
    }
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct DecisionJson {
    /// "2024/007".
    number: String,
    title: String,
    decision_maker: String,
    decided_on: String,
    meeting_id: Option<i64>,
    summary: String,
    options: String,
    reasons: String,
    financial: String,
    legal: String,
    equality: String,
    /// The exemption under which part of the notice is withheld, if any (the part is not given).
    exemption: Option<String>,
    published_at: String,
}

/// `GET /api/v1/governance/decisions`: published decisions, newest first.
#[utoipa::path(get, path = "/api/v1/governance/decisions", operation_id = "governance_decisions", tag = "governance",
    responses((status = 200, description = "Published decision notices, exempt parts withheld", body = [DecisionJson])))]
pub async fn decisions(State(state): State<AppState>) -> Result<Json<Vec<DecisionJson>>, WebError> {
    Ok(Json(
        gov::decisions::list(&state.db, Viewer::Public, "")
            .await?
            .into_iter()
            .map(|d| DecisionJson {
                number: d.number().to_string(),
                title: d.title,
                decision_maker: d.decision_maker,
                decided_on: d.decided_on,
                meeting_id: d.meeting_id,
                summary: d.summary,
                options: d.options,
                reasons: d.reasons,
                financial: d.financial,
                legal: d.legal,
                equality: d.equality,
                exemption: d.exemption,
                published_at: d.published_at.unwrap_or_default(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct QuestionJson {
    id: i64,
    body: String,
    meeting_id: Option<i64>,
    question: String,
    answer: String,
    published_at: String,
}

/// `GET /api/v1/governance/questions`: published questions from the public, with answers.
#[utoipa::path(get, path = "/api/v1/governance/questions", operation_id = "governance_questions", tag = "governance",
    responses((status = 200, description = "Published questions and answers; never who asked", body = [QuestionJson])))]
pub async fn questions(State(state): State<AppState>) -> Result<Json<Vec<QuestionJson>>, WebError> {
    Ok(Json(
        gov::questions::published(&state.db, None)
            .await?
            .into_iter()
            .map(|q| QuestionJson {
                id: q.id,
                body: q.body,
                meeting_id: q.meeting_id,
                question: q.question,
                answer: q.answer,
                published_at: q.published_at,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct RecommendationJson {
    inspection: String,
    inspection_published_on: String,
    /// Cause of concern, Area for improvement or Recommendation.
    kind: String,
    reference: String,
    text: String,
    owner: String,
    /// open, in_progress or closed.
    status: String,
    evidence: String,
    closed_on: Option<String>,
}

/// `GET /api/v1/governance/recommendations`: every HMICFRS finding and how far it has got.
#[utoipa::path(get, path = "/api/v1/governance/recommendations", operation_id = "governance_recommendations", tag = "governance",
    responses((status = 200, description = "Inspection findings tracked to closure", body = [RecommendationJson])))]
pub async fn recommendations(
    State(state): State<AppState>,
) -> Result<Json<Vec<RecommendationJson>>, WebError> {
    let db = &state.db;
    let inspections = gov::inspections::list(db).await?;
    Ok(Json(
        gov::inspections::findings(db, None)
            .await?
            .into_iter()
            .filter_map(|f| {
                let i = inspections.iter().find(|i| i.id == f.inspection_id)?;
                Some(RecommendationJson {
                    inspection: i.title.clone(),
                    inspection_published_on: i.published_on.clone(),
                    kind: finding_kind_label(&f.kind).to_string(),
                    reference: f.reference,
                    text: f.text,
                    owner: f.owner,
                    status: f.status,
                    evidence: f.evidence,
                    closed_on: f.closed_on,
                })
            })
            .collect(),
    ))
}
