//! The annual report and the progress report to the Panel through the real server: the demo's
//! published 2023-24 annual report states the figures the real report states, on the page, in
//! the JSON and in the PDF (read back by pdftotext, and PDF/UA-1 by the independent validator
//! PyPI `page-validation`); the progress report's figures and long dates; and the workflow: the
//! Panel refused a draft and shown it in review, figures frozen at approval, a correction
//! that is a new version with its note, every step in the audit log.

use crate::support::{Backend, Browser, TestApp};
use crate::tools::venv_python;
use opcc_domain::accounts::Role;
use serde_json::Value;

const ANNUAL: &str = "annual-report-2023-24";
const PROGRESS: &str = "progress-report-2025-04-01-to-2025-08-31";

/// The figures of the real 2023-24 annual report that the service holds, as the report shows
/// them (the page's and the PDF's text, whitespace aside).
const ANNUAL_FIGURES: &[&str] = &[
    "£266.516m",
    "Expenditure by type, 2023/24",
    "Police pay",
    "50%",
    "Staff pay",
    "25%",
    "Supplies and services",
    "6%",
    "Independent custody visits",
    "156",
    "Detainees visited",
    "1,247",
    "Call management audits",
    "17",
    "Calls audited",
    "152",
    "74 (49%)",
    "Dog welfare visits",
    "21",
    "Different dogs seen",
    "49",
    "138",
    "Cases reviewed",
    "316",
    "236",
    "80",
    "86% supported, 10% (32) not supported, 4% split",
    "Community Action Fund 2023-24",
    "£100,000.00",
    "20.3%",
    "7% (National average",
];

