//! Citizens' assemblies: public pages for each assembly (sessions, speakers, outputs), the
//! volunteers' registration form, the published selection report (`public`); the office's
//! pages to set up an assembly, its quotas and sessions, read registrations, run the LEXIMIN
//! selection, publish it and replace drop-outs (`admin`); and the JSON API (`api`).

mod admin;
mod api;
mod public;
mod withdraw;

use crate::area::{AdminCard, Area, get, post};
use crate::policy::{Access::Public, OFFICE};
use utoipa::OpenApi;

/// "1 April 2024" from a stored ISO date or timestamp.
pub(crate) fn long_day(iso: &str) -> String {
    crate::areas::governance::long_day(iso)
}

/// A stored probability ("0.100000") as a percentage people read ("10.00%").
pub(crate) fn percent(p: &str) -> String {
    p.parse::<f64>()
        .map_or_else(|_| p.to_string(), |v| format!("{:.2}%", v * 100.0))
}

#[derive(OpenApi)]
#[openapi(
    paths(api::list, api::show),
    components(schemas(
        api::AssemblyJson,
        api::SelectionJson,
        api::QuotaJson,
        api::VolunteerJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("assemblies")
        .nav("/assemblies", "Assemblies", Public)
        .routes(vec![
            get("/assemblies", Public, public::index),
            get("/assemblies/{slug}", Public, public::show),
            get("/assemblies/{slug}/register", Public, public::register_form),
            post("/assemblies/{slug}/register", Public, public::register),
            get("/assemblies/{slug}/withdraw", Public, withdraw::form),
            post("/assemblies/{slug}/withdraw", Public, withdraw::withdraw),
            get("/assemblies/{slug}/selection", Public, public::selection),
            get(
                "/assemblies/{slug}/selection.csv",
                Public,
                public::selection_csv,
            ),
            get("/api/v1/assemblies", Public, api::list),
            get("/api/v1/assemblies/{slug}", Public, api::show),
            get("/admin/assemblies", OFFICE, admin::index),
            post("/admin/assemblies", OFFICE, admin::create),
            get("/admin/assemblies/{slug}", OFFICE, admin::show),
            post("/admin/assemblies/{slug}/quotas", OFFICE, admin::quota),
            post(
                "/admin/assemblies/{slug}/quotas/{id}/delete",
                OFFICE,
                admin::delete_quota,
            ),
            post("/admin/assemblies/{slug}/sessions", OFFICE, admin::session),
            post("/admin/assemblies/{slug}/speakers", OFFICE, admin::speaker),
            post("/admin/assemblies/{slug}/outputs", OFFICE, admin::outputs),
            post("/admin/assemblies/{slug}/select", OFFICE, admin::select),
            get(
                "/admin/assemblies/{slug}/selecting",
                OFFICE,
                admin::selecting,
            ),
            post("/admin/assemblies/{slug}/publish", OFFICE, admin::publish),
            post("/admin/assemblies/{slug}/replace", OFFICE, admin::replace),
        ])
        .card(AdminCard {
            href: "/admin/assemblies",
            title: "Citizens' assemblies",
            text: "Assemblies, quotas, volunteers' registrations, selection by lot (LEXIMIN) \
                   and replacements.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
