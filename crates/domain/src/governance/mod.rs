//! Governance: the bodies through which the Commissioner holds the Chief Constable to account
//! and is held to account, their meetings and papers, the decisions register, questions from
//! the public, actions from meetings, HMICFRS inspections, the joint risk register and the
//! statutory publication register (`publication`). The iCalendar feeds are written by hand
//! (`ical`). Rules only: time is passed in.

pub mod ical;
pub mod publication;
#[cfg(test)]
mod tests;

use serde::Serialize;
use time::{Date, Duration, PrimitiveDateTime};

/// Why a confidential item, paper or part of a decision is kept from the public: the
/// paragraphs of Schedule 12A to the Local Government Act 1972, which PCCs follow for their
/// meetings and decision notices.
pub const EXEMPTIONS: [(&str, &str); 7] = [
    ("12A-1", "Information relating to any individual"),
    (
        "12A-2",
        "Information likely to reveal the identity of an individual",
    ),
    (
        "12A-3",
        "Information relating to the financial or business affairs of any particular person",
    ),
    (
        "12A-4",
        "Information relating to consultations or negotiations in labour relations matters",
    ),
    (
        "12A-5",
        "Information in respect of which legal professional privilege could be maintained",
    ),
    (
        "12A-6",
        "Information revealing an intended notice, order or direction under an enactment",
    ),
    (
        "12A-7",
        "Information relating to the prevention, investigation or prosecution of crime",
    ),
];

/// An exemption's words, for the office's pages: "Schedule 12A, paragraph 3: ...".
pub fn exemption_label(code: &str) -> Option<String> {
    EXEMPTIONS.iter().find(|(c, _)| *c == code).map(|(c, l)| {
        format!(
            "Local Government Act 1972, Schedule 12A, paragraph {}: {l}",
            &c[4..]
        )
    })
}

/// Reads an exemption code from a form: empty is none, anything else must be a known one.
pub fn parse_exemption(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if EXEMPTIONS.iter().any(|(c, _)| *c == s) {
        Ok(Some(s.to_string()))
    } else {
        Err(format!(
            "exemption: {s:?} is not a paragraph of Schedule 12A"
        ))
    }
}

/// A meeting's start or end, as people there read the clock (Europe/London): "2024-06-13T10:00".
pub fn parse_local(s: &str) -> Result<PrimitiveDateTime, String> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    PrimitiveDateTime::parse(s.trim(), &fmt)
        .map_err(|_| format!("{s:?} is not a date and time like 2024-06-13T10:00"))
}

pub fn format_local(t: PrimitiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// "13 June 2024, 10am" / "10:30am".
pub fn long_local(t: PrimitiveDateTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    let hour12 = if h % 12 == 0 { 12 } else { h % 12 };
    let ampm = if h < 12 { "am" } else { "pm" };
    let clock = if m == 0 {
        format!("{hour12}{ampm}")
    } else {
        format!("{hour12}:{m:02}{ampm}")
    };
    format!("{}, {clock}", crate::finance::long_date(t.date()))
}

/// The largest paper or published document held: the same as the service's upload limit.
pub const MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// The kinds of file a paper may be, by extension, with the content type it is served as.
pub const DOCUMENT_TYPES: [(&str, &str); 6] = [
    ("pdf", "application/pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
];

/// A document's content type from its name, checked against its first bytes (a PDF starts
/// `%PDF-`, the Office and OpenDocument formats are zip files), so a renamed file is refused.
pub fn document_type(filename: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err(format!("{filename}: the file is empty"));
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "{filename}: the file is larger than 5 MB ({} bytes)",
            bytes.len()
        ));
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, ct)) = DOCUMENT_TYPES.iter().find(|(e, _)| *e == ext) else {
        return Err(format!(
            "{filename}: a paper must be a PDF or an Office or OpenDocument file (.pdf, .docx, \
             .xlsx, .pptx, .odt, .ods)"
        ));
    };
    let magic_ok = if ext == "pdf" {
        bytes.starts_with(b"%PDF-")
    } else {
        bytes.starts_with(b"PK\x03\x04")
    };
    if !magic_ok {
        return Err(format!(
            "{filename}: the file's contents are not a .{ext} file"
        ));
    }
    Ok(ct)
}

/// A decision notice's number: its year and its place in that year, "2024/007".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DecisionNumber {
    pub year: i32,
    pub number: i32,
}

impl std::fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{:03}", self.year, self.number)
    }
}

impl DecisionNumber {
    /// From a path: "2024-007" (a slash cannot be in a path segment).
    pub fn parse_slug(s: &str) -> Option<DecisionNumber> {
        let (y, n) = s.split_once('-')?;
        if y.len() != 4 || n.is_empty() || n.len() > 4 {
            return None;
        }
        Some(DecisionNumber {
            year: y.parse().ok()?,
            number: n.parse().ok().filter(|n: &i32| *n > 0)?,
        })
    }

    pub fn slug(&self) -> String {
        format!("{}-{:03}", self.year, self.number)
    }
}

/// A question from the public, as they submit it.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub name: String,
    pub email: String,
    pub question: String,
}

pub const MAX_QUESTION_CHARS: usize = 2000;

