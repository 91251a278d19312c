//! Accounts: signing in and out, one's own account, and administrators managing users.

use crate::api;
use crate::area::{AdminCard, Area, Count, get, post};
use crate::pages::accounts::{account, notifications, sign_in, users};
use crate::policy::{ADMIN, Access::Public, Access::SignedIn};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(api::accounts::me), components(schemas(api::accounts::Me)))]
struct Api;

pub fn area() -> Area {
    Area::new("accounts")
        .routes(vec![
            get("/login", Public, sign_in::login_form),
            post("/login", Public, sign_in::login),
            post("/logout", SignedIn, sign_in::logout),
            get("/signed-out", Public, sign_in::signed_out),
            get("/account", SignedIn, account::show),
            get("/account/password", SignedIn, account::password_form),
            post("/account/password", SignedIn, account::change_password),
            get("/account/notifications", SignedIn, notifications::show),
            post("/account/notifications", SignedIn, notifications::save),
            get("/admin/users", ADMIN, users::users),
            get("/admin/users/new", ADMIN, users::new_user_form),
            post("/admin/users", ADMIN, users::create_user),
            post("/admin/users/{id}/active", ADMIN, users::set_active),
            get("/api/v1/me", SignedIn, api::accounts::me),
        ])
        .card(AdminCard {
            href: "/admin/users",
            title: "Users",
            text: "Add users, and deactivate those who leave.",
            access: ADMIN,
            count: Some(Count {
                count: |db| Box::pin(opcc_store::accounts::user_count(db)),
                one: "account",
                many: "accounts",
            }),
        })
        .api(Api::openapi())
}
