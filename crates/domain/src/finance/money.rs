//! Money and dates as a person reads them: "£266.516m", "£1,534.24", "1 April 2024".

use rust_decimal::{Decimal, RoundingStrategy};

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Pounds and pence with thousands separated: "£1,534.24", "-£20.00".
pub fn pounds(d: Decimal) -> String {
    let r = d
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .abs();
    let s = format!("{r:.2}");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let sign = if d.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}£{}.{frac}", group(whole))
}

/// A budget-sized amount: millions as "£266.516m" (to the thousand pounds, trailing zeros
/// dropped, as budget documents write them), smaller amounts as [`pounds`].
pub fn short(d: Decimal) -> String {
    if d.abs() < Decimal::from(1_000_000) {
        return pounds(d);
    }
    let m = (d.abs() / Decimal::from(1_000_000))
        .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let sign = if d.is_sign_negative() { "-" } else { "" };
    let s = m.to_string();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    format!("{sign}£{}{frac}m", group(&whole))
}

/// A percentage as given: "50%", "1.8%".
pub fn percent(d: Decimal) -> String {
    format!("{}%", d.normalize())
}

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

/// "1 April 2024", as GOV.UK writes dates.
pub fn long_date(d: time::Date) -> String {
    format!(
        "{} {} {}",
        d.day(),
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.year()
    )
}

/// "April 2024".
pub fn month_name(m: crate::month::Month) -> String {
    format!("{} {}", MONTHS[usize::from(m.month()) - 1], m.year())
}

pub(crate) fn month_number(name: &str) -> Option<u8> {
    let n = name.to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == n || (n.len() == 3 && m.starts_with(&n)) || (n == "sept" && m == "september")
        })
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn money_reads_as_budget_papers_write_it() {
        assert_eq!(short(d("266516000")), "£266.516m");
        assert_eq!(short(d("192500000")), "£192.5m");
        assert_eq!(short(d("11200000")), "£11.2m");
        assert_eq!(short(d("1534.24")), "£1,534.24");
        assert_eq!(pounds(d("1534.24")), "£1,534.24");
        assert_eq!(pounds(d("77290968.66")), "£77,290,968.66");
        assert_eq!(pounds(d("-20")), "-£20.00");
        assert_eq!(pounds(d("0.005")), "£0.01");
        assert_eq!(percent(d("50.0")), "50%");
    }

    #[test]
    fn dates_read_as_gov_uk_writes_them() {
        assert_eq!(
            long_date(time::macros::date!(2024 - 04 - 01)),
            "1 April 2024"
        );
        assert_eq!(month_number("Sep"), Some(9));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("May"), Some(5));
        assert_eq!(month_number("Ma"), None);
    }
}
