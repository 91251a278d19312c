//! Cross-check of `performance::analyse` against two independent implementations from PyPI,
//! run by tests/spc_crosscheck.py in a virtualenv under target/spc-venv (made on first run):
//! statprocon 2.0.0 (Wheeler's XmR) and abspc 1.1.0 (MDC, after NHSRplotthedots).
//!
//! Compared, phase by phase, on seeded random series and hand-made edge cases:
//! - mean, mR-bar and process limits, to 1e-9 (abspc's own limits at its 3/1.128 factor);
//! - points beyond the limits (both libraries);
//! - runs and trends at MDC's 7 (abspc's rule functions) and at abspc's defaults of a run of 8
//!   and a trend of 6 (our settings changed to match);
//! - runs of 8 against statprocon only in phases with no point exactly on the mean, since it
//!   lets such points neither count nor break a run (shown on a case of its own);
//! - two of three against abspc with our `TwoOfThree::PlotTheDots` reading, and our MDC reading
//!   as a superset of it;
//! - assurance against abspc.
//!
//! Python and PyPI are required: with neither the test fails rather than skips.

use opcc_domain::performance::{
    Assurance, Better, Rule, RuleSettings, SpcInput, SpcResult, TwoOfThree, analyse,
};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PACKAGES: [&str; 2] = ["statprocon==2.0.0", "abspc==1.1.0"];

fn run_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .is_ok_and(|s| s.success())
}

/// Made once per test binary: the tests here run in parallel, and two creating the same
/// virtualenv at once fail.
fn venv_python() -> PathBuf {
    static PYTHON: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PYTHON.get_or_init(make_venv).clone()
}

fn make_venv() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let venv = target.join("spc-venv");
    let python = venv.join("bin/python");
    let check = "import importlib.metadata as m; \
                 assert m.version('statprocon') == '2.0.0' and m.version('abspc') == '1.1.0'";
    if run_ok(Command::new(&python).args(["-c", check])) {
        return python;
    }
    assert!(
        run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv)),
        "python3 -m venv {} failed: Python 3 with venv is needed for this test",
        venv.display()
    );
    assert!(
        run_ok(
            Command::new(&python)
                .args(["-m", "pip", "install", "--quiet"])
                .args(PACKAGES)
        ),
        "pip install {PACKAGES:?} failed: PyPI must be reachable for this test"
    );
    python
}

struct Case {
    name: String,
    values: Vec<f64>,
    rebase_at: Vec<usize>,
    baseline: Option<usize>,
    target: Option<f64>,
    better: Better,
}

impl Case {
    fn new(name: &str, values: Vec<f64>) -> Case {
        Case {
            name: name.to_string(),
            values,
            rebase_at: vec![],
            baseline: None,
            target: None,
            better: Better::Higher,
        }
    }

    fn phases(&self) -> Vec<(usize, usize)> {
        let mut cuts = vec![0];
        cuts.extend(&self.rebase_at);
        cuts.push(self.values.len());
        cuts.windows(2).map(|w| (w[0], w[1])).collect()
    }

    fn analyse(&self, rules: RuleSettings) -> SpcResult {
        analyse(&SpcInput {
            values: &self.values,
            better: self.better,
            rebase_at: &self.rebase_at,
            baseline_points: self.baseline,
            target: self.target,
            rules,
        })
        .unwrap()
    }
}

/// xorshift64*: a few lines, seeded, so the series are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() * n as f64) as usize
    }

    /// Roughly normal, mean 0, sd 1 (Irwin–Hall of 12).
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

fn random_cases() -> Vec<Case> {
    let mut rng = Rng(0x0005_eed0_f0cc);
    (0..40)
        .map(|k| {
            let n = 12 + rng.below(48);
            let level = 50.0 + 500.0 * rng.next();
            let sd = 1.0 + 20.0 * rng.next();
            let step_at = rng.below(n);
            let step = sd * 3.0 * rng.normal();
            let drift = if k % 3 == 0 {
                sd * 0.4 * rng.normal()
            } else {
                0.0
            };
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    let x = level
                        + sd * rng.normal()
                        + if i >= step_at { step } else { 0.0 }
                        + drift * i as f64;
                    // Whole numbers in some cases, as counts are, so ties and points on the
                    // mean occur.
                    if k % 2 == 0 {
                        x.round()
                    } else {
                        (x * 10.0).round() / 10.0
                    }
                })
                .collect();
            let mut c = Case::new(&format!("random {k}"), values);
            if k % 4 == 1 && n > 20 {
                c.rebase_at = vec![step_at.clamp(1, n - 1)];
            }
            if k % 5 == 2 {
                c.baseline = Some(12);
            }
            c.target = Some(level + sd * 4.0 * rng.normal());
            c.better = if k % 2 == 0 {
                Better::Higher
            } else {
                Better::Lower
            };
            c
        })
        .collect()
}

