//! The zip package an .xlsx or .ods file is: each part's unpacked size is counted by
//! unpacking it through a cap, because the sizes a zip declares can lie.

use super::grid::thousands;
use super::{MAX_CELLS, MAX_PACKAGE_BYTES, MAX_PART_BYTES};
use std::io::{Cursor, Read};
use zip::ZipArchive;

pub(super) type Package<'a> = ZipArchive<Cursor<&'a [u8]>>;

pub(super) fn unreadable(file: &str, e: impl std::fmt::Display) -> String {
    format!("{file} could not be read as a spreadsheet: {e}")
}

fn mb(bytes: u64) -> u64 {
    bytes >> 20
}

/// Opens the package and checks every part unpacks within the limits.
pub(super) fn open<'a>(file: &str, bytes: &'a [u8]) -> Result<Package<'a>, String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(file, e))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| unreadable(file, e))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let n = std::io::copy(&mut part.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|e| unreadable(file, format!("{name}: {e}")))?;
        if n > MAX_PART_BYTES {
            return Err(format!(
                "{file}: its part {name} unpacks to more than {} MB, more than a spreadsheet of measures needs; split the file",
                mb(MAX_PART_BYTES)
            ));
        }
        total += n;
        if total > MAX_PACKAGE_BYTES {
            return Err(format!(
                "{file} unpacks to more than {} MB, more than a spreadsheet of measures needs; split the file",
                mb(MAX_PACKAGE_BYTES)
            ));
        }
    }
    Ok(zip)
}

/// A part's text, read through the size cap (already checked by `open`).
pub(super) fn part<'z>(
    zip: &'z mut Package<'_>,
    file: &str,
    name: &str,
) -> Result<Option<impl Read + 'z>, String> {
    match zip.by_name(name) {
        Ok(p) => Ok(Some(p.take(MAX_PART_BYTES))),
        Err(zip::result::ZipError::FileNotFound) => Ok(None),
        Err(e) => Err(unreadable(file, e)),
    }
}

/// The workbook's count of distinct texts, which the reader reserves room for before reading
/// any: it must be no more than the cells a file may have.
pub(super) fn check_shared_strings(zip: &mut Package<'_>, file: &str) -> Result<(), String> {
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .collect();
    for name in names {
        let Some(r) = part(zip, file, &name)? else {
            continue;
        };
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                    if e.local_name().as_ref() == "sst" =>
                {
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "uniqueCount" {
                            let v = &a.value;
                            // A count that is not a number is ignored by the reader too.
                            if v.trim().parse::<u64>().is_ok_and(|n| n > MAX_CELLS) {
                                return Err(format!(
                                    "{file} says it holds {v} different texts; a file may have at most {} cells",
                                    thousands(MAX_CELLS)
                                ));
                            }
                        }
                    }
                    break;
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    Ok(())
}
