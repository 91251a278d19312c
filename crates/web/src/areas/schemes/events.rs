//! The consultation and engagement scheme's events (`/admin/schemes/events`): the office sees
//! each event (day, what, where, people reached, how many volunteers went); only the
//! engagement scheme's staff see who went and record an event, choosing from the scheme's
//! active volunteers. The day is a GOV.UK date input; a refusal is shown on the form (422).

use super::apply::field_error;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::schemes::{events, volunteers};
use std::collections::HashMap;

pub struct Row {
    pub day: String,
    pub e: events::Event,
}

#[derive(Template)]
#[template(path = "schemes/events.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    /// Whether the user is the engagement scheme's staff: who went, and the form.
    staff: bool,
    people: Vec<(i64, String)>,
    errors: FormErrors,
    held: DateValue,
    typed: HashMap<String, String>,
    chosen: Vec<i64>,
}

impl Page {
    fn typed(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |s| s.as_str())
    }
}

async fn is_staff(state: &AppState, who: &Office) -> Result<bool, WebError> {
    Ok(super::staff_of(state, who)
        .await?
        .iter()
        .any(|s| s == "engagement"))
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    errors: FormErrors,
    held: DateValue,
    typed: HashMap<String, String>,
    chosen: Vec<i64>,
) -> Result<Response, WebError> {
    let staff = is_staff(state, who).await?;
    let rows = events::list(&state.db)
        .await?
        .into_iter()
        .map(|mut e| {
            if !staff {
                // The count stays; the names are the scheme staff's.
                e.volunteers = e
                    .volunteers
                    .iter()
                    .map(|(id, _)| (*id, String::new()))
                    .collect();
            }
            Row {
                day: super::long_day(&e.held_on),
                e,
            }
        })
        .collect();
    let people = if staff {
        volunteers::seen_by(&state.db, who.user().id)
            .await?
            .into_iter()
            .filter(|v| v.left_on.is_none() && v.schemes.split(", ").any(|s| s == "engagement"))
            .map(|v| (v.id, v.name))
            .collect()
    } else {
        Vec::new()
    };
    let title = errors.title("Consultation and engagement events");
    Ok((
        errors.status(),
        render(&Page {
            l: Layout::new(state, ctx, &title, "schemes"),
            rows,
            staff,
            people,
            errors,
            held,
            typed,
            chosen,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/events`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    let none = HashMap::new();
    page(
        &state,
        &ctx,
        &who,
        FormErrors::default(),
        DateValue::default(),
        none,
        Vec::new(),
    )
    .await
}

/// `POST /admin/schemes/events`: the engagement scheme's staff record an event (`held-day`,
/// ..., `title`, `place`, optional `reached`, and each `volunteers` who went).
pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !is_staff(&state, &who).await? {
        return Err(WebError::NotFound);
    }
    let chosen: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "volunteers")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let f: HashMap<String, String> = pairs
        .into_iter()
        .filter(|(k, _)| k != "volunteers")
        .collect();
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let held = DateValue::from_form(&f, "held");
    let mut errors = FormErrors::default();
    let on = errors.date("held", "The day of the event", &held, true);
    if on.is_some_and(|d| d.0 > super::super::governance::today()) {
        errors.add("held", "The day of the event must be today or in the past");
    }
    if text("title").is_empty() {
        errors.add("title", "Enter what the event was");
    }
    if text("place").is_empty() {
        errors.add("place", "Enter where the event was held");
    }
    let reached = match text("reached") {
        "" => None,
        n => match n.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                errors.add(
                    "reached",
                    "Enter the number of people reached as a whole number, like 40",
                );
                None
            }
        },
    };
    if chosen.is_empty() {
        errors.add("volunteers", "Choose the volunteers who went");
    }
    if let (Some(on), true) = (on, errors.is_empty()) {
        let r = events::add(
            &state.db,
            &who.actor(),
            &events::NewEvent {
                held_on: &on.to_string(),
                title: text("title"),
                place: text("place"),
                reached,
                volunteers: &chosen,
            },
        )
        .await;
        match r {
            Ok(id) => {
                return Ok(
                    Redirect::to(&format!("/admin/schemes/events#event-{id}")).into_response()
                );
            }
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                let at = match field.as_str() {
                    "held_on" => "held",
                    "title" | "place" | "reached" => field.as_str(),
                    _ => "volunteers",
                };
                errors.add(at, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(&state, &ctx, &who, errors, held, f, chosen).await
}
