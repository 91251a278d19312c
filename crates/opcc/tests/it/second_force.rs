//! Any force: an office set up with `opcc init` for North Wales (whose police.uk file is in
//! ../shared/data), given its data and a small plan, serves that force's public pages and
//! nothing of the demo's.

use crate::binary::{TempDir, get, serve};
use crate::cli::opcc;
use crate::crime::{data, read, rows};
use crate::crime_pages::{after_then, number};
use crate::support::{Backend, TestDb};

const PLAN: &str = r#"
slug = "north-wales-2025-29"
force_area = "W15000001"
title = "Test plan for North Wales 2025-29"
commissioner = "A test Commissioner"
chief_constable = "A test Chief Constable"
term_start = "2025-04-01"
term_end = "2029-03-31"
levels = ["Priority"]
sources = ["A test plan, not a published document"]
consultation_closes = "2025-02-28"

[[transitions]]
status = "draft"
date = "2025-01-06"
note = "Drafted for the test."

[[transitions]]
status = "consultation"
date = "2025-01-31"
note = "Out for comment."

[[transitions]]
status = "panel_review"
date = "2025-03-07"
note = "Before the Panel."

[[transitions]]
status = "published"
date = "2025-04-01"
note = "In force."

[[items]]
key = "safer-communities"
title = "Safer communities across the six counties"
description = "Fewer people harmed by anti-social behaviour."

[[items.measures]]
key = "asb"
title = "Anti-social behaviour incidents"
unit = "count"
better = "lower"
frequency = "monthly"
source = "data.police.uk street-level anti-social behaviour incidents"
derived_from = "police_uk:asb"

[[items.commitments]]
key = "town-centre-patrols"
text = "Visible patrols in town centres on weekend nights"
owner = "chief_constable"
"#;

fn run(args: &[&str]) -> String {
    let out = opcc().args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "opcc {args:?}: {text}");
    text
}

/// The demo's force must not show through. Two exceptions are the office's own data, not the
/// demo: the ICO's postal address, and the neighbouring local authority where North Wales
/// Police recorded a few crimes (the crime pages list it as outside the force area).
fn assert_no_demo_force(path: &str, html: &str) {
    let html = html
        .replace("Wilmslow, Cheshire SK9 5AF", "")
        .replace("Cheshire West and Chester", "");
    assert!(
        !html.to_lowercase().contains("cheshire"),
        "{path} mentions the demo's force: {}",
        &html[html
            .to_lowercase()
            .find("cheshire")
            .unwrap()
            .saturating_sub(200)..][..400]
    );
}

async fn a_second_force_is_set_up_and_shows_its_own_data(backend: Backend) {
    let db = TestDb::new(backend).await;
    let url = db.url.as_str();
    let out = run(&["--database-url", url, "init", "--force-area", "north-wales"]);
    for la in [
        "Conwy",
        "Gwynedd",
        "Wrexham",
        "Flintshire",
        "Denbighshire",
        "Isle of Anglesey",
    ] {
        assert!(out.contains(la), "init lists {la}: {out}");
    }
    // A second init, or one for another force, is refused: an office serves one force.
    let again = opcc()
        .args(["--database-url", url, "init", "--force-area", "W15000002"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already serves North Wales"));

    let file = "police_uk/2019-01/2019-01-north-wales-street.csv";
    run(&[
        "--database-url",
        url,
        "import",
        "police-uk",
        data(file).to_str().unwrap(),
    ]);
    let dir = TempDir::new("second-force");
    let plan = dir.0.join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    run(&[
        "--database-url",
        url,
        "plan",
        "import",
        plan.to_str().unwrap(),
    ]);

    // Served from a folder with no shared data beside it, demo not turned off: none loads.
    let served = serve(url, &dir.0, &[("OPCC_SHARED_DATA", "/nonexistent")], &[]);
    let base = &served.base;
    let jan = rows(&read(file));
    let asb = jan
        .iter()
        .filter(|r| r["Crime type"] == "Anti-social behaviour")
        .count();
    assert!(asb > 100);

    let (status, home) = get(base, "/").await;
    assert_eq!(status, 200);
    assert!(
        home.contains("North Wales"),
        "{backend:?}: home names the force"
    );
    assert!(
        home.contains("Test plan for North Wales 2025-29"),
        "the plan in force"
    );
    let (_, crime) = get(base, "/crime?month=2019-01").await;
    assert!(crime.contains("North Wales"));
    assert_eq!(
        after_then(
            &crime,
            "Anti-social behaviour</dt>",
            r#"<span class="govuk-!-font-weight-bold">"#
        ),
        number(asb as f64),
        "{backend:?}: the force's own January 2019"
    );
    for la in ["Conwy", "Gwynedd", "Wrexham"] {
        assert!(crime.contains(la), "{backend:?}: /crime shows {la}");
    }
    let (_, plans) = get(base, "/plans").await;
    assert!(plans.contains("north-wales-2025-29"));
    assert!(!plans.contains("2024-28"), "no demo plan was loaded");
    let (_, plan) = get(base, "/plans/north-wales-2025-29").await;
    assert!(plan.contains("Visible patrols in town centres on weekend nights"));
    let mut pages = vec![
        ("/", home),
        ("/crime?month=2019-01", crime),
        ("/plans", plans),
        ("/plans/north-wales-2025-29", plan),
    ];
    for path in [
        "/crime/map?month=2019-01",
        "/finance",
        "/finance/precept",
        "/finance/spending",
        "/contact",
        "/privacy",
        "/cookies",
        "/login",
        "/api/v1/plans",
    ] {
        let (status, body) = get(base, path).await;
        assert!(status < 500, "{backend:?}: {path} {status}: {body}");
        pages.push((path, body));
    }
    // The comparison lists every force of England and Wales by design; this one leads it.
    let (_, compare) = get(base, "/crime/compare").await;
    assert!(compare.contains("North Wales"));
    for (path, html) in &pages {
        assert_no_demo_force(path, html);
    }
}

each_backend!(a_second_force_is_set_up_and_shows_its_own_data);
