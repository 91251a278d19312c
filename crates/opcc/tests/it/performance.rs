//! Performance against the plan through the real server: uploads checked whole and saved
//! whole, the SPC series in the API, publishing a quarter and correcting a locked figure, and
//! the quarterly pack's visibility.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

const PLAN: &str = "cheshire-2013-16";
const ADMIN: &str = "/admin/performance/cheshire-2013-16";

/// 24 months of recorded crime from April 2013, see-sawing about 7,000 (so no runs or
/// trends), with a spike in month 20.
fn monthly_csv() -> String {
    let mut s = String::from("measure,period,area,value,commentary\n");
    for i in 0..24 {
        let (y, m) = (2013 + (3 + i) / 12, (3 + i) % 12 + 1);
        let v = if i == 19 {
            9_800
        } else if i % 2 == 0 {
            7_300
        } else {
            6_700
        };
        s.push_str(&format!("total-crime,{y}-{m:02},,{v},Month {i}\n"));
    }
    s
}

async fn an_upload_with_errors_saves_nothing_and_names_each_cell(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let bad = "measure,period,value\ntotal-crime,2013-04,7000\ntotal-crime,2013-13,7100\nnot-a-measure,2013-05,1\ntotal-crime,2013-06,-5\n";
    let res = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "march.csv",
            bad.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Nothing was saved"));
    for cell in [
        "march.csv, row 3, column &#34;period&#34;",
        "march.csv, row 4, column &#34;measure&#34;",
        "march.csv, row 5, column &#34;value&#34;",
    ] {
        assert!(res.body.contains(cell), "{cell} in {}", res.body);
    }
    let stored = opcc_store::performance::series(
        &app.db,
        PLAN,
        "total-crime",
        "E23000006",
        opcc_domain::periods::PeriodKind::Month,
    )
    .await
    .unwrap();
    assert!(stored.is_empty(), "the good row was not saved either");
    app.finish().await;
}

async fn uploads_are_idempotent_and_the_series_carries_its_spc_reading(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let res = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "crime.csv",
            monthly_csv().into_bytes(),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.body.contains("24 new, 0 changed, 0 unchanged"));
    let again = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "crime.csv",
            monthly_csv().into_bytes(),
        )
        .await;
    assert!(again.body.contains("0 new, 0 changed, 24 unchanged"));

    let api: serde_json::Value = serde_json::from_str(
        &staff
            .get("/api/v1/measures/cheshire-2013-16.total-crime/series")
            .await
            .body,
    )
    .unwrap();
    let points = api["points"].as_array().unwrap();
    assert_eq!(points.len(), 24);
    assert_eq!(points[0]["period"], "2013-04");
    assert_eq!(points[19]["value"], "9800");
    assert_eq!(
        points[19]["kind"], "concern",
        "a spike in crime is a concern: lower is better"
    );
    let others: Vec<&serde_json::Value> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 19)
        .map(|(_, p)| &p["kind"])
        .collect();
    assert!(others.iter().all(|k| *k == "common_cause"), "{others:?}");
    let mean = points[0]["mean"].as_f64().unwrap();
    let values: Vec<f64> = points
        .iter()
        .map(|p| p["value"].as_str().unwrap().parse().unwrap())
        .collect();
    let expected_mean = values.iter().sum::<f64>() / 24.0;
    assert!((mean - expected_mean).abs() < 1e-9);
    let mr_bar = values.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 23.0;
    let upper = points[0]["upper_limit"].as_f64().unwrap();
    assert!(
        (upper - (expected_mean + 2.66 * mr_bar)).abs() < 1e-6,
        "limits are mean ± 2.66 mR-bar"
    );

    let page = staff.get(&format!("{ADMIN}/measures/total-crime")).await;
    assert!(page.body.contains("role=\"img\""), "an SVG chart");
    assert!(
        page.body.contains("The chart&#39;s data") || page.body.contains("The chart's data"),
        "with its data table"
    );
    assert!(page.body.contains("Special cause variation: concern"));
    app.finish().await;
}

