//! The out-of-court resolution panel's pages: the office uploads the force's list, draws the
//! sample (the seed and list hash shown, and the draw redone on the page to prove it), records
//! the panel's outcome per case, its themes and feedback and the force's response. Members
//! (volunteers on the panel scheme) record their own view of each case first, seeing only
//! their own.

use super::apply::field_error;
use super::draw::{CaseView, case_views};
use super::{done, long_day};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::{Office, OfficeOrVolunteer, is_office};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::schemes::oocr;
use opcc_store::StoreError;
use opcc_store::schemes::panel as store;
use std::collections::HashMap;

const INDEX: &str = "/admin/schemes/panel";

#[derive(Template)]
#[template(path = "schemes/panel.html")]
struct IndexPage {
    l: Layout,
    lists: Vec<store::List>,
    draws: Vec<(store::Draw, String)>,
    /// The forms' errors and what was typed, shown again beside each field.
    errors: FormErrors,
    /// Every problem found in an uploaded file (row by row), shown under the file input.
    file_problems: Vec<String>,
    period_from: DateValue,
    period_to: DateValue,
    meets_on: DateValue,
    typed: HashMap<String, String>,
}

impl IndexPage {
    fn typed(&self, k: &str) -> &str {
        self.typed.get(k).map_or("", |s| s.as_str())
    }

    /// A list's period in words: "1 April 2024 to 30 June 2024".
    fn period(&self, li: &store::List) -> String {
        format!(
            "{} to {}",
            long_day(&li.period_from),
            long_day(&li.period_to)
        )
    }
}

/// What a refused form gives back to the page.
#[derive(Default)]
struct Refused {
    errors: FormErrors,
    file_problems: Vec<String>,
    period_from: DateValue,
    period_to: DateValue,
    meets_on: DateValue,
    typed: HashMap<String, String>,
}

