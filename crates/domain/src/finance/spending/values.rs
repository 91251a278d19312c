//! Dates and amounts as UK finance systems write them. Day comes before month, always: a
//! date that would only make sense the American way is refused, not swapped.

use crate::finance::money::month_number;
use rust_decimal::Decimal;
use time::Date;

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// "26-May-11", "09/01/2018", "9.1.18", "2018-01-09", "26 May 2011", "1 September 2024",
/// with a time after it ignored ("09/01/2018 00:00", "2018-01-09T00:00:00").
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let s = s
        .split_once('T')
        .filter(|(d, _)| d.len() == 10)
        .map_or(s, |(d, _)| d);
    let s = match s.split_once(' ') {
        Some((d, t)) if t.contains(':') => d,
        _ => s,
    };
    let parts: Vec<&str> = s
        .split(['/', '-', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    if a.len() == 4 {
        // ISO: year first.
        return date(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    }
    if a.is_empty() || a.len() > 2 || !a.bytes().all(|x| x.is_ascii_digit()) {
        return None;
    }
    let day: u8 = a.parse().ok()?;
    let month = if b.bytes().all(|x| x.is_ascii_digit()) && b.len() <= 2 {
        b.parse().ok()?
    } else {
        month_number(b)?
    };
    if !c.bytes().all(|x| x.is_ascii_digit()) {
        return None;
    }
    date(year_of(c)?, month, day)
}

/// "1,534.24", "£528", "(20.00)", "20.00-", "20.00 CR", "-20": pounds, exactly.
pub fn parse_amount(s: &str) -> Option<Decimal> {
    let mut t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '£' | ',' | ' ' | '\u{a0}'))
        .collect();
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].to_string();
    }
    let upper = t.to_ascii_uppercase();
    if let Some(x) = upper.strip_suffix("CR") {
        negative = !negative;
        t = x.to_string();
    } else if t.len() > 1 && t.ends_with('-') {
        negative = !negative;
        t.pop();
    }
    if let Some(x) = t.strip_prefix('£') {
        t = x.to_string();
    }
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let d: Decimal = t.parse().ok()?;
    Some(if negative { -d } else { d })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn uk_dates_in_their_common_forms() {
        assert_eq!(parse_date("26-May-11"), Some(date!(2011 - 05 - 26)));
        assert_eq!(parse_date("09/01/2018"), Some(date!(2018 - 01 - 09)));
        assert_eq!(parse_date("9.1.18"), Some(date!(2018 - 01 - 09)));
        assert_eq!(parse_date("2018-01-09"), Some(date!(2018 - 01 - 09)));
        assert_eq!(
            parse_date("2018-01-09T00:00:00"),
            Some(date!(2018 - 01 - 09))
        );
        assert_eq!(parse_date("09/01/2018 00:00"), Some(date!(2018 - 01 - 09)));
        assert_eq!(parse_date("1 September 2024"), Some(date!(2024 - 09 - 01)));
        assert_eq!(parse_date("26 May 2011"), Some(date!(2011 - 05 - 26)));
        // Month 13 is not turned round into 1 December.
        assert_eq!(parse_date("12/13/2018"), None);
        assert_eq!(parse_date("31/02/2018"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("43101"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn amounts_in_their_common_forms() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(parse_amount("1,534.24"), Some(d("1534.24")));
        assert_eq!(parse_amount("£528"), Some(d("528")));
        assert_eq!(parse_amount("(20.00)"), Some(d("-20.00")));
        assert_eq!(parse_amount("20.00-"), Some(d("-20.00")));
        assert_eq!(parse_amount("20.00 CR"), Some(d("-20.00")));
        assert_eq!(parse_amount("-£20"), Some(d("-20")));
        assert_eq!(parse_amount("0.01"), Some(d("0.01")));
        assert_eq!(parse_amount("five hundred"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("1.2.3"), None);
        assert_eq!(parse_amount("-"), None);
    }

    proptest::proptest! {
        #[test]
        fn readers_never_panic(s in "\\PC{0,30}") {
            let _ = parse_date(&s);
            let _ = parse_amount(&s);
        }
    }
}
