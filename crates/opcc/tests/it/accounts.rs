//! The newcomer's path: first admin, sign in, add a staff user, see both in the audit log;
//! and the rest of an account's life: password change, sign out, deactivation.

use crate::support::{Backend, PASSWORD, TestApp};
use opcc_domain::accounts::Role;

async fn first_admin_adds_a_staff_user_and_the_audit_log_shows_both(backend: Backend) {
    let app = TestApp::start(backend).await;
    let chief = app.user(Role::Admin, "chief.exec@example.org").await;
    let secret = app.enrol(&chief).await;
    let mut admin = app.browser();
    let res = admin
        .sign_in_with_code("Chief.Exec@Example.org", PASSWORD, &secret)
        .await;
    assert_eq!(res.status, 303, "{backend:?}");
    assert_eq!(res.location(), "/admin");
    assert!(admin.has_cookie("opcc_session"));
    let set_cookie = res.header("set-cookie");
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "__Host-"] {
        assert!(set_cookie.contains(attr), "session cookie lacks {attr}");
    }

    let res = admin
        .post(
            "/admin/users",
            &[
                ("display_name", "Sam Analyst"),
                ("email", "sam.analyst@example.org"),
                ("role", "staff"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("User added"));
    // The generated password is shown once and works.
    let at = res.body.find("opcc-nowrap\">").unwrap() + "opcc-nowrap\">".len();
    let password = &res.body[at..at + 20];
    let mut staff = app.browser();
    assert_eq!(
        staff
            .sign_in("sam.analyst@example.org", password)
            .await
            .status,
        303
    );
    let me: serde_json::Value = serde_json::from_str(&staff.get("/api/v1/me").await.body).unwrap();
    assert_eq!(me["role"], "staff");

    let log = admin.get("/admin/audit?action=user.create").await;
    assert_eq!(log.status, 200);
    assert!(log.body.contains("chief.exec@example.org"));
    assert!(
        log.body.contains("system (test)"),
        "the first admin's creation"
    );
    assert!(log.body.contains("2 entries"), "{}", log.body);
    let api: serde_json::Value = serde_json::from_str(
        &staff
            .get("/api/v1/audit?action=user.create&actor=chief")
            .await
            .body,
    )
    .unwrap();
    assert_eq!(api["total"], 1);
    let after: serde_json::Value =
        serde_json::from_str(api["entries"][0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["email"], "sam.analyst@example.org");
    assert!(
        after.get("password_hash").is_none(),
        "no password hash in the audit log"
    );
    app.finish().await;
}

async fn adding_a_user_checks_the_form_and_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut admin = app.signed_in(Role::Admin).await;
    let res = admin
        .post(
            "/admin/users",
            &[
                ("display_name", "Pat"),
                ("email", "not-an-email"),
                ("role", "boss"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("There is a problem"));
    assert!(res.body.contains("href=\"#email\""));
    assert!(
        res.body.contains("Select the user&#39;s role")
            || res.body.contains("Select the user's role")
    );
    assert!(res.body.contains("value=\"Pat\""));
    let ok = [
        ("display_name", "Pat"),
        ("email", "pat@example.org"),
        ("role", "panel"),
    ];
    assert_eq!(admin.post("/admin/users", &ok).await.status, 200);
    let again = admin.post("/admin/users", &ok).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("already exists"));
    assert_eq!(opcc_store::accounts::user_count(&app.db).await.unwrap(), 2);
    app.finish().await;
}

async fn changing_a_password_ends_other_sessions(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Panel, "member@example.org").await;
    let mut laptop = app.browser();
    let mut phone = app.browser();
    assert_eq!(
        laptop.sign_in("member@example.org", PASSWORD).await.status,
        303
    );
    assert_eq!(
        phone.sign_in("member@example.org", PASSWORD).await.status,
        303
    );

    let wrong = laptop
        .post(
            "/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", "a much longer passphrase"),
                ("confirm_password", "a much longer passphrase"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("current password is not correct"));
    let short = laptop
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert!(short.body.contains("12 characters or more"));

    let ok = laptop
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "a much longer passphrase"),
                ("confirm_password", "a much longer passphrase"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert_eq!(
        laptop.get("/account").await.status,
        200,
        "this session stays"
    );
    assert_eq!(
        phone.get("/account").await.status,
        401,
        "the other session ends"
    );
    let mut fresh = app.browser();
    assert_eq!(
        fresh.sign_in("member@example.org", PASSWORD).await.status,
        422
    );
    assert_eq!(
        fresh
            .sign_in("member@example.org", "a much longer passphrase")
            .await
            .status,
        303
    );
    app.finish().await;
}

async fn signing_out_ends_the_session_on_the_server(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.signed_in(Role::Volunteer).await;
    let stolen = b.clone_cookies();
    let res = b.post("/logout", &[]).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.location(), "/signed-out");
    assert_eq!(b.get("/account").await.status, 401);
    // A copy of the cookie taken before signing out no longer works either.
    let mut thief = app.browser();
    thief.set_cookies(stolen);
    assert_eq!(thief.get("/account").await.status, 401);
    app.finish().await;
}

async fn a_deactivated_user_is_signed_out_and_cannot_sign_in(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut admin = app.signed_in(Role::Admin).await;
    let leaver = app.user(Role::Staff, "leaver@example.org").await;
    let mut b = app.browser();
    assert_eq!(b.sign_in("leaver@example.org", PASSWORD).await.status, 303);
    let res = admin
        .post(
            &format!("/admin/users/{}/active", leaver.id),
            &[("active", "0")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(b.get("/admin").await.status, 401);
    let mut again = app.browser();
    assert_eq!(
        again.sign_in("leaver@example.org", PASSWORD).await.status,
        422
    );
    let log = admin.get("/admin/audit?action=user.deactivate").await;
    assert!(log.body.contains("1 entry"), "{}", log.body);
    app.finish().await;
}

each_backend!(
    first_admin_adds_a_staff_user_and_the_audit_log_shows_both,
    adding_a_user_checks_the_form_and_keeps_what_was_typed,
    changing_a_password_ends_other_sessions,
    signing_out_ends_the_session_on_the_server,
    a_deactivated_user_is_signed_out_and_cannot_sign_in
);
