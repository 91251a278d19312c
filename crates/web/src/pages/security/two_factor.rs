//! The second factor: enrolling one's own, an administrator resetting someone else's, and the
//! office's setting that makes staff use one.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::{Admin, SignedIn};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::security::totp;
use opcc_store::second_factor::{self, Status};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "security/enrol.html")]
struct EnrolPage {
    l: Layout,
    errors: FormErrors,
    required: bool,
    /// Base32 in groups of four, as people type it.
    key: String,
    uri: String,
}

#[derive(Template)]
#[template(path = "security/status.html")]
struct StatusPage {
    l: Layout,
    status: Status,
}

#[derive(Template)]
#[template(path = "security/codes.html")]
struct CodesPage {
    l: Layout,
    codes: Vec<String>,
}

fn grouped(secret: &[u8]) -> String {
    totp::base32_encode(secret)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

async fn enrol_page(
    state: &AppState,
    ctx: &Ctx,
    session: &opcc_store::sessions::Session,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let user = &session.user;
    if let Some(status) = second_factor::status(&state.db, user.id).await? {
        return Ok(render(&StatusPage {
            l: Layout::new(state, ctx, "Second factor", "account"),
            status,
        })?
        .into_response());
    }
    let secret = second_factor::pending_secret(&state.db, user)
        .await?
        .ok_or_else(|| WebError::Internal("no pending second factor".into()))?;
    let status = errors.status();
    let page = render(&EnrolPage {
        l: Layout::new(
            state,
            ctx,
            errors.title("Set up a second factor"),
            "account",
        ),
        errors,
        required: session.must_enrol,
        key: grouped(&secret),
        uri: totp::otpauth_uri(&state.service_name, &user.email, &secret),
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    SignedIn(session): SignedIn,
) -> Result<Response, WebError> {
    enrol_page(&state, &ctx, &session, FormErrors::default()).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    code: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    SignedIn(session): SignedIn,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if f.code.trim().is_empty() {
        errors.add("code", "Enter the 6-digit code from your authenticator app");
    } else {
        match second_factor::confirm(&state.db, &session.user, &f.code).await? {
            Some(codes) => {
                return Ok(render(&CodesPage {
                    l: Layout::new(&state, &ctx, "Your recovery codes", "account"),
                    codes,
                })?
                .into_response());
            }
            None => errors.add(
                "code",
                "The code is not correct: check the key you entered and the time on your phone",
            ),
        }
    }
    enrol_page(&state, &ctx, &session, errors).await
}

/// A user who lost their phone and their recovery codes: an administrator removes the factor,
/// which ends the user's sessions.
pub async fn reset(
    State(state): State<AppState>,
    who: Admin,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    if !second_factor::reset(&state.db, &who.actor(), id).await? {
        return Err(WebError::BadRequest(
            "This user has no second factor to reset".into(),
        ));
    }
    Ok(Redirect::to("/admin/users").into_response())
}

#[derive(Template)]
#[template(path = "security/settings.html")]
struct SettingsPage {
    l: Layout,
    staff_required: bool,
    saved: bool,
}

pub async fn settings(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&SettingsPage {
        l: Layout::new(&state, &ctx, "Security settings", "admin"),
        staff_required: second_factor::staff_required(&state.db).await?,
        saved: false,
    })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    staff_second_factor: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
    Form(f): Form<SettingsForm>,
) -> Result<Html<String>, WebError> {
    let required = match f.staff_second_factor.as_str() {
        "required" => true,
        "optional" => false,
        _ => {
            return Err(WebError::BadRequest(
                "Choose whether staff must use a second factor".into(),
            ));
        }
    };
    second_factor::set_staff_required(&state.db, &who.actor(), required).await?;
    render(&SettingsPage {
        l: Layout::new(&state, &ctx, "Security settings", "admin"),
        staff_required: required,
        saved: true,
    })
}
