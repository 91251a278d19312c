//! The volunteer lifecycle against both databases: an application from the public accepted
//! into a volunteer, vetted and trained, available, put on a rota in pairs spread across the
//! suites, claiming mileage at 45p, told before their vetting runs out, and leaving; then the
//! retention rules, whose dry run lists exactly what goes and whose run removes just that.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_store::StoreError;
use opcc_store::audit::Actor;
use opcc_store::notify::reasons;
use opcc_store::schemes::lifecycle::{self, NewApplication};
use opcc_store::schemes::{retention, rota, volunteers};
use std::process::Command;
use time::macros::date;

fn refused(r: Result<impl std::fmt::Debug, StoreError>, field: &str) {
    match r {
        Err(StoreError::Invalid(m)) => assert!(m.starts_with(&format!("{field}:")), "{m}"),
        other => panic!("{field}: expected a refusal, got {other:?}"),
    }
}

async fn applicant(app: &TestApp, n: usize, office: &Actor) -> i64 {
    let id = lifecycle::apply(
        &app.db,
        &NewApplication {
            scheme: "custody",
            name: &format!("Applicant {n}"),
            email: &format!("applicant{n}@example.org"),
            phone: "01606 000000",
            reason: "I would like to help check custody is fair.",
        },
    )
    .await
    .unwrap();
    lifecycle::decide(&app.db, office, id, true, "2024-01-05")
        .await
        .unwrap();
    sqlx::query_scalar("SELECT volunteer_id FROM sch_applications WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn a_volunteer_goes_from_application_to_leaving(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let office = Actor::system("test office");
    let staff = app.user(Role::Staff, "rota.staff@example.org").await;

    // A bad application is refused naming the field; nothing is stored.
    let bad = NewApplication {
        scheme: "custody",
        name: "A Person",
        email: "not-an-address",
        phone: "01606 000000",
        reason: "To help.",
    };
    refused(lifecycle::apply(db, &bad).await, "email");
    refused(
        lifecycle::apply(
            db,
            &NewApplication {
                scheme: "panel",
                email: "a@b.org",
                ..bad
            },
        )
        .await,
        "scheme",
    );
    assert!(lifecycle::applications(db).await.unwrap().is_empty());

    // Six accepted applicants become custody visitors, free every day and time.
    let mut people = Vec::new();
    for n in 0..6 {
        people.push(applicant(&app, n, &office).await);
    }
    refused(
        lifecycle::decide(db, &office, 1, false, "2024-01-06").await,
        "decision",
    );
    let all: Vec<(u8, &str)> = (0..7u8)
        .flat_map(|d| ["day", "evening", "night"].map(|p| (d, p)))
        .collect();
    for v in &people {
        assert!(volunteers::is_member(db, *v, "custody").await.unwrap());
        volunteers::renew(db, &office, *v, "vetting", "2026-01-05")
            .await
            .unwrap();
        volunteers::renew(db, &office, *v, "training", "2025-01-05")
            .await
            .unwrap();
        lifecycle::set_availability(db, &office, *v, &all)
            .await
            .unwrap();
    }

    // The rota: the scheme's target (4 a month) at each of the three suites, in pairs.
    let gaps = rota::draft(db, &office, "2024-03", "march").await.unwrap();
    assert!(gaps.is_empty(), "{gaps:?}");
    let visits = rota::month(db, "2024-03").await.unwrap();
    assert_eq!(visits.len(), 12);
    for place in ["Middlewich", "Runcorn", "Blacon"] {
        let days: Vec<&str> = visits
            .iter()
            .filter(|v| v.place == place)
            .map(|v| v.slot_on.as_str())
            .collect();
        assert_eq!(days.len(), 4, "{place}");
        // One in each quarter of March (31 days: from the 1st, 8th, 16th and 24th).
        let quarters: Vec<i64> = days
            .iter()
            .map(|d| {
                let i = d[8..].parse::<i64>().unwrap() - 1;
                (1..4).filter(|k| k * 31 / 4 <= i).count() as i64
            })
            .collect();
        assert_eq!(quarters, vec![0, 1, 2, 3], "{place}: {days:?}");
    }
    for part in ["day", "evening", "night"] {
        assert_eq!(visits.iter().filter(|v| v.slot == part).count(), 4);
    }
    for v in &visits {
        assert_ne!(v.first_id, v.second_id);
        for who in [v.first_id, v.second_id] {
            assert!(people.contains(&who));
            let that_day = visits
                .iter()
                .filter(|o| o.slot_on == v.slot_on && (o.first_id == who || o.second_id == who))
                .count();
            assert_eq!(that_day, 1, "{who} twice on {}", v.slot_on);
        }
    }
    // The same seed gives the same rota; staff edit within the rules, then publish.
    rota::draft(db, &office, "2024-03", "march").await.unwrap();
    let again = rota::month(db, "2024-03").await.unwrap();
    let pairs = |vs: &[rota::RotaVisit]| {
        vs.iter()
            .map(|v| {
                (
                    v.place.clone(),
                    v.slot_on.clone(),
                    v.slot.clone(),
                    v.first_id,
                    v.second_id,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(&visits), pairs(&again));
    let first = &again[0];
    refused(
        rota::edit(
            db,
            &office,
            first.id,
            &first.slot_on,
            "night",
            people[0],
            people[0],
        )
        .await,
        "second_id",
    );
    let clash = again
        .iter()
        .find(|o| o.id != first.id && o.slot_on != first.slot_on)
        .unwrap();
    let busy = clash.first_id;
    refused(
        rota::edit(
            db,
            &office,
            first.id,
            &clash.slot_on,
            "night",
            busy,
            first.second_id,
        )
        .await,
        if busy < first.second_id {
            "first_id"
        } else {
            "second_id"
        },
    );
    assert!(
        !rota::mine(db, people[0], "2024-03-01")
            .await
            .unwrap()
            .iter()
            .any(|_| true)
    );
    assert_eq!(rota::publish(db, &office, "2024-03").await.unwrap(), 12);
    refused(rota::draft(db, &office, "2024-03", "other").await, "month");
    let mine = rota::mine(db, people[0], "2024-03-01").await.unwrap();
    assert!(!mine.is_empty());
    assert!(
        mine.iter()
            .all(|v| v.first_id == people[0] || v.second_id == people[0])
    );

    // Expenses: 23.5 miles at 45p (10.575, to the penny 10.58) and £3.20 parking.
    let (claim, amount) = lifecycle::claim(
        db,
        &office,
        people[0],
        "2024-03-09",
        "Visit to Runcorn",
        "23.5",
        "3.20",
    )
    .await
    .unwrap();
    assert_eq!(amount, "13.78");
    refused(
        lifecycle::claim(db, &office, people[0], "2024-03-09", "Parking", "1.25", "").await,
        "miles",
    );
    refused(
        lifecycle::decide_expense(db, &office, claim, "paid", "", "2024-03-20").await,
        "status",
    );
    lifecycle::decide_expense(db, &office, claim, "approved", "", "2024-03-20")
        .await
        .unwrap();
    lifecycle::decide_expense(db, &office, claim, "paid", "", "2024-03-21")
        .await
        .unwrap();
    let claims = lifecycle::expenses(db, Some(people[0])).await.unwrap();
    assert_eq!(
        (
            claims[0].miles.as_str(),
            claims[0].amount.as_str(),
            claims[0].status.as_str()
        ),
        ("23.5", "13.78", "paid")
    );

    // Training runs out on 5 January 2025: 60 days before, the office is told, once per date,
    // naming no one; vetting (2026) is not yet due.
    let notices = reasons::volunteer_checks_expiring(db, date!(2024 - 11 - 20))
        .await
        .unwrap();
    let to_staff: Vec<_> = notices.iter().filter(|n| n.user_id == staff.id).collect();
    assert_eq!(to_staff.len(), 6, "{notices:?}");
    assert!(
        to_staff
            .iter()
            .all(|n| n.summary == "A volunteer's training runs out on 5 January 2025")
    );
    assert!(
        reasons::volunteer_checks_expiring(db, date!(2024 - 11 - 01))
            .await
            .unwrap()
            .iter()
            .all(|n| !n.dedupe_key.contains(&format!(":{}:", people[0])) || n.user_id != staff.id)
    );

    // Leaving: no more notices, no more rota.
    volunteers::leave(db, &office, people[0], "2024-06-30")
        .await
        .unwrap();
    let after = reasons::volunteer_checks_expiring(db, date!(2024 - 11 - 20))
        .await
        .unwrap();
    assert_eq!(after.iter().filter(|n| n.user_id == staff.id).count(), 5);
    let free = lifecycle::availability(db, 1).await.unwrap();
    assert!(free.iter().all(|a| a.volunteer != people[0]));
    app.finish().await;
}

async fn retention_removes_exactly_what_is_due(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let office = Actor::system("test office");
    // A volunteer who left in June 2017 (due June 2023), with a report and a claim from 2017.
    let old = applicant(&app, 90, &office).await;
    volunteers::leave(db, &office, old, "2017-06-30")
        .await
        .unwrap();
    let (expense, _) = lifecycle::claim(db, &office, old, "2017-05-01", "Bus fare", "", "4.10")
        .await
        .unwrap();
    let report: i64 = sqlx::query_scalar(
        "INSERT INTO sch_reports (scheme_id, place_id, author_id, visited_on, arrived_at, \
         unannounced, notes, status, created_at, updated_at) SELECT 1, MIN(id), $1, \
         '2017-05-01', '10:00', 1, '', 'submitted', 'x', 'x' FROM sch_places \
         WHERE scheme_id = 1 RETURNING id",
    )
    .bind(old)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO sch_observations (report_id, subject, visit, answers, note) \
         VALUES ($1, '06MW/00001/17', 'visited', '{}', '')",
    )
    .bind(report)
    .execute(&db.pool)
    .await
    .unwrap();
    // A declined application decided in 2022 (due 2023); a recent one stays.
    let declined = lifecycle::apply(
        db,
        &NewApplication {
            scheme: "dogs",
            name: "Declined Applicant",
            email: "declined@example.org",
            phone: "01606 111111",
            reason: "Dogs.",
        },
    )
    .await
    .unwrap();
    lifecycle::decide(db, &office, declined, false, "2022-01-01")
        .await
        .unwrap();
    // A force case list for 2020-21 never drawn (due 31 March 2023).
    let list: i64 = sqlx::query_scalar(
        "INSERT INTO oocr_lists (period_from, period_to, filename, sha256, list_hash, \
         uploaded_at) VALUES ('2020-04-01', '2021-03-31', 'old.csv', 'old', 'old', 'x') \
         RETURNING id",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO oocr_cases (list_id, case_ref, offence, disposal, age_group, resolved_on, \
         summary) VALUES ($1, 'CH/2020/0001', 'Theft', 'community_resolution', 'adult', \
         '2020-05-01', 'Took goods from a shop')",
    )
    .bind(list)
    .execute(&db.pool)
    .await
    .unwrap();

    // An engagement event of May 2017 the former volunteer went to (due May 2023); one of
    // 2024 stays.
    let mut events = Vec::new();
    for day in ["2017-05-20", "2024-05-20"] {
        let event: i64 = sqlx::query_scalar(
            "INSERT INTO sch_events (scheme_id, held_on, title, place, created_at) \
             VALUES (4, $1, 'Market stall', 'Crewe', 'x') RETURNING id",
        )
        .bind(day)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO sch_event_volunteers (event_id, volunteer_id) VALUES ($1, $2)")
            .bind(event)
            .bind(old)
            .execute(&db.pool)
            .await
            .unwrap();
        events.push(event);
    }

    let today = date!(2024 - 06 - 01);
    let want = retention::Report {
        events: vec![events[0]],
        volunteers: vec![old],
        applications: vec![declined],
        reports: vec![report],
        rota: vec![],
        expenses: vec![expense],
        panel_lists: vec![list],
    };
    assert_eq!(retention::plan(db, today).await.unwrap(), want);
    // A day before the volunteer's six years, their data stays (the May 2017 report goes).
    let before = retention::plan(db, date!(2023 - 06 - 29)).await.unwrap();
    assert!(before.volunteers.is_empty());
    assert_eq!(before.reports, vec![report]);

    // The command's dry run changes nothing (run on the real today, it lists these too).
    let out = Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .arg("--database-url")
        .arg(&app.test_db.url)
        .args(["schemes", "retention", "--dry-run"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("would remove volunteer's personal data {old}\n")),
        "{text}"
    );
    assert!(
        text.contains(&format!("would remove panel case list {list}\n")),
        "{text}"
    );
    assert_eq!(retention::plan(db, today).await.unwrap(), want);

    assert_eq!(retention::run(db, &office, today).await.unwrap(), want);
    let (name, email): (String, String) =
        sqlx::query_as("SELECT name, email FROM sch_volunteers WHERE id = $1")
            .bind(old)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), email.as_str()),
        (format!("Former volunteer {old}").as_str(), "")
    );
    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM sch_observations WHERE subject = '06MW/00001/17'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM oocr_cases WHERE case_ref = 'CH/2020/0001'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM sch_applications WHERE email = 'declined@example.org'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM sch_event_volunteers").await,
        1,
        "the 2024 event keeps who went"
    );
    // The demo's 2023-24 figures are untouched; a second run removes nothing.
    assert!(retention::run(db, &office, today).await.unwrap().is_empty());
    let page = app.browser().get("/schemes?year=2023").await;
    assert!(
        page.body
            .contains("156 visits across Middlewich, Runcorn and Blacon")
    );
    app.finish().await;
}

