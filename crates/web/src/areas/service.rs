//! What the service itself answers: health, its assets, the API document and the force area.

use crate::api;
use crate::area::{Area, get};
use crate::assets;
use crate::policy::Access::Public;

pub fn area() -> Area {
    Area::new("service").routes(vec![
        get("/assets/{file}", Public, assets::serve),
        get("/healthz", Public, api::healthz),
        get("/api/v1/openapi.json", Public, api::openapi),
        get("/api/v1/force-area", Public, api::force_area),
    ])
}
