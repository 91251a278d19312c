//! Wilson score interval for a survey proportion (e.g. "confident in the police": 81 of 263).
//! Unlike p ± z·√(p(1−p)/n) it stays within 0..1 and behaves for small n and for p near 0 or 1,
//! which survey sub-groups often are.

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Interval {
    pub p: f64,
    pub lower: f64,
    pub upper: f64,
}

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.96;

/// The proportion and its Wilson interval; none with no respondents, or more successes than
/// respondents (a data error, not a proportion).
pub fn wilson(successes: u64, n: u64, z: f64) -> Option<Interval> {
    if n == 0 || successes > n {
        return None;
    }
    let (x, n) = (successes as f64, n as f64);
    let p = x / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    // Clamped only against rounding: at p = 0 or 1 the bound is 0 or 1 exactly in theory.
    Some(Interval {
        p,
        lower: (centre - half).max(0.0),
        upper: (centre + half).min(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn round4(x: f64) -> f64 {
        (x * 10_000.0).round() / 10_000.0
    }

    #[test]
    fn eighty_one_of_two_hundred_and_sixty_three() {
        // 81 of 263 at z = 1.96, the example Wilson intervals are usually shown with; by hand:
        // p = 0.307985, z²/n = 0.014607, centre = (0.307985 + 0.007303) / 1.014607 = 0.310749,
        // half = 1.96/1.014607 × √(0.000810 + 0.0000139) = 1.931783 × 0.028710 = 0.055462,
        // so (0.2553, 0.3662).
        let i = wilson(81, 263, Z95).unwrap();
        assert_eq!(round4(i.p), 0.3080);
        assert_eq!(round4(i.lower), 0.2553);
        assert_eq!(round4(i.upper), 0.3662);
    }

    #[test]
    fn the_edges() {
        assert_eq!(wilson(0, 0, Z95), None);
        assert_eq!(wilson(5, 4, Z95), None);
        let none = wilson(0, 10, Z95).unwrap();
        assert_eq!((none.p, none.lower), (0.0, 0.0));
        // Upper bound with x = 0 is z²/(n + z²) = 3.8416/13.8416.
        assert!((none.upper - 3.8416 / 13.8416).abs() < 1e-12);
        let all = wilson(10, 10, Z95).unwrap();
        assert_eq!(all.upper, 1.0);
        assert!((all.lower - 10.0 / 13.8416).abs() < 1e-12);
    }

    proptest! {
        #[test]
        fn the_interval_holds_p_and_stays_in_0_to_1(n in 1u64..5000, k in 0u64..5000) {
            let x = k % (n + 1);
            let i = wilson(x, n, Z95).unwrap();
            prop_assert!(0.0 <= i.lower && i.lower <= i.p + 1e-12);
            prop_assert!(i.p <= i.upper + 1e-12 && i.upper <= 1.0);
        }
    }
}
