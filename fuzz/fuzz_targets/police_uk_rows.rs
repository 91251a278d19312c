//! A data.police.uk file as the importer reads it: the first byte picks the kind of file, the
//! rest is the CSV. Whatever the bytes, parsing ends in rows or a named error, never a panic,
//! and nothing it keeps holds a NUL (which PostgreSQL cannot store).

#![no_main]

use libfuzzer_sys::fuzz_target;
use opcc_domain::crime::file::{BadRows, parse};
use opcc_domain::crime::{Kind, Month, OutcomeRow, SearchRow, StreetRow};

fn check<T: std::fmt::Debug>(
    kind: Kind,
    csv: &[u8],
    row: fn(
        &opcc_domain::crime::Columns,
        &str,
        u64,
        Month,
        &[&str],
    ) -> Result<T, opcc_domain::crime::RowError>,
) {
    let month = Month::parse("2018-10").unwrap();
    for policy in [BadRows::Reject, BadRows::Skip] {
        match parse("2018-10-force-x.csv", kind, month, csv, policy, row) {
            Ok(p) => {
                // Every byte is in the header or some row's field, and a NUL in any refuses it.
                assert!(
                    policy == BadRows::Skip || !csv.contains(&0),
                    "a NUL was let through"
                );
                assert!(p.errors.len() as u64 <= p.skipped);
            }
            Err(e) => assert!(e.line >= 1 && e.file == "2018-10-force-x.csv"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, csv)) = data.split_first() else {
        return;
    };
    match which % 3 {
        0 => check(Kind::Street, csv, StreetRow::parse),
        1 => check(Kind::Outcomes, csv, OutcomeRow::parse),
        _ => check(Kind::StopAndSearch, csv, SearchRow::parse),
    }
});
