//! The office's custody rota for a month (`/admin/schemes/rota`): draft it from the
//! volunteers' availability with a seed (the same seed, the same rota), change a visit's day,
//! part or pair, and publish. Refusals show on the page with an error summary. Names appear
//! here only, to the custody scheme's staff: visits stay unannounced.

use super::apply::field_error;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::schemes::rota::PARTS;
use opcc_store::StoreError;
use opcc_store::schemes::{rota, volunteers};
use serde::Deserialize;
use std::collections::HashMap;

/// `month=2024-03` (links, redirects), or the month and year boxes of the page's picker.
#[derive(Deserialize, Default)]
pub struct MonthQuery {
    pub month: Option<String>,
    #[serde(rename = "pick-month")]
    pub pick_month: Option<String>,
    #[serde(rename = "pick-year")]
    pub pick_year: Option<String>,
}

/// What the month picker shows: the boxes as typed, and why they were refused.
#[derive(Default)]
pub struct Pick {
    pub m: String,
    pub y: String,
    pub error: String,
}

pub struct Row {
    pub id: i64,
    pub day: String,
    pub d: String,
    pub m: String,
    pub y: String,
    pub part: String,
    pub part_label: &'static str,
    pub place: String,
    pub first: i64,
    pub second: i64,
    pub pair: String,
    pub published: bool,
}

#[derive(Template)]
#[template(path = "schemes/rota.html")]
struct RotaPage {
    l: Layout,
    month: String,
    month_words: String,
    rows: Vec<Row>,
    people: Vec<(i64, String)>,
    parts: Vec<(&'static str, &'static str)>,
    error: String,
    pick: Pick,
    /// The months before and after (`YYYY-MM`, and in words), for the page's links.
    prev: (String, String),
    next: (String, String),
    published: bool,
    /// Whether the user is the custody scheme's staff; nobody else sees the visits.
    staff: bool,
}

/// "March 2024" for "2024-03".
fn in_words(month: &str) -> String {
    super::long_day(&format!("{month}-01"))
        .split_once(' ')
        .map_or_else(|| month.to_string(), |(_, rest)| rest.to_string())
}

/// The month `by` months from `month` (`YYYY-MM`), with its name.
fn step(month: &str, by: i32) -> (String, String) {
    let (y, m) = month.split_once('-').unwrap_or(("2000", "01"));
    let n = y.parse::<i32>().unwrap_or(2000) * 12 + m.parse::<i32>().unwrap_or(1) - 1 + by;
    let s = format!("{}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1);
    (s.clone(), in_words(&s))
}

/// The month the picker's boxes name, or why they name none.
fn picked(m: &str, y: &str) -> Result<String, &'static str> {
    let (m, y) = (m.trim(), y.trim());
    if m.is_empty() || y.is_empty() {
        return Err("Enter the month and the year, for example 3 2024");
    }
    let month: u8 = m
        .parse()
        .ok()
        .filter(|n| (1..=12).contains(n))
        .ok_or("The month must be a number from 1 to 12")?;
    let year: u16 = y
        .parse()
        .ok()
        .filter(|n| (2000..=2100).contains(n) && y.len() == 4)
        .ok_or("The year must have 4 digits, for example 2024")?;
    Ok(format!("{year}-{month:02}"))
}

fn this_month() -> String {
    let t = super::super::governance::today();
    format!("{}-{:02}", t.year(), u8::from(t.month()))
}

fn valid_month(m: &str) -> Option<String> {
    let d = opcc_domain::schemes::oocr::parse_day(&format!("{}-01", m.trim()))?;
    Some(format!("{}-{:02}", d.year(), u8::from(d.month())))
}

/// Whether the user is the custody scheme's staff: only they see or change the rota (the
/// rest of the office sees the page without its visits and cannot change it, as not found).
async fn custody_staff(state: &AppState, who: &Office) -> Result<bool, WebError> {
    Ok(super::staff_of(state, who)
        .await?
        .iter()
        .any(|s| s == "custody"))
}

