//! Changes with rules: a survey's questions change only while it is a draft; an assembly's
//! quota is deleted only before anyone registers; a volunteer withdraws with the code they
//! were given (their contact details go at once); a youth commission member leaves on a
//! dated, audited day, once.

use crate::engagement::{add, build};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

async fn audited(app: &TestApp, action: &str) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log \
         WHERE action = $1 ORDER BY seq",
    )
    .bind(action)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn questions_change_only_while_the_survey_is_a_draft(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let slug = build(&mut staff, "Draft survey", false, "").await;
    add(&mut staff, &slug, "single", "Keep me?", "Yes\nNo", "").await;
    add(&mut staff, &slug, "text", "Remove me", "", "").await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT q.id FROM engagement_questions q JOIN engagement_surveys s ON s.id = q.survey_id \
         WHERE s.slug = $1 ORDER BY q.position",
    )
    .bind(&slug)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let admin = format!("/admin/engagement/surveys/{slug}");
    let page = staff.get(&admin).await;
    assert!(page.body.contains(&format!("questions/{}/remove", ids[1])));
    let r = staff
        .post(&format!("{admin}/questions/{}/remove", ids[1]), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = staff.get(&admin).await;
    assert!(!page.body.contains("Remove me") && page.body.contains("Keep me?"));
    assert!(audited(&app, "engagement.question_remove").await[0].contains("Remove me"));

    let r = staff.post(&format!("{admin}/publish"), &[]).await;
    assert_eq!(r.status, 303);
    let page = staff.get(&admin).await;
    assert!(!page.body.contains("Add the question") && !page.body.contains("/remove\""));
    assert!(page.body.contains("its questions are fixed"));
    let refused = staff
        .post(
            &format!("{admin}/questions"),
            &[("kind", "text"), ("prompt", "Too late"), ("options", "")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("can be added or removed only while it is a draft"),
        "{}",
        refused.body
    );
    let refused = staff
        .post(&format!("{admin}/questions/{}/remove", ids[0]), &[])
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("only while it is a draft"));
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM engagement_questions q JOIN engagement_surveys s \
         ON s.id = q.survey_id WHERE s.slug = $1",
    )
    .bind(&slug)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(left, 1);
    app.finish().await;
}

