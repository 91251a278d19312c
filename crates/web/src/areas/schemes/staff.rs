//! Who is staff of each scheme (`/admin/schemes/staff`, administrators only): only a scheme's
//! staff see its volunteers' personal data. An administrator adds an active office user to a
//! scheme or removes them; each change is an audit entry naming the user by id. A refusal is
//! shown on the form with an error summary (422).

use super::apply::field_error;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Admin;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use opcc_store::accounts::User;
use opcc_store::schemes::staff::{self, Assignment};
use serde::Deserialize;

const PAGE: &str = "/admin/schemes/staff";

pub struct SchemeStaff {
    pub slug: String,
    pub name: String,
    pub staff: Vec<Assignment>,
}

#[derive(Template)]
#[template(path = "schemes/staff.html")]
struct Page {
    l: Layout,
    schemes: Vec<SchemeStaff>,
    candidates: Vec<User>,
    errors: FormErrors,
    scheme: String,
    user_id: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    errors: FormErrors,
    scheme: String,
    user_id: String,
) -> Result<Response, WebError> {
    let all = staff::list(&state.db).await?;
    let schemes = opcc_store::schemes::schemes(&state.db)
        .await?
        .into_iter()
        .map(|s| SchemeStaff {
            staff: all.iter().filter(|a| a.scheme == s.slug).cloned().collect(),
            slug: s.slug,
            name: s.name,
        })
        .collect();
    let candidates = opcc_store::accounts::list_users(&state.db)
        .await?
        .into_iter()
        .filter(crate::policy::may_own_office_work)
        .collect();
    let title = errors.title("Scheme staff");
    Ok((
        errors.status(),
        render(&Page {
            l: Layout::new(state, ctx, &title, "schemes"),
            schemes,
            candidates,
            errors,
            scheme,
            user_id,
        })?,
    )
        .into_response())
}

/// `GET /admin/schemes/staff`.
pub async fn show(State(state): State<AppState>, ctx: Ctx, _: Admin) -> Result<Response, WebError> {
    page(
        &state,
        &ctx,
        FormErrors::default(),
        String::new(),
        String::new(),
    )
    .await
}

#[derive(Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    scheme: String,
    #[serde(default)]
    user_id: String,
}

/// `POST /admin/schemes/staff`: `action` add or remove, `scheme` (slug) and `user_id`.
pub async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
    Form(f): Form<StaffForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if f.scheme.trim().is_empty() {
        errors.add("scheme", "Choose the scheme");
    }
    let user = f.user_id.trim().parse::<i64>().ok();
    if user.is_none() {
        errors.add("user_id", "Choose a member of the office");
    }
    if let (Some(user), true) = (user, errors.is_empty()) {
        let r = match f.action.as_str() {
            "remove" => staff::remove(&state.db, &who.actor(), &f.scheme, user).await,
            _ => staff::add(&state.db, &who.actor(), &f.scheme, user).await,
        };
        match r {
            Ok(()) => return Ok(Redirect::to(PAGE).into_response()),
            Err(StoreError::Invalid(p)) => {
                let (field, message) = field_error(&p);
                errors.add(
                    if field == "scheme" {
                        "scheme"
                    } else {
                        "user_id"
                    },
                    message,
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    page(&state, &ctx, errors, f.scheme, f.user_id).await
}
