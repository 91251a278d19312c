//! Integration tests: one binary, a real server on loopback, every backend.

#[macro_use]
mod support;

mod access;
mod accounts;
mod audit_chain;
mod cli;
mod crime;
mod crime_pages;
mod crime_quirks;
mod hardening_api;
mod hardening_import;
mod hardening_uploads;
mod pages;
mod performance;
mod plan_cli;
mod plans;
mod schema_parity;
mod security;
