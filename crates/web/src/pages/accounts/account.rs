//! A signed-in user's own account: who they are, and changing their password.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::accounts::check_new_password;
use opcc_domain::security::throttle::describe_wait;
use opcc_store::accounts::PasswordChange;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    l: Layout,
    password_changed: bool,
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    changed: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ShowQuery>,
) -> Result<Html<String>, WebError> {
    render(&AccountPage {
        l: Layout::new(&state, &ctx, "Your account", "account"),
        password_changed: q.changed.is_some(),
    })
}

#[derive(Template)]
#[template(path = "accounts/password.html")]
struct PasswordPage {
    l: Layout,
    errors: FormErrors,
    min_chars: usize,
}

pub async fn password_form(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Html<String>, WebError> {
    render(&PasswordPage {
        l: Layout::new(&state, &ctx, "Change your password", "account"),
        errors: FormErrors::default(),
        min_chars: opcc_domain::accounts::MIN_PASSWORD_CHARS,
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if f.current_password.is_empty() {
        errors.add("current_password", "Enter your current password");
    }
    if let Err(e) = check_new_password(&f.new_password) {
        errors.add("new_password", e.to_string());
    } else if f.new_password != f.confirm_password {
        errors.add("confirm_password", "The passwords do not match");
    } else if f.new_password == f.current_password {
        errors.add(
            "new_password",
            "Your new password must be different from your current one",
        );
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if errors.is_empty() {
        match opcc_store::accounts::change_password(
            &state.db,
            who.user(),
            &who.0.token_hash,
            &f.current_password,
            &f.new_password,
            &ctx.client_ip,
        )
        .await?
        {
            PasswordChange::Changed => {
                return Ok(Redirect::to("/account?changed=1").into_response());
            }
            PasswordChange::WrongCurrent => {
                errors.add("current_password", "Your current password is not correct")
            }
            PasswordChange::Wait { seconds } => {
                status = StatusCode::TOO_MANY_REQUESTS;
                errors.add(
                    "current_password",
                    format!(
                        "There have been too many wrong passwords. Wait {} and try again",
                        describe_wait(seconds)
                    ),
                );
            }
        }
    }
    let page = render(&PasswordPage {
        l: Layout::new(&state, &ctx, "Error: Change your password", "account"),
        errors,
        min_chars: opcc_domain::accounts::MIN_PASSWORD_CHARS,
    })?;
    Ok((status, page).into_response())
}
