//! The office's side of the volunteer lifecycle, through the pages, on both databases:
//! expenses claims approved, rejected with a reason or paid (a second volunteer sees none of
//! the first's claims); a renewed vetting recorded with a GOV.UK date input, which takes the
//! volunteer off the "about to expire" list; and a rota that keeps to each volunteer's days
//! and times.

use crate::support::{Backend, Browser, TestApp};
use opcc_domain::accounts::Role;
use opcc_store::audit::Actor;
use opcc_store::schemes::{lifecycle, rota, volunteers};
use time::{Duration, OffsetDateTime, Weekday};

/// A volunteer signed in, with a volunteer record linked to their account.
pub(crate) async fn linked_volunteer(app: &TestApp, name: &str, vetting: &str) -> (Browser, i64) {
    let b = app.signed_in(Role::Volunteer).await;
    let email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE role = 'volunteer' ORDER BY id DESC")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let id = volunteers::add(
        &app.db,
        &Actor::system("test"),
        &volunteers::NewVolunteer {
            name,
            email: &email,
            phone: "01606 444444",
            joined_on: "2024-01-01",
            vetting_expires_on: vetting,
            training_expires_on: "2030-01-01",
            schemes: &["custody"],
            link_account: true,
        },
    )
    .await
    .unwrap();
    (b, id)
}

