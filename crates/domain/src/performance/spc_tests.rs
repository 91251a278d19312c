//! Worked examples and invariants for `spc.rs`.

use super::*;
use crate::performance::{Assurance, TwoOfThree};
use proptest::prelude::*;

fn run(values: &[f64], better: Better) -> SpcResult {
    analyse(&SpcInput {
        values,
        better,
        rebase_at: &[],
        baseline_points: None,
        target: None,
        rules: RuleSettings::default(),
    })
    .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn kinds(r: &SpcResult) -> Vec<PointKind> {
    r.points.iter().map(|p| p.kind).collect()
}

/// Fifteen points of common cause: 10 and 12 alternating around 11, mR-bar 2.
fn steady() -> Vec<f64> {
    (0..15)
        .map(|i| if i % 2 == 0 { 10.0 } else { 12.0 })
        .collect()
}

#[test]
fn the_limits_of_a_worked_example() {
    // Mean 11.6; ranges 2, 1, 2, 1 so mR-bar 1.5; limits 11.6 ± 3.99; bounds 11.6 ± 2.66.
    let l = limits(&[10.0, 12.0, 11.0, 13.0, 12.0], false).unwrap();
    assert!(close(l.mean, 11.6) && close(l.mr_bar, 1.5));
    assert!(close(l.upper, 15.59) && close(l.lower, 7.61));
    assert!(close(l.upper_two_thirds, 14.26) && close(l.lower_two_thirds, 8.94));
    assert!(close(l.upper_range, 4.9005));
    assert!(l.limits_provisional, "5 points is fewer than 15");
    assert!(!limits(&steady(), false).unwrap().limits_provisional);
    assert_eq!(limits(&[3.0], false), None);
    assert_eq!(limits(&[], false), None);
}

#[test]
fn steady_variation_is_common_cause() {
    let r = run(&steady(), Better::Higher);
    // Mean is 10.933…, so the points alternate sides: no run, no trend, all within limits.
    assert!(kinds(&r).iter().all(|k| *k == PointKind::CommonCause));
    assert_eq!(r.latest, Some(Variation::CommonCause));
    assert_eq!(r.points[0].moving_range, None);
    assert_eq!(r.points[1].moving_range, Some(2.0));
}

#[test]
fn a_spike_is_special_cause_and_better_decides_its_colour() {
    let mut v = steady();
    v.push(20.0);
    // Mean 184 / 16 = 11.5; ranges fourteen 2s and one 10, so mR-bar 38 / 15; the upper
    // limit is 11.5 + 2.66 × 38 / 15 = 18.2387.
    let r = run(&v, Better::Higher);
    let last = r.points.last().unwrap();
    assert!(close(last.upper.unwrap(), 11.5 + 2.66 * 38.0 / 15.0));
    assert_eq!(
        last.rules,
        [RuleHit {
            rule: Rule::BeyondLimit,
            side: Side::High
        }]
    );
    assert_eq!(last.kind, PointKind::Improvement);
    assert_eq!(r.latest, Some(Variation::ImprovementHigh));
    assert_eq!(run(&v, Better::Lower).latest, Some(Variation::ConcernHigh));
    assert_eq!(
        run(&v, Better::Neither).latest,
        Some(Variation::NeitherHigh)
    );
    assert_eq!(
        run(&v, Better::Neither).points.last().unwrap().kind,
        PointKind::Neither
    );
    let mut dip = steady();
    dip.push(2.0);
    assert_eq!(
        run(&dip, Better::Higher).latest,
        Some(Variation::ConcernLow)
    );
    assert_eq!(
        run(&dip, Better::Lower).latest,
        Some(Variation::ImprovementLow)
    );
}

#[test]
fn a_shift_gives_a_run_of_every_point() {
    // Eight low, then seven high: the mean falls between, each side is a run.
    let v: Vec<f64> = (0..15)
        .map(|i| {
            if i < 8 {
                10.0 + f64::from(i % 2)
            } else {
                12.0 + f64::from(i % 2)
            }
        })
        .collect();
    let r = run(&v, Better::Lower);
    assert!(
        r.points
            .iter()
            .all(|p| p.rules.iter().any(|h| h.rule == Rule::Run))
    );
    assert!(kinds(&r)[..8].iter().all(|k| *k == PointKind::Improvement));
    assert!(kinds(&r)[8..].iter().all(|k| *k == PointKind::Concern));
    assert_eq!(r.latest, Some(Variation::ConcernHigh));
}

#[test]
fn a_trend_reads_by_its_direction_not_its_side() {
    // A rise of 7 points ending below the mean of a series that was high before.
    let mut v = vec![30.0, 10.0, 30.0, 10.0, 30.0, 10.0, 30.0, 10.0];
    v.extend([11.0, 12.0, 13.0, 14.0, 15.0, 16.0]);
    let r = run(&v, Better::Higher);
    let last = r.points.last().unwrap();
    assert!(last.value < last.mean.unwrap());
    assert_eq!(last.side, Some(Side::High));
    assert_eq!(r.latest, Some(Variation::ImprovementHigh));
}

#[test]
fn rebasing_gives_each_phase_its_own_limits() {
    let mut v = steady();
    v.extend(steady().iter().map(|x| x + 20.0));
    let whole = run(&v, Better::Higher);
    assert!(
        whole
            .points
            .iter()
            .all(|p| p.kind != PointKind::CommonCause),
        "one long shift"
    );
    let r = analyse(&SpcInput {
        values: &v,
        better: Better::Higher,
        rebase_at: &[15],
        baseline_points: None,
        target: None,
        rules: RuleSettings::default(),
    })
    .unwrap();
    assert_eq!(r.phases.len(), 2);
    assert_eq!((r.phases[1].start, r.phases[1].end), (15, 30));
    assert!(close(
        r.phases[1].limits.unwrap().mean,
        r.phases[0].limits.unwrap().mean + 20.0
    ));
    assert!(kinds(&r).iter().all(|k| *k == PointKind::CommonCause));
    assert_eq!(r.points[15].moving_range, None, "no range across a rebase");
}

#[test]
fn a_baseline_fixes_the_lines_and_later_points_are_read_against_them() {
    let mut v = steady();
    v.extend([14.0; 7]);
    let r = analyse(&SpcInput {
        values: &v,
        better: Better::Higher,
        rebase_at: &[],
        baseline_points: Some(15),
        target: None,
        rules: RuleSettings::default(),
    })
    .unwrap();
    let l = r.phases[0].limits.unwrap();
    assert_eq!(l.points_used, 15);
    assert!(close(l.mean, limits(&steady(), false).unwrap().mean));
    assert!(
        kinds(&r)[15..].iter().all(|k| *k == PointKind::Improvement),
        "a run of 7 above the baseline mean"
    );
}

#[test]
fn a_phase_of_one_point_has_no_limits_and_no_reading() {
    let v = [10.0, 12.0, 11.0, 40.0];
    let r = analyse(&SpcInput {
        values: &v,
        better: Better::Higher,
        rebase_at: &[3],
        baseline_points: None,
        target: Some(5.0),
        rules: RuleSettings::default(),
    })
    .unwrap();
    assert_eq!(r.phases[1].limits, None);
    assert_eq!(r.points[3].mean, None);
    assert_eq!(r.points[3].kind, PointKind::CommonCause);
    assert_eq!((r.latest, r.assurance), (None, None));
    let empty = run(&[], Better::Higher);
    assert!(empty.points.is_empty() && empty.phases.is_empty() && empty.latest.is_none());
}

#[test]
fn bad_input_is_refused() {
    let base = SpcInput {
        values: &[1.0, 2.0, 3.0],
        better: Better::Higher,
        rebase_at: &[],
        baseline_points: None,
        target: None,
        rules: RuleSettings::default(),
    };
    assert_eq!(
        analyse(&SpcInput {
            values: &[1.0, f64::NAN],
            ..base
        }),
        Err(SpcError::NotFinite { index: 1 })
    );
    assert_eq!(
        analyse(&SpcInput {
            rebase_at: &[0],
            ..base
        }),
        Err(SpcError::BadRebase { index: 0 })
    );
    assert_eq!(
        analyse(&SpcInput {
            rebase_at: &[3],
            ..base
        }),
        Err(SpcError::BadRebase { index: 3 })
    );
    assert_eq!(
        analyse(&SpcInput {
            rebase_at: &[2, 1],
            ..base
        }),
        Err(SpcError::BadRebase { index: 1 })
    );
    assert_eq!(
        analyse(&SpcInput {
            baseline_points: Some(0),
            ..base
        }),
        Err(SpcError::EmptyBaseline)
    );
}

#[test]
fn excluding_large_ranges_is_off_unless_asked() {
    let mut v = steady();
    v[7] = 40.0;
    let plain = limits(&v, false).unwrap();
    assert_eq!(plain.ranges_excluded, 0);
    // Ranges: twelve 2s and two 30s, so mR-bar 84 / 14 = 6; 3.267 × 6 = 19.6 excludes both.
    let screened = limits(&v, true).unwrap();
    assert_eq!(screened.ranges_excluded, 2);
    assert!(close(screened.mr_bar, 2.0));
    assert!(close(plain.mr_bar, 6.0));
}

#[test]
fn assurance_uses_the_latest_phase() {
    let mut v = steady();
    v.extend(steady().iter().map(|x| x + 20.0));
    let input = |target| SpcInput {
        values: &v,
        better: Better::Higher,
        rebase_at: &[15],
        baseline_points: None,
        target,
        rules: RuleSettings::default(),
    };
    assert_eq!(
        analyse(&input(Some(20.0))).unwrap().assurance,
        Some(Assurance::ConsistentlyPasses)
    );
    assert_eq!(
        analyse(&input(Some(31.0))).unwrap().assurance,
        Some(Assurance::HitAndMiss)
    );
    assert_eq!(analyse(&input(None)).unwrap().assurance, None);
}

#[test]
fn the_two_of_three_style_is_a_setting() {
    // A spike beyond the limit and a neighbour close to it.
    let mut v = steady();
    v.extend([26.0, 19.5, 11.0]);
    let mdc = run(&v, Better::Higher);
    let ptd = analyse(&SpcInput {
        values: &v,
        better: Better::Higher,
        rebase_at: &[],
        baseline_points: None,
        target: None,
        rules: RuleSettings {
            two_of_three: TwoOfThree::PlotTheDots,
            ..Default::default()
        },
    })
    .unwrap();
    let l = mdc.phases[0].limits.unwrap();
    assert!(v[15] > l.upper && v[16] > l.upper_two_thirds && v[16] < l.upper);
    assert!(
        mdc.points[16]
            .rules
            .iter()
            .any(|h| h.rule == Rule::TwoOfThree)
    );
    assert!(ptd.points[16].rules.is_empty());
}

#[test]
fn enums_serialise_in_snake_case_with_labels() {
    assert_eq!(
        serde_json::to_string(&Variation::ImprovementHigh).unwrap(),
        "\"improvement_high\""
    );
    assert_eq!(
        Variation::ImprovementHigh.label(),
        "Special cause variation: improvement (higher)"
    );
    assert_eq!(
        serde_json::to_string(&PointKind::CommonCause).unwrap(),
        "\"common_cause\""
    );
    assert_eq!(
        serde_json::to_string(&Rule::TwoOfThree).unwrap(),
        "\"two_of_three\""
    );
    for v in Variation::ALL {
        assert!(!v.label().is_empty());
    }
}

#[test]
fn three_months_of_cheshire_asb() {
    // Anti-social behaviour in Cheshire's police.uk street files, Oct–Dec 2018 (counted from
    // the files in tests/spc_cheshire.rs): too few to rely on, but read all the same.
    let r = run(&[1957.0, 1845.0, 1490.0], Better::Lower);
    let l = r.phases[0].limits.unwrap();
    assert!(close(l.mean, 1764.0) && close(l.mr_bar, 233.5));
    assert!(close(l.upper, 1764.0 + 621.11) && close(l.lower, 1764.0 - 621.11));
    assert!(l.limits_provisional);
    assert_eq!(r.latest, Some(Variation::CommonCause));
}

fn series() -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec((0i32..1000).prop_map(f64::from), 0..40)
}

