//! Reading a data.police.uk CSV into checked rows, under the bad-row policy chosen.

use opcc_domain::crime::{Columns, Kind, Month, RowError};

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
}

type RowParser<T> = fn(&Columns, &str, u64, Month, &[&str]) -> Result<T, RowError>;

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
    let cols = Columns::new(kind, file, &names)?;
    let mut out = Parsed {
        rows: Vec::new(),
        skipped: 0,
        errors: Vec::new(),
    };
    let mut rec = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        let result = match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                line = rec.position().map_or(line + 1, |p| p.line());
                if rec.len() != names.len() {
                    Err(fail(
                        line,
                        "",
                        format!(
                            "has {} fields where the header has {}",
                            rec.len(),
                            names.len()
                        ),
                    ))
                } else {
                    let fields: Vec<&str> = rec.iter().collect();
                    row(&cols, file, line, month, &fields)
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
    Ok(out)
}
