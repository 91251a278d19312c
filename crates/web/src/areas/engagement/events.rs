//! Engagement events: a map drawn from the force area's boundaries (the crime map's outlines,
//! no outside tiles) with each placed event a numbered marker, the list beside it, a table of
//! events by local authority, and an iCalendar feed of upcoming events (the governance
//! feeds' hand-written writer), cancelled events marked so in both. The office's form is
//! `event_form`.

use super::{long_when, today};
use crate::AppState;
use crate::charts::esc;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pages::crime::map::{lad_outlines, map_svg_open};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opcc_domain::engagement::event_kind_label;
use opcc_domain::governance::ical::{Event as IcalEvent, calendar};
use opcc_domain::governance::parse_local;
use opcc_store::crime::boundaries::Boundaries;
use opcc_store::engagement::events::{self, Event};
use std::fmt::Write;

pub struct Listed {
    pub number: usize,
    pub e: Event,
    pub kind: &'static str,
    pub when: String,
    pub place: String,
    pub themes: Vec<String>,
}

fn lad_name(b: Option<&Boundaries>, code: Option<&str>) -> String {
    match (b, code) {
        (Some(b), Some(c)) => b
            .lads
            .iter()
            .find(|l| l.code == c)
            .map_or_else(|| c.to_string(), |l| l.name.clone()),
        (None, Some(c)) => c.to_string(),
        _ => "Not placed".into(),
    }
}

fn svg(b: &Boundaries, listed: &[Listed]) -> String {
    let placed = listed.iter().filter(|l| l.e.latitude.is_some()).count();
    let mut s = map_svg_open(
        "events-map",
        b,
        0.0,
        "Engagement events on a map of the force area",
        &format!(
            "The force area's local authorities in outline, with {placed} events as numbered \
             circles at their places. The list beside the map gives each number's event, and \
             the table below counts the events in each local authority."
        ),
    );
    lad_outlines(&mut s, b);
    for l in listed {
        let (Some(lat), Some(lon)) = (l.e.latitude, l.e.longitude) else {
            continue;
        };
        let (x, y) = b.projection.project(lon, lat);
        // A cancelled event keeps its number, greyed, so the list and the map still agree.
        let (fill, note) = if l.e.cancelled_at.is_some() {
            ("#505a5f", " (cancelled)")
        } else {
            ("#1d70b8", "")
        };
        let _ = write!(
            s,
            r##"<g><title>{}. {}{note}</title><circle cx="{x:.0}" cy="{y:.0}" r="16" fill="{fill}" stroke="#ffffff" stroke-width="3"/><text x="{x:.0}" y="{:.0}" font-size="18" font-weight="bold" text-anchor="middle" fill="#ffffff">{}</text></g>"##,
            l.number,
            esc(&l.e.title),
            y + 6.0,
            l.number
        );
    }
    s.push_str("</svg>");
    s
}

#[derive(Template)]
#[template(path = "engagement/events.html")]
struct MapPage {
    l: Layout,
    svg: Option<String>,
    upcoming: Vec<Listed>,
    past: Vec<Listed>,
    /// Each local authority's events and the attendance recorded at them (none if no event
    /// there has a figure: "not recorded", not 0).
    by_area: Vec<(String, usize, Option<i64>)>,
}

pub async fn map(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let db = &state.db;
    let b = events::boundaries(db).await?;
    let now = format!("{}T00:00", today());
    let mut all = events::all(db).await?;
    all.reverse();
    let listed: Vec<Listed> = all
        .into_iter()
        .enumerate()
        .map(|(i, e)| Listed {
            number: i + 1,
            kind: event_kind_label(&e.kind),
            when: long_when(&e.starts_at),
            place: lad_name(b.as_deref(), e.lad_code.as_deref()),
            themes: e.theme_list().iter().map(|t| t.to_string()).collect(),
            e,
        })
        .collect();
    let mut by_area: Vec<(String, usize, Option<i64>)> = Vec::new();
    let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    };
    for l in listed.iter().filter(|l| l.e.cancelled_at.is_none()) {
        match by_area.iter_mut().find(|(p, _, _)| *p == l.place) {
            Some(row) => {
                row.1 += 1;
                row.2 = add(row.2, l.e.attendance);
            }
            None => by_area.push((l.place.clone(), 1, l.e.attendance)),
        }
    }
    by_area.sort();
    let svg = b.as_deref().map(|b| svg(b, &listed));
    let (upcoming, past): (Vec<Listed>, Vec<Listed>) =
        listed.into_iter().partition(|l| l.e.ends_at >= now);
    Ok(render(&MapPage {
        l: Layout::new(&state, &ctx, "Engagement events", "engagement"),
        svg,
        upcoming,
        past,
        by_area,
    })?
    .into_response())
}

fn stamp(updated_at: &str) -> time::OffsetDateTime {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    updated_at
        .get(..19)
        .and_then(|s| time::PrimitiveDateTime::parse(s, &fmt).ok())
        .map(|t| t.assume_utc())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// `GET /engagement/events.ics`: events that have not yet ended.
pub async fn feed(State(state): State<AppState>) -> Result<Response, WebError> {
    let host: String = state
        .service_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let from = format!("{}T00:00", today());
    let list: Vec<IcalEvent> = events::upcoming(&state.db, &from)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(IcalEvent {
                uid: format!("engagement-event-{}@{host}", e.id),
                stamp: stamp(&e.updated_at),
                start: parse_local(&e.starts_at).ok()?,
                end: parse_local(&e.ends_at).ok()?,
                summary: e.title.clone(),
                description: format!(
                    "{}{}. Events map: /engagement/events",
                    if e.cancelled_at.is_some() {
                        "Cancelled. "
                    } else {
                        ""
                    },
                    event_kind_label(&e.kind)
                ),
                location: match &e.postcode {
                    Some(p) => format!("{}, {p}", e.venue),
                    None => e.venue.clone(),
                },
                url: None,
                cancelled: e.cancelled_at.is_some(),
            })
        })
        .collect();
    let name = format!("{}: engagement events", state.service_name);
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        calendar(&name, &list),
    )
        .into_response())
}
