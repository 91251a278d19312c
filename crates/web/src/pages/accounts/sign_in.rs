//! Signing in and out.

use crate::AppState;
use crate::context::{Ctx, SESSION_COOKIE, cookie_name, read_cookie, set_cookie};
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::accounts::Email;
use opcc_domain::security::safe_next::SafeNext;
use opcc_domain::security::throttle::describe_wait;
use opcc_store::accounts::User;
use opcc_store::second_factor::{self, Completed};
use opcc_store::sessions::{self, SESSION_HOURS};
use opcc_store::throttle::{self, Attempt};
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

/// Where a sign-in may lead: a path on this site, or nowhere.
fn safe_next(next: &str) -> Option<SafeNext> {
    SafeNext::parse(next)
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
        next: safe_next(&q.next)
            .map(|n| n.to_string())
            .unwrap_or_default(),
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

pub const CHALLENGE_COOKIE: &str = "opcc_signin";

fn wait_message(seconds: i64) -> String {
    format!(
        "There have been too many failed attempts to sign in from this device. Wait {} and try again",
        describe_wait(seconds)
    )
}

/// Where a user goes once signed in: to enrol a second factor if their role needs one they
/// lack, else where they were going, else their role's home.
async fn landing(
    state: &AppState,
    user: &User,
    next: Option<&SafeNext>,
) -> Result<String, WebError> {
    let staff_required = second_factor::staff_required(&state.db).await?;
    if user.role.requires_second_factor(staff_required)
        && !second_factor::has_factor(&state.db, user.id).await?
    {
        return Ok(ENROL_PATH.to_string());
    }
    Ok(match next {
        Some(n) => n.to_string(),
        None => crate::policy::landing(user.role).into(),
    })
}

fn signed_in_response(state: &AppState, to: &str, token: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(state, SESSION_COOKIE, token, Some(SESSION_HOURS * 3600)),
    );
    res
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
    // Settled before anything is written, so a bad address cannot fail after sign-in.
    let next = safe_next(&f.next);
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if let (Ok(email), true) = (&email, errors.is_empty()) {
        match throttle::begin_attempt(&state.db, email.as_str(), &ctx.client_ip).await? {
            Attempt::Wait { seconds } => {
                status = StatusCode::TOO_MANY_REQUESTS;
                errors.add("email", wait_message(seconds));
            }
            Attempt::Allowed => {
                match opcc_store::accounts::authenticate(&state.db, email, &f.password).await? {
                    Some(user) => {
                        if let Some(old) = &ctx.session {
                            sessions::end(&state.db, old).await?;
                        }
                        if second_factor::has_factor(&state.db, user.id).await? {
                            let to = next.as_ref().map(|n| n.to_string()).unwrap_or_default();
                            let token = second_factor::begin_challenge(
                                &state.db,
                                &user,
                                &to,
                                &ctx.client_ip,
                            )
                            .await?;
                            let mut res = Redirect::to(CODE_PATH).into_response();
                            res.headers_mut().append(
                                header::SET_COOKIE,
                                set_cookie(
                                    &state,
                                    CHALLENGE_COOKIE,
                                    &token,
                                    Some(second_factor::CHALLENGE_MINUTES * 60),
                                ),
                            );
                            return Ok(res);
                        }
                        let (token, _) = sessions::start(&state.db, &user, &ctx.client_ip).await?;
                        let to = landing(&state, &user, next.as_ref()).await?;
                        return Ok(signed_in_response(&state, &to, &token));
                    }
                    None => {
                        sessions::record_failure(
                            &state.db,
                            "session.sign_in_refused",
                            email.as_str(),
                            &ctx.client_ip,
                        )
                        .await?;
                        errors.add("email", "Enter a correct email address and password");
                    }
                }
            }
        }
    }
    let page = render(&LoginPage {
        l: Layout::new(&state, &ctx, "Error: Sign in", ""),
        errors,
        email: f.email,
        next: next.map(|n| n.to_string()).unwrap_or_default(),
    })?;
    Ok((status, page).into_response())
}

pub const CODE_PATH: &str = "/login/code";
pub const ENROL_PATH: &str = "/account/two-factor";

#[derive(Template)]
#[template(path = "accounts/login_code.html")]
struct CodePage {
    l: Layout,
    errors: FormErrors,
}

async fn challenge_of(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, User)>, WebError> {
    let Some(token) = read_cookie(headers, &cookie_name(state, CHALLENGE_COOKIE)) else {
        return Ok(None);
    };
    Ok(second_factor::challenge_user(&state.db, &token)
        .await?
        .map(|u| (token, u)))
}

pub async fn code_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if challenge_of(&state, &headers).await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    Ok(render(&CodePage {
        l: Layout::new(&state, &ctx, "Enter your security code", ""),
        errors: FormErrors::default(),
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn code(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let Some((token, user)) = challenge_of(&state, &headers).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let mut errors = FormErrors::default();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if f.code.trim().is_empty() {
        errors.add(
            "code",
            "Enter the code from your authenticator app, or a recovery code",
        );
    } else {
        // Six digits fall to guessing without this: the same allowance as the password.
        match throttle::begin_attempt(&state.db, &user.email, &ctx.client_ip).await? {
            Attempt::Wait { seconds } => {
                status = StatusCode::TOO_MANY_REQUESTS;
                errors.add("code", wait_message(seconds));
            }
            Attempt::Allowed => {
                match second_factor::complete(&state.db, &token, &f.code, &ctx.client_ip).await? {
                    Completed::SignedIn { token, next } => {
                        let to = landing(&state, &user, safe_next(&next).as_ref()).await?;
                        let mut res = signed_in_response(&state, &to, &token);
                        res.headers_mut().append(
                            header::SET_COOKIE,
                            set_cookie(&state, CHALLENGE_COOKIE, "", Some(0)),
                        );
                        return Ok(res);
                    }
                    Completed::NoChallenge => return Ok(Redirect::to("/login").into_response()),
                    Completed::WrongCode => {
                        sessions::record_failure(
                            &state.db,
                            "session.second_factor_refused",
                            &user.email,
                            &ctx.client_ip,
                        )
                        .await?;
                        errors.add("code", "Enter a correct security code");
                    }
                }
            }
        }
    }
    let page = render(&CodePage {
        l: Layout::new(&state, &ctx, "Error: Enter your security code", ""),
        errors,
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
