//! Published reports: the statutory annual report and the progress report to the Panel, made
//! from the records. The public reads published versions (`public`), as HTML, PDF/UA-1 and
//! JSON (`api`); the office writes each section's narrative and moves a version from draft to
//! publication, and the Panel reads it from review on (`office`). Figures are frozen at
//! approval by the store, so what is published never changes.

mod api;
mod duties;
mod office;
mod public;

use crate::area::{AdminCard, Area, get, post};
use crate::charts::{Bar, bar_chart};
use crate::error::WebError;
use crate::policy::{Access::Public, OFFICE, OFFICE_AND_PANEL};
use axum::response::{IntoResponse, Response};
use opcc_domain::reports::Status;
use opcc_store::reports::Version;
use utoipa::OpenApi;

/// A table of a section as the page shows it, with its chart when it has one.
pub struct TableView {
    pub caption: String,
    pub header: Vec<String>,
    /// The cells as text, for the PDF.
    pub rows: Vec<Vec<String>>,
    /// The cells as the page shows them: lines of text, or links.
    pub cells: Vec<Vec<Cell>>,
    pub chart: Option<(String, String)>,
}

/// A cell of a table on the page: its lines, or its links (text, href) when it has them.
pub struct Cell {
    pub lines: Vec<String>,
    pub links: Vec<(String, String)>,
    /// A sentence or more: it keeps a readable width when the table scrolls.
    pub prose: bool,
}

fn cells(t: &opcc_domain::reports::Table) -> Vec<Vec<Cell>> {
    t.rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, text)| Cell {
                    prose: text.chars().count() > 60,
                    lines: text.lines().map(String::from).collect(),
                    links: t
                        .links_of(r, c)
                        .unwrap_or_default()
                        .iter()
                        .map(|l| (l.text.clone(), l.href.clone()))
                        .collect(),
                })
                .collect()
        })
        .collect()
}

pub struct SectionView {
    pub key: String,
    pub heading: String,
    pub narrative: String,
    pub paragraphs: Vec<String>,
    pub no_data: Option<String>,
    pub facts: Vec<(String, String)>,
    pub tables: Vec<TableView>,
}

/// A version as its pages and PDF show it.
pub struct ReportView {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub subtitle: String,
    pub status: Status,
    pub status_note: Option<String>,
    pub correction_note: String,
    pub sections: Vec<SectionView>,
}

fn long(iso: &str) -> String {
    opcc_store::reports::progress::long(iso)
}

