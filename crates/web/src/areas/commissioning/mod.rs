//! Commissioning and grants: the public funding pages, 360Giving downloads and the "get
//! help" directory (`public`), the Open Referral UK feed (`oruk`), a provider's applications
//! and returns (`apply`), the office's dashboard, scoring, awards, pipeline and uploads
//! (`office`, `scoring`) and the JSON API (`api`). A provider sees only its own
//! organisation's records: `opcc_domain::policy::may_see_organisation_record`, with the
//! person built from the area's membership table.

mod api;
mod apply;
mod decide;
mod offer;
mod office;
mod oruk;
mod public;
mod scoring;

use crate::AppState;
use crate::area::{AdminCard, Area, get, post};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{Access, Access::Public, OFFICE};
use askama::Template;
use axum::extract::Multipart;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::accounts::Role;
use opcc_store::StoreError;
use utoipa::OpenApi;

/// Providers: community groups applying for grants and commissioned services sending returns.
pub const PROVIDER: Access = Access::Roles(&[Role::Provider]);
/// Providers (their own organisation's records) and the office (every record).
pub const PROVIDER_OR_OFFICE: Access = Access::Roles(&[Role::Admin, Role::Staff, Role::Provider]);

pub(crate) use super::governance::long_day;

pub(crate) fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// "£1,250.00", or "Not stated" for an amount the sources do not give.
pub(crate) fn money(s: &str) -> String {
    s.parse::<rust_decimal::Decimal>()
        .map(opcc_domain::finance::pounds)
        .unwrap_or_else(|_| "Not stated".into())
}

#[derive(Template)]
#[template(path = "commissioning/problem.html")]
struct ProblemPage {
    l: Layout,
    problems: Vec<String>,
    back: String,
}

/// After a form: on to `next`, or what the store refused, on a page naming the field.
pub(crate) async fn done(
    state: &AppState,
    ctx: &Ctx,
    r: Result<String, StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(next) => Ok(Redirect::to(&next).into_response()),
        Err(StoreError::Invalid(p)) => problems(state, ctx, vec![p], back),
        Err(e) => Err(e.into()),
    }
}

pub(crate) fn problems(
    state: &AppState,
    ctx: &Ctx,
    problems: Vec<String>,
    back: &str,
) -> Result<Response, WebError> {
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&ProblemPage {
            l: Layout::new(state, ctx, "Error: nothing was saved", "commissioning"),
            problems,
            back: back.to_string(),
        })?,
    )
        .into_response())
}

