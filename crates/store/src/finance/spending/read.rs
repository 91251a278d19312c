//! A spending file's bytes to rows: CSV (UTF-8 or Windows-1252, detected) or an Excel
//! workbook's first sheet. A workbook's declared used range is checked before any cell is
//! read, and each cell's position again as it is read (the declaration may lie), so a tiny
//! file declaring a million rows is refused without allocating them.

use calamine::{DataRef, Reader, Xlsx};
use opcc_domain::finance::spending::read::column_letter;
use opcc_domain::finance::spending::{Encoding, Limits, Problem, csv_rows, decode};
use std::io::Cursor;

pub fn is_xlsx(name: &str, bytes: &[u8]) -> bool {
    name.to_ascii_lowercase().ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04")
}

pub fn rows(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Vec<Vec<String>>, Encoding), Problem> {
    limits.check_size(bytes.len())?;
    if is_xlsx(name, bytes) {
        return Ok((xlsx_rows(bytes, limits)?, Encoding::Xlsx));
    }
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".csv") || lower.ends_with(".txt")) {
        return Err(Problem::file(
            "the file is neither CSV (.csv) nor an Excel workbook (.xlsx)",
        ));
    }
    let (text, encoding) = decode(bytes);
    Ok((csv_rows(&text, limits)?, encoding))
}

fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Float(f) => rust_decimal::Decimal::try_from(*f)
            .map(|d| d.normalize().to_string())
            .unwrap_or_else(|_| f.to_string()),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => {
            // Excel counts days from 1899-12-30.
            let epoch = time::macros::date!(1899 - 12 - 30);
            let days = dt.as_f64().floor() as i64;
            if !(0..=80_000).contains(&days) {
                return format!("{}", dt.as_f64());
            }
            super::super::iso(epoch + time::Duration::days(days))
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn xlsx_rows(bytes: &[u8], limits: &Limits) -> Result<Vec<Vec<String>>, Problem> {
    let unreadable =
        |e: calamine::XlsxError| Problem::file(format!("not readable as an Excel workbook: {e}"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err(Problem::file("the workbook has no sheets"));
    };
    let mut reader = book.worksheet_cells_reader(&first).map_err(unreadable)?;
    let dim = reader.dimensions();
    // Rows above the range are still rows (the header's row number is the sheet's).
    limits.check_shape(dim.end.0 as usize + 1, dim.end.1 as usize + 1)?;
    let mut out: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        limits.check_shape(r + 1, c + 1)?;
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        limits.check_cell(r + 1, c, &text).map_err(|mut p| {
            p.column = Some(column_letter(c));
            p
        })?;
        if out.len() <= r {
            out.resize(r + 1, Vec::new());
        }
        let row = &mut out[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    Ok(out)
}
