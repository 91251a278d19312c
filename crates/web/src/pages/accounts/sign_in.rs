//! Signing in and out.

use crate::AppState;
use crate::context::{Ctx, SESSION_COOKIE, set_cookie};
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::accounts::Email;
use opcc_store::sessions::{self, SESSION_HOURS, THROTTLE_MINUTES};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    l: Layout,
    errors: FormErrors,
    email: String,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths on this site: never `//evil.example` or a full URL.
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

pub async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    if ctx.session.is_some() {
        return Ok(Redirect::to("/account").into_response());
    }
    Ok(render(&LoginPage {
        l: Layout::new(&state, &ctx, "Sign in", ""),
        errors: FormErrors::default(),
        email: String::new(),
        next: safe_next(&q.next).unwrap_or_default().to_string(),
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let email = Email::parse(&f.email);
    if let Err(e) = &email {
        errors.add("email", e.to_string());
    }
    if f.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let (Ok(email), true) = (&email, errors.is_empty()) {
        if sessions::throttled(&state.db, email.as_str(), &ctx.client_ip).await? {
            status = StatusCode::TOO_MANY_REQUESTS;
            errors.add(
                "email",
                format!(
                    "There have been too many failed attempts to sign in. Wait {THROTTLE_MINUTES} minutes and try again"
                ),
            );
        } else if let Some(user) =
            opcc_store::accounts::authenticate(&state.db, email, &f.password).await?
        {
            let (token, _) = sessions::start(&state.db, &user, &ctx.client_ip).await?;
            if let Some(old) = &ctx.session {
                sessions::end(&state.db, old).await?;
            }
            let to = safe_next(&f.next).unwrap_or(crate::policy::landing(user.role));
            let mut res = Redirect::to(to).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &token, Some(SESSION_HOURS * 3600)),
            );
            return Ok(res);
        } else {
            sessions::record_failure(&state.db, email.as_str(), &ctx.client_ip).await?;
            errors.add("email", "Enter a correct email address and password");
        }
    }
    let page = render(&LoginPage {
        l: Layout::new(&state, &ctx, "Error: Sign in", ""),
        errors,
        email: f.email,
        next: safe_next(&f.next).unwrap_or_default().to_string(),
    })?;
    Ok((status, page).into_response())
}

pub async fn logout(State(state): State<AppState>, who: SignedIn) -> Result<Response, WebError> {
    sessions::end(&state.db, &who.0).await?;
    let mut res = Redirect::to("/signed-out").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "accounts/signed_out.html")]
struct SignedOutPage {
    l: Layout,
}

pub async fn signed_out(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&SignedOutPage {
        l: Layout::new(&state, &ctx, "You have signed out", ""),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(super::safe_next("/admin/audit"), Some("/admin/audit"));
        assert_eq!(super::safe_next("//evil.example/"), None);
        assert_eq!(super::safe_next("https://evil.example/"), None);
        assert_eq!(super::safe_next("/\\evil.example"), None);
        assert_eq!(super::safe_next(""), None);
    }
}
