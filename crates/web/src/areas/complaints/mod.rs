//! Police complaints: complaints about the Chief Constable and review requests, seen only by
//! the complaints team (office users an administrator grants the role; every view audited)
//! (`casework`, `chief_constable`, `persons`), the office's oversight of the force's complaint
//! handling (`oversight`), the public's aggregate pages and the item 7C statement (`public`)
//! and the aggregate JSON API (`api`). Casework routes admit the office; each handler then
//! refuses anyone not on the team, so that no staff member without the role, no Panel member
//! and no member of the public reaches a complainant's personal data.

mod api;
mod casework;
mod chief_constable;
mod intake;
mod kept;
mod letters;
mod oversight;
mod persons;
mod public;
mod trend;

use crate::AppState;
use crate::area::{AdminCard, Area, get, post};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{ADMIN, Access::Public, OFFICE, Office};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::policy::{self, Person};
use opcc_store::StoreError;
use utoipa::OpenApi;

/// The office user as the rules see them, refused unless on the complaints team: as not
/// found, so that casework neither shows nor admits that it exists.
pub(crate) async fn team(state: &AppState, who: &Office) -> Result<Person, WebError> {
    let mut p = crate::policy::person(who.user());
    p.complaints_team = opcc_store::complaints::is_member(&state.db, p.user_id).await?;
    if policy::may_see_complainant(&p) {
        Ok(p)
    } else {
        Err(WebError::NotFound)
    }
}

/// "1 April 2024" from a stored ISO date.
pub(crate) fn day(iso: &str) -> String {
    opcc_domain::complaints::parse_day(iso)
        .map(opcc_domain::finance::long_date)
        .unwrap_or_else(|| iso.to_string())
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

/// After a form: on to `next`, or the store's refusal on a page of its own naming the field.
pub(crate) fn done(
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
                l: Layout::new(state, ctx, "Error: the change was not saved", "complaints"),
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
    paths(api::reviews, api::iopc),
    components(schemas(api::ReviewYearJson, api::IopcFigureJson))
)]
struct Api;

pub fn area() -> Area {
    Area::new("complaints")
        .nav("/complaints", "Complaints", Public)
        .routes(vec![
            get("/complaints", Public, public::index),
            get("/complaints/statement/{year}", Public, public::statement),
            get("/api/v1/complaints/reviews", Public, api::reviews),
            get("/api/v1/complaints/iopc", Public, api::iopc),
            get("/admin/complaints", OFFICE, casework::index),
            get("/admin/complaints/team", ADMIN, oversight::team),
            post("/admin/complaints/team", ADMIN, oversight::set_team),
            get(
                "/admin/complaints/letter-template",
                OFFICE,
                letters::template_form,
            ),
            post(
                "/admin/complaints/letter-template",
                OFFICE,
                letters::save_template,
            ),
            get("/admin/complaints/retention", OFFICE, casework::retention),
            get("/admin/complaints/reviews/new", OFFICE, intake::new_review),
            post("/admin/complaints/reviews", OFFICE, intake::create_review),
            get("/admin/complaints/reviews/{id}", OFFICE, casework::review),
            post(
                "/admin/complaints/reviews/{id}/{step}",
                OFFICE,
                casework::review_step,
            ),
            get(
                "/admin/complaints/reviews/{id}/letter",
                OFFICE,
                letters::letter,
            ),
            get(
                "/admin/complaints/reviews/{id}/letter.txt",
                OFFICE,
                letters::letter_file,
            ),
            get(
                "/admin/complaints/chief-constable/new",
                OFFICE,
                chief_constable::new_form,
            ),
            post(
                "/admin/complaints/chief-constable",
                OFFICE,
                chief_constable::create,
            ),
            get(
                "/admin/complaints/chief-constable/{id}",
                OFFICE,
                chief_constable::show,
            ),
            post(
                "/admin/complaints/chief-constable/{id}/step",
                OFFICE,
                chief_constable::step,
            ),
            get("/admin/complaints/persons/{id}", OFFICE, persons::show),
            get(
                "/admin/complaints/persons/{id}/export.json",
                OFFICE,
                persons::json,
            ),
            get(
                "/admin/complaints/persons/{id}/export.csv",
                OFFICE,
                persons::csv,
            ),
            get("/admin/complaints/oversight", OFFICE, oversight::index),
            post("/admin/complaints/iopc", OFFICE, oversight::enter),
            post("/admin/complaints/iopc/upload", OFFICE, oversight::upload),
            post("/admin/complaints/themes", OFFICE, oversight::add_theme),
            post("/admin/complaints/themes/{id}", OFFICE, oversight::respond),
            post(
                "/admin/complaints/statements",
                OFFICE,
                oversight::save_statement,
            ),
        ])
        .card(AdminCard {
            href: "/admin/complaints",
            title: "Police complaints",
            text: "Complaints about the Chief Constable and review requests (the complaints \
                   team only), the IOPC's statistics, themes fed back to the force and the \
                   item 7C statement.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
