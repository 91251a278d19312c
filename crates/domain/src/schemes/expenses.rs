//! Volunteers' expenses: mileage at 45p a mile (HMRC's approved rate for the first 10,000
//! business miles a year) and other out-of-pocket costs, in pounds and pence, never floats.

use rust_decimal::Decimal;

/// 45p a mile.
pub const PER_MILE: Decimal = Decimal::from_parts(45, 0, 0, false, 2);

/// A claim larger than this is refused as a likely typing error.
const MOST: Decimal = Decimal::from_parts(5000, 0, 0, false, 0);

fn number(field: &str, s: &str, dp: u32, what: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_start_matches('£').replace(',', "");
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let d: Decimal = t
        .parse()
        .map_err(|_| format!("{field}: enter {what} as a number, like 12.5"))?;
    if d.is_sign_negative() || d.scale() > dp || d > MOST {
        return Err(format!(
            "{field}: enter {what} from 0 to 5,000 with at most {dp} decimal places"
        ));
    }
    Ok(d)
}

/// Miles driven, to a tenth of a mile.
pub fn parse_miles(s: &str) -> Result<Decimal, String> {
    number("miles", s, 1, "the miles")
}

/// Other costs (parking, fares), in pounds and pence.
pub fn parse_pounds(field: &str, s: &str) -> Result<Decimal, String> {
    number(field, s, 2, "the amount in pounds")
}

/// The amount claimed: miles at 45p plus other costs, to the penny (half a penny rounds up).
pub fn amount(miles: Decimal, other: Decimal) -> Decimal {
    (miles * PER_MILE + other)
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mileage_is_45p_a_mile_to_the_penny() {
        let m = parse_miles("23.5").unwrap();
        assert_eq!(amount(m, Decimal::ZERO).to_string(), "10.58");
        let other = parse_pounds("other", "£3.20").unwrap();
        assert_eq!(
            amount(parse_miles("100").unwrap(), other).to_string(),
            "48.20"
        );
        assert_eq!(
            amount(parse_miles("0.1").unwrap(), Decimal::ZERO).to_string(),
            "0.05"
        );
        for bad in ["-1", "abc", "1.25", "9000"] {
            assert!(parse_miles(bad).is_err(), "{bad}");
        }
        assert!(parse_pounds("other", "1.234").is_err());
    }
}
