//! Oversight of the force's complaint handling through the real server: the IOPC's figures for
//! the force feed the plan's measures (with their SPC limits) the moment they are entered, the
//! comparators do not, and each publication of the item 7C statement is a version that never
//! changes, shown again on request after the narrative moves on.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;

async fn staff(app: &TestApp) -> Browser {
    app.user(Role::Staff, "oversight@example.org").await;
    let mut b = app.browser();
    assert_eq!(
        b.sign_in("oversight@example.org", PASSWORD).await.status,
        303
    );
    b
}

async fn series(b: &mut Browser, key: &str) -> Vec<serde_json::Value> {
    let res = b
        .get(&format!("/api/v1/measures/cheshire-2024-28.{key}/series"))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    json["points"].as_array().unwrap().clone()
}

async fn the_force_figures_feed_the_plan_measures(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = staff(&app).await;
    let before = series(&mut b, "iopc-cases-logged").await;
    // The demo's twenty quarters, 2020-21 to 2024-25, with limits once there are enough.
    assert_eq!(before.len(), 20);
    assert!(before.last().unwrap()["upper_limit"].is_f64());
    // Exactly the force's own figures, in order.
    let force: Vec<String> = opcc_store::complaints::demo::iopc_figures()
        .into_iter()
        .filter(|f| f.scope == "force" && f.measure == "cases_logged")
        .map(|f| f.value.normalize().to_string())
        .collect();
    let values: Vec<&str> = before
        .iter()
        .map(|p| p["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, force);

    let enter = |scope: &'static str, value: &'static str| {
        [
            ("year", "2025-26"),
            ("quarter", "1"),
            ("scope", scope),
            ("measure", "cases_logged"),
            ("value", value),
        ]
    };
    let res = b
        .post("/admin/complaints/iopc", &enter("national", "12345"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        series(&mut b, "iopc-cases-logged").await.len(),
        20,
        "comparators are context"
    );

    let res = b
        .post("/admin/complaints/iopc", &enter("force", "401"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let after = series(&mut b, "iopc-cases-logged").await;
    assert_eq!(after.len(), 21);
    let last = after.last().unwrap();
    assert_eq!(last["value"], "401");
    assert!(last["period"].as_str().unwrap().contains("2025"), "{last}");
    // Entered again with a correction, the point changes rather than doubling.
    let res = b
        .post("/admin/complaints/iopc", &enter("force", "402"))
        .await;
    assert_eq!(res.status, 303);
    let again = series(&mut b, "iopc-cases-logged").await;
    assert_eq!(again.len(), 21);
    assert_eq!(again.last().unwrap()["value"], "402");
    app.finish().await;
}

async fn a_published_statement_never_changes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = staff(&app).await;
    let publish =
        |words: &'static str| [("year", "2025"), ("narrative", words), ("publish", "yes")];
    let res = b
        .post(
            "/admin/complaints/statements",
            &publish("First published words."),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.location(), "/complaints/statement/2025");
    let res = b
        .post(
            "/admin/complaints/statements",
            &publish("Second published words."),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);

    let mut public = app.browser();
    let now = public.get("/complaints/statement/2025").await;
    assert_eq!(now.status, 200);
    assert!(now.body.contains("Second published words."));
    assert!(!now.body.contains("First published words."));
    let first = public.get("/complaints/statement/2025?version=1").await;
    assert_eq!(first.status, 200);
    assert!(
        first.body.contains("First published words."),
        "{}",
        first.body
    );
    assert!(!first.body.contains("Second published words."));

    // The database itself refuses to change or remove a published version.
    let update = sqlx::query(
        "UPDATE complaints_statement_versions SET narrative = 'rewritten' WHERE year = 2025",
    )
    .execute(&app.db.pool)
    .await;
    assert!(update.is_err());
    let delete = sqlx::query("DELETE FROM complaints_statement_versions WHERE year = 2025")
        .execute(&app.db.pool)
        .await;
    assert!(delete.is_err());
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM complaints_statement_versions WHERE year = 2025")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(n, 2);
    app.finish().await;
}

each_backend!(
    the_force_figures_feed_the_plan_measures,
    a_published_statement_never_changes
);
