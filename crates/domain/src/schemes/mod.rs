//! Volunteer scrutiny schemes: one model for every scheme's visits and audits. A report holds
//! observations against its scheme's checklist (a detainee by custody record number, a call
//! as 999 or 101, a dog by the force's identifier on a check sheet) and findings that the force
//! answers and the office closes. The out-of-court resolution panel's list, draw and outcomes
//! are in `oocr` and `draw`; the statistics published each year in `stats`.
//!
//! Detainees are never named: what identifies one is a custody record number, which holds
//! digits and no spaces, and free text about a detainee is refused when it reads like a name.

pub mod draw;
pub mod expenses;
pub mod oocr;
pub mod rota;
pub mod stats;

use time::Date;

/// The kinds of scheme, as `sch_schemes.kind` holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Custody,
    Calls,
    Dogs,
    Engagement,
    Panel,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "custody" => Kind::Custody,
            "calls" => Kind::Calls,
            "dogs" => Kind::Dogs,
            "engagement" => Kind::Engagement,
            "panel" => Kind::Panel,
            _ => return None,
        })
    }

    /// What one observation of this scheme is about, as a form labels it.
    pub fn subject_label(self) -> &'static str {
        match self {
            Kind::Custody => "Custody record number",
            Kind::Calls => "Call reference",
            Kind::Dogs => "Dog's force identifier",
            Kind::Engagement | Kind::Panel => "Reference",
        }
    }

    /// The scheme's structured checklist: (key, question).
    pub fn checklist(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Custody => &[
                (
                    "rights",
                    "Rights: told of their rights and given the notice",
                ),
                (
                    "entitlements",
                    "Entitlements: food, drink, exercise, reading",
                ),
                (
                    "health",
                    "Health and wellbeing: medical needs met, checks recorded",
                ),
                ("conditions", "Conditions: cell clean, warm and safe"),
            ],
            Kind::Calls => &[
                ("greeting", "The call was answered promptly and politely"),
                ("needs", "The caller's needs and any risk were identified"),
                ("advice", "The caller was told what would happen next"),
                ("recording", "The call was recorded and graded correctly"),
            ],
            Kind::Dogs => &[
                ("housing", "Housing: clean, dry, room to move"),
                ("health", "Health: condition, food and water"),
                ("handling", "Handling and training: appropriate and kind"),
            ],
            Kind::Engagement | Kind::Panel => &[],
        }
    }
}

/// An answer to a checklist question.
pub const ANSWERS: [(&str, &str); 3] = [
    ("met", "Met"),
    ("concern", "Concern"),
    ("not_seen", "Not seen"),
];

/// Whether a detainee was offered a visit, visited, or declined.
pub const VISITS: [(&str, &str); 3] = [
    ("visited", "Visited"),
    ("offered", "Offered a visit"),
    ("declined", "Declined"),
];

pub const CALL_TYPES: [(&str, &str); 2] =
    [("999", "Emergency (999)"), ("101", "Non-emergency (101)")];

/// The dog welfare visitors' check sheets.
pub const SHEETS: [(&str, &str); 3] = [
    ("kennel", "Kennel"),
    ("vehicle", "Vehicle"),
    ("out_of_kennel", "Out of kennel"),
];

/// The label of a code in one of the lists above.
pub fn label(list: &[(&'static str, &'static str)], code: &str) -> &'static str {
    list.iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// The force answers a finding within 28 days of it being raised.
pub const RESPONSE_DAYS: i64 = 28;

pub fn finding_due(raised: Date) -> Date {
    raised + time::Duration::days(RESPONSE_DAYS)
}

/// A finding is overdue while the force has not answered it and its day has passed.
pub fn finding_overdue(status: &str, due: Date, today: Date) -> bool {
    status == "open" && today > due
}

/// A custody record number, a call reference or a dog's identifier: 3 to 24 letters, digits,
/// `/` or `-`, at least one of them a digit. A name has no digits, so it cannot pass.
pub fn parse_subject(kind: Kind, s: &str) -> Result<String, String> {
    let s = s.trim();
    let label = kind.subject_label().to_lowercase();
    let ok = (3..=24).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '-')
        && s.chars().any(|c| c.is_ascii_digit());
    if ok {
        Ok(s.to_uppercase())
    } else if s.is_empty() {
        Err(format!("Enter the {label}"))
    } else {
        Err(format!(
            "Enter the {label} as the force writes it, like 06MW/01234/24: letters, digits, / and - with at least one digit, and never a name"
        ))
    }
}

