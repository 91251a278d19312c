//! data.police.uk crime data: importing files (one transaction per force x month x kind),
//! the coverage register, and the series and summaries the plans and public pages need.

pub(crate) mod batch;
pub mod boundaries;
pub mod boundaries_file;
mod copy;
pub mod coverage;
pub mod geo;
pub mod import;
pub use opcc_domain::crime::file as parse;
pub mod series;
pub mod simplify;
pub mod summary;
mod terms;
mod write;

pub use coverage::{coverage, spans};
pub use import::{ImportError, ImportReport, KeepRows, Prepared, import_file, prepare, write};
pub use parse::BadRows;
pub use summary::{force_rates, lsoa_counts, points, summary};
