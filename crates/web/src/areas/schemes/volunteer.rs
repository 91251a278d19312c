//! One volunteer, for the office (`/admin/schemes/volunteers/{id}`): their schemes, vetting
//! and training with their expiry dates, when they can visit, and the forms to record a
//! renewed vetting or training (its new expiry, as a GOV.UK date input) or their leaving. A
//! renewal takes them off the dashboard's "about to expire" list. Personal data: only the staff of
//! one of their schemes sees the page or changes it (not found to the rest of the office).

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
use opcc_domain::schemes::rota::{PARTS, WEEKDAYS};
use opcc_domain::schemes::{self as rules, EXPIRY_WARNING_DAYS, oocr::parse_day};
use opcc_store::schemes::{lifecycle, volunteers};
use std::collections::HashMap;

pub struct Check {
    pub what: &'static str,
    pub until: String,
    pub expiring: bool,
}

#[derive(Template)]
#[template(path = "schemes/volunteer.html")]
struct Page {
    l: Layout,
    v: volunteers::Volunteer,
    joined: String,
    left: Option<String>,
    checks: Vec<Check>,
    available: Vec<String>,
    errors: FormErrors,
    what: String,
    expires: DateValue,
    left_on: DateValue,
}

/// What a refused form gives back: the renewal's choice and date, or the day they left.
#[derive(Default)]
struct Typed {
    what: String,
    expires: DateValue,
    left_on: DateValue,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    id: i64,
    errors: FormErrors,
    typed: Typed,
) -> Result<Response, WebError> {
    let Typed {
        what,
        expires,
        left_on,
    } = typed;
    let db = &state.db;
    let v = volunteers::get_seen_by(db, who.user().id, id).await?;
    let today = super::super::governance::today();
    let check = |what: &'static str, d: &Option<String>| Check {
        what,
        until: d
            .as_deref()
            .map(super::long_day)
            .unwrap_or_else(|| "Not recorded".into()),
        expiring: v.left_on.is_none()
            && rules::expires_within(d.as_deref().and_then(parse_day), today, EXPIRY_WARNING_DAYS),
    };
    let checks = vec![
        check("Vetting", &v.vetting_expires_on),
        check("Training", &v.training_expires_on),
    ];
    let free = lifecycle::availability_of(db, id).await?;
    let available = WEEKDAYS
        .iter()
        .enumerate()
        .filter_map(|(i, day)| {
            let parts: Vec<&str> = PARTS
                .iter()
                .filter(|(c, _)| free.contains(&(i as u8, *c)))
                .map(|(_, l)| *l)
                .collect();
            (!parts.is_empty()).then(|| format!("{day}: {}", parts.join(", ")))
        })
        .collect();
    let title = errors.title(format!("Volunteer: {}", v.name));
    Ok((
        errors.status(),
        render(&Page {
            l: Layout::new(state, ctx, &title, "schemes"),
            joined: super::long_day(&v.joined_on),
            left: v.left_on.as_deref().map(super::long_day),
            checks,
            available,
            errors,
            what,
            expires,
            left_on,
            v,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/volunteers/{id}`.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    page(
        &state,
        &ctx,
        &who,
        id,
        FormErrors::default(),
        Typed::default(),
    )
    .await
}

/// `POST /admin/schemes/volunteers/{id}/renew`: `what` (vetting or training) and the new
/// expiry as `expires-day`, `-month` and `-year`, which must be after today.
pub async fn renew(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    volunteers::get_seen_by(&state.db, who.user().id, id).await?;
    let what = f.get("what").map(|s| s.trim()).unwrap_or("").to_string();
    let expires = DateValue::from_form(&f, "expires");
    let mut errors = FormErrors::default();
    if what != "vetting" && what != "training" {
        errors.add("what", "Select whether vetting or training was renewed");
    }
    let until = errors.date("expires", "The new expiry date", &expires, true);
    if until.is_some_and(|d| d.0 <= super::super::governance::today()) {
        errors.add("expires", "The new expiry date must be in the future");
    }
    if let (Some(d), true) = (until, errors.is_empty()) {
        volunteers::renew(&state.db, &who.actor(), id, &what, &d.to_string()).await?;
        return Ok(Redirect::to(&format!("/admin/schemes/volunteers/{id}")).into_response());
    }
    page(
        &state,
        &ctx,
        &who,
        id,
        errors,
        Typed {
            what,
            expires,
            ..Typed::default()
        },
    )
    .await
}

/// `POST /admin/schemes/volunteers/{id}/leave`: the day they left, as a date input.
pub async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    volunteers::get_seen_by(&state.db, who.user().id, id).await?;
    let left_on = DateValue::from_form(&f, "left");
    let mut errors = FormErrors::default();
    if let Some(d) = errors.date("left", "The day they left", &left_on, true) {
        volunteers::leave(&state.db, &who.actor(), id, &d.to_string()).await?;
        return Ok(Redirect::to(&format!("/admin/schemes/volunteers/{id}")).into_response());
    }
    page(
        &state,
        &ctx,
        &who,
        id,
        errors,
        Typed {
            left_on,
            ..Typed::default()
        },
    )
    .await
}
