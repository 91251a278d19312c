//! Street crime from data.police.uk as the public reads it: the force area's summary for a
//! month (by category, by local authority, and the 12-month trend), a map (LSOA rates per 1,000
//! or the published points), and a comparison of every force loaded. Every chart comes with its
//! table and every table with a CSV download. A month not loaded is a gap, never a zero; crimes
//! outside the force's own area or without a location are counted and shown as such.

use crate::AppState;
use crate::api::crime::{csv_response, force_slug, parse_month};
use crate::charts::{Bar, bar_chart, esc, gap_line_chart, number};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use opcc_domain::crime::{ASB, Area, By, Category, Kind, LsoaCount, Month, SummaryRow};
use opcc_store::crime::boundaries::Boundaries;
use opcc_store::crime::geo::{VINTAGE_2011, VINTAGE_2021, geo};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write;

#[derive(Deserialize, Default)]
pub struct CrimeQuery {
    /// data.police.uk force slug (default: this office's force area).
    force: Option<String>,
    /// YYYY-MM (default: the latest month loaded).
    month: Option<String>,
    /// `all-crime` (default), `all`, or a police.uk category slug.
    category: Option<String>,
    /// The map: `lsoa` (default) or `points`.
    view: Option<String>,
}

/// police.uk's street categories today; older files' categories are offered when present.
const CATEGORIES: [&str; 14] = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
];

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn category_choices(current: &Category, extra: &[String]) -> Vec<Choice> {
    let mut names: Vec<String> = CATEGORIES.iter().map(|s| s.to_string()).collect();
    for e in extra {
        if !names.contains(e) {
            names.push(e.clone());
        }
    }
    names.sort();
    let mut out = vec![
        (
            "all-crime".to_string(),
            "All crime (not anti-social behaviour)".to_string(),
        ),
        (
            "all".to_string(),
            "All crime and anti-social behaviour".to_string(),
        ),
    ];
    out.extend(
        names
            .into_iter()
            .map(|n| (opcc_domain::crime::category_slug(&n), n)),
    );
    if !out.iter().any(|(v, _)| v == current.as_str()) {
        out.push((current.as_str().to_string(), current.as_str().to_string()));
    }
    out.into_iter()
        .map(|(value, label)| Choice {
            selected: value == current.as_str(),
            value,
            label,
        })
        .collect()
}

fn month_choices(months: &[Month], current: Option<Month>) -> Vec<Choice> {
    let mut all: Vec<Month> = months.to_vec();
    if let Some(c) = current.filter(|c| !all.contains(c)) {
        all.push(c);
    }
    all.sort_by(|a, b| b.cmp(a));
    all.into_iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: if months.contains(&m) {
                m.long()
            } else {
                format!("{} (not loaded)", m.long())
            },
            selected: Some(m) == current,
        })
        .collect()
}

fn rate(r: Option<f64>) -> String {
    r.map(number).unwrap_or_else(|| "Unknown".into())
}

fn count(n: i64) -> String {
    number(n as f64)
}

fn place(a: Option<Area>) -> &'static str {
    match a {
        Some(Area::In) | None => "In the force area",
        Some(Area::Outside) => "Outside the force area",
        Some(Area::Unknown) => "Could not be placed",
        Some(Area::NoLocation) => "No location published",
    }
}

/// The force, month and category a page is about.
struct Chosen {
    force: String,
    force_name: String,
    pfa_code: Option<String>,
    /// Street months loaded for the force, newest first.
    months: Vec<Month>,
    month: Option<Month>,
    loaded: bool,
    category: Category,
}

async fn choose(state: &AppState, q: &CrimeQuery) -> Result<Chosen, WebError> {
    let force = force_slug(state, q.force.clone()).await?;
    let pfa = geo().pfa_by_slug(&force);
    let mut months: Vec<Month> = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .filter(|e| e.force == force && e.kind == Kind::Street)
        .map(|e| e.month)
        .collect();
    months.sort_by(|a, b| b.cmp(a));
    let month = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_month("month", s)?),
        None => months.first().copied(),
    };
    Ok(Chosen {
        force_name: pfa.map_or_else(|| force.clone(), |p| p.name.clone()),
        pfa_code: pfa.map(|p| p.code.clone()),
        loaded: month.is_some_and(|m| months.contains(&m)),
        months,
        month,
        category: Category::parse(q.category.as_deref().unwrap_or("")),
        force,
    })
}

fn label_of(choices: &[Choice]) -> String {
    choices
        .iter()
        .find(|c| c.selected)
        .map(|c| c.label.clone())
        .unwrap_or_default()
}

mod compare;
pub(crate) mod map;
mod summary;

pub use compare::{compare, compare_csv};
pub use map::{map, map_csv};
pub use summary::summary;

/// For templates: a count as people read it.
pub fn fmt_count(n: &i64) -> String {
    count(*n)
}

/// For templates: the total count of the map's class table.
pub fn class_total(rows: &[map::ClassRow]) -> String {
    count(rows.iter().map(|r| r.count).sum())
}

/// For templates: a rate, or "Unknown".
pub fn fmt_rate(r: &Option<f64>) -> String {
    rate(*r)
}
