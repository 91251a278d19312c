//! The IOPC's quarterly figures for the force, offered to plans as derived measures
//! (`derived_from = "iopc:cases_logged"` and the other headline measures), so that the office's
//! plan reports them beside its other measures with their SPC reading. Only the force's own
//! figures feed a measure: the comparators are context, shown on the complaints pages.

use crate::audit::Actor;
use crate::performance::{DerivedPoint, write_derived};
use crate::{Db, Result};
use opcc_domain::complaints::iopc::HEADLINES;
use opcc_domain::periods::Period;
use rust_decimal::Decimal;
use std::str::FromStr;

pub const PREFIX: &str = "iopc:";
const SOURCE: &str = "IOPC police complaints statistics for the force";

/// Writes the force's quarterly IOPC figures into every plan measure derived from them;
/// returns how many values were new or changed.
pub async fn derive_iopc(db: &Db, actor: &Actor) -> Result<usize> {
    let figures: Vec<_> = super::oversight::figures(db, None)
        .await?
        .into_iter()
        .filter(|f| f.scope == "force")
        .collect();
    write_derived(db, actor, |derived_from| {
        let key = derived_from
            .strip_prefix(PREFIX)
            .filter(|k| HEADLINES.iter().any(|(h, _)| h == k))?;
        Some(
            figures
                .iter()
                .filter(|f| f.measure == key)
                .filter_map(|f| {
                    Some(DerivedPoint {
                        period: Period::Quarter(
                            i32::try_from(f.year).ok()?,
                            u8::try_from(f.quarter).ok()?,
                        ),
                        value: Decimal::from_str(&f.value).ok()?,
                        numerator: None,
                        denominator: None,
                        source: SOURCE.to_string(),
                    })
                })
                .collect(),
        )
    })
    .await
}

/// The plan measures fed from the IOPC's figures: (plan slug, measure key, title), for links.
pub async fn derived_measures(db: &Db) -> Result<Vec<(String, String, String)>> {
    crate::performance::derived_measures(db, |d| d.starts_with(PREFIX)).await
}