/// An upload's file (field `file`, its name as sent) and its other fields; the body's size is
/// bounded before any of it is read.
pub(crate) async fn upload(
    mut form: Multipart,
) -> Result<(Vec<(String, String)>, Option<(String, Vec<u8>)>), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    };
    let (mut fields, mut file) = (Vec::new(), None);
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let sent_as = field.file_name().unwrap_or("upload").to_string();
            file = Some((sent_as, field.bytes().await.map_err(bad)?.to_vec()));
        } else {
            fields.push((name, field.text().await.map_err(bad)?));
        }
    }
    Ok((fields, file.filter(|(_, b)| !b.is_empty())))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        api::funds,
        api::programmes,
        api::awards,
        api::services,
        api::application
    ),
    components(schemas(
        api::FundJson,
        api::ProgrammeJson,
        api::AwardJson,
        api::ServiceJson,
        api::ApplicationJson,
        api::BudgetLineJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("commissioning")
        .nav("/funding", "Funding", Public)
        .routes(vec![
            get("/funding", Public, public::funding),
            get("/funding/grants/{identifier}", Public, public::grant),
            get("/funding/360giving.json", Public, public::giving_json),
            get("/funding/360giving.csv", Public, public::giving_csv),
            get("/funding/services", Public, public::results),
            get("/get-help", Public, public::directory),
            get("/get-help/{slug}", Public, public::help),
            get("/openreferral/", Public, oruk::index),
            get("/openreferral/services", Public, oruk::services),
            get("/openreferral/services/{id}", Public, oruk::service),
            get("/openreferral/organizations", Public, oruk::organizations),
            get(
                "/openreferral/service_at_locations",
                Public,
                oruk::service_at_locations,
            ),
            get("/openreferral/taxonomies", Public, oruk::taxonomies),
            get("/api/v1/commissioning/funds", Public, api::funds),
            get("/api/v1/commissioning/programmes", Public, api::programmes),
            get("/api/v1/commissioning/awards", Public, api::awards),
            get("/api/v1/commissioning/services", Public, api::services),
            get(
                "/api/v1/commissioning/applications/{id}",
                PROVIDER_OR_OFFICE,
                api::application,
            ),
            get("/grants", Access::SignedIn, apply::index),
            get("/grants/rounds/{slug}/apply", PROVIDER, apply::new_form),
            post("/grants/rounds/{slug}/apply", PROVIDER, apply::create),
            get("/grants/applications/{id}", PROVIDER, apply::show),
            post("/grants/applications/{id}", PROVIDER, apply::save),
            post("/grants/applications/{id}/submit", PROVIDER, apply::submit),
            post("/grants/returns", PROVIDER, apply::upload_returns),
            get("/admin/commissioning", OFFICE, office::dashboard),
            get("/admin/commissioning/pipeline", OFFICE, office::pipeline),
            post(
                "/admin/commissioning/organisations",
                OFFICE,
                office::add_organisation,
            ),
            post("/admin/commissioning/members", OFFICE, office::set_member),
            post(
                "/admin/commissioning/returns",
                OFFICE,
                office::upload_returns,
            ),
            post(
                "/admin/commissioning/returns/{id}/review",
                OFFICE,
                office::review_return,
            ),
            post(
                "/admin/commissioning/services/{slug}/stage",
                OFFICE,
                office::set_stage,
            ),
            post("/admin/commissioning/import", OFFICE, office::import_giving),
            get(
                "/admin/commissioning/applications/{id}",
                OFFICE,
                scoring::show,
            ),
            post(
                "/admin/commissioning/applications/{id}/conflict",
                OFFICE,
                scoring::conflict,
            ),
            post(
                "/admin/commissioning/applications/{id}/score",
                OFFICE,
                scoring::score,
            ),
            post(
                "/admin/commissioning/applications/{id}/award",
                OFFICE,
                scoring::award,
            ),
            post(
                "/admin/commissioning/applications/{id}/moderate",
                OFFICE,
                decide::moderate,
            ),
            post(
                "/admin/commissioning/applications/{id}/decline",
                OFFICE,
                decide::decline,
            ),
            get(
                "/admin/commissioning/awards/{identifier}",
                OFFICE,
                decide::award_page,
            ),
            post(
                "/admin/commissioning/awards/{identifier}/payments/{payment}",
                OFFICE,
                decide::pay,
            ),
            post(
                "/admin/commissioning/awards/{identifier}/variations",
                OFFICE,
                decide::vary,
            ),
            post(
                "/admin/commissioning/awards/{identifier}/clawback",
                OFFICE,
                decide::clawback,
            ),
            post(
                "/admin/commissioning/returns/{id}/query",
                OFFICE,
                decide::query_return,
            ),
            get(
                "/admin/commissioning/attachments/{id}",
                OFFICE,
                decide::attachment,
            ),
            get("/grants/awards/{identifier}", PROVIDER, offer::show),
            post(
                "/grants/awards/{identifier}/accept",
                PROVIDER,
                offer::accept,
            ),
            post(
                "/grants/awards/{identifier}/reports",
                PROVIDER,
                offer::report,
            ),
            post(
                "/grants/applications/{id}/attachments",
                PROVIDER,
                offer::upload,
            ),
            get("/grants/attachments/{id}", PROVIDER, offer::attachment),
            get("/funding/360giving.xlsx", Public, public::giving_xlsx),
        ])
        .card(AdminCard {
            href: "/admin/commissioning",
            title: "Commissioning and grants",
            text: "Applications to score and award, providers' returns due and overdue, \
                   contracts ending within six months, the commissioning pipeline and 360Giving \
                   imports.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
