//! The spending file: both real files in ../shared/data/spend import with the rows and
//! total a plain CSV pass finds; again changes nothing; personal data stays off the public
//! pages; a broken file is refused by row and column and changes nothing; a Windows-1252
//! file with a preamble, a credit note and a totals row; an XLSX declaring a huge range.

use crate::crime::data;
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::finance::pounds;
use opcc_domain::finance::spending::Limits;
use opcc_store::audit::Actor;
use opcc_store::finance::spending::{ImportError, import};
use rust_decimal::Decimal;

/// What a plain reading of the file gives: data rows, their sum, and the suppliers.
fn plain(rel: &str, amount: &str, supplier: &str) -> (usize, Decimal, Vec<String>) {
    let mut r = csv::Reader::from_path(data(rel)).unwrap();
    let h = r.headers().unwrap().clone();
    let a = h.iter().position(|c| c == amount).unwrap();
    let s = h.iter().position(|c| c == supplier).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let total = rows.iter().map(|x| x[a].parse::<Decimal>().unwrap()).sum();
    (
        rows.len(),
        total,
        rows.iter().map(|x| x[s].to_string()).collect(),
    )
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

const FILES: [(&str, &str, &str, &str, &str); 2] = [
    (
        "leeds",
        "spend/leeds/2011-05.csv",
        "Net amount",
        "Supplier name",
        "2011-05",
    ),
    (
        "oxford",
        "spend/oxford/expenditure-over-500-jan-mar-2018.csv",
        "Amount",
        "Supplier Name",
        "2018-01",
    ),
];

async fn both_real_files_import_as_a_plain_reading_gives_them(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    let mut public = app.browser();
    let (mut all_rows, mut all_total, mut all_withheld) = (0, Decimal::ZERO, 0);
    for (source, rel, amount, supplier, _) in FILES {
        let (rows, total, suppliers) = plain(rel, amount, supplier);
        all_rows += rows;
        all_total += total;
        let bytes = std::fs::read(data(rel)).unwrap();
        let name = rel.rsplit('/').next().unwrap();
        let r = import(&app.db, &actor, source, name, &bytes, &Limits::default())
            .await
            .unwrap();
        assert_eq!((r.rows, r.total), (rows, total), "{rel}");
        assert_eq!(r.credit_notes, 0);
        assert!(r.totals.is_empty(), "{rel} has no totals row");
        assert_eq!(r.encoding, "UTF-8");
        assert!(!r.unchanged);

        // Again: nothing changes, not even the audit log.
        let (items, audit) = (
            count(&app, "spending_items").await,
            count(&app, "audit_log").await,
        );
        let again = import(&app.db, &actor, source, name, &bytes, &Limits::default())
            .await
            .unwrap();
        assert!(again.unchanged);
        assert_eq!((again.rows, again.total), (rows, total));
        assert_eq!(count(&app, "spending_items").await, items);
        assert_eq!(count(&app, "audit_log").await, audit);

        // The public search and the open data agree with the files loaded so far.
        let page = public.get("/finance/spending").await;
        assert_eq!(page.status, 200);
        let found = format!(
            "<strong>{}</strong> payments, <strong>{}</strong> in all",
            fmt_count(all_rows),
            pounds(all_total)
        );
        assert!(page.body.contains(&found), "{rel}: {found}");
        let api: serde_json::Value =
            serde_json::from_str(&public.get("/api/v1/finance/spending").await.body).unwrap();
        assert_eq!(api["count"], all_rows);
        assert_eq!(
            api["total"].as_str().unwrap().parse::<Decimal>().unwrap(),
            all_total
        );
        let csv_body = public.get("/finance/spending.csv").await.body;
        let mut reader = csv::Reader::from_reader(csv_body.as_bytes());
        let downloaded: Vec<csv::StringRecord> = reader.records().map(|x| x.unwrap()).collect();
        assert_eq!(downloaded.len(), all_rows);
        let sum: Decimal = downloaded
            .iter()
            .map(|x| x[3].parse::<Decimal>().unwrap())
            .sum();
        assert_eq!(sum, all_total);

        // Names of people (a title before the name) never reach the public.
        let people: Vec<&String> = suppliers
            .iter()
            .filter(|s| {
                ["MR ", "MRS ", "MS ", "MISS ", "DR "]
                    .iter()
                    .any(|t| s.to_uppercase().starts_with(t))
            })
            .collect();
        for p in &people {
            assert!(
                !csv_body.contains(p.as_str()),
                "{p} is withheld from the CSV"
            );
            assert!(
                !api.to_string().contains(p.as_str()),
                "{p} is withheld from the JSON"
            );
        }
        let redacted = suppliers
            .iter()
            .filter(|s| s.to_uppercase().contains("REDACTED"))
            .count();
        all_withheld += redacted + people.len();
        let withheld = api["payments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["supplier"] == "Redacted")
            .count();
        assert_eq!(
            withheld, all_withheld,
            "{rel}: the publisher's redactions and payments to people"
        );
        assert_eq!(r.withheld, redacted + people.len());
    }
    // The Leeds "May" file holds April payments too: a month's search finds them by date.
    let mut r = csv::Reader::from_path(data(FILES[0].1)).unwrap();
    let april: Vec<Decimal> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| x[7].contains("-Apr-11"))
        .map(|x| x[9].parse().unwrap())
        .collect();
    assert!(!april.is_empty());
    let page = public.get("/finance/spending?month=2011-04").await;
    let found = format!(
        "<strong>{}</strong> payments, <strong>{}</strong> in all",
        fmt_count(april.len()),
        pounds(april.iter().sum())
    );
    assert!(page.body.contains(&found), "{found}");
    let search = public
        .get("/finance/spending?supplier=zurich&month=2011-05")
        .await;
    assert!(search.body.contains("Zurich Municipal"));
    assert_eq!(public.get("/finance/spending?month=May").await.status, 400);
    app.finish().await;
}

fn fmt_count(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

const BROKEN: &str = "Office of the Police and Crime Commissioner\r\n\
Spending over £500, May 2024\r\n\
Date paid,Supplier name,Amount,Expense type\r\n\
01/05/2024,Acme Ltd,600.00,Premises\r\n\
31/02/2024,Acme Ltd,700.00,Premises\r\n\
02/05/2024,Acme Ltd,800.00,Premises\r\n\
03/05/2024,Acme Ltd,eight hundred,Premises\r\n";

async fn a_broken_file_is_refused_by_row_and_column_and_changes_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let (items, audit) = (
        count(&app, "spending_items").await,
        count(&app, "audit_log").await,
    );
    let r = staff
        .upload_with(
            "/admin/finance/spending",
            &[("source", "opcc-finance")],
            "may-2024.csv",
            BROKEN.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("may-2024.csv: row 5, column"), "{}", r.body);
    assert!(r.body.contains("Date paid") && r.body.contains("31/02/2024"));
    assert!(r.body.contains("row 7, column"), "the text amount is named");
    assert!(r.body.contains("eight hundred"));
    assert_eq!(
        count(&app, "spending_items").await,
        items,
        "nothing half-imported"
    );
    assert_eq!(count(&app, "spending_files").await, 0);
    assert_eq!(count(&app, "audit_log").await, audit, "nothing recorded");

    // Windows-1252, a preamble, a credit note, a redaction and a totals row checked.
    let mut good =
        b"Spending over \xa3500\r\n\r\nPayment date,Supplier,Amount,Expense type,Service\r\n"
            .to_vec();
    good.extend_from_slice(b"01/05/2024,Caf\xe9 Ltd,\"1,200.00\",Catering,Estates\r\n");
    good.extend_from_slice(b"02-May-24,Caf\xe9 Ltd,(200.00),Catering,Estates\r\n");
    good.extend_from_slice(b"3 May 2024,REDACTED - personal data,650.00,Compensation,Legal\r\n");
    good.extend_from_slice(b",Total,1650.00,,\r\n");
    let r = staff
        .upload_with(
            "/admin/finance/spending",
            &[("source", "opcc-finance")],
            "may-2024.csv",
            good.clone(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("3 payments imported, £1,650.00 in all, 1 credit notes, 1 withheld (Windows-1252; header on row 3"), "{}", r.body);
    let mut public = app.browser();
    let page = public.get("/finance/spending?supplier=caf%C3%A9").await;
    assert!(
        page.body.contains("Café Ltd")
            && page.body.contains("-£200.00")
            && page.body.contains("Credit note")
    );
    assert!(page.body.contains("<strong>2</strong> payments"));

    // A wrong totals row refuses the file.
    let mut wrong = good.clone();
    wrong.truncate(wrong.len() - b",Total,1650.00,,\r\n".len());
    wrong.extend_from_slice(b",Total,1750.00,,\r\n");
    let r = staff
        .upload_with(
            "/admin/finance/spending",
            &[("source", "opcc-finance")],
            "june-2024.csv",
            wrong,
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("row 7, column"), "the totals row is named");
    assert!(r.body.contains("the totals row says 1750.00"));
    assert_eq!(count(&app, "spending_files").await, 1);
    app.finish().await;
}

async fn workbooks_are_read_and_a_declared_huge_range_refused(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write(0, 0, "Spending over £500").unwrap();
    for (c, h) in ["Date paid", "Supplier name", "Amount"].iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 6, 3).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    ws.write_datetime_with_format(3, 0, &date, &fmt).unwrap();
    ws.write(3, 1, "Acme Ltd").unwrap();
    ws.write(3, 2, 1534.24).unwrap();
    ws.write(4, 0, "04/06/2024").unwrap();
    ws.write(4, 1, "Mrs Jane Example").unwrap();
    ws.write(4, 2, -600).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let r = import(
        &app.db,
        &actor,
        "xlsx",
        "june.xlsx",
        &bytes,
        &Limits::default(),
    )
    .await
    .unwrap();
    assert_eq!((r.rows, r.header_row, r.encoding.as_str()), (2, 3, "XLSX"));
    assert_eq!(r.total, "934.24".parse::<Decimal>().unwrap());
    assert_eq!((r.credit_notes, r.withheld), (1, 1));

    let mut huge = rust_xlsxwriter::Workbook::new();
    let ws = huge.add_worksheet();
    ws.write(0, 0, "Date paid").unwrap();
    ws.write(1_000_000, 0, "x").unwrap();
    let bytes = huge.save_to_buffer().unwrap();
    assert!(bytes.len() < 20_000, "a tiny file");
    match import(
        &app.db,
        &actor,
        "xlsx",
        "huge.xlsx",
        &bytes,
        &Limits::default(),
    )
    .await
    {
        Err(ImportError::Refused { problems, .. }) => {
            assert!(
                problems[0].message.contains("1000001 rows"),
                "{:?}",
                problems
            );
        }
        other => panic!("a huge declared range must be refused: {other:?}"),
    }
    app.finish().await;
}

#[test]
fn the_command_prints_rows_total_credit_notes_and_totals_rows() {
    let dir = std::env::temp_dir().join(format!("opcc-spend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
            .env("OPCC_LOG", "warn")
            .args(["--database-url", &url, "import", "spending"])
            .args(args)
            .output()
            .unwrap()
    };
    let (_, rel, amount, supplier, _) = FILES[1];
    let (rows, total, _) = plain(rel, amount, supplier);
    let path = data(rel);
    let out = run(&["--source", "oxford", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expect = format!(
        "{rows} rows imported, total {}, 0 credit notes",
        pounds(total)
    );
    assert!(stdout.contains(&expect), "{stdout}");
    assert!(stdout.contains("no totals row"));
    let again = run(&["--source", "oxford", path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("already imported"));
    let broken = dir.join("broken.csv");
    std::fs::write(&broken, BROKEN).unwrap();
    let out = run(&["--source", "opcc", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("row 5, column \"Date paid\"")
            && stderr.contains("row 7, column \"Amount\""),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

each_backend!(
    both_real_files_import_as_a_plain_reading_gives_them,
    a_broken_file_is_refused_by_row_and_column_and_changes_nothing,
    workbooks_are_read_and_a_declared_huge_range_refused,
);
