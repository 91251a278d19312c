//! Engagement as JSON, public fields only: published consultations with, once closed, their
//! results (counts and averages), published quotes and "you said, we did"; and engagement
//! events. Never a respondent's name, email, equality answers or unpublished words.

use super::today;
use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::State;
use opcc_domain::engagement::results::shown;
use opcc_domain::engagement::suppress;
use opcc_store::engagement::{self as eng, Stage, Viewer};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LineJson {
    label: String,
    /// People choosing it (a ranking: people ranking it first; a budget: people answering);
    /// none when suppressed (see `suppressed`).
    count: Option<i64>,
    /// Why the count is not given: "fewer than 5" (1 to 4), or "withheld" so that a smaller
    /// count cannot be worked out from the total.
    suppressed: Option<String>,
    /// A ranking's average rank or a budget's average amount, as a decimal string.
    average: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyQuestionJson {
    prompt: String,
    /// single, multiple, text, ranking, rating or budget.
    kind: String,
    options: Vec<String>,
    /// A budget question's total, as a decimal string.
    total: Option<String>,
    /// How many answered; none until the consultation closes, or when fewer than 5 did.
    answered: Option<i64>,
    /// "fewer than 5" when 1 to 4 answered: then no average is given either.
    answered_suppressed: Option<String>,
    results: Vec<LineJson>,
}

#[derive(Serialize, ToSchema)]
pub struct QuoteJson {
    question: String,
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeJson {
    you_said: String,
    we_did: String,
    link: String,
}

#[derive(Serialize, ToSchema)]
pub struct ConsultationJson {
    slug: String,
    title: String,
    summary: String,
    opens_on: String,
    closes_on: String,
    /// upcoming, open or closed.
    stage: String,
    /// The plan consulted on, by slug.
    plan: Option<String>,
    /// Responses received; none until the consultation closes, or when fewer than 5.
    responses: Option<i64>,
    questions: Vec<SurveyQuestionJson>,
    quotes: Vec<QuoteJson>,
    you_said_we_did: Vec<OutcomeJson>,
}

/// `GET /api/v1/engagement/consultations`: published consultations, latest closing first.
#[utoipa::path(get, path = "/api/v1/engagement/consultations", operation_id = "engagement_consultations", tag = "engagement",
    responses((status = 200, description = "Published consultations; results, quotes and outcomes once closed", body = [ConsultationJson])))]
pub async fn consultations(
    State(state): State<AppState>,
) -> Result<Json<Vec<ConsultationJson>>, WebError> {
    let db = &state.db;
    let mut out = Vec::new();
    for s in eng::surveys(db, Viewer::Public).await? {
        let stage = s.stage(today());
        let closed = stage == Stage::Closed;
        let results = eng::responses::results(db, s.id).await?;
        let questions = results
            .into_iter()
            .map(|(q, t)| {
                let t = shown(&q, &t);
                SurveyQuestionJson {
                    prompt: q.prompt.clone(),
                    kind: q.kind.as_str().into(),
                    options: q.options.clone(),
                    total: q.total.map(|t| t.to_string()),
                    answered: t.answered.count().filter(|_| closed),
                    answered_suppressed: t.answered.note().filter(|_| closed).map(str::to_string),
                    results: if closed {
                        t.lines
                            .into_iter()
                            .map(|l| LineJson {
                                label: l.label,
                                count: l.count.count(),
                                suppressed: l.count.note().map(str::to_string),
                                average: l.average,
                            })
                            .collect()
                    } else {
                        vec![]
                    },
                }
            })
            .collect();
        let (quotes, outcomes, responses) = if closed {
            (
                eng::responses::quotes(db, s.id).await?,
                eng::responses::outcomes(db, s.id).await?,
                suppress::one(eng::responses::count(db, s.id).await?).count(),
            )
        } else {
            (vec![], vec![], None)
        };
        out.push(ConsultationJson {
            stage: match stage {
                Stage::Upcoming | Stage::Draft => "upcoming",
                Stage::Open => "open",
                Stage::Closed => "closed",
            }
            .into(),
            slug: s.slug,
            title: s.title,
            summary: s.summary,
            opens_on: s.opens_on,
            closes_on: s.closes_on,
            plan: s.plan_slug,
            responses,
            questions,
            quotes: quotes
                .into_iter()
                .map(|q| QuoteJson {
                    question: q.prompt,
                    text: q.text,
                })
                .collect(),
            you_said_we_did: outcomes
                .into_iter()
                .map(|o| OutcomeJson {
                    you_said: o.you_said,
                    we_did: o.we_did,
                    link: o.link,
                })
                .collect(),
        });
    }
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct EventJson {
    id: i64,
    title: String,
    kind: String,
    /// Local time in Europe/London, ISO 8601 without an offset.
    starts_at: String,
    ends_at: String,
    venue: String,
    postcode: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    /// The local authority's GSS code.
    local_authority: Option<String>,
    partners: String,
    attendance: Option<i64>,
    themes: Vec<String>,
    /// When the office cancelled it (UTC), if it did.
    cancelled_at: Option<String>,
}

/// `GET /api/v1/engagement/events`: every engagement event, newest first.
#[utoipa::path(get, path = "/api/v1/engagement/events", operation_id = "engagement_events", tag = "engagement",
    responses((status = 200, description = "Engagement events with their place, attendance and themes", body = [EventJson])))]
pub async fn events(State(state): State<AppState>) -> Result<Json<Vec<EventJson>>, WebError> {
    Ok(Json(
        eng::events::all(&state.db)
            .await?
            .into_iter()
            .map(|e| EventJson {
                themes: e.theme_list().iter().map(|t| t.to_string()).collect(),
                id: e.id,
                title: e.title,
                kind: e.kind,
                starts_at: e.starts_at,
                ends_at: e.ends_at,
                venue: e.venue,
                postcode: e.postcode,
                latitude: e.latitude,
                longitude: e.longitude,
                local_authority: e.lad_code,
                partners: e.partners,
                attendance: e.attendance,
                cancelled_at: e.cancelled_at,
            })
            .collect(),
    ))
}
