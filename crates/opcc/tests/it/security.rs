//! CSRF, throttling, headers and error pages.

use crate::support::{Backend, PASSWORD, TestApp, csrf_in};
use opcc_domain::accounts::Role;

async fn forms_without_the_right_token_or_from_another_origin_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Admin, "admin@example.org").await;
    let mut b = app.browser();
    let login = b.get("/login").await;
    let token = csrf_in(&login.body).unwrap();
    assert!(
        b.has_cookie("opcc_csrf"),
        "the public's token is in a cookie"
    );
    let creds = [("email", "admin@example.org"), ("password", PASSWORD)];

    let no_token = b.post_raw("/login", &creds, &[]).await;
    assert_eq!(no_token.status, 403);
    assert!(
        no_token
            .body
            .contains("could not be checked as coming from this service")
    );
    let wrong = b
        .post_raw(
            "/login",
            &[("csrf_token", "x".repeat(43).as_str()), creds[0], creds[1]],
            &[],
        )
        .await;
    assert_eq!(wrong.status, 403);
    let cross = b
        .post_raw(
            "/login",
            &[("csrf_token", token.as_str()), creds[0], creds[1]],
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(cross.status, 403);
    // Nothing was signed in by the refused requests.
    let log = opcc_store::audit::list(&app.db, &Default::default(), 100, 0)
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .all(|e| !e.action.starts_with("session."))
    );

    let ok = b
        .post_raw(
            "/login",
            &[("csrf_token", token.as_str()), creds[0], creds[1]],
            &[],
        )
        .await;
    assert_eq!(ok.status, 303);
    // Signed in, the session's own token is needed: the public one no longer works.
    let stale = b
        .post_raw("/logout", &[("csrf_token", token.as_str())], &[])
        .await;
    assert_eq!(stale.status, 403);
    app.finish().await;
}

async fn repeated_failed_sign_ins_are_throttled(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "target@example.org").await;
    let mut b = app.browser();
    for _ in 0..5 {
        let res = b.sign_in("target@example.org", "wrong password!").await;
        assert_eq!(res.status, 422);
        assert!(
            res.body
                .contains("Enter a correct email address and password")
        );
    }
    let res = b.sign_in("target@example.org", PASSWORD).await;
    assert_eq!(res.status, 429, "even the right password waits");
    assert!(res.body.contains("too many failed attempts"));
    // Another account from the same address is not yet locked.
    app.user(Role::Staff, "other@example.org").await;
    assert_eq!(b.sign_in("other@example.org", PASSWORD).await.status, 303);
    let refused = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            action: "sign_in_refused".into(),
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    assert_eq!(refused.total, 5);
    app.finish().await;
}

#[tokio::test]
async fn pages_carry_security_headers_and_no_inline_script_or_style() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let mut b = app.signed_in(Role::Admin).await;
    for path in [
        "/",
        "/login",
        "/accessibility",
        "/admin",
        "/admin/audit",
        "/admin/users/new",
        "/no-such-page",
    ] {
        let res = b.get(path).await;
        let csp = res.header("content-security-policy");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(res.header("x-content-type-options"), "nosniff");
        assert_eq!(res.header("x-frame-options"), "DENY");
        assert_eq!(res.header("cache-control"), "no-store", "{path}");
        assert!(!res.header("x-request-id").is_empty());
        let html = &res.body;
        for (i, _) in html.match_indices("<script") {
            let tag_end = html[i..].find('>').unwrap() + i;
            assert!(html[i..tag_end].contains(" src="), "{path}: inline script");
        }
        assert!(!html.contains(" style="), "{path}: inline style");
    }
    app.finish().await;
}

#[tokio::test]
async fn assets_are_served_under_hashed_names_with_long_caching() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let mut b = app.browser();
    let home = b.get("/").await;
    let at = home.body.find("/assets/opcc-").unwrap();
    let end = home.body[at..].find('"').unwrap() + at;
    let css = b.get(&home.body[at..end]).await;
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert!(css.header("cache-control").contains("immutable"));
    assert!(css.body.contains(".govuk-header"));
    assert!(!css.body.contains("GDS Transport"), "no GOV.UK font");
    assert_eq!(b.get("/assets/opcc-0000000000.css").await.status, 404);
    app.finish().await;
}

async fn a_server_error_shows_a_request_id_that_is_in_the_response_header(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.browser();
    sqlx::query("DROP TABLE local_authorities")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let res = b.get("/").await;
    assert_eq!(res.status, 500);
    let id = res.header("x-request-id").to_string();
    assert_eq!(id.len(), 16);
    assert!(res.body.contains(&id), "the page gives the reference {id}");
    assert!(
        res.body
            .contains("Sorry, there is a problem with the service")
    );
    assert!(
        !res.body.contains("local_authorities"),
        "no internals on the page"
    );
    let api = b.get("/api/v1/force-area").await;
    assert_eq!(api.status, 500);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["request_id"], api.header("x-request-id"));
    app.finish().await;
}

#[tokio::test]
async fn unknown_pages_are_404_in_html_and_json() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let mut b = app.browser();
    let res = b.get("/no/such/page").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page not found"));
    assert!(res.body.contains("<main"));
    let api = b.get("/api/v1/nothing-here").await;
    assert_eq!(api.status, 404);
    assert!(api.header("content-type").starts_with("application/json"));
    app.finish().await;
}

each_backend!(
    forms_without_the_right_token_or_from_another_origin_are_refused,
    repeated_failed_sign_ins_are_throttled,
    a_server_error_shows_a_request_id_that_is_in_the_response_header
);
