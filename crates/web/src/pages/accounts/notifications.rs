//! Which e-mails a signed-in person gets: one for each thing as it happens, a weekly digest,
//! or none. The messages themselves hold no casework, only a link to sign in.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::notify::Preference;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/notifications.html")]
struct NotificationsPage {
    l: Layout,
    choices: [Preference; 3],
    current: Preference,
    saved: bool,
    error: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    let current = opcc_store::notify::preference(&state.db, who.user().id).await?;
    render(&NotificationsPage {
        l: Layout::new(&state, &ctx, "Your e-mail notifications", "account"),
        choices: Preference::ALL,
        current,
        saved: q.saved.is_some(),
        error: None,
    })
}

#[derive(Deserialize)]
pub struct ChoiceForm {
    #[serde(default)]
    mode: String,
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Form(f): Form<ChoiceForm>,
) -> Result<Response, WebError> {
    let Some(p) = Preference::parse(&f.mode) else {
        let current = opcc_store::notify::preference(&state.db, who.user().id).await?;
        let page = render(&NotificationsPage {
            l: Layout::new(&state, &ctx, "Error: Your e-mail notifications", "account"),
            choices: Preference::ALL,
            current,
            saved: false,
            error: Some("Choose how you want to hear"),
        })?;
        return Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    opcc_store::notify::set_preference(&state.db, &who.actor(), who.user().id, p).await?;
    Ok(Redirect::to("/account/notifications?saved=1").into_response())
}
