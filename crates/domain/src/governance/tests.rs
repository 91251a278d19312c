use super::ical::{Event, calendar, escape};
use super::publication::{Frequency, ITEMS, Status, status};
use super::*;
use time::macros::{date, datetime};

#[test]
fn text_is_escaped_and_long_lines_fold_within_75_octets() {
    assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
    let e = Event {
        uid: "meeting-1@example.org".into(),
        stamp: datetime!(2024-06-01 09:00 UTC),
        start: datetime!(2024-06-13 10:00),
        end: datetime!(2024-06-13 12:00),
        summary: "Scrutiny Board".into(),
        // Multi-byte characters where a naive fold at 75 bytes would split them.
        description: "é".repeat(100),
        location: "Clemonds Hey, Winsford; Room 1".into(),
        url: None,
        cancelled: false,
    };
    let cal = calendar("Meetings", &[e]);
    assert!(cal.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !cal.replace("\r\n", "").contains('\n'),
        "every line ends CRLF"
    );
    for l in cal.split("\r\n") {
        assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
    }
    assert!(cal.contains("DTSTART;TZID=Europe/London:20240613T100000\r\n"));
    assert!(cal.contains("DTSTAMP:20240601T090000Z\r\n"));
    assert!(cal.contains("LOCATION:Clemonds Hey\\, Winsford\\; Room 1\r\n"));
    let unfolded = cal.replace("\r\n ", "");
    assert!(unfolded.contains(&format!("DESCRIPTION:{}\r\n", "é".repeat(100))));
}

#[test]
fn papers_must_be_what_their_names_say() {
    assert_eq!(
        document_type("minutes.pdf", b"%PDF-1.7 ...").unwrap(),
        "application/pdf"
    );
    assert!(document_type("minutes.pdf", b"PK\x03\x04").is_err());
    assert!(document_type("minutes.docx", b"%PDF-1.7").is_err());
    assert!(document_type("minutes.exe", b"MZ").is_err());
    assert!(document_type("empty.pdf", b"").is_err());
    let big = vec![b'%'; MAX_DOCUMENT_BYTES + 1];
    assert!(document_type("big.pdf", &big).unwrap_err().contains("5 MB"));
}

#[test]
fn decision_numbers_read_and_print_per_year() {
    let n = DecisionNumber::parse_slug("2024-007").unwrap();
    assert_eq!(n.to_string(), "2024/007");
    assert_eq!(n.slug(), "2024-007");
    assert!(DecisionNumber::parse_slug("2024-0").is_none());
    assert!(DecisionNumber::parse_slug("24-7").is_none());
    assert!(DecisionNumber::parse_slug("2024/007").is_none());
}

#[test]
fn questions_move_only_forward_through_moderation() {
    use QuestionStatus::*;
    assert!(Submitted.may_become(Accepted));
    assert!(Submitted.may_become(Rejected));
    assert!(
        !Submitted.may_become(Published),
        "never published unanswered"
    );
    assert!(!Rejected.may_become(Accepted));
    assert!(Answered.may_become(Published));
    assert!(!Published.may_become(Answered), "a published answer stays");
    let errs = NewQuestion::parse(" ", "not-an-email", "").unwrap_err();
    let fields: Vec<_> = errs.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["name", "email", "question"]);
}

#[test]
fn personal_data_is_kept_90_days_after_the_question_is_settled() {
    let d = date!(2024 - 01 - 01);
    assert!(!personal_data_expired(
        QuestionStatus::Published,
        Some(d),
        date!(2024 - 03 - 31)
    ));
    assert!(personal_data_expired(
        QuestionStatus::Published,
        Some(d),
        date!(2024 - 04 - 01)
    ));
    assert!(personal_data_expired(
        QuestionStatus::Rejected,
        Some(d),
        date!(2024 - 06 - 01)
    ));
    assert!(!personal_data_expired(
        QuestionStatus::Accepted,
        Some(d),
        date!(2025 - 01 - 01)
    ));
}

#[test]
fn rules_for_actions_inspections_and_risks() {
    assert!(action_overdue(
        "open",
        date!(2024 - 05 - 01),
        date!(2024 - 05 - 02)
    ));
    assert!(!action_overdue(
        "open",
        date!(2024 - 05 - 02),
        date!(2024 - 05 - 02)
    ));
    assert!(!action_overdue(
        "done",
        date!(2024 - 05 - 01),
        date!(2024 - 06 - 01)
    ));
    assert_eq!(response_due(date!(2025 - 02 - 14)), date!(2025 - 04 - 11));
    assert!(check_closure("closed", " ").is_err());
    assert!(check_closure("closed", "Audit of 50 cases, March 2025").is_ok());
    assert!(check_closure("done", "x").is_err());
    assert_eq!(risk_score(4, 5), Ok(20));
    assert!(risk_score(0, 3).is_err());
    assert_eq!(risk_rating(20), "High");
    assert_eq!(risk_rating(9), "Medium");
    assert_eq!(risk_rating(4), "Low");
}

#[test]
fn the_register_holds_every_item_of_the_order() {
    let codes: Vec<&str> = ITEMS.iter().map(|i| i.item).collect();
    for code in [
        "1", "2", "2A", "3", "4", "5", "6", "7", "7A", "7B", "7C", "8",
    ] {
        assert!(codes.contains(&code), "item {code} is in the register");
    }
    let today = date!(2024 - 06 - 15);
    assert_eq!(status(Frequency::Monthly, None, today).0, Status::Missing);
    assert_eq!(
        status(Frequency::Monthly, Some(date!(2024 - 06 - 01)), today).0,
        Status::Current
    );
    assert_eq!(
        status(Frequency::Monthly, Some(date!(2024 - 05 - 01)), today).0,
        Status::DueSoon
    );
    assert_eq!(
        status(Frequency::Monthly, Some(date!(2024 - 03 - 01)), today).0,
        Status::Overdue
    );
    assert_eq!(
        status(Frequency::Annually, Some(date!(2023 - 01 - 01)), today),
        (Status::Overdue, Some(date!(2024 - 01 - 01)))
    );
    assert_eq!(
        status(Frequency::WhenChanged, Some(date!(2015 - 01 - 01)), today).0,
        Status::Current
    );
}
