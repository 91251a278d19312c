//! Cost of policing per head of population, offered to plans as a derived measure
//! (`derived_from = "finance:cost_per_head"`): each year's budget (as revised) over the
//! force area's population as the database holds it.

use crate::audit::Actor;
use crate::performance::{OnLocked, Origin};
use crate::{Db, Result};
use opcc_domain::finance::{FinancialYear, cost_per_head};
use opcc_domain::measures::MeasureValue;
use opcc_domain::periods::Period;
use rust_decimal::Decimal;

pub const SERIES: &str = "finance:cost_per_head";

/// (year, budget, population, cost per head) for every year with a total.
pub async fn costs_per_head(db: &Db) -> Result<Vec<(FinancialYear, Decimal, i64, Decimal)>> {
    let Some(area) = crate::force_area::current(db).await? else {
        return Ok(Vec::new());
    };
    let population = area.population;
    let mut out = Vec::new();
    for y in super::years(db).await? {
        if let Some(b) = super::budget(db, y).await?
            && let Some(total) = b.current_total()
            && let Some(c) = cost_per_head(total, population)
        {
            out.push((y, total, population, c));
        }
    }
    out.sort_by_key(|x| x.0);
    Ok(out)
}

/// Writes the yearly cost per head into every plan measure derived from it.
pub async fn derive_cost_per_head(db: &Db, actor: &Actor) -> Result<usize> {
    let costs = costs_per_head(db).await?;
    let source = match crate::force_area::current(db).await? {
        Some(a) => format!("Budget / population ({})", a.population_source),
        None => return Ok(0),
    };
    let mut saved = 0;
    for plan in crate::plans::list(db).await? {
        let Some(p) = crate::plans::load(db, &plan.slug).await? else {
            continue;
        };
        let mut values = Vec::new();
        for (_, item) in p.all_items() {
            for m in item
                .measures
                .iter()
                .filter(|m| m.derived_from.as_deref() == Some(SERIES))
            {
                for (year, total, population, c) in &costs {
                    values.push(MeasureValue {
                        measure: m.key.clone(),
                        period: Period::Year(year.0),
                        area: p.force_area.clone(),
                        value: *c,
                        numerator: Some(*total),
                        denominator: Some(Decimal::from(*population)),
                        source: source.clone(),
                        commentary: String::new(),
                    });
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        // Derived like police.uk counts: a published figure is left for a correction.
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
