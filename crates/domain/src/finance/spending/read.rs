//! Bytes to rows of text, bounded before and while reading: the file's size first, then the
//! rows, columns and cell lengths as they come. The encoding is detected and stated: valid
//! UTF-8 (a byte order mark allowed) is UTF-8, anything else is read as Windows-1252, the
//! other encoding finance systems export.

use super::Problem;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_rows: usize,
    pub max_columns: usize,
    pub max_cell_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_rows: 200_000,
            max_columns: 100,
            max_cell_chars: 1_000,
        }
    }
}

impl Limits {
    pub fn check_size(&self, bytes: usize) -> Result<(), Problem> {
        if bytes > self.max_bytes {
            return Err(Problem::file(format!(
                "the file is {} bytes; the most accepted is {} bytes",
                bytes, self.max_bytes
            )));
        }
        Ok(())
    }

    /// Checks a sheet's declared shape before any cell is read.
    pub fn check_shape(&self, rows: usize, columns: usize) -> Result<(), Problem> {
        if rows > self.max_rows + 1 {
            return Err(Problem::file(format!(
                "the sheet has {rows} rows; the most accepted is {}",
                self.max_rows
            )));
        }
        if columns > self.max_columns {
            return Err(Problem::file(format!(
                "the sheet has {columns} columns; the most accepted is {}",
                self.max_columns
            )));
        }
        Ok(())
    }

    pub fn check_cell(&self, row: usize, column: usize, cell: &str) -> Result<(), Problem> {
        let n = cell.chars().count();
        if n > self.max_cell_chars {
            return Err(Problem::at(
                row,
                Some(&column_letter(column)),
                format!(
                    "the cell holds {n} characters; the most accepted is {}",
                    self.max_cell_chars
                ),
            ));
        }
        Ok(())
    }
}

/// "A", "B", ..., "Z", "AA": how a spreadsheet names the column at this index (0-based).
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "UTF-8")]
    Utf8,
    #[serde(rename = "Windows-1252")]
    Windows1252,
    /// A workbook: its cells carry their own text.
    #[serde(rename = "XLSX")]
    Xlsx,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Xlsx => "XLSX",
        }
    }
}

/// Windows-1252's bytes 0x80 to 0x9F (the rest is Latin-1); undefined bytes become U+FFFD.
const CP1252: [char; 32] = [
    '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
    '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}',
    'ž', 'Ÿ',
];

pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => (
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9f => CP1252[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect(),
            Encoding::Windows1252,
        ),
    }
}

/// A CSV text to rows, within the limits.
pub fn csv_rows(text: &str, limits: &Limits) -> Result<Vec<Vec<String>>, Problem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let (mut line, mut counted_to) = (1usize, 0usize);
    for r in reader.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(rows.len() + 1, |p| p.line() as usize);
            Problem::at(line, None, format!("not readable as CSV: {e}"))
        })?;
        // A row is named by the line it starts on, as an editor shows it: blank lines (which
        // the reader skips) and line breaks inside quoted cells still count.
        // (The reader's own line count skips blank lines, so count from the byte offset.)
        let mut at = r.position().map_or(counted_to, |p| p.byte() as usize);
        // A record's position is where the reader resumed, before any blank lines it skipped.
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        line += text.as_bytes()[counted_to..at.max(counted_to)]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        counted_to = at.max(counted_to);
        let row = line;
        while rows.len() + 1 < row {
            rows.push(Vec::new());
        }
        if row > limits.max_rows + 1 {
            return Err(Problem::file(format!(
                "the file has more than {} rows",
                limits.max_rows
            )));
        }
        if r.len() > limits.max_columns {
            return Err(Problem::at(
                row,
                None,
                format!(
                    "the row has {} columns; the most accepted is {}",
                    r.len(),
                    limits.max_columns
                ),
            ));
        }
        let mut cells = Vec::with_capacity(r.len());
        for (c, cell) in r.iter().enumerate() {
            limits.check_cell(row, c, cell)?;
            cells.push(cell.to_string());
        }
        rows.push(cells);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_is_detected_and_windows_1252_read() {
        assert_eq!(decode("Café".as_bytes()).1, Encoding::Utf8);
        assert_eq!(decode(b"\xef\xbb\xbfa,b").0, "a,b");
        let (s, e) = decode(b"Caf\xe9 \x80500 \x93quoted\x94");
        assert_eq!(e, Encoding::Windows1252);
        assert_eq!(s, "Café €500 “quoted”");
    }

    #[test]
    fn shapes_are_bounded() {
        let l = Limits {
            max_bytes: 10,
            max_rows: 2,
            max_columns: 2,
            max_cell_chars: 3,
        };
        assert!(l.check_size(11).is_err());
        assert!(csv_rows("a,b\n1,2\n3,4\n", &l).is_ok());
        let spaced = csv_rows("a,b\n\n\"x\ny\",2\n3,4\n", &Limits::default()).unwrap();
        assert_eq!(spaced[4], ["3", "4"], "rows are numbered by line");
        assert!(spaced[1].is_empty() && spaced[3].is_empty());
        assert!(csv_rows("a,b\n1,2\n3,4\n5,6\n", &l).is_err());
        assert!(csv_rows("a,b,c\n", &l).is_err());
        let e = csv_rows("a,b\n1,2345\n", &l).unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 2, column \"B\": the cell holds 4 characters; the most accepted is 3"
        );
        assert!(l.check_shape(1_048_576, 2).is_err());
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