#[tokio::test]
async fn a_workbook_is_read_sheet_by_sheet() {
    use rust_xlsxwriter::Workbook;
    let app = TestApp::start(Backend::Sqlite).await;
    let mut staff = app.signed_in(Role::Admin).await;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Satisfaction").unwrap();
    for (c, h) in ["measure", "period", "value", "numerator", "denominator"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "user-satisfaction").unwrap();
    sheet.write_string(1, 1, "2013-06").unwrap();
    sheet.write_number(1, 2, 81.2).unwrap();
    sheet.write_number(1, 3, 812).unwrap();
    sheet.write_number(1, 4, 1000).unwrap();
    sheet.write_string(2, 0, "user-satisfaction").unwrap();
    sheet.write_string(2, 1, "2013/14 Q2").unwrap();
    // Row 3 also has a quarter where the measure is reported monthly.
    sheet.write_number(2, 2, 95.0).unwrap();
    sheet.write_number(2, 3, 812).unwrap();
    sheet.write_number(2, 4, 1000).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let res = staff
        .upload(&format!("{ADMIN}/upload"), "survey.xlsx", bytes)
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains(
            "Satisfaction, row 3, column &#34;period&#34;: user-satisfaction is reported by month, so 2013/14 Q2 does not fit"
        ),
        "{}",
        res.body
    );
    app.finish().await;
}

async fn a_published_quarter_changes_only_by_a_correction_with_a_reason(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut public = app.browser();
    staff
        .upload(
            &format!("{ADMIN}/upload"),
            "crime.csv",
            monthly_csv().into_bytes(),
        )
        .await;
    let pack = "/performance/cheshire-2013-16/packs/2013-14-q1";
    assert_eq!(
        public.get(pack).await.status,
        404,
        "a draft pack is not public"
    );
    assert_eq!(staff.get(pack).await.status, 200, "staff read the draft");

    let res = staff
        .post(
            &format!("{ADMIN}/publish"),
            &[("quarter", "2013/14 Q1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status, 303);
    let page = public.get(pack).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Total number of recorded crimes"));
    assert!(page.body.contains("Commitments"));
    assert!(!page.body.contains("Draft: this quarter is not published"));

    let edit = [
        ("period", "2013-05"),
        ("value", "7100"),
        ("commentary", "Revised"),
    ];
    let refused = staff
        .post(&format!("{ADMIN}/measures/total-crime/values"), &edit)
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("published quarter"));
    let upload = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "late.csv",
            b"measure,period,value\ntotal-crime,2013-05,7100\ntotal-crime,2015-05,1\n".to_vec(),
        )
        .await;
    assert_eq!(upload.status, 422);
    assert!(upload.body.contains("can only be corrected"));
    let stored = opcc_store::performance::series(
        &app.db,
        PLAN,
        "total-crime",
        "E23000006",
        opcc_domain::periods::PeriodKind::Month,
    )
    .await
    .unwrap();
    assert_eq!(
        stored.len(),
        24,
        "the upload changed nothing, not even its unlocked row"
    );

    let mut with_reason = edit.to_vec();
    with_reason.push((
        "reason",
        "Late recording of 37 crimes from a partner agency",
    ));
    let ok = staff
        .post(
            &format!("{ADMIN}/measures/total-crime/values"),
            &with_reason,
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let corrections = opcc_store::performance::corrections(&app.db, PLAN, "total-crime")
        .await
        .unwrap();
    assert_eq!(corrections.len(), 1);
    assert_eq!(corrections[0].new_value, "7100");
    assert!(corrections[0].old_value.is_some());
    let log = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            action: "measure.".into(),
            entity_id: PLAN.into(),
            ..Default::default()
        },
        10,
        0,
    )
    .await
    .unwrap();
    let actions: Vec<&str> = log.entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "measure.correction",
            "measure.quarter_publish",
            "measure.values_upload"
        ]
    );
    app.finish().await;
}

