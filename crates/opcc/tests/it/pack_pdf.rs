//! Every quarterly scrutiny pack the demo offers is laid out readably: read back with
//! `pdftotext -bbox-layout`, no table cell is squeezed to a word per line and no two words on
//! a page overlap (as two headers printed over each other would).

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::periods::{Period, PeriodKind};

#[derive(Debug, Clone, Copy)]
struct Word {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).expect("a word has its box") + key.len();
    let end = tag[at..].find('"').unwrap() + at;
    tag[at..end].parse().unwrap()
}

/// Pages, each a list of blocks, each a list of lines, each a list of (word, box).
type Layout = Vec<Vec<Vec<Vec<(String, Word)>>>>;

fn layout(xhtml: &str) -> Layout {
    let mut pages: Layout = Vec::new();
    for page in xhtml.split("<page ").skip(1) {
        let mut blocks = Vec::new();
        for block in page.split("<block ").skip(1) {
            let mut lines = Vec::new();
            for line in block.split("<line ").skip(1) {
                let mut words = Vec::new();
                for w in line.split("<word ").skip(1) {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap().to_string();
                    let b = Word {
                        x0: attr(tag, "xMin"),
                        y0: attr(tag, "yMin"),
                        x1: attr(tag, "xMax"),
                        y1: attr(tag, "yMax"),
                    };
                    words.push((text, b));
                }
                lines.push(words);
            }
            blocks.push(lines);
        }
        pages.push(blocks);
    }
    pages
}

/// What is wrong with a pack's layout, if anything.
fn problems(pages: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    for (p, blocks) in pages.iter().enumerate() {
        for lines in blocks {
            // A column squeezed to nothing shows as a block of many one-word lines. A chart's
            // rotated axis labels read back as scraps of a few characters each: not words.
            let one_word = lines.iter().filter(|l| l.len() == 1).count();
            let wordlike = lines
                .iter()
                .filter(|l| {
                    l.len() == 1 && l[0].0.chars().filter(|c| c.is_alphabetic()).count() >= 4
                })
                .count();
            if lines.len() >= 5 && one_word == lines.len() && wordlike * 2 >= lines.len() {
                let words: Vec<&str> = lines.iter().map(|l| l[0].0.as_str()).collect();
                out.push(format!(
                    "page {}: a word per line: {}",
                    p + 1,
                    words.join(" / ")
                ));
            }
        }
        let words: Vec<&(String, Word)> = blocks.iter().flatten().flatten().collect();
        for (i, (a, wa)) in words.iter().enumerate() {
            for (b, wb) in &words[i + 1..] {
                let dx = wa.x1.min(wb.x1) - wa.x0.max(wb.x0);
                let dy = wa.y1.min(wb.y1) - wa.y0.max(wb.y0);
                // Glyph boxes of neighbours may touch; text printed over text overlaps by
                // most of a line's height.
                if dx > 1.0 && dy > 0.5 * (wa.y1 - wa.y0).min(wb.y1 - wb.y0) {
                    out.push(format!("page {}: {a:?} overlaps {b:?}", p + 1));
                }
            }
        }
    }
    out
}

#[test]
fn the_checker_finds_a_squeezed_column_and_overlapping_words() {
    let word = |x0: f64, y0: f64, t: &str| {
        format!(
            "<word xMin=\"{x0}\" yMin=\"{y0}\" xMax=\"{}\" yMax=\"{}\">{t}</word>",
            x0 + 20.0,
            y0 + 8.0
        )
    };
    let squeezed: String = (0..6)
        .map(|i| {
            format!(
                "<line >{}</line>",
                word(10.0, 10.0 * f64::from(i), "commitment")
            )
        })
        .collect();
    let doc = format!("<page ><block >{squeezed}</block></page>");
    assert_eq!(problems(&layout(&doc)).len(), 1);
    let over = format!(
        "<page ><block ><line >{}{}</line></block></page>",
        word(10.0, 10.0, "Where"),
        word(15.0, 11.0, "Commitment")
    );
    assert!(problems(&layout(&over))[0].contains("overlaps"));
    let fine = format!(
        "<page ><block ><line >{}{}</line><line >{}{}</line></block></page>",
        word(10.0, 10.0, "a"),
        word(40.0, 10.0, "b"),
        word(10.0, 20.0, "c"),
        word(40.0, 20.0, "d")
    );
    assert!(problems(&layout(&fine)).is_empty());
}

fn quarters(start: &str, end: &str) -> Vec<Period> {
    let day = |s: &str| {
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
    };
    let last = Period::last_complete(PeriodKind::Quarter, time::OffsetDateTime::now_utc().date());
    let first = Period::month(day(start).year(), day(start).month() as u8)
        .quarter()
        .unwrap();
    let end = Period::month(day(end).year(), day(end).month() as u8)
        .quarter()
        .unwrap();
    let mut q = first;
    let mut out = Vec::new();
    while q <= last && q <= end {
        out.push(q);
        q = q.next();
    }
    out
}

fn slug_of(q: Period) -> String {
    let Period::Quarter(fy, n) = q else {
        unreachable!()
    };
    format!("{fy}-{:02}-q{n}", (fy + 1) % 100)
}

async fn every_demo_pack_is_laid_out_readably(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let plans: serde_json::Value =
        serde_json::from_str(&staff.get("/api/v1/plans").await.body).unwrap();
    let dir = std::env::temp_dir().join(format!("opcc-packs-{}-{backend:?}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    let mut found = Vec::new();
    for plan in plans.as_array().unwrap() {
        let slug = plan["slug"].as_str().unwrap();
        let (start, end) = (
            plan["term_start"].as_str().unwrap(),
            plan["term_end"].as_str().unwrap(),
        );
        for q in quarters(start, end) {
            let path = format!("/performance/{slug}/packs/{}/pdf", slug_of(q));
            let res = staff.get_bytes(&path).await;
            assert_eq!(res.0, 200, "{path}");
            let file = dir.join(format!("{slug}-{}.pdf", slug_of(q)));
            std::fs::write(&file, &res.1).unwrap();
            let out = std::process::Command::new("pdftotext")
                .arg("-bbox-layout")
                .arg(&file)
                .arg("-")
                .output()
                .expect("pdftotext is needed (scripts/ensure-tools.sh installs it)");
            assert!(out.status.success(), "pdftotext failed on {path}");
            let pages = layout(&String::from_utf8_lossy(&out.stdout));
            assert!(!pages.is_empty(), "{path}: no pages");
            for p in problems(&pages) {
                found.push(format!("{path}: {p}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} packs were checked");
    assert!(
        found.is_empty(),
        "{} layout problems:\n{}",
        found.len(),
        found.join("\n")
    );
    std::fs::remove_dir_all(dir).unwrap();
    app.finish().await;
}

/// Once, on SQLite: a pack's layout depends on its figures, which both backends store alike
/// (the performance tests prove that), and typesetting every quarter twice would only cost time.
#[tokio::test]
async fn every_demo_pack_is_laid_out_readably_on_sqlite() {
    every_demo_pack_is_laid_out_readably(Backend::Sqlite).await;
}
