//! Complaints about the Chief Constable, for the complaints team: record one, and each dated
//! step after (recording or handling outside Schedule 3, contact, the handling decision,
//! referral to the IOPC where required, the outcome with the right of review).

use super::casework::{StepView, step_views};
use super::{done, team, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
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
    today: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    Ok(render(&NewPage {
        l: Layout::new(
            &state,
            &ctx,
            "Record a complaint about the Chief Constable",
            "complaints",
        ),
        today: today().to_string(),
    })?
    .into_response())
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let t = |k: &str| f.get(k).cloned().unwrap_or_default();
    let new = cc::NewComplaint {
        person: store::NewPerson {
            name: t("name"),
            email: t("email"),
            phone: t("phone"),
            address: t("address"),
        },
        summary: t("summary"),
        received_on: t("received_on"),
        schedule3: t("schedule3") == "yes",
        referral_required: t("referral_required") == "yes",
    };
    match cc::create(&state.db, &who.actor(), &new).await {
        Ok(id) => done(
            &state,
            &ctx,
            Ok(()),
            &format!("/admin/complaints/chief-constable/{id}"),
            "",
        ),
        Err(e) => done(
            &state,
            &ctx,
            Err(e),
            "",
            "/admin/complaints/chief-constable/new",
        ),
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
    today: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let c = cc::get(&state.db, id).await?;
    store::record_view(&state.db, &who.actor(), "complaints_cc", id).await?;
    let person = match c.person_id {
        Some(p) => Some(store::person(&state.db, p).await?),
        None => None,
    };
    Ok(render(&ShowPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Complaint {}", c.reference),
            "complaints",
        ),
        steps: step_views(&steps(&c)),
        handling: handling_label(c.handling.as_deref().unwrap_or("")),
        handlings: HANDLING,
        person,
        today: today().to_string(),
        c,
    })?
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
    let t = |k: &str| f.get(k).cloned().unwrap_or_default();
    let back = format!("/admin/complaints/chief-constable/{id}");
    let step = t("step");
    let value = if step == "handling" {
        t("handling_choice")
    } else {
        t("value")
    };
    let r = cc::step(&state.db, &who.actor(), id, &step, &t("on"), &value).await;
    done(&state, &ctx, r, &back, &back)
}
