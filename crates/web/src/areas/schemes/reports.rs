//! Volunteers' reports, mobile first: a volunteer starts a report of a visit or audit, adds
//! each detainee (by custody record number), call or dog with the scheme's checklist, adds any
//! finding, and submits; each step is a small form that works on a phone. The office sees
//! every report (each opening of one is written to the audit log), corrects a submitted one
//! with a reason and answers its findings (`office`).

use super::apply::field_error;
use super::long_day;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::DateValue;
use crate::layout::{Layout, render};
use crate::policy::{OfficeOrVolunteer, is_office, person};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::policy;
use opcc_domain::schemes::{self as rules, Kind};
use opcc_store::StoreError;
use opcc_store::schemes::reports;
use opcc_store::schemes::volunteers as store_volunteers;
use std::collections::{BTreeMap, HashMap};

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
    /// A refused form, shown again on this page: which form, the field its message is about,
    /// the message, the id the error summary links to, and what was typed.
    form: String,
    error_field: String,
    error: String,
    anchor: String,
    typed: HashMap<String, String>,
    corrected: DateValue,
    /// Who the author visited with: their name to the author and the scheme's staff, to the
    /// rest of the office only that there was a partner.
    partner: Option<String>,
}

impl ReportPage {
    /// A correction's field as people call it.
    fn field_label(&self, field: &str) -> &'static str {
        match field {
            "visited_on" => "The date of the visit",
            "arrived_at" => "The time of arrival",
            _ => "The notes",
        }
    }

    /// A corrected value as the page shows it: a date as "1 April 2024".
    fn shown(&self, field: &str, value: &str) -> String {
        if field == "visited_on" {
            long_day(value)
        } else {
            value.to_string()
        }
    }

    /// The message for `field` of `form`, when that is what was refused.
    fn err(&self, form: &str, field: &str) -> Option<&str> {
        (self.form == form && self.error_field == field).then_some(self.error.as_str())
    }

    /// Whether `value` was the choice typed in `key` of `form`.
    fn chose(&self, form: &str, key: &str, value: &str) -> bool {
        self.typed(form, key) == value
    }

    /// Whether `answer` was typed to checklist question `key` of the refused observation.
    fn answered(&self, key: &str, answer: &str) -> bool {
        self.typed("observation", &format!("q_{key}")) == answer
    }

    /// The message for `field` of finding `id`'s response form, when that was refused.
    fn response_err(&self, id: &i64, field: &str) -> Option<&str> {
        self.err(&format!("response-{id}"), field)
    }

    /// What was typed in `key` of finding `id`'s response form.
    fn response_typed(&self, id: &i64, key: &str) -> &str {
        self.typed(&format!("response-{id}"), key)
    }

    /// What was typed in box `part` (day, month, year) of finding `id`'s response date.
    fn response_box(&self, id: &i64, part: &str) -> &str {
        self.response_typed(id, &format!("fo-{id}-{part}"))
    }

    /// What was typed in `key` of `form`, when that form is shown again.
    fn typed(&self, form: &str, key: &str) -> &str {
        if self.form == form {
            self.typed.get(key).map_or("", |s| s.as_str())
        } else {
            ""
        }
    }
}

/// A form of the report's page that the store refused, to show again with its error.
pub(super) struct Refusal {
    pub form: String,
    pub field: String,
    pub message: String,
    pub typed: HashMap<String, String>,
}

