//! The charts of the complaints pages, each beside the table of its data: the force's
//! complaint cases logged quarter by quarter with its comparators, and a year's allegations by
//! category. Figures only: nothing here is personal.

use crate::charts::{LabelledBar, gap_line_chart, labelled_bar_chart};
use opcc_domain::complaints::iopc::{ALLEGATIONS, SCOPES};
use opcc_domain::complaints::year_label;
use opcc_store::complaints::oversight::FigureRow;
use rust_decimal::Decimal;
use std::str::FromStr;

/// A chart and its table: one row a period or category, one value a scope.
pub struct Trend {
    pub svg: String,
    pub caption: String,
    pub scopes: Vec<&'static str>,
    pub rows: Vec<(String, Vec<String>)>,
}

fn value(figures: &[FigureRow], year: i64, quarter: i64, scope: &str, measure: &str) -> String {
    figures
        .iter()
        .find(|f| {
            f.year == year && f.quarter == quarter && f.scope == scope && f.measure == measure
        })
        .and_then(|f| Decimal::from_str(&f.value).ok())
        .map(|v| v.normalize().to_string())
        .unwrap_or_default()
}

/// Cases logged by quarter over every year held: the force's line, a quarter without a figure
/// drawn as a gap; the table gives the comparators too.
pub fn cases_logged(figures: &[FigureRow]) -> Option<Trend> {
    let mut quarters: Vec<(i64, i64)> = figures
        .iter()
        .filter(|f| f.measure == "cases_logged")
        .map(|f| (f.year, f.quarter))
        .collect();
    quarters.sort_unstable();
    quarters.dedup();
    if quarters.is_empty() {
        return None;
    }
    let (first, last) = (quarters[0], quarters[quarters.len() - 1]);
    let mut periods = Vec::new();
    let (mut y, mut q) = first;
    while (y, q) <= last {
        periods.push((y, q));
        (y, q) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
    }
    let label = |y: i64, q: i64| format!("{} Q{q}", year_label(y as i32));
    let points: Vec<(String, Option<f64>)> = periods
        .iter()
        .map(|&(y, q)| {
            let v = value(figures, y, q, "force", "cases_logged");
            (
                format!("Q{q} {}", year_label(y as i32)),
                v.parse::<f64>().ok(),
            )
        })
        .collect();
    let caption = format!(
        "Complaint cases logged by the force each quarter, {} to {}",
        label(first.0, first.1),
        label(last.0, last.1)
    );
    Some(Trend {
        svg: gap_line_chart(
            "complaints-cases",
            &caption,
            "A line of the number of complaint cases the force logged in each quarter; the \
             table below gives the figures with the most similar forces and England and Wales.",
            &points,
        ),
        caption,
        scopes: SCOPES.iter().map(|(_, l)| *l).collect(),
        rows: periods
            .iter()
            .map(|&(y, q)| {
                (
                    label(y, q),
                    SCOPES
                        .iter()
                        .map(|(s, _)| value(figures, y, q, s, "cases_logged"))
                        .collect(),
                )
            })
            .collect(),
    })
}

/// A year's allegations by category for the force (the year's quarters summed).
pub fn allegations(year_label: &str, rows: &[super::public::Row]) -> String {
    let bars: Vec<LabelledBar> = rows
        .iter()
        .zip(ALLEGATIONS.iter())
        .map(|(r, _)| {
            let text = r.values.first().cloned().unwrap_or_default();
            LabelledBar {
                label: r.label.clone(),
                value: text.parse().unwrap_or(0.0),
                text,
            }
        })
        .collect();
    labelled_bar_chart(
        "complaints-allegations",
        &format!("Allegations recorded by the force by category, {year_label}"),
        "Bars of the number of allegations in each category; the table below gives the \
         figures with the most similar forces and England and Wales.",
        &bars,
    )
}
