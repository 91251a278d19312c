//! OpenDocument spreadsheets, streamed from content.xml cell by cell. calamine's reader is not
//! used: it builds each sheet whole, expanding repeated rows and columns, and writes out
//! `<text:s text:c="N"/>` as N spaces, so a small file could make it fill memory.

use super::grid::{Budget, Grid};
use super::package::{self, unreadable};
use super::{MAX_ROWS, MAX_TEXT, Sheet};
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

type Xml<R> = quick_xml::Reader<std::io::BufReader<R>>;

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A repeat count; a missing or unreadable one counts as 1, as it does for other readers.
fn repeats(e: &BytesStart, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

pub(super) fn read(file: &str, bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, String> {
    let mut zip = package::open(file, bytes)?;
    let content = package::part(&mut zip, file, "content.xml")?
        .ok_or_else(|| unreadable(file, "it has no content.xml"))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    xml.config_mut().expand_empty_elements = true;
    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == "table:table" => {
                let name = attr(&e, "table:name").unwrap_or_else(|| "Sheet".into());
                let mut grid = Grid::new(budget, &name);
                read_table(&mut xml, &mut grid).map_err(|e| e.message(file, &name))?;
                sheets.extend(grid.finish());
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(unreadable(file, e)),
        }
    }
    Ok(sheets)
}

enum Failure {
    /// Already a full message.
    Limit(String),
    TooLong,
    Xml(String),
}

impl Failure {
    fn message(self, file: &str, sheet: &str) -> String {
        match self {
            Failure::Limit(m) => m,
            Failure::TooLong => unreachable!("named where the cell is known"),
            Failure::Xml(e) => unreadable(file, format!("sheet \"{sheet}\": {e}")),
        }
    }
}

impl From<quick_xml::Error> for Failure {
    fn from(e: quick_xml::Error) -> Self {
        Failure::Xml(e.to_string())
    }
}

fn read_table<R: std::io::Read>(xml: &mut Xml<R>, grid: &mut Grid) -> Result<(), Failure> {
    let mut buf = Vec::new();
    let mut row = 0u64;
    let mut row_cells: Vec<(u64, u64, String)> = Vec::new();
    let mut col = 0u64;
    let mut row_repeat = 1u64;
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) => match e.name().as_ref() {
                "table:table-row" => {
                    row_repeat = repeats(&e, "table:number-rows-repeated");
                    col = 0;
                    row_cells.clear();
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeat = repeats(&e, "table:number-columns-repeated");
                    let text = match cell(xml, &e) {
                        Err(Failure::TooLong) => {
                            return Err(Failure::Limit(grid.too_long(row, col, MAX_TEXT)));
                        }
                        other => other?,
                    };
                    if !text.is_empty() {
                        grid.check(row, col, repeat).map_err(Failure::Limit)?;
                        row_cells.push((col, repeat, text));
                    }
                    col = col.saturating_add(repeat);
                }
                // A table inside a cell, or anything else, is read past.
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    if !row_cells.is_empty() {
                        // An empty row may be repeated to the sheet's end; one with values
                        // repeats them, within the limits.
                        let last = row.saturating_add(row_repeat - 1);
                        if last >= MAX_ROWS {
                            let (c, _, _) = row_cells[0];
                            grid.check(last, c, 1).map_err(Failure::Limit)?;
                        }
                        for r in row..=last {
                            for (c, n, text) in &row_cells {
                                for k in 0..*n {
                                    grid.put(r, c + k, text.clone()).map_err(Failure::Limit)?;
                                }
                            }
                        }
                    }
                    row = row.saturating_add(row_repeat);
                    row_cells.clear();
                }
                "table:table" => return Ok(()),
                _ => {}
            },
            Event::Eof => return Err(Failure::Xml("the sheet ends early".into())),
            _ => {}
        }
    }
}

/// A cell's value as text, reading up to the cell's end. Numbers, dates and times come from
/// their attribute as written, so "12.50" is not turned into a float and back.
fn cell<R: std::io::Read>(xml: &mut Xml<R>, start: &BytesStart) -> Result<String, Failure> {
    let kind = attr(start, "office:value-type");
    let value = match kind.as_deref() {
        Some("float" | "percentage" | "currency") => attr(start, "office:value"),
        Some("date") => attr(start, "office:date-value"),
        Some("time") => attr(start, "office:time-value"),
        Some("boolean") => {
            attr(start, "office:boolean-value").map(|v| v.eq_ignore_ascii_case("true").to_string())
        }
        Some("string") => attr(start, "office:string-value"),
        _ => Some(String::new()),
    };
    let end = start.name().as_ref().to_string();
    let mut text = String::new();
    let mut paragraphs = 0;
    // Annotations and anything nested in the cell (a table in a cell) are read past.
    let mut skip = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf)? {
            Event::End(e) if e.name().as_ref() == end.as_str() && skip == 0 => break,
            Event::Start(e)
                if skip > 0 || matches!(e.name().as_ref(), "office:annotation" | "table:table") =>
            {
                skip += 1;
            }
            Event::End(_) if skip > 0 => skip -= 1,
            Event::Start(e) => match e.name().as_ref() {
                "text:p" => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                }
                "text:s" => {
                    let n = repeats(&e, "text:c").min((MAX_TEXT + 1) as u64);
                    text.extend(std::iter::repeat_n(' ', n as usize));
                }
                "text:tab" => text.push('\t'),
                "text:line-break" => text.push('\n'),
                _ => {}
            },
            Event::Text(t) if skip == 0 => text.push_str(&t.xml10_content()),
            Event::CData(t) if skip == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if skip == 0 => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    text.push(ch);
                } else if let Some(s) = resolve_predefined_entity(&r) {
                    text.push_str(s);
                }
            }
            Event::Eof => return Err(Failure::Xml("a cell ends early".into())),
            _ => {}
        }
        if text.len() > MAX_TEXT {
            return Err(Failure::TooLong);
        }
    }
    // A string cell's text is its paragraphs; other kinds are their attribute. A cell with no
    // kind has no value (LibreOffice writes none for an empty cell).
    Ok(match (kind.as_deref(), value) {
        (Some("string"), Some(v)) => v,
        (Some("string"), None) => text,
        (Some(_), Some(v)) => v,
        (Some(_), None) => text,
        (None, _) => String::new(),
    })
}
