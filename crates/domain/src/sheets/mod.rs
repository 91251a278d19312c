//! Reading an uploaded spreadsheet's bytes into sheets of text cells: CSV, an Excel workbook
//! (.xlsx) or an OpenDocument spreadsheet (.ods), every sheet of it.
//!
//! A file of a few kilobytes can declare a sheet of 17 billion cells or unpack to gigabytes,
//! so nothing here trusts what a file says about itself: cells are read one at a time and kept
//! sparse, unpacked sizes are counted as they are read, and a file that goes past a limit is
//! refused with a message naming the file, the sheet and the cell. Older .xls workbooks are
//! refused: their reader builds every sheet whole before anything can be checked.

mod grid;
mod ods;
mod package;
mod xlsx;

use grid::{Budget, Grid};

/// A sheet's name and its rows, numbered as the spreadsheet numbers them (row 1 first, blank
/// rows above the data kept), each as long as its last value.
pub type Sheet = (String, Vec<Vec<String>>);

/// Measure sheets have eight columns and a row per measure, period and area: these limits are
/// far above any real one and far below what would strain the service.
pub const MAX_ROWS: u64 = 100_000;
pub const MAX_COLUMNS: u64 = 100;
/// Cells of a whole file, counting each sheet as its rows times its columns (from A1 to its
/// last value), so that a file within it is small whatever its shape.
pub const MAX_CELLS: u64 = 1_000_000;
/// Excel's limit on a cell's text, in characters; counted in bytes here, which is stricter.
/// Without it one long shared text, used by every cell, would be copied into each.
pub const MAX_TEXT: usize = 32_767;
/// Unpacked size of one part of a workbook (a sheet's XML, its shared texts), and of all.
pub const MAX_PART_BYTES: u64 = 64 << 20;
pub const MAX_PACKAGE_BYTES: u64 = 128 << 20;

pub fn read(filename: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let lower = filename.to_lowercase();
    let mut budget = Budget::new(filename);
    if lower.ends_with(".csv") {
        return read_csv(filename, bytes, &mut budget);
    }
    if lower.ends_with(".xlsx") {
        return xlsx::read(filename, bytes, &mut budget);
    }
    if lower.ends_with(".ods") {
        return ods::read(filename, bytes, &mut budget);
    }
    if lower.ends_with(".xls") {
        return Err(format!(
            "{filename} is an Excel 97-2003 workbook (.xls), which cannot be read safely: save it as an Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods) or CSV and upload that"
        ));
    }
    Err(format!(
        "{filename}: upload a CSV file, an Excel workbook (.xlsx) or an OpenDocument spreadsheet (.ods)"
    ))
}

fn read_csv(filename: &str, bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut grid = Grid::new(budget, filename);
    let mut record = csv::StringRecord::new();
    let mut row = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(format!("{filename}, row {}: {e}", row + 1)),
        }
        for (col, cell) in record.iter().enumerate() {
            let cell = cell.trim_start_matches('\u{feff}');
            if !cell.is_empty() {
                grid.put(row, col as u64, cell.to_string())?;
            }
        }
        row += 1;
    }
    Ok(grid.finish().into_iter().collect())
}

/// "A", "Z", "AA", ... for a column counted from 0.
pub fn column_letters(mut col: u64) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}

#[cfg(test)]
mod tests;
