//! The office's event form: recording an event, changing it and cancelling it. Days are
//! GOV.UK date inputs (day, month, year) with a time beside them; a single ISO field
//! (`starts_at`, "2025-06-12T18:00"), as scripts send, is read when the boxes are empty.

use super::admin::finish;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::engagement::place::parse_coordinates;
use opcc_domain::engagement::{EVENT_KINDS, parse_postcode};
use opcc_domain::governance::{format_local, parse_local};
use opcc_store::StoreError;
use opcc_store::engagement as eng;
use serde::Deserialize;
use time::PrimitiveDateTime;

#[derive(Deserialize, Default)]
pub struct EventForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default, rename = "starts-day")]
    starts_day: String,
    #[serde(default, rename = "starts-month")]
    starts_month: String,
    #[serde(default, rename = "starts-year")]
    starts_year: String,
    #[serde(default, rename = "starts-time")]
    starts_time: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default, rename = "ends-time")]
    ends_time: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    postcode: String,
    #[serde(default)]
    latitude: String,
    #[serde(default)]
    longitude: String,
    #[serde(default)]
    lad: String,
    #[serde(default)]
    partners: String,
    #[serde(default)]
    attendance: String,
    #[serde(default)]
    themes: String,
}

/// "18:00" or "9:30" on a day; the error names the field (its box's id) it belongs to.
fn at(
    day: time::Date,
    clock: &str,
    field: &'static str,
    label: &str,
) -> Result<PrimitiveDateTime, (&'static str, String)> {
    crate::form::time_on(day, clock, &format!("the event {label}")).map_err(|m| (field, m))
}

/// The event's start and end: the date boxes and the two times, or the ISO fields.
fn times(f: &EventForm) -> Result<(PrimitiveDateTime, PrimitiveDateTime), (&'static str, String)> {
    let boxes = DateValue {
        day: f.starts_day.trim().into(),
        month: f.starts_month.trim().into(),
        year: f.starts_year.trim().into(),
    };
    if boxes.is_blank() && !f.starts_at.trim().is_empty() {
        let start = parse_local(&f.starts_at).map_err(|m| ("starts", format!("Starts: {m}")))?;
        let end = parse_local(&f.ends_at).map_err(|m| ("e-end", format!("Ends: {m}")))?;
        return Ok((start, end));
    }
    let day = boxes
        .parse("The event's date")
        .map_err(|m| ("starts", m))?
        .0;
    Ok((
        at(day, &f.starts_time, "e-start", "starts")?,
        at(day, &f.ends_time, "e-end", "ends")?,
    ))
}

/// The event the form describes, or every problem with it, each at its field's id.
fn event(f: &EventForm, lads: &[String], errors: &mut FormErrors) -> Option<eng::events::NewEvent> {
    if f.title.trim().is_empty() {
        errors.add("e-title", "Enter the event's title");
    }
    if !EVENT_KINDS.iter().any(|(k, _)| *k == f.kind) {
        errors.add("e-kind", "Choose the kind of event");
    }
    let when = match times(f) {
        Ok((start, end)) if end <= start => {
            errors.add("e-end", "The event must end after it starts");
            None
        }
        Ok(t) => Some(t),
        Err((field, m)) => {
            errors.add(field, m);
            None
        }
    };
    if f.venue.trim().is_empty() {
        errors.add("e-venue", "Enter the event's venue");
    }
    let postcode = match f.postcode.trim() {
        "" => None,
        p => parse_postcode(p)
            .map_err(|m| errors.add("e-postcode", format!("Postcode: {m}")))
            .ok(),
    };
    let coordinates = match (f.latitude.trim(), f.longitude.trim()) {
        ("", "") => None,
        (lat, lon) => parse_coordinates(lat, lon)
            .map_err(|m| errors.add("e-lat", format!("Coordinates: {m}")))
            .ok(),
    };
    let lad_code = match f.lad.trim() {
        "" => None,
        l if lads.iter().any(|c| c == l) => Some(l.to_string()),
        _ => {
            errors.add("e-lad", "Choose one of the force area's local authorities");
            None
        }
    };
    if coordinates.is_none() && lad_code.is_none() && errors.get("e-lat").is_none() {
        errors.add(
            "e-lat",
            "Give the event's coordinates (to place it on the map) or choose its local authority",
        );
    }
    let attendance = match f.attendance.trim() {
        "" => None,
        a => a.parse::<i64>().ok().filter(|n| *n >= 0).or_else(|| {
            errors.add(
                "e-attendance",
                format!("Attendance must be a whole number, not {a:?}"),
            );
            None
        }),
    };
    let (start, end) = when?;
    if !errors.is_empty() {
        return None;
    }
    Some(eng::events::NewEvent {
        title: f.title.trim().into(),
        kind: f.kind.clone(),
        starts_at: format_local(start),
        ends_at: format_local(end),
        venue: f.venue.trim().into(),
        postcode,
        coordinates,
        lad_code,
        partners: f.partners.trim().into(),
        attendance,
        themes: f
            .themes
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
    })
}

/// The store refuses a point outside the force area: that is the coordinates' problem.
fn store_error(e: StoreError, errors: &mut FormErrors) -> Result<(), WebError> {
    match e {
        StoreError::Invalid(m) => {
            errors.add("e-lat", m);
            Ok(())
        }
        e => Err(e.into()),
    }
}

pub(super) async fn lads(state: &AppState) -> Result<Vec<(String, String)>, StoreError> {
    Ok(match opcc_store::force_area::current(&state.db).await? {
        Some(a) => a
            .local_authorities
            .into_iter()
            .map(|l| (l.gss_code, l.name))
            .collect(),
        None => vec![],
    })
}

