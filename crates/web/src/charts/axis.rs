//! Value axes that read as a person would draw them: ticks at round numbers (1, 2, 2.5 or 5
//! times a power of ten), and values written with their unit.

use opcc_domain::plans::Unit;

/// Round ticks covering `lo..=hi`, about `want` of them: the first at or below `lo`, the last
/// at or above `hi`.
pub fn nice_ticks(lo: f64, hi: f64, want: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let raw = (hi - lo) / want.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    // Multiplying an integer by the step (not adding steps up) keeps 0.1 * 3 from printing
    // as 0.30000000000000004 after rounding in `number`.
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A value with its unit, for axes and readings: "20.3%", "£1,534.24", "12 days".
pub fn with_unit(v: f64, unit: Unit) -> String {
    let n = super::number(v);
    match unit {
        Unit::Percentage => format!("{n}%"),
        Unit::Money => format!("£{n}"),
        Unit::Days => format!("{n} days"),
        Unit::RatePer1000 | Unit::Count => n,
    }
}

/// The size of a change in the measure's own terms: a change of a percentage is in
/// percentage points, never a percentage of a percentage.
pub fn change_amount(v: f64, unit: Unit) -> String {
    let sign = if v > 0.0 { "+" } else { "" };
    match unit {
        Unit::Percentage => format!("{sign}{} percentage points", super::number(v)),
        _ => format!("{sign}{}", with_unit(v, unit)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        // The stalking outcome rate's chart: limits 8.62 and 27.24.
        assert_eq!(
            nice_ticks(8.62, 27.24, 4),
            vec![5.0, 10.0, 15.0, 20.0, 25.0, 30.0]
        );
        assert_eq!(nice_ticks(7.15, 28.73, 4), vec![0.0, 10.0, 20.0, 30.0]);
        assert_eq!(nice_ticks(0.0, 1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(
            nice_ticks(7_412.0, 9_439.0, 4),
            vec![7_000.0, 8_000.0, 9_000.0, 10_000.0]
        );
        let t = nice_ticks(3.0, 3.0, 4);
        assert!(t.first().unwrap() <= &3.0 && t.last().unwrap() >= &3.0 && t.len() >= 2);
    }

    #[test]
    fn changes_of_percentages_are_in_points() {
        assert_eq!(
            change_amount(4.7, Unit::Percentage),
            "+4.7 percentage points"
        );
        assert_eq!(change_amount(-120.0, Unit::Count), "-120");
        assert_eq!(with_unit(20.3, Unit::Percentage), "20.3%");
    }
}