fn edge_cases() -> Vec<Case> {
    let steady = |n: usize| -> Vec<f64> { (0..n).map(|i| [10.0, 12.0, 11.0][i % 3]).collect() };
    let mut step = steady(12);
    step.extend(steady(12).iter().map(|x| x + 5.0));
    let mut trend = steady(10);
    trend.extend([13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0]);
    trend.extend(steady(6));
    let mut spike = steady(20);
    spike[13] = 25.0;
    let mut on_mean = vec![10.0, 10.0, 10.0, 10.0, 10.0, 10.0];
    on_mean.extend([12.0, 12.0, 12.0, 12.0, 11.0, 12.0, 12.0, 12.0, 12.0]);
    let mut two_of_three = steady(15);
    two_of_three.extend([13.8, 11.0, 13.9, 9.0, 8.1, 12.0, 8.2]);
    let mut rebased = Case::new("step, rebased", step.clone());
    rebased.rebase_at = vec![12];
    let mut short_phase = Case::new("one-point phase", steady(10));
    short_phase.rebase_at = vec![9];
    let mut baseline = Case::new("step after a baseline", step.clone());
    baseline.baseline = Some(12);
    vec![
        Case::new("constant", vec![0.1; 20]),
        Case::new("constant count", vec![37.0; 16]),
        Case::new("step", step),
        rebased,
        baseline,
        Case::new("trend", trend),
        Case::new("spike", spike),
        Case::new("run through the mean", on_mean),
        Case::new("two of three", two_of_three),
        short_phase,
        Case::new("two points", vec![3.0, 5.0]),
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Points in `start..end` meeting `rule`, as indices within the phase.
fn ours(r: &SpcResult, (start, end): (usize, usize), rule: Rule) -> Vec<u64> {
    (start..end)
        .filter(|&i| r.points[i].rules.iter().any(|h| h.rule == rule))
        .map(|i| (i - start) as u64)
        .collect()
}

fn theirs(v: &Value, key: &str) -> Vec<u64> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {v}"))
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect()
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("no {key} in {v}"))
}