pub fn view(v: &Version) -> ReportView {
    let mut sections = Vec::new();
    let mut chart_n = 0;
    for (key, heading) in v.kind.sections() {
        let figures = v.figures.sections.iter().find(|s| s.key == *key);
        let narrative = v.narrative.get(*key).cloned().unwrap_or_default();
        let mut no_data = figures.and_then(|f| f.no_data.clone());
        // A section the records cannot hold (the foreword) is the office's words.
        if figures.is_some_and(|f| f.facts.is_empty() && f.tables.is_empty() && f.no_data.is_none())
            && narrative.is_empty()
        {
            no_data = Some("The office has not written this section yet.".into());
        }
        let tables = figures
            .map(|f| {
                f.tables
                    .iter()
                    .map(|t| {
                        let chart = t.chart_column.map(|c| {
                            chart_n += 1;
                            let bars: Vec<Bar> = t
                                .rows
                                .iter()
                                .map(|r| Bar {
                                    label: r.first().cloned().unwrap_or_default(),
                                    value: r
                                        .get(c)
                                        .and_then(|v| opcc_domain::reports::chart_value(v)),
                                    strong: false,
                                })
                                .collect();
                            let alt = format!(
                                "Bar chart of {}; the figures are in the table that follows.",
                                t.caption
                            );
                            (
                                bar_chart(
                                    &format!("report-chart-{chart_n}"),
                                    &t.caption,
                                    &alt,
                                    &bars,
                                    "Not recorded",
                                ),
                                alt,
                            )
                        });
                        TableView {
                            caption: t.caption.clone(),
                            header: t.header.clone(),
                            rows: t.rows.clone(),
                            cells: cells(t),
                            chart,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        sections.push(SectionView {
            key: key.to_string(),
            heading: heading.to_string(),
            paragraphs: narrative
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect(),
            narrative,
            no_data,
            facts: figures
                .map(|f| {
                    f.facts
                        .iter()
                        .map(|x| (x.label.clone(), x.value.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            tables,
        });
    }
    let r = &v.row;
    let status_note = match v.status {
        Status::Published => None,
        Status::Approved => Some(
            "Approved, not yet published: the figures are frozen as they were at approval."
                .to_string(),
        ),
        s => Some(format!(
            "{}: not published. The figures are read from the records now and may still change.",
            s.label()
        )),
    };
    ReportView {
        id: r.id,
        slug: r.slug.clone(),
        title: r.title.clone(),
        subtitle: format!(
            "{} to {} (version {})",
            long(&r.period_from),
            long(&r.period_to),
            r.version
        ),
        status: v.status,
        status_note,
        correction_note: r.correction_note.clone(),
        sections,
    }
}

fn document(v: &ReportView) -> opcc_reports::ReportDoc {
    opcc_reports::ReportDoc {
        title: v.title.clone(),
        subtitle: v.subtitle.clone(),
        status_note: v.status_note.clone(),
        corrections: if v.correction_note.is_empty() {
            Vec::new()
        } else {
            vec![v.correction_note.clone()]
        },
        sections: v
            .sections
            .iter()
            .map(|s| opcc_reports::DocSection {
                heading: s.heading.clone(),
                narrative: s.narrative.clone(),
                no_data: s.no_data.clone(),
                facts: s.facts.clone(),
                tables: s
                    .tables
                    .iter()
                    .map(|t| opcc_reports::DocTable {
                        caption: t.caption.clone(),
                        header: t.header.clone(),
                        rows: t.rows.clone(),
                        chart: t.chart.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The version as a PDF/UA-1 file.
pub async fn pdf_response(v: &ReportView) -> Result<Response, WebError> {
    let doc = document(v);
    let today = super::governance::today();
    // Typesetting takes a moment of CPU; keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || opcc_reports::report_pdf(&doc, today))
        .await
        .map_err(|e| WebError::Internal(format!("pdf task: {e}")))?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}.pdf\"", v.slug),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(OpenApi)]
#[openapi(
    paths(api::list, api::show),
    components(schemas(
        api::PublishedReportSummaryJson,
        api::PublishedReportJson,
        opcc_domain::reports::Figures,
        opcc_domain::reports::Section,
        opcc_domain::reports::Fact,
        opcc_domain::reports::Table,
        opcc_domain::reports::CellLinks,
        opcc_domain::reports::Link
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("reports")
        .nav("/reports", "Reports", Public)
        .routes(vec![
            get("/reports", Public, public::list),
            get("/reports/{slug}", Public, public::show),
            get("/reports/{slug}/pdf", Public, public::pdf),
            get("/admin/reports", OFFICE_AND_PANEL, office::index),
            post("/admin/reports", OFFICE, office::create),
            get("/admin/reports/duties", OFFICE, duties::show),
            post("/admin/reports/duties/links", OFFICE, duties::link),
            post(
                "/admin/reports/duties/links/{id}/remove",
                OFFICE,
                duties::unlink,
            ),
            post(
                "/admin/reports/duties/statements",
                OFFICE,
                duties::statement,
            ),
            post("/admin/reports/duties/funds", OFFICE, duties::mark_fund),
            get("/admin/reports/{id}", OFFICE_AND_PANEL, office::show),
            get("/admin/reports/{id}/pdf", OFFICE_AND_PANEL, office::pdf),
            post(
                "/admin/reports/{id}/narrative",
                OFFICE,
                office::save_narrative,
            ),
            post("/admin/reports/{id}/status", OFFICE, office::act),
            post("/admin/reports/{id}/correct", OFFICE, office::correct),
            get("/api/v1/reports", Public, api::list),
            get("/api/v1/reports/{slug}", Public, api::show),
        ])
        .card(AdminCard {
            href: "/admin/reports",
            title: "Reports",
            text: "The annual report and the progress reports to the Panel: narrative, review \
                   by the Panel, approval (figures frozen) and publication.",
            access: OFFICE_AND_PANEL,
            count: None,
        })
        .api(Api::openapi())
}
