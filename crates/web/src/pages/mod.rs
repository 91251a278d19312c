//! HTML pages, one module per area of the service.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod audit_words;
pub mod contact;
pub mod crime;
pub mod home;
pub mod performance;
pub mod plans;
pub mod security;
pub mod whats_new;

use crate::error::WebError;

pub async fn not_found() -> WebError {
    WebError::NotFound
}
