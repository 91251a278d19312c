//! Reporting periods: a calendar month, a financial quarter or a financial year (April to
//! March, as UK public bodies report). Written `2025-06`, `2025/26 Q1` and `2025/26`: the
//! financial year takes a slash, as in government accounts, because `2010-11` would be
//! November 2010 as well.

use crate::month::Month;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar month.
    Month(Month),
    /// The financial year starting in April of the year given, and its quarter 1..=4
    /// (Q1 April to June ... Q4 January to March).
    Quarter(i32, u8),
    /// The financial year starting in April of the year given.
    Year(i32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

impl Period {
    /// The month of this year and month number.
    ///
    /// # Panics
    /// When the month is not 1..=12 or the year not 1900..=9999: for literals and arithmetic
    /// on valid periods, not for input (which goes through `parse`).
    pub fn month(year: i32, month: u8) -> Period {
        let m = u16::try_from(year)
            .ok()
            .and_then(|y| Month::new(y, month))
            .unwrap_or_else(|| panic!("{year}-{month} is not a month"));
        Period::Month(m)
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Month(..) => PeriodKind::Month,
            Period::Quarter(..) => PeriodKind::Quarter,
            Period::Year(_) => PeriodKind::Year,
        }
    }

    /// The financial year a month falls in: January to March belong to the year before.
    fn fy_of_month(year: i32, month: u8) -> i32 {
        if month >= 4 { year } else { year - 1 }
    }

    /// The quarter this period falls in (a quarter is its own; a year has none).
    pub fn quarter(self) -> Option<Period> {
        match self {
            Period::Month(m) => {
                let q = ((m.month() + 8) % 12) / 3 + 1;
                Some(Period::Quarter(
                    Self::fy_of_month(i32::from(m.year()), m.month()),
                    q,
                ))
            }
            q @ Period::Quarter(..) => Some(q),
            Period::Year(_) => None,
        }
    }

    pub fn financial_year(self) -> i32 {
        match self {
            Period::Month(m) => Self::fy_of_month(i32::from(m.year()), m.month()),
            Period::Quarter(fy, _) | Period::Year(fy) => fy,
        }
    }

    /// The months a period covers, in order.
    pub fn months(self) -> Vec<Period> {
        match self {
            m @ Period::Month(..) => vec![m],
            Period::Quarter(fy, q) => (0..3)
                .map(|i| {
                    let m = 4 + (q - 1) * 3 + i;
                    if m > 12 {
                        Period::month(fy + 1, m - 12)
                    } else {
                        Period::month(fy, m)
                    }
                })
                .collect(),
            Period::Year(fy) => (1..=4)
                .flat_map(|q| Period::Quarter(fy, q).months())
                .collect(),
        }
    }

    /// The same period a year earlier, for "against last year".
    pub fn year_before(self) -> Period {
        match self {
            Period::Month(m) => Period::month(i32::from(m.year()) - 1, m.month()),
            Period::Quarter(fy, q) => Period::Quarter(fy - 1, q),
            Period::Year(fy) => Period::Year(fy - 1),
        }
    }

    /// The period after this one, of the same kind.
    pub fn next(self) -> Period {
        match self {
            Period::Month(m) => Period::Month(m.next()),
            Period::Quarter(fy, 4) => Period::Quarter(fy + 1, 1),
            Period::Quarter(fy, q) => Period::Quarter(fy, q + 1),
            Period::Year(fy) => Period::Year(fy + 1),
        }
    }

    /// Whether a value for this period may be shown to the public: its last month falls within
    /// the latest published (locked) quarter or before it. Unpublished figures, and the
    /// commentary with them, stay with the office and the Panel until their pack is published.
    pub fn published_by(self, latest_published: Option<Period>) -> bool {
        let last = |p: Period| p.months().last().copied();
        match latest_published {
            Some(q) => last(self) <= last(q),
            None => false,
        }
    }

    /// The period of this kind that holds the given day.
    pub fn containing(kind: PeriodKind, day: time::Date) -> Period {
        let month = Period::month(day.year(), day.month() as u8);
        match kind {
            PeriodKind::Month => month,
            PeriodKind::Quarter => month.quarter().expect("a month has a quarter"),
            PeriodKind::Year => Period::Year(month.financial_year()),
        }
    }

    /// The last whole period of this kind before the given day.
    pub fn last_complete(kind: PeriodKind, today: time::Date) -> Period {
        let this_month = Period::month(today.year(), today.month() as u8);
        let prev = |p: Period| -> Period {
            match p {
                Period::Month(m) => Period::Month(m.prev()),
                Period::Quarter(fy, 1) => Period::Quarter(fy - 1, 4),
                Period::Quarter(fy, q) => Period::Quarter(fy, q - 1),
                Period::Year(fy) => Period::Year(fy - 1),
            }
        };
        match kind {
            PeriodKind::Month => prev(this_month),
            PeriodKind::Quarter => prev(this_month.quarter().expect("a month has a quarter")),
            PeriodKind::Year => Period::Year(this_month.financial_year() - 1),
        }
    }

    pub fn parse(s: &str) -> Result<Period, String> {
        let s = s.trim();
        let bad = || {
            format!(
                "{s:?} is not a period: write a month as 2025-06, a quarter as 2025/26 Q1, a financial year as 2025/26"
            )
        };
        let fy = |t: &str| -> Option<i32> {
            let (a, b) = t.split_once('/')?;
            if a.len() != 4 || b.len() != 2 {
                return None;
            }
            let start: i32 = a.parse().ok()?;
            let end: i32 = b.parse().ok()?;
            ((start + 1) % 100 == end).then_some(start)
        };
        if let Some((year, q)) = s.split_once(" Q") {
            let start = fy(year).ok_or_else(bad)?;
            let q: u8 = q.parse().map_err(|_| bad())?;
            return if (1..=4).contains(&q) {
                Ok(Period::Quarter(start, q))
            } else {
                Err(bad())
            };
        }
        if let Some(start) = fy(s) {
            return Ok(Period::Year(start));
        }
        Month::parse(s).map(Period::Month).map_err(|_| bad())
    }

    /// For people: "June 2025", "2025/26 Q1 (April to June 2025)", "Financial year 2025/26".
    pub fn label(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match self {
            Period::Month(m) => format!("{} {}", MONTHS[m.month() as usize - 1], m.year()),
            Period::Quarter(..) => {
                let ms = self.months();
                let (Period::Month(a), Period::Month(b)) = (ms[0], ms[2]) else {
                    unreachable!("a quarter is three months")
                };
                let (y0, y1) = (a.year(), b.year());
                let first = MONTHS[a.month() as usize - 1];
                let last = MONTHS[b.month() as usize - 1];
                let years = if y0 == y1 {
                    format!("{y1}")
                } else {
                    format!("{y0} to {y1}")
                };
                format!("{self} ({first} to {last} {years})")
            }
            Period::Year(_) => format!("Financial year {self}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Quarter(fy, q) => write!(f, "{fy:04}/{:02} Q{q}", (fy + 1) % 100),
            Period::Year(fy) => write!(f, "{fy:04}/{:02}", (fy + 1) % 100),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Period::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn only_periods_up_to_the_latest_published_quarter_are_public() {
        let q = Some(Period::Quarter(2015, 2)); // July to September 2015
        assert!(Period::month(2015, 9).published_by(q));
        assert!(!Period::month(2015, 10).published_by(q));
        assert!(Period::Quarter(2015, 1).published_by(q));
        assert!(!Period::Quarter(2015, 3).published_by(q));
        assert!(
            !Period::Year(2015).published_by(q),
            "a year ends in March 2016"
        );
        assert!(Period::Year(2014).published_by(q));
        assert!(
            !Period::month(2013, 4).published_by(None),
            "nothing published"
        );
    }

    #[test]
    fn periods_parse_and_print() {
        assert_eq!(Period::parse("2025-06"), Ok(Period::month(2025, 6)));
        assert_eq!(Period::parse("2025/26 Q1"), Ok(Period::Quarter(2025, 1)));
        assert_eq!(Period::parse("2025/26"), Ok(Period::Year(2025)));
        assert_eq!(Period::parse("1999/00").unwrap().to_string(), "1999/00");
        assert_eq!(
            Period::parse("2010-11"),
            Ok(Period::month(2010, 11)),
            "never a year"
        );
        for bad in [
            "2025-13",
            "2025/27",
            "2025/26 Q5",
            "June 2025",
            "2025-6",
            "2025-26",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_fall_in_financial_quarters() {
        assert_eq!(
            Period::month(2025, 4).quarter(),
            Some(Period::Quarter(2025, 1))
        );
        assert_eq!(
            Period::month(2025, 12).quarter(),
            Some(Period::Quarter(2025, 3))
        );
        assert_eq!(
            Period::month(2026, 3).quarter(),
            Some(Period::Quarter(2025, 4))
        );
        assert_eq!(
            Period::Quarter(2025, 4).months(),
            vec![
                Period::month(2026, 1),
                Period::month(2026, 2),
                Period::month(2026, 3)
            ]
        );
        assert_eq!(Period::Year(2025).months().len(), 12);
        assert_eq!(
            Period::Quarter(2025, 4).label(),
            "2025/26 Q4 (January to March 2026)"
        );
    }

    #[test]
    fn the_last_complete_period_is_before_today() {
        let d = date!(2026 - 11 - 22);
        assert_eq!(
            Period::last_complete(PeriodKind::Month, d),
            Period::month(2026, 10)
        );
        assert_eq!(
            Period::last_complete(PeriodKind::Quarter, d),
            Period::Quarter(2026, 2)
        );
        assert_eq!(
            Period::last_complete(PeriodKind::Year, d),
            Period::Year(2025)
        );
        let jan = date!(2026 - 01 - 05);
        assert_eq!(
            Period::last_complete(PeriodKind::Month, jan),
            Period::month(2025, 12)
        );
        assert_eq!(
            Period::last_complete(PeriodKind::Quarter, jan),
            Period::Quarter(2025, 3)
        );
    }

    proptest! {
        #[test]
        fn every_period_prints_to_what_parses_back(y in 1990i32..2100, m in 1u8..=12, q in 1u8..=4) {
            for p in [Period::month(y, m), Period::Quarter(y, q), Period::Year(y)] {
                prop_assert_eq!(Period::parse(&p.to_string()), Ok(p));
            }
            let month = Period::month(y, m);
            prop_assert!(month.quarter().unwrap().months().contains(&month));
            prop_assert!(month.next() > month);
        }
    }
}