async fn codes(state: &AppState) -> Result<Vec<String>, StoreError> {
    Ok(lads(state).await?.into_iter().map(|(c, _)| c).collect())
}

/// `POST /admin/engagement/events`: errors come back on the office's engagement page, in
/// its error summary and beside each field, with what was typed.
pub async fn create_event(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<EventForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if let Some(e) = event(&f, &codes(&state).await?, &mut errors) {
        match eng::events::create(&state.db, &who.actor(), &e).await {
            Ok(_) => return Ok(Redirect::to("/admin/engagement").into_response()),
            Err(e) => store_error(e, &mut errors)?,
        }
    }
    super::admin::index_page(
        &state,
        &ctx,
        EventValues::typed(&f),
        Default::default(),
        errors,
    )
    .await
}

/// What the event form's boxes hold: empty for a new event, the event's for a change.
#[derive(Default)]
pub struct EventValues {
    pub title: String,
    pub kind: String,
    pub day: DateValue,
    pub start_time: String,
    pub end_time: String,
    pub venue: String,
    pub postcode: String,
    pub latitude: String,
    pub longitude: String,
    pub lad: String,
    pub partners: String,
    pub attendance: String,
    pub themes: String,
}

impl EventValues {
    /// What was typed, to give back with the errors.
    pub fn typed(f: &EventForm) -> EventValues {
        EventValues {
            title: f.title.clone(),
            kind: f.kind.clone(),
            day: DateValue {
                day: f.starts_day.clone(),
                month: f.starts_month.clone(),
                year: f.starts_year.clone(),
            },
            start_time: f.starts_time.clone(),
            end_time: f.ends_time.clone(),
            venue: f.venue.clone(),
            postcode: f.postcode.clone(),
            latitude: f.latitude.clone(),
            longitude: f.longitude.clone(),
            lad: f.lad.clone(),
            partners: f.partners.clone(),
            attendance: f.attendance.clone(),
            themes: f.themes.clone(),
        }
    }

    fn of(e: &eng::events::Event) -> EventValues {
        let clock = |s: &str| s.get(11..16).unwrap_or_default().to_string();
        let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        EventValues {
            title: e.title.clone(),
            kind: e.kind.clone(),
            day: parse_local(&e.starts_at)
                .map(|t| DateValue::of(opcc_domain::plans::file::Day(t.date())))
                .unwrap_or_default(),
            start_time: clock(&e.starts_at),
            end_time: clock(&e.ends_at),
            venue: e.venue.clone(),
            postcode: e.postcode.clone().unwrap_or_default(),
            // A placed event is placed again from its coordinates; the authority is kept
            // only for one placed by hand.
            latitude: opt(e.latitude),
            longitude: opt(e.longitude),
            lad: if e.latitude.is_some() {
                String::new()
            } else {
                e.lad_code.clone().unwrap_or_default()
            },
            partners: e.partners.clone(),
            attendance: e.attendance.map(|n| n.to_string()).unwrap_or_default(),
            themes: e.themes.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "engagement/event_edit.html")]
struct EditPage {
    l: Layout,
    e: eng::events::Event,
    cancelled_on: Option<String>,
    v: EventValues,
    event_kinds: Vec<(&'static str, &'static str)>,
    lads: Vec<(String, String)>,
    errors: FormErrors,
}

/// `GET /admin/engagement/events/{id}`: the event's form filled in, and the cancel button.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let e = eng::events::by_id(&state.db, id).await?;
    Ok(render(&EditPage {
        l: Layout::new(&state, &ctx, format!("Change {}", e.title), "admin"),
        cancelled_on: e.cancelled_at.as_deref().map(super::long_day),
        v: EventValues::of(&e),
        event_kinds: EVENT_KINDS.to_vec(),
        lads: lads(&state).await?,
        errors: FormErrors::default(),
        e,
    })?
    .into_response())
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<EventForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if let Some(new) = event(&f, &codes(&state).await?, &mut errors) {
        match eng::events::update(&state.db, &who.actor(), id, &new).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/admin/engagement/events/{id}")).into_response());
            }
            Err(e) => store_error(e, &mut errors)?,
        }
    }
    let e = eng::events::by_id(&state.db, id).await?;
    let page = EditPage {
        l: Layout::new(
            &state,
            &ctx,
            errors.title(format!("Change {}", e.title)),
            "admin",
        ),
        cancelled_on: e.cancelled_at.as_deref().map(super::long_day),
        v: EventValues::typed(&f),
        event_kinds: EVENT_KINDS.to_vec(),
        lads: lads(&state).await?,
        e,
        errors,
    };
    Ok((page.errors.status(), render(&page)?).into_response())
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = eng::events::cancel(&state.db, &who.actor(), id).await;
    finish(&state, &ctx, r, &format!("/admin/engagement/events/{id}")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_boxes_and_times_make_the_start_and_end() {
        let f = EventForm {
            starts_day: "12".into(),
            starts_month: "6".into(),
            starts_year: "2025".into(),
            starts_time: "18:00".into(),
            ends_time: "20:30".into(),
            ..Default::default()
        };
        let (s, e) = times(&f).unwrap();
        assert_eq!(format_local(s), "2025-06-12T18:00");
        assert_eq!(format_local(e), "2025-06-12T20:30");
        let no_month = EventForm {
            starts_month: String::new(),
            ..f
        };
        assert_eq!(
            times(&no_month).unwrap_err(),
            (
                "starts",
                "The event's date must include a month".to_string()
            )
        );
        let late = EventForm {
            starts_day: "31".into(),
            starts_month: "6".into(),
            starts_year: "2025".into(),
            starts_time: "25:00".into(),
            ..Default::default()
        };
        assert!(times(&late).unwrap_err().1.contains("real date"));
    }
}
