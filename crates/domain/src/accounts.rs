//! Who may use the service, and the rules their credentials must meet.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A signed-in user's role. The anonymous public has no role: see [`Audience`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    /// OPCC staff.
    Staff,
    /// A Police & Crime Panel member.
    Panel,
    /// A volunteer: custody visitor, call auditor, dog welfare visitor.
    Volunteer,
    /// A commissioned provider or grant applicant.
    Provider,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Staff,
        Role::Panel,
        Role::Volunteer,
        Role::Provider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Panel => "panel",
            Role::Volunteer => "volunteer",
            Role::Provider => "provider",
        }
    }

    /// Administrators always need a second factor; staff when the office says so
    /// (`staff_required`, an admin's setting); others never.
    pub fn requires_second_factor(self, staff_required: bool) -> bool {
        match self {
            Role::Admin => true,
            Role::Staff => staff_required,
            Role::Panel | Role::Volunteer | Role::Provider => false,
        }
    }

    /// How the role is named to people, on pages and in the audit log.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Staff => "OPCC staff",
            Role::Panel => "Police and Crime Panel member",
            Role::Volunteer => "Volunteer",
            Role::Provider => "Provider or applicant",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown role {0:?}: expected one of admin, staff, panel, volunteer, provider")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

/// Who is asking: the anonymous public, or a signed-in user with a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    Public,
    User(Role),
}

impl Audience {
    pub const ALL: [Audience; 6] = [
        Audience::Public,
        Audience::User(Role::Admin),
        Audience::User(Role::Staff),
        Audience::User(Role::Panel),
        Audience::User(Role::Volunteer),
        Audience::User(Role::Provider),
    ];
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Public => f.write_str("public"),
            Audience::User(r) => r.fmt(f),
        }
    }
}

/// An email address, trimmed and lower-cased so that sign-in is case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("Enter an email address in the correct format, like name@example.org")]
    Format,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(EmailError::Empty);
        }
        let (local, domain) = s.split_once('@').ok_or(EmailError::Format)?;
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Email(s))
        } else {
            Err(EmailError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = EmailError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Length is what makes a password strong (NCSC guidance); we ask for 12 characters and refuse
/// only what is guessed first (a common password, a repeat or a run), never asking for digits or
/// symbols, so people can use passphrases.
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    #[error("Password must be {MIN_PASSWORD_CHARS} characters or more")]
    TooShort,
    #[error("Password must be {MAX_PASSWORD_CHARS} characters or fewer")]
    TooLong,
    #[error("Password is too easy to guess: it is one of the most common passwords")]
    Common,
    #[error("Password is too easy to guess: it repeats characters or runs in sequence")]
    Patterned,
}

pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else if crate::security::common_passwords::is_common(password) {
        Err(PasswordError::Common)
    } else if crate::security::common_passwords::is_patterned(password) {
        Err(PasswordError::Patterned)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("STAFF".parse::<Role>(), Ok(Role::Staff));
        assert!("superuser".parse::<Role>().is_err());
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Clerk@Cheshire-PCC.gov.uk ")
                .unwrap()
                .as_str(),
            "clerk@cheshire-pcc.gov.uk"
        );
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in [
            "no-at-sign",
            "a@b",
            "@x.org",
            "a@.org",
            "a b@x.org",
            "a@x.org.",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Format), "{bad}");
        }
    }

    #[test]
    fn passwords_are_judged_by_length() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("correct horse battery"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(257)),
            Err(PasswordError::TooLong)
        );
        assert_eq!(
            check_new_password("aaaaaaaaaaaa"),
            Err(PasswordError::Patterned)
        );
        assert_eq!(
            check_new_password("password1234"),
            Err(PasswordError::Common)
        );
    }

    proptest! {
        #[test]
        fn a_parsed_email_parses_to_itself(s in "[a-zA-Z0-9._%+-]{1,20}@[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let e = Email::parse(&s).unwrap();
            prop_assert_eq!(Email::parse(e.as_str()).unwrap(), e.clone());
            prop_assert_eq!(e.as_str(), s.to_lowercase());
        }

        #[test]
        fn email_parsing_never_panics(s in "\\PC*") {
            let _ = Email::parse(&s);
        }
    }
}
