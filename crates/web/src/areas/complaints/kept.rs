//! What a casework form posted, kept so that a form refused shows again with its errors beside
//! the fields and everything the person typed still in place.

use crate::form::{DateValue, FormErrors};
use opcc_store::StoreError;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct Kept(pub HashMap<String, String>);

impl Kept {
    pub fn v(&self, k: &str) -> &str {
        self.0.get(k).map_or("", String::as_str)
    }

    /// The date boxes `{id}-day/-month/-year` as posted; today's date where they were not.
    pub fn date(&self, id: &str) -> DateValue {
        let v = DateValue::from_form(&self.0, id);
        if v.is_blank() && !self.0.contains_key(&format!("{id}-day")) {
            DateValue::of(opcc_domain::plans::file::Day(super::today()))
        } else {
            v
        }
    }

    /// The date boxes as posted, empty on a fresh form: for a date that is rarely today.
    pub fn date_or_blank(&self, id: &str) -> DateValue {
        DateValue::from_form(&self.0, id)
    }

    /// The day in ISO form for the store, or "" with the date's error added. A script may
    /// send one ISO field `fallback` instead of the boxes (as the API and older forms did).
    pub fn iso_date(
        &self,
        errors: &mut FormErrors,
        id: &str,
        fallback: &str,
        label: &str,
        required: bool,
    ) -> String {
        let mut v = DateValue::from_form(&self.0, id);
        if v.is_blank() {
            v = DateValue::from_form(&self.0, fallback);
        }
        errors
            .date(id, label, &v, required)
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

/// A store refusal ("field: what is wrong", or a sentence about the whole case) as an error
/// at the form's input for that field; `id_of` names the input, or `None` for the form's
/// first field.
pub fn refused(
    errors: &mut FormErrors,
    e: StoreError,
    first: &str,
    id_of: impl Fn(&str) -> Option<String>,
) -> Result<(), StoreError> {
    let StoreError::Invalid(problem) = e else {
        return Err(e);
    };
    let (field, message) = match problem.split_once(": ") {
        Some((f, m)) if !f.contains(' ') => (id_of(f), m.to_string()),
        _ => (None, problem.clone()),
    };
    errors.add(
        field.unwrap_or_else(|| first.to_string()),
        sentence(&message),
    );
    Ok(())
}

fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_lands_on_its_field_or_the_first() {
        let mut errors = FormErrors::default();
        let id = |f: &str| (f == "note").then(|| "validity-note".to_string());
        refused(
            &mut errors,
            StoreError::Invalid("note: say why it is not valid".into()),
            "valid-yes",
            id,
        )
        .unwrap();
        refused(
            &mut errors,
            StoreError::Invalid("the case file has not been received yet".into()),
            "valid-yes",
            id,
        )
        .unwrap();
        assert_eq!(errors.get("validity-note"), Some("Say why it is not valid"));
        assert_eq!(
            errors.get("valid-yes"),
            Some("The case file has not been received yet")
        );
        assert!(
            refused(
                &mut errors,
                StoreError::NotFound("x".into()),
                "valid-yes",
                id
            )
            .is_err()
        );
    }
}
