//! One draw of the out-of-court resolution panel (`/admin/schemes/panel/draws/{id}`): its
//! seed and list hash with the draw redone on the page, each case with the members' views and
//! the panel's outcome and learning theme, and the panel's feedback to the force with the
//! force's response and its day (a GOV.UK date input, today when left blank). A refusal is
//! shown on this page beside the field, with an error summary and what was typed (422).
//! Members' names are personal data: only the panel scheme's staff read them.

use super::apply::field_error;
use super::long_day;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::schemes::label;
use opcc_domain::schemes::oocr::{self, AGE_GROUPS, DISPOSALS};
use opcc_store::StoreError;
use opcc_store::schemes::panel as store;
use std::collections::HashMap;

const INDEX: &str = "/admin/schemes/panel";

pub struct CaseView {
    pub review: store::Review,
    pub disposal: &'static str,
    pub age_group: &'static str,
    pub resolved: String,
    pub outcome: &'static str,
    pub views: Vec<store::View>,
}

pub struct FeedbackView {
    pub fb: store::Feedback,
    pub responded: String,
}

#[derive(Template)]
#[template(path = "schemes/draw.html")]
struct DrawPage {
    l: Layout,
    d: store::Draw,
    redone: bool,
    cases: Vec<CaseView>,
    outcomes: &'static [(&'static str, &'static str)],
    feedback: Vec<FeedbackView>,
    errors: FormErrors,
    /// The refused form's fields as typed, by input id.
    typed: HashMap<String, String>,
    /// The force's response day as typed, for the feedback it was about.
    responded_on: (i64, DateValue),
}

impl DrawPage {
    /// What was typed into a refused form's field, else the stored value.
    fn typed_or<'a>(&'a self, id: &str, stored: &'a str) -> &'a str {
        self.typed.get(id).map_or(stored, |s| s.as_str())
    }

    fn response_day(&self, feedback: &i64) -> DateValue {
        if self.responded_on.0 == *feedback {
            self.responded_on.1.clone()
        } else {
            DateValue::default()
        }
    }
}