/// Words that introduce a person's name. Free text about a detainee or a finding is refused
/// when it holds one, or a title followed by a capitalised word: custody record numbers
/// identify people here, names never do.
const NAME_CUES: [&str; 6] = [
    "name is",
    "named",
    "called ",
    "detainee name",
    "surname",
    "forename",
];
const TITLES: [&str; 6] = ["mr", "mrs", "ms", "miss", "mx", "dr"];

/// Free text checked for a name: `Ok` with the text trimmed, or the message for the field.
pub fn no_names(field: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let cue = NAME_CUES.iter().any(|c| lower.contains(c));
    let words: Vec<&str> = t.split_whitespace().collect();
    let titled = words.windows(2).any(|w| {
        let title = w[0].trim_end_matches('.').to_lowercase();
        TITLES.contains(&title.as_str()) && w[1].chars().next().is_some_and(char::is_uppercase)
    });
    if cue || titled {
        return Err(format!(
            "{field}: remove the name. Refer to a detainee by custody record number only"
        ));
    }
    if t.len() > 2000 {
        return Err(format!("{field}: keep it to 2,000 characters"));
    }
    Ok(t.to_string())
}

/// A time of day typed as 14:30.
pub fn parse_time(s: &str) -> Result<String, String> {
    let s = s.trim();
    let ok = s.len() == 5
        && s.as_bytes()[2] == b':'
        && s[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && s[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(s.to_string())
    } else {
        Err("Enter the time you arrived like 14:30".into())
    }
}

/// Whether a volunteer's vetting or training runs out within `days` of today (or has).
pub fn expires_within(expires: Option<Date>, today: Date, days: i64) -> bool {
    expires.is_some_and(|d| d <= today + time::Duration::days(days))
}

/// Warned of 60 days before vetting or training runs out.
pub const EXPIRY_WARNING_DAYS: i64 = 60;

/// Volunteers' personal data is kept this long after they leave; reports, observations and
/// findings this long after the visit.
pub const KEEP_YEARS: i32 = 6;

/// The force's case lists, case summaries and members' views: this long after the panel met.
pub const PANEL_KEEP_YEARS: i32 = 2;

/// An application that did not lead to a volunteer: this long after it was decided.
pub const APPLICATION_KEEP_YEARS: i32 = 1;

/// `years` after `d` (29 February goes to 28 February in a year without one).
pub fn years_after(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), 28))
        .expect("the 28th exists in every month")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_name_is_never_a_custody_record_number() {
        assert_eq!(
            parse_subject(Kind::Custody, " 06mw/01234/24 ").unwrap(),
            "06MW/01234/24"
        );
        for bad in ["John Smith", "Smith", "", "ab", "06MW 1234", "O'Brien-1 x"] {
            assert!(parse_subject(Kind::Custody, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn free_text_with_a_name_is_refused() {
        for bad in [
            "Detainee name is John",
            "Mr Smith asked for a blanket",
            "spoke to mrs. Jones",
            "he is called Dave",
        ] {
            assert!(no_names("note", bad).is_err(), "{bad}");
        }
        assert_eq!(
            no_names("note", " Asked for a blanket; given one. ").unwrap(),
            "Asked for a blanket; given one."
        );
        assert!(no_names("note", "Custody Sergeant was helpful").is_ok());
    }

    #[test]
    fn findings_fall_due_after_28_days_and_are_overdue_only_while_open() {
        let due = finding_due(date!(2024 - 03 - 01));
        assert_eq!(due, date!(2024 - 03 - 29));
        assert!(!finding_overdue("open", due, date!(2024 - 03 - 29)));
        assert!(finding_overdue("open", due, date!(2024 - 03 - 30)));
        assert!(!finding_overdue("responded", due, date!(2024 - 04 - 30)));
    }

    #[test]
    fn times_and_expiry() {
        assert!(parse_time("23:59").is_ok() && parse_time("24:00").is_err());
        let today = date!(2024 - 03 - 01);
        assert!(expires_within(Some(date!(2024 - 04 - 30)), today, 60));
        assert!(!expires_within(Some(date!(2024 - 05 - 01)), today, 60));
        assert!(!expires_within(None, today, 60));
    }
}
