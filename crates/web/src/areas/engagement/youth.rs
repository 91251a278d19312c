//! The youth commission: the public page (its rounds, the themes heard, its recommendations
//! and the Commissioner's responses; a count of members, never who) and the office's page
//! (members, aged 14 to 25, whose names and birth dates are the office's only; viewing them is
//! recorded in the audit log; opening it applies the retention rule).

use super::admin::{day, finish};
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
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    born_on: String,
    #[serde(default)]
    joined_on: String,
}

pub async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<MemberForm>,
) -> Result<Response, WebError> {
    let r = async {
        let born = day("Date of birth", &f.born_on)?;
        let joined = day("Joined", &f.joined_on)?;
        youth::add_member(&state.db, &who.actor(), &f.name, born, None, joined).await
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

#[derive(Deserialize)]
pub struct RoundForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    held_on: String,
    #[serde(default)]
    reach: String,
    #[serde(default)]
    themes: String,
    #[serde(default)]
    summary: String,
}

pub async fn add_round(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<RoundForm>,
) -> Result<Response, WebError> {
    let r = async {
        let held = day("Held", &f.held_on)?;
        let reach = f.reach.trim().parse::<i64>().map_err(|_| {
            StoreError::Invalid(format!(
                "Young people taking part: {:?} is not a whole number",
                f.reach
            ))
        })?;
        let themes: Vec<String> = f
            .themes
            .lines()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect();
        youth::add_round(
            &state.db,
            &who.actor(),
            &f.title,
            held,
            reach,
            &themes,
            &f.summary,
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
