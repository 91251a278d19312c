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
mod finance;
mod finance_precept;
mod finance_spending;
mod pack_pdf;
mod pages;
mod performance;
mod plan_cli;
mod plans;
mod schema_parity;
mod security;
