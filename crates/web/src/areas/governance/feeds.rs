//! iCalendar feeds: every public meeting, and each public body's meetings. Private bodies
//! have no feed for the public; the office's feed of one includes it.

use super::viewer;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::ical::{Event, calendar};
use opcc_domain::governance::parse_local;
use opcc_store::governance::{self as gov, Meeting};

fn stamp(updated_at: &str) -> time::OffsetDateTime {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    updated_at
        .get(..19)
        .and_then(|s| time::PrimitiveDateTime::parse(s, &fmt).ok())
        .map(|t| t.assume_utc())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn events(state: &AppState, meetings: &[Meeting]) -> Vec<Event> {
    let host: String = state
        .service_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    meetings
        .iter()
        .filter_map(|m| {
            Some(Event {
                uid: format!("governance-meeting-{}@{host}", m.id),
                stamp: stamp(&m.updated_at),
                start: parse_local(&m.starts_at).ok()?,
                end: parse_local(&m.ends_at).ok()?,
                summary: m.body_name.clone(),
                description: if m.webcast_url.is_empty() {
                    "Agenda and papers: /governance/meetings/".to_string() + &m.id.to_string()
                } else {
                    format!(
                        "Agenda and papers: /governance/meetings/{}\nWebcast: {}",
                        m.id, m.webcast_url
                    )
                },
                location: m.location.clone(),
                url: None,
                cancelled: m.cancelled == 1,
            })
        })
        .collect()
}

fn ics(body: String) -> Response {
    (
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        body,
    )
        .into_response()
}

pub async fn all(State(state): State<AppState>) -> Result<Response, WebError> {
    // Every public meeting, whoever asks: the feed is for calendar applications.
    let meetings = gov::meetings(&state.db, gov::Viewer::Public, None).await?;
    let name = format!("{}: public meetings", state.service_name);
    Ok(ics(calendar(&name, &events(&state, &meetings))))
}

pub async fn body(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let v = viewer(&ctx);
    let b = gov::body(&state.db, &slug, v).await?;
    let meetings = gov::meetings(&state.db, v, Some(b.id)).await?;
    Ok(ics(calendar(&b.name, &events(&state, &meetings))))
}
