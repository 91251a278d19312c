//! Files people download: one CSV writer with one rule against spreadsheet formulas, and the
//! headers that make a browser save the file.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::borrow::Cow;

/// A cell a spreadsheet would read as a formula (a comment typed by anyone may start with
/// `=`) is prefixed with an apostrophe, as OWASP advises against CSV injection. A negative
/// number stays a number: only a `-` that does not start one is defused.
pub fn defuse(cell: &str) -> Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
        || (cell.starts_with('-') && cell.parse::<f64>().is_err());
    if formula {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// RFC 4180 CSV (quoted where needed, CRLF line ends), every cell defused.
pub fn csv<R, C>(headers: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail, and every record is of strings.
    w.write_record(headers).expect("a header row is written");
    for row in rows {
        w.write_record(row.into_iter().map(|c| defuse(c.as_ref()).into_owned()))
            .expect("a row is written");
    }
    w.into_inner().expect("a Vec takes every byte")
}

/// A file for the browser to save under this name.
pub fn file(content_type: &'static str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A CSV download.
pub fn csv_response<R, C>(filename: &str, headers: &[&str], rows: R) -> Response
where
    R: IntoIterator<Item = C>,
    C: IntoIterator,
    C::Item: AsRef<str>,
{
    file("text/csv; charset=utf-8", filename, csv(headers, rows))
}

/// The flattened grants as a spreadsheet (one sheet, `grants`, as the 360Giving template names
/// it): the same columns as the CSV, the amount a number and the award date a date cell, so a
/// funder's spreadsheet reads them as such.
pub fn giving_xlsx_body(
    grants: &[opcc_domain::commissioning::giving::Grant],
) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| format!("xlsx: {e}");
    let (headers, rows) = opcc_domain::commissioning::giving::flat_rows(grants);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("grants").map_err(fail)?;
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            match headers[c] {
                "Amount Awarded" => {
                    let n: f64 = v.parse().map_err(|_| format!("xlsx: amount {v:?}"))?;
                    sheet.write_number(r, col, n).map_err(fail)?;
                }
                "Award Date" => {
                    let d = ExcelDateTime::parse_from_str(v).map_err(fail)?;
                    sheet
                        .write_datetime_with_format(r, col, &d, &day)
                        .map_err(fail)?;
                }
                _ => {
                    sheet.write_string(r, col, v).map_err(fail)?;
                }
            }
        }
    }
    sheet.autofit();
    book.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let out = csv(
            &["a", "b"],
            [
                vec!["a,b", "say \"hi\""],
                vec!["=SUM(A1)", "-2.5"],
                vec!["-x", "@cmd"],
            ],
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,b\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n'=SUM(A1),-2.5\r\n'-x,'@cmd\r\n"
        );
    }
}
