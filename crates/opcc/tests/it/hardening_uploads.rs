//! The web service against hostile input: a 1.5 KB workbook declaring 17 billion cells (and an
//! OpenDocument one repeating its way there), uploads over the size limit, and NUL bytes in
//! forms, addresses and sheets, on both backends.

use crate::support::{Backend, Browser, PASSWORD, TestApp, TestDb};
use opcc_domain::accounts::Role;
use std::io::{BufRead, Write};
use std::process::{Child, Command, Stdio};

const ADMIN: &str = "/admin/performance/cheshire-2013-16";

/// The real binary serving a test database, with its memory capped so that a reader that
/// allocates what a file declares takes down only this process, and the test sees it.
struct Served {
    child: Child,
    base: String,
}

impl Served {
    fn start(url: &str) -> Served {
        let mut add = Command::new(env!("CARGO_BIN_EXE_opcc"))
            .args(["--database-url", url, "user", "add"])
            .args(["--email", "staff@example.org", "--role", "staff"])
            .env("OPCC_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        assert!(add.wait().unwrap().success());
        let mut child = Command::new("bash")
            .arg("-c")
            .arg("ulimit -v 4000000\nexec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_opcc"))
            .args(["--database-url", url, "serve", "--bind", "127.0.0.1:0"])
            .env("OPCC_LOG", "warn")
            .env("OPCC_SHARED_DATA", "/nonexistent")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("opcc is running at ") {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "serve exited");
        }
        let addr = line
            .split("http://")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        // Keep reading its output so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        Served {
            base: format!("http://{addr}"),
            child,
        }
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, text) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// The least of a workbook, whose only cells are A1 and XFD1048576: about 1.5 KB.
fn hostile_xlsx() -> Vec<u8> {
    zip_of(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Values" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>measure</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#,
        ),
    ])
}

/// An OpenDocument sheet of one value repeated across every column of a million rows.
fn hostile_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Values"><table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content),
    ])
}

async fn a_workbook_declaring_billions_of_cells_gets_an_error_and_the_server_lives(
    backend: Backend,
) {
    let mut db = TestDb::new(backend).await;
    let mut server = Served::start(&db.url);
    let mut staff = Browser::new(&server.base);
    assert_eq!(
        staff.sign_in("staff@example.org", PASSWORD).await.status,
        303
    );
    let xlsx = hostile_xlsx();
    assert!(xlsx.len() < 2_000, "{} bytes", xlsx.len());
    let res = staff
        .upload(&format!("{ADMIN}/upload"), "hostile.xlsx", xlsx)
        .await;
    assert!(server.alive(), "the server survived the workbook");
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body.contains(
            "hostile.xlsx, sheet &#34;Values&#34;: cell XFD1048576 is beyond the rows and columns a sheet may use"
        ),
        "{}",
        res.body
    );
    assert!(res.body.contains("govuk-error-summary") && res.body.contains("id=\"file-error\""));
    let res = staff
        .upload(&format!("{ADMIN}/upload"), "hostile.ods", hostile_ods())
        .await;
    assert!(server.alive(), "the server survived the spreadsheet");
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body
            .contains("hostile.ods, sheet &#34;Values&#34;: cell XFD1 is beyond"),
        "{}",
        res.body
    );
    let res = staff.get("/healthz").await;
    assert_eq!(res.status, 200);
    drop(server);
    db.drop_now().await;
}

async fn an_upload_over_the_limit_gets_413_naming_the_limit(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    for size in [(5 << 20) + 1, 7 << 20] {
        let res = staff
            .upload(&format!("{ADMIN}/upload"), "big.csv", vec![b'1'; size])
            .await;
        assert_eq!(res.status, 413, "{size} bytes");
        assert!(
            res.body.contains("The file must be smaller than 5 MB")
                && res.body.contains("govuk-error-summary")
                && res.body.contains("<title>Error: "),
            "{}",
            res.body
        );
    }
    app.finish().await;
}

async fn a_nul_byte_in_a_form_an_address_or_a_sheet_is_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    // A form field: refused before any handler, so on both backends alike.
    let res = staff
        .post(
            "/admin/plans/cheshire-2013-16/panel",
            &[("title", "Panel\0meeting"), ("date", "2014-01-01")],
        )
        .await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(
        res.body
            .contains("The field &#34;title&#34; contains a NUL character"),
        "{}",
        res.body
    );
    // An address and a query string.
    let res = staff.get("/api/v1/plans/cheshire%00").await;
    assert_eq!(res.status, 400, "{}", res.body);
    let res = staff.get("/crime?force=chesh%00ire").await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert!(
        res.body.contains("query field &#34;force&#34;"),
        "{}",
        res.body
    );
    // A sheet's cell: named by its row and column, and nothing saved.
    let res = staff
        .upload(
            &format!("{ADMIN}/upload"),
            "nul.csv",
            b"measure,period,value,commentary\ntotal-crime,2013-04,7000,fine\0\n".to_vec(),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        res.body
            .contains("nul.csv, row 2, column &#34;commentary&#34;: contains a NUL character"),
        "{}",
        res.body
    );
    app.finish().await;
}

each_backend!(
    a_workbook_declaring_billions_of_cells_gets_an_error_and_the_server_lives,
    an_upload_over_the_limit_gets_413_naming_the_limit,
    a_nul_byte_in_a_form_an_address_or_a_sheet_is_refused,
);
