//! The second factor as people use it: enrolment from the page, two-step sign-in, codes that
//! work once, recovery codes, required enrolment for admins (and staff when the office says so),
//! and an administrator's reset. Each step is audited.

use crate::support::{Backend, Browser, PASSWORD, TestApp, unix_now};
use opcc_domain::accounts::Role;
use opcc_domain::security::totp;
use opcc_store::audit::{AuditFilter, list};

async fn audit_count(app: &TestApp, action: &str) -> i64 {
    let filter = AuditFilter {
        action: action.into(),
        ..Default::default()
    };
    list(&app.db, &filter, 1, 0).await.unwrap().total
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in {html}"))
        + start.len();
    let len = html[at..].find(end).unwrap();
    &html[at..at + len]
}

/// Enrols through the pages, reading the key as a person would; returns the secret and the
/// recovery codes.
async fn enrol_through_the_page(b: &mut Browser) -> (Vec<u8>, Vec<String>) {
    let page = b.get("/account/two-factor").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let key = between(&page.body, "id=\"totp-key\">", "<");
    let uri = between(&page.body, "id=\"totp-uri\">", "<").replace("&amp;", "&");
    let secret = totp::base32_decode(key).expect("the key is base32");
    assert_eq!(secret.len(), 20);
    assert!(uri.starts_with("otpauth://totp/"), "{uri}");
    assert!(
        uri.contains(&format!("secret={}", key.replace(' ', ""))),
        "{uri}"
    );
    let wrong = totp::code_for_step(&secret, totp::step_at(unix_now()) - 5);
    let res = b.post("/account/two-factor", &[("code", &wrong)]).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("The code is not correct"));
    let code = totp::code_for_step(&secret, totp::step_at(unix_now()));
    let res = b.post("/account/two-factor", &[("code", &code)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = between(&res.body, "id=\"recovery-codes\">", "</ul>");
    let codes: Vec<String> = list
        .split("<code class=\"govuk-!-text-break-word\">")
        .skip(1)
        .map(|c| c[..c.find('<').unwrap()].to_string())
        .collect();
    assert_eq!(codes.len(), 10, "{list}");
    (secret, codes)
}

async fn code_step(b: &mut Browser, code: &str) -> crate::support::Resp {
    b.post("/login/code", &[("code", code)]).await
}

async fn sign_in_takes_two_steps_once_a_factor_is_enrolled_and_codes_work_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "two.step@example.org").await;
    let mut b = app.browser();
    assert_eq!(
        b.sign_in("two.step@example.org", PASSWORD).await.location(),
        "/admin"
    );
    let (secret, recovery) = enrol_through_the_page(&mut b).await;
    assert_eq!(audit_count(&app, "user.second_factor_enrol").await, 1);
    let status = b.get("/account/two-factor").await;
    assert!(
        status.body.contains("Recovery codes left"),
        "{}",
        status.body
    );

    // The password alone no longer signs in.
    let mut phone = app.browser();
    let res = phone.sign_in("two.step@example.org", PASSWORD).await;
    assert_eq!((res.status, res.location()), (303, "/login/code"));
    assert!(!phone.has_cookie("opcc_session"));
    assert_eq!(phone.get("/admin").await.status, 401);
    assert_eq!(phone.get("/login/code").await.status, 200);
    let wrong = totp::code_for_step(&secret, totp::step_at(unix_now()) - 5);
    assert_eq!(code_step(&mut phone, &wrong).await.status, 422);
    let code = totp::code_for_step(&secret, totp::step_at(unix_now()) + 1);
    let res = code_step(&mut phone, &code).await;
    assert_eq!(
        (res.status, res.location()),
        (303, "/admin"),
        "{}",
        res.body
    );
    assert_eq!(phone.get("/admin").await.status, 200);

    // The same code again, from another device, is refused.
    let mut thief = app.browser();
    thief.sign_in("two.step@example.org", PASSWORD).await;
    assert_eq!(code_step(&mut thief, &code).await.status, 422);
    assert_eq!(thief.get("/admin").await.status, 401);

    // A recovery code works once, whatever its case or spacing.
    let mut laptop = app.browser();
    laptop.sign_in("two.step@example.org", PASSWORD).await;
    let res = code_step(&mut laptop, &recovery[0].to_uppercase().replace('-', " ")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let mut again = app.browser();
    again.sign_in("two.step@example.org", PASSWORD).await;
    assert_eq!(code_step(&mut again, &recovery[0]).await.status, 422);
    assert_eq!(audit_count(&app, "session.second_factor_refused").await, 3);

    // Without a password step there is nothing to enter a code for.
    let mut stranger = app.browser();
    let res = code_step(&mut stranger, &code).await;
    assert_eq!((res.status, res.location()), (303, "/login"));
    app.finish().await;
}