async fn quotas_and_withdrawals_follow_the_registrations(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut other = app.signed_in(Role::Staff).await;
    staff.get("/admin/assemblies").await;
    let today = time::OffsetDateTime::now_utc().date();
    let r = staff
        .post(
            "/admin/assemblies",
            &[
                ("title", "Widnes assembly"),
                ("area_code", "E06000006"),
                ("place", "Widnes"),
                ("summary", "A test"),
                ("panel_size", "2"),
                ("recruitment_opens", &today.to_string()),
                (
                    "recruitment_closes",
                    &(today + time::Duration::days(10)).to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let admin = "/admin/assemblies/widnes-assembly";
    for (c, f) in [
        ("age", "under 40"),
        ("age", "40 and over"),
        ("age", "spare"),
    ] {
        staff.get(admin).await;
        let r = staff
            .post(
                &format!("{admin}/quotas"),
                &[("category", c), ("feature", f), ("min", "0"), ("max", "2")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let quota = |feature: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM assembly_quotas WHERE feature = $1")
                .bind(feature)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    // Before anyone registers, another office user may delete a quota.
    let spare = quota("spare").await;
    other.get(admin).await;
    let r = other
        .post(&format!("{admin}/quotas/{spare}/delete"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(audited(&app, "assembly.quota_delete").await[0].contains("spare"));
    let form = app
        .browser()
        .get("/assemblies/widnes-assembly/register")
        .await;
    assert!(!form.body.contains("spare"));

    let mut public = app.browser();
    let mut codes = Vec::new();
    for (name, age) in [("Pat", "under 40"), ("Sam", "40 and over")] {
        public.get("/assemblies/widnes-assembly/register").await;
        let r = public
            .post(
                "/assemblies/widnes-assembly/register",
                &[
                    ("feature-0", age),
                    ("name", name),
                    ("email", &format!("{}@vol.example", name.to_lowercase())),
                    ("consent", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let at = r.body.find("id=\"withdraw-code\">").unwrap() + 19;
        let code = r.body[at..at + 14].to_string();
        assert!(code.chars().filter(|c| *c == '-').count() == 2, "{code}");
        codes.push(code);
    }
    // Once people have registered, no quota can go.
    let under = quota("under 40").await;
    staff.get(admin).await;
    let refused = staff
        .post(&format!("{admin}/quotas/{under}/delete"), &[])
        .await;
    assert_eq!(refused.status, 400);
    assert!(
        refused.body.contains("2 volunteers have registered"),
        "{}",
        refused.body
    );
    assert!(staff.get(admin).await.body.contains("cannot be deleted"));

    // Withdrawing: the assembly's page links to it; a wrong code is refused on the form.
    let show = public.get("/assemblies/widnes-assembly").await;
    assert!(
        show.body
            .contains("href=\"/assemblies/widnes-assembly/withdraw\"")
    );
    let page = public.get("/assemblies/widnes-assembly/withdraw").await;
    assert_eq!(page.status, 200);
    let wrong = public
        .post(
            "/assemblies/widnes-assembly/withdraw",
            &[("code", "AAAA-BBBB-CCCC")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("govuk-error-summary") && wrong.body.contains("href=\"#code\""));
    assert!(
        wrong.body.contains("value=\"AAAA-BBBB-CCCC\""),
        "kept as typed"
    );
    // Typed in small letters without the dashes, it still matches.
    let typed = codes[0].replace('-', " ").to_lowercase();
    public.get("/assemblies/widnes-assembly/withdraw").await;
    let done = public
        .post("/assemblies/widnes-assembly/withdraw", &[("code", &typed)])
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("You have withdrawn"));
    let rows: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT pool_number, email, withdrawn_at FROM assembly_registrations r \
         JOIN assemblies a ON a.id = r.assembly_id WHERE a.slug = 'widnes-assembly' \
         ORDER BY pool_number",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (rows[0].0, rows[0].1.is_none(), rows[0].2.is_some()),
        (1, true, true)
    );
    assert_eq!(rows[1].1.as_deref(), Some("sam@vol.example"));
    let again = public
        .post(
            "/assemblies/widnes-assembly/withdraw",
            &[("code", &codes[0])],
        )
        .await;
    assert_eq!(again.status, 422);
    assert!(
        again
            .body
            .contains("This registration has already been withdrawn")
    );
    let entries = audited(&app, "assembly.withdraw").await;
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].contains("vol.example") && !entries[0].contains(&codes[0]));
    // Not in the pool for a selection any more.
    let pool = opcc_store::assemblies::registrations::pool(
        &app.db,
        opcc_store::assemblies::by_slug(&app.db, "widnes-assembly")
            .await
            .unwrap()
            .id,
    )
    .await
    .unwrap();
    assert_eq!(pool.iter().map(|p| p.1).collect::<Vec<_>>(), vec![2]);
    app.finish().await;
}

async fn a_youth_commission_member_leaves_once_on_a_dated_day(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let today = time::OffsetDateTime::now_utc().date();
    let joined = today - time::Duration::days(100);
    let id = opcc_store::engagement::youth::add_member(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        "Young Member",
        joined - time::Duration::days(17 * 366),
        None,
        joined,
    )
    .await
    .unwrap();
    let page = staff.get("/admin/engagement/youth").await;
    let path = format!("/admin/engagement/youth/members/{id}/leave");
    assert!(page.body.contains(&path));
    let boxes = |d: time::Date| {
        [
            d.day().to_string(),
            (d.month() as u8).to_string(),
            d.year().to_string(),
        ]
    };
    // Not a real date; before they joined; then the day they left.
    let bad = staff
        .post(
            &path,
            &[
                ("left-day", "31"),
                ("left-month", "2"),
                ("left-year", "2026"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("The day they left must be a real date"),
        "{}",
        bad.body
    );
    let [d, m, y] = boxes(joined - time::Duration::days(1));
    let early = staff
        .post(
            &path,
            &[("left-day", &d), ("left-month", &m), ("left-year", &y)],
        )
        .await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("on or after the day they joined"));
    let left = today - time::Duration::days(3);
    let [d, m, y] = boxes(left);
    let r = staff
        .post(
            &path,
            &[("left-day", &d), ("left-month", &m), ("left-year", &y)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let stored: Option<String> =
        sqlx::query_scalar("SELECT left_on FROM engagement_youth_members WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(stored, Some(left.to_string()));
    let entries = audited(&app, "engagement.youth_member_leave").await;
    assert_eq!(entries.len(), 1);
    assert!(entries[0].contains(&left.to_string()) && !entries[0].contains("Young Member"));
    let twice = staff
        .post(
            &path,
            &[("left-day", &d), ("left-month", &m), ("left-year", &y)],
        )
        .await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("a member leaves only once"));
    // The public count no longer includes them.
    let count = opcc_store::engagement::youth::member_count(&app.db)
        .await
        .unwrap();
    let current: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM engagement_youth_members WHERE left_on IS NULL")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(count, current);
    app.finish().await;
}

each_backend!(questions_change_only_while_the_survey_is_a_draft);
each_backend!(quotas_and_withdrawals_follow_the_registrations);
each_backend!(a_youth_commission_member_leaves_once_on_a_dated_day);
