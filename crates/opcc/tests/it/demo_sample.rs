//! The demo is whole on any machine: with no shared data folder anywhere, `opcc serve` loads
//! the police.uk sample that ships in the repository, and the crime pages show it.

use crate::binary::{TempDir, get, serve};
use crate::crime::rows;
use crate::crime_pages::{after_then, number};
use crate::support::{Backend, TestDb};
use std::io::Read;

const ASB: &str = "Anti-social behaviour";

/// The shipped file, unpacked here with flate2 rather than by opcc.
fn shipped(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../store/demo/police_uk")
        .join(format!("{name}.gz"));
    let gz = std::fs::read(&path).unwrap();
    assert!(gz.len() < 1 << 20, "each shipped file stays small");
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

async fn without_shared_data_the_demo_has_crime_pages(backend: Backend) {
    let db = TestDb::new(backend).await;
    let cwd = TempDir::new("demo-cwd");
    let nowhere = cwd.0.join("no-such-folder");
    let served = serve(
        &db.url,
        &cwd.0,
        &[("OPCC_SHARED_DATA", nowhere.to_str().unwrap())],
        &[],
    );
    let dec = rows(&shipped("2018-12-cheshire-street.csv"));
    let asb = dec.iter().filter(|r| r["Crime type"] == ASB).count();
    assert!(asb > 100);
    let (status, html) = get(&served.base, "/crime?month=2018-12").await;
    assert_eq!(status, 200);
    assert_eq!(
        after_then(
            &html,
            "Anti-social behaviour</dt>",
            r#"<span class="govuk-!-font-weight-bold">"#
        ),
        number(asb as f64),
        "{backend:?}: the sample's December 2018 is loaded"
    );
    let (_, map) = get(&served.base, "/crime/map?month=2018-12&category=all").await;
    assert!(map.matches("<path data-lsoa=").count() > 600);
    // The spending sample ships too, and the banner says it is all a demonstration.
    let (_, spending) = get(&served.base, "/finance/spending").await;
    assert!(
        spending.contains("Payments, page 1 of") && spending.contains("May 2011"),
        "{backend:?}: the spending sample is loaded"
    );
    assert!(html.contains("demonstration data"));
    // Stop and search ships too.
    let (_, csv) = get(&served.base, "/api/v1/crime/coverage").await;
    for m in ["2018-10", "2018-11", "2018-12", "2025-06", "2025-07"] {
        assert!(csv.contains(m), "{backend:?}: {m} loaded: {csv}");
    }
}

each_backend!(without_shared_data_the_demo_has_crime_pages);
