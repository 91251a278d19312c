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
use opcc_store::complaints::statements;
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
    /// The force's allegations by category as a chart; `allegations` is its table.
    pub allegations_svg: String,
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
    let reviews = oversight::review_figures(&state.db, year).await?;
    Ok(year_view_of(year, &figures, reviews))
}

/// A year's view from its figures, held now or as a statement froze them.
pub(crate) fn year_view_of(year: i32, figures: &[FigureRow], reviews: ReviewFigures) -> YearView {
    let figures: Vec<FigureRow> = figures
        .iter()
        .filter(|f| f.year == i64::from(year))
        .cloned()
        .collect();
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
    let allegations = rows_for(&figures, &list(&ALLEGATIONS, "allegation:"), None);
    let label = year_label(year);
    YearView {
        year: i64::from(year),
        allegations_svg: super::trend::allegations(&label, &allegations),
        label,
        scopes: SCOPES.iter().map(|(_, l)| *l).collect(),
        headline: rows_for(&figures, &headlines, None),
        quarters,
        allegations,
        outcomes: rows_for(&figures, &list(&OUTCOMES, "outcome:"), None),
        reviews,
    }
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
    trend: Option<super::trend::Trend>,
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
        trend: super::trend::cases_logged(&oversight::figures(&state.db, None).await?),
        themes: theme_views(&state).await?,
        statements: statements::published_years(&state.db)
            .await?
            .into_iter()
            .map(|y| (y, year_label(y as i32)))
            .collect(),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "complaints/statement.html")]
pub(crate) struct StatementPage {
    pub l: Layout,
    pub y: YearView,
    pub trend: Option<super::trend::Trend>,
    pub narrative: Vec<String>,
    pub published: String,
    pub version: i64,
    /// Every version: (number, published on), for the list of earlier ones.
    pub versions: Vec<(i64, String)>,
    pub themes: Vec<ThemeView>,
    pub standard_days: i64,
}

#[derive(Deserialize)]
pub struct VersionQuery {
    version: Option<i64>,
}

/// `GET /complaints/statement/{year}[?version=N]`: the item 7C statement as published (the
/// latest version, or version N), its figures frozen when it was published.
pub async fn statement(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(year): Path<i32>,
    Query(q): Query<VersionQuery>,
) -> Result<Response, WebError> {
    let v = statements::version(&state.db, year, q.version.filter(|n| *n > 0))
        .await?
        .ok_or(WebError::NotFound)?;
    if q.version.is_some_and(|n| n != v.version) {
        return Err(WebError::NotFound);
    }
    let y = year_view_of(year, &v.figures.iopc, v.figures.reviews.clone());
    Ok(render(&StatementPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Complaints statement {}", y.label),
            "complaints",
        ),
        trend: super::trend::cases_logged(&v.figures.iopc),
        narrative: v.narrative.split("\n\n").map(str::to_string).collect(),
        published: day(v.published_at.get(..10).unwrap_or(&v.published_at)),
        version: v.version,
        versions: statements::versions(&state.db, year)
            .await?
            .into_iter()
            .map(|(n, at)| (n, day(at.get(..10).unwrap_or(&at))))
            .collect(),
        themes: theme_views(&state).await?,
        standard_days: opcc_domain::complaints::REVIEW_DECISION_DAYS,
        y,
    })?
    .into_response())
}
