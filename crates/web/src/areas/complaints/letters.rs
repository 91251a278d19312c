//! The decision letter: made from the template the office edits, shown as HTML and
//! downloadable as text, each view audited; once recorded as sent it is kept as it went.

use super::casework::reviewer;
use super::{day, done, team, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::complaints::{Decision, letter};
use opcc_store::complaints::{self as store, reviews};
use serde::Deserialize;

/// The letter as sent, or as it would go today from the template.
pub(super) async fn letter_text(
    state: &AppState,
    id: i64,
    on: time::Date,
) -> Result<String, WebError> {
    let r = reviews::get(&state.db, id).await?;
    if let Some(sent) = &r.letter {
        return Ok(sent.clone());
    }
    let decision = r
        .decision
        .as_deref()
        .and_then(Decision::parse)
        .ok_or_else(|| WebError::BadRequest("decide the review before its letter".into()))?;
    let name = match r.person_id {
        Some(p) => store::person(&state.db, p).await?.name,
        None => String::new(),
    };
    let allegations = reviews::allegations(&state.db, id)
        .await?
        .iter()
        .map(|a| {
            let finding = if a.reasonable == Some(1) {
                "the outcome was reasonable and proportionate"
            } else {
                "the outcome was not reasonable and proportionate"
            };
            format!("{}. {} I found that {finding}.", a.position, a.text)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let template = reviews::template(&state.db).await?;
    Ok(letter::fill(&template, |field| match field {
        "name" => name.clone(),
        "reference" => r.reference.clone(),
        "force_reference" => r.force_reference.clone(),
        "date" => opcc_domain::finance::long_date(on),
        "decision" => decision.label().to_lowercase(),
        "allegations" => allegations.clone(),
        "rationale" => r.rationale.clone(),
        "recommendations" if r.recommendations.is_empty() => {
            "I have made no recommendations to the force.".into()
        }
        "recommendations" => format!("My recommendations to the force:\n{}", r.recommendations),
        _ => String::new(),
    }))
}

#[derive(Template)]
#[template(path = "complaints/letter.html")]
struct LetterPage {
    l: Layout,
    id: i64,
    paragraphs: Vec<Vec<String>>,
    sent: Option<String>,
    today: crate::form::DateValue,
    /// A refused date is shown on the problem page, so never here.
    date_error: Option<&'static str>,
}

pub async fn letter(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reviewer(&state, &who, id).await?;
    let text = letter_text(&state, id, today()).await?;
    store::record_view(&state.db, &who.actor(), "complaints_review", id).await?;
    Ok(render(&LetterPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Letter for review {}", r.reference),
            "complaints",
        ),
        id,
        paragraphs: text
            .split("\n\n")
            .map(|p| p.lines().map(str::to_string).collect())
            .collect(),
        sent: r.letter_on.as_deref().map(day),
        today: crate::form::DateValue::of(opcc_domain::plans::file::Day(today())),
        date_error: None,
    })?
    .into_response())
}

pub async fn letter_file(
    State(state): State<AppState>,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reviewer(&state, &who, id).await?;
    let text = letter_text(&state, id, today()).await?;
    store::record_view(&state.db, &who.actor(), "complaints_review", id).await?;
    Ok(crate::download::file(
        "text/plain; charset=utf-8",
        &format!("{}-letter.txt", r.reference),
        text.into_bytes(),
    ))
}

#[derive(Template)]
#[template(path = "complaints/template.html")]
struct TemplatePage {
    l: Layout,
    body: String,
    fields: [(&'static str, &'static str); 8],
}

pub async fn template_form(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    Ok(render(&TemplatePage {
        l: Layout::new(&state, &ctx, "The decision letter's template", "complaints"),
        body: reviews::template(&state.db).await?,
        fields: letter::FIELDS,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct TemplateForm {
    body: String,
}

pub async fn save_template(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<TemplateForm>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let back = "/admin/complaints/letter-template";
    let r = reviews::save_template(&state.db, &who.actor(), &f.body).await;
    done(&state, &ctx, r, back, back)
}
