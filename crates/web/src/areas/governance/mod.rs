//! Governance: the bodies through which the Commissioner holds the force to account and is
//! held to account, their meetings, papers and calendar feeds (`meetings`, `feeds`), the
//! decisions register (`decisions`), questions from the public (`questions`), HMICFRS
//! inspections (`inspections`), the statutory publication register (`transparency`), the
//! office's forms and the joint risk register (`admin`, `admin_questions`) and the JSON API
//! (`api`). What the public may see is decided in the store, by `Viewer`.

mod admin;
mod admin_decisions;
mod admin_questions;
mod admin_risks;
mod api;
mod decisions;
mod feeds;
mod inspections;
mod meetings;
mod panel_questions;
mod questions;
mod transparency;

pub(crate) use admin::upload_fields;

use crate::area::{AdminCard, Area, get, post};
use crate::context::Ctx;
use crate::policy::{Access::Public, OFFICE, PANEL};
use opcc_store::governance::Viewer;
use utoipa::OpenApi;

/// The office sees everything; everyone else (the Panel included) what the public sees.
pub(crate) fn viewer(ctx: &Ctx) -> Viewer {
    if crate::policy::is_office(ctx) {
        Viewer::Office
    } else {
        Viewer::Public
    }
}

/// "1 April 2024" from a stored ISO date or timestamp.
pub(crate) fn long_day(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| {
            time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok()
        })
        .map(opcc_domain::finance::long_date)
        .unwrap_or_else(|| iso.to_string())
}

/// "17 July 2024, 10am" from a meeting's stored local time.
pub(crate) fn long_when(local: &str) -> String {
    opcc_domain::governance::parse_local(local)
        .map(opcc_domain::governance::long_local)
        .unwrap_or_else(|_| local.to_string())
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

#[derive(OpenApi)]
#[openapi(
    paths(api::meetings, api::decisions, api::questions, api::recommendations),
    components(schemas(
        api::MeetingJson,
        api::ItemJson,
        api::PaperJson,
        api::DecisionJson,
        api::QuestionJson,
        api::RecommendationJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("governance")
        .nav("/governance", "Governance", Public)
        .routes(vec![
            get("/governance", Public, meetings::index),
            get("/governance/meetings", Public, meetings::list),
            get("/governance/meetings/{id}", Public, meetings::show),
            get("/governance/papers/{id}", Public, meetings::paper),
            get("/governance/bodies/{slug}", Public, meetings::body),
            get("/governance/calendar.ics", Public, feeds::all),
            get(
                "/governance/bodies/{slug}/calendar.ics",
                Public,
                feeds::body,
            ),
            get("/governance/decisions", Public, decisions::list),
            get("/governance/decisions/{number}", Public, decisions::show),
            get("/governance/questions", Public, questions::published),
            get("/governance/bodies/{slug}/ask", Public, questions::form),
            post("/governance/bodies/{slug}/ask", Public, questions::submit),
            get(
                "/governance/questions/follow/{token}",
                Public,
                questions::follow,
            ),
            get("/governance/panel-questions", PANEL, panel_questions::list),
            post(
                "/governance/panel-questions",
                PANEL,
                panel_questions::submit,
            ),
            post(
                "/governance/panel-questions/{question}/withdraw",
                PANEL,
                panel_questions::withdraw,
            ),
            get("/governance/inspections", Public, inspections::summary),
            get("/transparency", Public, transparency::register),
            get(
                "/transparency/documents/{id}",
                Public,
                transparency::document,
            ),
            get("/api/v1/governance/meetings", Public, api::meetings),
            get("/api/v1/governance/decisions", Public, api::decisions),
            get("/api/v1/governance/questions", Public, api::questions),
            get(
                "/api/v1/governance/recommendations",
                Public,
                api::recommendations,
            ),
            get("/admin/governance", OFFICE, admin::index),
            post("/admin/governance/meetings", OFFICE, admin::create_meeting),
            post(
                "/admin/governance/meetings/{id}/items",
                OFFICE,
                admin::add_item,
            ),
            post(
                "/admin/governance/meetings/{id}/papers",
                OFFICE,
                admin::add_paper,
            ),
            post(
                "/admin/governance/meetings/{id}/attendance",
                OFFICE,
                admin::add_attendance,
            ),
            post(
                "/admin/governance/meetings/{id}/minutes",
                OFFICE,
                admin::save_minutes,
            ),
            post(
                "/admin/governance/meetings/{id}/approve",
                OFFICE,
                admin::approve_minutes,
            ),
            post(
                "/admin/governance/meetings/{id}/actions",
                OFFICE,
                admin::add_action,
            ),
            post(
                "/admin/governance/actions/{id}",
                OFFICE,
                admin::update_action,
            ),
            post(
                "/admin/governance/decisions",
                OFFICE,
                admin_decisions::create_decision,
            ),
            post(
                "/admin/governance/decisions/{number}/publish",
                OFFICE,
                admin_decisions::publish_decision,
            ),
            post(
                "/admin/governance/decisions/{number}/links",
                OFFICE,
                admin_decisions::link_decision,
            ),
            post(
                "/admin/governance/inspections/{id}/response",
                OFFICE,
                admin_decisions::respond,
            ),
            post(
                "/admin/governance/findings/{id}",
                OFFICE,
                admin_decisions::track_finding,
            ),
            get("/admin/governance/risks", OFFICE, admin_risks::risks),
            post("/admin/governance/risks", OFFICE, admin_risks::save_risk),
            post(
                "/admin/governance/publication",
                OFFICE,
                admin::upload_document,
            ),
            get("/admin/governance/questions", OFFICE, admin_questions::list),
            post(
                "/admin/governance/questions/{id}",
                OFFICE,
                admin_questions::step,
            ),
        ])
        .card(AdminCard {
            href: "/admin/governance",
            title: "Governance",
            text: "Meetings and papers, decisions, questions from the public, actions, \
                   inspections, the joint risk register and the publication register.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
