//! Public forms under a flood: each client has an allowance, and past it gets a GOV.UK page
//! with status 429 saying how long to wait.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

/// A plan out for consultation, driven there by staff through the pages.
async fn open_consultation(app: &TestApp) -> &'static str {
    let mut staff = app.signed_in(Role::Staff).await;
    let today = time::OffsetDateTime::now_utc().date();
    for (path, fields) in [
        (
            "/admin/plans",
            vec![
                ("slug", "flood-test"),
                ("title", "Police and Crime Plan 2028-32"),
                ("commissioner", "A Commissioner"),
                ("term_start", "2028-04-01"),
                ("term_end", "2032-03-31"),
                ("levels", "Priority, Theme"),
            ],
        ),
        (
            "/admin/plans/flood-test/items",
            vec![("item-title", "Safer roads"), ("item-key", "roads")],
        ),
    ] {
        let res = staff.post(path, &fields).await;
        assert!(
            res.status == 303 || res.status == 200,
            "{path}: {}",
            res.body
        );
    }
    let closes = (today + time::Duration::days(28)).to_string();
    let res = staff
        .post(
            "/admin/plans/flood-test/transition",
            &[
                ("to", "consultation"),
                ("date", &today.to_string()),
                ("closes", &closes),
                ("note", "Decision"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    "/plans/flood-test/comment"
}

async fn a_flood_of_anonymous_comments_is_cut_off_with_a_clear_429(backend: Backend) {
    let app = TestApp::start(backend).await;
    let path = open_consultation(&app).await;
    let mut public = app.browser();
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    let mut last = None;
    for i in 0..40 {
        let res = public
            .post(path, &[("body", &format!("Comment number {i}"))])
            .await;
        statuses.push(res.status);
        last = Some(res);
    }
    assert!(started.elapsed().as_secs() < 30);
    let accepted = statuses.iter().filter(|s| **s == 200).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((accepted, limited), (10, 30), "{backend:?}: {statuses:?}");
    let last = last.unwrap();
    assert!(last.body.contains("Too many requests"), "{}", last.body);
    assert!(
        last.body
            .contains("You have sent this form too many times. Wait 1 minute and try again"),
        "{}",
        last.body
    );
    assert!(last.body.contains("<main"), "a full GOV.UK page");
    let stored = opcc_store::plans::comments(&app.db, "flood-test")
        .await
        .unwrap();
    assert_eq!(stored.len(), 10);
    app.finish().await;
}

each_backend!(a_flood_of_anonymous_comments_is_cut_off_with_a_clear_429,);
