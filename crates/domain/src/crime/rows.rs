//! Checking each row of a data.police.uk file. Every error names the file, the line and the
//! column, so whoever imports can find and fix the cell.

use super::{Kind, Month};
use std::fmt;

/// A bad cell (or a bad header, with `column` the missing one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} line {}, column {:?}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for RowError {}

const STREET: &[&str] = &[
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
];
const OUTCOMES: &[&str] = &[
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
];
pub(super) const SEARCH: &[&str] = &[
    "Type",
    "Date",
    "Part of a policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
];

/// Where each needed column is in a file's header; other columns are ignored, so a column
/// added by data.police.uk does not stop an import. Optional: "Policing operation", "Context".
#[derive(Debug, Clone)]
pub struct Columns {
    kind: Kind,
    idx: Vec<Option<usize>>,
    names: &'static [&'static str],
}

fn needed(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Street => STREET,
        Kind::Outcomes => OUTCOMES,
        Kind::StopAndSearch => SEARCH,
    }
}

impl Columns {
    /// Checks a header against the kind the file name gave; the error names the first column
    /// missing.
    pub fn new(kind: Kind, file: &str, header: &[&str]) -> Result<Columns, RowError> {
        let names = needed(kind);
        let find = |n: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches('\u{feff}').trim() == n)
        };
        let mut idx = Vec::with_capacity(names.len());
        for n in names {
            let i = find(n);
            let optional = matches!(*n, "Context");
            if i.is_none() && !optional {
                return Err(RowError {
                    file: file.to_string(),
                    line: 1,
                    column: n.to_string(),
                    message: format!("the header of a {kind} file needs this column"),
                });
            }
            idx.push(i);
        }
        Ok(Columns { kind, idx, names })
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether the header has this (needed or optional) column.
    pub(super) fn has(&self, name: &str) -> bool {
        self.names
            .iter()
            .position(|n| *n == name)
            .is_some_and(|i| self.idx[i].is_some())
    }

    /// The policing-operation column, when present (older files lack it).
    pub(super) fn get<'a>(&self, rec: &[&'a str], name: &str) -> &'a str {
        let i = self
            .names
            .iter()
            .position(|n| *n == name)
            .expect("a known column");
        self.idx[i]
            .and_then(|i| rec.get(i).copied())
            .unwrap_or("")
            .trim()
    }
}

/// PostgreSQL's text cannot hold a NUL, and no published file has one.
pub(super) const NUL_MESSAGE: &str = "contains a NUL character (byte 0), which is not allowed: the file is damaged or not a data.police.uk file";

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) line: u64,
}

impl Ctx<'_> {
    pub(super) fn err(&self, column: &str, message: String) -> RowError {
        RowError {
            file: self.file.to_string(),
            line: self.line,
            column: column.to_string(),
            message,
        }
    }
}

pub(super) fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn coord(ctx: &Ctx, column: &str, s: &str, range: f64) -> Result<Option<f64>, RowError> {
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= range => Ok(Some(v)),
        _ => Err(ctx.err(column, format!("{s:?} is not a {}", column.to_lowercase()))),
    }
}

pub(super) fn lon_lat(
    ctx: &Ctx,
    lon: &str,
    lat: &str,
) -> Result<(Option<f64>, Option<f64>), RowError> {
    let (lo, la) = (
        coord(ctx, "Longitude", lon, 180.0)?,
        coord(ctx, "Latitude", lat, 90.0)?,
    );
    if lo.is_some() != la.is_some() {
        let col = if lo.is_none() {
            "Longitude"
        } else {
            "Latitude"
        };
        return Err(ctx.err(col, "one coordinate is given without the other".into()));
    }
    Ok((lo, la))
}

fn lsoa(ctx: &Ctx, s: &str) -> Result<Option<String>, RowError> {
    if s.is_empty() {
        return Ok(None);
    }
    let ok = s.len() == 9
        && s.as_bytes()[0].is_ascii_uppercase()
        && s[1..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(Some(s.to_string()))
    } else {
        Err(ctx.err("LSOA code", format!("{s:?} is not an LSOA code")))
    }
}

fn month_is(ctx: &Ctx, s: &str, want: Month) -> Result<(), RowError> {
    let m = Month::parse(s).map_err(|e| ctx.err("Month", e.to_string()))?;
    if m != want {
        return Err(ctx.err("Month", format!("{s:?} is not the file's month {want}")));
    }
    Ok(())
}

pub(super) fn required(ctx: &Ctx, column: &str, s: &str) -> Result<String, RowError> {
    if s.is_empty() {
        Err(ctx.err(column, "is blank".into()))
    } else {
        Ok(s.to_string())
    }
}

