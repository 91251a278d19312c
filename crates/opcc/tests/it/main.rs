//! Integration tests: one binary, a real server on loopback, every backend.

#[macro_use]
mod support;

mod access;
mod accounts;
mod assemblies;
mod audit_chain;
mod binary;
mod boundaries;
mod cli;
mod crime;
mod crime_pages;
mod crime_quirks;
mod demo_sample;
mod doctor;
mod finance;
mod finance_precept;
mod finance_spending;
mod governance;
mod hardening_api;
mod hardening_audit;
mod hardening_backup;
mod hardening_disk;
mod hardening_import;
mod hardening_public_forms;
mod hardening_second_factor;
mod hardening_sign_in;
mod hardening_uploads;
mod mail;
mod pack_pdf;
mod page_cache;
mod pages;
mod panel;
mod performance;
mod plan_cli;
mod plan_rules;
mod plans;
mod schema_parity;
mod second_force;
mod security;
mod upgrade;
