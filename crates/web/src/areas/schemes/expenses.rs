//! The office's expenses page (`/admin/schemes/expenses`): the claims of the volunteers of the
//! schemes the user is staff of, those waiting first, to approve, reject with a reason the
//! volunteer reads, or mark paid. Names are personal data and appear only here, to the
//! scheme's staff; a refusal shows on the page beside the claim.

use super::apply::field_error;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::schemes::expenses::{self, OfficeExpense};
use std::collections::HashMap;

pub struct Row {
    pub id: i64,
    pub volunteer: String,
    pub day: String,
    pub description: String,
    pub miles: String,
    pub amount: String,
    pub status: String,
    pub reason: String,
    pub decided: String,
}

#[derive(Template)]
#[template(path = "schemes/expenses.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    waiting: String,
    to_pay: String,
    paid: String,
    /// The claim a refusal is about, its field and message, and the reason as typed.
    error_id: i64,
    error_field: String,
    error: String,
    typed: String,
}

fn pounds(d: rust_decimal::Decimal) -> String {
    format!("£{:.2}", d)
}

fn row(c: OfficeExpense) -> Row {
    let decided = match (&c.e.paid_on, &c.e.decided_on) {
        (Some(p), _) => format!("Paid {}", super::long_day(p)),
        (None, Some(d)) => format!("Decided {}", super::long_day(d)),
        _ => String::new(),
    };
    Row {
        id: c.e.id,
        day: super::long_day(&c.e.spent_on),
        amount: pounds(c.e.pounds()),
        description: c.e.description,
        miles: c.e.miles,
        status: c.e.status,
        reason: c.e.reason.unwrap_or_default(),
        decided,
        volunteer: c.volunteer,
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    problem: Option<(i64, String, String)>,
) -> Result<Response, WebError> {
    let claims = expenses::for_staff(&state.db, who.user().id).await?;
    let (waiting, to_pay, paid) = (
        pounds(expenses::total(&claims, "claimed")),
        pounds(expenses::total(&claims, "approved")),
        pounds(expenses::total(&claims, "paid")),
    );
    let (error_id, (error_field, error), typed) = match &problem {
        Some((id, p, typed)) => (*id, field_error(p), typed.clone()),
        None => (0, (String::new(), String::new()), String::new()),
    };
    let title = if problem.is_some() {
        "Error: volunteers' expenses"
    } else {
        "Volunteers' expenses"
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        render(&Page {
            l: Layout::new(state, ctx, title, "schemes"),
            rows: claims.into_iter().map(row).collect(),
            waiting,
            to_pay,
            paid,
            error_id,
            error_field,
            error,
            typed,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/expenses`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    page(&state, &ctx, &who, None).await
}

/// `POST /admin/schemes/expenses/{id}`: `decision` approve, reject (with `reason`) or pay.
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let to = match text("decision") {
        "approve" => "approved",
        "reject" => "rejected",
        "pay" => "paid",
        _ => "",
    };
    // Only the staff of the claimant's schemes decide their claims.
    if !expenses::for_staff(&state.db, who.user().id)
        .await?
        .iter()
        .any(|c| c.e.id == id)
    {
        return Err(WebError::NotFound);
    }
    let today = super::super::governance::today().to_string();
    let r = expenses::decide_expense(&state.db, &who.actor(), id, to, text("reason"), &today).await;
    match r {
        Ok(()) => Ok(Redirect::to(&format!("/admin/schemes/expenses#claim-{id}")).into_response()),
        Err(StoreError::Invalid(p)) => {
            page(
                &state,
                &ctx,
                &who,
                Some((id, p, text("reason").to_string())),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
