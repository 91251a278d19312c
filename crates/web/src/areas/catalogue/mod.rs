//! The open data catalogue at `/data`: every public dataset the service holds, each with its
//! description, licence (OGL v3.0), update frequency, last change, CSV and JSON downloads and
//! data dictionary, and the whole catalogue as DCAT JSON-LD. The datasets are listed once in
//! `registry`; downloads are the areas' own public exports, or made by `records` from their
//! public API, so no download holds personal data the public pages do not show.

mod pages;
mod records;
pub(crate) mod registry;

use crate::area::{Area, get};
use crate::policy::Access::Public;

pub fn area() -> Area {
    Area::new("catalogue").routes(vec![
        get("/data", Public, pages::index),
        get("/data/catalog.jsonld", Public, pages::jsonld),
        get("/data/{slug}", Public, pages::show),
        get("/data/{slug}/data.csv", Public, pages::data_csv),
        get("/data/{slug}/data.json", Public, pages::data_json),
        get("/data/{slug}/dictionary.csv", Public, pages::dictionary_csv),
        get(
            "/data/{slug}/dictionary.json",
            Public,
            pages::dictionary_json,
        ),
    ])
}
