//! Real data: anti-social behaviour recorded by Cheshire Constabulary in police.uk's street
//! files. Only October to December 2018 are on hand (in the shared data folder: see
//! `shared_data()`), three points where MDC asks for 15 or more; so this checks
//! that a short real series is read honestly: limits drawn but provisional, no run or trend
//! possible, and no special cause claimed.

use opcc_domain::performance::{Better, RuleSettings, SpcInput, Variation, analyse};

/// The shared folder of real public data: OPCC_SHARED_DATA (scripts/test.sh sets it), else
/// `../shared/data` beside the repository.
fn shared_data() -> std::path::PathBuf {
    std::env::var_os("OPCC_SHARED_DATA")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").into())
}

fn asb_count(month: &str) -> usize {
    let path = shared_data().join(format!("police_uk/{month}/{month}-cheshire-street.csv"));
    let mut reader = csv::Reader::from_path(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (set OPCC_SHARED_DATA to the shared data folder)",
            path.display()
        )
    });
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "Crime type")
        .expect("a Crime type column");
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[column] == "Anti-social behaviour")
        .count()
}

#[test]
fn three_months_of_cheshire_asb_are_read_as_provisional() {
    let months = ["2018-10", "2018-11", "2018-12"];
    let counts: Vec<f64> = months.iter().map(|m| asb_count(m) as f64).collect();
    // The counts the unit test in performance/spc_tests.rs uses.
    assert_eq!(counts, [1957.0, 1845.0, 1490.0]);
    let r = analyse(&SpcInput {
        values: &counts,
        better: Better::Lower,
        rebase_at: &[],
        baseline_points: None,
        target: None,
        rules: RuleSettings::default(),
    })
    .unwrap();
    let limits = r.phases[0].limits.expect("two or more points give limits");
    assert!(limits.limits_provisional);
    assert!(limits.lower < limits.mean && limits.mean < limits.upper);
    assert!(
        r.points.iter().all(|p| p.rules.is_empty()),
        "{:?}",
        r.points
    );
    assert_eq!(r.latest, Some(Variation::CommonCause));
}
