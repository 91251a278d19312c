//! MDC's four special-cause rules, applied to the points of one phase against that phase's
//! limits. Every point of a qualifying run or trend is flagged, not just the one that
//! completes it, as MDC's charts colour the whole run.
//!
//! Conventions (see docs/spc.md for the sources):
//! - Beyond a limit is strict: a point exactly on a limit is not special cause.
//! - A run counts points strictly above or strictly below the mean. A point exactly on the mean
//!   ends the run, as in MDC's tool and NHS-R's NHSRplotthedots (sign of 0 matches neither
//!   side). Wheeler-style tools (statprocon) skip such points instead.
//! - A trend counts points, not steps: 7 points are 6 rises. Equal neighbours end the trend.
//! - Two of three: see [`TwoOfThree`].

use super::labelled_enum;

labelled_enum!(
    /// The special-cause rules, in MDC's order.
    Rule {
        BeyondLimit = "A point outside the process limits",
        Run = "A run of points on one side of the mean",
        Trend = "A run of points all rising or all falling",
        TwoOfThree = "Two of three points close to a process limit",
    }
);

labelled_enum!(
    /// Which way a signal points: above the mean or rising (`High`), below or falling (`Low`).
    Side {
        High = "higher",
        Low = "lower",
    }
);

labelled_enum!(
    /// How the two-of-three rule reads "close to a limit" and the third point.
    TwoOfThree {
        /// Two of three consecutive points beyond the two-thirds bound on one side, the third
        /// anywhere; a point beyond the process limit is beyond the bound too. MDC's
        /// guidance as written, and Western Electric's rule 2.
        BeyondBound = "Two of three beyond the two-thirds bound, the third anywhere",
        /// As NHSRplotthedots (and abspc) code it: at least two of three consecutive points
        /// between the two-thirds bound and the limit (a point beyond the limit does not
        /// count), and all three on the same side of the mean. Kept to cross-check against
        /// those tools.
        PlotTheDots = "Two of three between the bound and the limit, all three on one side",
    }
);

/// Where the rules can be tuned. `Default` is MDC's settings; the others exist so that other
/// conventions (Wheeler's run of 8, a six-point trend) can be reproduced and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleSettings {
    /// Points in a run on one side of the mean (MDC: 7).
    pub run_points: usize,
    /// Points in a rising or falling trend (MDC: 7).
    pub trend_points: usize,
    pub two_of_three: TwoOfThree,
    /// Recalculate mR-bar once without moving ranges above the upper range limit
    /// (3.267 × mR-bar). MDC's tool does not, so off by default.
    pub exclude_large_ranges: bool,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            run_points: 7,
            trend_points: 7,
            two_of_three: TwoOfThree::BeyondBound,
            exclude_large_ranges: false,
        }
    }
}

/// One rule met by one point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleHit {
    pub rule: Rule,
    pub side: Side,
}

/// The lines the rules are read against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lines {
    pub mean: f64,
    pub upper: f64,
    pub lower: f64,
    pub upper_two_thirds: f64,
    pub lower_two_thirds: f64,
}

fn side_of(value: f64, mean: f64) -> Option<Side> {
    if value > mean {
        Some(Side::High)
    } else if value < mean {
        Some(Side::Low)
    } else {
        None
    }
}

/// The hits of every rule for each point of one phase, in rule order and, within a rule, in
/// the order the runs occur.
pub(crate) fn apply(values: &[f64], lines: &Lines, settings: &RuleSettings) -> Vec<Vec<RuleHit>> {
    let mut hits = vec![Vec::new(); values.len()];
    beyond_limits(values, lines, &mut hits);
    runs(values, lines.mean, settings.run_points, &mut hits);
    trends(values, settings.trend_points, &mut hits);
    two_of_three(values, lines, settings.two_of_three, &mut hits);
    hits
}

fn beyond_limits(values: &[f64], l: &Lines, hits: &mut [Vec<RuleHit>]) {
    for (v, h) in values.iter().zip(hits.iter_mut()) {
        let side = if *v > l.upper {
            Side::High
        } else if *v < l.lower {
            Side::Low
        } else {
            continue;
        };
        h.push(RuleHit {
            rule: Rule::BeyondLimit,
            side,
        });
    }
}

