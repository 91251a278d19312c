//! Sign-in as an attacker meets it: where `next` may lead, throttling per account and client
//! that concurrency cannot outrun, the client address behind a proxy, the password-change check,
//! weak passwords, and HSTS.

use crate::support::{Backend, Browser, PASSWORD, Resp, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::security::client_ip::TrustedProxy;
use opcc_store::audit::{AuditFilter, list};
use opcc_web::WebConfig;

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    let filter = AuditFilter {
        action: action.into(),
        ..Default::default()
    };
    list(&app.db, &filter, 1, 0).await.unwrap().total
}

fn behind_proxy() -> WebConfig {
    WebConfig {
        secure_cookies: true,
        trusted_proxy: Some(TrustedProxy::parse("x-forwarded-for@127.0.0.1").unwrap()),
    }
}

/// Signs in from a client the proxy names.
async fn sign_in_from(b: &mut Browser, from: &str, email: &str, password: &str) -> Resp {
    let token = b.csrf().await;
    b.post_raw(
        "/login",
        &[
            ("csrf_token", &token),
            ("email", email),
            ("password", password),
        ],
        &[("x-forwarded-for", from)],
    )
    .await
}

async fn after_sign_in_next_leads_only_to_a_path_on_this_site(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "staff@example.org").await;
    let mut b = app.browser();
    let form = b.get("/login?next=/%09/evil.example").await;
    assert!(
        form.body.contains("name=\"next\" value=\"\""),
        "a tab in next is not carried into the form"
    );
    for (next, expected) in [
        ("/\t/evil.example", "/admin"),
        ("/\n/evil.example", "/admin"),
        ("/.//evil.example", "/admin"),
        ("https://evil.example/", "/admin"),
        (
            "/admin/audit?action=user.create",
            "/admin/audit?action=user.create",
        ),
    ] {
        let mut b = app.browser();
        let res = b
            .post(
                "/login",
                &[
                    ("email", "staff@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(res.status, 303, "{next:?} ({backend:?}): {}", res.body);
        assert_eq!(res.location(), expected, "{next:?}");
    }
    // A NUL in any form field is refused before sign-in is tried (see web/src/input.rs): no
    // redirect at all.
    let res = app
        .browser()
        .post(
            "/login",
            &[
                ("email", "staff@example.org"),
                ("password", PASSWORD),
                ("next", "/\0"),
            ],
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(
        res.body.contains("field &#34;next&#34; contains a NUL"),
        "{}",
        res.body
    );
    app.finish().await;
}

async fn forty_concurrent_wrong_passwords_get_only_five_checks(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "target@example.org").await;
    let mut browsers = Vec::new();
    for _ in 0..40 {
        let mut b = app.browser();
        b.csrf().await;
        browsers.push(b);
    }
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|mut b| {
            tokio::spawn(async move {
                b.sign_in("target@example.org", "not the password")
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, refused), (5, 35), "{backend:?}: {statuses:?}");
    assert_eq!(audit_count(&app, "session.sign_in_refused").await, 5);
    app.finish().await;
}

async fn a_guesser_elsewhere_locks_out_neither_the_user_nor_their_neighbours(backend: Backend) {
    let app = TestApp::start_with(backend, behind_proxy()).await;
    app.user(Role::Staff, "target@example.org").await;
    app.user(Role::Staff, "neighbour@example.org").await;
    let attacker = "203.0.113.66";
    let mut statuses = Vec::new();
    for _ in 0..25 {
        let mut b = app.browser();
        statuses.push(
            sign_in_from(&mut b, attacker, "target@example.org", "guess")
                .await
                .status,
        );
    }
    assert_eq!(statuses[..5], [422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    let mut b = app.browser();
    let wait = sign_in_from(&mut b, attacker, "target@example.org", PASSWORD).await;
    assert_eq!(
        wait.status, 429,
        "from the guesser's client even the password waits"
    );
    assert!(wait.body.contains("Wait 1 minute"), "{}", wait.body);
    // The real user, from their own client, signs in at once.
    let mut user = app.browser();
    assert_eq!(
        sign_in_from(&mut user, "198.51.100.7", "target@example.org", PASSWORD)
            .await
            .status,
        303
    );
    // Someone else behind the guesser's address is not locked out either.
    let mut neighbour = app.browser();
    assert_eq!(
        sign_in_from(&mut neighbour, attacker, "neighbour@example.org", PASSWORD)
            .await
            .status,
        303
    );
    app.finish().await;
}

async fn without_a_trusted_proxy_a_forwarded_header_is_ignored(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "target@example.org").await;
    for i in 0..5 {
        let mut b = app.browser();
        let from = format!("203.0.113.{i}");
        assert_eq!(
            sign_in_from(&mut b, &from, "target@example.org", "guess")
                .await
                .status,
            422
        );
    }
    let mut b = app.browser();
    assert_eq!(
        sign_in_from(&mut b, "198.51.100.7", "target@example.org", "guess")
            .await
            .status,
        429,
        "a made-up x-forwarded-for does not make a new client"
    );
    app.finish().await;
}

async fn the_current_password_check_is_throttled_and_each_failure_audited(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.signed_in(Role::Panel).await;
    let change = |current: &'static str| {
        [
            ("current_password", current),
            ("new_password", "a much longer passphrase"),
            ("confirm_password", "a much longer passphrase"),
        ]
    };
    for _ in 0..5 {
        let res = b
            .post("/account/password", &change("not my password"))
            .await;
        assert_eq!(res.status, 422);
        assert!(res.body.contains("current password is not correct"));
    }
    let res = b.post("/account/password", &change(PASSWORD)).await;
    assert_eq!(res.status, 429, "{backend:?}");
    assert!(
        res.body.contains("too many wrong passwords"),
        "{}",
        res.body
    );
    assert_eq!(audit_count(&app, "user.password_change_refused").await, 5);
    app.finish().await;
}

async fn common_and_patterned_passwords_are_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.signed_in(Role::Volunteer).await;
    for weak in [
        "aaaaaaaaaaaa",
        "password1234",
        "abcdefghijkl",
        "qwertyuiop123",
    ] {
        let res = b
            .post(
                "/account/password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", weak),
                    ("confirm_password", weak),
                ],
            )
            .await;
        assert_eq!(res.status, 422, "{weak}");
        assert!(res.body.contains("too easy to guess"), "{weak}");
    }
    app.finish().await;
    let out = crate::cli::user_add_to_new_db("weak@example.org", "admin", "aaaaaaaaaaaa\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too easy to guess"));
}

async fn hsts_is_sent_only_when_cookies_are_secure(backend: Backend) {
    let secure = TestApp::start(backend).await;
    let res = secure.browser().get("/").await;
    assert_eq!(res.header("strict-transport-security"), "max-age=31536000");
    secure.finish().await;
    let plain = TestApp::start_with(
        backend,
        WebConfig {
            secure_cookies: false,
            trusted_proxy: None,
        },
    )
    .await;
    let res = plain.browser().get("/").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("strict-transport-security"), "");
    plain.finish().await;
}

each_backend!(
    after_sign_in_next_leads_only_to_a_path_on_this_site,
    forty_concurrent_wrong_passwords_get_only_five_checks,
    a_guesser_elsewhere_locks_out_neither_the_user_nor_their_neighbours,
    without_a_trusted_proxy_a_forwarded_header_is_ignored,
    the_current_password_check_is_throttled_and_each_failure_audited,
    common_and_patterned_passwords_are_refused,
    hsts_is_sent_only_when_cookies_are_secure,
);
