//! Errors found in a submitted form, shown as a GOV.UK error summary and beside each field.

#[derive(Debug, Default, Clone)]
pub struct FormErrors(Vec<(&'static str, String)>);

impl FormErrors {
    /// `field` is the id of the input the message is about; the summary links to it.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push((field, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn list(&self) -> &[(&'static str, String)] {
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
