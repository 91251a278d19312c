//! Volunteers' reports, mobile first: a volunteer starts a report of a visit or audit, adds
//! each detainee (by custody record number), call or dog with the scheme's checklist, adds any
//! finding, and submits; each step is a small form that works on a phone. The office sees
//! every report (each opening of one is written to the audit log), corrects a submitted one
//! with a reason and answers its findings (`office`).

use super::{done, long_day};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{OfficeOrVolunteer, is_office, person};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::policy;
use opcc_domain::schemes::{self as rules, Kind};
use opcc_store::schemes::{self as store, reports};
use std::collections::{BTreeMap, HashMap};

pub struct ReportRow {
    pub id: i64,
    pub scheme: String,
    pub place: String,
    pub day: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "schemes/reports.html")]
struct ListPage {
    l: Layout,
    office: bool,
    linked: bool,
    reports: Vec<ReportRow>,
    places: Vec<(i64, String)>,
}

fn rows(all: Vec<reports::Report>) -> Vec<ReportRow> {
    all.into_iter()
        .map(|r| ReportRow {
            id: r.id,
            day: long_day(&r.visited_on),
            scheme: r.scheme_name,
            place: r.place_name,
            status: if r.status == "submitted" {
                "Submitted".into()
            } else {
                "Draft".into()
            },
        })
        .collect()
}

/// `GET /schemes/reports`: a volunteer's own reports and the form to start one; the office's
/// latest reports from every scheme.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
) -> Result<Response, WebError> {
    let db = &state.db;
    let office = is_office(&ctx);
    let me = store::volunteers::by_user(db, who.user().id).await?;
    let (reports, places) = match (&me, office) {
        (_, true) => (reports::list(db, None, 50).await?, Vec::new()),
        (Some(v), false) => {
            let schemes = store::schemes(db).await?;
            let mut places = Vec::new();
            for s in schemes {
                if store::volunteers::is_member(db, v.id, &s.slug).await? {
                    for p in store::places(db, Some(s.id)).await? {
                        places.push((p.id, format!("{}: {}", s.name, p.name)));
                    }
                }
            }
            (reports::list(db, Some(v.id), 200).await?, places)
        }
        (None, false) => (Vec::new(), Vec::new()),
    };
    Ok(render(&ListPage {
        l: Layout::new(&state, &ctx, "Visit and audit reports", "schemes"),
        office,
        linked: me.is_some(),
        reports: rows(reports),
        places,
    })?
    .into_response())
}

/// `POST /schemes/reports`: a volunteer starts a draft report.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let r = reports::start(
        &state.db,
        &who.actor(),
        &person(who.user()),
        &reports::NewReport {
            place_id: text("place_id").parse().unwrap_or(0),
            partner_id: None,
            visited_on: text("visited_on"),
            arrived_at: text("arrived_at"),
            unannounced: text("unannounced") == "yes",
        },
    )
    .await;
    match r {
        Ok(id) => done(&state, &ctx, Ok(()), &format!("/schemes/reports/{id}"), "").await,
        Err(e) => done(&state, &ctx, Err(e), "", "/schemes/reports").await,
    }
}

pub struct ObservationView {
    pub id: i64,
    pub subject: String,
    pub what: &'static str,
    pub answers: Vec<(&'static str, &'static str)>,
    pub note: String,
}

pub struct FindingView {
    pub id: i64,
    pub raised: &'static str,
    pub text: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub force_response: String,
    pub responded: Option<String>,
    pub closed: Option<String>,
}

pub(crate) fn finding_view(f: &reports::Finding) -> FindingView {
    let due = opcc_domain::schemes::oocr::parse_day(&f.due_on);
    FindingView {
        id: f.id,
        raised: if f.raised == "at_time" {
            "Raised at the time"
        } else {
            "Escalated to the office"
        },
        text: f.text.clone(),
        due: long_day(&f.due_on),
        status: f.status.clone(),
        overdue: due.is_some_and(|d| {
            rules::finding_overdue(&f.status, d, super::super::governance::today())
        }),
        force_response: f.force_response.clone(),
        responded: f.responded_on.as_deref().map(long_day),
        closed: f.closed_on.as_deref().map(long_day),
    }
}

#[derive(Template)]
#[template(path = "schemes/report.html")]
struct ReportPage {
    l: Layout,
    r: reports::Report,
    day: String,
    editable: bool,
    office: bool,
    subject_label: &'static str,
    kind: &'static str,
    checklist: &'static [(&'static str, &'static str)],
    answers: [(&'static str, &'static str); 3],
    visits: [(&'static str, &'static str); 3],
    call_types: [(&'static str, &'static str); 2],
    sheets: [(&'static str, &'static str); 3],
    observations: Vec<ObservationView>,
    findings: Vec<FindingView>,
    corrections: Vec<reports::Correction>,
}

