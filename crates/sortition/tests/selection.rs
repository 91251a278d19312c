//! LEXIMIN on the paper's public sample instance and on instances built with known optima.

use std::path::PathBuf;

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use opcc_sortition::{
    Category, Instance, Person, Quota, Randomness, SortitionError, check_feasible, draw,
    legacy_probabilities, leximin, replace,
};

fn shared_data() -> PathBuf {
    std::env::var_os("OPCC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        })
}

fn small_20() -> Instance {
    let dir = shared_data().join("sortition/example_small_20");
    let cats = std::fs::read(dir.join("categories.csv")).expect("the shared instance");
    let resp = std::fs::read(dir.join("respondents.csv")).expect("the shared instance");
    Instance::from_csv("categories.csv", &cats, "respondents.csv", &resp, 20).unwrap()
}

/// An instance from (category, [(feature, min, max)]) and each person's feature names.
/// (feature, min, max)
type Quotas<'a> = &'a [(&'a str, u32, u32)];

fn build(cats: &[(&str, Quotas)], people: &[&[&str]], panel: u32) -> Instance {
    let categories: Vec<Category> = cats
        .iter()
        .map(|(name, fs)| Category {
            name: name.to_string(),
            features: fs
                .iter()
                .map(|(f, min, max)| Quota {
                    feature: f.to_string(),
                    min: *min,
                    max: *max,
                })
                .collect(),
        })
        .collect();
    let people = people
        .iter()
        .enumerate()
        .map(|(i, fs)| Person {
            id: i.to_string(),
            features: fs
                .iter()
                .zip(&categories)
                .map(|(f, c)| c.features.iter().position(|q| q.feature == *f).unwrap())
                .collect(),
        })
        .collect();
    Instance::new(categories, people, panel).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-7
}

#[test]
fn the_papers_small_instance_gives_everyone_exactly_ten_percent() {
    let inst = small_20();
    assert_eq!(inst.people.len(), 200);
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    assert!(close(dist.minimum, 0.1), "minimum {}", dist.minimum);
    let total: f64 = dist.probabilities.iter().sum();
    assert!(close(total, 20.0), "sum {total}");
    assert!(dist.probabilities.iter().all(|p| close(*p, 0.1)));
    let mass: f64 = dist.panels.iter().map(|p| p.probability).sum();
    assert!(close(mass, 1.0));
    for p in &dist.panels {
        assert_eq!(p.counts.iter().sum::<u32>(), 20);
    }
    // The draw is a valid panel, the same from the same seed, and varies with the seed.
    let a = draw(&dist, 20_251_130);
    assert!(inst.is_valid_panel(&a));
    assert_eq!(a, draw(&dist, 20_251_130));
    assert!((1..20).any(|s| draw(&dist, s) != a));
}

#[test]
fn the_legacy_method_gives_the_lone_female_conservative_far_less_than_leximin() {
    let inst = small_20();
    let probabilities = legacy_probabilities(&inst, 2_000, 7).unwrap();
    let total: f64 = probabilities.iter().sum();
    assert!(close(total, 20.0));
    // Person 0 is the only female conservative.
    assert!(
        probabilities[0] < 0.05,
        "legacy gave her {}",
        probabilities[0]
    );
}

#[test]
fn without_binding_quotas_everyone_gets_k_over_n() {
    let people: Vec<&[&str]> = (0..7).map(|_| &["any"][..]).collect();
    let inst = build(&[("all", &[("any", 0, 3)])], &people, 3);
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    assert!(dist.probabilities.iter().all(|p| close(*p, 3.0 / 7.0)));
}

#[test]
fn a_forced_person_is_certain_and_the_rest_share_what_is_left() {
    // One woman must sit on a panel of 3 drawn from 1 woman and 9 men: she is certain, each
    // man has 2/9; LEXIMIN's levels are 2/9 and then 1.
    let mut people: Vec<&[&str]> = vec![&["female"]];
    people.extend((0..9).map(|_| &["male"][..]));
    let inst = build(
        &[("gender", &[("female", 1, 3), ("male", 0, 3)])],
        &people,
        3,
    );
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    assert!(close(dist.probabilities[0], 1.0));
    assert!(dist.probabilities[1..].iter().all(|p| close(*p, 2.0 / 9.0)));
    assert!(close(dist.minimum, 2.0 / 9.0));
    assert_eq!(dist.levels, 2);
}

#[test]
fn someone_on_no_possible_panel_gets_zero() {
    let people: Vec<&[&str]> = vec![&["a"], &["a"], &["a"], &["b"]];
    let inst = build(&[("x", &[("a", 0, 2), ("b", 0, 0)])], &people, 2);
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    assert!(close(dist.probabilities[3], 0.0));
    assert!(dist.probabilities[..3].iter().all(|p| close(*p, 2.0 / 3.0)));
}

/// Three categories (the pricing problem is no longer totally unimodular): the first level
/// must equal the maximin found by an LP over every panel, enumerated.
#[test]
fn three_categories_reach_the_maximin_of_all_panels() {
    let rows: &[&[&str]] = &[
        &["f", "young", "urban"],
        &["f", "old", "rural"],
        &["m", "young", "rural"],
        &["m", "old", "urban"],
        &["m", "old", "urban"],
        &["f", "young", "urban"],
        &["m", "young", "urban"],
        &["f", "old", "urban"],
        &["m", "old", "rural"],
    ];
    let inst = build(
        &[
            ("gender", &[("f", 2, 2), ("m", 2, 2)]),
            ("age", &[("young", 2, 3), ("old", 1, 2)]),
            ("place", &[("urban", 1, 2), ("rural", 1, 3)]),
        ],
        rows,
        4,
    );
    let n = rows.len();
    let mut panels = Vec::new();
    for mask in 0u32..(1 << n) {
        let members: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        if inst.is_valid_panel(&members) {
            panels.push(members);
        }
    }
    assert!(panels.len() > 3);
    let mut lp = Problem::new(OptimizationDirection::Maximize);
    let z = lp.add_var(1.0, (0.0, 1.0));
    let lambda: Vec<_> = panels.iter().map(|_| lp.add_var(0.0, (0.0, 1.0))).collect();
    let sum: Vec<_> = lambda.iter().map(|&l| (l, 1.0)).collect();
    lp.add_constraint(sum.as_slice(), ComparisonOp::Eq, 1.0);
    for i in 0..n {
        let mut expr: Vec<_> = panels
            .iter()
            .zip(&lambda)
            .filter(|(p, _)| p.contains(&i))
            .map(|(_, &l)| (l, 1.0))
            .collect();
        expr.push((z, -1.0));
        lp.add_constraint(expr.as_slice(), ComparisonOp::Ge, 0.0);
    }
    let maximin = lp.solve().unwrap().into_solution().unwrap().objective();
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    assert!(
        close(dist.minimum, maximin),
        "{} against {maximin}",
        dist.minimum
    );
    let total: f64 = dist.probabilities.iter().sum();
    assert!(close(total, 4.0));
    assert!(
        dist.panels
            .iter()
            .all(|p| p.counts.iter().sum::<u32>() == 4)
    );
    assert!((0..50).all(|s| inst.is_valid_panel(&draw(&dist, s))));
}

#[test]
fn infeasible_quotas_are_named() {
    // Each quota alone can be met, but three women means three liberals, leaving room for at
    // most one conservative.
    let mut people: Vec<&[&str]> = (0..5).map(|_| &["female", "liberal"][..]).collect();
    people.extend((0..5).map(|_| &["male", "conservative"][..]));
    let inst = build(
        &[
            ("gender", &[("female", 3, 4), ("male", 0, 4)]),
            ("leaning", &[("liberal", 0, 4), ("conservative", 2, 4)]),
        ],
        &people,
        4,
    );
    let err = check_feasible(&inst).unwrap_err();
    let SortitionError::Infeasible {
        conflicting,
        message,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        conflicting,
        &[
            "gender: female (at least 3, at most 4)",
            "leaning: conservative (at least 2, at most 4)"
        ]
    );
    assert!(message.contains("No panel of 4"), "{message}");
    assert!(matches!(
        leximin(&inst, &mut |_| {}),
        Err(SortitionError::Infeasible { .. })
    ));

    // A minimum above the pool is named on its own.
    let people: Vec<&[&str]> = vec![&["female"], &["male"], &["male"]];
    let inst = build(
        &[("gender", &[("female", 2, 2), ("male", 0, 2)])],
        &people,
        2,
    );
    let SortitionError::Infeasible { conflicting, .. } = check_feasible(&inst).unwrap_err() else {
        panic!()
    };
    assert_eq!(conflicting, ["gender: female (at least 2, at most 2)"]);
}

#[test]
fn bad_files_are_named_by_row_and_field() {
    let cats = b"category,feature,min,max\ngender,female,1,2\ngender,male,x,2\n";
    let err = Instance::from_csv("c.csv", cats, "r.csv", b"gender\nfemale\n", 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.csv, row 3, min: \"x\" is not a whole number of people"
    );
    let cats = b"category,feature,min,max\ngender,female,0,2\ngender,male,0,2\n";
    let err =
        Instance::from_csv("c.csv", cats, "r.csv", b"gender\nfemale\nother\n", 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "r.csv, row 3, gender: \"other\" is not a feature of gender in c.csv"
    );
}

#[test]
fn the_random_numbers_are_sha256_of_the_seed_and_counter() {
    // printf 'opcc-sortition:1:0' | sha256sum → 9d6ac95bbd093f04...
    assert_eq!(Randomness::new(1).next_u64(), 0x9d6a_c95b_bd09_3f04);
    let mut r = Randomness::new(5);
    let mut seen = [0u32; 3];
    for _ in 0..3000 {
        seen[r.below(3) as usize] += 1;
    }
    assert!(seen.iter().all(|&s| (900..1100).contains(&s)), "{seen:?}");
}

#[test]
fn replacements_keep_the_quotas_and_skip_who_dropped_out() {
    let inst = small_20();
    let dist = leximin(&inst, &mut |_| {}).unwrap();
    let panel = draw(&dist, 11);
    let dropped = [panel[0], panel[5]];
    let new = replace(&inst, &panel, &dropped, &[], 12).unwrap();
    assert!(inst.is_valid_panel(&new));
    assert!(dropped.iter().all(|d| !new.contains(d)));
    assert_eq!(new.iter().filter(|i| panel.contains(i)).count(), 18);
    assert_eq!(new, replace(&inst, &panel, &dropped, &[], 12).unwrap());
}
