//! A volunteer's own page (`/schemes/me`): their published rota visits, the days and times
//! they can visit, and their expenses claims (miles at 45p plus other costs). Everything here
//! is the signed-in volunteer's own; refusals show on the page with an error summary.

use super::apply::field_error;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::OfficeOrVolunteer;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::schemes::rota::{PARTS, WEEKDAYS};
use opcc_store::StoreError;
use opcc_store::schemes::{lifecycle, rota, volunteers};
use std::collections::HashMap;

pub struct VisitRow {
    pub day: String,
    pub part: &'static str,
    pub place: String,
}

pub struct DayRow {
    pub index: usize,
    pub name: &'static str,
    pub parts: Vec<(&'static str, &'static str, bool)>,
}

pub struct ClaimRow {
    pub day: String,
    pub description: String,
    pub miles: String,
    pub amount: String,
    pub status: String,
    /// Why the office rejected the claim.
    pub reason: String,
}

#[derive(Template)]
#[template(path = "schemes/mine.html")]
struct MinePage {
    l: Layout,
    linked: bool,
    visits: Vec<VisitRow>,
    days: Vec<DayRow>,
    claims: Vec<ClaimRow>,
    error_field: String,
    error: String,
    form: Values,
}

/// What the volunteer typed, to show again with the error.
pub struct Values(HashMap<String, String>);

impl Values {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map_or("", |s| s.as_str())
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &OfficeOrVolunteer,
    problem: Option<String>,
    form: HashMap<String, String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let me = volunteers::by_user(db, who.user().id).await?;
    let today = super::super::governance::today();
    let mut visits = Vec::new();
    let mut days = Vec::new();
    let mut claims = Vec::new();
    if let Some(v) = &me {
        let from = today.replace_day(1).unwrap_or(today).to_string();
        visits = rota::mine(db, v.id, &from)
            .await?
            .into_iter()
            .map(|r| VisitRow {
                day: super::long_day(&r.slot_on),
                part: opcc_domain::schemes::label(&PARTS, &r.slot),
                place: r.place,
            })
            .collect();
        let free: Vec<(u8, &'static str)> = lifecycle::availability_of(db, v.id).await?;
        days = WEEKDAYS
            .iter()
            .enumerate()
            .map(|(i, name)| DayRow {
                index: i,
                name,
                parts: PARTS
                    .iter()
                    .map(|(c, l)| (*c, *l, free.contains(&(i as u8, *c))))
                    .collect(),
            })
            .collect();
        claims = lifecycle::expenses(db, Some(v.id))
            .await?
            .into_iter()
            .map(|e| ClaimRow {
                day: super::long_day(&e.spent_on),
                description: e.description,
                miles: e.miles,
                amount: format!("£{}", e.amount),
                status: e.status,
                reason: e.reason.unwrap_or_default(),
            })
            .collect();
    }
    let (error_field, error) = problem.as_deref().map(field_error).unwrap_or_default();
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let title = if problem.is_some() {
        "Error: your visits, availability and expenses"
    } else {
        "Your visits, availability and expenses"
    };
    Ok((
        status,
        render(&MinePage {
            l: Layout::new(state, ctx, title, "schemes"),
            linked: me.is_some(),
            visits,
            days,
            claims,
            error_field,
            error,
            form: Values(form),
        })?,
    )
        .into_response())
}

/// `GET /schemes/me`.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
) -> Result<Response, WebError> {
    page(&state, &ctx, &who, None, HashMap::new()).await
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    who: &OfficeOrVolunteer,
    r: Result<(), StoreError>,
    form: HashMap<String, String>,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to("/schemes/me").into_response()),
        Err(StoreError::Invalid(p)) => page(state, ctx, who, Some(p), form).await,
        Err(e) => Err(e.into()),
    }
}

async fn me(state: &AppState, who: &OfficeOrVolunteer) -> Result<i64, WebError> {
    volunteers::by_user(&state.db, who.user().id)
        .await?
        .map(|v| v.id)
        .ok_or(WebError::NotFound)
}

/// `POST /schemes/me/availability`: one checkbox per weekday and part of the day.
pub async fn availability(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let id = me(&state, &who).await?;
    let mut when = Vec::new();
    for d in 0..7u8 {
        for (p, _) in PARTS {
            if f.contains_key(&format!("avail-{d}-{p}")) {
                when.push((d, p));
            }
        }
    }
    let r = lifecycle::set_availability(&state.db, &who.actor(), id, &when).await;
    after(&state, &ctx, &who, r, HashMap::new()).await
}

/// `POST /schemes/me/expenses`: a claim; the day as day, month and year.
pub async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let id = me(&state, &who).await?;
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let on = match (
        text("spent-day").parse::<u8>(),
        text("spent-month").parse::<u8>(),
        text("spent-year").parse::<i32>(),
    ) {
        (Ok(d), Ok(m), Ok(y)) => format!("{y:04}-{m:02}-{d:02}"),
        _ => "x".into(),
    };
    let r = lifecycle::claim(
        &state.db,
        &who.actor(),
        id,
        &on,
        text("description"),
        text("miles"),
        text("other"),
    )
    .await
    .map(|_| ())
    .map_err(|e| match e {
        StoreError::Invalid(m) if m.starts_with("spent_on:") => StoreError::Invalid(
            "spent: enter the day as a day, month and year, like 27 3 2024".into(),
        ),
        other => other,
    });
    after(&state, &ctx, &who, r, f).await
}
