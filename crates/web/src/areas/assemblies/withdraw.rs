//! Withdrawing a registration with the code given on registering: the volunteer leaves the
//! pool for any later selection and their contact details are erased at once. The code is the
//! only proof asked for (only its SHA-256 is kept); the form is rate limited like the
//! registration form, so codes cannot be guessed by trying.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::rate_limit::{PublicForm, RateLimited};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_store::StoreError;
use opcc_store::assemblies::{self as asm, Assembly};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "assemblies/withdraw.html")]
struct WithdrawPage {
    l: Layout,
    a: Assembly,
    code: String,
    errors: FormErrors,
    /// The pool number withdrawn, once done.
    done: Option<i64>,
}

fn page(
    state: &AppState,
    ctx: &Ctx,
    a: Assembly,
    code: String,
    errors: FormErrors,
    done: Option<i64>,
) -> Result<Response, WebError> {
    let title = match (done.is_some(), errors.is_empty()) {
        (true, _) => "You have withdrawn".to_string(),
        (false, true) => format!("Withdraw from the {}", a.title),
        (false, false) => format!("Error: Withdraw from the {}", a.title),
    };
    let status = errors.status();
    let page = WithdrawPage {
        l: Layout::new(state, ctx, title, "assemblies"),
        a,
        code,
        errors,
        done,
    };
    Ok((status, render(&page)?).into_response())
}

/// `GET /assemblies/{slug}/withdraw`
pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    page(&state, &ctx, a, String::new(), FormErrors::default(), None)
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    code: String,
}

/// `POST /assemblies/{slug}/withdraw`
pub async fn withdraw(
    _: RateLimited<PublicForm>,
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<WithdrawForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let mut errors = FormErrors::default();
    if f.code.trim().is_empty() {
        errors.add("code", "Enter the code you were given when you volunteered");
        return page(&state, &ctx, a, f.code, errors, None);
    }
    match asm::registrations::withdraw(&state.db, &slug, &f.code).await {
        Ok(number) => page(&state, &ctx, a, String::new(), errors, Some(number)),
        Err(StoreError::Invalid(m)) => {
            let message = m.strip_prefix("code: ").unwrap_or(&m);
            errors.add("code", message.to_string());
            page(&state, &ctx, a, f.code, errors, None)
        }
        Err(e) => Err(e.into()),
    }
}
