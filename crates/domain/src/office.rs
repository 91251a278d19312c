//! How the public reaches the office: what the contact page shows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeContact {
    /// "Office of the Police and Crime Commissioner for Cheshire".
    #[serde(default)]
    pub name: String,
    /// Postal address, one line per line.
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub website: String,
}

impl OfficeContact {
    /// Each field's problem, by field name, for the form.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push(("name", "Enter the office's name".to_string()));
        }
        if !self.email.trim().is_empty() && crate::accounts::Email::parse(&self.email).is_err() {
            out.push((
                "email",
                "Enter an email address in the correct format, like name@example.org".to_string(),
            ));
        }
        if !self.website.trim().is_empty() && !self.website.trim().starts_with("https://") {
            out.push((
                "website",
                "Enter the website's full address, starting https://".to_string(),
            ));
        }
        for (field, v, max) in [
            ("name", &self.name, 200),
            ("address", &self.address, 500),
            ("email", &self.email, 254),
            ("phone", &self.phone, 40),
            ("website", &self.website, 300),
        ] {
            if v.chars().count() > max {
                out.push((field, format!("Must be {max} characters or fewer")));
            }
        }
        out
    }

    /// The address, a line at a time.
    pub fn address_lines(&self) -> Vec<&str> {
        self.address
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_is_checked_field_by_field() {
        let ok = OfficeContact {
            name: "Office of the Police and Crime Commissioner".into(),
            email: "pcc@example.org".into(),
            website: "https://example.org".into(),
            ..Default::default()
        };
        assert!(ok.problems().is_empty());
        let bad = OfficeContact {
            name: " ".into(),
            email: "not an email".into(),
            website: "example.org".into(),
            ..Default::default()
        };
        let fields: Vec<&str> = bad.problems().iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "email", "website"]);
    }
}
