//! Every route, with the roles that may use it. This table is the one place access is
//! declared: the router is built from it, and a test walks it with every role.

use crate::access::{ADMIN, Access, OFFICE};
use crate::{AppState, api, assets, pages};
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;

/// A route as the access test and the docs see it.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

struct Entry {
    route: Route,
    handler: MethodRouter<AppState>,
}

fn get<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, h: H) -> Entry {
    Entry {
        route: Route {
            method: Method::GET,
            path,
            access,
        },
        handler: axum::routing::get(h),
    }
}

fn post<H: Handler<T, AppState>, T: 'static>(path: &'static str, access: Access, h: H) -> Entry {
    Entry {
        route: Route {
            method: Method::POST,
            path,
            access,
        },
        handler: axum::routing::post(h),
    }
}

fn table() -> Vec<Entry> {
    use Access::{Public, SignedIn};
    use pages::{account, admin, audit, auth, public};
    vec![
        get("/", Public, public::home),
        get("/accessibility", Public, public::accessibility),
        get("/assets/{file}", Public, assets::serve),
        get("/healthz", Public, api::healthz),
        // Signing in and out
        get("/login", Public, auth::login_form),
        post("/login", Public, auth::login),
        post("/logout", SignedIn, auth::logout),
        get("/signed-out", Public, auth::signed_out),
        // One's own account
        get("/account", SignedIn, account::show),
        get("/account/password", SignedIn, account::password_form),
        post("/account/password", SignedIn, account::change_password),
        // The admin area
        get("/admin", OFFICE, admin::index),
        get("/admin/users", ADMIN, admin::users),
        get("/admin/users/new", ADMIN, admin::new_user_form),
        post("/admin/users", ADMIN, admin::create_user),
        post("/admin/users/{id}/active", ADMIN, admin::set_active),
        get("/admin/audit", OFFICE, audit::list),
        get("/admin/audit/{seq}", OFFICE, audit::entry),
        // The JSON API
        get("/api/v1/openapi.json", Public, api::openapi),
        get("/api/v1/force-area", Public, api::force_area),
        get("/api/v1/me", SignedIn, api::me),
        get("/api/v1/audit", OFFICE, api::audit),
        get("/api/v1/crime/summary", Public, api::crime::summary),
        get("/api/v1/crime/coverage", Public, api::crime::coverage),
        // Crime data downloads (aggregates only)
        get("/crime/summary.csv", Public, api::crime::summary_csv),
        get("/crime/coverage.csv", Public, api::crime::coverage_csv),
    ]
}

/// The routes and who may use each.
pub fn routes() -> Vec<Route> {
    table().into_iter().map(|e| e.route).collect()
}

pub(crate) fn router() -> Router<AppState> {
    table().into_iter().fold(Router::new(), |router, e| {
        let access = e.route.access;
        router.route(
            e.route.path,
            e.handler.route_layer(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| {
                    crate::access::enforce(access, req, next)
                },
            )),
        )
    })
}
