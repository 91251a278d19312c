//! The public summary of HMICFRS inspections: PEEL grades by area, each finding and how far it
//! has got, and the Commissioner's response against its 56-day deadline. The office's forms
//! record the response and move findings on.

use super::{long_day, today, viewer};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::{FINDING_STATUSES, finding_kind_label, response_due};
use opcc_store::governance::{self as gov, Viewer};

pub struct FindingView {
    pub id: i64,
    pub kind: &'static str,
    pub reference: String,
    pub text: String,
    pub owner: String,
    pub status: String,
    pub status_label: &'static str,
    pub evidence: String,
    pub closed_on: Option<String>,
}

pub struct InspectionView {
    pub id: i64,
    pub title: String,
    pub published: String,
    pub url: String,
    pub summary: String,
    pub grades: Vec<gov::inspections::Grade>,
    pub due: String,
    pub response: String,
    pub responded: Option<String>,
    /// "Published on time", "Published late", "Due", "Overdue".
    pub response_state: &'static str,
    pub findings: Vec<FindingView>,
}

#[derive(Template)]
#[template(path = "governance/inspections.html")]
struct Page {
    l: Layout,
    inspections: Vec<InspectionView>,
    office: bool,
    statuses: [(&'static str, &'static str); 3],
}

pub async fn summary(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let db = &state.db;
    let mut inspections = Vec::new();
    for i in gov::inspections::list(db).await? {
        let published = time::Date::parse(
            &i.published_on,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|e| WebError::Internal(e.to_string()))?;
        let due = response_due(published);
        let responded = i.response_published_on.as_deref().and_then(|d| {
            time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
        });
        let response_state = match responded {
            Some(r) if r <= due => "Published on time",
            Some(_) => "Published late",
            None if today() <= due => "Due",
            None => "Overdue",
        };
        let findings = gov::inspections::findings(db, Some(i.id))
            .await?
            .into_iter()
            .map(|f| FindingView {
                id: f.id,
                kind: finding_kind_label(&f.kind),
                status_label: FINDING_STATUSES
                    .iter()
                    .find(|(s, _)| *s == f.status)
                    .map(|(_, l)| *l)
                    .unwrap_or("Open"),
                reference: f.reference,
                text: f.text,
                owner: f.owner,
                status: f.status,
                evidence: f.evidence,
                closed_on: f.closed_on.as_deref().map(long_day),
            })
            .collect();
        inspections.push(InspectionView {
            id: i.id,
            published: long_day(&i.published_on),
            due: opcc_domain::finance::long_date(due),
            responded: responded.map(opcc_domain::finance::long_date),
            response_state,
            grades: gov::inspections::grades(db, i.id).await?,
            title: i.title,
            url: i.url,
            summary: i.summary,
            response: i.response,
            findings,
        });
    }
    Ok(render(&Page {
        l: Layout::new(&state, &ctx, "Inspections of the force", "governance"),
        inspections,
        office: viewer(&ctx) == Viewer::Office,
        statuses: FINDING_STATUSES,
    })?
    .into_response())
}