pub(crate) fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) async fn pdf_text(b: &mut Browser, path: &str, name: &str) -> String {
    let (status, bytes) = b.get_bytes(path).await;
    assert_eq!(status, 200, "{path}");
    assert!(bytes.starts_with(b"%PDF-"), "{path} is a PDF");
    let dir = std::env::temp_dir().join(format!("opcc-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.pdf"));
    std::fs::write(&file, &bytes).unwrap();
    // The independent PDF/UA-1 validator.
    let python = venv_python("pdfua-env", &["page-validation==0.11.0"]);
    let out = std::process::Command::new(python)
        .args([
            "-c",
            "import sys, page\n\
             r = page.validate_pdf(sys.argv[1], profile='ua1')\n\
             [print(f.rule_id, f.message) for f in r.failures]\n\
             sys.exit(0 if r.is_compliant else 1)",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{path} is not PDF/UA-1: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is needed (scripts/ensure-tools.sh installs it)");
    squeeze(&String::from_utf8_lossy(&text.stdout))
}

async fn the_annual_report_states_the_published_figures(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let list = public.get("/reports").await;
    assert!(list.body.contains(&format!("href=\"/reports/{ANNUAL}\"")));
    assert!(list.body.contains("Annual report 2023-24"));
    let page = public.get(&format!("/reports/{ANNUAL}")).await;
    assert_eq!(page.status, 200);
    let body = squeeze(&page.body);
    for fact in ANNUAL_FIGURES {
        assert!(body.contains(fact), "the page lacks {fact:?}");
    }
    assert!(body.contains("1 April 2023 to 31 March 2024"));
    // The expenditure chart has its table. Every section has figures or words: the foreword
    // its narrative, the duties their records (reports_duties.rs).
    assert!(body.contains("Bar chart of Expenditure by type, 2023/24"));
    assert!(body.contains("<caption class=\"govuk-table__caption govuk-table__caption--m\">Expenditure by type, 2023/24</caption>"));
    assert!(!body.contains("The office has not written this section yet."));

    let api: Value =
        serde_json::from_str(&public.get(&format!("/api/v1/reports/{ANNUAL}")).await.body).unwrap();
    assert_eq!(api["version"], 1);
    let volunteers = api["figures"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "volunteers")
        .unwrap();
    let fact = |label: &str| {
        volunteers["facts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["label"] == label)
            .map(|f| f["value"].as_str().unwrap().to_string())
    };
    assert_eq!(fact("Detainees visited").as_deref(), Some("1,247"));
    assert_eq!(fact("Emergency (999) calls").as_deref(), Some("74 (49%)"));
    // The Community Action Fund's 36 projects, as the fund's record gives them.
    let caf = api["figures"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().cloned().unwrap_or_default())
        .flat_map(|t| t["rows"].as_array().cloned().unwrap_or_default())
        .find(|r| r[0] == "Community Action Fund 2023-24")
        .expect("the fund's row");
    assert_eq!(caf[2], "£100,000.00");
    assert_eq!(caf[3], "36");

    let text = pdf_text(&mut public, &format!("/reports/{ANNUAL}/pdf"), "annual").await;
    for fact in ANNUAL_FIGURES {
        assert!(text.contains(fact), "the PDF lacks {fact:?}");
    }
    assert!(text.contains("Annual report 2023-24"));
    app.finish().await;
}

async fn the_progress_report_reads_like_the_panels(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let page = public.get(&format!("/reports/{PROGRESS}")).await;
    assert_eq!(page.status, 200);
    let body = squeeze(&page.body);
    for want in [
        "Progress report to the Police and Crime Panel, 1 April 2025 to 31 August 2025",
        "The plan on a page",
        "Progress marking at 31 August 2025",
        "Victim services",
        "Engagement",
        "This is the first progress report in the service.",
    ] {
        assert!(body.contains(want), "the page lacks {want:?}");
    }
    // Dates are written for people, not as ISO dates, outside links.
    let visible: String = body
        .split("<main")
        .nth(1)
        .unwrap()
        .split('"')
        .step_by(2)
        .collect();
    assert!(!visible.contains("2025-08-31"), "an ISO date is shown");
    let api: Value = serde_json::from_str(
        &public
            .get(&format!("/api/v1/reports/{PROGRESS}"))
            .await
            .body,
    )
    .unwrap();
    let progress = api["figures"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "progress")
        .unwrap()
        .clone();
    let marked = progress["tables"][0]["rows"].as_array().unwrap();
    assert!(!marked.is_empty(), "the commitments are listed");
    assert!(
        marked
            .iter()
            .any(|r| r[3].as_str().unwrap().ends_with("(31 August 2025)")),
        "a commitment's marking is dated 31 August 2025: {marked:?}"
    );
    let text = pdf_text(&mut public, &format!("/reports/{PROGRESS}/pdf"), "progress").await;
    assert!(text.contains("1 April 2025 to 31 August 2025"));
    assert!(text.contains("Progress marking at 31 August 2025"));
    app.finish().await;
}

async fn drafts_go_to_the_panel_and_figures_freeze_at_approval(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = app.signed_in(Role::Staff).await;
    let r = office
        .post("/admin/reports", &[("kind", "annual"), ("year", "2022")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let at = r.location().to_string();
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    // Bad input is named.
    let bad = office
        .post(
            "/admin/reports",
            &[
                ("kind", "progress"),
                ("from-day", "31"),
                ("from-month", "2"),
                ("from-year", "2025"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("from: enter the start of the period as a real date")
    );

    let r = office
        .post(
            &format!("{at}/narrative"),
            &[
                ("section", "foreword"),
                ("narrative", "A year of #progress and \"care\"."),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    // A Panel member is refused the draft, and sees it once it is sent for review.
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(panel.get(&at).await.status, 403);
    assert!(
        !panel
            .get("/admin/reports")
            .await
            .body
            .contains("Annual report 2022-23")
    );
    office
        .post(&format!("{at}/status"), &[("action", "review")])
        .await;
    let seen = panel.get(&at).await;
    assert_eq!(seen.status, 200);
    assert!(
        seen.body
            .contains("A year of #progress and &#34;care&#34;.")
    );
    assert!(
        !seen.body.contains("Save the foreword narrative"),
        "the Panel cannot edit"
    );
    let mut second_panel = app.signed_in(Role::Panel).await;
    assert_eq!(second_panel.get(&at).await.status, 200);
    // The Panel cannot move it on.
    assert_eq!(
        panel
            .post(&format!("{at}/status"), &[("action", "approve")])
            .await
            .status,
        403
    );
    // Not public before publication.
    let mut public = app.browser();
    assert_eq!(
        public.get("/reports/annual-report-2022-23").await.status,
        404
    );
    assert_eq!(
        public
            .get("/api/v1/reports/annual-report-2022-23")
            .await
            .status,
        404
    );

    office
        .post(&format!("{at}/status"), &[("action", "approve")])
        .await;
    let frozen: Option<String> =
        sqlx::query_scalar("SELECT figures FROM report_versions WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let frozen = frozen.expect("approval freezes the figures");
    // A record changed after approval does not change the report.
    sqlx::query("UPDATE measure_values SET value = '99.9' WHERE period = '2022/23'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let refused = office
        .post(
            &format!("{at}/narrative"),
            &[("section", "foreword"), ("narrative", "Later")],
        )
        .await;
    assert_eq!(refused.status, 422);
    office
        .post(&format!("{at}/status"), &[("action", "publish")])
        .await;
    let v1 = public.get("/api/v1/reports/annual-report-2022-23").await;
    assert_eq!(v1.status, 200);
    let v1: Value = serde_json::from_str(&v1.body).unwrap();
    assert_eq!(
        v1["figures"],
        serde_json::from_str::<Value>(&frozen).unwrap()
    );
    let page = public.get("/reports/annual-report-2022-23").await;
    assert!(page.body.contains("15.6%") && !page.body.contains("99.9"));

    // A correction is a new version with its note; the first stays public until it is out.
    let r = office
        .post(
            &format!("{at}/correct"),
            &[("note", "The foreword named the wrong year.")],
        )
        .await;
    assert_eq!(r.status, 303);
    let v2 = r.location().to_string();
    assert_ne!(v2, at);
    let page = public.get("/reports/annual-report-2022-23").await;
    assert!(!page.body.contains("The foreword named the wrong year."));
    for step in ["review", "approve", "publish"] {
        office
            .post(&format!("{v2}/status"), &[("action", step)])
            .await;
    }
    let page = public.get("/reports/annual-report-2022-23").await;
    assert!(page.body.contains("The foreword named the wrong year."));
    assert!(page.body.contains("(version 2)"));

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE entity_type = 'report_version' AND entity_id = $1 ORDER BY seq",
    )
    .bind(id.to_string())
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "report.create",
            "report.narrative",
            "report.status",
            "report.status",
            "report.status"
        ]
    );
    app.finish().await;
}

each_backend!(
    the_annual_report_states_the_published_figures,
    the_progress_report_reads_like_the_panels,
    drafts_go_to_the_panel_and_figures_freeze_at_approval
);
