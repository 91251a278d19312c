//! Whether any panel meets the quotas, and if not, which quotas conflict.

use crate::{Instance, SortitionError, leximin::Types, pricing::best_panel};

fn describe(inst: &Instance, c: usize, f: usize) -> String {
    let q = &inst.categories[c].features[f];
    format!(
        "{}: {} (at least {}, at most {})",
        inst.categories[c].name, q.feature, q.min, q.max
    )
}

fn infeasible(inst: &Instance, why: String, quotas: &[(usize, usize)]) -> SortitionError {
    let conflicting: Vec<String> = quotas.iter().map(|&(c, f)| describe(inst, c, f)).collect();
    SortitionError::Infeasible {
        message: format!(
            "No panel of {} from this pool of {} meets the quotas: {why}. The conflicting quotas are {}",
            inst.panel,
            inst.people.len(),
            conflicting.join("; ")
        ),
        conflicting,
    }
}

/// `Ok` when at least one panel meets every quota. Otherwise the error names a smallest set
/// of quotas that cannot all hold (found by dropping quotas one at a time while the rest stay
/// infeasible), after the plainer reasons a person can check by hand.
pub fn check_feasible(inst: &Instance) -> Result<(), SortitionError> {
    let pool = inst.pool_counts();
    if inst.people.len() < inst.panel as usize {
        return Err(SortitionError::Infeasible {
            message: format!(
                "The pool has {} people, fewer than the panel of {}",
                inst.people.len(),
                inst.panel
            ),
            conflicting: Vec::new(),
        });
    }
    for (c, category) in inst.categories.iter().enumerate() {
        let all: Vec<(usize, usize)> = (0..category.features.len()).map(|f| (c, f)).collect();
        for (f, q) in category.features.iter().enumerate() {
            if q.min > pool[c][f] {
                return Err(infeasible(
                    inst,
                    format!(
                        "the minimum of {} is more than the {} in the pool",
                        q.min, pool[c][f]
                    ),
                    &[(c, f)],
                ));
            }
        }
        let mins: u32 = category.features.iter().map(|q| q.min).sum();
        if mins > inst.panel {
            return Err(infeasible(
                inst,
                format!(
                    "the minimums of {} add up to {mins}, more than the panel",
                    category.name
                ),
                &all,
            ));
        }
        let room: u32 = category
            .features
            .iter()
            .zip(&pool[c])
            .map(|(q, &n)| q.max.min(n))
            .sum();
        if room < inst.panel {
            return Err(infeasible(
                inst,
                format!(
                    "the maximums of {} (or the people in the pool, where fewer) add up to {room}, less than the panel",
                    category.name
                ),
                &all,
            ));
        }
    }
    let types = Types::of(inst);
    let zero = vec![0.0; types.members.len()];
    let everything: Vec<(usize, usize)> = inst
        .categories
        .iter()
        .enumerate()
        .flat_map(|(c, cat)| (0..cat.features.len()).map(move |f| (c, f)))
        .collect();
    let feasible_with = |set: &[(usize, usize)]| -> Result<bool, SortitionError> {
        let active = |c: usize, f: usize| set.contains(&(c, f));
        Ok(best_panel(inst, &types, &zero, &active)?.is_some())
    };
    if feasible_with(&everything)? {
        return Ok(());
    }
    let mut conflict = everything;
    let mut i = 0;
    while i < conflict.len() {
        let mut without = conflict.clone();
        without.remove(i);
        if feasible_with(&without)? {
            i += 1;
        } else {
            conflict = without;
        }
    }
    Err(infeasible(
        inst,
        "these quotas cannot all hold at once".into(),
        &conflict,
    ))
}