/// No point within `eps` of a line, so a rounding difference cannot move it across.
fn clear_of_lines(r: &SpcResult, eps: f64) -> bool {
    r.points.iter().all(|p| match r.phases[p.phase].limits {
        None => true,
        Some(l) => [
            l.mean,
            l.upper,
            l.lower,
            l.upper_two_thirds,
            l.lower_two_thirds,
        ]
        .iter()
        .all(|x| (p.value - x).abs() > eps),
    })
}

proptest! {
    #[test]
    fn the_mean_lies_between_the_limits(v in series()) {
        for p in run(&v, Better::Higher).phases {
            if let Some(l) = p.limits {
                prop_assert!(l.lower <= l.lower_two_thirds && l.lower_two_thirds <= l.mean);
                prop_assert!(l.mean <= l.upper_two_thirds && l.upper_two_thirds <= l.upper);
                prop_assert!(l.mr_bar >= 0.0);
            }
        }
    }

    #[test]
    fn a_constant_series_has_no_spread_and_no_special_cause(x in -1e6f64..1e6, n in 2usize..40) {
        let r = run(&vec![x; n], Better::Higher);
        let l = r.phases[0].limits.unwrap();
        prop_assert_eq!(l.mr_bar, 0.0);
        prop_assert!(close(l.upper, x) && close(l.lower, x));
        prop_assert!(r.points.iter().all(|p| p.rules.is_empty()));
        prop_assert_eq!(r.latest, Some(Variation::CommonCause));
    }

    #[test]
    fn shifting_shifts_the_lines_and_keeps_the_reading(v in series(), c in -1000i32..1000) {
        let c = f64::from(c);
        let shifted: Vec<f64> = v.iter().map(|x| x + c).collect();
        let (a, b) = (run(&v, Better::Higher), run(&shifted, Better::Higher));
        for (p, q) in a.phases.iter().zip(&b.phases) {
            if let (Some(l), Some(m)) = (p.limits, q.limits) {
                prop_assert!((m.mean - l.mean - c).abs() < 1e-9);
                prop_assert!((m.upper - l.upper - c).abs() < 1e-9);
                prop_assert!((m.lower - l.lower - c).abs() < 1e-9);
            }
        }
        if clear_of_lines(&a, 1e-6) {
            prop_assert_eq!(kinds(&a), kinds(&b));
        }
    }

    #[test]
    fn scaling_scales_the_lines(v in series(), k in 0.001f64..1000.0, j in -10i32..10) {
        let scaled: Vec<f64> = v.iter().map(|x| x * k).collect();
        let (a, b) = (run(&v, Better::Lower), run(&scaled, Better::Lower));
        for (p, q) in a.phases.iter().zip(&b.phases) {
            if let (Some(l), Some(m)) = (p.limits, q.limits) {
                prop_assert!(close(m.upper, l.upper * k) && close(m.lower, l.lower * k));
                prop_assert!(close(m.mr_bar, l.mr_bar * k));
            }
        }
        // A power of two scales every step exactly, so nothing can cross a line.
        let two = 2f64.powi(j);
        let exact: Vec<f64> = v.iter().map(|x| x * two).collect();
        prop_assert_eq!(kinds(&a), kinds(&run(&exact, Better::Lower)));
    }
}
