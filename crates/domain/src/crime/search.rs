//! Checking a stop-and-search row. Dates are ISO 8601, with an offset in recent files, and
//! a month's file can start on the last day of the previous month.

use super::Month;
use super::rows::{Columns, Ctx, RowError, lon_lat, opt, required};

/// One stop and search. Published without names; only aggregates leave the service.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    pub search_type: String,
    /// As published: ISO 8601, with an offset in recent files.
    pub date: String,
    pub part_of_operation: Option<bool>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub gender: Option<String>,
    pub age_range: Option<String>,
    pub self_ethnicity: Option<String>,
    pub officer_ethnicity: Option<String>,
    pub legislation: Option<String>,
    pub object: Option<String>,
    pub outcome: Option<String>,
    pub outcome_linked: Option<bool>,
    pub removal: Option<bool>,
}

fn flag(ctx: &Ctx, column: &str, s: &str) -> Result<Option<bool>, RowError> {
    match s.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "true" => Ok(Some(true)),
        "false" => Ok(Some(false)),
        _ => Err(ctx.err(column, format!("{s:?} is neither True nor False"))),
    }
}

/// The date part of an ISO 8601 date-time, as written (local to the offset given), checked.
fn date_month(s: &str) -> Option<(Month, u8)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[7] != b'-' || !(b.len() == 10 || b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let m = Month::parse(&s[..7]).ok()?;
    let d: u8 = s[8..10]
        .parse()
        .ok()
        .filter(|d| (1..=m.days()).contains(d))?;
    if b.len() > 10 {
        let t = &s[11..];
        let hms = t.get(..8)?;
        let ok = hms.as_bytes()[2] == b':'
            && hms.as_bytes()[5] == b':'
            && hms
                .split(':')
                .all(|p| p.len() == 2 && p.bytes().all(|c| c.is_ascii_digit()));
        let zone = &t[8..];
        let zone = zone
            .strip_prefix('.')
            .map(|z| z.trim_start_matches(|c: char| c.is_ascii_digit()))
            .unwrap_or(zone);
        let zone_ok = zone.is_empty()
            || zone == "Z"
            || (zone.len() == 6
                && (zone.starts_with('+') || zone.starts_with('-'))
                && zone.as_bytes()[3] == b':');
        if !ok || !zone_ok {
            return None;
        }
    }
    Some((m, d))
}

impl SearchRow {
    /// A month's file can start on the last day of the previous month (times near midnight).
    pub fn parse(
        c: &Columns,
        file: &str,
        line: u64,
        month: Month,
        rec: &[&str],
    ) -> Result<SearchRow, RowError> {
        let ctx = Ctx { file, line };
        let date = c.get(rec, "Date");
        match date_month(date) {
            None => {
                return Err(ctx.err("Date", format!("{date:?} is not an ISO 8601 date and time")));
            }
            Some((m, _)) if m == month => {}
            Some((m, d)) if m == month.prev() && d == m.days() => {}
            Some(_) => {
                return Err(ctx.err(
                    "Date",
                    format!("{date:?} is not in the file's month {month}"),
                ));
            }
        }
        let (lon, lat) = lon_lat(&ctx, c.get(rec, "Longitude"), c.get(rec, "Latitude"))?;
        Ok(SearchRow {
            search_type: required(&ctx, "Type", c.get(rec, "Type"))?,
            date: date.to_string(),
            part_of_operation: flag(
                &ctx,
                "Part of a policing operation",
                c.get(rec, "Part of a policing operation"),
            )?,
            lat,
            lon,
            gender: opt(c.get(rec, "Gender")),
            age_range: opt(c.get(rec, "Age range")),
            self_ethnicity: opt(c.get(rec, "Self-defined ethnicity")),
            officer_ethnicity: opt(c.get(rec, "Officer-defined ethnicity")),
            legislation: opt(c.get(rec, "Legislation")),
            object: opt(c.get(rec, "Object of search")),
            outcome: opt(c.get(rec, "Outcome")),
            outcome_linked: flag(
                &ctx,
                "Outcome linked to object of search",
                c.get(rec, "Outcome linked to object of search"),
            )?,
            removal: flag(
                &ctx,
                "Removal of more than just outer clothing",
                c.get(rec, "Removal of more than just outer clothing"),
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn search_dates_may_start_the_day_before() {
        let c = Columns::new(
            crate::crime::Kind::StopAndSearch,
            "s.csv",
            super::super::rows::SEARCH,
        )
        .unwrap();
        let rec = |d: &'static str| {
            [
                "Person search",
                d,
                "",
                "",
                "",
                "Male",
                "",
                "",
                "",
                "",
                "",
                "",
                "False",
                "False",
            ]
        };
        let june = m("2025-06");
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-05-31T23:45:00+00:00")).is_ok());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-06-30T23:45:00+01:00")).is_ok());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-06-01T00:38:00")).is_ok());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-05-30T23:45:00+00:00")).is_err());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-07-01T00:00:00+00:00")).is_err());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("2025-06-31T00:00:00+00:00")).is_err());
        assert!(SearchRow::parse(&c, "s", 2, june, &rec("yesterday")).is_err());
    }

    proptest! {
        #[test]
        fn search_dates_never_panic(s in "\\PC{0,30}") {
            let _ = date_month(&s);
        }
    }
}
