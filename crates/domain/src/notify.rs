//! E-mail notifications: why someone is told something, how they like to hear, what the
//! message says, and how long to wait before trying a failed send again.
//!
//! A message never carries casework: it names the reason and links to the page, where the
//! person signs in to read the rest. Each area adds its reasons as a [`Reason`] variant and a
//! scan in `opcc_store::notify::reasons`.

use crate::periods::{Period, PeriodKind};
use std::fmt;

/// Why someone is told something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A plan measure they own has no value for the last complete period.
    MeasureUpdateDue,
    /// A Panel member asked the office a question or made a recommendation.
    PanelQuestionAsked,
    /// The office published its response to their question.
    PanelResponsePublished,
    /// An action from a meeting passed its due date unfinished.
    ActionOverdue,
    /// A volunteer's vetting or training runs out within 60 days.
    VolunteerCheckExpiring,
}

impl Reason {
    pub const ALL: [Reason; 5] = [
        Reason::MeasureUpdateDue,
        Reason::PanelQuestionAsked,
        Reason::PanelResponsePublished,
        Reason::ActionOverdue,
        Reason::VolunteerCheckExpiring,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Reason::MeasureUpdateDue => "measure_update_due",
            Reason::PanelQuestionAsked => "panel_question_asked",
            Reason::PanelResponsePublished => "panel_response_published",
            Reason::ActionOverdue => "action_overdue",
            Reason::VolunteerCheckExpiring => "volunteer_check_expiring",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// How a person likes to hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preference {
    /// A message for each notice, as it happens.
    #[default]
    Each,
    /// One message a week with every notice since the last.
    Weekly,
    /// No e-mail (the pages still show what is due).
    None,
}

impl Preference {
    pub const ALL: [Preference; 3] = [Preference::Each, Preference::Weekly, Preference::None];

    pub fn key(self) -> &'static str {
        match self {
            Preference::Each => "each",
            Preference::Weekly => "weekly",
            Preference::None => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preference::Each => "An e-mail for each, as it happens",
            Preference::Weekly => "One e-mail a week listing them all",
            Preference::None => "No e-mails",
        }
    }

    pub fn parse(s: &str) -> Option<Preference> {
        Preference::ALL.into_iter().find(|p| p.key() == s)
    }
}

impl fmt::Display for Preference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One thing to tell one person: a line that names no casework, and a path on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub user_id: i64,
    pub reason: Reason,
    /// The same thing is told once: a second notice with this key is not made.
    pub dedupe_key: String,
    pub summary: String,
    /// A path on this site (`/admin/...`), made absolute with the service's public URL.
    pub link: String,
}

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// The message for some notices (one, or a week's digest), to someone named by the office.
pub fn compose(
    office: &str,
    base_url: &str,
    notices: &[(String, String)],
    digest: bool,
) -> Message {
    let base = base_url.trim_end_matches('/');
    let subject = match (digest, notices) {
        (false, [(summary, _)]) => format!("{office}: {summary}"),
        _ => format!(
            "{office}: {} things need your attention this week",
            notices.len()
        ),
    };
    let mut body = String::from("Hello,\n\n");
    body.push_str(if digest {
        "Here is what needed your attention this week:\n\n"
    } else {
        "Something needs your attention:\n\n"
    });
    for (summary, link) in notices {
        body.push_str(&format!("- {summary}\n  {base}{link}\n"));
    }
    body.push_str(&format!(
        "\nSign in to read the details: {base}/login\n\n\
         This message holds no case details; they are only on the site.\n\
         Choose which e-mails you get, or a weekly digest, at {base}/account/notifications\n"
    ));
    Message { subject, body }
}

/// How long to wait after the `attempts`-th failed send: 1 minute, doubling, at most 6 hours.
/// A message is never given up: an office's mail server may be down for a weekend.
pub fn retry_delay(attempts: u32) -> time::Duration {
    let minutes = 1i64 << attempts.saturating_sub(1).min(9);
    time::Duration::minutes(minutes.min(360))
}

/// Whether a weekly digest is due: never sent, or the last one a week or more ago.
pub fn digest_due(last: Option<time::OffsetDateTime>, now: time::OffsetDateTime) -> bool {
    last.is_none_or(|l| now - l >= time::Duration::days(7))
}

/// The period a measure of this frequency needs a value for today, if it has none yet: the
/// last complete period, within the plan's term (nothing before it starts; after it ends,
/// only its last period).
pub fn update_due(
    kind: PeriodKind,
    latest: Option<Period>,
    term_start: time::Date,
    term_end: time::Date,
    today: time::Date,
) -> Option<Period> {
    let expected = Period::last_complete(kind, today).min(Period::containing(kind, term_end));
    let started = expected >= Period::containing(kind, term_start);
    match latest {
        Some(p) if p >= expected => None,
        _ if !started => None,
        _ => Some(expected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn failed_sends_back_off_to_six_hours() {
        let m = |a| retry_delay(a).whole_minutes();
        assert_eq!([m(1), m(2), m(3), m(4)], [1, 2, 4, 8]);
        assert_eq!(m(9), 256);
        assert_eq!(m(10), 360);
        assert_eq!(m(1000), 360);
    }

    #[test]
    fn an_update_is_due_for_the_last_complete_period_within_the_term() {
        let k = PeriodKind::Month;
        let (s, e) = (date!(2024 - 04 - 01), date!(2028 - 03 - 31));
        let today = date!(2025 - 06 - 10);
        assert_eq!(
            update_due(k, None, s, e, today),
            Some(Period::month(2025, 5))
        );
        assert_eq!(
            update_due(k, Some(Period::month(2025, 4)), s, e, today),
            Some(Period::month(2025, 5))
        );
        assert_eq!(
            update_due(k, Some(Period::month(2025, 5)), s, e, today),
            None
        );
        // Before the term starts nothing is due; after it ends only the last period.
        assert_eq!(update_due(k, None, s, e, date!(2024 - 04 - 20)), None);
        assert_eq!(
            update_due(k, None, s, e, date!(2030 - 01 - 01)),
            Some(Period::month(2028, 3))
        );
    }

    #[test]
    fn messages_link_to_the_site_and_digests_list_everything() {
        let n = vec![(
            "A measure update is due".to_string(),
            "/admin/performance/p".to_string(),
        )];
        let m = compose("OPCC", "https://opcc.example/", &n, false);
        assert_eq!(m.subject, "OPCC: A measure update is due");
        assert!(m.body.contains("https://opcc.example/admin/performance/p"));
        assert!(m.body.contains("https://opcc.example/login"));
        let two = vec![
            n[0].clone(),
            ("A Panel question".into(), "/admin/plans/p".into()),
        ];
        let d = compose("OPCC", "https://opcc.example", &two, true);
        assert!(d.subject.contains("2 things"));
        assert!(d.body.contains("/admin/plans/p") && d.body.contains("/admin/performance/p"));
        assert!(digest_due(None, datetime!(2025-01-01 0:00 UTC)));
        assert!(!digest_due(
            Some(datetime!(2025-01-01 0:00 UTC)),
            datetime!(2025-01-07 23:00 UTC)
        ));
        assert!(digest_due(
            Some(datetime!(2025-01-01 0:00 UTC)),
            datetime!(2025-01-08 0:00 UTC)
        ));
    }
}
