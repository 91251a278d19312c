//! The one writer for plan measures fed from another area's figures (`finance:`, `iopc:`,
//! `returns:`): each area says which series a measure's `derived_from` names and what its
//! points are; this walks every plan's measures and saves the points through `save`, so that
//! every derived series is written, audited and locked alike. (police.uk's monthly counts keep
//! their own writer: they are bounded by each plan's term and report what was set aside.)

use super::values::{OnLocked, Origin, SaveError};
use crate::audit::Actor;
use crate::{Db, Result, StoreError};
use opcc_domain::measures::MeasureValue;
use opcc_domain::periods::Period;
use rust_decimal::Decimal;

/// One value of a derived series, before it is given to a plan's measure.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedPoint {
    pub period: Period,
    pub value: Decimal,
    pub numerator: Option<Decimal>,
    pub denominator: Option<Decimal>,
    pub source: String,
}

/// Writes into every plan measure the `series` recognises (by its `derived_from`; `None` for
/// one it does not) that series' points for the plan's force area; returns how many values
/// were new or changed. Like police.uk counts, a value that differs from a published (locked)
/// figure is set aside for a correction rather than overwriting it.
pub async fn write_derived(
    db: &Db,
    actor: &Actor,
    series: impl Fn(&str) -> Option<Vec<DerivedPoint>>,
) -> Result<usize> {
    let mut saved = 0;
    for plan in crate::plans::list(db).await? {
        let Some(p) = crate::plans::load(db, &plan.slug).await? else {
            continue;
        };
        let mut values = Vec::new();
        for (_, item) in p.all_items() {
            for m in &item.measures {
                let Some(points) = m.derived_from.as_deref().and_then(&series) else {
                    continue;
                };
                values.extend(points.into_iter().map(|pt| MeasureValue {
                    measure: m.key.clone(),
                    period: pt.period,
                    area: p.force_area.clone(),
                    value: pt.value,
                    numerator: pt.numerator,
                    denominator: pt.denominator,
                    source: pt.source,
                    commentary: String::new(),
                }));
            }
        }
        if values.is_empty() {
            continue;
        }
        let r = super::save(
            db,
            actor,
            &plan.slug,
            &values,
            Origin::Form,
            OnLocked::SetAside,
        )
        .await
        .map_err(|e| match e {
            SaveError::Store(s) => s,
            other => StoreError::Invalid(other.to_string()),
        })?;
        saved += r.inserted + r.updated;
    }
    Ok(saved)
}

/// The plan measures whose `derived_from` satisfies `fed`: (plan slug, measure key, title),
/// for the feeding area's pages to link to.
pub async fn derived_measures(
    db: &Db,
    fed: impl Fn(&str) -> bool,
) -> Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    for plan in crate::plans::list(db).await? {
        let Some(p) = crate::plans::load(db, &plan.slug).await? else {
            continue;
        };
        for (_, item) in p.all_items() {
            for m in &item.measures {
                if m.retired.is_none() && m.derived_from.as_deref().is_some_and(&fed) {
                    out.push((plan.slug.clone(), m.key.clone(), m.title.clone()));
                }
            }
        }
    }
    Ok(out)
}
