//! Engagement: consultations and surveys (the public's form and results, `surveys`; the
//! office's builder, paper responses, quotes and "you said, we did", `admin`), results as
//! charts with tables and CSV/XLSX downloads (`results`), engagement events on a map drawn
//! from the shipped boundaries and in an iCalendar feed (`events`), the youth commission
//! (`youth`) and the JSON API (`api`). What the public may see is decided in the store.

mod admin;
mod api;
mod event_form;
mod events;
mod results;
mod surveys;
mod youth;

use crate::area::{AdminCard, Area, get, post};
use crate::context::Ctx;
use crate::policy::{Access::Public, OFFICE};
use opcc_store::engagement::Viewer;
use utoipa::OpenApi;

pub(crate) use super::governance::{long_day, long_when, today};

/// The office sees drafts; everyone else what the public sees.
pub(crate) fn viewer(ctx: &Ctx) -> Viewer {
    if crate::policy::is_office(ctx) {
        Viewer::Office
    } else {
        Viewer::Public
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(api::consultations, api::events),
    components(schemas(
        api::ConsultationJson,
        api::SurveyQuestionJson,
        api::LineJson,
        api::QuoteJson,
        api::OutcomeJson,
        api::EventJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("engagement")
        .nav("/engagement", "Have your say", Public)
        .routes(vec![
            get("/engagement", Public, surveys::index),
            get("/engagement/consultations/{slug}", Public, surveys::show),
            post("/engagement/consultations/{slug}", Public, surveys::submit),
            get(
                "/engagement/consultations/{slug}/results.csv",
                Public,
                results::csv,
            ),
            get(
                "/engagement/consultations/{slug}/results.xlsx",
                Public,
                results::xlsx,
            ),
            get("/engagement/plans/{slug}", Public, surveys::plan),
            get("/engagement/events", Public, events::map),
            get("/engagement/events.ics", Public, events::feed),
            get("/engagement/youth-commission", Public, youth::page),
            get(
                "/api/v1/engagement/consultations",
                Public,
                api::consultations,
            ),
            get("/api/v1/engagement/events", Public, api::events),
            get("/admin/engagement", OFFICE, admin::index),
            post("/admin/engagement/surveys", OFFICE, admin::create_survey),
            get("/admin/engagement/surveys/{slug}", OFFICE, admin::survey),
            post(
                "/admin/engagement/surveys/{slug}/questions",
                OFFICE,
                admin::add_question,
            ),
            post(
                "/admin/engagement/surveys/{slug}/questions/{id}/remove",
                OFFICE,
                admin::remove_question,
            ),
            post(
                "/admin/engagement/surveys/{slug}/publish",
                OFFICE,
                admin::publish,
            ),
            get(
                "/admin/engagement/surveys/{slug}/paper",
                OFFICE,
                admin::paper_form,
            ),
            post(
                "/admin/engagement/surveys/{slug}/paper",
                OFFICE,
                admin::paper,
            ),
            post(
                "/admin/engagement/surveys/{slug}/outcomes",
                OFFICE,
                admin::add_outcome,
            ),
            post("/admin/engagement/answers/{id}/quote", OFFICE, admin::quote),
            post("/admin/engagement/events", OFFICE, event_form::create_event),
            get("/admin/engagement/youth", OFFICE, youth::admin),
            post("/admin/engagement/youth/members", OFFICE, youth::add_member),
            post(
                "/admin/engagement/youth/members/{id}/leave",
                OFFICE,
                youth::leave,
            ),
            post("/admin/engagement/youth/rounds", OFFICE, youth::add_round),
            post(
                "/admin/engagement/youth/rounds/{id}/recommendations",
                OFFICE,
                youth::add_recommendation,
            ),
            post(
                "/admin/engagement/youth/recommendations/{id}/response",
                OFFICE,
                youth::respond,
            ),
            get(
                "/admin/engagement/events/{id}",
                OFFICE,
                event_form::edit_form,
            ),
            post("/admin/engagement/events/{id}", OFFICE, event_form::update),
            post(
                "/admin/engagement/events/{id}/cancel",
                OFFICE,
                event_form::cancel,
            ),
        ])
        .card(AdminCard {
            href: "/admin/engagement",
            title: "Engagement",
            text: "Consultations and surveys (questions, paper responses, results, quotes and \
                   \"you said, we did\"), engagement events and the youth commission.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
