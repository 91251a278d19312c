//! Reading a whole data.police.uk CSV into checked rows, under the bad-row policy chosen, and
//! noticing what is valid row by row but odd for the file as a whole (rows of another force,
//! a last line cut short), to be reported as warnings.

use super::rows::NUL_MESSAGE;
use super::{Columns, Kind, Month, RowError};
use std::collections::BTreeMap;

/// What to do with a row that fails its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadRows {
    /// Refuse the whole file: the database stays as it was.
    Reject,
    /// Leave bad rows out, count them, and report the first few.
    Skip,
}

/// How many skipped rows' messages a report keeps.
pub const ERRORS_KEPT: usize = 20;

#[derive(Debug)]
pub struct Parsed<T> {
    pub rows: Vec<T>,
    pub skipped: u64,
    pub errors: Vec<RowError>,
    /// Things a person importing should know, each naming the file.
    pub warnings: Vec<String>,
}

type RowParser<T> = fn(&Columns, &str, u64, Month, &[&str]) -> Result<T, RowError>;

/// Rows whose "Falls within" is not the force that reported them, by that force.
#[derive(Default)]
struct OtherForces {
    reported_by: Option<String>,
    /// Force named in "Falls within" -> (rows, first line).
    seen: BTreeMap<String, (u64, u64)>,
}

impl OtherForces {
    fn note(&mut self, cols: &Columns, rec: &[&str], line: u64) {
        if !cols.has("Falls within") {
            return;
        }
        let (by, within) = (cols.get(rec, "Reported by"), cols.get(rec, "Falls within"));
        if self.reported_by.is_none() && !by.is_empty() {
            self.reported_by = Some(by.to_string());
        }
        if !within.is_empty() && within != by {
            let e = self.seen.entry(within.to_string()).or_insert((0, line));
            e.0 += 1;
        }
    }

    fn warning(&self, file: &str) -> Option<String> {
        if self.seen.is_empty() {
            return None;
        }
        let total: u64 = self.seen.values().map(|(n, _)| n).sum();
        let first = self.seen.values().map(|(_, l)| *l).min().unwrap_or(0);
        let list: Vec<String> = self
            .seen
            .iter()
            .map(|(force, (n, _))| format!("{force}: {n}"))
            .collect();
        Some(format!(
            "{file}: {total} rows fall within another force than {} that reported them ({}); the first is line {first}",
            self.reported_by.as_deref().unwrap_or("the force"),
            list.join(", ")
        ))
    }
}

/// The column a row's extra or missing field is at, by the header's name for it.
fn field_count_error(names: &[&str], got: usize) -> (String, String) {
    let want = names.len();
    if got < want {
        (
            names[got].trim_start_matches('\u{feff}').to_string(),
            format!(
                "the row ends before this column: it has {got} fields where the header has {want}"
            ),
        )
    } else {
        (
            format!("column {}", want + 1),
            format!(
                "the row has {got} fields where the header has {want}; the first extra one is after \"{}\"",
                names.last().copied().unwrap_or("")
            ),
        )
    }
}

/// Parses every row of `bytes` (UTF-8, LF or CRLF, with or without a BOM).
pub fn parse<T>(
    file: &str,
    kind: Kind,
    month: Month,
    bytes: &[u8],
    policy: BadRows,
    row: RowParser<T>,
) -> Result<Parsed<T>, RowError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let fail = |line: u64, column: &str, message: String| RowError {
        file: file.to_string(),
        line,
        column: column.to_string(),
        message,
    };
    let header = rdr
        .headers()
        .map_err(|e| fail(1, "", format!("the header cannot be read: {e}")))?
        .clone();
    let names: Vec<&str> = header.iter().collect();
    if let Some(n) = names.iter().find(|n| n.contains('\0')) {
        return Err(fail(1, &n.replace('\0', ""), NUL_MESSAGE.into()));
    }
    let cols = Columns::new(kind, file, &names)?;
    let mut out = Parsed {
        rows: Vec::new(),
        skipped: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let mut others = OtherForces::default();
    let mut rec = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        let result = match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                line = rec.position().map_or(line + 1, |p| p.line());
                let fields: Vec<&str> = rec.iter().collect();
                if rec.len() != names.len() {
                    let (column, message) = field_count_error(&names, rec.len());
                    Err(fail(line, &column, message))
                } else if let Some(i) = fields.iter().position(|f| f.contains('\0')) {
                    Err(fail(line, names[i], NUL_MESSAGE.into()))
                } else {
                    let parsed = row(&cols, file, line, month, &fields);
                    if parsed.is_ok() {
                        others.note(&cols, &fields, line);
                    }
                    parsed
                }
            }
            Err(e) => {
                line = e.position().map_or(line + 1, |p| p.line());
                let err = fail(line, "", format!("cannot be read: {e}"));
                if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    // Anything but bad UTF-8 leaves the reader unable to go on.
                    return Err(err);
                }
                Err(err)
            }
        };
        match result {
            Ok(r) => out.rows.push(r),
            Err(e) if policy == BadRows::Skip => {
                out.skipped += 1;
                if out.errors.len() < ERRORS_KEPT {
                    out.errors.push(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
    out.warnings.extend(others.warning(file));
    // data.police.uk ends every file with a line break: a last row without one, though it
    // reads as a row, is where a copy or a download stopped.
    if line > 1 && !bytes.ends_with(b"\n") {
        out.warnings.push(format!(
            "{file}: line {line}, the last, has no line break at its end: the file may have been cut short"
        ));
    }
    Ok(out)
}
