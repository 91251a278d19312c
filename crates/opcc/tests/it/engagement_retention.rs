//! `opcc engagement retention`: survey respondents' personal data a year after closing, youth
//! commission members' a year after leaving, assembly volunteers' contact details 30 days
//! after a selection that did not choose them; exactly those, and a dry run changes nothing.

use crate::support::{Backend, TestApp};
use opcc_store::audit::Actor;
use opcc_store::engagement::{retention, youth};
use std::process::Command;
use time::Duration;

fn opcc(url: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// A named survey that closed on `closes`, with one response giving a name and email.
async fn survey(app: &TestApp, slug: &str, closes: time::Date) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO engagement_surveys (slug, title, summary, opens_on, closes_on, named, \
         equality, published, created_at) VALUES ($1, $1, '', $2, $3, 1, 1, 1, 'x') RETURNING id",
    )
    .bind(slug)
    .bind((closes - Duration::days(30)).to_string())
    .bind(closes.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO engagement_responses (survey_id, channel, name, email, equality, \
         consent_to_quote, received_at) VALUES ($1, 'online', 'Resp Ondent', \
         'resp@example.org', 'sex=Female', 0, 'x')",
    )
    .bind(id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    id
}

async fn member(app: &TestApp, name: &str, left: Option<time::Date>) -> i64 {
    let today = time::OffsetDateTime::now_utc().date();
    let office = Actor::system("test office");
    let joined = today - Duration::days(800);
    let born = joined - Duration::days(18 * 366);
    let id = youth::add_member(&app.db, &office, name, born, None, joined)
        .await
        .unwrap();
    sqlx::query("UPDATE engagement_youth_members SET left_on = $1 WHERE id = $2")
        .bind(left.map(|d| d.to_string()))
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    id
}

async fn name_of(app: &TestApp, sql: &'static str, id: i64) -> Option<String> {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn retention_removes_exactly_the_expired_personal_data(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let url = app.test_db.url.clone();
    let today = time::OffsetDateTime::now_utc().date();
    let baseline = retention::plan(db, today).await.unwrap();
    // One day either side of each rule's edge.
    let old_survey = survey(&app, "closed-366-days-ago", today - Duration::days(366)).await;
    let kept_survey = survey(&app, "closed-365-days-ago", today - Duration::days(365)).await;
    let gone = member(&app, "Left Long Ago", Some(today - Duration::days(366))).await;
    let stays = member(&app, "Left A Year Ago", Some(today - Duration::days(365))).await;
    let current = member(&app, "Still A Member", None).await;

    let mut want = baseline.clone();
    want.surveys.push(old_survey);
    want.youth_members.push(gone);
    want.surveys.sort();
    want.youth_members.sort();
    assert_eq!(retention::plan(db, today).await.unwrap(), want);
    assert!(!want.surveys.contains(&kept_survey));
    for id in [stays, current] {
        assert!(!want.youth_members.contains(&id));
    }

    let dry = opcc(&url, &["engagement", "retention", "--dry-run"]);
    assert!(
        dry.contains(&format!(
            "would remove youth commission member's personal data, member {gone}\n"
        )),
        "{dry}"
    );
    assert!(
        dry.contains(&format!(
            "would remove survey respondents' personal data, survey {old_survey}\n"
        )),
        "{dry}"
    );
    assert!(!dry.contains(&format!("member {stays}\n")), "{dry}");
    assert!(!dry.contains(&format!("survey {kept_survey}\n")), "{dry}");
    let member_name = "SELECT name FROM engagement_youth_members WHERE id = $1";
    let respondent = "SELECT MAX(email) FROM engagement_responses WHERE survey_id = $1";
    assert_eq!(
        name_of(&app, member_name, gone).await.as_deref(),
        Some("Left Long Ago"),
        "a dry run changes nothing"
    );

    let run = opcc(&url, &["engagement", "retention"]);
    assert!(
        run.contains(&format!(
            "done: {} surveys, {} youth commission members, {} assembly registrations",
            want.surveys.len(),
            want.youth_members.len(),
            want.registrations.len()
        )),
        "{run}"
    );
    assert_eq!(name_of(&app, member_name, gone).await, None);
    assert_eq!(
        name_of(&app, member_name, stays).await.as_deref(),
        Some("Left A Year Ago")
    );
    assert_eq!(
        name_of(&app, member_name, current).await.as_deref(),
        Some("Still A Member")
    );
    assert_eq!(name_of(&app, respondent, old_survey).await, None);
    assert_eq!(
        name_of(&app, respondent, kept_survey).await.as_deref(),
        Some("resp@example.org")
    );
    let erased_born: Option<String> = name_of(
        &app,
        "SELECT born_on FROM engagement_youth_members WHERE id = $1",
        gone,
    )
    .await;
    assert_eq!(erased_born, None);
    assert!(retention::plan(db, today).await.unwrap().is_empty());

    // The demo assembly was selected today: 40 days on, the volunteers not chosen have no
    // contact details; the panel's stay until 90 days after the selection (its sessions were
    // earlier), and the audit entry names registrations by id only.
    let on = today + Duration::days(40);
    let not_chosen: Vec<i64> = sqlx::query_scalar(
        "SELECT r.id FROM assembly_registrations r JOIN assembly_selection_people p \
         ON p.registration_id = r.id WHERE p.selection_id = (SELECT MAX(id) FROM \
         assembly_selections) AND p.outcome NOT IN ('selected', 'replacement') ORDER BY r.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(!not_chosen.is_empty());
    let office = Actor::system("test office");
    let done = retention::run(db, &office, on).await.unwrap();
    assert_eq!(done.registrations, not_chosen);
    let (with_email, without): (i64, i64) =
        sqlx::query_as("SELECT COUNT(email), COUNT(*) - COUNT(email) FROM assembly_registrations")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(without, not_chosen.len() as i64);
    assert!(with_email > 0, "the panel's contact details stay");
    assert!(
        retention::run(db, &office, on)
            .await
            .unwrap()
            .registrations
            .is_empty()
    );
    let panel: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assembly_selection_people WHERE outcome IN ('selected', \
         'replacement') AND selection_id = (SELECT MAX(id) FROM assembly_selections)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let members = retention::plan(db, today + Duration::days(91))
        .await
        .unwrap();
    assert_eq!(members.registrations.len() as i64, panel);
    app.finish().await;
}

each_backend!(retention_removes_exactly_the_expired_personal_data);
