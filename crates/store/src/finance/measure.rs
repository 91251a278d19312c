//! Cost of policing per head of population, offered to plans as a derived measure
//! (`derived_from = "finance:cost_per_head"`): each year's budget (as revised) over the
//! force area's population as the database holds it.

use crate::audit::Actor;
use crate::performance::{DerivedPoint, write_derived};
use crate::{Db, Result};
use opcc_domain::finance::{FinancialYear, cost_per_head};
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
    let points: Vec<DerivedPoint> = costs
        .iter()
        .map(|(year, total, population, c)| DerivedPoint {
            period: Period::Year(year.0),
            value: *c,
            numerator: Some(*total),
            denominator: Some(Decimal::from(*population)),
            source: source.clone(),
        })
        .collect();
    write_derived(db, actor, |d| (d == SERIES).then(|| points.clone())).await
}
