//! Citizens' assemblies: an assembly's details, a volunteer's registration and the retention
//! of volunteers' contact details. The selection itself is `opcc_sortition`'s.

use std::collections::BTreeMap;

use crate::force_area::check_gss;
use time::Date;

/// Contact details of volunteers not selected are erased this many days after the selection.
pub const NOT_SELECTED_CONTACT_DAYS: i64 = 30;
/// Members' (and replacements') contact details are erased this many days after the
/// assembly's last session (or its selection, when it has no sessions).
pub const MEMBER_CONTACT_DAYS: i64 = 90;
/// An assembly that is never selected (postponed, or called off) keeps its volunteers' contact
/// details this many days after recruitment closes: long enough to select late, not for ever.
pub const NOT_DRAWN_CONTACT_DAYS: i64 = 180;
pub const MAX_TEXT: usize = 2_000;

/// Whether a volunteer's contact details are past keeping on `today`. `selected_on` is the day
/// of the selection the volunteer was in (`member` if chosen or a replacement); `None` if no
/// selection included them, when the count runs from the close of recruitment.
pub fn contact_expired(
    today: Date,
    recruitment_closes: Date,
    selected_on: Option<Date>,
    member: bool,
    last_session: Option<Date>,
) -> bool {
    let (from, days) = match selected_on {
        None => (recruitment_closes, NOT_DRAWN_CONTACT_DAYS),
        Some(selected_on) if member => (
            last_session.unwrap_or(selected_on).max(selected_on),
            MEMBER_CONTACT_DAYS,
        ),
        Some(selected_on) => (selected_on, NOT_SELECTED_CONTACT_DAYS),
    };
    today > from + time::Duration::days(days)
}

type Errors = Vec<(&'static str, String)>;

fn text(
    errors: &mut Errors,
    field: &'static str,
    label: &str,
    value: &str,
    required: bool,
) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.push((field, format!("Enter {label}")));
    } else if v.chars().count() > MAX_TEXT {
        errors.push((
            field,
            format!(
                "{} must be {MAX_TEXT} characters or fewer",
                capitalise(label)
            ),
        ));
    }
    v.to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub fn parse_day(
    errors: &mut Errors,
    field: &'static str,
    label: &str,
    value: &str,
) -> Option<Date> {
    let parsed = Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok();
    if parsed.is_none() {
        errors.push((
            field,
            format!("Enter {label} as a real date, like 2025-06-14"),
        ));
    }
    parsed
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssembly {
    pub slug: String,
    pub title: String,
    pub area_code: String,
    pub place: String,
    pub summary: String,
    pub panel_size: u32,
    pub recruitment_opens: Date,
    pub recruitment_closes: Date,
}

impl NewAssembly {
    /// Each error names its field. The area is a local authority's GSS code.
    pub fn parse(
        title: &str,
        area_code: &str,
        place: &str,
        summary: &str,
        panel_size: &str,
        opens: &str,
        closes: &str,
    ) -> Result<Self, Errors> {
        let mut errors = Vec::new();
        let title = text(&mut errors, "title", "a title", title, true);
        let place = text(&mut errors, "place", "the place", place, true);
        let summary = text(&mut errors, "summary", "a summary", summary, false);
        let area_code = area_code.trim().to_ascii_uppercase();
        if check_gss(
            "area_code",
            &area_code,
            &["E06", "E07", "E08", "E09", "W06"],
            "a local authority",
        )
        .is_err()
        {
            errors.push((
                "area_code",
                "Enter the local authority's ONS code, like E06000049".into(),
            ));
        }
        let panel_size = match panel_size.trim().parse::<u32>() {
            Ok(n) if (1..=opcc_max_panel()).contains(&n) => n,
            _ => {
                errors.push((
                    "panel_size",
                    format!(
                        "Enter the panel size as a whole number from 1 to {}",
                        opcc_max_panel()
                    ),
                ));
                0
            }
        };
        let opens = parse_day(
            &mut errors,
            "recruitment_opens",
            "the day recruitment opens",
            opens,
        );
        let closes = parse_day(
            &mut errors,
            "recruitment_closes",
            "the day recruitment closes",
            closes,
        );
        if let (Some(o), Some(c)) = (opens, closes)
            && c < o
        {
            errors.push((
                "recruitment_closes",
                "Recruitment must close on or after the day it opens".into(),
            ));
        }
        let slug = crate::plans::keys::from_title(&title);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            slug,
            title,
            area_code,
            place,
            summary,
            panel_size,
            recruitment_opens: opens.expect("checked"),
            recruitment_closes: closes.expect("checked"),
        })
    }
}

