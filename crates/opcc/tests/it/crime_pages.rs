//! The public crime pages against the real files in ../shared/data, on both backends. What a
//! page must show is computed here by a plain pass over the same CSV files, the raw ONS
//! lookups, the raw boundaries and the ONS population table, not by opcc's code.

use crate::crime::{CHESHIRE, CHESHIRE_LADS, data, import, raw_lsoa_lad, read, rows};
use crate::support::{Backend, TestApp};
use std::collections::{BTreeMap, BTreeSet};

const ASB: &str = "Anti-social behaviour";

/// A number as the pages write it: thousands grouped, at most two decimal places.
pub(crate) fn number(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}.{frac}")
    }
}

/// Every SVG on a page is an image with a title and a description, first.
fn svgs_are_described(html: &str, page: &str) -> usize {
    let mut n = 0;
    for svg in html.split("<svg").skip(1) {
        let open = &svg[..svg.find('>').unwrap()];
        assert!(
            open.contains(r#"role="img""#),
            "{page}: an SVG without role=img"
        );
        let body = &svg[open.len() + 1..];
        assert!(
            body.starts_with("<title id=") && body.contains("</title><desc id="),
            "{page}: an SVG without a title and desc"
        );
        n += 1;
    }
    n
}

/// The text after `marker`, up to the next `<`.
fn after<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} is not on the page"))
        + marker.len();
    &html[at..at + html[at..].find('<').unwrap()]
}

/// The text after `then`, itself after `first`.
pub(crate) fn after_then<'a>(html: &'a str, first: &str, then: &str) -> &'a str {
    let at = html
        .find(first)
        .unwrap_or_else(|| panic!("{first:?} is not on the page"));
    after(&html[at..], then)
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.browser().get(path).await;
    assert_eq!(
        res.status,
        200,
        "{path}: {}",
        &res.body[..res.body.len().min(500)]
    );
    assert!(
        res.header("content-type").starts_with("text/html"),
        "{path}"
    );
    res.body
}

/// Every CSV link on a page downloads a CSV.
async fn csv_links_work(app: &TestApp, html: &str) -> usize {
    let mut n = 0;
    for part in html.split(r#"href=""#).skip(1) {
        let href = part[..part.find('"').unwrap()].replace("&amp;", "&");
        if href.contains(".csv") {
            let res = app.browser().get(&href).await;
            assert_eq!(res.status, 200, "{href}");
            assert!(res.header("content-type").starts_with("text/csv"), "{href}");
            n += 1;
        }
    }
    n
}

const LA_NAMES: [(&str, &str); 4] = [
    ("E06000006", "Halton"),
    ("E06000007", "Warrington"),
    ("E06000049", "Cheshire East"),
    ("E06000050", "Cheshire West and Chester"),
];

