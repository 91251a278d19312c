//! Walks every registered route with every audience and proves that only the roles the route
//! table allows get through. New routes are covered as soon as they are added to the table.

use crate::support::{Backend, Browser, TestApp};
use axum::http::Method;
use opcc_domain::accounts::{Audience, Role};
use opcc_web::areas::routes;

/// Fills path parameters with values that exist in the demo data where the walk knows them,
/// and with `1` otherwise: access is decided before any handler looks the value up, so a
/// new area's routes are walked without being listed here.
fn concrete(path: &str, user_id: i64) -> String {
    let known = path
        .replace("{id}", &user_id.to_string())
        // No such question: a real one (the demo's) would meet the Panel's object-level rule,
        // a 403 that is not the route's access.
        .replace("{question}", "999999")
        .replace("{file}", "opcc.css")
        .replace("{slug}", "cheshire-2024-28")
        .replace("{key}", "reduce-crime")
        .replace("{quarter}", "2025-26-q1");
    let mut out = String::new();
    let mut rest = known.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').expect("a path parameter is closed") + open;
        out.push_str(&rest[..open]);
        out.push('1');
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

async fn browser_for(app: &TestApp, who: Audience) -> Browser {
    match who {
        Audience::Public => app.browser(),
        Audience::User(role) => app.signed_in(role).await,
    }
}

async fn walk(backend: Backend) {
    let app = TestApp::start(backend).await;
    let target = app.user(Role::Provider, "target@example.org").await;
    let table = routes();
    assert!(
        table.len() >= 20,
        "the route table lost routes: {}",
        table.len()
    );
    let mut checked = 0;
    for route in &table {
        let path = concrete(route.path, target.id);
        for who in Audience::ALL {
            // A fresh sign-in for every request, so that POST /logout cannot spoil the next.
            let mut b = browser_for(&app, who).await;
            let res = if route.method == Method::GET {
                b.get(&path).await
            } else if route.method == Method::POST {
                b.post(&path, &[]).await
            } else {
                panic!("the walk does not yet send {}", route.method);
            };
            let allowed = route.access.allows(who);
            let what = format!("{:?} {} as {who} ({backend:?})", route.method, route.path);
            if allowed {
                assert!(
                    res.status != 401 && res.status != 403,
                    "{what} should get through but got {}: {}",
                    res.status,
                    &res.body[..res.body.len().min(300)]
                );
            } else {
                let expected = if who == Audience::Public { 401 } else { 403 };
                assert_eq!(res.status, expected, "{what} should be refused");
                if res.header("content-type").starts_with("text/html") && expected == 403 {
                    assert!(
                        res.body.contains("You cannot see this page"),
                        "{what}: refused for a reason other than the role"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, table.len() * Audience::ALL.len());
    app.finish().await;
}

async fn every_route_admits_only_its_roles(backend: Backend) {
    walk(backend).await;
}

#[test]
fn every_api_route_is_in_the_openapi_document() {
    let doc: serde_json::Value = serde_json::from_str(&opcc_web::openapi_json()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut ids: Vec<&str> = paths
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "operation ids must be unique");
    for r in routes() {
        if r.path.starts_with("/api/") || r.path == "/healthz" {
            let p = paths
                .get(r.path)
                .unwrap_or_else(|| panic!("{} is not in the OpenAPI document", r.path));
            let method = r.method.as_str().to_lowercase();
            assert!(
                p.get(&method).is_some(),
                "{} {} undocumented",
                r.method,
                r.path
            );
            let desc = p[&method]["description"].as_str().unwrap_or_default();
            let roles = format!("Roles: {}.", r.access.describe());
            assert!(
                desc.ends_with(&roles),
                "{} should end with {roles:?} (generated from its access): {desc:?}",
                r.path
            );
            assert_eq!(
                desc.matches("Roles:").count(),
                1,
                "{}: one Roles line, the generated one",
                r.path
            );
        }
    }
    // And the other way: every documented operation is a route, with that method.
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                routes()
                    .iter()
                    .any(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(method)),
                "the document describes {method} {path}, which is not a route"
            );
        }
    }
}

each_backend!(every_route_admits_only_its_roles);
