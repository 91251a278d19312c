//! The home page and the service's own pages: contact, privacy, cookies, accessibility.

use crate::area::{AdminCard, Area, get, post};
use crate::pages::{contact, home};
use crate::policy::{ADMIN, Access::Public};

pub fn area() -> Area {
    Area::new("home")
        .nav("/", "Home", Public)
        .routes(vec![
            get("/", Public, home::home),
            get("/accessibility", Public, home::accessibility),
            get("/privacy", Public, home::privacy),
            get("/cookies", Public, home::cookies),
            get("/contact", Public, contact::show),
            get("/admin/contact", ADMIN, contact::edit_form),
            post("/admin/contact", ADMIN, contact::save),
        ])
        .card(AdminCard {
            href: "/admin/contact",
            title: "Contact details",
            text: "How the public reaches the office, as the contact page shows it.",
            access: ADMIN,
            count: None,
        })
}
