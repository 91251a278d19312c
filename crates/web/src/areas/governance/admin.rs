//! The office's governance forms: meetings (items, papers, attendance, minutes and their
//! approval, actions) and the publication register's documents; decisions and inspections
//! are in `admin_decisions`, the joint risk register in `admin_risks`.
//! Each saves through the store with its audit entry; what the store refuses is shown on a
//! page naming the field, with a way back.

use super::admin_decisions::DecisionValues;
use super::{long_day, long_when};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors, store_message, time_on};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::governance::publication::ITEMS;
use opcc_domain::governance::{EXEMPTIONS, exemption_label, parse_exemption};
use opcc_store::StoreError;
use opcc_store::governance::{self as gov, Viewer};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

/// After a form: back where it came from, or the store's refusal on a page of its own.
pub(super) async fn done(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(back).into_response()),
        Err(StoreError::Invalid(problem)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ProblemPage {
                l: Layout::new(state, ctx, "Error: the change was not saved", "governance"),
                problem,
                back: back.to_string(),
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn finish(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    done(state, ctx, r, back).await
}

pub(super) async fn refused(
    state: &AppState,
    ctx: &Ctx,
    problem: String,
    back: &str,
) -> Result<Response, WebError> {
    done(state, ctx, Err(StoreError::Invalid(problem)), back).await
}

pub(super) fn exemption(s: &str) -> Result<Option<String>, StoreError> {
    parse_exemption(s).map_err(StoreError::Invalid)
}

#[derive(Template)]
#[template(path = "governance/admin.html")]
struct IndexPage {
    l: Layout,
    bodies: Vec<gov::Body>,
    meetings: Vec<(i64, String, String, bool)>,
    decisions: Vec<super::decisions::Row>,
    exemptions: Vec<(&'static str, String)>,
    items: Vec<(&'static str, &'static str)>,
    waiting: usize,
    overdue_actions: usize,
    errors: FormErrors,
    m: MeetingValues,
    d: DecisionValues,
}

/// The meeting form as typed, so that a refusal gives it back.
#[derive(Debug, Default)]
pub(super) struct MeetingValues {
    body_id: String,
    day: DateValue,
    starts_time: String,
    ends_time: String,
    location: String,
    webcast_url: String,
}

impl MeetingValues {
    fn typed(f: &HashMap<String, String>) -> MeetingValues {
        let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        MeetingValues {
            body_id: get("body_id"),
            day: DateValue::from_form(f, "meeting_day"),
            starts_time: get("starts_time"),
            ends_time: get("ends_time"),
            location: get("location"),
            webcast_url: get("webcast_url"),
        }
    }

    /// The start and end as the store takes them ("2025-06-12T10:00"), from the date boxes and
    /// times, or from `starts_at` and `ends_at` as scripts send them.
    fn times(&self, f: &HashMap<String, String>, errors: &mut FormErrors) -> (String, String) {
        let iso = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
        if self.day.is_blank() && !iso("starts_at").is_empty() {
            return (iso("starts_at"), iso("ends_at"));
        }
        // Every problem at once: the times are read even when the day is wrong.
        let day = errors.date("meeting_day", "The day of the meeting", &self.day, true);
        let on = day.map_or(time::Date::MIN, |d| d.0);
        let fmt =
            |t: time::PrimitiveDateTime| format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute());
        let mut at = |field: &str, clock: &str, what: &str| match time_on(on, clock, what) {
            Ok(t) => fmt(t),
            Err(m) => {
                errors.add(field, m);
                String::new()
            }
        };
        let times = (
            at("starts_time", &self.starts_time, "the meeting starts"),
            at("ends_time", &self.ends_time, "the meeting ends"),
        );
        if day.is_none() {
            return Default::default();
        }
        times
    }
}

/// The index page, with a form given back with its errors, or both forms empty.
pub(super) async fn index_page(
    state: &AppState,
    ctx: &Ctx,
    errors: FormErrors,
    m: MeetingValues,
    d: DecisionValues,
) -> Result<Response, WebError> {
    let db = &state.db;
    let mut meetings = gov::meetings(db, Viewer::Office, None).await?;
    meetings.reverse();
    let today = super::today();
    let overdue_actions = gov::actions::all(db)
        .await?
        .iter()
        .filter(|a| {
            time::Date::parse(
                &a.due_on,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .is_ok_and(|d| opcc_domain::governance::action_overdue(&a.status, d, today))
        })
        .count();
    let status = errors.status();
    let page = IndexPage {
        l: Layout::new(state, ctx, errors.title("Governance"), "governance"),
        bodies: gov::bodies(db, Viewer::Office).await?,
        meetings: meetings
            .iter()
            .map(|m| {
                (
                    m.id,
                    m.body_name.clone(),
                    long_when(&m.starts_at),
                    m.is_public(),
                )
            })
            .collect(),
        decisions: gov::decisions::list(db, Viewer::Office, "")
            .await?
            .iter()
            .map(|d| super::decisions::Row {
                number: d.number().to_string(),
                slug: d.number().slug(),
                title: d.title.clone(),
                date: long_day(&d.decided_on),
                state: super::decisions::state_of(d),
            })
            .collect(),
        exemptions: EXEMPTIONS
            .iter()
            .map(|(c, _)| (*c, exemption_label(c).unwrap_or_default()))
            .collect(),
        items: ITEMS.iter().map(|i| (i.item, i.heading)).collect(),
        waiting: gov::questions::all(db)
            .await?
            .iter()
            .filter(|q| q.status == "submitted")
            .count(),
        overdue_actions,
        errors,
        m,
        d,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    index_page(
        &state,
        &ctx,
        FormErrors::default(),
        MeetingValues::default(),
        DecisionValues::default(),
    )
    .await
}

/// `POST /admin/governance/meetings`: a refusal comes back on the index page, beside its
/// field, with what was typed.
pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let v = MeetingValues::typed(&f);
    let mut errors = FormErrors::default();
    let body_id = v.body_id.parse::<i64>().ok();
    if body_id.is_none() {
        errors.add("body_id", "Choose the body that meets");
    }
    let (starts_at, ends_at) = v.times(&f, &mut errors);
    if let (Some(body_id), true) = (body_id, errors.is_empty()) {
        let m = gov::NewMeeting {
            body_id,
            starts_at,
            ends_at,
            location: v.location.clone(),
            webcast_url: v.webcast_url.clone(),
        };
        match gov::create_meeting(&state.db, &who.actor(), &m).await {
            Ok(id) => {
                return Ok(Redirect::to(&format!("/governance/meetings/{id}")).into_response());
            }
            Err(StoreError::Invalid(refusal)) => {
                let (field, message) = store_message(&refusal);
                let field = match field {
                    "starts_at" if v.day.is_blank() => "meeting_day",
                    "starts_at" => "starts_time",
                    "ends_at" => "ends_time",
                    "webcast_url" => "webcast_url",
                    _ => "body_id",
                };
                errors.add(field, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    index_page(&state, &ctx, errors, v, DecisionValues::default()).await
}

fn meeting_page(id: i64) -> String {
    format!("/governance/meetings/{id}")
}

#[derive(Deserialize)]
pub struct ItemForm {
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    exemption: String,
}

pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    let r = async {
        let e = exemption(&f.exemption)?;
        gov::add_item(
            &state.db,
            &who.actor(),
            id,
            &f.title,
            &f.summary,
            e.as_deref(),
        )
        .await
        .map(|_| ())
    }
    .await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

/// An upload form's text fields by name, and its file (`file`) with the name it was sent as.
/// The body's size is bounded before any of it is read (`DefaultBodyLimit`).
pub(crate) async fn upload_fields(
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Option<(String, Bytes)>), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    };
    let (mut fields, mut file) = (HashMap::new(), None);
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        if name == "file" {
            let sent_as = field.file_name().unwrap_or("upload").to_string();
            file = Some((sent_as, field.bytes().await.map_err(bad)?));
        } else {
            fields.insert(name, field.text().await.map_err(bad)?);
        }
    }
    Ok((fields, file))
}

/// `POST /admin/governance/meetings/{id}/papers`: a paper (PDF or Office
/// file, up to 5 MB), for the meeting or one of its items, confidential if an exemption is
/// named.
pub async fn add_paper(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, WebError> {
    let (fields, file) = upload_fields(form).await?;
    let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let (title, item, exempt) = (text("title"), text("item"), text("exemption"));
    let r = async {
        let Some((name, bytes)) = file else {
            return Err(StoreError::Invalid("file: choose a paper to upload".into()));
        };
        let item_id = match item.trim() {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| StoreError::Invalid("item: choose an item".into()))?,
            ),
        };
        let e = exemption(&exempt)?;
        gov::add_paper(
            &state.db,
            &who.actor(),
            &gov::NewPaper {
                meeting_id: id,
                item_id,
                title: &title,
                filename: &name,
                content: &bytes,
                exemption: e.as_deref(),
            },
        )
        .await
        .map(|_| ())
    }
    .await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct AttendanceForm {
    name: String,
    #[serde(default)]
    role: String,
    status: String,
}

pub async fn add_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<AttendanceForm>,
) -> Result<Response, WebError> {
    let r = gov::add_attendance(&state.db, &who.actor(), id, &f.name, &f.role, &f.status).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    minutes: String,
}

pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<MinutesForm>,
) -> Result<Response, WebError> {
    let r = gov::save_minutes(&state.db, &who.actor(), id, &f.minutes).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ApproveForm {
    approved_at: i64,
}

pub async fn approve_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, WebError> {
    let r = gov::approve_minutes(&state.db, &who.actor(), id, f.approved_at).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    description: String,
    owner: String,
    due_on: String,
}

pub async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let r = gov::actions::add(
        &state.db,
        &who.actor(),
        id,
        &f.description,
        &f.owner,
        &f.due_on,
    )
    .await
    .map(|_| ());
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ActionUpdateForm {
    status: String,
    note: String,
    meeting: i64,
}

pub async fn update_action(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ActionUpdateForm>,
) -> Result<Response, WebError> {
    let r = gov::actions::update(&state.db, &who.actor(), id, &f.status, &f.note).await;
    done(&state, &ctx, r, &meeting_page(f.meeting)).await
}

/// `POST /admin/governance/publication`: a document for an item of the Order.
pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    form: Multipart,
) -> Result<Response, WebError> {
    let (fields, file) = upload_fields(form).await?;
    let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let (item, title, on) = (text("item"), text("title"), text("published_on"));
    let r = match file {
        None => Err(StoreError::Invalid(
            "file: choose a document to upload".into(),
        )),
        Some((name, bytes)) => gov::publication::upload(
            &state.db,
            &who.actor(),
            item.trim(),
            &title,
            &name,
            &bytes,
            on.trim(),
        )
        .await
        .map(|_| ()),
    };
    done(&state, &ctx, r, "/transparency").await
}