fn kind_code(k: Kind) -> &'static str {
    match k {
        Kind::Custody => "custody",
        Kind::Calls => "calls",
        Kind::Dogs => "dogs",
        Kind::Engagement => "engagement",
        Kind::Panel => "panel",
    }
}

/// `GET /schemes/reports/{id}`: the report, to its author or the office only.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let me = person(who.user());
    let r = reports::get(db, &me, id).await?;
    let office = is_office(&ctx);
    if office {
        reports::record_view(db, &who.actor(), id).await?;
    }
    let kind = r.kind();
    let observations = reports::observations(db, id)
        .await?
        .into_iter()
        .map(|o| {
            let what = match (&o.visit, &o.call_type, &o.sheet) {
                (Some(v), _, _) => rules::label(&rules::VISITS, v),
                (_, Some(c), _) => rules::label(&rules::CALL_TYPES, c),
                (_, _, Some(s)) => rules::label(&rules::SHEETS, s),
                _ => "",
            };
            let given = o.answers();
            ObservationView {
                id: o.id,
                what,
                answers: kind
                    .checklist()
                    .iter()
                    .map(|(k, q)| {
                        (
                            *q,
                            given
                                .get(*k)
                                .map(|a| rules::label(&rules::ANSWERS, a))
                                .unwrap_or("Not answered"),
                        )
                    })
                    .collect(),
                subject: o.subject,
                note: o.note,
            }
        })
        .collect();
    let findings = reports::findings(db, Some(id), false)
        .await?
        .iter()
        .map(finding_view)
        .collect();
    Ok(render(&ReportPage {
        l: Layout::new(
            &state,
            &ctx,
            format!(
                "{} report: {}, {}",
                r.scheme_name,
                r.place_name,
                long_day(&r.visited_on)
            ),
            "schemes",
        ),
        day: long_day(&r.visited_on),
        editable: policy::may_edit_report(&me, &r.rule()),
        office,
        subject_label: kind.subject_label(),
        kind: kind_code(kind),
        checklist: kind.checklist(),
        answers: rules::ANSWERS,
        visits: rules::VISITS,
        call_types: rules::CALL_TYPES,
        sheets: rules::SHEETS,
        observations,
        findings,
        corrections: reports::corrections(db, id).await?,
        r,
    })?
    .into_response())
}

fn back(id: i64) -> String {
    format!("/schemes/reports/{id}")
}

/// `POST /schemes/reports/{id}/observations`: a detainee, call or dog with its answers.
pub async fn add_observation(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let answers: BTreeMap<String, String> = f
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("q_").map(|q| (q.to_string(), v.clone())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let r = reports::add_observation(
        &state.db,
        &who.actor(),
        &person(who.user()),
        id,
        &reports::NewObservation {
            subject: text("subject"),
            visit: text("visit"),
            call_type: text("call_type"),
            sheet: text("sheet"),
            answers,
            note: text("note"),
        },
    )
    .await
    .map(|_| ());
    done(
        &state,
        &ctx,
        r,
        &format!("{}#observations", back(id)),
        &back(id),
    )
    .await
}

/// `POST /schemes/reports/{id}/observations/{observation}/remove`.
pub async fn remove_observation(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path((id, observation)): Path<(i64, i64)>,
) -> Result<Response, WebError> {
    let r = reports::remove_observation(
        &state.db,
        &who.actor(),
        &person(who.user()),
        id,
        observation,
    )
    .await;
    done(&state, &ctx, r, &back(id), &back(id)).await
}

/// `POST /schemes/reports/{id}/findings`.
pub async fn add_finding(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let r = reports::add_finding(
        &state.db,
        &who.actor(),
        &person(who.user()),
        id,
        text("raised"),
        text("text"),
    )
    .await
    .map(|_| ());
    done(
        &state,
        &ctx,
        r,
        &format!("{}#findings", back(id)),
        &back(id),
    )
    .await
}

/// `POST /schemes/reports/{id}/notes`.
pub async fn save_notes(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let notes = f.get("notes").map(String::as_str).unwrap_or("");
    let r = reports::save_notes(&state.db, &who.actor(), &person(who.user()), id, notes).await;
    done(&state, &ctx, r, &back(id), &back(id)).await
}

/// `POST /schemes/reports/{id}/submit`: from now on only the office's corrections change it.
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reports::submit(&state.db, &who.actor(), &person(who.user()), id).await;
    done(&state, &ctx, r, &back(id), &back(id)).await
}