async fn the_pages_show_refusals_on_the_form(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    // Only signed-in users see the link to the reports; anyone may apply.
    let stats = public.get("/schemes").await;
    assert!(!stats.body.contains("href=\"/schemes/reports\""));
    assert!(stats.body.contains("href=\"/schemes/apply\""));
    let form = [
        ("scheme", "custody"),
        ("name", "Pat Applicant"),
        ("email", "pat@"),
        ("phone", "01606 222222"),
        ("reason", "To see custody is fair."),
    ];
    let bad = public.post("/schemes/apply", &form).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("There is a problem"), "{}", bad.body);
    assert!(
        bad.body
            .contains("href=\"#email\">Enter an e-mail address like name@example.com")
    );
    assert!(
        bad.body.contains("value=\"Pat Applicant\""),
        "what was typed stays"
    );
    let mut good = form.to_vec();
    good[2] = ("email", "pat@example.org");
    let ok = public.post("/schemes/apply", &good).await;
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("Application received"));

    // The office sees the applicant's details and accepts them; nobody else sees them.
    let mut office = crate::scheme_staff::staff_of_every_scheme(&app).await;
    let list = office.get("/admin/schemes/applications").await;
    assert!(list.body.contains("pat@example.org"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM sch_applications WHERE email = $1")
        .bind("pat@example.org")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let path = format!("/admin/schemes/applications/{id}");
    assert_eq!(
        office.post(&path, &[("decision", "accept")]).await.status,
        303
    );
    let again = office.post(&path, &[("decision", "decline")]).await;
    assert_eq!(again.status, 422);
    assert!(
        again.body.contains("This application was already accepted"),
        "{}",
        again.body
    );
    let mut volunteer = app.signed_in(Role::Volunteer).await;
    assert_eq!(
        volunteer.get("/admin/schemes/applications").await.status,
        403
    );
    assert!(
        volunteer
            .get("/schemes")
            .await
            .body
            .contains("href=\"/schemes/reports\"")
    );

    // A linked volunteer sets availability and claims expenses on their own page.
    let user: i64 = sqlx::query_scalar(
        "SELECT id FROM users WHERE role = 'volunteer' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
        .bind(user)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    volunteers::add(
        &app.db,
        &Actor::system("test"),
        &volunteers::NewVolunteer {
            name: "Linked Volunteer",
            email: &email,
            phone: "01606 333333",
            joined_on: "2024-01-01",
            vetting_expires_on: "2027-01-01",
            training_expires_on: "2027-01-01",
            schemes: &["custody"],
            link_account: true,
        },
    )
    .await
    .unwrap();
    let r = volunteer
        .post(
            "/schemes/me/availability",
            &[("avail-5-night", "yes"), ("avail-0-day", "yes")],
        )
        .await;
    assert_eq!(r.status, 303);
    let mine = volunteer.get("/schemes/me").await;
    assert!(mine.body.contains(
        "id=\"avail-5-night\" name=\"avail-5-night\" type=\"checkbox\" value=\"yes\" checked"
    ));
    let claim = [
        ("spent-day", "9"),
        ("spent-month", "3"),
        ("spent-year", "2024"),
        ("description", "Visit to Blacon"),
        ("miles", "12.25"),
        ("other", ""),
    ];
    let bad = volunteer.post("/schemes/me/expenses", &claim).await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains(
            "href=\"#miles\">Enter the miles from 0 to 5,000 with at most 1 decimal places"
        ),
        "{}",
        bad.body
    );
    let mut claim = claim.to_vec();
    claim[4] = ("miles", "12.2");
    assert_eq!(
        volunteer.post("/schemes/me/expenses", &claim).await.status,
        303
    );
    // 12.2 miles at 45p: £5.49.
    assert!(volunteer.get("/schemes/me").await.body.contains("£5.49"));
    app.finish().await;
}

each_backend!(
    a_volunteer_goes_from_application_to_leaving,
    retention_removes_exactly_what_is_due,
    the_pages_show_refusals_on_the_form,
);
