//! `opcc engagement retention`: survey respondents' personal data a year after closing, youth
//! commission members' a year after leaving, assembly volunteers' contact details 30 days
//! after a selection that did not choose them (180 days after recruitment if none is made),
//! plan commenters' names a year after the consultation; exactly those, and a dry run changes
//! nothing.

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
            "done: {} surveys, {} youth commission members, {} assembly registrations, {} \
             plans' comments, {} questions",
            want.surveys.len(),
            want.youth_members.len(),
            want.registrations.len(),
            want.plan_comments.len(),
            want.questions.len()
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

/// An assembly that is never selected keeps its volunteers' contact details 180 days after
/// recruitment closes, not for ever; one selected or still recruiting is not touched by this.
async fn an_assembly_never_selected_lets_its_volunteers_go(backend: Backend) {
    use opcc_domain::assemblies::{NOT_DRAWN_CONTACT_DAYS, NewAssembly, NewRegistration};
    use opcc_store::assemblies;
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let office = Actor::system("test office");
    let today = time::OffsetDateTime::now_utc().date();
    let closes = today - Duration::days(NOT_DRAWN_CONTACT_DAYS);
    let mut registered = Vec::new();
    for (title, closes) in [
        ("Called off", closes),
        ("Still deciding", closes + Duration::days(1)),
    ] {
        let a = NewAssembly {
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            area_code: "E06000049".into(),
            place: "Crewe".into(),
            summary: "An assembly that was not selected.".into(),
            panel_size: 10,
            recruitment_opens: closes - Duration::days(30),
            recruitment_closes: closes,
        };
        assemblies::create(db, &office, &a).await.unwrap();
        let r = NewRegistration {
            name: "Vol Unteer".into(),
            email: "vol@example.org".into(),
            phone: "01234 567890".into(),
            features: Default::default(),
        };
        assemblies::registrations::register(db, &a.slug, &closes.to_string(), &r)
            .await
            .unwrap();
        let id: i64 = sqlx::query_scalar(
            "SELECT r.id FROM assembly_registrations r JOIN assemblies a \
             ON a.id = r.assembly_id WHERE a.slug = $1",
        )
        .bind(&a.slug)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        registered.push(id);
    }
    // The demo's own assembly was selected today, so only the first is due, and only after
    // its 180th day.
    let due = retention::plan(db, today).await.unwrap();
    assert!(due.registrations.is_empty(), "{:?}", due.registrations);
    let due = retention::plan(db, today + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(due.registrations, vec![registered[0]]);
    let done = retention::run(db, &office, today + Duration::days(1))
        .await
        .unwrap();
    assert_eq!(done.registrations, vec![registered[0]]);
    let emails: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT email FROM assembly_registrations WHERE id = $1 OR id = $2 ORDER BY id",
    )
    .bind(registered[0])
    .bind(registered[1])
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(emails, vec![None, Some("vol@example.org".to_string())]);
    app.finish().await;
}

each_backend!(an_assembly_never_selected_lets_its_volunteers_go);

/// The names and emails given with comments on a plan go a year after its consultation
/// closed (the comments stay), and a question's asker's 90 days after it was settled.
async fn plan_commenters_and_askers_are_forgotten_by_the_rules(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let today = time::OffsetDateTime::now_utc().date();
    let plans: Vec<i64> = sqlx::query_scalar("SELECT id FROM plans ORDER BY id LIMIT 2")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(plans.len(), 2, "the demo holds two plans or more");
    for (plan, days) in plans.iter().zip([366, 365]) {
        sqlx::query("UPDATE plans SET consultation_closes = $1 WHERE id = $2")
            .bind((today - Duration::days(days)).to_string())
            .bind(plan)
            .execute(&db.pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO plan_comments (plan_id, body, name, email, created_at) \
             VALUES ($1, 'More patrols, please.', 'Com Menter', 'c@example.org', 'x')",
        )
        .bind(plan)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    // A question rejected 91 days ago is due with them; one rejected 90 days ago is not.
    let mut asked = Vec::new();
    for days in [91, 90] {
        let decided = (today - Duration::days(days)).to_string();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO gov_questions (token_hash, body_id, submitter_name, submitter_email, \
             question, status, moderation_note, answer, submitted_at, decided_at) \
             VALUES ($1, (SELECT MIN(id) FROM gov_bodies), 'Ask Er', 'ask@example.org', \
             'Why?', 'rejected', 'Not for this meeting.', '', $2, $2) RETURNING id",
        )
        .bind(format!("token-{days}"))
        .bind(&decided)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        asked.push(id);
    }
    let due = retention::plan(db, today).await.unwrap();
    assert!(due.questions.contains(&asked[0]), "{due:?}");
    assert!(!due.questions.contains(&asked[1]), "{due:?}");
    assert!(due.plan_comments.contains(&plans[0]), "{due:?}");
    assert!(!due.plan_comments.contains(&plans[1]), "{due:?}");
    let office = Actor::system("test office");
    retention::run(db, &office, today).await.unwrap();
    let left: Vec<(i64, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT plan_id, name, email, body FROM plan_comments WHERE body = 'More patrols, please.' \
         ORDER BY plan_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(left.len(), 2, "the comments themselves stay");
    assert_eq!((left[0].1.as_deref(), left[0].2.as_deref()), (None, None));
    assert_eq!(left[1].2.as_deref(), Some("c@example.org"));
    let emails: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT submitter_email FROM gov_questions WHERE id = $1 OR id = $2 ORDER BY id",
    )
    .bind(asked[0])
    .bind(asked[1])
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(emails, vec![None, Some("ask@example.org".to_string())]);
    let audit: String = sqlx::query_scalar(
        "SELECT after_json FROM audit_log WHERE action = 'plan.comments_erase_personal' \
         AND entity_id = $1",
    )
    .bind(plans[0].to_string())
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(
        !audit.contains("Com Menter") && !audit.contains("example.org"),
        "{audit}"
    );
    app.finish().await;
}

each_backend!(plan_commenters_and_askers_are_forgotten_by_the_rules);
