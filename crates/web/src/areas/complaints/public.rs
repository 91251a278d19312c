//! The public's pages: what the office does about police complaints, with aggregate figures
//! only (the IOPC's statistics for the force beside its most similar forces and England and
//! Wales, the office's performance as review body, themes fed back and the force's
//! responses), and the item 7C statement for each published year.

use super::day;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::complaints::iopc::{ALLEGATIONS, HEADLINES, OUTCOMES, SCOPES};
use opcc_domain::complaints::year_label;
use opcc_store::complaints::oversight::{self, FigureRow, ReviewFigures, Theme};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

/// A row of a comparison: the measure and its value for each scope ("" where not given).
pub struct Row {
    pub label: String,
    pub values: Vec<String>,
}

pub struct QuarterRows {
    pub quarter: i64,
    pub rows: Vec<Row>,
}

/// A year's figures as the pages show them.
pub struct YearView {
    pub year: i64,
    pub label: String,
    pub scopes: Vec<&'static str>,
    /// The year: counts summed, averages and shares the mean of the quarters given.
    pub headline: Vec<Row>,
    pub quarters: Vec<QuarterRows>,
    pub allegations: Vec<Row>,
    pub outcomes: Vec<Row>,
    pub reviews: ReviewFigures,
}

fn combine(rows: &[&FigureRow], sum: bool) -> String {
    let values: Vec<Decimal> = rows
        .iter()
        .filter_map(|r| Decimal::from_str(&r.value).ok())
        .collect();
    if values.is_empty() {
        return String::new();
    }
    let total: Decimal = values.iter().sum();
    let v = if sum {
        total
    } else {
        (total / Decimal::from(values.len())).round_dp(1)
    };
    v.normalize().to_string()
}

fn rows_for(
    figures: &[FigureRow],
    measures: &[(String, String)],
    quarter: Option<i64>,
) -> Vec<Row> {
    measures
        .iter()
        .map(|(key, label)| Row {
            label: label.clone(),
            values: SCOPES
                .iter()
                .map(|(scope, _)| {
                    let matching: Vec<&FigureRow> = figures
                        .iter()
                        .filter(|f| {
                            &f.measure == key
                                && f.scope == *scope
                                && quarter.is_none_or(|q| f.quarter == q)
                        })
                        .collect();
                    let averaged = matches!(
                        key.as_str(),
                        "days_to_log" | "days_to_contact" | "outside_schedule3_pct"
                    );
                    combine(&matching, !averaged)
                })
                .collect(),
        })
        .collect()
}

pub(crate) async fn year_view(state: &AppState, year: i32) -> Result<YearView, WebError> {
    let figures = oversight::figures(&state.db, Some(year)).await?;
    let list = |l: &[(&str, &str)], prefix: &str| -> Vec<(String, String)> {
        l.iter()
            .map(|(k, v)| (format!("{prefix}{k}"), v.to_string()))
            .collect()
    };
    let headlines = list(&HEADLINES, "");
    let mut quarters = Vec::new();
    for q in 1..=4 {
        if figures.iter().any(|f| f.quarter == q) {
            quarters.push(QuarterRows {
                quarter: q,
                rows: rows_for(&figures, &headlines, Some(q)),
            });
        }
    }
    Ok(YearView {
        year: i64::from(year),
        label: year_label(year),
        scopes: SCOPES.iter().map(|(_, l)| *l).collect(),
        headline: rows_for(&figures, &headlines, None),
        quarters,
        allegations: rows_for(&figures, &list(&ALLEGATIONS, "allegation:"), None),
        outcomes: rows_for(&figures, &list(&OUTCOMES, "outcome:"), None),
        reviews: oversight::review_figures(&state.db, year).await?,
    })
}

pub struct ThemeView {
    pub theme: String,
    pub fed_back: String,
    pub response: String,
    pub response_on: String,
}

pub(crate) async fn theme_views(state: &AppState) -> Result<Vec<ThemeView>, WebError> {
    Ok(oversight::themes(&state.db)
        .await?
        .into_iter()
        .map(|t: Theme| ThemeView {
            fed_back: day(&t.fed_back_on),
            response_on: t.response_on.as_deref().map(day).unwrap_or_default(),
            theme: t.theme,
            response: t.response,
        })
        .collect())
}

#[derive(Template)]
#[template(path = "complaints/public.html")]
struct IndexPage {
    l: Layout,
    years: Vec<(i64, String)>,
    y: Option<YearView>,
    themes: Vec<ThemeView>,
    statements: Vec<(i64, String)>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

/// `GET /complaints[?year=2023]`: aggregate figures for a year (the latest by default).
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let years = oversight::years(&state.db).await?;
    let chosen = q.year.map(i64::from).or(years.first().copied());
    let y = match chosen {
        Some(y) if years.contains(&y) => Some(year_view(&state, y as i32).await?),
        Some(_) => return Err(WebError::NotFound),
        None => None,
    };
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Police complaints", "complaints"),
        years: years.iter().map(|y| (*y, year_label(*y as i32))).collect(),
        y,
        themes: theme_views(&state).await?,
        statements: oversight::published_statements(&state.db)
            .await?
            .into_iter()
            .map(|s| (s.year, year_label(s.year as i32)))
            .collect(),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "complaints/statement.html")]
pub(crate) struct StatementPage {
    pub l: Layout,
    pub y: YearView,
    pub narrative: Vec<String>,
    pub published: String,
    pub themes: Vec<ThemeView>,
    pub standard_days: i64,
}

/// `GET /complaints/statement/{year}`: the item 7C statement, once published.
pub async fn statement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(year): Path<i32>,
) -> Result<Response, WebError> {
    let s = oversight::statement(&state.db, year)
        .await?
        .filter(|s| s.published_at.is_some())
        .ok_or(WebError::NotFound)?;
    let y = year_view(&state, year).await?;
    Ok(render(&StatementPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Complaints statement {}", y.label),
            "complaints",
        ),
        narrative: s.narrative.split("\n\n").map(str::to_string).collect(),
        published: s.published_at.as_deref().map(day).unwrap_or_default(),
        themes: theme_views(&state).await?,
        standard_days: opcc_domain::complaints::REVIEW_DECISION_DAYS,
        y,
    })?
    .into_response())
}
