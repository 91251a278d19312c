//! A survey's results as people read them: each question's chart (hand-written SVG) with the
//! table of its figures, and the same figures as CSV and XLSX. Only counts and averages: no
//! answer of any one person, and free text only as published quotes.

use super::viewer;
use crate::AppState;
use crate::charts::{LabelledBar, labelled_bar_chart, number};
use crate::context::Ctx;
use crate::download::{csv_response, file};
use crate::error::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use opcc_domain::engagement::Kind;
use opcc_domain::engagement::Question;
use opcc_domain::engagement::results::{Shown, Tally, shown};
use opcc_store::engagement::{self as eng, Stage, Survey};

/// One question's results on a page.
pub struct QuestionResult {
    pub prompt: String,
    pub kind: &'static str,
    /// How many answered, or "fewer than 5".
    pub answered: String,
    /// Whether a figure is suppressed, for the note under the table.
    pub suppressed: bool,
    pub svg: String,
    /// Column headings of the table, then its rows.
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn headers(kind: Kind) -> Vec<&'static str> {
    match kind {
        Kind::Single | Kind::Multiple => vec!["Option", "People choosing it"],
        Kind::Rating => vec!["Score", "People giving it"],
        Kind::Ranking => vec!["Option", "Points", "Average rank", "Ranked first by"],
        Kind::Budget => vec!["Option", "Average amount"],
        Kind::Text => vec![],
    }
}

/// A figure not shown because fewer than 5 answered.
const NOT_SHOWN: &str = "not shown: fewer than 5 answered";

fn rows(q: &Question, t: &Shown) -> Vec<Vec<String>> {
    let text = |c: opcc_domain::engagement::suppress::Cell| match c.count() {
        Some(n) => number(n as f64),
        None => c.text(),
    };
    let avg = |a: &Option<String>| a.clone().unwrap_or_else(|| NOT_SHOWN.into());
    t.lines
        .iter()
        .map(|l| match q.kind {
            Kind::Ranking => vec![
                l.label.clone(),
                l.value.map(number).unwrap_or_else(|| NOT_SHOWN.into()),
                avg(&l.average),
                text(l.count),
            ],
            Kind::Budget => vec![l.label.clone(), avg(&l.average)],
            _ => vec![l.label.clone(), text(l.count)],
        })
        .collect()
}

pub fn views(results: &[(Question, Tally)]) -> Vec<QuestionResult> {
    results
        .iter()
        .map(|(q, t)| {
            let t = &shown(q, t);
            let (what, desc) = match q.kind {
                Kind::Ranking => (
                    "points",
                    "Each option's points: a first place earns as many points as there are \
                     options, a last place one. The table also gives the average rank.",
                ),
                Kind::Budget => (
                    "average amount",
                    "Each option's average share of the total.",
                ),
                Kind::Rating => ("people", "How many people gave each score from 1 to 5."),
                _ => ("people", "How many people chose each option."),
            };
            let bars: Vec<LabelledBar> = t
                .lines
                .iter()
                // A suppressed figure is drawn as no bar, its words saying why.
                .map(|l| LabelledBar {
                    label: l.label.chars().take(34).collect(),
                    value: l.value.unwrap_or(0.0),
                    text: match (q.kind, l.value) {
                        (Kind::Budget, Some(_)) => l.average.clone().unwrap_or_default(),
                        (_, Some(v)) => number(v),
                        (Kind::Ranking | Kind::Budget, None) => NOT_SHOWN.into(),
                        (_, None) => l.count.text(),
                    },
                })
                .collect();
            let svg = if q.kind == Kind::Text {
                String::new()
            } else {
                labelled_bar_chart(
                    &format!("q{}", q.id),
                    &q.prompt,
                    &format!("{desc} Measured in {what}; {} answered.", t.answered.text()),
                    &bars,
                )
            };
            QuestionResult {
                prompt: q.prompt.clone(),
                kind: q.kind.label(),
                answered: t.answered.text(),
                suppressed: t.answered.suppressed() || t.lines.iter().any(|l| l.count.suppressed()),
                svg,
                headers: headers(q.kind),
                rows: rows(q, t),
            }
        })
        .collect()
}

/// The survey, if its results may be seen: the office's always, the public's once closed.
pub(super) async fn visible(state: &AppState, ctx: &Ctx, slug: &str) -> Result<Survey, WebError> {
    let v = viewer(ctx);
    let s = eng::survey(&state.db, slug, v).await?;
    if v == eng::Viewer::Public && s.stage(super::today()) != Stage::Closed {
        return Err(WebError::NotFound);
    }
    Ok(s)
}

const HEADERS: [&str; 6] = [
    "question", "kind", "answered", "option", "figure", "average",
];

async fn table(state: &AppState, s: &Survey) -> Result<Vec<[String; 6]>, WebError> {
    let results = eng::responses::results(&state.db, s.id).await?;
    let mut out = Vec::new();
    for (q, t) in &results {
        let t = shown(q, t);
        for l in &t.lines {
            let figure = match q.kind {
                Kind::Ranking => l.value.map(|v| v.to_string()),
                _ => l.count.count().map(|n| n.to_string()),
            };
            out.push([
                q.prompt.clone(),
                q.kind.as_str().to_string(),
                t.answered.text(),
                l.label.clone(),
                figure.unwrap_or_else(|| match q.kind {
                    Kind::Ranking => NOT_SHOWN.into(),
                    _ => l.count.text(),
                }),
                l.average.clone().unwrap_or_default(),
            ]);
        }
        if q.kind == Kind::Text {
            out.push([
                q.prompt.clone(),
                "text".into(),
                t.answered.text(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    Ok(out)
}

/// `GET /engagement/consultations/{slug}/results.csv`: figure is the count choosing an option
/// (for a ranking, its points; for a budget, how many answered), average the average rank or
/// amount.
pub async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = visible(&state, &ctx, &slug).await?;
    let rows = table(&state, &s).await?;
    Ok(csv_response(&format!("{slug}-results.csv"), &HEADERS, rows))
}

pub async fn xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    use rust_xlsxwriter::{Format, Workbook};
    let s = visible(&state, &ctx, &slug).await?;
    let rows = table(&state, &s).await?;
    let fail = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Results").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, h) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, values) in rows.iter().enumerate() {
        for (col, v) in values.iter().enumerate() {
            let row = r as u32 + 1;
            // Counts and averages are numbers in the sheet; everything else text.
            match (col, v.parse::<f64>()) {
                (2 | 4 | 5, Ok(n)) => sheet.write_number(row, col as u16, n),
                _ => sheet.write_string(row, col as u16, v),
            }
            .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.autofit();
    let body = book.save_to_buffer().map_err(fail)?;
    Ok(file(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{slug}-results.xlsx"),
        body,
    ))
}