/// The PDF is checked by real tools: qpdf for its structure, pdftotext for its words.
#[tokio::test]
async fn the_pack_pdf_is_a_valid_pdf_with_the_packs_content() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut staff = app.signed_in(Role::Staff).await;
    staff
        .upload(
            &format!("{ADMIN}/upload"),
            "crime.csv",
            monthly_csv().into_bytes(),
        )
        .await;
    staff
        .post(
            &format!("{ADMIN}/publish"),
            &[("quarter", "2015/16 Q1"), ("confirm", "yes")],
        )
        .await;
    let url = format!(
        "{}/performance/cheshire-2013-16/packs/2015-16-q1/pdf",
        app.base
    );
    let res = reqwest::get(&url).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let dir = std::env::temp_dir().join(format!("opcc-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pack.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .expect("qpdf is needed (scripts/ensure-tools.sh installs it)");
    assert!(
        check.status.success(),
        "qpdf: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is needed (scripts/ensure-tools.sh installs it)");
    let text = String::from_utf8_lossy(&text.stdout);
    for want in [
        "Quarterly scrutiny pack",
        "Total number of recorded crimes",
        "Special cause variation: concern",
        "Commitments",
    ] {
        assert!(text.contains(want), "{want} not in the PDF:\n{text}");
    }
    std::fs::remove_dir_all(dir).unwrap();
    app.finish().await;
}

/// Counts of recorded crime and ASB become the 2013-16 plan's measure values for the months
/// loaded, and only those: months not loaded stay gaps.
async fn measures_are_derived_from_police_uk_for_the_months_loaded(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut expected = Vec::new();
    for month in ["2018-10", "2018-12"] {
        let rel = format!("police_uk/{month}/{month}-cheshire-street.csv");
        let bytes = std::fs::read(crate::crime::data(&rel)).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let col = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "Crime type")
            .unwrap();
        let (mut asb, mut crime) = (0_i64, 0_i64);
        for r in reader.records() {
            if &r.unwrap()[col] == "Anti-social behaviour" {
                asb += 1;
            } else {
                crime += 1;
            }
        }
        expected.push((month, crime, asb));
        opcc_store::crime::import_file(
            &app.db,
            &opcc_store::audit::Actor::system("test"),
            &format!("{month}-cheshire-street.csv"),
            &bytes,
            opcc_store::crime::BadRows::Reject,
        )
        .await
        .unwrap();
    }
    let actor = opcc_store::audit::Actor::system("test");
    // The 2013-16 plan's derived measures take nothing from 2018: outside its term.
    let outside = opcc_store::performance::derive_police_uk(&app.db, &actor, PLAN)
        .await
        .unwrap();
    assert_eq!(
        outside.saved.inserted, 0,
        "2018 is outside the 2013-16 plan's term"
    );
    // The same measures on a plan whose term covers 2018 take those months.
    let file = include_str!("../../../store/demo/plans/cheshire-2013-16.toml")
        .replace("slug = \"cheshire-2013-16\"", "slug = \"term-2017-19\"")
        .replace("term_start = \"2013-04-01\"", "term_start = \"2017-04-01\"")
        .replace("term_end = \"2016-03-31\"", "term_end = \"2019-03-31\"");
    let plan = opcc_domain::plans::file::PlanFile::parse(&file).unwrap();
    opcc_store::plans::import(&app.db, &actor, &plan, false)
        .await
        .unwrap();
    let covering = "term-2017-19";
    let d = opcc_store::performance::derive_police_uk(&app.db, &actor, covering)
        .await
        .unwrap();
    assert_eq!(d.saved.inserted, 4, "two measures, two months");
    let again = opcc_store::performance::derive_police_uk(&app.db, &actor, covering)
        .await
        .unwrap();
    assert_eq!(again.saved.unchanged, 4, "deriving twice changes nothing");
    let kind = opcc_domain::periods::PeriodKind::Month;
    let crime =
        opcc_store::performance::series(&app.db, covering, "total-crime", "E23000006", kind)
            .await
            .unwrap();
    let asb =
        opcc_store::performance::series(&app.db, covering, "asb-incidents", "E23000006", kind)
            .await
            .unwrap();
    let got: Vec<(String, String, String)> = crime
        .iter()
        .zip(&asb)
        .map(|(c, a)| {
            (
                c.period.to_string(),
                c.value.to_string(),
                a.value.to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String, String)> = expected
        .iter()
        .map(|(m, c, a)| (m.to_string(), c.to_string(), a.to_string()))
        .collect();
    assert_eq!(
        got, want,
        "2018-11 is not loaded, so it has no value at all"
    );
    assert_eq!(crime[0].source, "data.police.uk");
    app.finish().await;
}

#[tokio::test]
async fn a_survey_proportion_shows_its_wilson_interval() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let csv =
        "measure,period,value,numerator,denominator\nuser-satisfaction,2013-06,81.2,812,1000\n";
    let res = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "survey.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert!(res.body.contains("1 new"), "{}", res.body);
    let page = staff
        .get(&format!("{ADMIN}/measures/user-satisfaction"))
        .await;
    // 812 of 1,000, z = 1.96, worked by hand from the Wilson formula.
    assert!(
        page.body
            .contains("95% confidence interval 78.66% to 83.5%"),
        "{}",
        page.body
    );
    app.finish().await;
}

/// The demo carries the stalking outcome rate from the 2023-24 annual report, with the
/// national figure it is compared with there.
#[tokio::test]
async fn the_stalking_outcome_rate_is_compared_with_the_national_figure() {
    let app = TestApp::start(Backend::Sqlite).await;
    let mut panel = app.signed_in(Role::Panel).await;
    let page = panel
        .get("/admin/performance/cheshire-2021-24/measures/stalking-outcome-rate")
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(
            "National average, 2023/24 (annual report 2023-24): 7% against 20.3% here in 2023/24"
        ),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Up 4.7 percentage points on 2022/23"),
        "a change of a percentage is in points (20.3 - 15.6), not 30.13% of 15.6: {}",
        page.body
    );
    // Three values are fewer than the 15 Making Data Count advises: the chart and its reading
    // say the limits are provisional.
    assert!(
        page.body
            .contains("Provisional limits: fewer than 15 values")
    );
    assert!(page.body.contains("the limits come from 3 values"));
    // The axis runs in round steps of 5 points, written as percentages.
    for tick in ["5%", "10%", "15%", "20%", "25%", "30%"] {
        assert!(
            page.body.contains(&format!(">{tick}</text>")),
            "no {tick} tick on the axis"
        );
    }
    app.finish().await;
}

