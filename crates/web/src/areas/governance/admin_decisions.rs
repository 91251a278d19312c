//! The office's forms for decisions (record, publish, link to a meeting) and HMICFRS
//! inspections (the response, each finding's progress). Each saves through the store with
//! its audit entry; a refusal is shown naming the field, with a way back.

use super::admin::{done, index_page};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors, store_message};
use crate::policy::Office;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::governance::{DecisionNumber, parse_exemption};
use opcc_store::StoreError;
use opcc_store::governance as gov;
use serde::Deserialize;
use std::collections::HashMap;

/// The notice's free-text parts: (field, label).
const TEXTS: [(&str, &str); 7] = [
    ("summary", "Summary"),
    ("options", "Options considered"),
    ("reasons", "Reasons"),
    ("financial", "Financial implications"),
    ("legal", "Legal implications"),
    ("equality", "Equality implications"),
    ("exempt_part", "Exempt part (never published)"),
];

/// The decision form as typed, so that a refusal gives it back.
#[derive(Debug)]
pub(super) struct DecisionValues {
    pub title: String,
    pub decision_maker: String,
    pub decided_on: DateValue,
    pub meeting_id: String,
    /// (field, label, value) for each of `TEXTS`.
    pub texts: Vec<(&'static str, &'static str, String)>,
    pub exemption: String,
    pub fully_exempt: bool,
}

impl Default for DecisionValues {
    fn default() -> DecisionValues {
        DecisionValues {
            title: String::new(),
            decision_maker: "Police and Crime Commissioner".into(),
            decided_on: DateValue::default(),
            meeting_id: String::new(),
            texts: TEXTS.iter().map(|(f, l)| (*f, *l, String::new())).collect(),
            exemption: String::new(),
            fully_exempt: false,
        }
    }
}

impl DecisionValues {
    fn typed(f: &HashMap<String, String>) -> DecisionValues {
        let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        DecisionValues {
            title: get("title"),
            decision_maker: get("decision_maker"),
            decided_on: DateValue::from_form(f, "decided_on"),
            meeting_id: get("meeting_id"),
            texts: TEXTS.iter().map(|(k, l)| (*k, *l, get(k))).collect(),
            exemption: get("exemption"),
            fully_exempt: !get("fully_exempt").is_empty(),
        }
    }

    fn text(&self, field: &str) -> String {
        self.texts
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|(.., v)| v.clone())
            .unwrap_or_default()
    }
}

/// `POST /admin/governance/decisions`: a refusal comes back on the index page, beside its
/// field, with what was typed.
pub async fn create_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let v = DecisionValues::typed(&f);
    let mut errors = FormErrors::default();
    let decided_on = errors.date(
        "decided_on",
        "The date of the decision",
        &v.decided_on,
        true,
    );
    let meeting_id = match v.meeting_id.as_str() {
        "" => None,
        s => match s.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("meeting_id", "Choose a meeting, or none");
                None
            }
        },
    };
    let exemption = match parse_exemption(&v.exemption) {
        Ok(e) => e,
        Err(m) => {
            errors.add("exemption", store_message(&m).1);
            None
        }
    };
    if let (Some(day), true) = (decided_on, errors.is_empty()) {
        let d = gov::decisions::NewDecision {
            title: v.title.clone(),
            decision_maker: v.decision_maker.clone(),
            decided_on: day.to_string(),
            meeting_id,
            summary: v.text("summary"),
            options: v.text("options"),
            reasons: v.text("reasons"),
            financial: v.text("financial"),
            legal: v.text("legal"),
            equality: v.text("equality"),
            exempt_part: v.text("exempt_part"),
            exemption,
            fully_exempt: v.fully_exempt,
        };
        match gov::decisions::create(&state.db, &who.actor(), &d).await {
            Ok(n) => {
                return Ok(
                    Redirect::to(&format!("/governance/decisions/{}", n.slug())).into_response()
                );
            }
            Err(StoreError::Invalid(refusal)) => {
                let (field, message) = store_message(&refusal);
                let field = match field {
                    "title" | "decision_maker" | "decided_on" | "meeting_id" | "exemption" => field,
                    f if TEXTS.iter().any(|(t, _)| *t == f) => f,
                    _ => "title",
                };
                errors.add(field, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    index_page(&state, &ctx, errors, Default::default(), v).await
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
