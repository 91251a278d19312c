//! The grant cycle end to end through the real server: apply (with documents) → score →
//! moderate → award (GOV.UK date boxes, conditions, end date, instalments) → offer accepted →
//! instalment paid → interim report → variation → clawback → end-of-grant report; a second
//! provider sees neither the first's application nor its documents nor its offer; a decline is
//! a decision in the register; a return is queried with a reason; the audit holds every step;
//! applications not awarded are deleted once their retention period has passed.

use crate::commissioning::{audit_actions, form, post_form, provider};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

async fn criteria(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT c.id FROM com_criteria c JOIN com_programmes p ON p.id = c.programme_id \
         WHERE p.slug = 'community-action-fund' ORDER BY c.position",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn apply_and_submit(b: &mut crate::support::Browser, lines: &[(&str, &str)]) -> i64 {
    let r = post_form(
        b,
        "/grants/rounds/community-action-fund/apply",
        &form(true, lines),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let path = r.location().to_string();
    path.rsplit('/').next().unwrap().parse().unwrap()
}

async fn a_grant_goes_from_application_to_end_of_grant_report(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut applicant = provider(&app, &mut staff, "GB-CHC-1234567", "Winsford Boxing Club").await;
    let mut other = provider(&app, &mut staff, "GB-COH-01234567", "Other Group Ltd").await;

    // Apply, with documents typed by their contents.
    let id = apply_and_submit(&mut applicant, &[("Coach", "3000"), ("Gloves", "1500")]).await;
    let page = format!("/grants/applications/{id}");
    let docs = format!("{page}/attachments");
    let r = applicant
        .upload_raw(
            &docs,
            &[("kind", "constitution")],
            "constitution.pdf",
            b"<html>".to_vec(),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("not a .pdf file"), "{}", r.body);
    let r = applicant
        .upload_raw(&docs, &[("kind", "accounts")], "accounts.pdf", PDF.to_vec())
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let doc: i64 = sqlx::query_scalar("SELECT id FROM com_attachments WHERE application_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let (status, bytes) = applicant
        .get_bytes(&format!("/grants/attachments/{doc}"))
        .await;
    assert_eq!((status, bytes.as_slice()), (200, PDF));
    // The second provider sees neither the application nor its document, nor can add one.
    assert_eq!(other.get(&page).await.status, 404);
    assert_eq!(
        other
            .get_bytes(&format!("/grants/attachments/{doc}"))
            .await
            .0,
        404
    );
    let r = other
        .upload_raw(&docs, &[("kind", "bank_statement")], "s.pdf", PDF.to_vec())
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        app.browser()
            .get_bytes(&format!("/grants/attachments/{doc}"))
            .await
            .0,
        401
    );
    let r = applicant.post(&format!("{page}/submit"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The office reads it once submitted, and the view is audited.
    let assess = format!("/admin/commissioning/applications/{id}");
    assert!(staff.get(&assess).await.body.contains("accounts.pdf"));
    assert_eq!(
        staff
            .get_bytes(&format!("/admin/commissioning/attachments/{doc}"))
            .await
            .0,
        200
    );

    // Scored by two scorers, then moderated.
    let ids = criteria(&app).await;
    let scores = |s: &str| -> Vec<(String, String)> {
        ids.iter()
            .flat_map(|c| {
                [
                    (format!("score_{c}"), s.to_string()),
                    (format!("comment_{c}"), "ok".into()),
                ]
            })
            .collect()
    };
    let mut second = app.signed_in(Role::Staff).await;
    assert_eq!(
        post_form(&mut staff, &format!("{assess}/score"), &scores("4"))
            .await
            .status,
        303
    );
    assert_eq!(
        post_form(&mut second, &format!("{assess}/score"), &scores("2"))
            .await
            .status,
        303
    );
    let r = staff
        .post(
            &format!("{assess}/moderate"),
            &[("moderated_score", "21"), ("moderation_note", "x")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("from 0 to 20"), "{}", r.body);
    let r = staff
        .post(
            &format!("{assess}/moderate"),
            &[
                ("moderated_score", "13"),
                ("moderation_note", "Panel agreed the middle ground"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(staff.get(&assess).await.body.contains("13 of 20"));

    // Awarded with the date in GOV.UK boxes, conditions, an end date and two instalments.
    let mut award = vec![
        ("amount", "4499.50"),
        ("decided_on-day", "31"),
        ("decided_on-month", "2"),
        ("decided_on-year", "2026"),
        ("decision_maker", "Police and Crime Commissioner"),
        ("reasons", "Scored well."),
        (
            "conditions",
            "Spend it on the project.\nReport at six months and at the end.",
        ),
        ("end_date-day", "1"),
        ("end_date-month", "3"),
        ("end_date-year", "2027"),
        ("instalments", "2"),
    ];
    let r = staff.post(&format!("{assess}/award"), &award).await;
    assert_eq!(r.status, 422, "31 February is refused");
    assert!(r.body.contains("must be a real date"), "{}", r.body);
    award[1] = ("decided_on-day", "1");
    let r = staff.post(&format!("{assess}/award"), &award).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let admin = r.location().to_string();
    let identifier = admin.rsplit('/').next().unwrap().to_string();
    assert_eq!(
        identifier,
        format!("360G-cheshirepcc-community-action-fund-{id}")
    );
    let payments: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.id, p.due_on, p.amount FROM com_payments p JOIN com_awards w ON w.id = p.award_id \
         WHERE w.identifier = $1 ORDER BY p.due_on",
    )
    .bind(&identifier)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        payments
            .iter()
            .map(|(_, d, a)| (d.as_str(), a.as_str()))
            .collect::<Vec<_>>(),
        [("2026-02-01", "2249.75"), ("2026-08-16", "2249.75")]
    );

    // The offer: the other provider cannot read or accept it; payment waits for acceptance.
    let offer = format!("/grants/awards/{identifier}");
    assert_eq!(other.get(&offer).await.status, 404);
    assert_eq!(
        other.post(&format!("{offer}/accept"), &[]).await.status,
        404
    );
    let pay = format!("{admin}/payments/{}", payments[0].0);
    let paid = [
        ("paid_on-day", "3"),
        ("paid_on-month", "2"),
        ("paid_on-year", "2026"),
    ];
    let r = staff.post(&pay, &paid).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("not accepted the offer"), "{}", r.body);
    let letter = applicant.get(&offer).await.body;
    assert!(letter.contains("Spend it on the project."), "{letter}");
    assert!(
        letter.contains("£4,499.50") && letter.contains("1 March 2027"),
        "{letter}"
    );
    assert_eq!(
        applicant.post(&format!("{offer}/accept"), &[]).await.status,
        303
    );
    assert_eq!(staff.post(&pay, &paid).await.status, 303);
    assert!(staff.get(&admin).await.body.contains("3 February 2026"));

    // Reports, a variation and a clawback.
    let r = applicant
        .post(
            &format!("{offer}/reports"),
            &[
                ("kind", "interim"),
                ("spent", "2,000"),
                ("achieved", "Twelve sessions run"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = staff
        .post(
            &format!("{admin}/variations"),
            &[
                ("amount", "4000"),
                ("varied_on-day", "1"),
                ("varied_on-month", "6"),
                ("varied_on-year", "2026"),
                ("reason", "Hall costs fell"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let last: String = sqlx::query_scalar("SELECT amount FROM com_payments WHERE id = $1")
        .bind(payments[1].0)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(last, "1750.25", "the unpaid instalment took the reduction");
    let claw = |amount: &'static str| {
        [
            ("amount", amount),
            ("clawed_on-day", "1"),
            ("clawed_on-month", "7"),
            ("clawed_on-year", "2026"),
            ("reason", "Unspent"),
        ]
    };
    let r = staff
        .post(&format!("{admin}/clawback"), &claw("2249.76"))
        .await;
    assert_eq!(r.status, 422, "more than was paid");
    assert!(r.body.contains("£2,249.75"), "{}", r.body);
    assert_eq!(
        staff
            .post(&format!("{admin}/clawback"), &claw("249.75"))
            .await
            .status,
        303
    );
    // Once the grant has ended its end-of-grant report is due on the dashboard, until it is
    // sent.
    sqlx::query("UPDATE com_awards SET end_date = '2025-12-31' WHERE identifier = $1")
        .bind(admin.rsplit('/').next().unwrap())
        .execute(&app.db.pool)
        .await
        .unwrap();
    let dashboard_row = |page: String| {
        let at = page
            .find(&format!("href=\"{admin}\""))
            .expect("the grant is listed");
        let start = page[..at].rfind("<tr").unwrap();
        let end = at + page[at..].find("</tr>").unwrap();
        page[start..end].to_string()
    };
    let row = dashboard_row(staff.get("/admin/commissioning").await.body);
    assert!(row.contains("end-of-grant report due"), "{row}");
    let r = applicant
        .post(
            &format!("{offer}/reports"),
            &[
                ("kind", "final"),
                ("spent", "3750"),
                ("achieved", "40 young people took part"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let row = dashboard_row(staff.get("/admin/commissioning").await.body);
    assert!(
        !row.contains("report due") && row.contains("End-of-grant report received"),
        "{row}"
    );
    let page = staff.get(&admin).await.body;
    assert!(page.contains("End-of-grant report") && page.contains("40 young people took part"));
    assert!(page.contains("£4,499.50 to £4,000.00"), "{page}");

    // A second application is declined: a decision in the register, kept by the office.
    let declined = apply_and_submit(&mut other, &[("Banners", "900")]).await;
    assert_eq!(
        other
            .post(&format!("/grants/applications/{declined}/submit"), &[])
            .await
            .status,
        303
    );
    let r = staff
        .post(
            &format!("/admin/commissioning/applications/{declined}/decline"),
            &[
                ("declined_on-day", "2"),
                ("declined_on-month", "2"),
                ("declined_on-year", "2026"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("reasons", "Outside the round's aims."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (status, number): (String, String) =
        sqlx::query_as("SELECT status, decision_number FROM com_applications WHERE id = $1")
            .bind(declined)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(status, "declined");
    let (year, n) = number.split_once('/').unwrap();
    let (title, published): (String, Option<String>) = sqlx::query_as(
        "SELECT title, published_at FROM gov_decisions WHERE year = $1 AND number = $2",
    )
    .bind(year.parse::<i64>().unwrap())
    .bind(n.parse::<i64>().unwrap())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        published, None,
        "a decline is kept by the office, not published"
    );
    assert!(
        title.contains("Other Group Ltd") && title.contains("declined"),
        "{number}: {title}"
    );
    // The declined application's page and the decision's page each give the amount asked
    // for, and the decision links back to the application.
    let assess_declined = format!("/admin/commissioning/applications/{declined}");
    let page = staff.get(&assess_declined).await.body;
    let notice = &page[page.find("id=\"declined\"").unwrap()..];
    let notice = &notice[..notice.find("</div>").unwrap()];
    assert!(notice.contains("asked for £900.00"), "{notice}");
    let decision_page = format!("/governance/decisions/{year}-{n}");
    assert!(
        notice.contains(&format!("href=\"{decision_page}\"")),
        "{notice}"
    );
    let page = staff.get(&decision_page).await.body;
    assert!(
        page.contains(&format!("href=\"{assess_declined}\"")),
        "the decision links back to the application: {page}"
    );
    assert!(page.contains("£900.00 applied for"), "{page}");
    assert!(
        other
            .get(&format!("/grants/applications/{declined}"))
            .await
            .body
            .contains("not to award")
    );

    let actions = audit_actions(&app, "commissioning.").await;
    let cycle: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| {
            !a.starts_with("commissioning.organisation") && !a.starts_with("commissioning.member")
        })
        .collect();
    assert_eq!(
        cycle,
        [
            "commissioning.demo_load",
            "commissioning.application_save",
            "commissioning.attachment_save",
            "commissioning.attachment_view",
            "commissioning.application_submit",
            "commissioning.attachment_view",
            "commissioning.score",
            "commissioning.score",
            "commissioning.moderate",
            "commissioning.award",
            "commissioning.offer_accept",
            "commissioning.payment_paid",
            "commissioning.report",
            "commissioning.variation",
            "commissioning.clawback",
            "commissioning.report",
            "commissioning.application_save",
            "commissioning.application_submit",
            "commissioning.decline",
        ]
    );

    // Past its retention (six years after the round closes) the declined application goes;
    // the awarded one stays.
    let later = time::OffsetDateTime::now_utc().date() + time::Duration::days(365 * 7);
    let n = opcc_store::commissioning::cycle::purge_unawarded(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        later,
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    let left: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM com_applications WHERE id IN ($1, $2) ORDER BY id")
            .bind(id)
            .bind(declined)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(left, [id]);
    app.finish().await;
}

async fn the_office_queries_a_return_and_the_spreadsheet_export_is_public(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let id: i64 = sqlx::query_scalar(
        "SELECT r.id FROM com_returns r JOIN com_services s ON s.id = r.service_id \
         WHERE s.slug = 'rasasc'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let r = staff
        .post(
            &format!("/admin/commissioning/returns/{id}/query"),
            &[("reason", "")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = staff
        .post(
            &format!("/admin/commissioning/returns/{id}/query"),
            &[("reason", "Supported exceeds referrals: please explain")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = staff.get("/admin/commissioning").await.body;
    assert!(
        page.contains("Supported exceeds referrals: please explain"),
        "{page}"
    );
    assert_eq!(
        staff
            .post(&format!("/admin/commissioning/returns/{id}/review"), &[])
            .await
            .status,
        303
    );
    let q: String = sqlx::query_scalar("SELECT query FROM com_returns WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(q, "", "accepting clears the query");

    // The demo's awarded grant is on the public page and in the spreadsheet.
    let mut public = app.browser();
    assert!(
        public
            .get("/funding")
            .await
            .body
            .contains("Demo Youth Boxing Club")
    );
    let (status, xlsx) = public.get_bytes("/funding/360giving.xlsx").await;
    assert_eq!(status, 200);
    let read = opcc_domain::commissioning::giving::read_file("360giving.xlsx", &xlsx).unwrap();
    assert_eq!(read.grants.len(), 1);
    assert_eq!(
        read.grants[0].recipient_name,
        "Demo Youth Boxing Club (illustrative)"
    );
    app.finish().await;
}

each_backend!(
    a_grant_goes_from_application_to_end_of_grant_report,
    the_office_queries_a_return_and_the_spreadsheet_export_is_public
);