async fn index_page(state: &AppState, ctx: &Ctx, r: Refused) -> Result<Response, WebError> {
    let draws = store::draws(&state.db)
        .await?
        .into_iter()
        .map(|d| {
            let day = long_day(&d.meets_on);
            (d, day)
        })
        .collect();
    let title = r.errors.title("Out of court resolution panel");
    Ok((
        r.errors.status(),
        render(&IndexPage {
            l: Layout::new(state, ctx, &title, "schemes"),
            lists: store::lists(&state.db).await?,
            draws,
            errors: r.errors,
            file_problems: r.file_problems,
            period_from: r.period_from,
            period_to: r.period_to,
            meets_on: r.meets_on,
            typed: r.typed,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/panel`.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    index_page(&state, &ctx, Refused::default()).await
}

/// The form field a store refusal names, as one of this page's input ids.
fn field_of(field: &str, known: &[&'static str], otherwise: &'static str) -> &'static str {
    known
        .iter()
        .find(|k| **k == field)
        .copied()
        .unwrap_or(otherwise)
}

/// `POST /admin/schemes/panel/lists`: the force's list for a period, as CSV, XLSX or ODS;
/// the period as two GOV.UK date inputs.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    form: Multipart,
) -> Result<Response, WebError> {
    let (fields, file) = super::super::governance::upload_fields(form).await?;
    let mut r = Refused {
        period_from: DateValue::from_form(&fields, "period_from"),
        period_to: DateValue::from_form(&fields, "period_to"),
        ..Refused::default()
    };
    let from = r.errors.date(
        "period_from",
        "The start of the period",
        &r.period_from,
        true,
    );
    let to = r
        .errors
        .date("period_to", "The end of the period", &r.period_to, true);
    if file.is_none() {
        r.errors.add("file", "Choose the list to upload");
    }
    if let (Some(from), Some(to), Some((name, bytes)), true) =
        (from, to, &file, r.errors.is_empty())
    {
        let result = store::import(
            &state.db,
            &who.actor(),
            name,
            bytes,
            &from.to_string(),
            &to.to_string(),
        )
        .await;
        match result {
            Ok(_) => return Ok(Redirect::to(INDEX).into_response()),
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                match field.as_str() {
                    "period_from" | "period_to" => r.errors.add(
                        field_of(&field, &["period_from", "period_to"], "period_to"),
                        message,
                    ),
                    // A file's problems, one a line, each naming its file, row and field.
                    _ => {
                        r.errors.add(
                            "file",
                            format!("The list has problems: {}", p.lines().next().unwrap_or("")),
                        );
                        r.file_problems = p.lines().map(str::to_string).collect();
                    }
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    index_page(&state, &ctx, r).await
}

/// `POST /admin/schemes/panel/draws`: a seeded draw from a list; the meeting's day as a
/// GOV.UK date input.
pub async fn draw(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let mut r = Refused {
        meets_on: DateValue::from_form(&f, "meets_on"),
        ..Refused::default()
    };
    if text("seed").trim().is_empty() {
        r.errors.add("seed", "Enter the seed");
    }
    let size = text("size").trim().parse::<i64>().ok().filter(|n| *n > 0);
    if size.is_none() {
        r.errors.add(
            "size",
            "Enter the number of cases as a whole number, like 20",
        );
    }
    let meets = r
        .errors
        .date("meets_on", "The day the panel meets", &r.meets_on, true);
    if let (Some(meets), Some(size), true) = (meets, size, r.errors.is_empty()) {
        let result = store::make_draw(
            &state.db,
            &who.actor(),
            &store::NewDraw {
                list_id: text("list_id").parse().unwrap_or(0),
                seed: text("seed"),
                size,
                stratify: text("stratify"),
                scale: text("scale"),
                meets_on: &meets.to_string(),
            },
        )
        .await;
        match result {
            Ok(id) => return Ok(Redirect::to(&format!("{INDEX}/draws/{id}")).into_response()),
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                let at = field_of(
                    &field,
                    &["seed", "size", "stratify", "scale", "meets_on"],
                    "size",
                );
                r.errors.add(at, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    r.typed = f;
    index_page(&state, &ctx, r).await
}

/// A draw still to be decided, as a member sees it.
pub struct MemberDraw {
    pub day: String,
    pub cases: Vec<CaseView>,
    pub choices: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "schemes/member.html")]
struct MemberPage {
    l: Layout,
    member: bool,
    draws: Vec<MemberDraw>,
}

/// Whether this user sits on the panel: a volunteer who is a member of the panel scheme.
async fn on_panel(state: &AppState, user_id: i64) -> Result<bool, WebError> {
    Ok(
        match opcc_store::schemes::volunteers::by_user(&state.db, user_id).await? {
            Some(v) => opcc_store::schemes::volunteers::is_member(&state.db, v.id, "panel").await?,
            None => false,
        },
    )
}

/// `GET /schemes/panel`: a member's draws still to be decided, with their own views only.
pub async fn member(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
) -> Result<Response, WebError> {
    let member = on_panel(&state, who.user().id).await?;
    let mut draws = Vec::new();
    if member {
        for d in store::draws(&state.db).await? {
            let reviews = store::reviews(&state.db, d.id).await?;
            if reviews.iter().all(|r| r.outcome.is_some()) {
                continue;
            }
            let mine = store::views(&state.db, d.id, Some(who.user().id)).await?;
            let day = long_day(&d.meets_on);
            let choices = oocr::member_views(&d.scale);
            let cases = case_views(reviews, &mine, &d.scale, true);
            draws.push(MemberDraw {
                day,
                cases,
                choices,
            });
        }
    }
    Ok(render(&MemberPage {
        l: Layout::new(&state, &ctx, "Cases for the panel", "schemes"),
        member: member && !is_office(&ctx),
        draws,
    })?
    .into_response())
}

/// `POST /schemes/panel/reviews/{id}/view`: a member's own view of a case.
pub async fn record_view(
    State(state): State<AppState>,
    ctx: Ctx,
    who: OfficeOrVolunteer,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let r = if on_panel(&state, who.user().id).await? {
        store::record_member_view(
            &state.db,
            &who.actor(),
            who.user().id,
            id,
            text("view"),
            text("note"),
        )
        .await
    } else {
        Err(StoreError::Invalid(
            "views are recorded by the panel's members, each their own".into(),
        ))
    };
    done(&state, &ctx, r, "/schemes/panel", "/schemes/panel").await
}
