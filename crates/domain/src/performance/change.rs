//! Change against the same period last year, or against a baseline. A missing comparison gives
//! no change at all; a zero comparison gives the absolute change but no percentage, since a
//! percentage of nothing is undefined. Never a silent 0.

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// current − comparison.
    pub absolute: f64,
    /// (current − comparison) / |comparison| × 100; none when the comparison is zero. The
    /// absolute value keeps the sign meaning "up" for a negative comparison (e.g. a net figure).
    pub percent: Option<f64>,
}

/// Change from `comparison` to `current`; none when either is missing or not a number.
pub fn change(current: Option<f64>, comparison: Option<f64>) -> Option<Change> {
    let (c, b) = (current?, comparison?);
    if !c.is_finite() || !b.is_finite() {
        return None;
    }
    let absolute = c - b;
    Some(Change {
        absolute,
        percent: (b != 0.0).then(|| absolute / b.abs() * 100.0),
    })
}

/// Change against the same period a year earlier: `series[i]` against `series[i - per_year]`
/// (12 for months, 4 for quarters). Missing periods are `None`.
pub fn year_on_year(series: &[Option<f64>], i: usize, per_year: usize) -> Option<Change> {
    let earlier = i.checked_sub(per_year)?;
    change(*series.get(i)?, *series.get(earlier)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_changes() {
        let c = change(Some(1490.0), Some(1957.0)).unwrap();
        assert_eq!(c.absolute, -467.0);
        assert!((c.percent.unwrap() - (-467.0 / 1957.0 * 100.0)).abs() < 1e-12);
        assert_eq!(change(Some(5.0), Some(-10.0)).unwrap().percent, Some(150.0));
    }

    #[test]
    fn missing_or_zero_comparisons_are_not_zero_change() {
        assert_eq!(change(Some(5.0), None), None);
        assert_eq!(change(None, Some(5.0)), None);
        assert_eq!(change(Some(f64::NAN), Some(5.0)), None);
        assert_eq!(
            change(Some(5.0), Some(0.0)),
            Some(Change {
                absolute: 5.0,
                percent: None
            })
        );
    }

    #[test]
    fn year_on_year_looks_back_one_year() {
        let mut s: Vec<Option<f64>> = (0..13).map(|m| Some(f64::from(m) + 100.0)).collect();
        let c = year_on_year(&s, 12, 12).unwrap();
        assert_eq!(c.absolute, 12.0);
        assert_eq!(year_on_year(&s, 11, 12), None, "no year before");
        assert_eq!(year_on_year(&s, 13, 12), None, "no such period");
        s[0] = None;
        assert_eq!(year_on_year(&s, 12, 12), None);
    }
}
