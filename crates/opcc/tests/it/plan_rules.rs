//! The rules that keep a plan honest and the forms staff keep it with, through the real
//! server on both backends: publishing supersedes, one plan is in force, a published plan
//! changes only with a reason the public reads, a pack is locked only from its confirmation
//! page, measures are added, edited, reordered and retired in the browser with keys made
//! from their titles. Uploads, the new-plan form and the audit in words: `plan_forms.rs`.

use crate::support::{Backend, Browser, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::PlanFile;

const PLAN: &str = "cheshire-2024-28";
pub(crate) const ADMIN: &str = "/admin/plans/cheshire-2024-28";

pub(crate) async fn post_ok(b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> String {
    let res = b.post(path, fields).await;
    assert_eq!(
        res.status,
        303,
        "{path}: {}",
        &res.body[..res.body.len().min(3000)]
    );
    res.location().to_string()
}

async fn plan(app: &TestApp, slug: &str) -> PlanFile {
    opcc_store::plans::load(&app.db, slug)
        .await
        .unwrap()
        .unwrap()
}

fn date_fields(prefix: &str, d: time::Date) -> [(String, String); 3] {
    [
        (format!("{prefix}-day"), d.day().to_string()),
        (format!("{prefix}-month"), (d.month() as u8).to_string()),
        (format!("{prefix}-year"), d.year().to_string()),
    ]
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// The keys of every measure the plan reports: not proposed, not retired.
fn reported_keys(p: &PlanFile) -> Vec<String> {
    p.all_items()
        .into_iter()
        .flat_map(|(_, i)| i.measures.iter())
        .filter(|m| !m.provisional && m.retired.is_none())
        .map(|m| m.key.clone())
        .collect()
}

async fn publishing_a_plan_supersedes_the_one_it_replaces_and_one_is_in_force(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let area = "E23000006";
    let before = opcc_store::plans::in_force(&app.db, area, today())
        .await
        .unwrap()
        .expect("the demo has a plan in force");
    assert_eq!(before.slug, PLAN);

    // A new plan whose term began a month ago, its dates typed in GOV.UK date inputs and its
    // short name made from its title.
    let start = today() - time::Duration::days(30);
    let end = start + time::Duration::days(4 * 365);
    let mut fields: Vec<(String, String)> = vec![
        ("title".into(), "Police and Crime Plan Renewed".into()),
        ("commissioner".into(), "A Commissioner".into()),
        ("levels".into(), "Priority".into()),
    ];
    fields.extend(date_fields("term_start", start));
    fields.extend(date_fields("term_end", end));
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let to = post_ok(&mut staff, "/admin/plans", &refs).await;
    assert_eq!(to, "/admin/plans/police-and-crime-plan-renewed");
    let new = "/admin/plans/police-and-crime-plan-renewed";
    let closes = today() + time::Duration::days(10);
    let mut consult: Vec<(String, String)> = vec![
        ("to".into(), "consultation".into()),
        ("note".into(), "Decision 1".into()),
    ];
    consult.extend(date_fields("date", today()));
    consult.extend(date_fields("closes", closes));
    let refs: Vec<(&str, &str)> = consult
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_ok(&mut staff, &format!("{new}/transition"), &refs).await;
    let iso = today().to_string();
    post_ok(
        &mut staff,
        &format!("{new}/transition"),
        &[
            ("to", "panel_review"),
            ("date", &iso),
            ("note", "To the Panel"),
            ("confirm", "yes"),
        ],
    )
    .await;
    // Before publication the old plan is still the one in force.
    assert_eq!(
        opcc_store::plans::in_force(&app.db, area, today())
            .await
            .unwrap()
            .unwrap()
            .slug,
        PLAN
    );
    post_ok(
        &mut staff,
        &format!("{new}/transition"),
        &[("to", "published"), ("date", &iso), ("note", "Decision 2")],
    )
    .await;

    let old = plan(&app, PLAN).await;
    assert_eq!(old.status(), PlanStatus::Superseded);
    assert_eq!(
        old.transitions.last().unwrap().note,
        "Superseded by Police and Crime Plan Renewed"
    );
    let live: Vec<_> = opcc_store::plans::list(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| matches!(p.status, PlanStatus::Published | PlanStatus::Refreshed))
        .map(|p| p.slug)
        .collect();
    assert_eq!(
        live,
        ["police-and-crime-plan-renewed"],
        "one plan published"
    );
    assert_eq!(
        opcc_store::plans::in_force(&app.db, area, today())
            .await
            .unwrap()
            .unwrap()
            .slug,
        "police-and-crime-plan-renewed"
    );
    let mut public = app.browser();
    let home = public.get("/").await;
    assert!(
        home.body
            .contains(r#"href="/plans/police-and-crime-plan-renewed""#),
        "the home page leads to the plan in force"
    );
    // A superseded plan is the record of what was: it does not change.
    let refused = staff
        .post(
            &format!("{ADMIN}/items/reduce-crime/edit"),
            &[("title", "Rewritten"), ("reason", "Because")],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("has been superseded"));
    // Superseded is final: not even a refresh.
    let refused = staff
        .post(
            "/admin/plans/cheshire-2024-28/transition",
            &[("to", "refreshed"), ("date", &iso), ("note", "x")],
        )
        .await;
    assert_eq!(refused.status, 422, "superseded is final");
    app.finish().await;
}

async fn a_published_plan_changes_only_by_a_refresh_whose_reason_the_public_reads(
    backend: Backend,
) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let title = plan(&app, PLAN).await.items[0].title.clone();
    let no_reason = staff
        .post(
            &format!("{ADMIN}/items/reduce-crime/edit"),
            &[("title", "Cut crime"), ("description", "")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("Enter the reason for the change"));
    assert!(
        no_reason.body.contains(r#"value="Cut crime""#),
        "what was typed is kept"
    );
    let p = plan(&app, PLAN).await;
    assert_eq!(p.items[0].title, title, "nothing changed");
    assert_eq!(p.status(), PlanStatus::Published);

    // A refresh by the lifecycle form needs its reason too.
    let refused = staff
        .post(
            &format!("{ADMIN}/transition"),
            &[("to", "refreshed"), ("date", &today().to_string())],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Enter the reason for the refresh"));

    post_ok(
        &mut staff,
        &format!("{ADMIN}/items/reduce-crime/edit"),
        &[
            ("title", "Cut crime"),
            ("description", ""),
            ("reason", "Reworded after the Panel's review in 2025"),
        ],
    )
    .await;
    let p = plan(&app, PLAN).await;
    assert_eq!(p.items[0].title, "Cut crime");
    assert_eq!(p.status(), PlanStatus::Refreshed);
    let last = p.transitions.last().unwrap();
    assert_eq!(last.status, PlanStatus::Refreshed);
    assert_eq!(last.note, "Reworded after the Panel's review in 2025");

    let page = app.browser().get("/plans/cheshire-2024-28").await;
    let notes = &page.body[page
        .body
        .find("Changes to this plan")
        .expect("a change note")..];
    assert!(notes.contains("Reworded after the Panel&#39;s review in 2025"));
    assert!(notes.contains(&opcc_domain::plans::file::long_date(today())));

    // Moving an item on a published plan asks for the reason on a page of its own.
    let ask = staff
        .post(
            &format!("{ADMIN}/items/reduce-crime/move"),
            &[("direction", "down")],
        )
        .await;
    assert_eq!(ask.status, 200);
    assert!(ask.body.contains("Why make this change?"));
    assert_eq!(plan(&app, PLAN).await.items[0].key, "reduce-crime");
    post_ok(
        &mut staff,
        &format!("{ADMIN}/items/reduce-crime/move"),
        &[("direction", "down"), ("reason", "Listening comes first")],
    )
    .await;
    assert_eq!(plan(&app, PLAN).await.items[1].key, "reduce-crime");
    app.finish().await;
}

async fn a_pack_is_locked_only_from_its_confirmation_page(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let index = staff.get("/admin/performance/cheshire-2024-28").await;
    let link = "/admin/performance/cheshire-2024-28/publish?quarter=2025-26-q1";
    assert!(index.body.contains(link), "each quarter links to its page");
    let confirm = staff.get(link).await;
    assert_eq!(confirm.status, 200);
    assert!(
        confirm
            .body
            .contains("Publish the pack and lock 2025/26 Quarter 1")
            || confirm.body.contains("Publish the pack and lock"),
        "{}",
        confirm.body
    );
    assert!(confirm.body.contains(r#"name="confirm" value="yes""#));
    let quarter = opcc_domain::periods::Period::Quarter(2025, 1);
    let unconfirmed = staff
        .post(
            "/admin/performance/cheshire-2024-28/publish",
            &[("quarter", "2025/26 Q1")],
        )
        .await;
    assert_eq!(unconfirmed.status, 303);
    assert_eq!(
        unconfirmed.location(),
        link,
        "sent to the confirmation page"
    );
    let locked = opcc_store::performance::locked_quarters(&app.db, PLAN)
        .await
        .unwrap();
    assert!(!locked.contains(&quarter), "not locked without confirming");
    post_ok(
        &mut staff,
        "/admin/performance/cheshire-2024-28/publish",
        &[("quarter", "2025/26 Q1"), ("confirm", "yes")],
    )
    .await;
    let locked = opcc_store::performance::locked_quarters(&app.db, PLAN)
        .await
        .unwrap();
    assert!(locked.contains(&quarter));
    app.finish().await;
}

async fn measures_are_added_edited_reordered_and_retired_in_the_browser(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let form = staff
        .get(&format!("{ADMIN}/measures/new?item=reduce-crime"))
        .await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Add a measure"));

    // Every field's error at once, and what was typed kept.
    let bad = staff
        .post(
            &format!("{ADMIN}/measures"),
            &[("item", "reduce-crime"), ("source", "Home Office data hub")],
        )
        .await;
    assert_eq!(bad.status, 422);
    for message in [
        "Enter the measure&#39;s title",
        "Choose what the measure counts",
        "Choose which direction is better",
        "Choose how often it is reported",
        "Choose the areas it is reported for",
    ] {
        assert!(bad.body.contains(message), "{message}");
    }
    assert!(bad.body.contains(r#"value="Home Office data hub""#));

    let measure = [
        ("item", "reduce-crime"),
        ("title", "Hate crimes recorded"),
        ("definition", "Offences flagged as hate crime"),
        ("unit", "count"),
        ("better", "neither"),
        ("frequency", "monthly"),
        ("geography", "force"),
        ("source", "Cheshire Constabulary"),
        ("reason", "The Panel asked for it"),
    ];
    let to = post_ok(&mut staff, &format!("{ADMIN}/measures"), &measure).await;
    assert_eq!(to, format!("{ADMIN}#measure-hate-crimes-recorded"));
    let again = post_ok(&mut staff, &format!("{ADMIN}/measures"), &measure).await;
    assert_eq!(again, format!("{ADMIN}#measure-hate-crimes-recorded-2"));
    let p = plan(&app, PLAN).await;
    let under = &p
        .items
        .iter()
        .find(|i| i.key == "reduce-crime")
        .unwrap()
        .measures;
    let keys: Vec<&str> = under.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        &keys[keys.len() - 2..],
        ["hate-crimes-recorded", "hate-crimes-recorded-2"]
    );
    let m = &under[under.len() - 2];
    assert_eq!(m.definition, "Offences flagged as hate crime");
    assert_eq!(m.better, opcc_domain::plans::Better::Neither);

    post_ok(
        &mut staff,
        &format!("{ADMIN}/measures/hate-crimes-recorded-2/move"),
        &[("direction", "up"), ("reason", "Order as in the report")],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{ADMIN}/measures/hate-crimes-recorded/edit"),
        &[
            ("title", "Hate crimes recorded by the police"),
            ("definition", "Offences flagged as hate crime"),
            ("unit", "count"),
            ("better", "neither"),
            ("frequency", "quarterly"),
            ("geography", "force"),
            ("source", "Cheshire Constabulary"),
            ("reason", "Clearer title"),
        ],
    )
    .await;
    let p = plan(&app, PLAN).await;
    let under = &p
        .items
        .iter()
        .find(|i| i.key == "reduce-crime")
        .unwrap()
        .measures;
    let keys: Vec<&str> = under.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        &keys[keys.len() - 2..],
        ["hate-crimes-recorded-2", "hate-crimes-recorded"]
    );
    let edited = under.last().unwrap();
    assert_eq!(edited.title, "Hate crimes recorded by the police");
    assert_eq!(
        edited.frequency,
        Some(opcc_domain::plans::Frequency::Quarterly)
    );

    // The template lists exactly the keys the plan reports, new ones included.
    let template = staff
        .get("/admin/performance/cheshire-2024-28/template.csv")
        .await;
    assert_eq!(template.status, 200);
    let mut lines = template.body.lines();
    assert_eq!(
        lines.next().unwrap(),
        "measure,period,area,value,numerator,denominator,source,commentary"
    );
    let listed: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(listed, reported_keys(&p));
    assert!(listed.contains(&"hate-crimes-recorded"));
    let due = staff.get("/admin/performance/cheshire-2024-28").await;
    assert!(due.body.contains("Hate crimes recorded by the police"));

    // Retired: not reported, not offered, not due; its record stays.
    let mut retire: Vec<(String, String)> = vec![("reason".into(), "Replaced".into())];
    retire.extend(date_fields("retired", today()));
    let refs: Vec<(&str, &str)> = retire
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    post_ok(
        &mut staff,
        &format!("{ADMIN}/measures/hate-crimes-recorded/retire"),
        &refs,
    )
    .await;
    let p = plan(&app, PLAN).await;
    let retired = p
        .all_items()
        .into_iter()
        .flat_map(|(_, i)| i.measures.iter())
        .find(|m| m.key == "hate-crimes-recorded")
        .unwrap();
    assert_eq!(retired.retired.map(|d| d.0), Some(today()));
    let index = staff.get("/admin/performance/cheshire-2024-28").await;
    assert!(!index.body.contains("Hate crimes recorded by the police"));
    let template = staff
        .get("/admin/performance/cheshire-2024-28/template.csv")
        .await;
    assert!(!template.body.contains("hate-crimes-recorded\r\n"));
    assert!(!template.body.contains("hate-crimes-recorded,"));
    let listed: Vec<String> = template
        .body
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    assert_eq!(listed, reported_keys(&p));
    let upload = staff
        .upload(
            "/admin/performance/cheshire-2024-28/upload",
            "v.csv",
            b"measure,period,value\nhate-crimes-recorded,2025/26 Q1,10\n".to_vec(),
        )
        .await;
    assert_eq!(upload.status, 422, "a retired measure takes no values");
    app.finish().await;
}

each_backend!(
    publishing_a_plan_supersedes_the_one_it_replaces_and_one_is_in_force,
    a_published_plan_changes_only_by_a_refresh_whose_reason_the_public_reads,
    a_pack_is_locked_only_from_its_confirmation_page,
    measures_are_added_edited_reordered_and_retired_in_the_browser,
);
