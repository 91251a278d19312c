use super::*;
use std::io::Write;

/// A zip of the given parts, stored or deflated.
pub(crate) fn zip_of(parts: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(true);
    for (name, bytes) in parts {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

/// An .ods whose only table is `rows` (the XML inside `<table:table>`).
pub(crate) fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Values">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", content.as_bytes()),
        ],
        false,
    )
}

fn xlsx(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Values").unwrap();
    for (r, c, v) in cells {
        match v.parse::<f64>() {
            Ok(n) => sheet.write_number(*r, *c, n).unwrap(),
            Err(_) => sheet.write_string(*r, *c, *v).unwrap(),
        };
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn columns_are_lettered_as_spreadsheets_do() {
    assert_eq!(column_letters(0), "A");
    assert_eq!(column_letters(25), "Z");
    assert_eq!(column_letters(26), "AA");
    assert_eq!(column_letters(99), "CV");
    assert_eq!(column_letters(16383), "XFD");
    assert_eq!(grid::thousands(1_000_000), "1,000,000");
    assert_eq!(grid::thousands(999), "999");
}

#[test]
fn a_workbook_with_a_cell_at_the_last_row_and_column_is_refused_by_name() {
    let bytes = xlsx(&[(0, 0, "measure"), (1_048_575, 16_383, "x")]);
    assert!(bytes.len() < 10_000, "{} bytes", bytes.len());
    let e = read("hostile.xlsx", &bytes).unwrap_err();
    assert!(
        e.starts_with("hostile.xlsx, sheet \"Values\": cell XFD1048576 is beyond"),
        "{e}"
    );
    assert!(e.contains("rows 1 to 100,000 and columns A to CV"), "{e}");
}

#[test]
fn a_workbook_is_read_sparsely_keeping_the_spreadsheets_numbering() {
    let bytes = xlsx(&[(2, 1, "measure"), (3, 1, "12"), (3, 3, "12.5")]);
    let sheets = read("ok.xlsx", &bytes).unwrap();
    assert_eq!(sheets.len(), 1);
    let (name, rows) = &sheets[0];
    assert_eq!(name, "Values");
    assert_eq!(rows.len(), 4);
    assert!(rows[0].is_empty() && rows[1].is_empty());
    assert_eq!(rows[2], ["", "measure"]);
    assert_eq!(rows[3], ["", "12", "", "12.5"]);
}

#[test]
fn the_cell_budget_counts_each_sheets_rectangle() {
    // 100 columns by 10,001 rows is over a million cells, though only two hold values.
    let bytes = xlsx(&[(0, 99, "a"), (10_000, 0, "b")]);
    let e = read("wide.xlsx", &bytes).unwrap_err();
    assert!(e.contains("more than 1,000,000 cells"), "{e}");
    let bytes = xlsx(&[(0, 99, "a"), (9_999, 0, "b")]);
    assert!(read("fits.xlsx", &bytes).is_ok());
}

#[test]
fn a_shared_text_count_beyond_the_cells_allowed_is_refused_before_reading() {
    let book = xlsx(&[(0, 0, "measure")]);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        if name == "xl/sharedStrings.xml" {
            let s = String::from_utf8(b).unwrap();
            let at = s.find("uniqueCount=\"").unwrap() + 13;
            let end = at + s[at..].find('"').unwrap();
            b = format!("{}99999999999999{}", &s[..at], &s[end..]).into_bytes();
        }
        parts.push((name, b));
    }
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    let e = read("lies.xlsx", &zip_of(&parts, false)).unwrap_err();
    assert!(e.contains("99999999999999 different texts"), "{e}");
}

#[test]
fn a_part_that_unpacks_past_its_limit_is_refused_naming_it() {
    let big = vec![b' '; (MAX_PART_BYTES + 1) as usize];
    let e = read(
        "big.ods",
        &zip_of(&[("mimetype", b"x"), ("content.xml", &big)], true),
    )
    .unwrap_err();
    assert!(
        e.starts_with("big.ods: its part content.xml unpacks to more than 64 MB"),
        "{e}"
    );
}

#[test]
fn an_opendocument_sheet_is_read_with_its_repeats_and_texts() {
    let bytes = ods(r#"
        <table:table-row><table:table-cell office:value-type="string"><text:p>measure</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c &amp; d</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="12.50" table:number-columns-repeated="2"><text:p>12.5</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row><table:table-cell office:value-type="date" office:date-value="2025-04-01"><office:annotation><text:p>note</text:p></office:annotation><text:p>01/04/25</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    let e = read("a.ods", &bytes).unwrap_err();
    assert!(e.contains("cell A1048004 is beyond"), "{e}");

    let bytes = ods(r#"
        <table:table-row><table:table-cell office:value-type="string"><text:p>measure</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p><text:p>c &amp; d</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="12.50" table:number-columns-repeated="2"><text:p>12.5</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
        <table:table-row><table:table-cell office:value-type="date" office:date-value="2025-04-01"><office:annotation><text:p>note</text:p></office:annotation><text:p>01/04/25</text:p></table:table-cell></table:table-row>
        <table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#);
    let sheets = read("a.ods", &bytes).unwrap();
    let (name, rows) = &sheets[0];
    assert_eq!(name, "Values");
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0], ["measure", "", "", "a  b\nc & d"]);
    assert_eq!(rows[1], ["12.50", "12.50"]);
    assert_eq!(rows[2], rows[1]);
    assert!(rows[3..6].iter().all(|r| r.is_empty()));
    assert_eq!(rows[6], ["2025-04-01"]);
}

#[test]
fn opendocument_repeats_cannot_multiply_past_the_limits() {
    let e = read(
        "rows.ods",
        &ods(r#"<table:table-row table:number-rows-repeated="1048576"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#),
    )
    .unwrap_err();
    assert!(e.contains("cell A1048576 is beyond"), "{e}");
    let e = read(
        "cols.ods",
        &ods(r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#),
    )
    .unwrap_err();
    assert!(e.contains("cell XFD1 is beyond"), "{e}");
    let e = read(
        "wide.ods",
        &ods(r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#),
    )
    .unwrap_err();
    assert!(e.contains("cell XFD1 is beyond"), "{e}");
    let spaces = "<text:s text:c=\"4000000000\"/>".repeat(3);
    let e = read(
        "spaces.ods",
        &ods(&format!(r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{spaces}</text:p></table:table-cell></table:table-row>"#)),
    )
    .unwrap_err();
    assert!(
        e.contains("cell A1 holds more than 32,767 characters"),
        "{e}"
    );
}

#[test]
fn old_excel_files_and_other_kinds_are_refused_with_what_to_do() {
    let e = read("old.xls", b"\xd0\xcf\x11\xe0").unwrap_err();
    assert!(e.contains("save it as an Excel workbook (.xlsx)"), "{e}");
    let e = read("notes.txt", b"x").unwrap_err();
    assert!(e.contains("upload a CSV file"), "{e}");
    let e = read("bad.xlsx", b"not a zip").unwrap_err();
    assert!(
        e.starts_with("bad.xlsx could not be read as a spreadsheet"),
        "{e}"
    );
}

#[test]
fn a_csv_is_read_within_the_same_limits() {
    let sheets = read("v.csv", "\u{feff}measure,value\nm,1\n".as_bytes()).unwrap();
    assert_eq!(sheets[0].0, "v.csv");
    assert_eq!(sheets[0].1, vec![vec!["measure", "value"], vec!["m", "1"]]);
    let mut wide = "x,".repeat(100);
    wide.push_str("x\n");
    let e = read("w.csv", wide.as_bytes()).unwrap_err();
    assert!(e.starts_with("w.csv: cell CW1 is beyond"), "{e}");
}

#[test]
fn serial_dates_beyond_excels_calendar_stay_numbers() {
    assert_eq!(xlsx::excel_day(45748.0).as_deref(), Some("2025-04-01"));
    assert_eq!(xlsx::excel_day(1e300), None);
    assert_eq!(xlsx::excel_day(-1.0), None);
    assert_eq!(xlsx::excel_day(f64::NAN), None);
}

/// The least of a workbook around one worksheet's XML, as the fuzz target packs it.
fn xlsx_with_sheet(sheet: &[u8]) -> Vec<u8> {
    let parts: [(&str, &[u8]); 5] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Values" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    zip_of(&parts, true)
}

fn sheet_xml(body: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#).into_bytes()
}

/// Fuzzing found calamine's cell reader overflowing (a panic where overflow is checked) on
/// references such as "A1:CnlineStr" or `AAAAAAAA1`: calamine is built without overflow
/// checks in every profile (Cargo.toml), as in release, and what it reads is then held to the
/// limits like anything else.
#[test]
fn fuzz_found_cell_references_that_overflow_are_an_error_or_within_limits() {
    let found = include_bytes!("fuzz_found/measure_sheet-reference-overflow");
    let found2 = include_bytes!("fuzz_found/measure_sheet-unquoted-reference");
    let mut books = vec![xlsx_with_sheet(&found[1..]), xlsx_with_sheet(&found2[1..])];
    for body in [
        r#"<dimension ref="B2:A1"/><sheetData/>"#,
        r#"<sheetData><row r="1"><c r="AAAAAAAA1"><v>1</v></c></row></sheetData>"#,
        r#"<sheetData><row r="99999999999"><c><v>1</v></c></row></sheetData>"#,
    ] {
        books.push(xlsx_with_sheet(&sheet_xml(body)));
    }
    for book in books {
        if let Ok(sheets) = read("found.xlsx", &book) {
            for (_, rows) in sheets {
                assert!(rows.len() as u64 <= MAX_ROWS);
                assert!(rows.iter().all(|r| r.len() as u64 <= MAX_COLUMNS));
            }
        }
    }
    let ok = sheet_xml(
        r#"<dimension ref="A1:B1"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>measure</t></is></c><c r="b1"><v>2</v></c></row></sheetData>"#,
    );
    assert_eq!(
        read("ok.xlsx", &xlsx_with_sheet(&ok)).unwrap()[0].1,
        vec![vec!["measure", "2"]]
    );
}
