//! The youth commission through the real server: published with its rounds, recommendations
//! and the Commissioner's responses, its members' names and ages kept to the office.

use crate::engagement::{audit_count, today};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

async fn the_youth_commission_is_published_and_its_members_kept_to_the_office(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let page = public.get("/engagement/youth-commission").await;
    assert!(page.body.contains("The Big Conversation") && page.body.contains("1400 young people"));
    assert!(
        page.body.contains("Relationships with the police") && page.body.contains("Hate crimes")
    );
    let mut staff = app.signed_in(Role::Staff).await;
    let young = (today() - time::Duration::days(365 * 13)).to_string();
    let too_young = staff
        .post(
            "/admin/engagement/youth/members",
            &[
                ("name", "Too Young"),
                ("born_on", &young),
                ("joined_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(too_young.status, 422);
    assert!(too_young.body.contains("aged 14 to 25"));
    let born = (today() - time::Duration::days(365 * 16 + 10)).to_string();
    let added = staff
        .post(
            "/admin/engagement/youth/members",
            &[
                ("name", "Jo Member"),
                ("born_on", &born),
                ("joined_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let office = staff.get("/admin/engagement/youth").await;
    assert!(office.body.contains("Jo Member"));
    // Dates read as people write them, and are typed in day, month and year boxes.
    assert!(
        office
            .body
            .contains(&opcc_domain::finance::long_date(today()))
    );
    assert!(office.body.contains(r#"name="born_on-day""#));
    let boxes = staff
        .post(
            "/admin/engagement/youth/members",
            &[
                ("name", "Box Member"),
                ("born_on-day", "31"),
                ("born_on-month", "2"),
                ("born_on-year", "2009"),
                ("joined_on", &today().to_string()),
            ],
        )
        .await;
    assert_eq!(boxes.status, 422);
    assert!(boxes.body.contains("The date of birth must be a real date"));
    assert!(audit_count(&app, "engagement.youth_members_view", "records").await >= 1);
    assert_eq!(
        audit_count(&app, "engagement.youth_member_add", "Jo Member").await,
        0
    );
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(panel.get("/admin/engagement/youth").await.status, 403);
    let rec: i64 = sqlx::query_scalar(
        "SELECT id FROM engagement_youth_recommendations WHERE response IS NULL ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let r = staff
        .post(
            &format!("/admin/engagement/youth/recommendations/{rec}/response"),
            &[(
                "text",
                "An anonymous online reporting form opens in the spring.",
            )],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = public.get("/engagement/youth-commission").await;
    assert!(
        page.body
            .contains("An anonymous online reporting form opens in the spring.")
    );
    assert!(page.body.contains("has 1 member today"));
    assert!(!page.body.contains("Jo Member"));
    app.finish().await;
}

each_backend!(the_youth_commission_is_published_and_its_members_kept_to_the_office);
