//! The decisions register: searchable, newest first; a notice in full, its exempt part shown
//! only to the office.

use super::{long_day, viewer};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::{DecisionNumber, exemption_label};
use opcc_store::governance::{self as gov, Viewer, decisions::Decision};
use serde::Deserialize;

pub struct Row {
    pub number: String,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub state: &'static str,
}

pub fn state_of(d: &Decision) -> &'static str {
    if d.fully_exempt == 1 {
        "Exempt: not published"
    } else if d.published_at.is_some() {
        "Published"
    } else {
        "Draft"
    }
}

#[derive(Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "governance/decisions.html")]
struct ListPage {
    l: Layout,
    q: String,
    rows: Vec<Row>,
    office: bool,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(s): Query<Search>,
) -> Result<Response, WebError> {
    if s.q.chars().count() > 100 {
        return Err(WebError::BadRequest(
            "Search for 100 characters or fewer".into(),
        ));
    }
    let v = viewer(&ctx);
    let rows = gov::decisions::list(&state.db, v, &s.q)
        .await?
        .iter()
        .map(|d| Row {
            number: d.number().to_string(),
            slug: d.number().slug(),
            title: d.title.clone(),
            date: long_day(&d.decided_on),
            state: state_of(d),
        })
        .collect();
    Ok(render(&ListPage {
        l: Layout::new(&state, &ctx, "Decisions register", "governance"),
        q: s.q,
        rows,
        office: v == Viewer::Office,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "governance/decision.html")]
struct ShowPage {
    l: Layout,
    d: Decision,
    number: String,
    slug: String,
    date: String,
    state: &'static str,
    exemption: Option<String>,
    meeting: Option<(i64, String)>,
    links: Vec<(String, String, String)>,
    office: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let n = DecisionNumber::parse_slug(&number).ok_or(WebError::NotFound)?;
    let v = viewer(&ctx);
    let d = gov::decisions::get(&state.db, n, v).await?;
    let meeting = match d.meeting_id {
        Some(id) => gov::meeting(&state.db, id, v).await.ok().map(|m| {
            (
                m.id,
                format!("{}, {}", m.body_name, super::long_when(&m.starts_at)),
            )
        }),
        None => None,
    };
    let mut links: Vec<(String, String, String)> = gov::decisions::links_of(&state.db, d.id)
        .await?
        .into_iter()
        .map(|(kind, target)| {
            let href = match kind.as_str() {
                "budget" => format!("/finance/budgets/{target}"),
                "plan" => format!("/plans/{target}"),
                "grant" => format!("/funding/grants/{target}"),
                _ => String::new(),
            };
            (kind, target, href)
        })
        .collect();
    // A decline names an application, which stays the office's (never published): its page
    // links back to it with the amount asked for.
    if v == Viewer::Office
        && let Some((id, title, amount)) =
            opcc_store::commissioning::cycle::declined_by_decision(&state.db, &n.to_string())
                .await?
    {
        links.push((
            "application".into(),
            format!(
                "{title:?}, {} applied for",
                opcc_domain::finance::pounds(amount)
            ),
            format!("/admin/commissioning/applications/{id}"),
        ));
    }
    Ok(render(&ShowPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Decision {n}: {}", d.title),
            "governance",
        ),
        number: n.to_string(),
        slug: n.slug(),
        date: long_day(&d.decided_on),
        state: state_of(&d),
        exemption: d.exemption.as_deref().and_then(exemption_label),
        meeting,
        links,
        office: v == Viewer::Office,
        d,
    })?
    .into_response())
}
