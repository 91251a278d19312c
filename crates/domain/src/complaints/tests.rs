use super::letter::{fill, unknown_fields};
use super::*;
use crate::accounts::Role;
use time::macros::date;

fn person(id: i64, role: Role, team: bool) -> Person {
    Person {
        user_id: id,
        role,
        organisation: None,
        complaints_team: team,
    }
}

#[test]
fn a_request_is_in_time_within_28_days_of_the_outcome() {
    assert!(request_in_time(
        date!(2024 - 04 - 01),
        date!(2024 - 04 - 29)
    ));
    assert!(!request_in_time(
        date!(2024 - 04 - 01),
        date!(2024 - 04 - 30)
    ));
}

#[test]
fn a_reviewer_with_a_conflict_is_refused_and_so_is_staff_off_the_team() {
    let reviewer = person(1, Role::Staff, true);
    let second = person(2, Role::Staff, true);
    assert!(may_review(&reviewer, false));
    assert!(!may_review(&second, true));
    assert!(!may_review(&person(3, Role::Staff, false), false));
    assert!(!may_review(&person(4, Role::Panel, true), false));
}

#[test]
fn the_decision_follows_the_allegations() {
    assert_eq!(decision_of(&[]), None);
    assert_eq!(decision_of(&[Some(true), None]), None);
    assert_eq!(
        decision_of(&[Some(true), Some(true)]),
        Some(Decision::NotUpheld)
    );
    assert_eq!(
        decision_of(&[Some(true), Some(false)]),
        Some(Decision::Upheld)
    );
}

#[test]
fn steps_are_due_overdue_or_done_late() {
    let r = ReviewDates {
        outcome_notified: Some(date!(2024 - 04 - 01)),
        received: Some(date!(2024 - 05 - 10)),
        validity_checked: Some(date!(2024 - 05 - 12)),
        ..Default::default()
    };
    let steps = review_steps(&r);
    let today = date!(2024 - 05 - 20);
    assert_eq!(steps[0].state(today), StepState::Late);
    assert_eq!(steps[1].state(today), StepState::OnTime);
    assert_eq!(steps[2].due, Some(date!(2024 - 05 - 17)));
    assert_eq!(steps[2].state(today), StepState::Overdue);
    assert_eq!(steps[2].state(date!(2024 - 05 - 17)), StepState::Due);
    assert_eq!(steps[4].state(today), StepState::Waiting);
    let c = complaint_steps(&ComplaintDates {
        received: Some(date!(2024 - 06 - 03)),
        handling: Some(date!(2024 - 06 - 10)),
        referral_required: true,
        referred: Some(date!(2024 - 06 - 12)),
        ..Default::default()
    });
    let referral = c.iter().find(|s| s.label.contains("IOPC")).unwrap();
    assert_eq!(referral.state(today), StepState::Late);
}

#[test]
fn retention_runs_six_years_from_closing() {
    assert_eq!(retention_due(date!(2018 - 05 - 31)), date!(2024 - 05 - 31));
    assert_eq!(retention_due(date!(2020 - 02 - 29)), date!(2026 - 02 - 28));
    assert!(expired(date!(2018 - 05 - 31), date!(2024 - 05 - 31)));
    assert!(!expired(date!(2018 - 06 - 01), date!(2024 - 05 - 31)));
}

#[test]
fn the_letter_fills_known_fields_and_names_unknown_ones() {
    assert_eq!(
        unknown_fields("Dear {{name}}, {{nmae}} {{ decision }} {{nmae}}"),
        vec!["nmae"]
    );
    assert!(unknown_fields(letter::DEFAULT).is_empty());
    let out = fill("Dear {{ name }}: {{decision}}. {{", |f| f.to_uppercase());
    assert_eq!(out, "Dear NAME: DECISION. {{");
}

#[test]
fn iopc_rows_name_the_file_row_and_field() {
    let rows = vec![
        vec![
            "year".into(),
            "quarter".into(),
            "scope".into(),
            "measure".into(),
            "value".into(),
        ],
        vec![
            "2023-24".into(),
            "Q1".into(),
            "force".into(),
            "cases_logged".into(),
            "301".into(),
        ],
        vec![
            "2023".into(),
            "5".into(),
            "force".into(),
            "cases_logged".into(),
            "1".into(),
        ],
        vec![
            "2023".into(),
            "2".into(),
            "msf".into(),
            "allegation:nonsense".into(),
            "1".into(),
        ],
    ];
    let errors = iopc::read_rows("stats.csv", &rows).unwrap_err();
    assert!(
        errors[0].starts_with("stats.csv, row 3: quarter"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("stats.csv, row 4: measure"),
        "{errors:?}"
    );
    let ok = iopc::read_rows("stats.csv", &rows[..2]).unwrap();
    assert_eq!((ok[0].year, ok[0].quarter), (2023, 1));
    assert_eq!(ok[0].value, rust_decimal::Decimal::from(301));
}

#[test]
fn financial_years_start_in_april() {
    assert_eq!(financial_year(date!(2024 - 03 - 31)), 2023);
    assert_eq!(financial_year(date!(2024 - 04 - 01)), 2024);
    assert_eq!(year_label(2023), "2023-24");
    assert_eq!(year_label(2099), "2099-00");
}