pub(super) fn case_views(
    reviews: Vec<store::Review>,
    views: &[store::View],
    scale: &str,
    names: bool,
) -> Vec<CaseView> {
    reviews
        .into_iter()
        .map(|r| CaseView {
            disposal: label(&DISPOSALS, &r.disposal),
            age_group: label(&AGE_GROUPS, &r.age_group),
            resolved: long_day(&r.resolved_on),
            outcome: r
                .outcome
                .as_deref()
                .map(|o| label(oocr::outcomes(scale), o))
                .unwrap_or(""),
            views: views
                .iter()
                .filter(|v| v.review_id == r.id)
                .cloned()
                .map(|mut v| {
                    if !names {
                        v.member = "A member".into();
                    }
                    v
                })
                .collect(),
            review: r,
        })
        .collect()
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    id: i64,
    errors: FormErrors,
    typed: HashMap<String, String>,
    responded_on: (i64, DateValue),
) -> Result<Response, WebError> {
    let db = &state.db;
    let d = store::get_draw(db, id).await?;
    let views = store::views(db, id, None).await?;
    let names = super::staff_of(state, who)
        .await?
        .iter()
        .any(|s| s == "panel");
    let title = errors.title(format!("Panel draw for {}", long_day(&d.meets_on)));
    Ok((
        errors.status(),
        render(&DrawPage {
            l: Layout::new(state, ctx, &title, "schemes"),
            redone: store::redo(db, id).await?,
            cases: case_views(store::reviews(db, id).await?, &views, &d.scale, names),
            outcomes: oocr::outcomes(&d.scale),
            feedback: store::feedback(db, id)
                .await?
                .into_iter()
                .map(|fb| FeedbackView {
                    responded: fb.responded_on.as_deref().map(long_day).unwrap_or_default(),
                    fb,
                })
                .collect(),
            d,
            errors,
            typed,
            responded_on,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/panel/draws/{id}`: the draw, redone from its seed and list hash.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let none = (0, DateValue::default());
    page(
        &state,
        &ctx,
        &who,
        id,
        FormErrors::default(),
        HashMap::new(),
        none,
    )
    .await
}

/// The draw a posted form came from (its hidden `draw_id`), to show it again.
fn draw_of(f: &HashMap<String, String>) -> Result<i64, WebError> {
    f.get("draw_id")
        .and_then(|s| s.trim().parse().ok())
        .ok_or(WebError::NotFound)
}

/// `POST /admin/schemes/panel/reviews/{id}/outcome`.
pub async fn outcome(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let text = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
    let draw = draw_of(&f)?;
    let r = store::set_outcome(&state.db, &who.actor(), id, text("outcome"), text("theme")).await;
    let (field, message) = match r {
        Ok(()) => {
            return Ok(Redirect::to(&format!("{INDEX}/draws/{draw}#case-{id}")).into_response());
        }
        Err(StoreError::Invalid(p)) => field_error(&p),
        Err(e) => return Err(e.into()),
    };
    let at = if field == "outcome" {
        format!("o-{id}")
    } else {
        format!("t-{id}")
    };
    let mut errors = FormErrors::default();
    errors.add(at, message);
    let typed = HashMap::from([
        (format!("o-{id}"), text("outcome").to_string()),
        (format!("t-{id}"), text("theme").to_string()),
    ]);
    let none = (0, DateValue::default());
    page(&state, &ctx, &who, draw, errors, typed, none).await
}

/// `POST /admin/schemes/panel/draws/{id}/feedback`.
pub async fn feedback(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    // The page's inputs are named by their ids; a script may send `theme` and `feedback`.
    let text = |k: &str| {
        let id = if k == "theme" { "fb-theme" } else { "fb-text" };
        f.get(id)
            .or_else(|| f.get(k))
            .map(String::as_str)
            .unwrap_or("")
    };
    let mut errors = FormErrors::default();
    if text("theme").trim().is_empty() {
        errors.add("fb-theme", "Enter the theme of the feedback");
    }
    if text("feedback").trim().is_empty() {
        errors.add("fb-text", "Enter what the panel fed back to the force");
    }
    if errors.is_empty() {
        let r =
            store::add_feedback(&state.db, &who.actor(), id, text("theme"), text("feedback")).await;
        match r {
            Ok(fb) => {
                return Ok(
                    Redirect::to(&format!("{INDEX}/draws/{id}#feedback-{fb}")).into_response()
                );
            }
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                errors.add(
                    if field == "theme" {
                        "fb-theme"
                    } else {
                        "fb-text"
                    },
                    message,
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    let typed = HashMap::from([
        ("fb-theme".to_string(), text("theme").to_string()),
        ("fb-text".to_string(), text("feedback").to_string()),
    ]);
    let none = (0, DateValue::default());
    page(&state, &ctx, &who, id, errors, typed, none).await
}

/// `POST /admin/schemes/panel/feedback/{id}/response`: the force's response and its day as a
/// GOV.UK date input (`fbd-{id}-day`, ...; a script may send one ISO `on`), today when blank.
pub async fn feedback_response(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let response_id = format!("fbr-{id}");
    // The page's textarea is named by its id; a script may send `force_response`.
    let response = f
        .get(&response_id)
        .or_else(|| f.get("force_response"))
        .cloned()
        .unwrap_or_default();
    let draw = draw_of(&f)?;
    let boxes = format!("fbd-{id}");
    let mut date = DateValue::from_form(&f, &boxes);
    if date.is_blank() {
        date = DateValue::from_form(&f, "on");
    }
    let mut errors = FormErrors::default();
    let on = errors
        .date(&boxes, "The day of the force's response", &date, false)
        .map_or_else(
            || super::super::governance::today().to_string(),
            |d| d.to_string(),
        );
    if response.trim().is_empty() {
        errors.add(&response_id, "Enter the force's response");
    }
    if errors.is_empty() {
        let r = store::feedback_response(&state.db, &who.actor(), id, &response, &on).await;
        match r {
            Ok(()) => {
                return Ok(
                    Redirect::to(&format!("{INDEX}/draws/{draw}#feedback-{id}")).into_response()
                );
            }
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                errors.add(if field == "on" { &boxes } else { &response_id }, message);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let typed = HashMap::from([(response_id, response)]);
    page(&state, &ctx, &who, draw, errors, typed, (id, date)).await
}
