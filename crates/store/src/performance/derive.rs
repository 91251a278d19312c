//! Measure values derived from loaded data: a measure whose plan says `derived_from =
//! "police_uk:total_crime"` (or `police_uk:asb`) takes the force area's monthly counts from
//! the police.uk rollups. Only months whose data is loaded give a value: a gap stays a gap.

use super::values::{OnLocked, Origin, Saved};
use crate::audit::Actor;
use crate::{Db, Result};
use opcc_domain::crime::Month;
use opcc_domain::measures::MeasureValue;
use opcc_domain::periods::Period;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Derived {
    pub saved: Saved,
    /// Values that differ from a published (locked) figure: left for a correction.
    pub locked: usize,
}

/// Derives every derived measure of a plan from what is loaded now.
pub async fn derive_police_uk(db: &Db, actor: &Actor, slug: &str) -> Result<Derived> {
    let Some(plan) = crate::plans::load(db, slug).await? else {
        return Err(crate::StoreError::NotFound(format!("plan {slug:?}")));
    };
    let Some(force) = crate::crime::geo::geo()
        .pfas()
        .iter()
        .find(|p| p.code == plan.force_area)
    else {
        return Ok(Derived::default());
    };
    let loaded = crate::crime::coverage(db).await?;
    // Only months within the plan's term: a plan measures its own years, not data from before
    // it was made or after it ended.
    let month_of = |d: time::Date| Month::new(d.year() as u16, d.month() as u8);
    let (Some(first), Some(last)) = (month_of(plan.term_start.0), month_of(plan.term_end.0)) else {
        return Ok(Derived::default());
    };
    let months: Vec<Month> = loaded
        .iter()
        .filter(|c| c.force == force.slug && c.kind == opcc_domain::crime::Kind::Street)
        .map(|c| c.month)
        .filter(|m| (first..=last).contains(m))
        .collect();
    let (Some(from), Some(to)) = (months.iter().min().copied(), months.iter().max().copied())
    else {
        return Ok(Derived::default());
    };
    let mut values = Vec::new();
    for (_, item) in plan.all_items() {
        for m in &item.measures {
            let counts = match m.derived_from.as_deref() {
                Some("police_uk:total_crime") => {
                    crate::crime::series::total_crime(db, &force.slug, from, to).await?
                }
                Some("police_uk:asb") => {
                    crate::crime::series::asb(db, &force.slug, from, to).await?
                }
                Some("police_uk:neighbourhood_crime") => {
                    crate::crime::series::neighbourhood_crime(db, &force.slug, from, to).await?
                }
                _ => continue,
            };
            for c in counts {
                let Some(count) = c.count else { continue };
                values.push(MeasureValue {
                    measure: m.key.clone(),
                    period: Period::Month(c.month),
                    area: plan.force_area.clone(),
                    value: Decimal::from(count),
                    numerator: None,
                    denominator: None,
                    source: "data.police.uk".into(),
                    commentary: String::new(),
                });
            }
        }
    }
    // A published figure that the data now contradicts is not overwritten: it is counted and
    // left to staff to correct with a reason.
    let saved = match super::save(
        db,
        actor,
        slug,
        &values,
        Origin::PoliceUk,
        OnLocked::SetAside,
    )
    .await
    {
        Ok(s) => s,
        Err(super::SaveError::Store(e)) => return Err(e),
        Err(e @ super::SaveError::Locked(_)) => {
            return Err(crate::StoreError::Invalid(e.to_string()));
        }
    };
    Ok(Derived {
        locked: saved.set_aside,
        saved,
    })
}
