//! The home page and the service's own pages.

use crate::area::{Area, get};
use crate::pages::public;
use crate::policy::Access::Public;

pub fn area() -> Area {
    Area::new("home").nav("/", "Home", Public).routes(vec![
        get("/", Public, public::home),
        get("/accessibility", Public, public::accessibility),
    ])
}
