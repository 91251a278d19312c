//! The XmR chart as MDC draws it, and the reading of each point.
//!
//! For each phase (the series split at the rebase points, e.g. a change in recording
//! practice), from the phase's points, or its first `baseline_points` if given:
//! - mean of the values, and mR-bar, the mean of the moving ranges |x_i − x_{i−1}| between
//!   neighbours within those points (MDC uses the mean, not the median, of the ranges);
//! - process limits mean ± 2.66 × mR-bar (2.66 = 3 / d2, d2 = 1.128, as MDC rounds it);
//! - two-thirds bounds mean ± (2/3 × 2.66) × mR-bar, computed as `(2.0 / 3.0) * 2.66` so that
//!   they sit exactly two thirds of the way to the limits, for the two-of-three rule.
//!
//! The phase's lines then apply to all of its points, and the rules run within the phase.
//! With fewer than 2 points there is no moving range, so no limits and no rules. Limits from
//! fewer than [`MIN_POINTS_FOR_LIMITS`] points are computed but marked provisional.
//!
//! A point meeting rules that point both ways (rare: a trend turning inside a run) takes its
//! direction from the first rule met in the order beyond limit, trend, two-of-three, run, and
//! within a rule from the later run — the order NHSRplotthedots uses.

use super::labelled_enum;
use super::rules::{self, Lines, Rule, RuleHit, RuleSettings, Side};
use crate::plans::Better;

/// 3 / d2 for moving ranges of two points, as MDC rounds it.
pub const LIMIT_FACTOR: f64 = 2.66;
/// Two thirds of the way from the mean to a limit.
pub const TWO_THIRDS_FACTOR: f64 = (2.0 / 3.0) * LIMIT_FACTOR;
/// D4 for moving ranges of two points: the upper range limit is 3.267 × mR-bar.
pub const RANGE_LIMIT_FACTOR: f64 = 3.267;
/// MDC advises at least 15 points before limits are relied on (12 at a pinch); with fewer the
/// limits are still drawn and read, but marked provisional.
pub const MIN_POINTS_FOR_LIMITS: usize = 15;

