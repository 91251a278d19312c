//! Complaints about the Chief Constable, for the complaints team: record one, and each dated
//! step after (recording or handling outside Schedule 3, contact, the handling decision,
//! referral to the IOPC where required, the outcome with the right of review).

use super::casework::{StepView, step_views};
use super::kept::{Kept, refused};
use super::team;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::complaints::{
    ComplaintDates, HANDLING, Step, complaint_steps, handling_label, parse_day,
};
use opcc_store::complaints::{self as store, cc};
use std::collections::HashMap;

pub(crate) fn steps(c: &cc::Complaint) -> Vec<Step> {
    let d = |s: &Option<String>| s.as_deref().and_then(parse_day);
    complaint_steps(&ComplaintDates {
        received: parse_day(&c.received_on),
        recorded: d(&c.recorded_on),
        handling: d(&c.handling_on),
        referral_required: c.referral_required == 1,
        referred: d(&c.referred_on),
        contacted: d(&c.contacted_on),
        outcome: d(&c.outcome_on),
    })
}

#[derive(Template)]
#[template(path = "complaints/cc_new.html")]
struct NewPage {
    l: Layout,
    errors: FormErrors,
    kept: Kept,
}

fn new_page(
    state: &AppState,
    ctx: &Ctx,
    errors: FormErrors,
    kept: Kept,
) -> Result<Response, WebError> {
    let title = errors.title("Record a complaint about the Chief Constable");
    Ok((
        errors.status(),
        render(&NewPage {
            l: Layout::new(state, ctx, title, "complaints"),
            errors,
            kept,
        })?,
    )
        .into_response())
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    new_page(&state, &ctx, FormErrors::default(), Kept::default())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let kept = Kept(f);
    let mut errors = FormErrors::default();
    let received_on = kept.iso_date(
        &mut errors,
        "received_on",
        "received_on",
        "The date the complaint was received",
        true,
    );
    if !errors.is_empty() {
        return new_page(&state, &ctx, errors, kept);
    }
    let t = |k: &str| kept.v(k).to_string();
    let new = cc::NewComplaint {
        person: store::NewPerson {
            name: t("name"),
            email: t("email"),
            phone: t("phone"),
            address: t("address"),
        },
        summary: t("summary"),
        received_on,
        schedule3: t("schedule3") == "yes",
        referral_required: t("referral_required") == "yes",
    };
    match cc::create(&state.db, &who.actor(), &new).await {
        Ok(id) => {
            Ok(Redirect::to(&format!("/admin/complaints/chief-constable/{id}")).into_response())
        }
        Err(e) => {
            refused(&mut errors, e, "name", |f| {
                matches!(f, "name" | "email" | "phone" | "address" | "summary")
                    .then(|| f.to_string())
            })?;
            new_page(&state, &ctx, errors, kept)
        }
    }
}

#[derive(Template)]
#[template(path = "complaints/cc.html")]
struct ShowPage {
    l: Layout,
    c: cc::Complaint,
    person: Option<store::Person>,
    steps: Vec<StepView>,
    handling: &'static str,
    handlings: [(&'static str, &'static str); 4],
    errors: FormErrors,
    kept: Kept,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    show_page(
        &state,
        &ctx,
        &who,
        id,
        FormErrors::default(),
        Kept::default(),
    )
    .await
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    id: i64,
    errors: FormErrors,
    kept: Kept,
) -> Result<Response, WebError> {
    let c = cc::get(&state.db, id).await?;
    store::record_view(&state.db, &who.actor(), "complaints_cc", id).await?;
    let person = match c.person_id {
        Some(p) => Some(store::person(&state.db, p).await?),
        None => None,
    };
    let title = errors.title(format!("Complaint {}", c.reference));
    Ok((
        errors.status(),
        render(&ShowPage {
            l: Layout::new(state, ctx, title, "complaints"),
            steps: step_views(&steps(&c)),
            handling: handling_label(c.handling.as_deref().unwrap_or("")),
            handlings: HANDLING,
            person,
            errors,
            kept,
            c,
        })?,
    )
        .into_response())
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let kept = Kept(f);
    let mut errors = FormErrors::default();
    let on = kept.iso_date(&mut errors, "cc-on", "on", "The date of the step", true);
    if errors.is_empty() {
        let step = kept.v("step");
        let value = if step == "handling" {
            kept.v("handling_choice")
        } else {
            kept.v("value")
        };
        match cc::step(&state.db, &who.actor(), id, step, &on, value).await {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("/admin/complaints/chief-constable/{id}"))
                        .into_response(),
                );
            }
            Err(e) => refused(&mut errors, e, "step", |f| match f {
                "handling" => Some("handling-value".into()),
                "outcome" => Some("value".into()),
                "on" => Some("cc-on".into()),
                _ => None,
            })?,
        }
    }
    show_page(&state, &ctx, &who, id, errors, kept).await
}
