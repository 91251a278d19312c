//! What an area of the office gives the service: its routes (each with who may use it), its
//! item in the service navigation, its card on the admin index and its part of the API
//! document. `areas/mod.rs` lists the areas; the router, the navigation, the admin index and
//! the OpenAPI document are assembled from that list.

use crate::AppState;
use crate::policy::Access;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::MethodRouter;
use opcc_domain::accounts::Audience;
use opcc_store::{Db, StoreError};
use std::future::Future;
use std::pin::Pin;

/// A route as the access test and the API document see it.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// A route and its handler, as an area declares it.
pub struct Entry {
    pub route: Route,
    pub(crate) handler: MethodRouter<AppState>,
}

pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    access: Access,
    h: H,
) -> Entry {
    entry(Method::GET, path, access, axum::routing::get(h))
}

pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    access: Access,
    h: H,
) -> Entry {
    entry(Method::POST, path, access, axum::routing::post(h))
}

fn entry(
    method: Method,
    path: &'static str,
    access: Access,
    handler: MethodRouter<AppState>,
) -> Entry {
    Entry {
        route: Route {
            method,
            path,
            access,
        },
        handler,
    }
}

/// An item of the service navigation, shown to those its access admits.
#[derive(Debug, Clone, Copy)]
pub struct NavItem {
    /// The area name pages give `Layout::new` to mark the item current.
    pub area: &'static str,
    pub href: &'static str,
    pub label: &'static str,
    pub access: Access,
}

type CountFuture<'a> = Pin<Box<dyn Future<Output = Result<i64, StoreError>> + Send + 'a>>;

/// A count shown on an admin card: "12 accounts".
pub struct Count {
    pub count: for<'a> fn(&'a Db) -> CountFuture<'a>,
    pub one: &'static str,
    pub many: &'static str,
}

/// A card on the admin index.
pub struct AdminCard {
    pub href: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub access: Access,
    pub count: Option<Count>,
}

/// One area of the office.
pub struct Area {
    /// The same name in domain/, store/, web/ and tests: `plans`, `crime`, ...
    pub name: &'static str,
    pub routes: Vec<Entry>,
    pub nav: Option<NavItem>,
    pub card: Option<AdminCard>,
    /// The area's operations and schemas; "Roles:" lines are added from `routes`.
    pub api: utoipa::openapi::OpenApi,
}

impl Area {
    pub fn new(name: &'static str) -> Area {
        Area {
            name,
            routes: Vec::new(),
            nav: None,
            card: None,
            api: utoipa::openapi::OpenApiBuilder::new().build(),
        }
    }

    pub fn routes(mut self, routes: Vec<Entry>) -> Area {
        self.routes = routes;
        self
    }

    pub fn nav(mut self, href: &'static str, label: &'static str, access: Access) -> Area {
        self.nav = Some(NavItem {
            area: self.name,
            href,
            label,
            access,
        });
        self
    }

    pub fn card(mut self, card: AdminCard) -> Area {
        self.card = Some(card);
        self
    }

    pub fn api(mut self, api: utoipa::openapi::OpenApi) -> Area {
        self.api = api;
        self
    }
}

impl NavItem {
    pub fn shown_to(&self, who: Audience) -> bool {
        self.access.allows(who)
    }
}
