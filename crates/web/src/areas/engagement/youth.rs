//! The youth commission: the public page (its rounds, the themes heard, its recommendations
//! and the Commissioner's responses; a count of members, never who) and the office's page
//! (members, aged 14 to 25, whose names and birth dates are the office's only; viewing them is
//! recorded in the audit log; opening it applies the retention rule).

use super::admin::finish;
use super::{long_day, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::engagement::YOUTH_PERSONAL_DATA_DAYS;
use opcc_store::StoreError;
use opcc_store::engagement::youth::{self, Member, Recommendation, Round};
use serde::Deserialize;
use std::collections::HashMap;

pub struct RoundView {
    pub r: Round,
    pub held: String,
    pub themes: Vec<String>,
    pub recs: Vec<(Recommendation, String)>,
}

async fn round_views(state: &AppState) -> Result<Vec<RoundView>, WebError> {
    let recs = youth::recommendations(&state.db).await?;
    Ok(youth::rounds(&state.db)
        .await?
        .into_iter()
        .map(|r| RoundView {
            held: long_day(&r.held_on),
            themes: r.themes.lines().map(String::from).collect(),
            recs: recs
                .iter()
                .filter(|x| x.round_id == r.id)
                .map(|x| {
                    let d = x.responded_on.as_deref().map(long_day).unwrap_or_default();
                    (x.clone(), d)
                })
                .collect(),
            r,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "engagement/youth.html")]
struct PublicPage {
    l: Layout,
    members: i64,
    rounds: Vec<RoundView>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    Ok(render(&PublicPage {
        l: Layout::new(&state, &ctx, "The youth commission", "engagement"),
        members: youth::member_count(&state.db).await?,
        rounds: round_views(&state).await?,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "engagement/youth_admin.html")]
struct AdminPage {
    l: Layout,
    members: Vec<Member>,
    rounds: Vec<RoundView>,
    keep_days: i64,
    /// The add forms' date boxes start empty and are never shown with an error (a refused
    /// form goes to the problem page).
    blank: crate::form::DateValue,
    no_error: Option<&'static str>,
}

impl AdminPage {
    fn long(&self, iso: &str) -> String {
        long_day(iso)
    }
}

pub async fn admin(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    let db = &state.db;
    youth::erase_expired(db, &who.actor(), today()).await?;
    let members = youth::viewed_members(db, &who.actor()).await?;
    Ok(render(&AdminPage {
        l: Layout::new(&state, &ctx, "The youth commission", "admin"),
        members,
        rounds: round_views(&state).await?,
        keep_days: YOUTH_PERSONAL_DATA_DAYS,
        blank: crate::form::DateValue::default(),
        no_error: None,
    })?
    .into_response())
}

/// A date from its GOV.UK boxes `{field}-day`, `-month` and `-year` (or one ISO `{field}`, as
/// scripts send it).
fn boxed(f: &HashMap<String, String>, field: &str, label: &str) -> Result<time::Date, StoreError> {
    crate::form::DateValue::from_form(f, field)
        .parse(label)
        .map(|d| d.0)
        .map_err(StoreError::Invalid)
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = async {
        let born = boxed(&f, "born_on", "The date of birth")?;
        let joined = boxed(&f, "joined_on", "The day they joined")?;
        let name = f.get("name").map_or("", String::as_str);
        youth::add_member(&state.db, &who.actor(), name, born, None, joined).await
    }
    .await;
    finish(&state, &ctx, r, "/admin/engagement/youth").await
}

/// `POST /admin/engagement/youth/members/{id}/leave`: the day they left, in GOV.UK date boxes
/// (`left-day`, `left-month`, `left-year`).
pub async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = async {
        let left = crate::form::DateValue::from_form(&f, "left")
            .parse("The day they left")
            .map_err(opcc_store::StoreError::Invalid)?;
        youth::leave(&state.db, &who.actor(), id, left.0, today()).await
    }
    .await;
    finish(&state, &ctx, r, "/admin/engagement/youth").await
}

pub async fn add_round(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = async {
        let t = |k: &str| f.get(k).map_or("", String::as_str);
        let held = boxed(&f, "held_on", "The day the round was held")?;
        let reach = t("reach").trim().parse::<i64>().map_err(|_| {
            StoreError::Invalid(format!(
                "Young people taking part: {:?} is not a whole number",
                t("reach")
            ))
        })?;
        let themes: Vec<String> = t("themes")
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        youth::add_round(
            &state.db,
            &who.actor(),
            t("title"),
            held,
            reach,
            &themes,
            t("summary"),
        )
        .await
    }
    .await;
    finish(&state, &ctx, r, "/admin/engagement/youth").await
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    text: String,
}

pub async fn add_recommendation(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, WebError> {
    let r = youth::add_recommendation(&state.db, &who.actor(), id, &f.text).await;
    finish(&state, &ctx, r, "/admin/engagement/youth").await
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> Result<Response, WebError> {
    let r = youth::respond(&state.db, &who.actor(), id, &f.text, today()).await;
    finish(&state, &ctx, r, "/admin/engagement/youth").await
}
