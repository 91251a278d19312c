//! PDF reports, typeset with typst used as a library. Pages build plain data (`PackDoc`);
//! this crate turns it into typst markup and then PDF. It is a crate of its own because typst
//! is the heaviest compile in the workspace, and only this crate depends on it.

mod markup;
mod report;
mod world;

use std::collections::HashMap;

pub use markup::pack_markup;
pub use report::{DocSection, DocTable, ReportDoc, report_markup, report_pdf};

/// A quarterly scrutiny pack, as the page shows it.
#[derive(Debug, Clone, Default)]
pub struct PackDoc {
    pub title: String,
    pub subtitle: String,
    pub draft: bool,
    pub intro: String,
    /// One row per measure with values: measure, latest value (and its period), variation,
    /// assurance.
    pub summary: Vec<[String; 4]>,
    /// Measures with no values by the end of the quarter, named in one line.
    pub without_values: Vec<String>,
    /// The measures with values, each with its chart, reading and table.
    pub measures: Vec<MeasureDoc>,
    /// place, commitment, owner, status (with its date).
    pub commitments: Vec<[String; 4]>,
}

#[derive(Debug, Clone, Default)]
pub struct MeasureDoc {
    pub heading: String,
    pub item: String,
    /// (label, value): variation, assurance, changes, comparator.
    pub reading: Vec<(String, String)>,
    pub commentary: Option<String>,
    /// The chart, as the page's SVG.
    pub chart_svg: Option<String>,
    /// Header row first: period, value, mean, lower, upper, reading.
    pub table: Vec<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("typesetting failed: {0}")]
    Typeset(String),
    #[error("PDF export failed: {0}")]
    Pdf(String),
}

/// Typesets a pack to PDF bytes.
pub fn pack_pdf(doc: &PackDoc, today: time::Date) -> Result<Vec<u8>, ReportError> {
    let mut files = HashMap::new();
    for (i, m) in doc.measures.iter().enumerate() {
        if let Some(svg) = &m.chart_svg {
            files.insert(format!("/chart-{i}.svg"), svg.clone().into_bytes());
        }
    }
    let source = pack_markup(doc);
    world::compile_pdf(source, files, today)
}