/// Panels above this are refused (the solver's own bound).
const fn opcc_max_panel() -> u32 {
    1_000
}

/// A volunteer's registration: contact details, one feature per quota category, consent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub features: BTreeMap<String, String>,
}

impl NewRegistration {
    /// `categories` are the assembly's quota categories with their features; `answers` what
    /// the form sent for each category. Each error names its field (`feature-N` for the N-th
    /// category).
    pub fn parse(
        name: &str,
        email: &str,
        phone: &str,
        consent: bool,
        categories: &[(String, Vec<String>)],
        answers: &[String],
    ) -> Result<Self, Errors> {
        let mut errors = Vec::new();
        let name = text(&mut errors, "name", "your name", name, true);
        let email = email.trim().to_string();
        if crate::accounts::Email::parse(&email).is_err() {
            errors.push((
                "email",
                "Enter an email address in the correct format, like name@example.com".into(),
            ));
        }
        let phone = phone.trim().to_string();
        if phone.chars().count() > 30
            || !phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +()-".contains(c))
        {
            errors.push((
                "phone",
                "Enter a telephone number, like 01234 567890, or leave it blank".into(),
            ));
        }
        let mut features = BTreeMap::new();
        for (i, (category, options)) in categories.iter().enumerate() {
            let answer = answers.get(i).map(|a| a.trim()).unwrap_or("");
            if options.iter().any(|o| o == answer) {
                features.insert(category.clone(), answer.to_string());
            } else {
                errors.push((
                    FEATURE_FIELDS.get(i).copied().unwrap_or("feature"),
                    format!("Select your {category}"),
                ));
            }
        }
        if !consent {
            errors.push((
                "consent",
                "Confirm that you agree to how we use your details".into(),
            ));
        }
        if errors.is_empty() {
            Ok(Self {
                name,
                email,
                phone,
                features,
            })
        } else {
            Err(errors)
        }
    }
}

/// The form's field names for the categories, in order (an assembly has at most this many).
pub const FEATURE_FIELDS: [&str; 8] = [
    "feature-0",
    "feature-1",
    "feature-2",
    "feature-3",
    "feature-4",
    "feature-5",
    "feature-6",
    "feature-7",
];

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn contact_details_are_kept_by_the_rule() {
        let closes = date!(2025 - 02 - 15);
        let selected = Some(date!(2025 - 03 - 01));
        let expired =
            |today, selected, member, last| contact_expired(today, closes, selected, member, last);
        // Not selected: 30 days after the selection.
        assert!(!expired(date!(2025 - 03 - 31), selected, false, None));
        assert!(expired(date!(2025 - 04 - 01), selected, false, None));
        // Members: 90 days after the last session.
        let last = Some(date!(2025 - 06 - 01));
        assert!(!expired(date!(2025 - 08 - 30), selected, true, last));
        assert!(expired(date!(2025 - 08 - 31), selected, true, last));
        // Never selected: 180 days after recruitment closed, not for ever.
        assert!(!expired(date!(2025 - 08 - 14), None, false, None));
        assert!(expired(date!(2025 - 08 - 15), None, false, None));
    }

    #[test]
    fn a_registration_needs_every_feature_and_consent() {
        let cats = vec![(
            "age".to_string(),
            vec!["16-29".to_string(), "30-44".to_string()],
        )];
        let err = NewRegistration::parse("A", "a@example.org", "", false, &cats, &["70+".into()])
            .unwrap_err();
        let fields: Vec<_> = err.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["feature-0", "consent"]);
        let ok = NewRegistration::parse(
            "A",
            "a@example.org",
            "01270 000000",
            true,
            &cats,
            &["30-44".into()],
        )
        .unwrap();
        assert_eq!(ok.features["age"], "30-44");
    }

    #[test]
    fn an_assembly_names_a_local_authority() {
        let err = NewAssembly::parse(
            "T",
            "E23000006",
            "Crewe",
            "",
            "30",
            "2025-01-01",
            "2024-12-01",
        )
        .unwrap_err();
        let fields: Vec<_> = err.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["area_code", "recruitment_closes"]);
        let ok = NewAssembly::parse(
            "Crewe assembly",
            "e06000049",
            "Crewe",
            "",
            "30",
            "2025-01-01",
            "2025-02-01",
        )
        .unwrap();
        assert_eq!(
            (ok.slug.as_str(), ok.area_code.as_str()),
            ("crewe-assembly", "E06000049")
        );
    }
}
