//! Published reports (the annual report, the progress report to the Panel) as tagged PDF
//! conforming to PDF/UA-1: the title and language are set, every chart has alternative text
//! and is followed by its data table, and every table has a header row. typst refuses to
//! export a document that breaks these, so a report that typesets conforms.

use crate::markup::lit;
use crate::{ReportError, world};
use std::collections::HashMap;
use std::fmt::Write;

/// A report as its page shows it.
#[derive(Debug, Clone, Default)]
pub struct ReportDoc {
    pub title: String,
    /// The period and version, under the title.
    pub subtitle: String,
    /// Said at the top when the report is not published (a draft, with the Panel, approved).
    pub status_note: Option<String>,
    /// Corrections this version makes to earlier ones.
    pub corrections: Vec<String>,
    pub sections: Vec<DocSection>,
}

#[derive(Debug, Clone, Default)]
pub struct DocSection {
    pub heading: String,
    /// The office's words, paragraphs separated by blank lines.
    pub narrative: String,
    pub no_data: Option<String>,
    pub facts: Vec<(String, String)>,
    pub tables: Vec<DocTable>,
}

#[derive(Debug, Clone, Default)]
pub struct DocTable {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The chart of the table, as the page's SVG, with its alternative text.
    pub chart: Option<(String, String)>,
}

/// Typesets a report to PDF/UA-1 bytes.
pub fn report_pdf(doc: &ReportDoc, today: time::Date) -> Result<Vec<u8>, ReportError> {
    let mut files = HashMap::new();
    let mut n = 0;
    for s in &doc.sections {
        for t in &s.tables {
            if let Some((svg, _)) = &t.chart {
                files.insert(format!("/chart-{n}.svg"), svg.clone().into_bytes());
            }
            n += 1;
        }
    }
    world::compile_pdf_with(
        report_markup(doc),
        files,
        today,
        &[typst_pdf::PdfStandard::Ua_1],
    )
}

/// Lines of a table short enough to keep on one page (at 9 pt, about 45 one-line rows fit an
/// A4 page).
const UNBROKEN_LINES: usize = 30;

/// About how many characters of 9 pt text an A4 page's width holds.
const LINE_CHARS: usize = 100;

/// How many lines a table takes, roughly: each row as tall as its longest cell wrapped in a
/// column's share of the width. A table of a few rows of sentences can be taller than a page.
fn estimated_lines(t: &DocTable) -> usize {
    let width = (LINE_CHARS / t.header.len().max(1)).max(8);
    t.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    c.lines()
                        .map(|l| l.chars().count().div_ceil(width).max(1))
                        .sum()
                })
                .max()
                .unwrap_or(1)
        })
        .sum()
}