#[test]
fn analyse_agrees_with_statprocon_and_abspc() {
    let python = venv_python();
    let cases: Vec<Case> = edge_cases().into_iter().chain(random_cases()).collect();
    let request: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "values": c.values,
                "phases": c.phases(),
                "baseline": c.baseline,
                "target": c.target,
                "higher_is_better": c.better == Better::Higher,
            })
        })
        .collect();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/spc_crosscheck.py");
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the cross-check script");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&request).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the cross-check script failed");
    let answers: Vec<Vec<Value>> = serde_json::from_slice(&out.stdout).unwrap();

    let like_abspc = RuleSettings {
        run_points: 8,
        trend_points: 6,
        two_of_three: TwoOfThree::PlotTheDots,
        ..Default::default()
    };
    let mut failures = Vec::new();
    let mut compared = [0usize; 3]; // phases, flags checked, runs skipped for statprocon
    let mut artefacts = 0;
    let mut fired = std::collections::BTreeMap::<&str, usize>::new();
    for (case, answer) in cases.iter().zip(&answers) {
        let mdc = case.analyse(RuleSettings::default());
        let alt = case.analyse(like_abspc);
        let mut check = |what: &str, ok: bool, detail: String| {
            if !ok {
                failures.push(format!("{}: {what}: {detail}", case.name));
            }
        };
        for (p, (bounds, theirs_p)) in case.phases().into_iter().zip(answer).enumerate() {
            let limits = mdc.phases[p].limits;
            let (Some(l), false) = (limits, theirs_p.is_null()) else {
                check(
                    "limits present",
                    limits.is_none() && theirs_p.is_null(),
                    format!("{limits:?} vs {theirs_p}"),
                );
                continue;
            };
            compared[0] += 1;
            let (s, a) = (&theirs_p["statprocon"], &theirs_p["abspc"]);
            for (name, ours_v, theirs_v) in [
                ("statprocon mean", l.mean, num(s, "mean")),
                ("statprocon mR-bar", l.mr_bar, num(s, "mr_bar")),
                ("statprocon upper", l.upper, num(s, "upper")),
                ("statprocon lower", l.lower, num(s, "lower")),
                ("abspc mean", l.mean, num(a, "mean")),
                ("abspc mR-bar", l.mr_bar, num(a, "mr_bar")),
                (
                    "abspc upper at 3/1.128",
                    l.mean + 3.0 / 1.128 * l.mr_bar,
                    num(a, "own_upper"),
                ),
                (
                    "abspc lower at 3/1.128",
                    l.mean - 3.0 / 1.128 * l.mr_bar,
                    num(a, "own_lower"),
                ),
            ] {
                check(
                    name,
                    close(ours_v, theirs_v),
                    format!("phase {p}: {ours_v} vs {theirs_v}"),
                );
            }
            // abspc's numpy mean of a constant series can be one ulp off the constant (0.1 × 20
            // averages to 0.10000000000000002), so every point reads as beyond its zero-width
            // limits and in a run. Ours sums deviations from the first point and is exact.
            let abspc_artefact = l.mr_bar == 0.0 && num(a, "mean") != l.mean;
            if abspc_artefact {
                artefacts += 1;
                check(
                    "constant phase quiet",
                    mdc.points[bounds.0..bounds.1]
                        .iter()
                        .all(|p| p.rules.is_empty()),
                    String::new(),
                );
            }
            let mut flags = |what: &'static str, ours_f: Vec<u64>, theirs_f: Vec<u64>| {
                compared[1] += 1;
                if !ours_f.is_empty() {
                    *fired.entry(what.split(' ').next().unwrap()).or_default() += 1;
                }
                check(
                    what,
                    ours_f == theirs_f,
                    format!("phase {p}: ours {ours_f:?}, theirs {theirs_f:?}"),
                );
            };
            flags(
                "beyond vs statprocon",
                ours(&mdc, bounds, Rule::BeyondLimit),
                theirs(s, "beyond"),
            );
            if !abspc_artefact {
                for (what, r, rule, key) in [
                    ("beyond vs abspc", &mdc, Rule::BeyondLimit, "beyond"),
                    ("run (7) vs abspc", &mdc, Rule::Run, "run7"),
                    ("trend (7) vs abspc", &mdc, Rule::Trend, "trend7"),
                    ("run (8) vs abspc", &alt, Rule::Run, "run8"),
                    ("trend (6) vs abspc", &alt, Rule::Trend, "trend6"),
                    (
                        "two-of-three (plot the dots) vs abspc",
                        &alt,
                        Rule::TwoOfThree,
                        "two_of_three",
                    ),
                ] {
                    flags(what, ours(r, bounds, rule), theirs(a, key));
                }
            }
            if theirs(s, "on_mean").is_empty() {
                flags(
                    "run (8) vs statprocon",
                    ours(&alt, bounds, Rule::Run),
                    theirs(s, "run8"),
                );
            } else {
                compared[2] += 1;
            }
            let wide = ours(&mdc, bounds, Rule::TwoOfThree);
            let narrow = ours(&alt, bounds, Rule::TwoOfThree);
            check(
                "MDC two-of-three flags every point plot-the-dots does",
                narrow.iter().all(|i| wide.contains(i)),
                format!("phase {p}: {wide:?} vs {narrow:?}"),
            );
            if p + 1 == case.phases().len() && case.target.is_some() {
                let expected = match a["assurance"].as_str().unwrap() {
                    "pass" => Assurance::ConsistentlyPasses,
                    "fail" => Assurance::ConsistentlyFails,
                    "hit_or_miss" => Assurance::HitAndMiss,
                    other => panic!("assurance {other}"),
                };
                check(
                    "assurance",
                    mdc.assurance == Some(expected),
                    format!("{:?} vs {expected:?}", mdc.assurance),
                );
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    eprintln!(
        "compared {} phases, {} flag sets; statprocon runs skipped in {} phases with a point on the mean; abspc skipped in {artefacts} constant phases; rules that fired: {fired:?}",
        compared[0], compared[1], compared[2]
    );
    // The comparison means something only if every rule fired somewhere.
    for rule in ["beyond", "run", "trend", "two-of-three"] {
        assert!(
            fired.get(rule).is_some_and(|n| *n > 0),
            "{rule} never fired: {fired:?}"
        );
    }
}

/// statprocon lets a point on the mean sit inside a run of 8 (Wheeler: such points neither
/// count nor break); MDC and NHSRplotthedots end the run there. The case shows the difference.
#[test]
fn a_point_on_the_mean_is_where_statprocon_differs() {
    let python = venv_python();
    // Mean 180 / 18 = 10 exactly: eight above it with a point on the mean among them (index
    // 4), then eight below and a last point on the mean (index 17).
    let mut values = vec![12.0, 12.0, 12.0, 12.0, 10.0, 12.0, 12.0, 12.0, 12.0];
    values.extend([8.0; 8]);
    values.push(10.0);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    assert_eq!(mean, 10.0);
    let request = json!([{ "values": values, "phases": [[0, values.len()]], "baseline": null,
                           "target": null, "higher_is_better": true }]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/spc_crosscheck.py");
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &answer[0][0]["statprocon"];
    assert_eq!(theirs(s, "on_mean"), [4, 17]);
    let flagged = theirs(s, "run8");
    assert!(
        flagged.contains(&4) && flagged.contains(&17),
        "statprocon: {flagged:?}"
    );
    let case = Case::new("on the mean", values);
    let r = case.analyse(RuleSettings {
        run_points: 8,
        ..Default::default()
    });
    assert_eq!(ours(&r, (0, 18), Rule::Run), (9..17).collect::<Vec<u64>>());
}