/// Flags every maximal stretch of `key` equal and `Some` for at least `min` points.
fn flag_stretches(
    keys: &[Option<Side>],
    min: usize,
    rule: Rule,
    hits: &mut [Vec<RuleHit>],
    // How many points each key spans: 1 for runs; a trend's step i joins points i and i+1.
    span: usize,
) {
    let mut start = 0;
    while start < keys.len() {
        let mut end = start + 1;
        while end < keys.len() && keys[end] == keys[start] {
            end += 1;
        }
        if let Some(side) = keys[start] {
            let points = end - start + span - 1;
            if points >= min.max(1) {
                for h in &mut hits[start..end + span - 1] {
                    h.push(RuleHit { rule, side });
                }
            }
        }
        start = end;
    }
}

fn runs(values: &[f64], mean: f64, min: usize, hits: &mut [Vec<RuleHit>]) {
    let sides: Vec<_> = values.iter().map(|v| side_of(*v, mean)).collect();
    flag_stretches(&sides, min, Rule::Run, hits, 1);
}

fn trends(values: &[f64], min: usize, hits: &mut [Vec<RuleHit>]) {
    let steps: Vec<_> = values.windows(2).map(|w| side_of(w[1], w[0])).collect();
    flag_stretches(&steps, min, Rule::Trend, hits, 2);
}

