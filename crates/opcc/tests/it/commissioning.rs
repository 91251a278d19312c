//! Commissioning and grants through the real server: a provider applies to the demo's
//! Community Action Fund round (eligibility, budget lines, save and return, submit), a scorer
//! with a declared conflict is refused, another scores, staff award it (a decision in the
//! governance register, linked both ways), and the grant is in the public pages and the
//! 360Giving package, which validates against the standard's schemas; a second provider
//! cannot see or change the first's application. The demo's 2024/25 returns are reproduced
//! exactly; returns upload all or nothing. The open data feeds are in
//! `commissioning_open_data`.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;
use std::process::Command;

fn standards(name: &str) -> std::path::PathBuf {
    crate::crime::data("../standards").join(name)
}

/// Runs the standards check; its summary, or a panic naming every problem.
pub(crate) fn check(kind: &str, target: &std::path::Path) -> Value {
    let python = crate::tools::venv_python(
        "standards-venv",
        &["jsonschema==4.26.0", "rfc3339-validator==0.1.4"],
    );
    let dir = if kind == "360giving" {
        "360giving"
    } else {
        "openreferral-uk"
    };
    let out = Command::new(python)
        .arg(crate::tools::script("standards_check.py"))
        .arg(kind)
        .arg(standards(dir))
        .arg(target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{kind}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub(crate) fn temp_dir(name: &str) -> std::path::PathBuf {
    use rand::Rng;
    let d = std::env::temp_dir().join(format!(
        "opcc-{name}-{:016x}",
        rand::thread_rng().r#gen::<u64>()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub(crate) async fn audit_actions(app: &TestApp, prefix: &str) -> Vec<String> {
    sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE $1 ORDER BY seq")
        .bind(format!("{prefix}%"))
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

/// Adds an organisation and a provider account acting for it, through the office's forms;
/// returns the provider's browser, signed in.
pub(crate) async fn provider(
    app: &TestApp,
    office: &mut Browser,
    org_id: &str,
    name: &str,
) -> Browser {
    let r = office
        .post(
            "/admin/commissioning/organisations",
            &[
                ("org_id", org_id),
                ("name", name),
                ("local_authority", "E06000050"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let org: i64 = sqlx::query_scalar("SELECT id FROM com_organisations WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let email = format!("{}@example.org", org_id.to_lowercase());
    let user = app.user(Role::Provider, &email).await;
    let r = office
        .post(
            "/admin/commissioning/members",
            &[
                ("user_id", &user.id.to_string()),
                ("organisation_id", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut b = app.browser();
    assert_eq!(b.sign_in(&email, PASSWORD).await.status, 303);
    b
}

pub(crate) fn form<'a>(yes: bool, lines: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let answer = if yes { "yes" } else { "no" };
    let mut f: Vec<(String, String)> = (0..3)
        .map(|i| (format!("eligibility_{i}"), answer.to_string()))
        .collect();
    f.push(("title".into(), "Boxing for young people in Winsford".into()));
    f.push((
        "summary".into(),
        "Weekly boxing sessions keeping young people off the streets.".into(),
    ));
    f.push(("local_authority".into(), "E06000050".into()));
    for (i, (item, amount)) in lines.iter().enumerate() {
        f.push((format!("item_{i}"), item.to_string()));
        f.push((format!("amount_{i}"), amount.to_string()));
    }
    f
}

pub(crate) async fn post_form(
    b: &mut Browser,
    path: &str,
    f: &[(String, String)],
) -> crate::support::Resp {
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    b.post(path, &fields).await
}

async fn a_provider_applies_a_scorer_scores_and_staff_award(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut applicant = provider(&app, &mut staff, "GB-CHC-1234567", "Winsford Boxing Club").await;
    let mut other = provider(&app, &mut staff, "GB-COH-01234567", "Other Group Ltd").await;

    // The round is open, with its eligibility questions and largest grant.
    let page = applicant.get("/grants").await;
    assert!(
        page.body.contains("Apply to the Community Action Fund"),
        "{}",
        page.body
    );
    let apply = "/grants/rounds/community-action-fund/apply";
    assert!(
        applicant
            .get(apply)
            .await
            .body
            .contains("Will the project make your community safer?")
    );

    // Over the largest grant: refused, naming the budget; nothing saved.
    let r = post_form(
        &mut applicant,
        apply,
        &form(true, &[("Coach", "3000"), ("Hall", "2500")]),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("more than this round"), "{}", r.body);
    // Saved as a draft with an eligibility answer no: it cannot be submitted.
    let r = post_form(&mut applicant, apply, &form(false, &[("Coach", "3000")])).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page_path = r.location().to_string();
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();
    let r = applicant.post(&format!("{page_path}/submit"), &[]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("answer yes to every eligibility question"));
    // Returned to, saved again, and submitted.
    assert!(
        applicant
            .get(&page_path)
            .await
            .body
            .contains("Boxing for young people")
    );
    let r = post_form(
        &mut applicant,
        &page_path,
        &form(true, &[("Coach", "3000"), ("Gloves and pads", "1,499.50")]),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The other provider can neither see nor change nor submit it, by page or API.
    assert_eq!(other.get(&page_path).await.status, 404);
    let api = format!("/api/v1/commissioning/applications/{id}");
    assert_eq!(other.get(&api).await.status, 404);
    assert_eq!(
        post_form(&mut other, &page_path, &form(true, &[("Mine", "1")]))
            .await
            .status,
        404
    );
    assert_eq!(
        other.post(&format!("{page_path}/submit"), &[]).await.status,
        404
    );
    assert!(
        !other
            .get("/grants")
            .await
            .body
            .contains("Boxing for young people")
    );
    // The public is sent to sign in; the office cannot read a draft on the scoring page.
    assert_eq!(app.browser().get(&page_path).await.status, 401);
    assert_eq!(
        staff
            .get(&format!("/admin/commissioning/applications/{id}"))
            .await
            .status,
        404
    );

    let r = applicant.post(&format!("{page_path}/submit"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mine: Value = serde_json::from_str(&applicant.get(&api).await.body).unwrap();
    assert_eq!(mine["status"], "submitted");
    assert_eq!(mine["budget"][1]["amount"], "1499.5");
    // Submitted, it no longer changes.
    let r = post_form(&mut applicant, &page_path, &form(true, &[("Coach", "1")])).await;
    assert_eq!(r.status, 422);

    // A scorer who declares a conflict may not score.
    let assess = format!("/admin/commissioning/applications/{id}");
    let mut conflicted = app.signed_in(Role::Staff).await;
    let r = conflicted
        .post(
            &format!("{assess}/conflict"),
            &[("reason", "I coach at the club")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let criteria: Vec<i64> = sqlx::query_scalar(
        "SELECT c.id FROM com_criteria c JOIN com_programmes p ON p.id = c.programme_id \
         WHERE p.slug = 'community-action-fund' ORDER BY c.position",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(criteria.len(), 4);
    let scores: Vec<(String, String)> = criteria
        .iter()
        .flat_map(|c| {
            [
                (format!("score_{c}"), "4".to_string()),
                (format!("comment_{c}"), "Good".to_string()),
            ]
        })
        .collect();
    let r = post_form(&mut conflicted, &format!("{assess}/score"), &scores).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("conflict of interest"), "{}", r.body);
    // A score out of range is refused; the scorer's valid scores are kept.
    let mut bad = scores.clone();
    bad[0].1 = "6".into();
    assert_eq!(
        post_form(&mut staff, &format!("{assess}/score"), &bad)
            .await
            .status,
        422
    );
    let r = post_form(&mut staff, &format!("{assess}/score"), &scores).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = staff.get(&assess).await.body;
    assert!(page.contains("4 of 5"));
    assert!(page.contains("I coach at the club"));

    // Staff award it: the decision is recorded, published and linked both ways.
    let r = staff
        .post(
            &format!("{assess}/award"),
            &[
                ("amount", "4499.50"),
                ("decided_on", "2025-10-01"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("reasons", "Scored well against every criterion."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let identifier = r.location().rsplit('/').next().unwrap().to_string();
    let grant_page = format!("/funding/grants/{identifier}");
    assert_eq!(
        identifier,
        format!("360G-cheshirepcc-community-action-fund-{id}")
    );
    let mut public = app.browser();
    let page = public.get(&grant_page).await.body;
    assert!(page.contains("£4,499.50"), "{page}");
    let number: String =
        sqlx::query_scalar("SELECT decision_number FROM com_awards WHERE identifier = $1")
            .bind(&identifier)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let decision = format!("/governance/decisions/{}", number.replace('/', "-"));
    assert!(page.contains(&decision), "{page}");
    let notice = public.get(&decision).await;
    assert_eq!(notice.status, 200);
    assert!(notice.body.contains(&grant_page), "{}", notice.body);
    assert!(notice.body.contains("Winsford Boxing Club"));
    assert_eq!(
        audit_actions(&app, "commissioning.").await,
        [
            "commissioning.demo_load",
            "commissioning.organisation_add",
            "commissioning.member_set",
            "commissioning.organisation_add",
            "commissioning.member_set",
            "commissioning.application_save",
            "commissioning.application_save",
            "commissioning.application_submit",
            "commissioning.conflict_declare",
            "commissioning.score",
            "commissioning.award",
        ]
    );

    // On the public funding page, by fund, year, priority and area.
    let funding = public.get("/funding").await.body;
    assert!(funding.contains("Boxing for young people in Winsford"));
    assert!(funding.contains("Grants awarded by local authority"));
    assert!(funding.contains("Cheshire West and Chester"));
    assert!(
        funding.contains("Reduce crime"),
        "the plan priority the round answers"
    );
    let awards: Value =
        serde_json::from_str(&public.get("/api/v1/commissioning/awards").await.body).unwrap();
    let award = awards
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["identifier"] == identifier.as_str())
        .unwrap();
    assert_eq!(award["amount"], "4499.5");

    // In the 360Giving package, which validates; and the flattened CSV.
    let (status, json) = public.get_bytes("/funding/360giving.json").await;
    assert_eq!(status, 200);
    let dir = temp_dir("360giving");
    let file = dir.join("360giving.json");
    std::fs::write(&file, &json).unwrap();
    let summary = check("360giving", &file);
    assert!(
        summary["ids"]
            .as_array()
            .unwrap()
            .contains(&Value::from(identifier.as_str())),
        "{summary}"
    );
    let package: Value = serde_json::from_slice(&json).unwrap();
    let g = package["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == identifier.as_str())
        .unwrap();
    assert_eq!(g["amountAwarded"], serde_json::json!(4499.5));
    assert_eq!(g["recipientOrganization"][0]["id"], "GB-CHC-1234567");
    assert_eq!(g["beneficiaryLocation"][0]["geoCode"], "E06000050");
    let csv = public.get("/funding/360giving.csv").await.body;
    assert!(csv.starts_with("Identifier,Title,Description,Currency,Amount Awarded"));
    assert!(csv.contains(&format!("{identifier},Boxing for young people in Winsford")));
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}

async fn the_demo_reproduces_the_2024_25_returns_and_returns_upload_whole(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let page = public.get("/funding/services").await.body;
    let table = &page[page.find("id=\"service-results\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let rows: Vec<Vec<String>> = table
        .split("<tr class=\"govuk-table__row\">")
        .skip(2)
        .map(|row| {
            row.split(['<', '>'])
                .enumerate()
                .filter(|(i, s)| i % 2 == 0 && !s.trim().is_empty())
                .map(|(_, s)| s.trim().to_string())
                .collect()
        })
        .collect();
    // The Police & Crime Plan 2024-28: Progress Report to the Police & Crime Panel,
    // April-August 2025, "Victim Support Services (2024/25)".
    let expected = [
        ("Cheshire CARES", "21,341", "20,865"),
        ("RASASC", "2,209", "3,027"),
        ("Remedi Restorative Justice", "576", "289"),
        ("Remedi Hate Crime", "2,121", "1,029"),
        ("2Wish (bereavement)", "35", "162"),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for (row, (service, referrals, supported)) in rows.iter().zip(expected) {
        assert_eq!(row[0], service, "{row:?}");
        assert_eq!(row[2], "2024-25");
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            (referrals, supported),
            "{row:?}"
        );
    }

    // A provider's returns for its own service: a bad file saves nothing and names the
    // sheet, row and column; a good one saves every row.
    let mut staff = app.signed_in(Role::Staff).await;
    let org: i64 =
        sqlx::query_scalar("SELECT organisation_id FROM com_services WHERE slug = 'rasasc'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let user = app.user(Role::Provider, "rasasc@example.org").await;
    let r = staff
        .post(
            "/admin/commissioning/members",
            &[
                ("user_id", &user.id.to_string()),
                ("organisation_id", &org.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let mut rasasc = app.browser();
    assert_eq!(
        rasasc.sign_in("rasasc@example.org", PASSWORD).await.status,
        303
    );
    let header = "service,year,quarter,local_authority,referrals,supported,coping_improved,waiting_days,narrative\n";
    let bad = format!(
        "{header}rasasc,2025-26,Q1,,600,700,81%,12,Steady\nrasasc,2025-26,Q2,Halton,610,720,,,\nrasasc,2025-26,Q3,,610,many,,,\n"
    );
    let r = rasasc
        .upload_raw("/grants/returns", &[], "returns.csv", bad.into_bytes())
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body.contains("row 3, column D (local_authority)"),
        "{}",
        r.body
    );
    assert!(r.body.contains("row 4, column F (supported)"), "{}", r.body);
    let other = format!("{header}cheshire-cares,2025-26,Q1,,1,1,,,\n");
    let r = rasasc
        .upload_raw("/grants/returns", &[], "returns.csv", other.into_bytes())
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("another organisation"), "{}", r.body);
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM com_returns")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 5, "nothing saved from a refused file");
    let good = format!(
        "{header}rasasc,2025-26,Q1,,600,700,81%,12,Steady\nrasasc,2025-26,Q2,E06000006,610,720,,,\n"
    );
    let r = rasasc
        .upload_raw(
            "/grants/returns",
            &[],
            "returns.csv",
            good.clone().into_bytes(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(count().await, 7);
    // The same file again replaces, not adds.
    rasasc
        .upload_raw("/grants/returns", &[], "returns.csv", good.into_bytes())
        .await;
    assert_eq!(count().await, 7);
    let page = public.get("/funding/services").await.body;
    assert!(
        page.contains("1,210") && page.contains("1,420"),
        "2025-26 summed: {page}"
    );
    // The office sees them to review.
    assert!(
        staff
            .get("/admin/commissioning")
            .await
            .body
            .contains("2025-26 Q2")
    );
    app.finish().await;
}

each_backend!(
    a_provider_applies_a_scorer_scores_and_staff_award,
    the_demo_reproduces_the_2024_25_returns_and_returns_upload_whole
);
