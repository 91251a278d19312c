//! Spending over £500 as the public reads it: a search by month, supplier, expense type and
//! service, and the same as open data (CSV here, JSON in the API). A payment to an
//! individual was withheld when imported: its supplier is "Redacted" with the reason, and
//! the name was never stored.

use crate::AppState;
use crate::context::Ctx;
use crate::download::csv_response;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use opcc_domain::finance::money::month_name;
use opcc_domain::finance::{long_date, pounds};
use opcc_domain::month::Month;
use opcc_store::finance::spending::{Payment, Search, query};

/// The most rows one download gives (the import bounds a file at 200,000).
pub const DOWNLOAD_LIMIT: usize = 500_000;

pub struct Row {
    pub date: String,
    pub supplier: String,
    pub reason: String,
    pub expense_type: String,
    pub service: String,
    pub amount: String,
    pub credit: bool,
}

#[derive(Template)]
#[template(path = "finance/spending.html")]
struct SpendingPage {
    l: Layout,
    months: Vec<(String, String, bool)>,
    supplier: String,
    expense_type: String,
    service: String,
    rows: Vec<Row>,
    count: String,
    total: String,
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    csv: String,
    json: String,
}

/// Checks the search before it reaches the store: a month is YYYY-MM, text is short.
pub fn checked(mut s: Search) -> Result<Search, WebError> {
    if let Some(m) = s.month.as_deref().filter(|m| !m.is_empty()) {
        Month::parse(m).map_err(|e| WebError::BadRequest(format!("month: {e}")))?;
    }
    for (name, v) in [
        ("supplier", &mut s.supplier),
        ("expense_type", &mut s.expense_type),
        ("service", &mut s.service),
    ] {
        if v.as_deref().is_some_and(|v| v.chars().count() > 100) {
            return Err(WebError::BadRequest(format!(
                "{name}: at most 100 characters"
            )));
        }
    }
    Ok(s)
}

pub fn query_string(s: &Search, page: Option<usize>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [
        ("month", &s.month),
        ("supplier", &s.supplier),
        ("expense_type", &s.expense_type),
        ("service", &s.service),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.to_string()));
        }
    }
    if let Some(p) = page {
        pairs.push(("page", p.to_string()));
    }
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

fn row(p: &Payment) -> Row {
    Row {
        date: long_date(p.paid_on),
        supplier: if p.supplier.is_empty() {
            "Not given in the file".into()
        } else {
            p.supplier.clone()
        },
        reason: p.withheld_reason.clone().unwrap_or_default(),
        expense_type: p.expense_type.clone(),
        service: p.service.clone(),
        amount: pounds(p.amount),
        credit: p.amount.is_sign_negative(),
    }
}

/// `GET /finance/spending`.
pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(s): Query<Search>,
) -> Result<Html<String>, WebError> {
    let s = checked(s)?;
    let found = query::search(&state.db, &s).await?;
    let chosen = s.month.clone().unwrap_or_default();
    let months = query::months(&state.db)
        .await?
        .into_iter()
        .filter_map(|m| Month::parse(&m).ok())
        .map(|m| (m.to_string(), month_name(m), m.to_string() == chosen))
        .collect();
    let link = |p: usize| format!("/finance/spending?{}", query_string(&s, Some(p)));
    let page = SpendingPage {
        l: Layout::new(&state, &ctx, "Spending over £500", "finance"),
        months,
        supplier: s.supplier.clone().unwrap_or_default(),
        expense_type: s.expense_type.clone().unwrap_or_default(),
        service: s.service.clone().unwrap_or_default(),
        rows: found.payments.iter().map(row).collect(),
        count: crate::charts::number(found.count as f64),
        total: pounds(found.total),
        page: found.page,
        pages: found.pages,
        prev: (found.page > 1).then(|| link(found.page - 1)),
        next: (found.page < found.pages).then(|| link(found.page + 1)),
        csv: format!("/finance/spending.csv?{}", query_string(&s, None)),
        json: format!("/api/v1/finance/spending?{}", query_string(&s, None)),
    };
    render(&page)
}

/// `GET /finance/spending.csv`: every payment the search finds, as open data.
pub async fn csv(
    State(state): State<AppState>,
    Query(s): Query<Search>,
) -> Result<Response, WebError> {
    let s = checked(s)?;
    let all = query::all(&state.db, &s, DOWNLOAD_LIMIT).await?;
    Ok(csv_response(
        "spending-over-500.csv",
        &[
            "date_paid",
            "supplier",
            "withheld_reason",
            "amount",
            "expense_type",
            "service",
            "reference",
            "source",
        ],
        all.iter().map(|p| {
            [
                opcc_store::finance::iso(p.paid_on),
                p.supplier.clone(),
                p.withheld_reason.clone().unwrap_or_default(),
                p.amount.to_string(),
                p.expense_type.clone(),
                p.service.clone(),
                p.reference.clone(),
                p.source.clone(),
            ]
        }),
    ))
}
