//! `opcc import police-uk` against what a fault or an attacker hands it: archives that unpack
//! to gigabytes or lie about their sizes, an empty file over a month of data, rows of another
//! force, files cut short, NUL bytes, and a disk that fills mid-import.

use crate::crime::{data, read};
use crate::support::{Backend, TestApp};
use opcc_domain::crime::Month;
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, ImportError, import_file, prepare, series, write};
use std::path::PathBuf;
use std::process::{Command, Output};

const OCT: &str = "police_uk/2018-10/2018-10-cheshire-street.csv";
const OCT_NAME: &str = "2018-10-cheshire-street.csv";

fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "opcc-hardening-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `opcc` run by bash, so that limits can be set on it first (`prelude`).
fn opcc_limited(prelude: &str, args: &[&str]) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!("{prelude}\nexec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_opcc"))
        .args(args)
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A one-entry zip written byte by byte, so that its declared sizes can be anything.
/// `deflated` is a raw deflate stream; `zip64` puts the sizes in a zip64 extra field.
fn raw_zip(name: &str, deflated: &[u8], crc: u32, declared: u64, zip64: bool) -> Vec<u8> {
    let (size32, csize32) = if zip64 {
        (u32::MAX, u32::MAX)
    } else {
        (declared as u32, deflated.len() as u32)
    };
    let mut extra = Vec::new();
    if zip64 {
        extra.extend(1u16.to_le_bytes());
        extra.extend(16u16.to_le_bytes());
        extra.extend(declared.to_le_bytes());
        extra.extend((deflated.len() as u64).to_le_bytes());
    }
    let version: u16 = if zip64 { 45 } else { 20 };
    let common = |out: &mut Vec<u8>| {
        out.extend(version.to_le_bytes());
        out.extend(0u16.to_le_bytes()); // flags
        out.extend(8u16.to_le_bytes()); // deflate
        out.extend(0u16.to_le_bytes()); // time
        out.extend(0x21u16.to_le_bytes()); // 1980-01-01
        out.extend(crc.to_le_bytes());
        out.extend(csize32.to_le_bytes());
        out.extend(size32.to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend((extra.len() as u16).to_le_bytes());
    };
    let mut out = Vec::new();
    out.extend(0x04034b50u32.to_le_bytes());
    common(&mut out);
    out.extend(name.as_bytes());
    out.extend(&extra);
    out.extend(deflated);
    let cd_start = out.len();
    out.extend(0x02014b50u32.to_le_bytes());
    out.extend(45u16.to_le_bytes()); // made by
    common(&mut out);
    out.extend(0u16.to_le_bytes()); // comment
    out.extend(0u16.to_le_bytes()); // disk
    out.extend(0u16.to_le_bytes()); // internal attributes
    out.extend(0u32.to_le_bytes()); // external attributes
    out.extend(0u32.to_le_bytes()); // local header at 0
    out.extend(name.as_bytes());
    out.extend(&extra);
    let cd_len = out.len() - cd_start;
    out.extend(0x06054b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend((cd_len as u32).to_le_bytes());
    out.extend((cd_start as u32).to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A raw deflate stream of `mib` MiB of zeros made from one compressed MiB repeated, so the
/// test spends nothing making gigabytes: each copy refers to nothing before it.
fn zeros_bomb(mib: usize) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 20);
    c.compress_vec(&vec![0u8; 1 << 20], &mut block, flate2::FlushCompress::Sync)
        .unwrap();
    assert!(c.total_in() == 1 << 20, "one call compressed the whole MiB");
    let mut out = Vec::with_capacity(block.len() * mib + 2);
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    // The last block: empty, fixed codes, final.
    out.extend([0x03, 0x00]);
    out
}

#[test]
fn archives_that_unpack_to_gigabytes_or_lie_about_sizes_are_refused_by_name() {
    let dir = temp_dir("zip");
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let csv = read(OCT);
    let crc = {
        let mut h = flate2::Crc::new();
        h.update(&csv);
        h.sum()
    };
    // 3.9 GB of zeros in an archive of a few megabytes, its size declared honestly; a lying
    // zip64 header claiming an exabyte for a real file; the real file, which still loads.
    let bomb = dir.join("bomb.zip");
    let bomb_zip = raw_zip(
        "2018-11/2018-11-cheshire-street.csv",
        &zeros_bomb(3720),
        0,
        3720 << 20,
        false,
    );
    assert!(bomb_zip.len() < 8 << 20, "{} bytes", bomb_zip.len());
    std::fs::write(&bomb, bomb_zip).unwrap();
    let liar = dir.join("liar.zip");
    std::fs::write(
        &liar,
        raw_zip(
            "2018-12/2018-12-cheshire-street.csv",
            &deflate(&csv),
            crc,
            1 << 60,
            true,
        ),
    )
    .unwrap();
    let honest = dir.join("honest.zip");
    std::fs::write(
        &honest,
        raw_zip(
            "2018-10/2018-10-cheshire-street.csv",
            &deflate(&csv),
            crc,
            csv.len() as u64,
            false,
        ),
    )
    .unwrap();
    // Memory is capped at 3 GB, so a reader that trusts a size or reads whole aborts.
    let out = opcc_limited(
        "ulimit -v 3000000",
        &[
            "--database-url",
            &url,
            "import",
            "police-uk",
            bomb.to_str().unwrap(),
            liar.to_str().unwrap(),
            honest.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "{}:2018-11/2018-11-cheshire-street.csv: REJECTED, nothing changed: larger than 256 MB, which no data.police.uk file is",
            bomb.display()
        )),
        "{all}"
    );
    assert!(
        all.contains(&format!(
            "{}:2018-12/2018-12-cheshire-street.csv: REJECTED, nothing changed: the archive says this file holds 1152921504606846976 bytes but it holds {}",
            liar.display(),
            csv.len()
        )),
        "{all}"
    );
    assert!(
        all.contains("1 files imported (9439 rows") && all.contains("2 rejected"),
        "{all}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_archive_and_a_full_disk_are_reported_naming_the_file() {
    let dir = temp_dir("io");
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let csv = read(OCT);
    let mut deflated = deflate(&csv);
    let mid = deflated.len() / 2;
    for b in &mut deflated[mid..mid + 64] {
        *b ^= 0x5a;
    }
    let damaged = dir.join("damaged.zip");
    std::fs::write(
        &damaged,
        raw_zip(
            "2018-10/2018-10-cheshire-street.csv",
            &deflated,
            0,
            csv.len() as u64,
            false,
        ),
    )
    .unwrap();
    let out = opcc_limited(
        "",
        &[
            "--database-url",
            &url,
            "import",
            "police-uk",
            damaged.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert!(
        all.contains(&format!(
            "{}:2018-10/2018-10-cheshire-street.csv: REJECTED, nothing changed: cannot be read from the archive",
            damaged.display()
        )),
        "{all}"
    );
    assert_eq!(out.status.code(), Some(1), "{all}");

    // No file may grow past 256 KB: the database's write-ahead log (empty, as the last run
    // folded it in) cannot hold the file's rows, so a write fails as on a full disk (EFBIG,
    // with the signal ignored as a server would).
    let wal = dir.join("opcc.db-wal");
    assert_eq!(
        std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0),
        0,
        "the last run folded its log into the database"
    );
    let kb = 256;
    let path = data(OCT);
    let out = opcc_limited(
        &format!("trap '' XFSZ\nulimit -f {kb}"),
        &[
            "--database-url",
            &url,
            "import",
            "police-uk",
            path.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "opcc: {}: the import stopped while writing this file, which was not loaded",
            path.display()
        )),
        "{all}"
    );
    // Nothing of it was kept, and the next run (with room) loads it.
    let out = opcc_limited(
        "",
        &[
            "--database-url",
            &url,
            "import",
            "police-uk",
            path.to_str().unwrap(),
        ],
    );
    let all = text(&out);
    assert!(all.contains("1 files imported (9439 rows"), "{all}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn a_header_only_file_needs_allow_empty_and_then_the_month_is_a_gap(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    let full = read(OCT);
    import_file(&app.db, &actor, OCT_NAME, &full, BadRows::Reject)
        .await
        .unwrap();
    let header_only = &full[..full.iter().position(|b| *b == b'\n').unwrap() + 1];
    let e = import_file(&app.db, &actor, OCT_NAME, header_only, BadRows::Reject)
        .await
        .unwrap_err();
    assert!(matches!(e, ImportError::WouldEmpty { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "2018-10-cheshire-street.csv has no rows, and cheshire/2018-10/street has 9439 rows loaded from 2018-10-cheshire-street.csv: importing it would empty the month"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM crime_street").await,
        9439,
        "nothing changed"
    );
    // Said so, the month is emptied, and then it is a gap, not a month of no crime.
    let p = prepare(OCT_NAME, header_only, BadRows::Reject)
        .unwrap()
        .allow_empty(true);
    let r = write(&app.db, &actor, p).await.unwrap();
    assert_eq!(r.rows, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM crime_street").await, 0);
    let total = series::total_crime(&app.db, "cheshire", m("2018-10"), m("2018-10"))
        .await
        .unwrap();
    assert_eq!(total[0].count, None, "a gap, not zero");
    let res = app.browser().get("/api/v1/crime/coverage").await;
    let c: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(c["entries"].as_array().unwrap().len(), 0, "{c}");
    // The same empty file again changes nothing; the full file fills the gap.
    let again = import_file(&app.db, &actor, OCT_NAME, header_only, BadRows::Reject)
        .await
        .unwrap();
    assert!(again.unchanged);
    let r = import_file(&app.db, &actor, OCT_NAME, &full, BadRows::Reject)
        .await
        .unwrap();
    assert_eq!(r.rows, 9439);
    app.finish().await;
}

async fn rows_of_another_force_and_files_cut_short_are_warned_of(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    let full = String::from_utf8(read(OCT)).unwrap();
    let lines: Vec<&str> = full.lines().collect();
    // Three rows said to fall within Merseyside, the first at line 6.
    let mut edited: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for i in [5, 9, 12] {
        edited[i] = edited[i].replacen(
            ",Cheshire Constabulary,Cheshire Constabulary,",
            ",Cheshire Constabulary,Merseyside Police,",
            1,
        );
    }
    let other = edited.join("\n") + "\n";
    let r = import_file(&app.db, &actor, OCT_NAME, other.as_bytes(), BadRows::Reject)
        .await
        .unwrap();
    assert_eq!(
        r.warnings,
        [
            "2018-10-cheshire-street.csv: 3 rows fall within another force than Cheshire Constabulary that reported them (Merseyside Police: 3); the first is line 6"
        ]
    );
    // Cut at a row boundary: 5,000 rows where 9,439 were loaded, and no line break at the end.
    let cut = lines[..5001].join("\n");
    let r = import_file(&app.db, &actor, OCT_NAME, cut.as_bytes(), BadRows::Reject)
        .await
        .unwrap();
    assert_eq!(
        r.warnings,
        [
            "2018-10-cheshire-street.csv: line 5001, the last, has no line break at its end: the file may have been cut short",
            "2018-10-cheshire-street.csv: 5000 rows where 9439 were loaded for cheshire/2018-10/street from 2018-10-cheshire-street.csv: if the file was cut short, import the whole file again",
        ]
    );
    let r = import_file(&app.db, &actor, OCT_NAME, full.as_bytes(), BadRows::Reject)
        .await
        .unwrap();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    app.finish().await;
}

async fn a_nul_byte_is_refused_with_its_line_and_column(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    let full = String::from_utf8(read(OCT)).unwrap();
    let mut lines: Vec<String> = full.lines().map(String::from).collect();
    lines[3] = lines[3].replacen("On or near ", "On or near \0", 1);
    let bad = lines.join("\n") + "\n";
    let e = import_file(&app.db, &actor, OCT_NAME, bad.as_bytes(), BadRows::Reject)
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "2018-10-cheshire-street.csv line 4, column \"Location\": contains a NUL character (byte 0), which is not allowed: the file is damaged or not a data.police.uk file"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM crime_street").await, 0);
    // Skipping bad rows loads the rest, on both backends alike.
    let r = import_file(&app.db, &actor, OCT_NAME, bad.as_bytes(), BadRows::Skip)
        .await
        .unwrap();
    assert_eq!((r.rows, r.skipped), (9438, 1));
    // A row short of fields names the first column it lacks.
    let mut short: Vec<String> = full.lines().map(String::from).collect();
    short[7] = short[7].rsplitn(3, ',').nth(2).unwrap().to_string();
    let e = import_file(
        &app.db,
        &actor,
        "2018-11-cheshire-street.csv",
        (short.join("\n") + "\n")
            .replace("2018-10", "2018-11")
            .as_bytes(),
        BadRows::Reject,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "2018-11-cheshire-street.csv line 8, column \"Last outcome category\": the row ends before this column: it has 10 fields where the header has 12"
    );
    app.finish().await;
}

#[test]
fn the_cli_needs_allow_empty_and_prints_warnings() {
    let dir = temp_dir("cli");
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let full = read(OCT);
    let month = dir.join("2018-10");
    std::fs::create_dir_all(&month).unwrap();
    let file = month.join(OCT_NAME);
    std::fs::write(&file, &full).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["--database-url", &url, "import", "police-uk"];
        args.extend_from_slice(extra);
        args.push(file.to_str().unwrap());
        opcc_limited("", &args)
    };
    assert!(run(&[]).status.success());
    let header_only = &full[..full.iter().position(|b| *b == b'\n').unwrap() + 1];
    std::fs::write(&file, header_only).unwrap();
    let out = run(&[]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("REJECTED, nothing changed: 2018-10-cheshire-street.csv has no rows")
            && all.contains("run again with --allow-empty to leave the month as a gap"),
        "{all}"
    );
    let out = run(&["--allow-empty"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("cheshire/2018-10/street: 0 rows loaded"));
    std::fs::write(&file, &full[..full.len() - 1]).unwrap();
    let out = run(&[]);
    let all = text(&out);
    assert!(
        out.status.success()
            && all.contains(
                "warning: 2018-10-cheshire-street.csv: line 9440, the last, has no line break"
            ),
        "{all}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

each_backend!(
    a_header_only_file_needs_allow_empty_and_then_the_month_is_a_gap,
    rows_of_another_force_and_files_cut_short_are_warned_of,
    a_nul_byte_is_refused_with_its_line_and_column,
);

/// A plan file's `\u0000` is a NUL in the text, which PostgreSQL cannot store: refused by the
/// reader on both backends alike, naming line and field, and nothing is stored.
async fn a_plan_file_with_a_nul_is_refused_naming_line_and_field(backend: Backend) {
    let app = TestApp::start(backend).await;
    let dir = temp_dir("plan");
    let file = dir.join("plan.toml");
    let source = opcc_store::demo::PLANS[3]
        .1
        .replace("slug = \"cheshire-2024-28\"", "slug = \"nul-test\"");
    let line = source
        .lines()
        .position(|l| l.starts_with("title = "))
        .unwrap()
        + 1;
    let bad = source.replacen("title = \"", "title = \"Police\\u0000 ", 1);
    std::fs::write(&file, bad).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .args(["--database-url", &app.test_db.url, "plan", "import"])
        .arg(&file)
        .output()
        .unwrap();
    let all = text(&out);
    assert_eq!(out.status.code(), Some(2), "{all}");
    assert!(
        all.contains(&format!(
            "line {line}, title: contains a NUL character (\\u0000), which is not allowed"
        )),
        "{all}"
    );
    assert!(
        opcc_store::plans::list(&app.db)
            .await
            .unwrap()
            .iter()
            .all(|p| p.slug != "nul-test")
    );
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}

each_backend!(a_plan_file_with_a_nul_is_refused_naming_line_and_field);
