//! The IOPC's quarterly complaint statistics for a force, beside the figures for its most
//! similar forces and for England and Wales: one figure a row (year, quarter, scope, measure,
//! value), entered in a form or uploaded as a sheet, each row checked with its file, row and
//! field named.

use rust_decimal::Decimal;
use std::str::FromStr;

pub const SCOPES: [(&str, &str); 3] = [
    ("force", "This force"),
    ("msf", "Most similar forces"),
    ("national", "England and Wales"),
];

/// The headline measures: key, label.
pub const HEADLINES: [(&str, &str); 4] = [
    ("cases_logged", "Complaint cases logged"),
    ("days_to_log", "Average working days to log a complaint"),
    (
        "days_to_contact",
        "Average working days to contact the complainant",
    ),
    (
        "outside_schedule3_pct",
        "Cases handled outside Schedule 3 (per cent)",
    ),
];

/// Allegation categories as the IOPC groups them.
pub const ALLEGATIONS: [(&str, &str); 8] = [
    ("delivery_of_duties", "Delivery of duties and service"),
    ("powers_policies", "Police powers, policies and procedures"),
    ("individual_behaviours", "Individual behaviours"),
    ("discriminatory", "Discriminatory behaviour"),
    ("information", "Access and/or disclosure of information"),
    (
        "abuse_of_position",
        "Abuse of position, fraud or corruption",
    ),
    ("sexual_conduct", "Sexual conduct"),
    ("other", "Other"),
];

/// Outcomes of allegations handled under Schedule 3.
pub const OUTCOMES: [(&str, &str); 4] = [
    ("acceptable", "Service was acceptable"),
    ("not_acceptable", "Service was not acceptable"),
    ("unable_to_determine", "Not able to determine"),
    ("no_further_action", "No further action"),
];

/// Every measure key accepted, with its label: `allegation:` and `outcome:` prefix the
/// categories.
pub fn measure_label(key: &str) -> Option<String> {
    if let Some((_, l)) = HEADLINES.iter().find(|(k, _)| *k == key) {
        return Some(l.to_string());
    }
    let find = |list: &[(&str, &str)], k: &str| {
        list.iter()
            .find(|(key, _)| *key == k)
            .map(|(_, l)| l.to_string())
    };
    if let Some(k) = key.strip_prefix("allegation:") {
        return find(&ALLEGATIONS, k).map(|l| format!("Allegations: {l}"));
    }
    if let Some(k) = key.strip_prefix("outcome:") {
        return find(&OUTCOMES, k).map(|l| format!("Outcomes: {l}"));
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The financial year's first calendar year.
    pub year: i32,
    pub quarter: u8,
    pub scope: String,
    pub measure: String,
    pub value: Decimal,
}

pub const COLUMNS: [&str; 5] = ["year", "quarter", "scope", "measure", "value"];
/// Far above any real file: four quarters, three scopes, a few dozen measures, some years.
pub const MAX_ROWS: usize = 5_000;

/// One figure from its five fields; the error names the field.
pub fn parse(
    year: &str,
    quarter: &str,
    scope: &str,
    measure: &str,
    value: &str,
) -> Result<Figure, String> {
    let y: i32 = year
        .trim()
        .split(['-', '/'])
        .next()
        .and_then(|y| y.trim().parse().ok())
        .filter(|y| (2000..=2100).contains(y))
        .ok_or_else(|| format!("year: {year:?} is not a financial year like 2023 or 2023-24"))?;
    let q: u8 = quarter
        .trim()
        .trim_start_matches(['Q', 'q'])
        .parse()
        .ok()
        .filter(|q| (1..=4).contains(q))
        .ok_or_else(|| format!("quarter: {quarter:?} is not 1, 2, 3 or 4"))?;
    let scope = scope.trim();
    if !SCOPES.iter().any(|(s, _)| *s == scope) {
        return Err(format!(
            "scope: {scope:?} is not force, msf (most similar forces) or national"
        ));
    }
    let measure = measure.trim();
    if measure_label(measure).is_none() {
        return Err(format!(
            "measure: {measure:?} is not known (cases_logged, days_to_log, days_to_contact, outside_schedule3_pct, allegation:CATEGORY, outcome:OUTCOME)"
        ));
    }
    let value = Decimal::from_str(value.trim().trim_end_matches('%'))
        .ok()
        .filter(|v| !v.is_sign_negative())
        .ok_or_else(|| format!("value: {value:?} is not a number of zero or more"))?;
    if measure.ends_with("_pct") && value > Decimal::ONE_HUNDRED {
        return Err(format!("value: {value} is a share, so at most 100"));
    }
    Ok(Figure {
        year: y,
        quarter: q,
        scope: scope.to_string(),
        measure: measure.to_string(),
        value,
    })
}

/// Every figure of a sheet whose first row names the columns; the first problems, each naming
/// the file, row and field.
pub fn read_rows(file: &str, rows: &[Vec<String>]) -> Result<Vec<Figure>, Vec<String>> {
    let Some((head, body)) = rows.split_first() else {
        return Err(vec![format!("{file}: the file is empty")]);
    };
    let head: Vec<String> = head.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut at = [0usize; 5];
    let mut errors = Vec::new();
    for (i, c) in COLUMNS.iter().enumerate() {
        match head.iter().position(|h| h == c) {
            Some(p) => at[i] = p,
            None => errors.push(format!("{file}, row 1: there is no column named {c}")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if body.len() > MAX_ROWS {
        return Err(vec![format!(
            "{file}: {} rows; the most accepted is {MAX_ROWS}",
            body.len()
        )]);
    }
    let mut out = Vec::new();
    for (n, row) in body.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| row.get(at[i]).map_or("", |s| s.as_str());
        match parse(cell(0), cell(1), cell(2), cell(3), cell(4)) {
            Ok(f) => out.push(f),
            Err(e) if errors.len() < 20 => errors.push(format!("{file}, row {}: {e}", n + 2)),
            Err(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