/// A crime or an anti-social behaviour incident (blank Crime ID and outcome).
#[derive(Debug, Clone, PartialEq)]
pub struct StreetRow {
    pub crime_id: Option<String>,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub location: String,
    pub lsoa_code: Option<String>,
    pub lsoa_name: Option<String>,
    pub crime_type: String,
    pub last_outcome: Option<String>,
    pub context: Option<String>,
}

impl StreetRow {
    pub fn parse(
        c: &Columns,
        file: &str,
        line: u64,
        month: Month,
        rec: &[&str],
    ) -> Result<StreetRow, RowError> {
        let ctx = Ctx { file, line };
        month_is(&ctx, c.get(rec, "Month"), month)?;
        let (lon, lat) = lon_lat(&ctx, c.get(rec, "Longitude"), c.get(rec, "Latitude"))?;
        Ok(StreetRow {
            crime_id: opt(c.get(rec, "Crime ID")),
            lon,
            lat,
            location: c.get(rec, "Location").to_string(),
            lsoa_code: lsoa(&ctx, c.get(rec, "LSOA code"))?,
            lsoa_name: opt(c.get(rec, "LSOA name")),
            crime_type: required(&ctx, "Crime type", c.get(rec, "Crime type"))?,
            last_outcome: opt(c.get(rec, "Last outcome category")),
            context: opt(c.get(rec, "Context")),
        })
    }
}

/// One outcome of one crime.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub crime_id: String,
    pub lon: Option<f64>,
    pub lat: Option<f64>,
    pub location: String,
    pub lsoa_code: Option<String>,
    pub lsoa_name: Option<String>,
    /// Kept as published, known to opcc or not.
    pub outcome_type: String,
}

impl OutcomeRow {
    pub fn parse(
        c: &Columns,
        file: &str,
        line: u64,
        month: Month,
        rec: &[&str],
    ) -> Result<OutcomeRow, RowError> {
        let ctx = Ctx { file, line };
        month_is(&ctx, c.get(rec, "Month"), month)?;
        let (lon, lat) = lon_lat(&ctx, c.get(rec, "Longitude"), c.get(rec, "Latitude"))?;
        Ok(OutcomeRow {
            crime_id: required(&ctx, "Crime ID", c.get(rec, "Crime ID"))?,
            lon,
            lat,
            location: c.get(rec, "Location").to_string(),
            lsoa_code: lsoa(&ctx, c.get(rec, "LSOA code"))?,
            lsoa_name: opt(c.get(rec, "LSOA name")),
            outcome_type: required(&ctx, "Outcome type", c.get(rec, "Outcome type"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn street_cols() -> Columns {
        Columns::new(Kind::Street, "f.csv", STREET).unwrap()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn a_bad_month_names_file_line_and_column() {
        let rec = [
            "",
            "2018-13",
            "",
            "",
            "",
            "",
            "No Location",
            "",
            "",
            "Burglary",
            "",
            "",
        ];
        let e = StreetRow::parse(
            &street_cols(),
            "2018-10-cheshire-street.csv",
            17,
            m("2018-10"),
            &rec,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "2018-10-cheshire-street.csv line 17, column \"Month\": \"2018-13\" is not a month YYYY-MM"
        );
        let rec = [
            "", "2018-11", "", "", "", "", "", "", "", "Burglary", "", "",
        ];
        assert!(
            StreetRow::parse(&street_cols(), "f", 2, m("2018-10"), &rec)
                .unwrap_err()
                .message
                .contains("file's month")
        );
    }

    #[test]
    fn asb_rows_and_no_location_rows_are_valid() {
        let rec = [
            "",
            "2018-10",
            "x",
            "x",
            "",
            "",
            "No Location",
            "",
            "",
            "Anti-social behaviour",
            "",
            "",
        ];
        let r = StreetRow::parse(&street_cols(), "f", 2, m("2018-10"), &rec).unwrap();
        assert_eq!((r.crime_id, r.lsoa_code, r.lon), (None, None, None));
        let rec = [
            "a",
            "2018-10",
            "x",
            "x",
            "-2.5",
            "",
            "On or near",
            "E01018585",
            "",
            "Burglary",
            "",
            "",
        ];
        assert_eq!(
            StreetRow::parse(&street_cols(), "f", 3, m("2018-10"), &rec)
                .unwrap_err()
                .column,
            "Latitude"
        );
    }

    #[test]
    fn a_missing_column_is_named() {
        let e = Columns::new(Kind::Outcomes, "f.csv", &STREET[..5]).unwrap_err();
        assert_eq!((e.line, e.column.as_str()), (1, "Latitude"));
    }
}
