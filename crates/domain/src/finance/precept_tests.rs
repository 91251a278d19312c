//! Worked examples of the bands and the Panel's timetable.

use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn every_band_is_its_ninths_of_band_d() {
    let band_d = d("263.49");
    let bills: Vec<String> = Band::ALL
        .iter()
        .map(|b| b.bill(band_d).to_string())
        .collect();
    assert_eq!(
        bills,
        [
            "175.66", "204.94", "234.21", "263.49", "322.04", "380.60", "439.15", "526.98"
        ]
    );
}

fn rec(
    step: Step,
    band_d: Option<&str>,
    decision: Option<Decision>,
    votes: Option<i64>,
) -> StepRecord {
    StepRecord {
        step,
        on_date: time::macros::date!(2024 - 01 - 30),
        band_d: band_d.map(d),
        document_title: "Report".into(),
        document_url: String::new(),
        decision,
        votes_for_veto: votes,
        members_present: None,
        response: String::new(),
    }
}

#[test]
fn a_veto_needs_two_thirds_of_the_members_not_of_those_present() {
    let tt = Timetable::default();
    assert_eq!(tt.veto_votes_needed(10), 7);
    assert_eq!(tt.veto_votes_needed(12), 8);
    let done = vec![rec(Step::Proposed, Some("263.49"), None, None)];
    let six = rec(Step::PanelReport, None, Some(Decision::Veto), Some(6));
    assert!(
        check_step(&done, &six, Some(10), &tt)
            .unwrap_err()
            .contains("7 votes")
    );
    let seven = rec(Step::PanelReport, None, Some(Decision::Veto), Some(7));
    assert!(check_step(&done, &seven, Some(10), &tt).is_ok());
    assert!(check_step(&done, &seven, None, &tt).is_err());
}

#[test]
fn the_timetable_runs_in_order_and_a_revision_follows_only_a_veto() {
    let tt = Timetable::default();
    let mut done = vec![];
    let report = rec(Step::PanelReport, None, Some(Decision::Accept), None);
    assert!(check_step(&done, &report, Some(10), &tt).is_err());
    done.push(rec(Step::Proposed, Some("263.49"), None, None));
    assert!(
        check_step(
            &done,
            &rec(Step::Revised, Some("250"), None, None),
            Some(10),
            &tt
        )
        .is_err()
    );
    done.push(rec(Step::PanelReport, None, Some(Decision::Veto), Some(8)));
    assert_eq!(
        next_steps(&done),
        [Step::Revised, Step::FinalReport, Step::Issued]
    );
    let same = rec(Step::Revised, Some("263.49"), None, None);
    assert!(check_step(&done, &same, Some(10), &tt).is_err());
    assert!(
        check_step(
            &done,
            &rec(Step::Issued, Some("250"), None, None),
            Some(10),
            &tt
        )
        .is_err()
    );
    done.push(rec(Step::Revised, Some("255.00"), None, None));
    let again = rec(Step::FinalReport, None, Some(Decision::Veto), Some(10));
    assert!(
        check_step(&done, &again, Some(10), &tt)
            .unwrap_err()
            .contains("cannot veto")
    );
    done.push(rec(Step::FinalReport, None, Some(Decision::Accept), None));
    assert!(
        check_step(
            &done,
            &rec(Step::Issued, Some("255.00"), None, None),
            Some(10),
            &tt
        )
        .is_ok()
    );
}

#[test]
fn deadlines_fall_before_the_year_and_follow_the_settings() {
    let mut tt = Timetable::default();
    assert_eq!(
        tt.deadline(Step::Proposed, 2024),
        time::macros::date!(2024 - 02 - 01)
    );
    assert_eq!(
        tt.deadline(Step::Issued, 2024),
        time::macros::date!(2024 - 03 - 01)
    );
    tt.deadlines[0].1 = parse_month_day("01-31").unwrap();
    assert_eq!(
        tt.deadline(Step::Proposed, 2024),
        time::macros::date!(2024 - 01 - 31)
    );
    assert_eq!(parse_month_day("02-30"), None);
}
