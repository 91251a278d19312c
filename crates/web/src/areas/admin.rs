//! The office's index: a card for each area its user may use.

use crate::area::{Area, get};
use crate::pages::admin;
use crate::policy::OFFICE_AND_PANEL;

pub fn area() -> Area {
    Area::new("admin")
        .nav("/admin", "Admin", OFFICE_AND_PANEL)
        .routes(vec![get("/admin", OFFICE_AND_PANEL, admin::index)])
}
