//! The IOPC's quarterly figures for the force, offered to plans as derived measures
//! (`derived_from = "iopc:cases_logged"` and the other headline measures), so that the office's
//! plan reports them beside its other measures with their SPC reading. Only the force's own
//! figures feed a measure: the comparators are context, shown on the complaints pages.

use crate::audit::Actor;
use crate::performance::{OnLocked, Origin};
use crate::{Db, Result};
use opcc_domain::complaints::iopc::HEADLINES;
use opcc_domain::measures::MeasureValue;
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
    let mut saved = 0;
    for plan in crate::plans::list(db).await? {
        let Some(p) = crate::plans::load(db, &plan.slug).await? else {
            continue;
        };
        let mut values = Vec::new();
        for (_, item) in p.all_items() {
            for m in &item.measures {
                let Some(key) = m
                    .derived_from
                    .as_deref()
                    .and_then(|d| d.strip_prefix(PREFIX))
                    .filter(|k| HEADLINES.iter().any(|(h, _)| h == k))
                else {
                    continue;
                };
                for f in figures.iter().filter(|f| f.measure == key) {
                    let (Ok(value), Ok(year), Ok(quarter)) = (
                        Decimal::from_str(&f.value),
                        i32::try_from(f.year),
                        u8::try_from(f.quarter),
                    ) else {
                        continue;
                    };
                    values.push(MeasureValue {
                        measure: m.key.clone(),
                        period: Period::Quarter(year, quarter),
                        area: p.force_area.clone(),
                        value,
                        numerator: None,
                        denominator: None,
                        source: SOURCE.to_string(),
                        commentary: String::new(),
                    });
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        // As for other derived series: a published figure is left for a correction.
        let r = crate::performance::save(
            db,
            actor,
            &plan.slug,
            &values,
            Origin::Form,
            OnLocked::SetAside,
        )
        .await
        .map_err(|e| match e {
            crate::performance::SaveError::Store(s) => s,
            other => crate::StoreError::Invalid(other.to_string()),
        })?;
        saved += r.inserted + r.updated;
    }
    Ok(saved)
}

/// The plan measures fed from the IOPC's figures: (plan slug, measure key, title), for links.
pub async fn derived_measures(db: &Db) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for plan in crate::plans::list(db).await? {
        let Some(p) = crate::plans::load(db, &plan.slug).await? else {
            continue;
        };
        for (_, item) in p.all_items() {
            for m in &item.measures {
                if m.retired.is_none()
                    && m.derived_from
                        .as_deref()
                        .is_some_and(|d| d.starts_with(PREFIX))
                {
                    out.push((plan.slug.clone(), m.key.clone(), m.title.clone()));
                }
            }
        }
    }
    Ok(out)
}