fn two_of_three(values: &[f64], l: &Lines, style: TwoOfThree, hits: &mut [Vec<RuleHit>]) {
    // Which side's outer zone each point is in, by the chosen reading.
    let zone: Vec<Option<Side>> = values
        .iter()
        .map(|&v| {
            let beyond_limit = v > l.upper || v < l.lower;
            if style == TwoOfThree::PlotTheDots && beyond_limit {
                None
            } else if v > l.upper_two_thirds {
                Some(Side::High)
            } else if v < l.lower_two_thirds {
                Some(Side::Low)
            } else {
                None
            }
        })
        .collect();
    let mut flagged = vec![None; values.len()];
    for start in 0..values.len().saturating_sub(2) {
        for side in [Side::High, Side::Low] {
            let window = start..start + 3;
            let close = window.clone().filter(|&i| zone[i] == Some(side)).count();
            let third_ok = style == TwoOfThree::BeyondBound
                || window
                    .clone()
                    .all(|i| side_of(values[i], l.mean) == Some(side));
            if close >= 2 && third_ok {
                for i in window.filter(|&i| zone[i] == Some(side)) {
                    flagged[i] = Some(side);
                }
            }
        }
    }
    for (f, h) in flagged.into_iter().zip(hits.iter_mut()) {
        if let Some(side) = f {
            h.push(RuleHit {
                rule: Rule::TwoOfThree,
                side,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Mean 0, limits ±3, two-thirds bounds ±2: easy numbers for hand-made examples.
    const L: Lines = Lines {
        mean: 0.0,
        upper: 3.0,
        lower: -3.0,
        upper_two_thirds: 2.0,
        lower_two_thirds: -2.0,
    };

    fn flagged(values: &[f64], rule: Rule, settings: RuleSettings) -> Vec<Option<Side>> {
        apply(values, &L, &settings)
            .into_iter()
            .map(|h| h.iter().rev().find(|r| r.rule == rule).map(|r| r.side))
            .collect()
    }

    const H: Option<Side> = Some(Side::High);
    const LO: Option<Side> = Some(Side::Low);

    #[test]
    fn a_point_beyond_a_limit_is_flagged_and_one_on_it_is_not() {
        let f = flagged(
            &[3.5, 3.0, -3.0, -3.01, 0.0],
            Rule::BeyondLimit,
            Default::default(),
        );
        assert_eq!(f, [H, None, None, LO, None]);
    }

    #[test]
    fn seven_on_one_side_is_a_run_and_six_is_not() {
        let seven = [-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0];
        let f = flagged(&seven, Rule::Run, Default::default());
        assert_eq!(
            f,
            [None, H, H, H, H, H, H, H, None],
            "every point of the run"
        );
        let six = [-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0];
        assert!(
            flagged(&six, Rule::Run, Default::default())
                .iter()
                .all(Option::is_none)
        );
        let below = [-0.5; 9];
        assert!(
            flagged(&below, Rule::Run, Default::default())
                .iter()
                .all(|s| *s == LO)
        );
    }

    #[test]
    fn a_point_on_the_mean_breaks_a_run() {
        let v = [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        assert!(
            flagged(&v, Rule::Run, Default::default())
                .iter()
                .all(Option::is_none)
        );
    }

    #[test]
    fn the_run_length_can_follow_wheeler() {
        let eight = RuleSettings {
            run_points: 8,
            ..Default::default()
        };
        let v = [1.0; 7];
        assert!(flagged(&v, Rule::Run, eight).iter().all(Option::is_none));
        assert!(flagged(&[1.0; 8], Rule::Run, eight).iter().all(|s| *s == H));
    }

    #[test]
    fn seven_points_rising_is_a_trend_and_six_is_not() {
        // 7 points, 6 rises, all below the mean: the trend still shows.
        let seven = [-2.5, -2.4, -2.0, -1.5, -1.0, -0.9, -0.1, -0.2];
        let f = flagged(&seven, Rule::Trend, Default::default());
        assert_eq!(f, [H, H, H, H, H, H, H, None]);
        let six = [-2.5, -2.4, -2.0, -1.5, -1.0, -0.9, -1.0];
        assert!(
            flagged(&six, Rule::Trend, Default::default())
                .iter()
                .all(Option::is_none)
        );
        let falling: Vec<f64> = (0..7).map(|i| 1.0 - f64::from(i) * 0.1).collect();
        assert!(
            flagged(&falling, Rule::Trend, Default::default())
                .iter()
                .all(|s| *s == LO)
        );
    }

    #[test]
    fn equal_neighbours_break_a_trend() {
        let v = [0.1, 0.2, 0.3, 0.3, 0.4, 0.5, 0.6, 0.7];
        assert!(
            flagged(&v, Rule::Trend, Default::default())
                .iter()
                .all(Option::is_none)
        );
    }

    #[test]
    fn a_peak_belongs_to_both_trends_and_the_later_one_comes_last() {
        let v = [
            1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0,
        ];
        let hits = apply(&v, &L, &Default::default());
        let peak: Vec<_> = hits[6].iter().filter(|h| h.rule == Rule::Trend).collect();
        assert_eq!(peak.len(), 2);
        assert_eq!(peak[1].side, Side::Low);
    }

    #[test]
    fn two_of_three_beyond_the_bound_with_the_third_anywhere() {
        let f = flagged(&[2.5, -1.0, 2.1, 0.0], Rule::TwoOfThree, Default::default());
        assert_eq!(
            f,
            [H, None, H, None],
            "only the points beyond the bound are flagged"
        );
        // Two beyond but four apart, or on opposite sides, is nothing.
        let apart = [2.5, 0.0, 0.0, 2.5];
        assert!(
            flagged(&apart, Rule::TwoOfThree, Default::default())
                .iter()
                .all(Option::is_none)
        );
        let opposite = [2.5, -2.5, 0.0];
        assert!(
            flagged(&opposite, Rule::TwoOfThree, Default::default())
                .iter()
                .all(Option::is_none)
        );
        // A point on the bound is not beyond it.
        let on = [2.0, 2.0, 2.5];
        assert!(
            flagged(&on, Rule::TwoOfThree, Default::default())
                .iter()
                .all(Option::is_none)
        );
        // A point beyond the limit counts as beyond the bound.
        let f = flagged(&[3.5, 2.5, 0.0], Rule::TwoOfThree, Default::default());
        assert_eq!(f, [H, H, None]);
    }

    #[test]
    fn two_of_three_as_plot_the_dots_reads_it() {
        let ptd = RuleSettings {
            two_of_three: TwoOfThree::PlotTheDots,
            ..Default::default()
        };
        // The third point below the mean stops it.
        assert!(
            flagged(&[2.5, -1.0, 2.1], Rule::TwoOfThree, ptd)
                .iter()
                .all(Option::is_none)
        );
        assert_eq!(
            flagged(&[2.5, 1.0, 2.1], Rule::TwoOfThree, ptd),
            [H, None, H]
        );
        // A point beyond the limit is not "close".
        assert!(
            flagged(&[3.5, 2.5, 1.0], Rule::TwoOfThree, ptd)
                .iter()
                .all(Option::is_none)
        );
    }
}
