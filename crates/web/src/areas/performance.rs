//! Performance against the plan: measure values, their SPC reading, and the quarterly
//! scrutiny packs, public once their quarter is published.

use crate::api;
use crate::area::{Area, get, post};
use crate::pages::performance::{self, measure, pack};
use crate::policy::{Access::Public, OFFICE, OFFICE_AND_PANEL};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(paths(api::measures::list, api::measures::series))]
struct Api;

pub fn area() -> Area {
    Area::new("performance")
        .routes(vec![
            get("/performance/{slug}/packs/{quarter}", Public, pack::show),
            get("/performance/{slug}/packs/{quarter}/pdf", Public, pack::pdf),
            get(
                "/admin/performance/{slug}",
                OFFICE_AND_PANEL,
                performance::index,
            ),
            get(
                "/admin/performance/{slug}/template.csv",
                OFFICE,
                performance::template_csv,
            ),
            post(
                "/admin/performance/{slug}/upload",
                OFFICE,
                performance::upload,
            ),
            get(
                "/admin/performance/{slug}/publish",
                OFFICE,
                performance::publish_confirm,
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
            get("/api/v1/measures", Public, api::measures::list),
            get(
                "/api/v1/measures/{id}/series",
                Public,
                api::measures::series,
            ),
        ])
        .api(Api::openapi())
}
