//! The plan's forms through the real server on both backends: uploads redirect, name a
//! missing file and suggest keys; the new-plan form shows every error and keeps what was
//! typed; and every edit is audited in words under the person who made it.

use crate::plan_rules::{ADMIN, post_ok};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

async fn uploads_redirect_name_a_missing_file_and_suggest_keys(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let path = "/admin/performance/cheshire-2013-16/upload";
    let page = staff.get("/admin/performance/cheshire-2013-16").await;
    assert!(
        !page.body.contains("?csrf_token="),
        "no form carries the token in its address"
    );
    let none = staff.upload_raw(path, &[], "", Vec::new()).await;
    assert_eq!(none.status, 422);
    assert!(none.body.contains("Choose a file to upload"));
    let titled = staff
        .upload_raw(
            path,
            &[],
            "v.csv",
            b"measure,period,value\nTotal number of recorded crimes,2013-04,7000\n".to_vec(),
        )
        .await;
    assert_eq!(titled.status, 422);
    assert!(
        titled.body.contains("use its key, total-crime"),
        "{}",
        titled.body
    );
    let good = staff
        .upload_raw(
            path,
            &[],
            "v.csv",
            b"measure,period,value\ntotal-crime,2013-04,7000\n".to_vec(),
        )
        .await;
    assert_eq!(good.status, 303, "{}", good.body);
    assert!(!good.location().contains("csrf"));
    let shown = staff.get(good.location()).await;
    assert!(
        shown
            .body
            .contains("Upload saved: 1 new, 0 changed, 0 unchanged")
    );
    // A first field that is not the session's token is refused.
    let cookies: Vec<String> = staff
        .clone_cookies()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let forged = reqwest::multipart::Form::new()
        .text("csrf_token", "not-the-token")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"measure,period,value\n".to_vec()).file_name("v.csv"),
        );
    let res = reqwest::Client::new()
        .post(format!("{}{path}", app.base))
        .header("cookie", cookies.join("; "))
        .multipart(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    app.finish().await;
}

async fn a_second_staff_members_edits_are_audited_in_words(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut first = app.signed_in(Role::Staff).await;
    let second_email = "second.officer@example.org";
    app.user(Role::Staff, second_email).await;
    let mut second = app.browser();
    assert_eq!(
        second
            .sign_in(second_email, crate::support::PASSWORD)
            .await
            .status,
        303
    );
    post_ok(
        &mut first,
        &format!("{ADMIN}/measures"),
        &[
            ("item", "reduce-crime"),
            ("title", "Knife crime"),
            ("unit", "count"),
            ("better", "lower"),
            ("frequency", "monthly"),
            ("geography", "force"),
            ("reason", "Added at the Panel's request"),
        ],
    )
    .await;
    post_ok(
        &mut second,
        &format!("{ADMIN}/measures/knife-crime/edit"),
        &[
            ("title", "Knife crime offences"),
            ("unit", "count"),
            ("better", "lower"),
            ("frequency", "monthly"),
            ("geography", "force"),
            ("reason", "Named as the Home Office names it"),
        ],
    )
    .await;
    let log = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            entity_id: "cheshire-2024-28/knife-crime".into(),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    let by: Vec<(&str, &str)> = log
        .entries
        .iter()
        .rev()
        .map(|e| (e.action.as_str(), e.actor_label.as_str()))
        .collect();
    assert_eq!(by.len(), 2, "{by:?}");
    assert_eq!(by[0].0, "plan.measure_add");
    assert_ne!(by[0].1, second_email);
    assert_eq!(by[1], ("plan.measure_edit", second_email));

    let mut admin = app.signed_in(Role::Admin).await;
    let list = admin
        .get("/admin/audit?entity_id=cheshire-2024-28%2Fknife-crime")
        .await;
    assert!(list.body.contains("Edited a measure"));
    assert!(list.body.contains("Added a measure"));
    let entry = admin
        .get(&format!("/admin/audit/{}", log.entries[0].seq))
        .await;
    assert!(entry.body.contains("Edited a measure"));
    let changed = &entry.body[entry.body.find("What changed").unwrap()..];
    let row = &changed[changed.find("Title").expect("the title's change")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("Knife crime") && row.contains("Knife crime offences"),
        "{row}"
    );
    let details = entry
        .body
        .find("<details")
        .expect("the JSON behind details");
    assert!(entry.body[details..].contains("<pre"));
    assert!(
        !entry.body[..details].contains("<pre"),
        "no JSON before the words"
    );
    app.finish().await;
}

async fn new_plan_form_shows_every_error_and_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let res = staff
        .post(
            "/admin/plans",
            &[
                ("title", ""),
                ("commissioner", "Jo Commissioner"),
                ("term_start-day", "31"),
                ("term_start-month", "2"),
                ("term_start-year", "2028"),
                ("term_end-day", "1"),
                ("term_end-year", "2032"),
                ("levels", "Priority, Objective"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    for message in [
        "Enter the plan&#39;s title",
        "The date the term starts must be a real date",
        "The date the term ends must include a month",
    ] {
        assert!(res.body.contains(message), "{message}");
    }
    assert!(res.body.contains(r#"value="Jo Commissioner""#));
    assert!(
        res.body
            .contains(r#"name="term_start-day" type="text" inputmode="numeric" value="31""#)
    );
    // A plan's manage page reads dates as people do, and offers "an objective".
    let p = staff.get(ADMIN).await;
    assert!(p.body.contains("1 April 2024 to 31 March 2028"));
    assert!(!p.body.contains("2024-04-01"), "no ISO dates on the page");
    let made = post_ok(
        &mut staff,
        "/admin/plans",
        &[
            ("title", "Draft plan"),
            ("commissioner", "Jo Commissioner"),
            ("term_start", "2028-04-01"),
            ("term_end", "2032-03-31"),
            ("levels", "Objective, Theme"),
        ],
    )
    .await;
    let draft = staff.get(&made).await;
    assert!(
        draft.body.contains("Add an objective or theme"),
        "{}",
        draft.body
    );
    assert!(draft.body.contains("The plan has no objectives yet."));
    app.finish().await;
}

each_backend!(
    uploads_redirect_name_a_missing_file_and_suggest_keys,
    a_second_staff_members_edits_are_audited_in_words,
    new_plan_form_shows_every_error_and_keeps_what_was_typed
);
