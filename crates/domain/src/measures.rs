//! Values of a plan's measures, by period and area, and the rules a value must meet: the
//! kind of number its unit allows, and a rate or proportion that agrees with its numerator
//! and denominator. Uploaded sheets are checked row by row here, so every problem is reported
//! with its sheet, row and column before anything is stored.

use crate::force_area::check_gss;
use crate::periods::{Period, PeriodKind};
use crate::plans::Unit;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

/// One value of one measure, for one period and area. Money and every other value is an
/// exact decimal, never a float.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureValue {
    pub measure: String,
    pub period: Period,
    /// ONS GSS code of the area: the force area or a local authority.
    pub area: String,
    pub value: Decimal,
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    pub source: String,
    pub commentary: String,
}

/// Checks a value against its unit; returns the message for the `value` column.
pub fn check_value(unit: Unit, v: &MeasureValue) -> Result<(), (&'static str, String)> {
    let value = v.value;
    match unit {
        Unit::Count if value.is_sign_negative() || value.fract() != Decimal::ZERO => {
            return Err((
                "value",
                format!("{value} is not a count: use a whole number, 0 or more"),
            ));
        }
        Unit::Percentage if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
            return Err((
                "value",
                format!("{value} is not a percentage between 0 and 100"),
            ));
        }
        Unit::Days | Unit::RatePer1000 if value.is_sign_negative() => {
            return Err(("value", format!("{value} cannot be negative")));
        }
        _ => {}
    }
    let scale = match unit {
        Unit::Percentage => Some(Decimal::ONE_HUNDRED),
        Unit::RatePer1000 => Some(Decimal::ONE_THOUSAND),
        _ => None,
    };
    match (scale, v.numerator, v.denominator) {
        (_, Some(_), None) | (_, None, Some(_)) => Err((
            "denominator",
            "give both the numerator and the denominator, or neither".to_string(),
        )),
        (_, Some(_), Some(d)) if d <= Decimal::ZERO => {
            Err(("denominator", format!("{d} must be more than 0")))
        }
        (Some(scale), Some(n), Some(d)) => {
            let expected = n * scale / d;
            // Published figures are rounded, so allow half a unit in the last place shown.
            let places = value.scale().min(6);
            let tolerance = Decimal::new(5, places + 1);
            if (expected - value).abs() > tolerance {
                Err((
                    "value",
                    format!(
                        "{value} does not agree with {n} / {d} (which gives {})",
                        expected.round_dp(places.max(1))
                    ),
                ))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

impl MeasureValue {
    pub fn as_f64(&self) -> f64 {
        self.value.to_f64().unwrap_or(f64::NAN)
    }
}

/// A problem in an uploaded sheet: which sheet, which row (as the spreadsheet numbers it,
/// the header being row 1) and which column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub sheet: String,
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, row {}, column \"{}\": {}",
            self.sheet, self.row, self.column, self.message
        )
    }
}

pub const COLUMNS: [&str; 8] = [
    "measure",
    "period",
    "area",
    "value",
    "numerator",
    "denominator",
    "source",
    "commentary",
];
const REQUIRED: [&str; 3] = ["measure", "period", "value"];

/// A title as compared with a cell: lower case, words only.
fn simplify(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim().replace(',', "");
    Decimal::from_str(&t)
        .or_else(|_| Decimal::from_scientific(&t))
        .map_err(|_| format!("{s:?} is not a number"))
}

/// Reads the rows of one sheet (cells as text, header first) into values, checking every
/// cell. `measures` gives each measure key's unit and the kind of period it is reported by;
/// `default_area` fills a blank area.
pub fn parse_sheet(
    sheet: &str,
    rows: &[Vec<String>],
    measures: &HashMap<String, (Unit, PeriodKind)>,
    default_area: &str,
) -> Result<Vec<MeasureValue>, Vec<RowError>> {
    parse_sheet_titled(sheet, rows, measures, &HashMap::new(), default_area)
}

