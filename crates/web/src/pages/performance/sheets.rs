//! Reading an uploaded file into sheets of text cells: CSV, or a workbook (XLSX, XLS, ODS)
//! read with calamine, every sheet of it.

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use std::io::Cursor;

pub type Sheet = (String, Vec<Vec<String>>);

/// Cells as an analyst sees them: whole numbers without ".0", dates as YYYY-MM-DD.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            // Excel counts days from 1899-12-30.
            let epoch = time::macros::date!(1899 - 12 - 30);
            (epoch + time::Duration::days(dt.as_f64().floor() as i64)).to_string()
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

pub fn read(filename: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let lower = filename.to_lowercase();
    if lower.ends_with(".csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let mut rows = Vec::new();
        for (i, r) in reader.records().enumerate() {
            let r = r.map_err(|e| format!("{filename}, row {}: {e}", i + 1))?;
            rows.push(
                r.iter()
                    .map(|c| c.trim_start_matches('\u{feff}').to_string())
                    .collect(),
            );
        }
        return Ok(vec![(filename.to_string(), rows)]);
    }
    if !(lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".ods")) {
        return Err(format!(
            "{filename}: upload a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)"
        ));
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("{filename} could not be read as a spreadsheet: {e}"))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{filename}, sheet {name}: {e}"))?;
        // Rows keep the spreadsheet's numbering (blank rows above the data included), so an
        // error's row number is the one the analyst sees; the header must be row 1.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); top as usize];
        rows.extend(range.rows().map(|r| {
            let mut cells = vec![String::new(); left as usize];
            cells.extend(r.iter().map(cell_text));
            cells
        }));
        if rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            sheets.push((name, rows));
        }
    }
    Ok(sheets)
}