async fn audits(app: &TestApp, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn claim_id(app: &TestApp, description: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM sch_expenses WHERE description = $1")
        .bind(description)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn the_office_decides_expenses_claims(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut first, _) = linked_volunteer(&app, "Expenses Volunteer One", "2030-01-01").await;
    let (mut second, _) = linked_volunteer(&app, "Expenses Volunteer Two", "2030-01-01").await;
    let claim = |description: &'static str, miles: &'static str, other: &'static str| {
        [
            ("spent-day", "9"),
            ("spent-month", "3"),
            ("spent-year", "2024"),
            ("description", description),
            ("miles", miles),
            ("other", other),
        ]
    };
    // 12.2 miles at 45p (5.49) and £3.20 parking: £8.69; a bus fare of £4.10.
    for c in [
        claim("Visit to Blacon", "12.2", "3.20"),
        claim("Bus fare to Runcorn", "", "4.10"),
    ] {
        assert_eq!(first.post("/schemes/me/expenses", &c).await.status, 303);
    }
    let blacon = claim_id(&app, "Visit to Blacon").await;
    let bus = claim_id(&app, "Bus fare to Runcorn").await;

    // The second volunteer sees none of the first's claims, and cannot reach the office's.
    let theirs = second.get("/schemes/me").await;
    assert_eq!(theirs.status, 200);
    assert!(theirs.body.contains("No claims yet."));
    assert!(!theirs.body.contains("Visit to Blacon") && !theirs.body.contains("£8.69"));
    assert_eq!(second.get("/admin/schemes/expenses").await.status, 403);
    let sneak = second
        .post(
            &format!("/admin/schemes/expenses/{blacon}"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(sneak.status, 403);

    // The office sees both claims with the volunteer's name; £12.79 is waiting.
    let mut office = crate::scheme_staff::staff_of_every_scheme(&app).await;
    assert!(
        office
            .get("/admin/schemes")
            .await
            .body
            .contains("href=\"/admin/schemes/expenses\"")
    );
    let list = office.get("/admin/schemes/expenses").await;
    assert_eq!(list.status, 200);
    assert!(
        list.body
            .contains("Expenses Volunteer One: £8.69 for 9 March 2024")
    );
    assert!(list.body.contains("£12.79"), "the total waiting");

    // Rejecting needs a reason: the error is on the form, beside the claim.
    let path = format!("/admin/schemes/expenses/{blacon}");
    let bad = office
        .post(&path, &[("decision", "reject"), ("reason", " ")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("There is a problem"));
    assert!(
        bad.body.contains(&format!(
            "href=\"#reason-{blacon}\">Enter why the claim is rejected"
        )),
        "{}",
        bad.body
    );
    assert!(bad.body.contains(&format!("id=\"reason-{blacon}-error\"")));
    // A name in the reason is refused, and what was typed stays.
    let named = office
        .post(
            &path,
            &[("decision", "reject"), ("reason", "Mr Smith drove")],
        )
        .await;
    assert_eq!(named.status, 422);
    assert!(named.body.contains("Mr Smith drove</textarea>"));
    let reason = "The force pays mileage for this visit";
    assert_eq!(
        office
            .post(&path, &[("decision", "reject"), ("reason", reason)])
            .await
            .status,
        303
    );
    // A rejected claim is not paid; a claim is paid only once approved.
    let bus_path = format!("/admin/schemes/expenses/{bus}");
    for (decision, status) in [
        ("pay", 422),
        ("approve", 303),
        ("approve", 422),
        ("pay", 303),
    ] {
        let r = office.post(&bus_path, &[("decision", decision)]).await;
        assert_eq!(r.status, status, "{decision}: {}", r.body);
    }
    assert_eq!(office.post(&path, &[("decision", "pay")]).await.status, 422);
    let after = office.get("/admin/schemes/expenses").await;
    assert!(after.body.contains(reason));
    assert!(
        after
            .body
            .contains("Paid</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">£4.10")
    );
    assert_eq!(audits(&app, "schemes.expense_decide").await, 3);

    // The first volunteer reads the decision and its reason; the second still sees nothing.
    let mine = first.get("/schemes/me").await;
    assert!(
        mine.body.contains(&format!("rejected: {reason}")),
        "{}",
        mine.body
    );
    assert!(mine.body.contains("paid"));
    assert!(!second.get("/schemes/me").await.body.contains(reason));
    app.finish().await;
}

const RENEW_TAG: &str = "govuk-tag--red\">Renew<";

/// The row of the dashboard's volunteers table naming `name`.
fn row_of<'a>(page: &'a str, name: &str) -> &'a str {
    let at = page
        .find(&format!(">{name}</a>"))
        .expect("the volunteer's row");
    let end = page[at..].find("</tr>").unwrap() + at;
    &page[at..end]
}

async fn a_renewal_takes_a_volunteer_off_the_expiring_list(backend: Backend) {
    let app = TestApp::start(backend).await;
    let soon = (OffsetDateTime::now_utc().date() + Duration::days(20)).to_string();
    let (mut volunteer, id) = linked_volunteer(&app, "Renewal Volunteer", &soon).await;
    lifecycle::set_availability(&app.db, &Actor::system("test"), id, &[(5, "night")])
        .await
        .unwrap();
    let mut office = crate::scheme_staff::staff_of_every_scheme(&app).await;
    let dash = office.get("/admin/schemes").await;
    assert!(row_of(&dash.body, "Renewal Volunteer").contains(RENEW_TAG));

    let path = format!("/admin/schemes/volunteers/{id}");
    let page = office.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Saturday: Night (10pm to 9am)"));
    assert_eq!(volunteer.get(&path).await.status, 403);

    // An impossible date is shown on the form, naming the field and keeping what was typed.
    let renew = format!("{path}/renew");
    let bad = office
        .post(
            &renew,
            &[
                ("what", "vetting"),
                ("expires-day", "31"),
                ("expires-month", "2"),
                ("expires-year", "2029"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Error: Volunteer: Renewal Volunteer"));
    assert!(
        bad.body
            .contains("href=\"#expires\">The new expiry date must be a real date")
    );
    assert!(bad.body.contains("id=\"expires-error\""));
    assert!(
        bad.body
            .contains("name=\"expires-day\" type=\"text\" inputmode=\"numeric\" value=\"31\"")
    );
    assert!(bad.body.contains("value=\"vetting\" checked"));
    let past = office
        .post(
            &renew,
            &[
                ("what", "vetting"),
                ("expires-day", "1"),
                ("expires-month", "4"),
                ("expires-year", "2020"),
            ],
        )
        .await;
    assert!(
        past.body
            .contains("The new expiry date must be in the future")
    );
    let unsaid = office
        .post(
            &renew,
            &[
                ("expires-day", "1"),
                ("expires-month", "4"),
                ("expires-year", "2029"),
            ],
        )
        .await;
    assert!(
        unsaid
            .body
            .contains("href=\"#what\">Select whether vetting or training")
    );
    assert_eq!(audits(&app, "schemes.volunteer_renew").await, 0);

    let ok = office
        .post(
            &renew,
            &[
                ("what", "vetting"),
                ("expires-day", "1"),
                ("expires-month", "4"),
                ("expires-year", "2029"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    assert!(office.get(&path).await.body.contains("1 April 2029"));
    let dash = office.get("/admin/schemes").await;
    assert!(!row_of(&dash.body, "Renewal Volunteer").contains(RENEW_TAG));
    assert_eq!(audits(&app, "schemes.volunteer_renew").await, 1);

    // Leaving, on the same page: a date input too.
    let left = office
        .post(
            &format!("{path}/leave"),
            &[
                ("left-day", "30"),
                ("left-month", "13"),
                ("left-year", "2024"),
            ],
        )
        .await;
    assert_eq!(left.status, 422);
    assert!(
        left.body
            .contains("href=\"#left\">The day they left must be a real date")
    );
    assert!(left.body.contains("value=\"13\""));
    app.finish().await;
}

async fn the_rota_keeps_to_each_volunteers_days_and_times(backend: Backend) {
    let app = TestApp::start(backend).await;
    let db = &app.db;
    let office = Actor::system("test office");
    let mut weekend_nights = Vec::new();
    let mut weekday_days = Vec::new();
    for n in 0..6 {
        let (_, id) = linked_volunteer(&app, &format!("Rota Volunteer {n}"), "2030-01-01").await;
        if n < 3 {
            lifecycle::set_availability(db, &office, id, &[(5, "night"), (6, "night")])
                .await
                .unwrap();
            weekend_nights.push(id);
        } else {
            let days: Vec<(u8, &str)> = (0..5).map(|d| (d, "day")).collect();
            lifecycle::set_availability(db, &office, id, &days)
                .await
                .unwrap();
            weekday_days.push(id);
        }
    }
    let mut seen = (0, 0);
    for (month, seed) in [("2024-03", "a"), ("2024-04", "b"), ("2024-05", "c")] {
        rota::draft(db, &office, month, seed).await.unwrap();
        for v in rota::month(db, month).await.unwrap() {
            let on = time::Date::parse(
                &v.slot_on,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .unwrap();
            let weekend = matches!(on.weekday(), Weekday::Saturday | Weekday::Sunday);
            for who in [v.first_id, v.second_id] {
                if weekend_nights.contains(&who) {
                    assert!(
                        weekend && v.slot == "night",
                        "{who} on {} {}",
                        v.slot_on,
                        v.slot
                    );
                    seen.0 += 1;
                } else {
                    assert!(weekday_days.contains(&who), "only the available are used");
                    assert!(
                        !weekend && v.slot == "day",
                        "{who} on {} {}",
                        v.slot_on,
                        v.slot
                    );
                    seen.1 += 1;
                }
            }
        }
    }
    // Both groups were put on visits, so the checks above checked something.
    assert!(seen.0 > 0 && seen.1 > 0, "{seen:?}");
    app.finish().await;
}

each_backend!(
    the_office_decides_expenses_claims,
    a_renewal_takes_a_volunteer_off_the_expiring_list,
    the_rota_keeps_to_each_volunteers_days_and_times,
);
