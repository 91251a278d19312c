//! Police and Crime Plans: what the public reads, the exports, consultation, and what the
//! office and the Panel use to run a plan.

use crate::api;
use crate::area::{AdminCard, Area, get, post};
use crate::pages::plans::{commitment, export, item_edit, manage, measure_edit, panel, public};
use crate::pages::whats_new;
use crate::policy::{Access::Public, OFFICE, OFFICE_AND_PANEL, PANEL};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(api::plans::list, api::plans::show))]
struct Api;

pub fn area() -> Area {
    Area::new("plans")
        .nav("/plans", "Plans", Public)
        .routes(vec![
            get("/plans", Public, public::index),
            get("/plans/compare", Public, public::compare_plans),
            get("/plans/{slug}", Public, public::show),
            get("/plans/{slug}/items/{key}", Public, public::item),
            get("/plans/{slug}/inputs", Public, public::inputs),
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
            get("/plans/{slug}/comment", Public, public::comment_form),
            post("/plans/{slug}/comment", Public, public::comment),
            // The office edits; the Panel reads, comments included
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
                "/admin/plans/{slug}/measures/new",
                OFFICE,
                measure_edit::new_form,
            ),
            post("/admin/plans/{slug}/measures", OFFICE, measure_edit::create),
            get(
                "/admin/plans/{slug}/measures/{key}/edit",
                OFFICE,
                measure_edit::edit_form,
            ),
            post(
                "/admin/plans/{slug}/measures/{key}/edit",
                OFFICE,
                measure_edit::save,
            ),
            post(
                "/admin/plans/{slug}/measures/{key}/move",
                OFFICE,
                measure_edit::move_measure,
            ),
            post(
                "/admin/plans/{slug}/measures/{key}/retire",
                OFFICE,
                measure_edit::retire,
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
            // The Panel asks and may reword or withdraw its own until the office responds;
            // the office responds and publishes
            get("/admin/plans/{slug}/panel/new", PANEL, panel::new_form),
            post("/admin/plans/{slug}/panel", PANEL, panel::ask),
            get(
                "/admin/plans/{slug}/panel/{question}",
                OFFICE_AND_PANEL,
                panel::show,
            ),
            post(
                "/admin/plans/{slug}/panel/{question}/reword",
                PANEL,
                panel::reword,
            ),
            post(
                "/admin/plans/{slug}/panel/{question}/withdraw",
                PANEL,
                panel::withdraw,
            ),
            post(
                "/admin/plans/{slug}/panel/{question}/respond",
                OFFICE,
                panel::respond,
            ),
            post(
                "/admin/plans/{slug}/panel/{question}/publish",
                OFFICE,
                panel::publish,
            ),
            get(crate::policy::WHATS_NEW, OFFICE_AND_PANEL, whats_new::show),
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
            get("/api/v1/plans", Public, api::plans::list),
            get("/api/v1/plans/{slug}", Public, api::plans::show),
        ])
        .card(AdminCard {
            href: "/admin/plans",
            title: "Plans",
            text: "Police and Crime Plans: priorities, commitments and their statuses, the \
                   lifecycle from draft to publication, consultation comments and the Panel's \
                   recommendations.",
            access: OFFICE_AND_PANEL,
            count: None,
        })
        .api(Api::openapi())
}
