//! Every route, with the roles that may use it. This table is the one place access is
//! declared: the router is built from it, and a test walks it with every role.

use crate::access::{ADMIN, Access, OFFICE, OFFICE_AND_PANEL};
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
    use pages::performance::{self, measure, pack};
    use pages::plans::{commitment, export, item_edit, manage, public as plans};
    use pages::{account, admin, audit, auth, public, transparency, two_factor};
    vec![
        get("/", Public, public::home),
        get("/accessibility", Public, public::accessibility),
        get("/assets/{file}", Public, assets::serve),
        get("/healthz", Public, api::healthz),
        // Police and Crime Plans, as the public reads them
        get("/plans", Public, plans::index),
        get("/plans/compare", Public, plans::compare_plans),
        get("/plans/{slug}", Public, plans::show),
        get("/plans/{slug}/items/{key}", Public, plans::item),
        get("/plans/{slug}/inputs", Public, plans::inputs),
        get(
            "/plans/{slug}/commitments.csv",
            Public,
            export::commitments_csv,
        ),
        get(
            "/plans/{slug}/commitments.xlsx",
            Public,
            export::commitments_xlsx,
        ),
        get("/plans/{slug}/comment", Public, plans::comment_form),
        post("/plans/{slug}/comment", Public, plans::comment),
        // Quarterly scrutiny packs: public once their quarter is published
        get("/performance/{slug}/packs/{quarter}", Public, pack::show),
        get("/performance/{slug}/packs/{quarter}/pdf", Public, pack::pdf),
        // Signing in and out
        get("/login", Public, auth::login_form),
        post("/login", Public, auth::login),
        // The second step of signing in, for users with a second factor
        get("/login/code", Public, auth::code_form),
        post("/login/code", Public, auth::code),
        post("/logout", SignedIn, auth::logout),
        get("/signed-out", Public, auth::signed_out),
        // One's own account
        get("/account", SignedIn, account::show),
        get("/account/password", SignedIn, account::password_form),
        post("/account/password", SignedIn, account::change_password),
        get("/account/two-factor", SignedIn, two_factor::show),
        post("/account/two-factor", SignedIn, two_factor::confirm),
        // The admin area
        get("/admin", OFFICE_AND_PANEL, admin::index),
        get("/admin/users", ADMIN, admin::users),
        get("/admin/users/new", ADMIN, admin::new_user_form),
        post("/admin/users", ADMIN, admin::create_user),
        post("/admin/users/{id}/active", ADMIN, admin::set_active),
        post(
            "/admin/users/{id}/two-factor/reset",
            ADMIN,
            two_factor::reset,
        ),
        get("/admin/settings", ADMIN, two_factor::settings),
        post("/admin/settings", ADMIN, two_factor::save_settings),
        // Running plans: the office edits; the Panel reads, comments included
        get("/admin/plans", OFFICE_AND_PANEL, manage::index),
        get("/admin/plans/new", OFFICE, manage::new_form),
        post("/admin/plans", OFFICE, manage::create),
        get("/admin/plans/{slug}", OFFICE_AND_PANEL, manage::show),
        post("/admin/plans/{slug}/transition", OFFICE, manage::transition),
        post("/admin/plans/{slug}/items", OFFICE, manage::add_item),
        post(
            "/admin/plans/{slug}/items/{key}/move",
            OFFICE,
            manage::move_item,
        ),
        post(
            "/admin/plans/{slug}/commitments",
            OFFICE,
            manage::add_commitment,
        ),
        get(
            "/admin/plans/{slug}/commitments/{key}",
            OFFICE_AND_PANEL,
            commitment::show,
        ),
        post(
            "/admin/plans/{slug}/commitments/{key}/status",
            OFFICE,
            commitment::record_status,
        ),
        get(
            "/admin/plans/{slug}/items/{key}/edit",
            OFFICE,
            item_edit::show,
        ),
        post(
            "/admin/plans/{slug}/items/{key}/edit",
            OFFICE,
            item_edit::save,
        ),
        post(
            "/admin/plans/{slug}/commitments/{key}/edit",
            OFFICE,
            commitment::edit,
        ),
        post(
            "/admin/plans/{slug}/panel",
            OFFICE,
            manage::add_panel_record,
        ),
        get(
            "/admin/plans/{slug}/comments",
            OFFICE_AND_PANEL,
            manage::comments,
        ),
        get(
            "/admin/plans/{slug}/comments.csv",
            OFFICE_AND_PANEL,
            export::comments_csv,
        ),
        // Performance against the plan
        get(
            "/admin/performance/{slug}",
            OFFICE_AND_PANEL,
            performance::index,
        ),
        post(
            "/admin/performance/{slug}/upload",
            OFFICE,
            performance::upload,
        ),
        post(
            "/admin/performance/{slug}/publish",
            OFFICE,
            performance::publish,
        ),
        post(
            "/admin/performance/{slug}/derive",
            OFFICE,
            performance::derive,
        ),
        get(
            "/admin/performance/{slug}/measures/{key}",
            OFFICE_AND_PANEL,
            measure::show,
        ),
        post(
            "/admin/performance/{slug}/measures/{key}/values",
            OFFICE,
            measure::save_value,
        ),
        post(
            "/admin/performance/{slug}/measures/{key}/settings",
            OFFICE,
            measure::save_settings,
        ),
        get("/admin/audit", OFFICE, audit::list),
        // The audit chain's signed head, for anyone to keep a copy of
        get(
            "/transparency/audit-checkpoint",
            Public,
            transparency::audit_checkpoint,
        ),
        get(
            "/transparency/audit-checkpoint.txt",
            Public,
            transparency::audit_checkpoint_txt,
        ),
        get("/admin/audit/{seq}", OFFICE, audit::entry),
        // The JSON API
        get("/api/v1/openapi.json", Public, api::openapi),
        get("/api/v1/force-area", Public, api::force_area),
        get("/api/v1/me", SignedIn, api::me),
        get("/api/v1/plans", Public, api::plans::list),
        get("/api/v1/plans/{slug}", Public, api::plans::show),
        get("/api/v1/measures", Public, api::measures::list),
        get(
            "/api/v1/measures/{id}/series",
            Public,
            api::measures::series,
        ),
        get("/api/v1/audit", OFFICE, api::audit),
        get("/api/v1/crime/summary", Public, api::crime::summary),
        get("/api/v1/crime/coverage", Public, api::crime::coverage),
        // Street crime as the public reads it, and its downloads (aggregates only)
        get("/crime", Public, pages::crime::summary),
        get("/crime/map", Public, pages::crime::map),
        get("/crime/compare", Public, pages::crime::compare),
        get("/crime/map.csv", Public, pages::crime::map_csv),
        get("/crime/compare.csv", Public, pages::crime::compare_csv),
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