impl NewQuestion {
    /// Each error names its field.
    pub fn parse(
        name: &str,
        email: &str,
        question: &str,
    ) -> Result<NewQuestion, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let name = name.trim();
        let email = email.trim();
        let question = question.trim();
        if name.is_empty() {
            errors.push(("name", "Enter your name".to_string()));
        } else if name.chars().count() > 200 {
            errors.push((
                "name",
                "Your name must be 200 characters or fewer".to_string(),
            ));
        }
        if crate::accounts::Email::parse(email).is_err() {
            errors.push((
                "email",
                "Enter an email address in the correct format, like name@example.com".to_string(),
            ));
        }
        if question.is_empty() {
            errors.push(("question", "Enter your question".to_string()));
        } else if question.chars().count() > MAX_QUESTION_CHARS {
            errors.push((
                "question",
                format!("Your question must be {MAX_QUESTION_CHARS} characters or fewer"),
            ));
        }
        if errors.is_empty() {
            Ok(NewQuestion {
                name: name.to_string(),
                email: email.to_string(),
                question: question.to_string(),
            })
        } else {
            Err(errors)
        }
    }
}

/// Where a public question is on its way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Submitted,
    Accepted,
    Rejected,
    Answered,
    Published,
    /// Withdrawn by the Panel member who asked it, before the office took it up.
    Withdrawn,
}

impl QuestionStatus {
    pub fn parse(s: &str) -> Option<QuestionStatus> {
        Some(match s {
            "submitted" => QuestionStatus::Submitted,
            "accepted" => QuestionStatus::Accepted,
            "rejected" => QuestionStatus::Rejected,
            "answered" => QuestionStatus::Answered,
            "published" => QuestionStatus::Published,
            "withdrawn" => QuestionStatus::Withdrawn,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Submitted => "submitted",
            QuestionStatus::Accepted => "accepted",
            QuestionStatus::Rejected => "rejected",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Published => "published",
            QuestionStatus::Withdrawn => "withdrawn",
        }
    }

    /// As the submitter's private page says it.
    pub fn label(self) -> &'static str {
        match self {
            QuestionStatus::Submitted => "Received, waiting to be checked",
            QuestionStatus::Accepted => "Accepted for a meeting",
            QuestionStatus::Rejected => "Not accepted",
            QuestionStatus::Answered => "Answered, to be published",
            QuestionStatus::Published => "Answered and published",
            QuestionStatus::Withdrawn => "Withdrawn",
        }
    }

    /// The steps the office may take from here: moderation, then the answer, then publication.
    pub fn may_become(self, next: QuestionStatus) -> bool {
        use QuestionStatus::*;
        matches!(
            (self, next),
            (Submitted, Accepted)
                | (Submitted, Rejected)
                | (Accepted, Answered)
                | (Answered, Answered)
                | (Answered, Published)
        )
    }
}

/// How long the office keeps a submitter's name and email after the question is published or
/// rejected: long enough to answer a follow-up, no longer.
pub const QUESTION_PERSONAL_DATA_DAYS: i64 = 90;

/// Whether a submitter's name and email should now be erased.
pub fn personal_data_expired(
    status: QuestionStatus,
    decided_on: Option<Date>,
    today: Date,
) -> bool {
    matches!(
        status,
        QuestionStatus::Published | QuestionStatus::Rejected | QuestionStatus::Withdrawn
    ) && decided_on.is_some_and(|d| today - d > Duration::days(QUESTION_PERSONAL_DATA_DAYS))
}

/// An action from a meeting is overdue when it is still open after its due date.
pub fn action_overdue(status: &str, due_on: Date, today: Date) -> bool {
    status == "open" && due_on < today
}

pub const ACTION_STATUSES: [&str; 3] = ["open", "done", "dropped"];

/// The Police Act 1996 (section 55) gives the Commissioner 56 days from an HMICFRS report's
/// publication to publish comments on it.
pub const RESPONSE_DAYS: i64 = 56;

pub fn response_due(published_on: Date) -> Date {
    published_on + Duration::days(RESPONSE_DAYS)
}

/// PEEL's grades, best first.
pub const PEEL_GRADES: [&str; 5] = [
    "Outstanding",
    "Good",
    "Adequate",
    "Requires improvement",
    "Inadequate",
];

pub const FINDING_KINDS: [(&str, &str); 3] = [
    ("cause_of_concern", "Cause of concern"),
    ("afi", "Area for improvement"),
    ("recommendation", "Recommendation"),
];

pub fn finding_kind_label(kind: &str) -> &'static str {
    FINDING_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("Finding")
}

pub const FINDING_STATUSES: [(&str, &str); 3] = [
    ("open", "Open"),
    ("in_progress", "In progress"),
    ("closed", "Closed"),
];

/// A recommendation is closed only with the evidence that it was met.
pub fn check_closure(status: &str, evidence: &str) -> Result<(), String> {
    if !FINDING_STATUSES.iter().any(|(s, _)| *s == status) {
        return Err(format!("status: {status:?} is not a finding's status"));
    }
    if status == "closed" && evidence.trim().is_empty() {
        return Err("evidence: a finding is closed only with the evidence that it was met".into());
    }
    Ok(())
}

/// A risk's score: likelihood times impact, each 1 to 5.
pub fn risk_score(likelihood: i64, impact: i64) -> Result<i64, String> {
    for (name, v) in [("likelihood", likelihood), ("impact", impact)] {
        if !(1..=5).contains(&v) {
            return Err(format!("{name}: {v} is not between 1 and 5"));
        }
    }
    Ok(likelihood * impact)
}

/// The usual bands of a 5 x 5 matrix.
pub fn risk_rating(score: i64) -> &'static str {
    match score {
        15.. => "High",
        8..=14 => "Medium",
        _ => "Low",
    }
}

pub const TRENDS: [(&str, &str); 3] = [
    ("rising", "Rising"),
    ("steady", "Steady"),
    ("falling", "Falling"),
];
