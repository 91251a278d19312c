//! Browsing the audit log: filter, page through, and read one entry's before and after.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use opcc_domain::audit::AuditEntry;
use opcc_store::audit::AuditFilter;
use serde::Deserialize;

pub const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(flatten)]
    pub filter: AuditFilter,
    #[serde(default)]
    pub page: Option<String>,
    /// Every field again, for the date inputs' boxes (`from-day`, ...).
    #[serde(flatten)]
    pub all: std::collections::HashMap<String, String>,
}

/// The API's filter dates must be real dates, YYYY-MM-DD.
pub fn check_iso_dates(f: &AuditFilter) -> FormErrors {
    let mut errors = FormErrors::default();
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    for (field, value) in [("from", &f.from), ("to", &f.to)] {
        if !value.trim().is_empty() && time::Date::parse(value.trim(), fmt).is_err() {
            errors.add(
                field,
                "Enter a real date in the format YYYY-MM-DD, like 2026-11-22",
            );
        }
    }
    errors
}

/// The filter's dates, from the date inputs (or `from` and `to` as YYYY-MM-DD, which the
/// pagination links carry), each a real date or blank.
pub fn check_filter(q: &mut ListQuery) -> (FormErrors, DateValue, DateValue) {
    let mut errors = FormErrors::default();
    let from = DateValue::from_form(&q.all, "from");
    let to = DateValue::from_form(&q.all, "to");
    let f = &mut q.filter;
    for (field, label, value, iso) in [
        ("from", "The first day", &from, &mut f.from),
        ("to", "The last day", &to, &mut f.to),
    ] {
        *iso = errors
            .date(field, label, value, false)
            .map(|d| d.to_string())
            .unwrap_or_default();
    }
    (errors, from, to)
}

#[derive(Template)]
#[template(path = "audit/list.html")]
struct AuditList {
    l: Layout,
    errors: FormErrors,
    from: DateValue,
    to: DateValue,
    filter: AuditFilter,
    entries: Vec<AuditEntry>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(mut q): Query<ListQuery>,
) -> Result<Html<String>, WebError> {
    let (errors, from, to) = check_filter(&mut q);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1);
    let (entries, total) = if errors.is_empty() {
        let p = opcc_store::audit::list(&state.db, &q.filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
            .await?;
        (p.entries, p.total)
    } else {
        (Vec::new(), 0)
    };
    let query = serde_urlencoded::to_string([
        ("actor", &q.filter.actor),
        ("action", &q.filter.action),
        ("entity_type", &q.filter.entity_type),
        ("entity_id", &q.filter.entity_id),
        ("from", &q.filter.from),
        ("to", &q.filter.to),
    ])
    .unwrap_or_default();
    let title = if errors.is_empty() {
        "Audit log"
    } else {
        "Error: Audit log"
    };
    render(&AuditList {
        l: Layout::new(&state, &ctx, title, "admin"),
        errors,
        from,
        to,
        filter: q.filter,
        entries,
        total,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        query,
    })
}

#[derive(Template)]
#[template(path = "audit/entry.html")]
struct AuditEntryPage {
    l: Layout,
    e: AuditEntry,
    before: Option<String>,
    after: Option<String>,
    /// What the action did, and each field's change, in words.
    did: String,
    changes: Vec<super::audit_words::FieldChange>,
}

fn pretty(json: &Option<String>) -> Option<String> {
    json.as_ref().map(|s| {
        serde_json::from_str::<serde_json::Value>(s)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| s.clone())
    })
}

pub async fn entry(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(seq): Path<String>,
) -> Result<Html<String>, WebError> {
    let seq: i64 = seq.parse().map_err(|_| WebError::NotFound)?;
    let e = opcc_store::audit::get(&state.db, seq)
        .await?
        .ok_or(WebError::NotFound)?;
    render(&AuditEntryPage {
        l: Layout::new(&state, &ctx, format!("Audit entry {seq}"), "admin"),
        before: pretty(&e.before),
        after: pretty(&e.after),
        did: super::audit_words::action(&e.action),
        changes: super::audit_words::changes(e.before.as_deref(), e.after.as_deref()),
        e,
    })
}
