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

fn plan(slug: &str) -> PlanFile {
    let (_, text) = plan_files()
        .into_iter()
        .find(|(n, _)| n == &format!("{slug}.toml"))
        .unwrap_or_else(|| panic!("{slug}.toml is missing"));
    PlanFile::parse(&text).unwrap()
}

fn titles(items: &[opcc_domain::plans::file::Item]) -> Vec<&str> {
    items.iter().map(|i| i.title.as_str()).collect()
}

/// The published documents: the Halton briefing of 15 January 2013 lists five objectives with 8, 3, 4, 3
/// and 2 suggested measures, and two more "to possibly be added" under objective two.
#[test]
fn the_2013_draft_has_five_objectives_and_twenty_measures() {
    let p = plan("cheshire-2013-16");
    assert_eq!(p.items.len(), 5);
    assert!(p.items[0].title.starts_with("Enhance frontline policing"));
    assert!(p.items[1].title.starts_with("Protect Cheshire"));
    let counted: Vec<usize> = p
        .items
        .iter()
        .map(|i| i.measures.iter().filter(|m| !m.provisional).count())
        .collect();
    assert_eq!(counted, [8, 3, 4, 3, 2]);
    let provisional: Vec<&str> = p.items[1]
        .measures
        .iter()
        .filter(|m| m.provisional)
        .map(|m| m.title.as_str())
        .collect();
    assert_eq!(provisional.len(), 2, "human trafficking and CSE");
    assert_eq!(
        p.items[0].measures[0].title,
        "Total number of recorded crimes"
    );
    assert_eq!(p.consultation_closes.unwrap().to_string(), "2013-01-25");
    let statuses: Vec<&str> = p.transitions.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "draft",
            "consultation",
            "panel_review",
            "published",
            "superseded"
        ]
    );
    let spr_2012 = p
        .inputs
        .iter()
        .filter(|i| i.edition.as_deref() == Some("2012"))
        .count();
    assert_eq!(
        spr_2012, 5,
        "the 2012 Strategic Policing Requirement's five threats"
    );
}

#[test]
fn the_2016_plan_has_four_priorities() {
    let p = plan("cheshire-2016-21");
    assert_eq!(
        titles(&p.items),
        [
            "A police service connected with our communities",
            "Support victims and protect vulnerable people",
            "Prevent crime and anti-social behaviour",
            "A police service fit for the future",
        ]
    );
    assert!(p.items.iter().all(|i| !i.commitments.is_empty()));
}

#[test]
fn the_2021_plan_has_six_objectives_and_was_refreshed() {
    let p = plan("cheshire-2021-24");
    assert_eq!(p.items.len(), 6);
    assert!(
        p.transitions
            .iter()
            .any(|t| t.status.as_str() == "refreshed" && t.date.to_string().starts_with("2022"))
    );
    let stalking = p
        .all_items()
        .into_iter()
        .flat_map(|(_, i)| i.measures.iter())
        .find(|m| m.title.to_lowercase().contains("stalking"))
        .expect("the stalking outcome rate");
    assert!(
        stalking.definition.contains("20.3"),
        "{}",
        stalking.definition
    );
}

#[test]
fn the_2024_plan_has_three_priorities_with_themes_and_activities() {
    let p = plan("cheshire-2024-28");
    assert_eq!(p.levels, ["Priority", "Theme"]);
    assert_eq!(
        titles(&p.items),
        ["Reduce crime", "Listen to the public", "Modernise"]
    );
    assert!(p.items.iter().all(|i| i.children.len() == 2));
    assert_eq!(p.items[0].children[0].title, "Prevention and intervention");
    let activities: Vec<&str> = p
        .all_items()
        .into_iter()
        .flat_map(|(_, i)| i.commitments.iter())
        .flat_map(|c| c.activities.iter().map(|a| a.title.as_str()))
        .collect();
    for a in ["DA Pilot Halton", "Safer Streets Summer 2025"] {
        assert!(activities.contains(&a), "{a} missing");
    }
    let spr_2023 = p
        .inputs
        .iter()
        .filter(|i| i.edition.as_deref() == Some("2023"))
        .count();
    assert_eq!(
        spr_2023, 7,
        "the 2023 Strategic Policing Requirement's seven threats"
    );
}
