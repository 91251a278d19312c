//! Errors found in a submitted form, shown as a GOV.UK error summary and beside each field.

#[derive(Debug, Default, Clone)]
pub struct FormErrors(Vec<(String, String)>);

impl FormErrors {
    /// `field` is the id of the input the message is about; the summary links to it.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn list(&self) -> &[(String, String)] {
        &self.0
    }

    /// A form shown again with errors is 422, so that tests and tools can tell it from success.
    pub fn status(&self) -> axum::http::StatusCode {
        if self.is_empty() {
            axum::http::StatusCode::OK
        } else {
            axum::http::StatusCode::UNPROCESSABLE_ENTITY
        }
    }

    /// GOV.UK asks for "Error: " before the page title when a form has errors, so that screen
    /// reader users hear it first.
    pub fn title(&self, title: impl std::fmt::Display) -> String {
        if self.is_empty() {
            title.to_string()
        } else {
            format!("Error: {title}")
        }
    }
}

/// A date as the GOV.UK date input holds it: three boxes, kept as typed so that a form shown
/// again with errors gives people back what they wrote.
#[derive(Debug, Default, Clone)]
pub struct DateValue {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateValue {
    pub fn of(d: opcc_domain::plans::file::Day) -> DateValue {
        DateValue {
            day: d.0.day().to_string(),
            month: (d.0.month() as u8).to_string(),
            year: d.0.year().to_string(),
        }
    }

    /// The boxes `{field}-day`, `{field}-month` and `{field}-year` of a submitted form; a
    /// single `{field}` in ISO form (as scripts and the API send) fills them when they are
    /// absent.
    pub fn from_form(fields: &std::collections::HashMap<String, String>, field: &str) -> DateValue {
        let get = |part: &str| {
            fields
                .get(&format!("{field}-{part}"))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let v = DateValue {
            day: get("day"),
            month: get("month"),
            year: get("year"),
        };
        match fields.get(field).map(|s| s.trim()) {
            Some(iso) if v.is_blank() && !iso.is_empty() => {
                opcc_domain::plans::file::Day::parse(iso)
                    .map(DateValue::of)
                    .unwrap_or(DateValue {
                        day: iso.to_string(),
                        ..Default::default()
                    })
            }
            _ => v,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.day.is_empty() && self.month.is_empty() && self.year.is_empty()
    }

    /// The day, or the GOV.UK message for what is wrong, naming the date by `label`
    /// ("The date of the change").
    pub fn parse(&self, label: &str) -> Result<opcc_domain::plans::file::Day, String> {
        let missing: Vec<&str> = [
            ("day", &self.day),
            ("month", &self.month),
            ("year", &self.year),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| n)
        .collect();
        if missing.len() == 3 {
            return Err(format!("Enter {}", lower_first(label)));
        }
        if !missing.is_empty() {
            return Err(format!("{label} must include a {}", missing.join(" and ")));
        }
        let n = |s: &str| s.parse::<u16>().ok();
        let month = n(&self.month)
            .and_then(|m| u8::try_from(m).ok())
            .and_then(|m| time::Month::try_from(m).ok());
        match (n(&self.day), month, n(&self.year)) {
            (Some(d), Some(m), Some(y)) if (1000..=9999).contains(&y) => {
                time::Date::from_calendar_date(i32::from(y), m, d as u8)
                    .ok()
                    .filter(|_| d <= 31)
                    .map(opcc_domain::plans::file::Day)
                    .ok_or_else(|| format!("{label} must be a real date"))
            }
            (_, _, Some(y)) if !(1000..=9999).contains(&y) => {
                Err("The year must include 4 numbers, like 2025".to_string())
            }
            _ => Err(format!("{label} must be a real date")),
        }
    }
}

/// A clock time typed as "18:00" or "9:30", on `day`; the message names it by `what`
/// ("the event starts").
pub fn time_on(
    day: time::Date,
    clock: &str,
    what: &str,
) -> Result<time::PrimitiveDateTime, String> {
    let clock = clock.trim();
    let bad = || {
        if clock.is_empty() {
            format!("Enter the time {what}, like 18:00")
        } else {
            format!("The time {what} must be like 18:00, not {clock:?}")
        }
    };
    let (h, m) = clock.split_once(':').ok_or_else(bad)?;
    let (h, m) = (
        h.parse::<u8>().map_err(|_| bad())?,
        m.parse::<u8>().map_err(|_| bad())?,
    );
    let t = time::Time::from_hms(h, m, 0).map_err(|_| bad())?;
    Ok(time::PrimitiveDateTime::new(day, t))
}

/// A store refusal ("field: what is wrong") as a GOV.UK message: the field's name dropped,
/// the first letter a capital.
pub fn store_message(refusal: &str) -> (&str, String) {
    let (field, m) = refusal.split_once(": ").unwrap_or(("", refusal));
    let mut c = m.chars();
    let m = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    };
    (field, m)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

impl FormErrors {
    /// Reads a date input into a day, adding its error (at `field`, the day box's id) when
    /// it is wrong, or blank and `required`.
    pub fn date(
        &mut self,
        field: &str,
        label: &str,
        value: &DateValue,
        required: bool,
    ) -> Option<opcc_domain::plans::file::Day> {
        if value.is_blank() && !required {
            return None;
        }
        match value.parse(label) {
            Ok(d) => Some(d),
            Err(m) => {
                self.add(field, m);
                None
            }
        }
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;
    use std::collections::HashMap;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn dates_are_read_from_three_boxes_or_one_iso_field() {
        let f = form(&[
            ("date-day", "1"),
            ("date-month", "4"),
            ("date-year", "2024"),
        ]);
        let v = DateValue::from_form(&f, "date");
        assert_eq!(v.parse("The date").unwrap().long(), "1 April 2024");
        let iso = DateValue::from_form(&form(&[("date", "2024-04-01")]), "date");
        assert_eq!(iso.parse("The date").unwrap().to_string(), "2024-04-01");
    }

    #[test]
    fn a_wrong_date_says_what_is_wrong() {
        let v = |d: &str, m: &str, y: &str| DateValue {
            day: d.into(),
            month: m.into(),
            year: y.into(),
        };
        assert_eq!(
            v("", "", "").parse("The date of the change").unwrap_err(),
            "Enter the date of the change"
        );
        assert_eq!(
            v("1", "", "2024").parse("The date").unwrap_err(),
            "The date must include a month"
        );
        assert_eq!(
            v("31", "2", "2024").parse("The date").unwrap_err(),
            "The date must be a real date"
        );
        assert!(
            v("1", "4", "24")
                .parse("The date")
                .unwrap_err()
                .contains("4 numbers")
        );
        let mut errors = FormErrors::default();
        assert_eq!(
            errors.date("closes", "The closing date", &v("", "", ""), false),
            None
        );
        assert!(errors.is_empty());
    }
}
