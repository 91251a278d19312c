//! The legacy method, for comparison: the greedy stratified draw of the Sortition Foundation's
//! `stratification.py` (`find_random_sample_legacy`). Each step takes the feature whose unmet
//! minimum is largest relative to the people left who have it, picks one of those people at
//! random, and removes everyone whose feature has reached its maximum. It can fail part way and
//! is then retried; it does not control anyone's chance of selection.

use crate::{Instance, Randomness, SortitionError};

const ATTEMPTS: usize = 100;

/// One panel drawn the legacy way (indices ascending).
pub fn legacy(inst: &Instance, rng: &mut Randomness) -> Result<Vec<usize>, SortitionError> {
    let mut last = String::new();
    for _ in 0..ATTEMPTS {
        match attempt(inst, rng) {
            Ok(panel) => return Ok(panel),
            Err(why) => last = why,
        }
    }
    Err(SortitionError::Infeasible {
        message: format!("The legacy method failed {ATTEMPTS} times; the last time: {last}"),
        conflicting: Vec::new(),
    })
}

fn attempt(inst: &Instance, rng: &mut Randomness) -> Result<Vec<usize>, String> {
    let mut remaining: Vec<bool> = vec![true; inst.people.len()];
    let mut left = inst.pool_counts();
    let mut selected_counts: Vec<Vec<u32>> = inst
        .categories
        .iter()
        .map(|c| vec![0; c.features.len()])
        .collect();
    let mut panel = Vec::with_capacity(inst.panel as usize);
    for _ in 0..inst.panel {
        let mut best: Option<(f64, usize, usize)> = None;
        for (c, category) in inst.categories.iter().enumerate() {
            for (f, q) in category.features.iter().enumerate() {
                let (have, pool) = (selected_counts[c][f], left[c][f]);
                if have < q.min && pool < q.min - have {
                    return Err(format!("too few left for {}: {}", category.name, q.feature));
                }
                if pool != 0 && q.max != 0 {
                    let ratio = (f64::from(q.min) - f64::from(have)) / f64::from(pool);
                    if best.is_none_or(|(r, _, _)| ratio > r) {
                        best = Some((ratio, c, f));
                    }
                }
            }
        }
        let (_, c, f) = best.ok_or("nobody left to select")?;
        let nth = rng.below(u64::from(left[c][f])) as usize;
        let person = (0..inst.people.len())
            .filter(|&i| remaining[i] && inst.people[i].features[c] == f)
            .nth(nth)
            .ok_or("the counts of people left went wrong")?;
        panel.push(person);
        remove(inst, &mut remaining, &mut left, person);
        for (c2, &f2) in inst.people[person].features.iter().enumerate() {
            selected_counts[c2][f2] += 1;
            if selected_counts[c2][f2] == inst.categories[c2].features[f2].max {
                for i in 0..inst.people.len() {
                    if remaining[i] && inst.people[i].features[c2] == f2 {
                        remove(inst, &mut remaining, &mut left, i);
                    }
                }
            }
        }
    }
    if !inst.is_valid_panel(&panel) {
        return Err("the panel drawn misses a minimum".into());
    }
    panel.sort_unstable();
    Ok(panel)
}

fn remove(inst: &Instance, remaining: &mut [bool], left: &mut [Vec<u32>], i: usize) {
    remaining[i] = false;
    for (c, &f) in inst.people[i].features.iter().enumerate() {
        left[c][f] -= 1;
    }
}

/// Each person's share of `runs` legacy draws: an estimate of their selection probability.
pub fn legacy_probabilities(
    inst: &Instance,
    runs: usize,
    seed: u64,
) -> Result<Vec<f64>, SortitionError> {
    let mut rng = Randomness::new(seed);
    let mut hits = vec![0u32; inst.people.len()];
    for _ in 0..runs {
        for i in legacy(inst, &mut rng)? {
            hits[i] += 1;
        }
    }
    Ok(hits
        .into_iter()
        .map(|h| f64::from(h) / runs as f64)
        .collect())
}
