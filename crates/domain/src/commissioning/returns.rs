//! Providers' returns in one schema across services: referrals, people supported, the share
//! whose coping and recovery improved, average wait and a narrative, for a quarter or a
//! whole financial year, for every area the service covers or one local authority. A sheet of
//! returns is read all or nothing: every error names the file, sheet, row and column.

use crate::finance::FinancialYear;
use crate::sheets::Sheet;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The columns of a returns sheet, in the template's order.
pub const COLUMNS: [&str; 9] = [
    "service",
    "year",
    "quarter",
    "local_authority",
    "referrals",
    "supported",
    "coping_improved",
    "waiting_days",
    "narrative",
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Return {
    /// The service's slug.
    pub service: String,
    pub year: FinancialYear,
    /// 1 to 4, or 0 for the whole year.
    pub quarter: i64,
    /// A local authority's GSS code, or empty for every area the service covers.
    pub local_authority: String,
    pub referrals: i64,
    pub supported: i64,
    /// A percentage ("72.5"), or empty when not measured.
    pub coping_improved: String,
    /// Average days from referral to first contact, or empty.
    pub waiting_days: String,
    pub narrative: String,
}

/// "Q1".."Q4", "1".."4", or blank (and "year") for the whole year.
pub fn parse_quarter(s: &str) -> Result<i64, String> {
    let t = s.trim().trim_start_matches(['Q', 'q']);
    match t {
        "" | "year" | "Year" => Ok(0),
        "1" | "2" | "3" | "4" => Ok(t.parse().expect("a digit")),
        _ => Err(format!(
            "{s:?} is not a quarter: write Q1 to Q4, or leave it blank for the whole year"
        )),
    }
}

/// The period as people read it: "2024-25" or "2024-25 Q1 (April to June)".
pub fn period_label(year: &str, quarter: i64) -> String {
    const Q: [&str; 4] = [
        "April to June",
        "July to September",
        "October to December",
        "January to March",
    ];
    match quarter {
        1..=4 => format!("{year} Q{quarter} ({})", Q[quarter as usize - 1]),
        _ => format!("{year} (whole year)"),
    }
}

fn count(field: &str, s: &str) -> Result<i64, String> {
    let t = s.trim().replace(',', "");
    t.parse::<i64>()
        .ok()
        .filter(|n| (0..=10_000_000).contains(n))
        .ok_or_else(|| format!("{field}: {s:?} is not a whole number of people"))
}

fn optional_decimal(field: &str, s: &str, max: Decimal) -> Result<String, String> {
    let t = s.trim().trim_end_matches('%');
    if t.is_empty() {
        return Ok(String::new());
    }
    match Decimal::from_str(t) {
        Ok(d) if d >= Decimal::ZERO && d <= max => Ok(d.normalize().to_string()),
        _ => Err(format!("{field}: {s:?} is not a number from 0 to {max}")),
    }
}

/// Days after a quarter ends by which its return is due.
pub const DUE_AFTER_DAYS: i64 = 30;

/// The latest quarter that has ended by `today`: its financial year, number (1 to 4) and the
/// date its return is due.
pub fn latest_quarter(today: time::Date) -> (FinancialYear, i64, time::Date) {
    use time::Month::*;
    let y = today.year();
    // Quarters of a financial year end on 30 June, 30 September, 31 December and 31 March.
    let ends = [
        (FinancialYear(y - 1), 4, (y, March, 31)),
        (FinancialYear(y), 1, (y, June, 30)),
        (FinancialYear(y), 2, (y, September, 30)),
        (FinancialYear(y), 3, (y, December, 31)),
    ];
    let date = |(yy, m, d): (i32, time::Month, u8)| {
        time::Date::from_calendar_date(yy, m, d).expect("a quarter's last day")
    };
    let (fy, q, end) = ends
        .into_iter()
        .rev()
        .find(|(_, _, e)| date(*e) < today)
        .map(|(fy, q, e)| (fy, q, date(e)))
        .unwrap_or((FinancialYear(y - 1), 3, date((y - 1, December, 31))));
    (fy, q, end + time::Duration::days(DUE_AFTER_DAYS))
}

/// One return from its fields, each error naming the field.
pub fn parse_return(fields: &[&str; 9]) -> Result<Return, (usize, String)> {
    let [
        service,
        year,
        quarter,
        la,
        referrals,
        supported,
        coping,
        waiting,
        narrative,
    ] = *fields;
    let service = service.trim();
    if service.is_empty() {
        return Err((0, "service: name the service by its short name".into()));
    }
    let year = FinancialYear::parse(year).map_err(|e| (1, format!("year: {e}")))?;
    let quarter = parse_quarter(quarter).map_err(|e| (2, format!("quarter: {e}")))?;
    let la = la.trim();
    if !la.is_empty() && !super::is_local_authority(la) {
        return Err((
            3,
            format!(
                "local_authority: {la:?} is not an ONS GSS code such as E06000049 (leave it blank for every area)"
            ),
        ));
    }
    let r = Return {
        service: service.to_string(),
        year,
        quarter,
        local_authority: la.to_string(),
        referrals: count("referrals", referrals).map_err(|e| (4, e))?,
        supported: count("supported", supported).map_err(|e| (5, e))?,
        coping_improved: optional_decimal("coping_improved", coping, Decimal::from(100))
            .map_err(|e| (6, e))?,
        waiting_days: optional_decimal("waiting_days", waiting, Decimal::from(3650))
            .map_err(|e| (7, e))?,
        narrative: narrative.trim().to_string(),
    };
    if r.narrative.chars().count() > 5000 {
        return Err((8, "narrative: keep it under 5,000 characters".into()));
    }
    Ok(r)
}

/// Every return in a file's sheets: each sheet's first non-blank row is its header, whose
/// columns are found by name; blank rows are skipped. Any error rejects the file.
pub fn read_sheets(file: &str, sheets: &[Sheet]) -> Result<Vec<Return>, Vec<String>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (name, rows) in sheets {
        let blank = |r: &Vec<String>| r.iter().all(|c| c.trim().is_empty());
        let Some(h) = rows.iter().position(|r| !blank(r)) else {
            continue;
        };
        let header: Vec<String> = rows[h].iter().map(|c| c.trim().to_lowercase()).collect();
        let mut at = [0usize; 9];
        for (i, col) in COLUMNS.iter().enumerate() {
            match header.iter().position(|c| c == col) {
                Some(p) => at[i] = p,
                None => errors.push(format!(
                    "{file}, sheet {name}, row {}: the header has no column {col:?} (the columns are {})",
                    h + 1,
                    COLUMNS.join(", ")
                )),
            }
        }
        if !errors.is_empty() {
            continue;
        }
        for (i, row) in rows.iter().enumerate().skip(h + 1) {
            if blank(row) {
                continue;
            }
            let cell = |c: usize| row.get(at[c]).map(String::as_str).unwrap_or("");
            let fields: [&str; 9] = std::array::from_fn(cell);
            match parse_return(&fields) {
                Ok(r) => out.push(r),
                Err((c, e)) => errors.push(format!(
                    "{file}, sheet {name}, row {}, column {} ({}): {e}",
                    i + 1,
                    crate::sheets::column_letters(at[c] as u64),
                    COLUMNS[c]
                )),
            }
            if errors.len() >= 50 {
                errors.push(format!("{file}: stopped after 50 errors"));
                return Err(errors);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.is_empty() {
        return Err(vec![format!("{file}: no returns found under a header row")]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Vec<Sheet> {
        vec![(
            "Returns".into(),
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        )]
    }

    #[test]
    fn a_sheet_of_returns_is_read_by_column_name() {
        let s = sheet(&[
            &[],
            &COLUMNS,
            &[
                "cheshire-cares",
                "2024-25",
                "",
                "",
                "21,341",
                "20865",
                "",
                "",
                "",
            ],
            &[
                "rasasc",
                "2024/25",
                "Q2",
                "E06000049",
                "500",
                "700",
                "81%",
                "12",
                "ok",
            ],
        ]);
        let r = read_sheets("r.csv", &s).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].referrals, 21_341);
        assert_eq!(r[0].quarter, 0);
        assert_eq!(r[1].quarter, 2);
        assert_eq!(r[1].coping_improved, "81");
    }

    #[test]
    fn every_error_names_the_sheet_row_and_column() {
        let s = sheet(&[
            &COLUMNS,
            &["cheshire-cares", "2024-25", "Q5", "", "1", "1", "", "", ""],
            &["rasasc", "2024-25", "", "Cheshire", "1", "many", "", "", ""],
        ]);
        let e = read_sheets("r.csv", &s).unwrap_err();
        assert_eq!(e.len(), 2);
        assert!(
            e[0].starts_with("r.csv, sheet Returns, row 2, column C (quarter)"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("r.csv, sheet Returns, row 3, column D (local_authority)"),
            "{e:?}"
        );
    }

    #[test]
    fn the_latest_quarter_and_its_due_date() {
        let d = |y, m, day| time::Date::from_calendar_date(y, m, day).unwrap();
        let (fy, q, due) = latest_quarter(d(2025, time::Month::August, 15));
        assert_eq!((fy.to_string(), q), ("2025-26".to_string(), 1));
        assert_eq!(due, d(2025, time::Month::July, 30));
        let (fy, q, _) = latest_quarter(d(2026, time::Month::February, 1));
        assert_eq!((fy.to_string(), q), ("2025-26".to_string(), 3));
        let (fy, q, _) = latest_quarter(d(2026, time::Month::April, 1));
        assert_eq!((fy.to_string(), q), ("2025-26".to_string(), 4));
    }

    #[test]
    fn a_missing_column_is_named() {
        let s = sheet(&[&["service", "year"], &["a", "2024-25"]]);
        let e = read_sheets("r.csv", &s).unwrap_err();
        assert!(e[0].contains("no column \"quarter\""), "{e:?}");
    }
}
