//! The audit log: every change, who made it and when, chained so that tampering shows.

use crate::api;
use crate::area::{AdminCard, Area, Count, get};
use crate::pages::audit;
use crate::policy::OFFICE;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(api::audit::list),
    components(schemas(api::audit::AuditList, opcc_domain::audit::AuditEntry))
)]
struct Api;

pub fn area() -> Area {
    Area::new("audit")
        .routes(vec![
            get("/admin/audit", OFFICE, audit::list),
            get("/admin/audit/{seq}", OFFICE, audit::entry),
            get("/api/v1/audit", OFFICE, api::audit::list),
        ])
        .card(AdminCard {
            href: "/admin/audit",
            title: "Audit log",
            text: "Every change made in the service, who made it and when, chained so that \
                   tampering shows.",
            access: OFFICE,
            count: Some(Count {
                count: |db| Box::pin(opcc_store::audit::count(db)),
                one: "entry",
                many: "entries",
            }),
        })
        .api(Api::openapi())
}
