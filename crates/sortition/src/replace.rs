//! Replacing people who drop out after selection: the replacements are selected by LEXIMIN
//! from those not selected (and not unavailable), with each quota reduced by those who stay,
//! so the new panel meets the original quotas.

use crate::{Category, Instance, Person, Quota, SortitionError, draw, leximin};

/// The new panel (indices ascending) after `dropped` leave `panel`; `unavailable` are people
/// who may not be chosen (withdrawn, or dropped earlier).
pub fn replace(
    inst: &Instance,
    panel: &[usize],
    dropped: &[usize],
    unavailable: &[usize],
    seed: u64,
) -> Result<Vec<usize>, SortitionError> {
    if let Some(d) = dropped.iter().find(|d| !panel.contains(d)) {
        return Err(SortitionError::Input(format!(
            "person {} is not on the panel",
            inst.people[*d].id
        )));
    }
    let staying: Vec<usize> = panel
        .iter()
        .copied()
        .filter(|i| !dropped.contains(i))
        .collect();
    if dropped.is_empty() {
        return Ok(staying);
    }
    let kept = inst.make_up(&staying);
    let categories = inst
        .categories
        .iter()
        .zip(&kept)
        .map(|(c, have)| Category {
            name: c.name.clone(),
            features: c
                .features
                .iter()
                .zip(have)
                .map(|(q, &h)| Quota {
                    feature: q.feature.clone(),
                    min: q.min.saturating_sub(h),
                    max: q.max.saturating_sub(h),
                })
                .collect(),
        })
        .collect();
    let pool: Vec<usize> = (0..inst.people.len())
        .filter(|i| !panel.contains(i) && !unavailable.contains(i))
        .collect();
    let people: Vec<Person> = pool.iter().map(|&i| inst.people[i].clone()).collect();
    let sub = Instance::new(categories, people, dropped.len() as u32)?;
    let dist = leximin(&sub, &mut |_| {})?;
    let mut result = staying;
    result.extend(draw(&dist, seed).into_iter().map(|j| pool[j]));
    result.sort_unstable();
    Ok(result)
}
