//! The areas of the office, registered in one line. Adding an area is adding its name to
//! `areas!` below (see docs/architecture.md, "Adding an area"): its routes, navigation item,
//! admin card and API operations are gathered from its `area()`.

use crate::AppState;
use crate::area::{AdminCard, Area, NavItem, Route};
use axum::Router;
use std::sync::OnceLock;

macro_rules! areas {
    ($($name:ident),* $(,)?) => {
        $(mod $name;)*
        /// Every area, in navigation order.
        fn all() -> Vec<Area> {
            vec![$($name::area()),*]
        }
    };
}

areas![
    home,
    plans,
    crime,
    finance,
    governance,
    admin,
    accounts,
    performance,
    audit,
    security,
    service,
    assemblies,
    commissioning,
    complaints,
    engagement,
    schemes,
    reports,
    catalogue
];

/// The routes and who may use each.
pub fn routes() -> Vec<Route> {
    all()
        .into_iter()
        .flat_map(|a| a.routes.into_iter().map(|e| e.route))
        .collect()
}

pub(crate) fn router() -> Router<AppState> {
    all()
        .into_iter()
        .flat_map(|a| a.routes)
        .fold(Router::new(), |router, e| {
            let access = e.route.access;
            // The CSRF check (outer) and the access rule wrap each route's own methods only,
            // so that a method a route does not have is the router's 405, not a 403.
            router.route(
                e.route.path,
                e.handler
                    .route_layer(axum::middleware::from_fn(
                        move |req: axum::extract::Request, next: axum::middleware::Next| {
                            crate::policy::enforce(access, req, next)
                        },
                    ))
                    .route_layer(axum::middleware::from_fn(crate::csrf::layer)),
            )
        })
}

/// The service navigation, in order; each page shows the items its user may follow.
pub fn nav_items() -> &'static [NavItem] {
    static NAV: OnceLock<Vec<NavItem>> = OnceLock::new();
    NAV.get_or_init(|| all().into_iter().filter_map(|a| a.nav).collect())
}

/// The admin index's cards, in order.
pub(crate) fn admin_cards() -> Vec<AdminCard> {
    all().into_iter().filter_map(|a| a.card).collect()
}

/// The OpenAPI document: each area's operations, each described with the roles its route
/// admits, so the words cannot drift from the rule.
pub(crate) fn openapi() -> utoipa::openapi::OpenApi {
    let areas = all();
    let mut doc = crate::api::base_document();
    let mut access = Vec::new();
    for area in areas {
        access.extend(area.routes.iter().map(|e| e.route.clone()));
        doc.merge(area.api);
    }
    for route in access {
        let Some(item) = doc.paths.paths.get_mut(route.path) else {
            continue;
        };
        let op = match route.method {
            axum::http::Method::GET => item.get.as_mut(),
            axum::http::Method::POST => item.post.as_mut(),
            _ => None,
        };
        if let Some(op) = op {
            let roles = format!("Roles: {}.", route.access.describe());
            op.description = Some(match op.description.take() {
                Some(d) if !d.trim().is_empty() => format!("{}\n\n{roles}", d.trim_end()),
                _ => roles,
            });
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    /// Merging keeps one schema per name, so two areas naming different shapes alike would
    /// leave one area's operations described by the other's schema (Schemathesis found
    /// engagement's questions described as governance's).
    #[test]
    fn no_two_areas_name_different_schemas_alike() {
        let mut seen: std::collections::HashMap<String, (String, String)> = Default::default();
        for area in super::all() {
            let Some(components) = area.api.components else {
                continue;
            };
            for (name, schema) in components.schemas {
                let json = serde_json::to_string(&schema).unwrap();
                if let Some((other, before)) = seen.get(&name) {
                    assert_eq!(
                        before, &json,
                        "schema {name} of area {} differs from area {other}'s",
                        area.name
                    );
                }
                seen.insert(name, (area.name.to_string(), json));
            }
        }
    }
}
