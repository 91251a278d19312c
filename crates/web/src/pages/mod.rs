//! HTML pages, one module per area of the service.

pub mod account;
pub mod admin;
pub mod audit;
pub mod auth;
pub mod crime;
pub mod performance;
pub mod plans;
pub mod public;
pub mod transparency;
pub mod two_factor;

use crate::error::WebError;

pub async fn not_found() -> WebError {
    WebError::NotFound
}
