//! An assembly's sessions: the day typed in GOV.UK date boxes, refused with a message naming
//! what is wrong, and shown as people write dates.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

async fn a_session_is_added_with_its_day_in_date_boxes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let slug: String = sqlx::query_scalar("SELECT slug FROM assemblies ORDER BY id LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let admin = format!("/admin/assemblies/{slug}");
    let mut staff = app.signed_in(Role::Staff).await;
    let page = staff.get(&admin).await;
    assert!(page.body.contains(r#"name="held_on-day""#));

    let session = |day: &'static str| {
        [
            ("held_on-day", day),
            ("held_on-month", "3"),
            ("held_on-year", "2026"),
            ("title", "Evidence session on neighbourhood policing"),
            ("place", "Crewe Lifestyle Centre"),
        ]
    };
    let refused = staff
        .post(&format!("{admin}/sessions"), &session("32"))
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused
            .body
            .contains("The day of the session must be a real date")
    );
    let n = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM assembly_sessions WHERE title = 'Evidence session on neighbourhood policing'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
    };
    assert_eq!(n().await, 0);

    let added = staff
        .post(&format!("{admin}/sessions"), &session("14"))
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(n().await, 1);
    let page = staff.get(&admin).await;
    assert!(
        page.body
            .contains("14 March 2026: Evidence session on neighbourhood policing"),
        "{}",
        page.body
    );
    app.finish().await;
}

each_backend!(a_session_is_added_with_its_day_in_date_boxes);
