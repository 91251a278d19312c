//! Recording a review request: the applicant, the request's dates and as many allegations as
//! the complaint holds ("Add another allegation" posts the form back with one more row, so it
//! works without JavaScript and keeps what was typed).

use super::kept::{Kept, refused};
use super::team;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::complaints::iopc::ALLEGATIONS;
use opcc_store::complaints::{self as store, reviews};
use std::collections::HashMap;

/// Rows shown on a fresh form, and the most one request may hold.
const FIRST_ROWS: usize = 1;
const MAX_ROWS: usize = 30;

#[derive(Template)]
#[template(path = "complaints/new_review.html")]
struct NewReviewPage {
    l: Layout,
    categories: [(&'static str, &'static str); 8],
    errors: FormErrors,
    kept: Kept,
    rows: usize,
}

/// One allegation's inputs on the form.
pub struct Row {
    pub n: usize,
    pub cat: String,
    pub text: String,
    pub label: String,
    pub category: String,
    pub words: String,
}

impl NewReviewPage {
    fn allegation_rows(&self) -> Vec<Row> {
        (1..=self.rows)
            .map(|n| {
                let (cat, text) = (format!("category{n}"), format!("allegation{n}"));
                Row {
                    n,
                    label: format!("Allegation {n}: what the complainant says"),
                    category: self.kept.v(&cat).to_string(),
                    words: self.kept.v(&text).to_string(),
                    cat,
                    text,
                }
            })
            .collect()
    }
}

fn page(
    state: &AppState,
    ctx: &Ctx,
    errors: FormErrors,
    kept: Kept,
    rows: usize,
) -> Result<Response, WebError> {
    let status = errors.status();
    Ok((
        status,
        render(&NewReviewPage {
            l: Layout::new(
                state,
                ctx,
                errors.title("Record a review request"),
                "complaints",
            ),
            categories: ALLEGATIONS,
            errors,
            kept,
            rows,
        })?,
    )
        .into_response())
}

pub async fn new_review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    page(
        &state,
        &ctx,
        FormErrors::default(),
        Kept::default(),
        FIRST_ROWS,
    )
}

/// Where the store's field names are on this form.
fn input_of(field: &str) -> Option<String> {
    Some(
        match field {
            "allegations" => "allegation1",
            "category" => "category1",
            f @ ("name"
            | "email"
            | "phone"
            | "address"
            | "force_reference"
            | "late_reason"
            | "outcome_notified_on"
            | "received_on") => f,
            _ => return None,
        }
        .to_string(),
    )
}

pub async fn create_review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let kept = Kept(f);
    // Scripts and older clients post three rows without saying so.
    let rows = kept.v("rows").parse().unwrap_or(3).clamp(1, MAX_ROWS);
    if kept.v("add") == "allegation" {
        return page(
            &state,
            &ctx,
            FormErrors::default(),
            kept,
            (rows + 1).min(MAX_ROWS),
        );
    }
    let mut errors = FormErrors::default();
    let t = |k: &str| kept.v(k).to_string();
    let outcome_notified_on = kept.iso_date(
        &mut errors,
        "outcome_notified_on",
        "outcome_notified_on",
        "The date the force told the complainant its outcome",
        true,
    );
    let received_on = kept.iso_date(
        &mut errors,
        "received_on",
        "received_on",
        "The date the request was received",
        true,
    );
    if !errors.is_empty() {
        return page(&state, &ctx, errors, kept, rows);
    }
    let new = reviews::NewReview {
        person: store::NewPerson {
            name: t("name"),
            email: t("email"),
            phone: t("phone"),
            address: t("address"),
        },
        force_reference: t("force_reference"),
        outcome_notified_on,
        received_on,
        late_reason: t("late_reason"),
        allegations: (1..=rows)
            .map(|i| (t(&format!("category{i}")), t(&format!("allegation{i}"))))
            .collect(),
    };
    match reviews::create(&state.db, &who.actor(), &new).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/complaints/reviews/{id}")).into_response()),
        Err(e) => {
            refused(&mut errors, e, "name", input_of)?;
            page(&state, &ctx, errors, kept, rows)
        }
    }
}
