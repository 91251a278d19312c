//! The demo plans in crates/store/demo/plans parse, pass every check, and round-trip.

use opcc_domain::plans::file::PlanFile;

fn plan_files() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../store/demo/plans");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_demo_plan_parses_and_round_trips() {
    let mut failures = Vec::new();
    for (name, text) in plan_files() {
        match PlanFile::parse(&text) {
            Ok(plan) => {
                let again = PlanFile::parse(&plan.to_toml()).expect("exported file parses");
                assert_eq!(again, plan, "{name} does not round-trip");
            }
            Err(errs) => {
                for e in errs {
                    failures.push(format!("{name}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
