//! Volunteer scrutiny schemes: the public statistics (`public`), volunteers' reports from
//! start to submission (`reports`), the office's dashboard, volunteers, findings and
//! corrections (`office`), the out-of-court resolution panel (`panel`) and the JSON API
//! (`api`). Who may see a report is decided in the store by `policy::may_see_report`; a
//! volunteer's personal data appears only on the office's pages.

mod api;
mod apply;
mod draw;
mod events;
mod expenses;
mod mine;
mod office;
mod panel;
mod public;
mod report_list;
mod reports;
mod rota;
mod staff;
mod volunteer;

use crate::AppState;
use crate::area::{AdminCard, Area, get, post};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{ADMIN, Access::Public, OFFICE, OFFICE_AND_VOLUNTEERS};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use utoipa::OpenApi;

pub(crate) use super::governance::long_day;

/// The schemes (slugs) this office user is staff of: whose volunteers' personal data they
/// see. An administrator is no exception (docs/schemes.md).
pub(crate) async fn staff_of(
    state: &AppState,
    who: &crate::policy::Office,
) -> Result<Vec<String>, WebError> {
    Ok(opcc_store::schemes::staff::schemes_of(&state.db, who.user().id).await?)
}

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

/// After a form: on to `next`, or the store's refusal on a page naming the field, with a way
/// back.
pub(crate) async fn done(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    next: &str,
    back: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(next).into_response()),
        Err(StoreError::Invalid(problem)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ProblemPage {
                l: Layout::new(state, ctx, "Error: the change was not saved", "schemes"),
                problem,
                back: back.to_string(),
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(api::statistics, api::findings, api::report, api::volunteers),
    components(schemas(
        opcc_domain::schemes::stats::Figures,
        api::StatisticsJson,
        api::FindingJson,
        api::ReportJson,
        api::ObservationJson,
        api::SchemeVolunteerJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("schemes")
        .nav("/schemes", "Volunteer schemes", Public)
        .routes(vec![
            get("/schemes", Public, public::statistics),
            get("/schemes/statistics.csv", Public, public::csv),
            get("/schemes/reports", OFFICE_AND_VOLUNTEERS, report_list::list),
            post(
                "/schemes/reports",
                OFFICE_AND_VOLUNTEERS,
                report_list::start,
            ),
            get(
                "/schemes/reports/{id}",
                OFFICE_AND_VOLUNTEERS,
                reports::show,
            ),
            post(
                "/schemes/reports/{id}/observations",
                OFFICE_AND_VOLUNTEERS,
                reports::add_observation,
            ),
            post(
                "/schemes/reports/{id}/observations/{observation}/remove",
                OFFICE_AND_VOLUNTEERS,
                reports::remove_observation,
            ),
            post(
                "/schemes/reports/{id}/findings",
                OFFICE_AND_VOLUNTEERS,
                reports::add_finding,
            ),
            post(
                "/schemes/reports/{id}/notes",
                OFFICE_AND_VOLUNTEERS,
                reports::save_notes,
            ),
            post(
                "/schemes/reports/{id}/submit",
                OFFICE_AND_VOLUNTEERS,
                reports::submit,
            ),
            get("/schemes/panel", OFFICE_AND_VOLUNTEERS, panel::member),
            post(
                "/schemes/panel/reviews/{id}/view",
                OFFICE_AND_VOLUNTEERS,
                panel::record_view,
            ),
            get("/admin/schemes", OFFICE, office::dashboard),
            get("/admin/schemes/staff", ADMIN, staff::show),
            get("/admin/schemes/events", OFFICE, events::list),
            post("/admin/schemes/events", OFFICE, events::add),
            post("/admin/schemes/staff", ADMIN, staff::change),
            post("/admin/schemes/volunteers", OFFICE, office::add_volunteer),
            get("/admin/schemes/volunteers/{id}", OFFICE, volunteer::show),
            post(
                "/admin/schemes/volunteers/{id}/renew",
                OFFICE,
                volunteer::renew,
            ),
            post(
                "/admin/schemes/volunteers/{id}/leave",
                OFFICE,
                volunteer::leave,
            ),
            post("/admin/schemes/findings/{id}", OFFICE, office::respond),
            post(
                "/admin/schemes/reports/{id}/correct",
                OFFICE,
                office::correct,
            ),
            get("/admin/schemes/panel", OFFICE, panel::index),
            post("/admin/schemes/panel/lists", OFFICE, panel::upload),
            post("/admin/schemes/panel/draws", OFFICE, panel::draw),
            get("/admin/schemes/panel/draws/{id}", OFFICE, draw::show),
            post(
                "/admin/schemes/panel/reviews/{id}/outcome",
                OFFICE,
                draw::outcome,
            ),
            post(
                "/admin/schemes/panel/draws/{id}/feedback",
                OFFICE,
                draw::feedback,
            ),
            post(
                "/admin/schemes/panel/feedback/{id}/response",
                OFFICE,
                draw::feedback_response,
            ),
            get("/api/v1/schemes/statistics", Public, api::statistics),
            get("/api/v1/schemes/findings", OFFICE, api::findings),
            get("/api/v1/schemes/volunteers", OFFICE, api::volunteers),
            get(
                "/api/v1/schemes/reports/{id}",
                OFFICE_AND_VOLUNTEERS,
                api::report,
            ),
            get("/schemes/apply", Public, apply::form),
            post("/schemes/apply", Public, apply::submit),
            get("/admin/schemes/applications", OFFICE, apply::applications),
            post("/admin/schemes/applications/{id}", OFFICE, apply::decide),
            get("/admin/schemes/rota", OFFICE, rota::show),
            post("/admin/schemes/rota", OFFICE, rota::act),
            post("/admin/schemes/rota/{id}", OFFICE, rota::edit),
            get("/schemes/me", OFFICE_AND_VOLUNTEERS, mine::show),
            post(
                "/schemes/me/availability",
                OFFICE_AND_VOLUNTEERS,
                mine::availability,
            ),
            post("/schemes/me/expenses", OFFICE_AND_VOLUNTEERS, mine::claim),
            get("/admin/schemes/expenses", OFFICE, expenses::list),
            post("/admin/schemes/expenses/{id}", OFFICE, expenses::decide),
        ])
        .card(AdminCard {
            href: "/admin/schemes",
            title: "Volunteer schemes",
            text: "Custody visits, call audits and dog welfare visits, findings and the \
                   force's responses, volunteers' vetting and training, and the out-of-court \
                   resolution panel's draws.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
