//! Administrators manage user accounts: the list, adding a user, deactivating a leaver.

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Admin;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::accounts::{Email, Role};
use opcc_store::accounts::{self, CreateUserError, NewUser, User};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "accounts/users.html")]
struct UsersPage {
    l: Layout,
    users: Vec<User>,
    me: i64,
    /// Users with a second factor set up.
    enrolled: std::collections::HashSet<i64>,
}

pub async fn users(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
) -> Result<Html<String>, WebError> {
    render(&UsersPage {
        l: Layout::new(&state, &ctx, "Users", "admin"),
        users: accounts::list_users(&state.db).await?,
        me: who.user().id,
        enrolled: opcc_store::second_factor::enrolled_users(&state.db).await?,
    })
}

#[derive(Template)]
#[template(path = "accounts/user_new.html")]
struct NewUserPage {
    l: Layout,
    errors: FormErrors,
    form: NewUserForm,
    roles: [Role; 5],
}

#[derive(Deserialize, Default, Clone)]
pub struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
}

pub async fn new_user_form(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Html<String>, WebError> {
    render(&NewUserPage {
        l: Layout::new(&state, &ctx, "Add a user", "admin"),
        errors: FormErrors::default(),
        form: NewUserForm::default(),
        roles: Role::ALL,
    })
}

#[derive(Template)]
#[template(path = "accounts/user_created.html")]
struct UserCreatedPage {
    l: Layout,
    user: User,
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
    Form(f): Form<NewUserForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let email = Email::parse(&f.email);
    if let Err(e) = &email {
        errors.add("email", e.to_string());
    }
    if f.display_name.trim().is_empty() {
        errors.add("display_name", "Enter the person's full name");
    } else if f.display_name.chars().count() > 200 {
        errors.add("display_name", "Name must be 200 characters or fewer");
    }
    let role = f.role.parse::<Role>();
    if role.is_err() {
        errors.add("role", "Select the user's role");
    }
    if let (Ok(email), Ok(role), true) = (&email, &role, errors.is_empty()) {
        let password = accounts::generate_password();
        let created = accounts::create_user(
            &state.db,
            &who.actor(),
            NewUser {
                email: email.clone(),
                display_name: f.display_name.clone(),
                role: *role,
                password: password.clone(),
            },
        )
        .await;
        match created {
            Ok(user) => {
                return Ok(render(&UserCreatedPage {
                    l: Layout::new(&state, &ctx, "User added", "admin"),
                    user,
                    password,
                })?
                .into_response());
            }
            Err(CreateUserError::EmailTaken(_)) => {
                errors.add("email", "A user with this email address already exists")
            }
            Err(CreateUserError::Store(e)) => return Err(e.into()),
        }
    }
    let page = render(&NewUserPage {
        l: Layout::new(&state, &ctx, "Error: Add a user", "admin"),
        errors,
        form: f,
        roles: Role::ALL,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

/// Deactivating ends a user's sessions at once (they are looked up with the user's state),
/// keeps their history, and can be undone.
pub async fn set_active(
    State(state): State<AppState>,
    who: Admin,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, WebError> {
    let active = match f.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(WebError::BadRequest("active must be 0 or 1".into())),
    };
    if id == who.user().id && !active {
        return Err(WebError::BadRequest(
            "You cannot deactivate your own account".into(),
        ));
    }
    let changed = accounts::set_active(&state.db, &who.actor(), id, active).await?;
    if !changed {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to("/admin/users").into_response())
}
