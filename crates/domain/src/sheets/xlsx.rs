//! Excel workbooks, read cell by cell with calamine's cell reader (its `worksheet_range`
//! would first allocate the whole rectangle a sheet declares).

use super::Sheet;
use super::grid::{Budget, Grid};
use super::package::{self, unreadable};
use calamine::{DataRef, Reader, Xlsx, XlsxError};
use std::io::Cursor;

/// Cells as an analyst sees them: whole numbers without ".0", dates as YYYY-MM-DD.
pub(super) fn cell_text(d: &DataRef) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(dt) => excel_day(dt.as_f64()).unwrap_or_else(|| number(dt.as_f64())),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

/// A serial date as YYYY-MM-DD, if it is one of the dates Excel can show (1900 to 9999).
pub(super) fn excel_day(serial: f64) -> Option<String> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel counts days from 1899-12-30.
    let epoch = time::macros::date!(1899 - 12 - 30);
    epoch
        .checked_add(time::Duration::days(serial.floor() as i64))
        .map(|d| d.to_string())
}

pub(super) fn read(file: &str, bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, String> {
    let mut zip = package::open(file, bytes)?;
    package::check_shared_strings(&mut zip, file)?;
    drop(zip);
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut cells = match book.worksheet_cells_reader(&name) {
            Ok(c) => c,
            // A chart sheet has no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(format!("{file}, sheet \"{name}\": {e}")),
        };
        let mut grid = Grid::new(budget, &name);
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(format!("{file}, sheet \"{name}\": {e}")),
            };
            let text = cell_text(cell.get_value());
            if !text.is_empty() {
                let (row, col) = cell.get_position();
                grid.put(row.into(), col.into(), text)?;
            }
        }
        sheets.extend(grid.finish());
    }
    Ok(sheets)
}