/// As [`parse_sheet`], with each measure's title and key (`titles`), so that a row naming a
/// measure by its title is told the key to use.
pub fn parse_sheet_titled(
    sheet: &str,
    rows: &[Vec<String>],
    measures: &HashMap<String, (Unit, PeriodKind)>,
    titles: &HashMap<String, String>,
    default_area: &str,
) -> Result<Vec<MeasureValue>, Vec<RowError>> {
    let suggest = |cell: &str| {
        let wanted = simplify(cell);
        titles
            .iter()
            .find(|(title, _)| simplify(title) == wanted)
            .map(|(_, key)| key.clone())
    };
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<RowError>, row: usize, column: &str, message: String| {
        errors.push(RowError {
            sheet: sheet.to_string(),
            row,
            column: column.to_string(),
            message,
        })
    };
    // PostgreSQL's text cannot hold a NUL, and no one types one: it comes from a damaged or
    // hostile file, and is refused wherever it is, ignored columns included.
    let column_name = |c: usize| {
        rows.first()
            .and_then(|h| h.get(c))
            .map(|h| h.trim().replace('\0', ""))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| crate::sheets::column_letters(c as u64))
    };
    for (i, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.contains('\0') {
                err(
                    &mut errors,
                    i + 1,
                    &column_name(c),
                    "contains a NUL character (byte 0), which is not allowed".into(),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(header) = rows.first() else {
        err(
            &mut errors,
            1,
            "-",
            "the sheet is empty: the first row must name the columns".into(),
        );
        return Err(errors);
    };
    let mut index = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let name = h.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        if !COLUMNS.contains(&name.as_str()) {
            err(
                &mut errors,
                1,
                h,
                format!("unknown column; the columns are {}", COLUMNS.join(", ")),
            );
        } else if index.insert(name.clone(), i).is_some() {
            err(&mut errors, 1, h, "this column appears twice".into());
        }
    }
    for r in REQUIRED {
        if !index.contains_key(r) {
            err(&mut errors, 1, r, "this column is required".into());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let cell = |row: &[String], name: &str| -> String {
        index
            .get(name)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut values = Vec::new();
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let line = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let before = errors.len();
        let key = cell(row, "measure");
        let unit = measures.get(&key).copied();
        if unit.is_none() {
            err(
                &mut errors,
                line,
                "measure",
                match suggest(&key) {
                    Some(k) => {
                        format!("{key:?} is the title of a measure, not its key: use its key, {k}")
                    }
                    None => format!("{key:?} is not a measure of this plan"),
                },
            );
        }
        let period = Period::parse(&cell(row, "period"));
        match (&period, unit) {
            (Err(e), _) => err(&mut errors, line, "period", e.clone()),
            (Ok(p), Some((_, kind))) if p.kind() != kind => err(
                &mut errors,
                line,
                "period",
                format!(
                    "{key} is reported by {}, so {p} does not fit",
                    kind.as_str()
                ),
            ),
            _ => {}
        }
        let area = match cell(row, "area") {
            a if a.is_empty() => default_area.to_string(),
            a => a,
        };
        if let Err(e) = check_gss(
            "area",
            &area,
            &["E23", "W15", "E06", "E07", "E08", "E09", "W06"],
            "police force area or local authority",
        ) {
            err(&mut errors, line, "area", e.to_string());
        }
        let mut number = |name: &str, required: bool| -> Option<Decimal> {
            let raw = cell(row, name);
            if raw.is_empty() {
                if required {
                    err(&mut errors, line, name, "enter a number".into());
                }
                return None;
            }
            decimal(&raw)
                .map_err(|m| err(&mut errors, line, name, m))
                .ok()
        };
        let value = number("value", true);
        let numerator = number("numerator", false);
        let denominator = number("denominator", false);
        if errors.len() > before {
            continue;
        }
        let (Some((unit, _)), Ok(period), Some(value)) = (unit, period, value) else {
            continue;
        };
        let v = MeasureValue {
            measure: key,
            period,
            area,
            value,
            numerator,
            denominator,
            source: cell(row, "source"),
            commentary: cell(row, "commentary"),
        };
        if let Err((column, m)) = check_value(unit, &v) {
            err(&mut errors, line, column, m);
            continue;
        }
        if !seen.insert((v.measure.clone(), v.period, v.area.clone())) {
            err(
                &mut errors,
                line,
                "period",
                format!(
                    "{} already has a value for {} in {} earlier in this sheet",
                    v.measure, v.period, v.area
                ),
            );
            continue;
        }
        values.push(v);
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
            .collect()
    }

    fn units() -> HashMap<String, (Unit, PeriodKind)> {
        [
            ("total-crime", Unit::Count, PeriodKind::Month),
            ("satisfied", Unit::Percentage, PeriodKind::Quarter),
            ("cost-per-head", Unit::Money, PeriodKind::Year),
            ("asb-rate", Unit::RatePer1000, PeriodKind::Month),
        ]
        .into_iter()
        .map(|(k, u, p)| (k.to_string(), (u, p)))
        .collect()
    }

    #[test]
    fn a_good_sheet_reads_every_row() {
        let sheet = rows(
            "Measure | Period | Area | Value | Numerator | Denominator | Commentary\n\
             total-crime | 2025-06 | | 7,412 | | | \n\
             satisfied | 2025/26 Q1 | E23000006 | 81.2 | 812 | 1000 | Survey of victims\n\
             cost-per-head | 2024/25 | | 212.37 | | |\n\
             asb-rate | 2025-06 | E06000006 | 3.9 | 503 | 129000 |",
        );
        let v = parse_sheet("Values", &sheet, &units(), "E23000006").unwrap();
        assert_eq!(v.len(), 4);
        assert_eq!(v[0].value, Decimal::from(7412));
        assert_eq!(v[0].area, "E23000006");
        assert_eq!(v[2].value.to_string(), "212.37", "money stays exact");
        assert_eq!(v[3].period, Period::month(2025, 6));
    }

    #[test]
    fn a_nul_anywhere_is_refused_with_its_row_and_column() {
        let mut sheet = rows(
            "measure | period | value\n\
             total-crime | 2025-06 | 12",
        );
        sheet[1][2] = "1\u{0}2".into();
        sheet[1].push("note\0".into());
        let e = parse_sheet("v.csv", &sheet, &units(), "E23000006").unwrap_err();
        let shown: Vec<String> = e.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            shown,
            [
                "v.csv, row 2, column \"value\": contains a NUL character (byte 0), which is not allowed",
                "v.csv, row 2, column \"D\": contains a NUL character (byte 0), which is not allowed",
            ]
        );
    }

    #[test]
    fn every_bad_cell_is_named_by_sheet_row_and_column() {
        let sheet = rows(
            "measure | period | area | value | numerator | denominator\n\
             total-crime | 2025-13 | | 12 | |\n\
             total-crime | 2025-06 | | 12.5 | |\n\
             satisfied | 2025/26 Q1 | | 90 | 812 | 1000\n\
             nope | 2025-06 | X1 | x | |",
        );
        let errs = parse_sheet("Q1", &sheet, &units(), "E23000006").unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert!(text.contains(&"Q1, row 2, column \"period\": \"2025-13\" is not a period: write a month as 2025-06, a quarter as 2025/26 Q1, a financial year as 2025/26".to_string()), "{text:#?}");
        assert!(
            text.iter()
                .any(|e| e.starts_with("Q1, row 3, column \"value\"") && e.contains("not a count"))
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("Q1, row 4, column \"value\"") && e.contains("81.2"))
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("Q1, row 5, column \"measure\""))
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("Q1, row 5, column \"area\""))
        );
        assert!(
            text.iter()
                .any(|e| e.starts_with("Q1, row 5, column \"value\""))
        );
    }

    #[test]
    fn a_measure_named_by_its_title_is_told_its_key() {
        let titles: HashMap<String, String> = [(
            "Total number of recorded crimes".to_string(),
            "total-crime".to_string(),
        )]
        .into();
        let sheet = rows("measure | period | value\ntotal number of recorded crimes | 2013-04 | 1");
        let e = parse_sheet_titled("v.csv", &sheet, &units(), &titles, "E23000006").unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(
            e[0].message.contains("use its key, total-crime"),
            "{}",
            e[0]
        );
    }

    #[test]
    fn headers_are_checked_first() {
        let errs =
            parse_sheet("S", &rows("measure | when | value"), &units(), "E23000006").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].to_string().contains("unknown column"));
        assert!(
            errs[1]
                .to_string()
                .contains("column \"period\": this column is required")
        );
    }

    #[test]
    fn a_repeated_value_is_refused() {
        let sheet =
            rows("measure | period | value\ntotal-crime | 2025-06 | 1\ntotal-crime | 2025-06 | 2");
        let errs = parse_sheet("S", &sheet, &units(), "E23000006").unwrap_err();
        assert_eq!(errs[0].row, 3);
    }
}