async fn must_be_custody_staff(state: &AppState, who: &Office) -> Result<(), WebError> {
    if custody_staff(state, who).await? {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    month: &str,
    problem: Option<String>,
    pick: Pick,
) -> Result<Response, WebError> {
    let staff = custody_staff(state, who).await?;
    let visits = if staff {
        rota::month(&state.db, month).await?
    } else {
        Vec::new()
    };
    let people: Vec<(i64, String)> = volunteers::seen_by(&state.db, who.user().id)
        .await?
        .into_iter()
        .filter(|v| v.left_on.is_none() && v.schemes.split(", ").any(|s| s == "custody"))
        .map(|v| (v.id, v.name))
        .collect();
    let name = |id: i64| {
        people
            .iter()
            .find(|(i, _)| *i == id)
            .map_or_else(|| format!("Volunteer {id}"), |(_, n)| n.clone())
    };
    let rows: Vec<Row> = visits
        .iter()
        .map(|v| Row {
            id: v.id,
            day: super::long_day(&v.slot_on),
            y: v.slot_on[..4].to_string(),
            m: v.slot_on[5..7].trim_start_matches('0').to_string(),
            d: v.slot_on[8..].trim_start_matches('0').to_string(),
            part: v.slot.clone(),
            part_label: opcc_domain::schemes::label(&PARTS, &v.slot),
            place: v.place.clone(),
            first: v.first_id,
            second: v.second_id,
            pair: format!("{} and {}", name(v.first_id), name(v.second_id)),
            published: v.published_at.is_some(),
        })
        .collect();
    let error = problem
        .as_deref()
        .map(|p| field_error(p).1)
        .unwrap_or_default();
    let refused = problem.is_some() || !pick.error.is_empty();
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let month_words = in_words(month);
    Ok((
        status,
        render(&RotaPage {
            l: Layout::new(
                state,
                ctx,
                if refused {
                    "Error: custody visits rota"
                } else {
                    "Custody visits rota"
                },
                "schemes",
            ),
            month: month.to_string(),
            month_words,
            published: rows.iter().any(|r| r.published),
            rows,
            people,
            parts: PARTS.to_vec(),
            error,
            pick,
            prev: step(month, -1),
            next: step(month, 1),
            staff,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/rota?month=2024-03`, or the picker's `pick-month` and `pick-year`: a
/// month the boxes do not name is refused on the page, the boxes kept as typed.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Query(q): Query<MonthQuery>,
) -> Result<Response, WebError> {
    let mut month = match q.month.as_deref() {
        None | Some("") => this_month(),
        Some(m) => valid_month(m).ok_or(WebError::NotFound)?,
    };
    let mut pick = Pick::default();
    if q.pick_month.is_some() || q.pick_year.is_some() {
        pick.m = q.pick_month.unwrap_or_default();
        pick.y = q.pick_year.unwrap_or_default();
        match picked(&pick.m, &pick.y) {
            Ok(m) => month = m,
            Err(e) => pick.error = e.to_string(),
        }
    }
    if pick.error.is_empty() {
        pick.m = month[5..].trim_start_matches('0').to_string();
        pick.y = month[..4].to_string();
    }
    page(&state, &ctx, &who, &month, None, pick).await
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    month: &str,
    r: Result<(), StoreError>,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/admin/schemes/rota?month={month}")).into_response()),
        Err(StoreError::Invalid(p)) => {
            let pick = Pick {
                m: month[5..].trim_start_matches('0').to_string(),
                y: month[..4].to_string(),
                error: String::new(),
            };
            page(state, ctx, who, month, Some(p), pick).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/schemes/rota`: draft (with the seed given, or the month) or publish.
pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    must_be_custody_staff(&state, &who).await?;
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let month = valid_month(text("month")).unwrap_or_else(this_month);
    let r = if text("action") == "publish" {
        rota::publish(&state.db, &who.actor(), &month)
            .await
            .map(|_| ())
    } else {
        let seed = if text("seed").is_empty() {
            month.clone()
        } else {
            text("seed").to_string()
        };
        rota::draft(&state.db, &who.actor(), &month, &seed)
            .await
            .map(|_| ())
    };
    after(&state, &ctx, &who, &month, r).await
}

/// `POST /admin/schemes/rota/{id}`: change a visit (date as day, month and year).
pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    must_be_custody_staff(&state, &who).await?;
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let month = valid_month(text("month")).unwrap_or_else(this_month);
    let on = match (
        text("on-day").parse::<u8>(),
        text("on-month").parse::<u8>(),
        text("on-year").parse::<i32>(),
    ) {
        (Ok(d), Ok(m), Ok(y)) => format!("{y:04}-{m:02}-{d:02}"),
        _ => String::new(),
    };
    let r = if on.is_empty() {
        Err(StoreError::Invalid(
            "on: enter the day of the visit as a day, month and year".into(),
        ))
    } else {
        rota::edit(
            &state.db,
            &who.actor(),
            id,
            &on,
            text("slot"),
            text("first_id").parse().unwrap_or(0),
            text("second_id").parse().unwrap_or(0),
        )
        .await
    };
    after(&state, &ctx, &who, &month, r).await
}
