//! How the public reaches the office: the contact page, and the form an administrator keeps
//! it up to date with.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Admin;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::office::OfficeContact;

#[derive(Template)]
#[template(path = "home/contact.html")]
struct ContactPage {
    l: Layout,
    contact: Option<OfficeContact>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&ContactPage {
        l: Layout::new(&state, &ctx, "Contact us", ""),
        contact: opcc_store::office::contact(&state.db).await?,
    })
}

#[derive(Template)]
#[template(path = "home/contact_edit.html")]
struct EditPage {
    l: Layout,
    form: OfficeContact,
    errors: FormErrors,
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: Admin,
) -> Result<Html<String>, WebError> {
    render(&EditPage {
        l: Layout::new(&state, &ctx, "The office's contact details", "admin"),
        form: opcc_store::office::contact(&state.db)
            .await?
            .unwrap_or_default(),
        errors: FormErrors::default(),
    })
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
    Form(form): Form<OfficeContact>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    for (field, message) in form.problems() {
        errors.add(field, message);
    }
    if errors.is_empty() {
        opcc_store::office::set_contact(&state.db, &who.actor(), &form).await?;
        return Ok(Redirect::to("/contact").into_response());
    }
    let status = errors.status();
    let page = render(&EditPage {
        l: Layout::new(
            &state,
            &ctx,
            errors.title("The office's contact details"),
            "admin",
        ),
        form,
        errors,
    })?;
    Ok((status, page).into_response())
}
