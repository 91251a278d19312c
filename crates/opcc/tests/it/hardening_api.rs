//! The JSON API as Schemathesis found it (scripts/e2e.sh runs it with every check): methods a
//! route does not have, requests an extractor cannot read, and parameters whose schema let
//! through what the handler refused. Each is fixed where it lives; these keep it so.

use crate::support::{Backend, TestApp};

async fn methods_a_route_lacks_are_405_not_403(backend: Backend) {
    let app = TestApp::start(backend).await;
    let client = reqwest::Client::new();
    for method in ["PUT", "DELETE", "PATCH", "TRACE", "QUERY"] {
        let res = client
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}/api/v1/plans", app.base),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{method}");
        assert_eq!(res.headers()["allow"], "GET,HEAD", "{method}");
    }
    // A route's own unsafe method is still refused without its token.
    let res = app.browser().post_raw("/login", &[], &[]).await;
    assert_eq!(res.status, 403);
    app.finish().await;
}

async fn unreadable_queries_are_json_errors_under_the_api(backend: Backend) {
    let app = TestApp::start(backend).await;
    let res = app
        .browser()
        .get("/api/v1/crime/summary?to=2018-10&to=2018-11")
        .await;
    assert_eq!(res.status, 400);
    assert!(
        res.header("content-type").starts_with("application/json"),
        "{}",
        res.body
    );
    let e: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(e["status"], 400);
    assert!(
        e["error"]
            .as_str()
            .unwrap()
            .contains("duplicate field `to`"),
        "{e}"
    );
    app.finish().await;
}

async fn any_valid_month_range_is_answered(backend: Backend) {
    let app = TestApp::start(backend).await;
    crate::crime::import(&app, crate::crime::CHESHIRE[0]).await;
    let get = |q: &'static str| {
        let mut b = app.browser();
        async move {
            let res = b
                .get(&format!("/api/v1/crime/summary?force=cheshire&{q}"))
                .await;
            assert_eq!(res.status, 200, "{q}: {}", res.body);
            serde_json::from_str::<serde_json::Value>(&res.body).unwrap()
        }
    };
    // A from after to is an empty range, not an error.
    let s = get("from=2018-11&to=2018-10").await;
    assert_eq!(s["rows"].as_array().unwrap().len(), 0, "{s}");
    // More than 240 months: from is moved, and the response says so.
    let s = get("from=1900-01&to=2018-10").await;
    assert_eq!(s["from"], "1998-11");
    assert_eq!(s["rows"].as_array().unwrap().len(), 240);
    app.finish().await;
}

each_backend!(
    methods_a_route_lacks_are_405_not_403,
    unreadable_queries_are_json_errors_under_the_api,
    any_valid_month_range_is_answered,
);

/// What every handler refuses, the document says: a 400 on each operation, no NUL in text
/// parameters, and the audit filter's days as real dates or blank.
#[test]
fn the_openapi_document_describes_what_is_refused() {
    let doc: serde_json::Value = serde_json::from_str(&opcc_web::openapi_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"]["400"].is_object(),
                "{method} {path} documents no 400"
            );
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["schema"]["type"] == "string" {
                    assert!(
                        p["schema"]["pattern"].is_string(),
                        "{method} {path} {}: a text parameter without a pattern",
                        p["name"]
                    );
                }
            }
        }
    }
    let audit = &doc["paths"]["/api/v1/audit"]["get"]["parameters"];
    let from = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "from")
        .unwrap();
    assert_eq!(from["schema"]["anyOf"][0]["format"], "date");
    let summary = &doc["paths"]["/api/v1/crime/summary"]["get"]["parameters"];
    let by = summary
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "by")
        .unwrap();
    assert!(by["schema"].to_string().contains("By"), "{by}");
}