async fn guessing_codes_is_throttled_with_the_password(backend: Backend) {
    let app = TestApp::start(backend).await;
    let user = app.user(Role::Staff, "guessed@example.org").await;
    let secret = app.enrol(&user).await;
    let mut b = app.browser();
    b.sign_in("guessed@example.org", PASSWORD).await;
    let wrong = totp::code_for_step(&secret, totp::step_at(unix_now()) - 5);
    let statuses: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..6 {
            v.push(code_step(&mut b, &wrong).await.status);
        }
        v
    };
    // The password was the first of five attempts.
    assert_eq!(statuses, [422, 422, 422, 422, 429, 429], "{backend:?}");
    let right = totp::code_for_step(&secret, totp::step_at(unix_now()) + 1);
    assert_eq!(code_step(&mut b, &right).await.status, 429);
    app.finish().await;
}

async fn admins_enrol_before_anything_else_and_an_admin_resets_a_lost_factor(backend: Backend) {
    let app = TestApp::start(backend).await;
    let new_admin = app.user(Role::Admin, "new.admin@example.org").await;
    let mut b = app.browser();
    let res = b.sign_in("new.admin@example.org", PASSWORD).await;
    assert_eq!(res.location(), "/account/two-factor");
    for path in ["/admin", "/admin/users", "/", "/api/v1/me"] {
        let res = b.get(path).await;
        assert_eq!(
            (res.status, res.location()),
            (303, "/account/two-factor"),
            "{path} before enrolment ({backend:?})"
        );
    }
    let page = b.get("/account/two-factor").await;
    assert!(page.body.contains("Your role needs a second factor"));
    enrol_through_the_page(&mut b).await;
    assert_eq!(b.get("/admin/users").await.status, 200);

    // The office requires staff to enrol too.
    let mut staff = app.signed_in(Role::Staff).await;
    assert_eq!(staff.get("/admin").await.status, 200);
    let res = b
        .post("/admin/settings", &[("staff_second_factor", "required")])
        .await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("The setting has been saved"));
    assert_eq!(audit_count(&app, "settings.change").await, 1);
    let res = staff.get("/admin").await;
    assert_eq!((res.status, res.location()), (303, "/account/two-factor"));

    // Another administrator resets the new admin's factor: their sessions end, and they
    // enrol again at their next sign-in.
    let mut other = app.signed_in(Role::Admin).await;
    let users = other.get("/admin/users").await;
    assert!(
        users
            .body
            .contains(&format!("/admin/users/{}/two-factor/reset", new_admin.id))
    );
    let res = other
        .post(
            &format!("/admin/users/{}/two-factor/reset", new_admin.id),
            &[],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(audit_count(&app, "user.second_factor_reset").await, 1);
    assert_eq!(b.get("/account").await.status, 401, "sessions ended");
    let mut again = app.browser();
    let res = again.sign_in("new.admin@example.org", PASSWORD).await;
    assert_eq!(
        res.location(),
        "/account/two-factor",
        "no code step: enrol again"
    );
    app.finish().await;
}

each_backend!(
    sign_in_takes_two_steps_once_a_factor_is_enrolled_and_codes_work_once,
    guessing_codes_is_throttled_with_the_password,
    admins_enrol_before_anything_else_and_an_admin_resets_a_lost_factor,
);
