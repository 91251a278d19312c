//! The home page and the service's own pages.

use crate::area::{Area, get};
use crate::pages::home;
use crate::policy::Access::Public;

pub fn area() -> Area {
    Area::new("home").nav("/", "Home", Public).routes(vec![
        get("/", Public, home::home),
        get("/accessibility", Public, home::accessibility),
    ])
}
