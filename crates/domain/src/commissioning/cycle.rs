//! The grant cycle after the award: instalments (the amount split to the penny), the
//! applicant's documents (their kind, and their type checked by content, not by name).

use rust_decimal::Decimal;

/// Years an application not awarded is kept after its round closes (the office's rule for
/// financial records).
pub const KEEP_UNAWARDED_YEARS: i32 = 6;

/// The most an applicant's document may hold.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// The documents a round asks of an applicant: (kind, label).
pub const ATTACHMENT_KINDS: [(&str, &str); 3] = [
    ("constitution", "Constitution or governing document"),
    ("accounts", "Latest accounts"),
    ("bank_statement", "Bank statement"),
];

pub fn attachment_label(kind: &str) -> Option<&'static str> {
    ATTACHMENT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
}

/// (extension, content type, how the file's contents begin)
const TYPES: [(&str, &str, &[u8]); 8] = [
    ("pdf", "application/pdf", b"%PDF-"),
    ("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    ("jpg", "image/jpeg", b"\xff\xd8\xff"),
    ("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        b"PK\x03\x04",
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        b"PK\x03\x04",
    ),
];

/// A document's content type: its name's extension must be one the office reads and its
/// first bytes must be that format's, so a renamed program or web page is refused.
pub fn attachment_type(filename: &str, bytes: &[u8]) -> Result<&'static str, String> {
    if bytes.is_empty() {
        return Err(format!("{filename}: the file is empty"));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(format!(
            "{filename}: the file must be smaller than 5 MB (it is {} bytes)",
            bytes.len()
        ));
    }
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, ct, magic)) = TYPES.iter().find(|(e, _, _)| *e == ext) else {
        return Err(format!(
            "{filename}: the file must be a PDF, a JPG or PNG image, or a Word, Excel or \
             OpenDocument file"
        ));
    };
    if !bytes.starts_with(magic) {
        return Err(format!(
            "{filename}: the file's contents are not a .{ext} file"
        ));
    }
    Ok(ct)
}

/// An amount split into `n` instalments to the penny, the last taking what the division
/// leaves, so they always add up to the amount.
pub fn instalments(total: Decimal, n: u32) -> Vec<Decimal> {
    let n = n.max(1);
    let each = (total / Decimal::from(n))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero);
    let mut v = vec![each; n as usize];
    let last = total - each * Decimal::from(n - 1);
    v[n as usize - 1] = last;
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instalments_add_up_to_the_penny() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(
            instalments(d("4499.50"), 3),
            [d("1499.83"), d("1499.83"), d("1499.84")]
        );
        assert_eq!(instalments(d("5000"), 2), [d("2500"), d("2500")]);
        assert_eq!(instalments(d("10"), 0), [d("10")]);
    }

    #[test]
    fn a_document_is_typed_by_its_contents() {
        assert_eq!(
            attachment_type("accounts.pdf", b"%PDF-1.7 ...").unwrap(),
            "application/pdf"
        );
        assert_eq!(
            attachment_type("STATEMENT.JPG", b"\xff\xd8\xff\xe0..").unwrap(),
            "image/jpeg"
        );
        let e = attachment_type("constitution.pdf", b"<html>").unwrap_err();
        assert!(e.contains("not a .pdf file"), "{e}");
        assert!(attachment_type("run.exe", b"MZ").is_err());
        let big = vec![b'%'; MAX_ATTACHMENT_BYTES + 1];
        assert!(
            attachment_type("big.pdf", &big)
                .unwrap_err()
                .contains("5 MB")
        );
    }
}
