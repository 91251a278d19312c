//! The plan file format's checks: each error names the line and field.

use super::*;

const SMALL: &str = r#"
slug = "test-2013-16"
force_area = "E23000006"
title = "Test plan"
commissioner = "A Commissioner"
term_start = "2013-04-01"
term_end = "2016-03-31"
levels = ["Objective"]
consultation_closes = "2013-01-25"

[[transitions]]
status = "draft"
date = "2013-01-04"

[[transitions]]
status = "consultation"
date = "2013-01-04"

[[inputs]]
key = "consultation-2012"
kind = "public_consultation"
title = "Public consultation, winter 2012"

[[items]]
key = "o1"
title = "Enhance frontline policing"
answers = ["consultation-2012"]

[[items.measures]]
key = "total-crime"
title = "Total number of recorded crimes"
unit = "count"
better = "lower"

[[items.commitments]]
key = "c1"
text = "Work with the Chief Constable on rural crime"
owner = "joint"

[[items.commitments.updates]]
date = "2013-09-30"
status = "on_track"
"#;

#[test]
fn a_good_file_parses_and_round_trips() {
    let plan = PlanFile::parse(SMALL).unwrap();
    assert_eq!(plan.status(), PlanStatus::Consultation);
    assert_eq!(
        plan.items[0].commitments[0].current_status(),
        Some(CommitmentStatus::OnTrack)
    );
    let again = PlanFile::parse(&plan.to_toml()).unwrap();
    assert_eq!(again, plan);
}

#[test]
fn a_nul_in_any_text_is_refused_with_its_line_and_field() {
    let source = SMALL.replace("title = \"Test plan\"", "title = \"Test\\u0000plan\"");
    let errs = PlanFile::parse(&source).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "line 4, title: contains a NUL character (\\u0000), which is not allowed"
    );
    let source = SMALL.replace("title = \"Test plan\"", "title = \"Test \\\\u0000 plan\"");
    assert!(
        PlanFile::parse(&source).is_ok(),
        "an escaped backslash is no NUL"
    );
}

#[test]
fn a_bad_value_is_reported_with_its_line_and_field() {
    let bad = SMALL.replace("unit = \"count\"", "unit = \"litres\"");
    let errs = PlanFile::parse(&bad).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].line, Some(32));
    assert!(errs[0].message.contains("litres"), "{}", errs[0]);
    let typo = SMALL.replace("owner = \"joint\"", "ownr = \"joint\"");
    let errs = PlanFile::parse(&typo).unwrap_err();
    assert!(errs[0].message.contains("ownr"), "{}", errs[0]);
}

#[test]
fn references_and_lifecycle_are_checked_across_the_file() {
    let bad = SMALL
        .replace(
            "answers = [\"consultation-2012\"]",
            "answers = [\"manifesto-2012\"]",
        )
        .replace("status = \"consultation\"", "status = \"published\"");
    let errs = PlanFile::parse(&bad).unwrap_err();
    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(errs.len(), 2, "{text:?}");
    assert!(
        text.iter().any(
            |e| e.contains("\"manifesto-2012\" is not the key of any input")
                && e.starts_with("line 27")
        ),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|e| e.contains("cannot move from Draft to Published")
                && e.starts_with("line 15, transitions[1]")),
        "{text:?}"
    );
}

#[test]
fn items_deeper_than_the_named_levels_are_refused() {
    let deep = format!("{SMALL}\n[[items.children]]\nkey = \"o1a\"\ntitle = \"Sub\"\n");
    let errs = PlanFile::parse(&deep).unwrap_err();
    assert!(
        errs[0].message.contains("names only 1 level"),
        "{}",
        errs[0]
    );
}
