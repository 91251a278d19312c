//! Finance: budgets, funding and spending, the council tax precept with the Police and
//! Crime Panel's timetable, and the monthly file of spending over £500.

mod admin;
mod admin_precept;
mod admin_spending;
mod api;
mod pages;
mod precept;
mod spending;

use crate::area::{AdminCard, Area, get, post};
use crate::policy::{Access::Public, OFFICE};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(api::budgets, api::budget, api::precept, api::spending),
    components(schemas(
        opcc_domain::finance::Budget,
        opcc_domain::finance::BudgetLine,
        opcc_domain::finance::Section,
        opcc_domain::finance::Stage,
        opcc_domain::finance::MtfsYear,
        opcc_domain::finance::Revision,
        opcc_domain::finance::precept::Band,
        opcc_domain::finance::precept::Step,
        opcc_domain::finance::precept::Decision,
        opcc_domain::finance::precept::StepRecord,
        api::PreceptJson,
        api::BandBill,
        api::TaxBaseJson,
        api::SpendingJson,
        api::PaymentJson
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("finance")
        .nav("/finance", "Finance", Public)
        .routes(vec![
            get("/finance", Public, pages::index),
            get("/finance/budgets/{year}", Public, pages::year),
            get("/finance/precept", Public, precept::index),
            get("/finance/precept/{year}", Public, precept::year),
            get("/finance/spending", Public, spending::search),
            get("/finance/spending.csv", Public, spending::csv),
            get("/api/v1/finance/budgets", Public, api::budgets),
            get("/api/v1/finance/budgets/{year}", Public, api::budget),
            get("/api/v1/finance/precept", Public, api::precept),
            get("/api/v1/finance/spending", Public, api::spending),
            get("/admin/finance", OFFICE, admin::index),
            post("/admin/finance/budgets", OFFICE, admin::save_header),
            post("/admin/finance/budgets/lines", OFFICE, admin::add_line),
            post(
                "/admin/finance/budgets/revisions",
                OFFICE,
                admin::add_revision,
            ),
            post("/admin/finance/budgets/mtfs", OFFICE, admin::set_mtfs),
            post(
                "/admin/finance/precept",
                OFFICE,
                admin_precept::save_precept,
            ),
            post(
                "/admin/finance/precept/tax-base",
                OFFICE,
                admin_precept::save_tax_base,
            ),
            post(
                "/admin/finance/precept/steps",
                OFFICE,
                admin_precept::record_step,
            ),
            post(
                "/admin/finance/settings",
                OFFICE,
                admin_precept::save_settings,
            ),
            post("/admin/finance/spending", OFFICE, admin_spending::upload),
        ])
        .card(AdminCard {
            href: "/admin/finance",
            title: "Finance",
            text: "Budgets and the Medium Term Financial Strategy, the precept through the \
                   Panel's timetable, and the monthly spending file.",
            access: OFFICE,
            count: None,
        })
        .api(Api::openapi())
}
