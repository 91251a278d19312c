//! Street crime from data.police.uk as the public reads it, with its downloads (aggregates
//! only) and its API.

use crate::area::{Area, get};
use crate::pages::crime;
use crate::policy::Access::Public;
use crate::{api, api::crime as crime_api};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(crime_api::summary, crime_api::coverage),
    components(schemas(
        opcc_domain::crime::Summary,
        opcc_domain::crime::SummaryRow,
        opcc_domain::crime::By,
        opcc_domain::crime::Area,
        opcc_domain::crime::Kind,
        opcc_domain::crime::CoverageEntry,
        opcc_domain::crime::CoverageSpan,
        crime_api::Coverage
    ))
)]
struct Api;

pub fn area() -> Area {
    Area::new("crime")
        .nav("/crime", "Crime", Public)
        .routes(vec![
            get("/crime", Public, crime::summary),
            get("/crime/map", Public, crime::map),
            get("/crime/compare", Public, crime::compare),
            get("/crime/map.csv", Public, crime::map_csv),
            get("/crime/compare.csv", Public, crime::compare_csv),
            get("/crime/summary.csv", Public, api::crime::summary_csv),
            get("/crime/coverage.csv", Public, api::crime::coverage_csv),
            get("/api/v1/crime/summary", Public, crime_api::summary),
            get("/api/v1/crime/coverage", Public, crime_api::coverage),
        ])
        .api(Api::openapi())
}
