//! Providers' returns offered to plans as derived measures: a measure whose plan says
//! `derived_from = "returns:cheshire-cares:referrals"` (or `:supported`) takes that service's
//! figures, summed over the areas it returned by, for each quarter (or whole year) returned.
//! Only returns the office has reviewed count: a figure it has queried is not yet the office's.

use crate::audit::Actor;
use crate::performance::{DerivedPoint, write_derived};
use crate::{Db, Result};
use opcc_domain::periods::Period;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub const PREFIX: &str = "returns:";

/// (service slug, `referrals` or `supported`) named by a `derived_from`, if it names returns.
pub fn parse(derived_from: &str) -> Option<(&str, &str)> {
    let (slug, field) = derived_from.strip_prefix(PREFIX)?.rsplit_once(':')?;
    (!slug.is_empty() && matches!(field, "referrals" | "supported")).then_some((slug, field))
}

/// The period of a return: `2024-25` with quarter 0 is the financial year, 1..=4 its quarters.
fn period(year: &str, quarter: i64) -> Option<Period> {
    let start: i32 = year.get(..4)?.parse().ok()?;
    match quarter {
        0 => Some(Period::Year(start)),
        1..=4 => Some(Period::Quarter(start, u8::try_from(quarter).ok()?)),
        _ => None,
    }
}

/// Writes every service's reviewed returns into the plan measures derived from them;
/// returns how many values were new or changed.
pub async fn derive_returns(db: &Db, actor: &Actor) -> Result<usize> {
    // (service, field) -> period -> sum over the local authorities returned.
    let mut sums: BTreeMap<(String, &str), BTreeMap<Period, i64>> = BTreeMap::new();
    for r in super::services::returns(db, None).await? {
        if r.status != "reviewed" {
            continue;
        }
        let Some(p) = period(&r.year, r.quarter) else {
            continue;
        };
        for (field, n) in [("referrals", r.referrals), ("supported", r.supported)] {
            *sums
                .entry((r.service_slug.clone(), field))
                .or_default()
                .entry(p)
                .or_default() += n;
        }
    }
    write_derived(db, actor, |derived_from| {
        let (slug, field) = parse(derived_from)?;
        let series = sums.get(&(slug.to_string(), field))?;
        Some(
            series
                .iter()
                .map(|(p, n)| DerivedPoint {
                    period: *p,
                    value: Decimal::from(*n),
                    numerator: None,
                    denominator: None,
                    source: format!(
                        "Providers' quarterly returns for {slug}, reviewed by the office"
                    ),
                })
                .collect(),
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_periods() {
        assert_eq!(
            parse("returns:cheshire-cares:referrals"),
            Some(("cheshire-cares", "referrals"))
        );
        assert_eq!(
            parse("returns:rasasc:supported"),
            Some(("rasasc", "supported"))
        );
        assert_eq!(parse("returns:rasasc:waiting"), None);
        assert_eq!(parse("returns::referrals"), None);
        assert_eq!(parse("iopc:cases_logged"), None);
        assert_eq!(period("2024-25", 0), Some(Period::Year(2024)));
        assert_eq!(period("2025-26", 3), Some(Period::Quarter(2025, 3)));
        assert_eq!(period("2025-26", 5), None);
    }
}
