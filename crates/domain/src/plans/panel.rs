//! The Police and Crime Panel's part in a plan: a Panel member's question or recommendation
//! on the plan as a whole, one commitment or one measure, checked once at the edge.

pub use super::PanelKind;

/// Long enough for a considered recommendation, short enough to read on a plan's page.
pub const MAX_CHARS: usize = 5000;

/// What a question or recommendation is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Plan,
    Commitment(String),
    Measure(String),
}

impl Subject {
    /// From a form's choice: "plan", "commitment:KEY" or "measure:KEY".
    pub fn parse(s: &str) -> Result<Subject, String> {
        match s.split_once(':') {
            None if s == "plan" => Ok(Subject::Plan),
            Some(("commitment", k)) if super::file::is_key(k) => Ok(Subject::Commitment(k.into())),
            Some(("measure", k)) if super::file::is_key(k) => Ok(Subject::Measure(k.into())),
            _ => Err("Choose what your question or recommendation is about".into()),
        }
    }

    pub fn commitment(&self) -> Option<&str> {
        match self {
            Subject::Commitment(k) => Some(k),
            _ => None,
        }
    }

    pub fn measure(&self) -> Option<&str> {
        match self {
            Subject::Measure(k) => Some(k),
            _ => None,
        }
    }
}

/// The text as kept: trimmed, not empty, not over [`MAX_CHARS`].
pub fn text(s: &str, what: &str) -> Result<String, String> {
    let t = s.trim();
    if t.is_empty() {
        Err(format!("Enter the {what}"))
    } else if t.chars().count() > MAX_CHARS {
        Err(format!(
            "The {what} must be {MAX_CHARS} characters or fewer"
        ))
    } else {
        Ok(t.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_parse_from_the_forms_choice() {
        assert_eq!(Subject::parse("plan"), Ok(Subject::Plan));
        assert_eq!(
            Subject::parse("commitment:victims-board"),
            Ok(Subject::Commitment("victims-board".into()))
        );
        assert_eq!(
            Subject::parse("measure:nm-homicide"),
            Ok(Subject::Measure("nm-homicide".into()))
        );
        assert!(Subject::parse("commitment:").is_err());
        assert!(Subject::parse("item:x").is_err());
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(text("  Why?  ", "question"), Ok("Why?".into()));
        assert_eq!(text(" ", "question"), Err("Enter the question".into()));
        assert!(text(&"a".repeat(MAX_CHARS + 1), "question").is_err());
    }
}
