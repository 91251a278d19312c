//! Cells gathered one at a time into a sheet's rows, within the limits: a cell beyond them
//! stops the reading before anything is allocated for it.

use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT, Sheet, column_letters};

/// The cells a whole file may still use (see [`MAX_CELLS`]).
pub(super) struct Budget<'f> {
    file: &'f str,
    /// Cells of the sheets already read.
    used: u64,
}

impl<'f> Budget<'f> {
    pub(super) fn new(file: &'f str) -> Self {
        Budget { file, used: 0 }
    }
}

pub(super) struct Grid<'b, 'f> {
    budget: &'b mut Budget<'f>,
    name: String,
    cells: Vec<(u32, u32, String)>,
    rows: u64,
    columns: u64,
}

/// Where a cell is, as the spreadsheet names it: `XFD1048576`.
pub fn cell_ref(row: u64, col: u64) -> String {
    format!("{}{}", column_letters(col), row.saturating_add(1))
}

impl<'b, 'f> Grid<'b, 'f> {
    pub(super) fn new(budget: &'b mut Budget<'f>, name: &str) -> Self {
        Grid {
            budget,
            name: name.to_string(),
            cells: Vec::new(),
            rows: 0,
            columns: 0,
        }
    }

    fn place(&self) -> String {
        if self.name == self.budget.file {
            self.name.clone()
        } else {
            format!("{}, sheet \"{}\"", self.budget.file, self.name)
        }
    }

    /// Checks that a value at (row, col), both from 0, and `repeat` copies to its right
    /// would fit.
    pub(super) fn check(&self, row: u64, col: u64, repeat: u64) -> Result<(), String> {
        let last_col = col.saturating_add(repeat.max(1) - 1);
        if row >= MAX_ROWS || last_col >= MAX_COLUMNS {
            return Err(format!(
                "{}: cell {} is beyond the rows and columns a sheet may use (rows 1 to {} and columns A to {}); delete what lies beyond your data and upload the file again",
                self.place(),
                cell_ref(row, if col >= MAX_COLUMNS { col } else { last_col }),
                thousands(MAX_ROWS),
                column_letters(MAX_COLUMNS - 1),
            ));
        }
        let area = (row + 1).max(self.rows) * (last_col + 1).max(self.columns);
        if self.budget.used + area > MAX_CELLS {
            return Err(format!(
                "{}: the file has more than {} cells (each sheet counted as its rows times its columns, up to cell {}); split it into smaller files",
                self.place(),
                thousands(MAX_CELLS),
                cell_ref(row, last_col),
            ));
        }
        Ok(())
    }

    pub(super) fn too_long(&self, row: u64, col: u64, max: usize) -> String {
        format!(
            "{}: cell {} holds more than {} characters",
            self.place(),
            cell_ref(row, col),
            thousands(max as u64)
        )
    }

    pub(super) fn put(&mut self, row: u64, col: u64, text: String) -> Result<(), String> {
        self.check(row, col, 1)?;
        if text.len() > MAX_TEXT {
            return Err(self.too_long(row, col, MAX_TEXT));
        }
        self.rows = self.rows.max(row + 1);
        self.columns = self.columns.max(col + 1);
        // Within the limits, so both fit in u32.
        self.cells.push((row as u32, col as u32, text));
        Ok(())
    }

    /// The sheet, or nothing if it has no value at all.
    pub(super) fn finish(self) -> Option<Sheet> {
        self.budget.used += self.rows * self.columns;
        if self.cells.is_empty() {
            return None;
        }
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); self.rows as usize];
        for (r, c, text) in self.cells {
            let row = &mut rows[r as usize];
            if row.len() <= c as usize {
                row.resize(c as usize + 1, String::new());
            }
            row[c as usize] = text;
        }
        Some((self.name, rows))
    }
}

/// 1000000 as "1,000,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
