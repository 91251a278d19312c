//! A calendar month, written `YYYY-MM` as data.police.uk and ISO 8601 write it. The one month
//! type: crime files are keyed by it and a reporting period of a month holds it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a month YYYY-MM")]
pub struct MonthError(pub String);

impl Month {
    pub fn new(year: u16, month: u8) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=9999).contains(&year))
            .then_some(Month { year, month })
    }

    pub fn parse(s: &str) -> Result<Month, MonthError> {
        let err = || MonthError(s.to_string());
        let b = s.as_bytes();
        if b.len() != 7
            || b[4] != b'-'
            || !s[..4]
                .bytes()
                .chain(s[5..].bytes())
                .all(|c| c.is_ascii_digit())
        {
            return Err(err());
        }
        let year: u16 = s[..4].parse().map_err(|_| err())?;
        let month: u8 = s[5..].parse().map_err(|_| err())?;
        Month::new(year, month).ok_or_else(err)
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// Every month from `self` to `to`, both included (empty when `to` is earlier).
    pub fn through(self, to: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| Some(m.next())).take_while(move |m| *m <= to)
    }

    /// As people read it: "October 2018".
    pub fn long(self) -> String {
        let name = time::Month::try_from(self.month).expect("a month is 1..=12");
        format!("{name} {}", self.year)
    }

    /// The month's last day.
    pub fn last_day(self) -> time::Date {
        let month = time::Month::try_from(self.month).expect("a month is 1..=12");
        time::Date::from_calendar_date(i32::from(self.year), month, self.days())
            .expect("a month's last day is a date")
    }

    /// The number of days in the month.
    pub fn days(self) -> u8 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => 31,
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = MonthError;
    fn from_str(s: &str) -> Result<Month, MonthError> {
        Month::parse(s)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2018-12").unwrap();
        assert_eq!(m.next().to_string(), "2019-01");
        assert_eq!(m.next().prev(), m);
        assert_eq!(Month::parse("2024-02").unwrap().days(), 29);
        assert_eq!(m.long(), "December 2018");
        assert_eq!(Month::parse("1900-02").unwrap().days(), 28);
        for bad in [
            "2018-13",
            "2018-00",
            "2018-1",
            "18-10",
            "2018/10",
            "２018-10",
            "",
        ] {
            assert!(Month::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Month::parse("2018-13").unwrap_err().to_string(),
            "\"2018-13\" is not a month YYYY-MM"
        );
        let all: Vec<_> = m.through(Month::parse("2019-02").unwrap()).collect();
        assert_eq!(all.len(), 3);
    }

    proptest! {
        #[test]
        fn display_round_trips(y in 1900u16..=9999, mo in 1u8..=12) {
            let m = Month::new(y, mo).unwrap();
            prop_assert_eq!(Month::parse(&m.to_string()).unwrap(), m);
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,10}") {
            let _ = Month::parse(&s);
        }

        #[test]
        fn order_is_chronological(a in 1900u16..3000, b in 1u8..=12, c in 1900u16..3000, d in 1u8..=12) {
            let (x, y) = (Month::new(a, b).unwrap(), Month::new(c, d).unwrap());
            prop_assert_eq!(x < y, x.to_string() < y.to_string());
        }
    }
}
