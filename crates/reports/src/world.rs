//! The smallest typst World: one source file, a few in-memory files (the charts), and fonts
//! built into the binary, so a report never reads the disk or the network: typst-assets' and
//! Liberation Sans, which has Arial's metrics, so a report reads in the web pages' font.

use crate::ReportError;
use std::collections::HashMap;
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    const SANS: [&[u8]; 2] = [
        include_bytes!("../fonts/LiberationSans-Regular.ttf"),
        include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    ];
    let fonts: Vec<Font> = SANS
        .into_iter()
        .chain(typst_assets::fonts())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

fn file_id(path: &str) -> FileId {
    FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    ))
}

struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: time::Date,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_without_slash().into(),
            ))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            self.today.month() as u8,
            self.today.day(),
        )
    }
}

pub fn compile_pdf(
    source: String,
    files: HashMap<String, Vec<u8>>,
    today: time::Date,
) -> Result<Vec<u8>, ReportError> {
    compile_pdf_with(source, files, today, &[])
}

/// As [`compile_pdf`], enforcing the given PDF standards: typst refuses to export a document
/// that does not conform (an image without alternative text, a table without headers).
pub fn compile_pdf_with(
    source: String,
    files: HashMap<String, Vec<u8>>,
    today: time::Date,
    standards: &[typst_pdf::PdfStandard],
) -> Result<Vec<u8>, ReportError> {
    let world = ReportWorld {
        main: Source::new(file_id("/main.typ"), source),
        files: files
            .into_iter()
            .map(|(path, bytes)| (file_id(&path), Bytes::new(bytes)))
            .collect(),
        today,
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| {
            ReportError::Typeset(
                errors
                    .iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
    let options = typst_pdf::PdfOptions {
        standards: typst_pdf::PdfStandards::new(standards)
            .map_err(|e| ReportError::Pdf(e.message().to_string()))?,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        ReportError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_document_becomes_a_pdf() {
        let pdf = compile_pdf(
            "= Hello\n#image(\"/c.svg\", width: 2cm)".into(),
            HashMap::from([(
                "/c.svg".to_string(),
                br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#.to_vec(),
            )]),
            time::macros::date!(2026 - 11 - 22),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