/// The public sees a measure's values only up to the latest published quarter: figures of a
/// quarter whose pack is still a draft, and their commentary, stay with the office and Panel.
async fn unpublished_figures_stay_with_the_office_and_panel(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let res = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "crime.csv",
            monthly_csv().into_bytes(),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let url = "/api/v1/measures/cheshire-2013-16.total-crime/series";
    let periods = |body: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["period"].as_str().unwrap().to_string())
            .collect()
    };
    let mut public = app.browser();
    assert!(
        periods(&public.get(url).await.body).is_empty(),
        "nothing published yet"
    );
    assert_eq!(
        periods(&staff.get(url).await.body).len(),
        24,
        "staff see every value"
    );
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(periods(&panel.get(url).await.body).len(), 24);
    staff
        .post(
            &format!("{ADMIN}/publish"),
            &[("quarter", "2013/14 Q2"), ("confirm", "yes")],
        )
        .await;
    let seen = periods(&public.get(url).await.body);
    assert_eq!(
        seen,
        [
            "2013-04", "2013-05", "2013-06", "2013-07", "2013-08", "2013-09"
        ],
        "April to September 2013: up to the end of the published quarter"
    );
    assert!(
        !public.get(url).await.body.contains("Month 6"),
        "no later commentary"
    );
    app.finish().await;
}

each_backend!(
    unpublished_figures_stay_with_the_office_and_panel,
    an_upload_with_errors_saves_nothing_and_names_each_cell,
    uploads_are_idempotent_and_the_series_carries_its_spc_reading,
    a_published_quarter_changes_only_by_a_correction_with_a_reason,
    measures_are_derived_from_police_uk_for_the_months_loaded
);