async fn summary_and_map(backend: Backend) {
    let app = TestApp::start(backend).await;
    for f in CHESHIRE {
        import(&app, f).await;
    }
    let nov = rows(&read(CHESHIRE[1]));
    let (l21, l11) = raw_lsoa_lad();
    let lad_of = |code: &str| l21.get(code).or(l11.get(code)).cloned();
    let asb = nov.iter().filter(|r| r["Crime type"] == ASB).count();
    let mut by_lad: BTreeMap<String, usize> = BTreeMap::new();
    let (mut in_area_all, mut no_location) = (0, 0);
    for r in &nov {
        let code = &r["LSOA code"];
        if code.is_empty() {
            no_location += 1;
            continue;
        }
        if let Some(lad) = lad_of(code).filter(|l| CHESHIRE_LADS.contains(&l.as_str())) {
            in_area_all += 1;
            if r["Crime type"] != ASB {
                *by_lad.entry(lad).or_default() += 1;
            }
        }
    }

    // The summary for 2018-11 (the force defaults to this office's: Cheshire).
    let html = page(&app, "/crime?month=2018-11").await;
    assert_eq!(
        svgs_are_described(&html, "/crime"),
        3,
        "category, LA, trend"
    );
    assert_eq!(
        after_then(
            &html,
            r#"Anti-social behaviour</dt>"#,
            r#"<span class="govuk-!-font-weight-bold">"#
        ),
        number(asb as f64),
        "{backend:?}: ASB in 2018-11"
    );
    assert_eq!(
        after_then(
            &html,
            r#"No location published</dt>"#,
            r#"<span class="govuk-!-font-weight-bold">"#
        ),
        number(no_location as f64)
    );
    for (code, name) in LA_NAMES {
        let shown = after(
            &html,
            &format!(
                r#"<th scope="row" class="govuk-table__header">{name}</th><td class="govuk-table__cell">In the force area</td><td class="govuk-table__cell govuk-table__cell--numeric">"#
            ),
        );
        assert_eq!(shown, number(by_lad[code] as f64), "{backend:?}: {name}");
    }
    // The trend: 2017-12 to 2018-11, of which only 2018-10 and 2018-11 are loaded.
    let not_loaded = |m: &str| {
        html.contains(&format!(
            r#"<th scope="row" class="govuk-table__header">{m}</th><td class="govuk-table__cell govuk-table__cell--numeric" colspan="2"><strong class="govuk-tag govuk-tag--grey">Not loaded</strong>"#
        ))
    };
    for m in [
        "2017-12", "2018-01", "2018-02", "2018-03", "2018-04", "2018-05", "2018-06", "2018-07",
        "2018-08", "2018-09",
    ] {
        assert!(not_loaded(m), "{backend:?}: {m} should read not loaded");
    }
    let nov_crime = nov.iter().filter(|r| r["Crime type"] != ASB).count();
    assert!(!not_loaded("2018-10") && !not_loaded("2018-11"));
    assert_eq!(
        after(
            &html,
            r#"<th scope="row" class="govuk-table__header">2018-11</th><td class="govuk-table__cell govuk-table__cell--numeric">"#
        ),
        number(nov_crime as f64)
    );
    assert!(
        html.contains("Not loaded</text>"),
        "the chart draws the gap"
    );
    assert_eq!(csv_links_work(&app, &html).await, 4);

    // The choropleth: one path per 2011 LSOA in the raw boundaries (2018 data uses 2011 codes).
    let mut lsoas = BTreeSet::new();
    for (code, _) in LA_NAMES {
        let geo: serde_json::Value =
            serde_json::from_slice(&read(&format!("geo/lsoa11_by_lad/{code}.json"))).unwrap();
        for f in geo["features"].as_array().unwrap() {
            lsoas.insert(f["properties"]["LSOA11CD"].as_str().unwrap().to_string());
        }
    }
    let html = page(&app, "/crime/map?month=2018-11&category=all").await;
    assert_eq!(svgs_are_described(&html, "/crime/map"), 1);
    assert_eq!(html.matches("<path data-lsoa=").count(), lsoas.len());
    assert_eq!(lsoas.len(), 652);
    assert_eq!(
        after(&html, r#"id="lsoa-total">"#),
        number(in_area_all as f64),
        "{backend:?}: the table adds up to the crimes located in the area"
    );
    assert!(html.contains(&format!(
        "{} without a location, which no map can show",
        number(no_location as f64)
    )));
    assert_eq!(csv_links_work(&app, &html).await, 1);
    let csv = app
        .browser()
        .get("/crime/map.csv?month=2018-11&category=all")
        .await;
    let table = rows(csv.body.as_bytes());
    assert_eq!(
        table.len(),
        652,
        "every LSOA, zero where none were recorded"
    );
    assert_eq!(
        table
            .iter()
            .map(|r| r["count"].parse::<usize>().unwrap())
            .sum::<usize>(),
        in_area_all
    );
    // The point view: points over the outlines, and the crimes without a location in words.
    let html = page(&app, "/crime/map?month=2018-11&category=all&view=points").await;
    assert_eq!(svgs_are_described(&html, "/crime/map?view=points"), 1);
    assert!(html.matches("<circle").count() > 1000);
    assert!(html.contains(&format!("{} have no location", number(no_location as f64))));
    // A month not loaded is a gap, not zero; a force without shipped boundaries says so.
    let html = page(&app, "/crime/map?month=2018-09").await;
    assert!(html.contains("This is a gap in the data, not zero crime"));
    app.finish().await;
}

async fn summary_and_map_show_what_the_files_hold(backend: Backend) {
    summary_and_map(backend).await;
}

const OTHERS: [(&str, &str); 6] = [
    ("city-of-london", "City of London"),
    ("cumbria", "Cumbria"),
    ("dorset", "Dorset"),
    ("gwent", "Gwent"),
    ("north-wales", "North Wales"),
    ("warwickshire", "Warwickshire"),
];

async fn comparator(backend: Backend) {
    let app = TestApp::start(backend).await;
    for f in CHESHIRE {
        import(&app, f).await;
    }
    // Populations from ONS table P3, by name.
    let p3 = std::fs::read_to_string(data(
        "recorded_crime/ons_pfa_ye_dec2024_table_P3_rates_population.csv",
    ))
    .unwrap();
    let mut pop: BTreeMap<String, f64> = BTreeMap::new();
    for rec in csv::Reader::from_reader(p3.as_bytes()).records() {
        let rec = rec.unwrap();
        pop.insert(
            rec[1].to_string(),
            rec[2].replace(',', "").parse().unwrap_or(0.0),
        );
    }
    let mut expected = BTreeMap::new();
    for (slug, name) in OTHERS {
        let f = format!("police_uk/2019-01/2019-01-{slug}-street.csv");
        import(&app, &f).await;
        let crimes = rows(&read(&f))
            .iter()
            .filter(|r| r["Crime type"] != ASB)
            .count();
        expected.insert(slug, crimes as f64 / pop[name] * 1000.0);
    }
    let html = page(&app, "/crime/compare?month=2019-01").await;
    assert_eq!(svgs_are_described(&html, "/crime/compare"), 1);
    let csv = app.browser().get("/crime/compare.csv?month=2019-01").await;
    assert_eq!(csv.status, 200);
    let table = rows(csv.body.as_bytes());
    let loaded: Vec<_> = table.iter().filter(|r| r["status"] == "loaded").collect();
    assert_eq!(
        loaded.len(),
        6,
        "{backend:?}: the six forces loaded for 2019-01"
    );
    for r in &loaded {
        let want = expected[r["force"].as_str()];
        let got: f64 = r["rate_per_1000"].parse().unwrap();
        assert!((got - want).abs() < 1e-4, "{}: {got} vs {want}", r["force"]);
        assert!(
            html.contains(&format!(
                r#"{}</span></th><td class="govuk-table__cell govuk-table__cell--numeric">"#,
                r["name"]
            )),
            "{} listed",
            r["name"]
        );
        assert!(html.contains(&format!(">{}</td></tr>", number(want))));
    }
    // Ranked by rate, 1 the highest.
    let mut by_rate: Vec<_> = expected.iter().collect();
    by_rate.sort_by(|a, b| b.1.total_cmp(a.1));
    let ranks: Vec<&str> = loaded.iter().map(|r| r["force"].as_str()).collect();
    assert_eq!(ranks, by_rate.iter().map(|(s, _)| **s).collect::<Vec<_>>());
    // This area (Cheshire) has no 2019-01 file: not loaded, not zero, and said in words.
    let ch = table.iter().find(|r| r["force"] == "cheshire").unwrap();
    assert_eq!(
        (
            ch["status"].as_str(),
            ch["count"].as_str(),
            ch["this_area"].as_str()
        ),
        ("not loaded", "", "yes")
    );
    assert!(html.contains(
        r#"<strong>Cheshire (this area)</strong></th><td class="govuk-table__cell govuk-table__cell--numeric"><strong class="govuk-tag govuk-tag--grey">Not loaded</strong>"#
    ));
    assert!(html.contains("Cheshire has no data loaded for 2019-01"));
    // For 2018-11 Cheshire is the only force loaded, ranked 1 of 1 and marked in the chart.
    let html = page(&app, "/crime/compare?month=2018-11").await;
    assert!(html.contains("Cheshire is 1 of 1"));
    assert!(html.contains("Cheshire (this area)</text>"));
    // Without a month chosen: the latest month Cheshire has data for (2018-12), not 2019-01,
    // which only the other forces have.
    let html = page(&app, "/crime/compare").await;
    assert!(
        html.contains("Cheshire is 1 of 1"),
        "defaults to the home force's latest month"
    );
    app.finish().await;
}

async fn the_comparator_ranks_every_force_loaded_and_marks_gaps(backend: Backend) {
    comparator(backend).await;
}

each_backend!(
    summary_and_map_show_what_the_files_hold,
    the_comparator_ranks_every_force_loaded_and_marks_gaps
);