pub struct SpcInput<'a> {
    /// In time order, one per period; the caller keeps the period labels alongside.
    pub values: &'a [f64],
    pub better: Better,
    /// Indices where a new phase starts, strictly increasing, each in 1..values.len().
    pub rebase_at: &'a [usize],
    /// Compute each phase's lines from its first N points only (all when `None`).
    pub baseline_points: Option<usize>,
    pub target: Option<f64>,
    pub rules: RuleSettings,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpcError {
    #[error("value {index} is not a finite number")]
    NotFinite { index: usize },
    #[error(
        "rebase point {index} must be after the first value, before the end, and after the previous rebase point"
    )]
    BadRebase { index: usize },
    #[error("a baseline needs at least one point")]
    EmptyBaseline,
}

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Limits {
    pub mean: f64,
    pub mr_bar: f64,
    pub upper: f64,
    pub lower: f64,
    pub upper_two_thirds: f64,
    pub lower_two_thirds: f64,
    /// The upper limit of the moving-range chart, 3.267 × mR-bar.
    pub upper_range: f64,
    /// How many points the lines were computed from.
    pub points_used: usize,
    /// Moving ranges left out of mR-bar (only with `exclude_large_ranges`).
    pub ranges_excluded: usize,
    /// Fewer than [`MIN_POINTS_FOR_LIMITS`] points: read with care.
    pub limits_provisional: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phase {
    /// First point of the phase.
    pub start: usize,
    /// One past the last point.
    pub end: usize,
    /// None with fewer than 2 points to compute from.
    pub limits: Option<Limits>,
}

labelled_enum!(
    /// What a point shows, given which way is better.
    PointKind {
        CommonCause = "Common cause variation",
        Improvement = "Special cause variation: improvement",
        Concern = "Special cause variation: concern",
        /// Special cause on a measure with no better direction (MDC shows it purple).
        Neither = "Special cause variation: neither improvement nor concern",
    }
);

labelled_enum!(
    /// MDC's variation icon, read from the latest point.
    Variation {
        CommonCause = "Common cause variation",
        ImprovementHigh = "Special cause variation: improvement (higher)",
        ImprovementLow = "Special cause variation: improvement (lower)",
        ConcernHigh = "Special cause variation: concern (higher)",
        ConcernLow = "Special cause variation: concern (lower)",
        NeitherHigh = "Special cause variation of an increasing nature",
        NeitherLow = "Special cause variation of a decreasing nature",
    }
);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpcPoint {
    pub value: f64,
    pub phase: usize,
    pub mean: Option<f64>,
    pub upper: Option<f64>,
    pub lower: Option<f64>,
    /// None for the first point of a phase.
    pub moving_range: Option<f64>,
    pub rules: Vec<RuleHit>,
    pub kind: PointKind,
    /// Which way the deciding rule points; None for common cause.
    pub side: Option<Side>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpcResult {
    pub points: Vec<SpcPoint>,
    pub phases: Vec<Phase>,
    /// None when the series is empty or its latest phase has no limits.
    pub latest: Option<Variation>,
    /// None without a target, without a better direction, or without limits.
    pub assurance: Option<super::Assurance>,
}

/// The lines of one phase from the points they are computed from.
pub fn limits(points: &[f64], exclude_large_ranges: bool) -> Option<Limits> {
    if points.len() < 2 {
        return None;
    }
    // Summed as deviations from the first point, so that a constant series has a mean equal
    // to its points exactly: a plain sum ÷ n can land a hair off, and every point would then
    // sit on one side of the mean and make a run.
    let first = points[0];
    let mean = first + points.iter().map(|x| x - first).sum::<f64>() / points.len() as f64;
    let ranges: Vec<f64> = points.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mut mr_bar = ranges.iter().sum::<f64>() / ranges.len() as f64;
    let mut ranges_excluded = 0;
    if exclude_large_ranges {
        // Once, not repeatedly, as NHSRplotthedots' `screen_outliers` does.
        let url = RANGE_LIMIT_FACTOR * mr_bar;
        let kept: Vec<f64> = ranges.iter().copied().filter(|r| *r <= url).collect();
        ranges_excluded = ranges.len() - kept.len();
        mr_bar = kept.iter().sum::<f64>() / kept.len() as f64;
    }
    Some(Limits {
        mean,
        mr_bar,
        upper: mean + LIMIT_FACTOR * mr_bar,
        lower: mean - LIMIT_FACTOR * mr_bar,
        upper_two_thirds: mean + TWO_THIRDS_FACTOR * mr_bar,
        lower_two_thirds: mean - TWO_THIRDS_FACTOR * mr_bar,
        upper_range: RANGE_LIMIT_FACTOR * mr_bar,
        points_used: points.len(),
        ranges_excluded,
        limits_provisional: points.len() < MIN_POINTS_FOR_LIMITS,
    })
}

const PRECEDENCE: [Rule; 4] = [Rule::BeyondLimit, Rule::Trend, Rule::TwoOfThree, Rule::Run];

/// The side that decides a point's kind (see the module note), if any rule is met.
fn deciding_side(hits: &[RuleHit]) -> Option<Side> {
    PRECEDENCE
        .iter()
        .find_map(|rule| hits.iter().rev().find(|h| h.rule == *rule).map(|h| h.side))
}

fn kind_of(side: Option<Side>, better: Better) -> PointKind {
    match (side, better) {
        (None, _) => PointKind::CommonCause,
        (Some(_), Better::Neither) => PointKind::Neither,
        (Some(Side::High), Better::Higher) | (Some(Side::Low), Better::Lower) => {
            PointKind::Improvement
        }
        (Some(_), _) => PointKind::Concern,
    }
}

fn variation_of(kind: PointKind, side: Option<Side>) -> Variation {
    use Variation::*;
    match (kind, side) {
        (PointKind::Improvement, Some(Side::High)) => ImprovementHigh,
        (PointKind::Improvement, Some(Side::Low)) => ImprovementLow,
        (PointKind::Concern, Some(Side::High)) => ConcernHigh,
        (PointKind::Concern, Some(Side::Low)) => ConcernLow,
        (PointKind::Neither, Some(Side::High)) => NeitherHigh,
        (PointKind::Neither, Some(Side::Low)) => NeitherLow,
        _ => CommonCause,
    }
}

fn phase_bounds(input: &SpcInput) -> Result<Vec<(usize, usize)>, SpcError> {
    let n = input.values.len();
    let mut bounds = Vec::new();
    let mut start = 0;
    for &at in input.rebase_at {
        if at <= start || at >= n {
            return Err(SpcError::BadRebase { index: at });
        }
        bounds.push((start, at));
        start = at;
    }
    if n > 0 {
        bounds.push((start, n));
    }
    Ok(bounds)
}

pub fn analyse(input: &SpcInput) -> Result<SpcResult, SpcError> {
    if let Some(index) = input.values.iter().position(|v| !v.is_finite()) {
        return Err(SpcError::NotFinite { index });
    }
    if input.baseline_points == Some(0) {
        return Err(SpcError::EmptyBaseline);
    }
    let mut points = Vec::with_capacity(input.values.len());
    let mut phases = Vec::new();
    for (p, (start, end)) in phase_bounds(input)?.into_iter().enumerate() {
        let values = &input.values[start..end];
        let used = input
            .baseline_points
            .map_or(values.len(), |b| b.min(values.len()));
        let lim = limits(&values[..used], input.rules.exclude_large_ranges);
        let hits = match &lim {
            Some(l) => {
                let lines = Lines {
                    mean: l.mean,
                    upper: l.upper,
                    lower: l.lower,
                    upper_two_thirds: l.upper_two_thirds,
                    lower_two_thirds: l.lower_two_thirds,
                };
                rules::apply(values, &lines, &input.rules)
            }
            None => vec![Vec::new(); values.len()],
        };
        for (i, (value, rules)) in values.iter().zip(hits).enumerate() {
            let side = deciding_side(&rules);
            points.push(SpcPoint {
                value: *value,
                phase: p,
                mean: lim.map(|l| l.mean),
                upper: lim.map(|l| l.upper),
                lower: lim.map(|l| l.lower),
                moving_range: (i > 0).then(|| (value - values[i - 1]).abs()),
                rules,
                kind: kind_of(side, input.better),
                side,
            });
        }
        phases.push(Phase {
            start,
            end,
            limits: lim,
        });
    }
    let latest_limits = phases.last().and_then(|p| p.limits);
    let latest = latest_limits
        .and(points.last())
        .map(|p| variation_of(p.kind, p.side));
    let assurance = match (input.target, latest_limits) {
        (Some(t), Some(l)) => super::assurance::assess(t, input.better, &l),
        _ => None,
    };
    Ok(SpcResult {
        points,
        phases,
        latest,
        assurance,
    })
}

#[cfg(test)]
#[path = "spc_tests.rs"]
mod tests;
