//! An uploaded measures sheet, read and checked as the upload page does. The first byte picks
//! the form: CSV, raw .xlsx or .ods bytes, or (so that the fuzzer reaches the cell readers
//! rather than the zip layer) the rest as a worksheet's XML or an OpenDocument content.xml
//! packed into a workbook here. Whatever the bytes: sheets within the limits, or a message.

#![no_main]

use libfuzzer_sys::fuzz_target;
use opcc_domain::measures::parse_sheet;
use opcc_domain::periods::PeriodKind;
use opcc_domain::plans::Unit;
use opcc_domain::sheets::{MAX_COLUMNS, MAX_ROWS, read};
use std::collections::HashMap;
use std::io::Write;

const XLSX_PARTS: [(&str, &str); 4] = [
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
];

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        z.start_file(*name, stored).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let (name, bytes) = match which % 5 {
        0 => ("values.csv", rest.to_vec()),
        1 => ("values.xlsx", rest.to_vec()),
        2 => ("values.ods", rest.to_vec()),
        3 => {
            let mut parts: Vec<(&str, &[u8])> =
                XLSX_PARTS.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
            parts.push(("xl/worksheets/sheet1.xml", rest));
            ("values.xlsx", zip_of(&parts))
        }
        _ => (
            "values.ods",
            zip_of(&[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                ),
                ("content.xml", rest),
            ]),
        ),
    };
    let Ok(sheets) = read(name, &bytes) else {
        return;
    };
    let units: HashMap<String, (Unit, PeriodKind)> = [
        ("total-crime".to_string(), (Unit::Count, PeriodKind::Month)),
        (
            "satisfied".to_string(),
            (Unit::Percentage, PeriodKind::Quarter),
        ),
    ]
    .into_iter()
    .collect();
    for (sheet, rows) in &sheets {
        assert!(rows.len() as u64 <= MAX_ROWS);
        assert!(rows.iter().all(|r| r.len() as u64 <= MAX_COLUMNS));
        let _ = parse_sheet(sheet, rows, &units, "E23000006");
    }
});