pub fn report_markup(doc: &ReportDoc) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "#set document(title: {t}, author: {a})\n\
         #set page(paper: \"a4\", margin: 2cm, numbering: \"1 of 1\", footer: context [#set text(size: 8pt); #{t} #h(1fr) #counter(page).display(\"1 of 1\", both: true)])\n\
         #set text(font: \"Liberation Sans\", size: 10pt, lang: \"en\", region: \"gb\")\n\
         #set par(justify: false)\n\
         #set table(stroke: 0.5pt + luma(180), inset: 4pt)\n\
         #show heading: set block(above: 1.4em, below: 0.7em)\n\
         #show figure: set block(breakable: true)\n\
         #title({t})\n",
        t = lit(&doc.title),
        a = lit("Office of the Police and Crime Commissioner"),
    );
    let _ = writeln!(s, "#text(size: 12pt, {})\n", lit(&doc.subtitle));
    if let Some(note) = &doc.status_note {
        let _ = writeln!(
            s,
            "#block(fill: rgb(\"#fff7bf\"), inset: 8pt, width: 100%, strong({}))\n",
            lit(note)
        );
    }
    for c in &doc.corrections {
        let _ = writeln!(
            s,
            "#block(inset: (left: 8pt), stroke: (left: 3pt + rgb(\"#1d70b8\")), [#strong({}) #{}])\n",
            lit("Correction:"),
            lit(c)
        );
    }
    let mut n = 0;
    for sec in &doc.sections {
        let _ = writeln!(s, "= #{}\n", lit(&sec.heading));
        for para in sec.narrative.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(s, "#{}\n", lit(para.trim()));
        }
        if let Some(why) = &sec.no_data {
            let _ = writeln!(s, "#emph({})\n", lit(why));
        }
        if !sec.facts.is_empty() {
            let cells: Vec<String> = sec
                .facts
                .iter()
                .flat_map(|(k, v)| [format!("[#{}]", lit(k)), format!("[*#{}*]", lit(v))])
                .collect();
            let _ = writeln!(
                s,
                "#table(columns: (3fr, 4fr), table.header([*#{}*], [*#{}*]), {})\n",
                lit("Figure"),
                lit("Value"),
                cells.join(", ")
            );
        }
        for t in &sec.tables {
            if let Some((_, alt)) = &t.chart {
                let _ = writeln!(
                    s,
                    "#figure(image(\"/chart-{n}.svg\", width: 100%, alt: {}))\n",
                    lit(alt)
                );
            }
            n += 1;
            if t.rows.is_empty() || t.header.is_empty() {
                continue;
            }
            let cols = vec!["auto"; t.header.len()];
            let mut widths = cols.join(", ");
            if t.header.len() == 1 {
                widths.push(',');
            }
            let head: Vec<String> = t
                .header
                .iter()
                .map(|h| format!("[*#{}*]", lit(h)))
                .collect();
            let body: Vec<String> = t
                .rows
                .iter()
                .flat_map(|r| {
                    (0..t.header.len())
                        .map(|i| format!("[#{}]", lit(r.get(i).map(String::as_str).unwrap_or(""))))
                })
                .collect();
            // A table that fits on a page moves whole, so its caption never ends a page
            // alone; a longer one breaks, repeating its header.
            let breakable = estimated_lines(t) > UNBROKEN_LINES;
            let _ = writeln!(
                s,
                "#block(breakable: {breakable}, figure(kind: table, caption: figure.caption(position: top, {}), text(size: 9pt, table(columns: ({widths}), align: left, table.header(repeat: true, {}), {}))))\n",
                lit(&t.caption),
                head.join(", "),
                body.join(", ")
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_with_a_chart_typesets_to_pdf_ua() {
        let doc = ReportDoc {
            title: "Annual report 2023-24".into(),
            subtitle: "1 April 2023 to 31 March 2024".into(),
            status_note: None,
            corrections: vec!["The table had a wrong total.".into()],
            sections: vec![DocSection {
                heading: "Finance".into(),
                narrative: "Words \"quoted\" and #hash.\n\nA second paragraph.".into(),
                no_data: None,
                facts: vec![("Budget".into(), "£266.516m".into())],
                tables: vec![DocTable {
                    caption: "Expenditure by type".into(),
                    header: vec!["Type".into(), "Share".into()],
                    rows: vec![vec!["Police pay".into(), "50%".into()]],
                    chart: Some((
                        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="5"/></svg>"#.into(),
                        "Bar chart of expenditure by type".into(),
                    )),
                }],
            }],
        };
        let pdf = report_pdf(&doc, time::macros::date!(2026 - 12 - 01)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("pdfuaid"), "the PDF declares PDF/UA");
    }

    /// The page-by-page text of a PDF, as poppler's pdftotext reads it.
    fn pages(pdf: &[u8]) -> Vec<String> {
        // A folder per call: tests run on parallel threads of one process.
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("opcc-report-pages-{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("r.pdf");
        std::fs::write(&file, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&file)
            .arg("-")
            .output()
            .expect("pdftotext (scripts/ensure-tools.sh installs it)");
        std::fs::remove_dir_all(&dir).ok();
        String::from_utf8_lossy(&out.stdout)
            .split('\u{c}')
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_table_of_sentences_taller_than_a_page_breaks_rather_than_overrunning_it() {
        // Sixteen rows, as the progress report's markings, each several lines tall: kept whole
        // the table would run past the page's end into its footer (or leave the heading alone).
        let sentence = "A commitment written out at length, as the plan gives it. ".repeat(4);
        let doc = ReportDoc {
            title: "Long rows".into(),
            subtitle: String::new(),
            status_note: None,
            corrections: vec![],
            sections: vec![DocSection {
                heading: "Section".into(),
                narrative: String::new(),
                no_data: None,
                facts: vec![],
                tables: vec![DocTable {
                    caption: "Progress marking".into(),
                    header: vec!["Priority".into(), "Commitment".into(), "Marking".into()],
                    rows: (1..=16)
                        .map(|i| vec![format!("Row {i:02}"), sentence.clone(), sentence.clone()])
                        .collect(),
                    chart: None,
                }],
            }],
        };
        let pages = pages(&report_pdf(&doc, time::macros::date!(2026 - 12 - 01)).unwrap());
        let on = |text: &str| pages.iter().position(|p| p.contains(text)).expect(text);
        assert_eq!(on("Section"), 0);
        assert_eq!(on("Row 01"), 0, "the table starts under its heading");
        assert!(on("Row 16") > 0, "the table goes on over the page");
    }

    #[test]
    fn a_short_table_never_leaves_its_caption_alone_at_a_page_end() {
        // However much text comes first, the caption sits on the page of the table's first row.
        for filler in 30..=75 {
            let doc = ReportDoc {
                title: "Caption test".into(),
                subtitle: String::new(),
                status_note: None,
                corrections: vec![],
                sections: vec![DocSection {
                    heading: "Section".into(),
                    narrative: (0..filler)
                        .map(|i| format!("Filler line {i}."))
                        .collect::<Vec<_>>()
                        .join("\n\n"),
                    no_data: None,
                    facts: vec![],
                    tables: vec![DocTable {
                        caption: "Kept together".into(),
                        header: vec!["Name".into(), "Value".into()],
                        rows: (1..=8)
                            .map(|i| vec![format!("Row {i}"), i.to_string()])
                            .collect(),
                        chart: None,
                    }],
                }],
            };
            let pdf = report_pdf(&doc, time::macros::date!(2026 - 12 - 01)).unwrap();
            let pages = pages(&pdf);
            let caption = pages
                .iter()
                .position(|p| p.contains("Kept together"))
                .expect("the caption is printed");
            assert!(
                pages[caption].contains("Row 1"),
                "after {filler} lines the caption is on page {} without its table",
                caption + 1
            );
        }
    }
}