/// The id of the input an error is about, for the error summary's link: the first radio of
/// a group, the day box of a date, or the form itself when the message names no field.
fn anchor(form: &str, field: &str, kind: Kind) -> String {
    let first = |list: &[(&str, &str)]| list.first().map_or("", |(c, _)| *c).to_string();
    let checklist = kind.checklist().iter().any(|(k, _)| *k == field);
    match (form, field) {
        ("observation", "subject" | "note") => field.to_string(),
        ("observation", "visit") => format!("visit-{}", first(&rules::VISITS)),
        ("observation", "call_type") => format!("call_type-{}", first(&rules::CALL_TYPES)),
        ("observation", "sheet") => format!("sheet-{}", first(&rules::SHEETS)),
        ("observation", _) if checklist => format!("q_{field}-{}", first(&rules::ANSWERS)),
        ("finding", "raised") => "raised-at_time".into(),
        ("finding", "text") => "text".into(),
        ("notes", _) => "notes".into(),
        ("remove", _) => "observations".into(),
        ("correct", "field" | "value" | "reason" | "corrected") => field.to_string(),
        (f, "force_response") if f.starts_with("response-") => {
            format!("fr-{}", &f["response-".len()..])
        }
        (f, "on") if f.starts_with("response-") => format!("fo-{}", &f["response-".len()..]),
        (f, _) => format!("{f}-form"),
    }
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
    report_page(&state, &ctx, &who, id, None).await
}

/// The report's page, with a refused form shown again when there is one.
pub(super) async fn report_page(
    state: &AppState,
    ctx: &Ctx,
    who: &OfficeOrVolunteer,
    id: i64,
    refusal: Option<Refusal>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let me = person(who.user());
    let r = reports::get(db, &me, id).await?;
    let office = is_office(ctx);
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
    let refusal = refusal.unwrap_or(Refusal {
        form: String::new(),
        field: String::new(),
        message: String::new(),
        typed: HashMap::new(),
    });
    let refused = !refusal.form.is_empty();
    let partner = match r.partner_id {
        None => None,
        Some(p) => {
            let named = if office {
                opcc_store::schemes::staff::schemes_of(db, who.user().id)
                    .await?
                    .contains(&r.scheme_slug)
            } else {
                true
            };
            Some(if named {
                store_volunteers::name_of(db, p).await?.unwrap_or_default()
            } else {
                "Another volunteer of the scheme (named to its staff)".to_string()
            })
        }
    };
    let title = format!(
        "{}{} report: {}, {}",
        if refused { "Error: " } else { "" },
        r.scheme_name,
        r.place_name,
        long_day(&r.visited_on)
    );
    let page = ReportPage {
        partner,
        l: Layout::new(state, ctx, title, "schemes"),
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
        anchor: anchor(&refusal.form, &refusal.field, kind),
        corrected: DateValue::from_form(&refusal.typed, "corrected"),
        form: refusal.form,
        error_field: refusal.field,
        error: refusal.message,
        typed: refusal.typed,
        r,
    };
    let status = if refused {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, render(&page)?).into_response())
}

/// After a form of the report's page: on to `next`, or the page again with the refusal
/// beside the field it names and what was typed.
#[allow(clippy::too_many_arguments)]
pub(super) async fn after(
    state: &AppState,
    ctx: &Ctx,
    who: &OfficeOrVolunteer,
    id: i64,
    r: Result<(), StoreError>,
    next: &str,
    form: &str,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(next).into_response()),
        Err(StoreError::Invalid(p)) => {
            let (field, message) = field_error(&p);
            let refusal = Refusal {
                form: form.to_string(),
                field,
                message,
                typed,
            };
            report_page(state, ctx, who, id, Some(refusal)).await
        }
        Err(e) => Err(e.into()),
    }
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
    let next = format!("{}#observations", back(id));
    after(&state, &ctx, &who, id, r, &next, "observation", f).await
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
    after(
        &state,
        &ctx,
        &who,
        id,
        r,
        &back(id),
        "remove",
        HashMap::new(),
    )
    .await
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
    let next = format!("{}#findings", back(id));
    after(&state, &ctx, &who, id, r, &next, "finding", f).await
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
    after(&state, &ctx, &who, id, r, &back(id), "notes", f).await
}

/// `POST /schemes/reports/{id}/submit`: from now on only the office's corrections change it.
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reports::submit(&state.db, &who.actor(), &person(who.user()), id).await;
    after(
        &state,
        &ctx,
        &who,
        id,
        r,
        &back(id),
        "submit",
        HashMap::new(),
    )
    .await
}
