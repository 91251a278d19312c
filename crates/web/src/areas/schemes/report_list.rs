//! The list of reports (a volunteer's own; the office's latest from every scheme) and the
//! form a volunteer starts a report with: where, the day (a GOV.UK date input) and the time
//! they arrived. A refusal is shown on the form beside its field, with what was typed.

use super::apply::field_error;
use super::long_day;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::{OfficeOrVolunteer, is_office, person};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::schemes::{self as store, reports};
use std::collections::HashMap;

pub struct ReportRow {
    pub id: i64,
    pub scheme: String,
    pub place: String,
    pub day: String,
    pub status: String,
}

#[derive(Template)]
#[template(path = "schemes/reports.html")]
struct ListPage {
    l: Layout,
    office: bool,
    linked: bool,
    reports: Vec<ReportRow>,
    places: Vec<(i64, String)>,
    /// Who the volunteer may name as their partner on the visit: (id, "Name, scheme").
    partners: Vec<(i64, String)>,
    /// The start form's errors and what was typed, shown again beside each field.
    errors: FormErrors,
    visited: DateValue,
    typed: HashMap<String, String>,
}

impl ListPage {
    fn typed(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |s| s.as_str())
    }
}

fn rows(all: Vec<reports::Report>) -> Vec<ReportRow> {
    all.into_iter()
        .map(|r| ReportRow {
            id: r.id,
            day: long_day(&r.visited_on),
            scheme: r.scheme_name,
            place: r.place_name,
            status: if r.status == "submitted" {
                "Submitted".into()
            } else {
                "Draft".into()
            },
        })
        .collect()
}

/// `GET /schemes/reports`: a volunteer's own reports and the form to start one; the office's
/// latest reports from every scheme.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
) -> Result<Response, WebError> {
    list_page(
        &state,
        &ctx,
        &who,
        FormErrors::default(),
        DateValue::default(),
        HashMap::new(),
    )
    .await
}

async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    who: &OfficeOrVolunteer,
    errors: FormErrors,
    visited: DateValue,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let office = is_office(ctx);
    let me = store::volunteers::by_user(db, who.user().id).await?;
    let partners = match (&me, office) {
        (Some(v), false) => store::volunteers::partners_of(db, v.id)
            .await?
            .into_iter()
            .map(|(id, name, scheme)| (id, format!("{name}, {scheme}")))
            .collect(),
        _ => Vec::new(),
    };
    let (reports, places) = match (&me, office) {
        (_, true) => (reports::list(db, None, 50).await?, Vec::new()),
        (Some(v), false) => {
            let schemes = store::schemes(db).await?;
            let mut places = Vec::new();
            for s in schemes {
                if store::volunteers::is_member(db, v.id, &s.slug).await? {
                    for p in store::places(db, Some(s.id)).await? {
                        places.push((p.id, format!("{}: {}", s.name, p.name)));
                    }
                }
            }
            (reports::list(db, Some(v.id), 200).await?, places)
        }
        (None, false) => (Vec::new(), Vec::new()),
    };
    let title = errors.title("Visit and audit reports");
    Ok((
        errors.status(),
        render(&ListPage {
            l: Layout::new(state, ctx, &title, "schemes"),
            office,
            linked: me.is_some(),
            reports: rows(reports),
            places,
            partners,
            errors,
            visited,
            typed,
        })?,
    )
        .into_response())
}

/// `POST /schemes/reports`: a volunteer starts a draft report. The day of the visit comes as
/// a GOV.UK date input (`visited_on-day`, `-month`, `-year`); a refusal is shown on the form
/// beside its field with what was typed.
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(|s| s.trim()).unwrap_or("");
    let visited = DateValue::from_form(&f, "visited_on");
    let mut errors = FormErrors::default();
    let on = errors.date("visited_on", "The date of the visit", &visited, true);
    if on.is_some_and(|d| d.0 > super::super::governance::today()) {
        errors.add(
            "visited_on",
            "The date of the visit must be today or in the past",
        );
    }
    if let (Some(on), true) = (on, errors.is_empty()) {
        let r = reports::start(
            &state.db,
            &who.actor(),
            &person(who.user()),
            &reports::NewReport {
                place_id: text("place_id").parse().unwrap_or(0),
                partner_id: text("partner_id").parse().ok().filter(|id| *id > 0),
                visited_on: &on.to_string(),
                arrived_at: text("arrived_at"),
                unannounced: text("unannounced") == "yes",
            },
        )
        .await;
        match r {
            Ok(id) => return Ok(Redirect::to(&format!("/schemes/reports/{id}")).into_response()),
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                let field = match field.as_str() {
                    "arrived_at" => "arrived_at",
                    "visited_on" => "visited_on",
                    "partner_id" => "partner_id",
                    _ => "place_id",
                };
                errors.add(field, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    list_page(&state, &ctx, &who, errors, visited, f).await
}
