//! LEXIMIN by column generation (Flanigan et al. 2021, Methods): for each level, the dual of
//! "maximise the smallest probability of those not yet fixed" is solved over the panels found
//! so far; the integer program prices a new panel from the dual weights; when no panel prices
//! above the dual bound the level is optimal and the types carrying dual weight are fixed at
//! it. A last LP finds the distribution over the panels found that gives every type at least
//! its fixed probability.

use std::collections::{BTreeMap, HashSet};

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde::Serialize;

use crate::{Instance, SortitionError, check_feasible, pricing::best_panel};

/// A panel priced no higher than the dual bound plus this is taken as not improving.
const PRICE_TOLERANCE: f64 = 1e-9;
/// Types whose dual weight exceeds this are fixed at the level just solved.
const WEIGHT_TOLERANCE: f64 = 1e-7;
/// How far below its fixed probability the final LP may leave a type (floating point).
const FINAL_SLACK: f64 = 1e-9;
const MAX_ROUNDS: usize = 200_000;

/// People grouped by their features: `features[t]` is type t's feature per category and
/// `members[t]` the indices of its people, ascending.
#[derive(Debug, Clone, Serialize)]
pub struct Types {
    pub features: Vec<Vec<usize>>,
    pub members: Vec<Vec<usize>>,
}

impl Types {
    pub fn of(inst: &Instance) -> Self {
        let mut groups: BTreeMap<&[usize], Vec<usize>> = BTreeMap::new();
        for (i, p) in inst.people.iter().enumerate() {
            groups.entry(&p.features).or_default().push(i);
        }
        let (features, members) = groups.into_iter().map(|(f, m)| (f.to_vec(), m)).unzip();
        Self { features, members }
    }
}

/// One panel of the distribution: how many of each type it takes, and its probability.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub probability: f64,
    pub counts: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub types: Types,
    /// In ascending order of `counts`, so that a draw walks them in an order anyone can rebuild.
    pub panels: Vec<Panel>,
    /// Each person's selection probability, by index into the instance's people.
    pub probabilities: Vec<f64>,
    pub minimum: f64,
    /// Levels fixed and panels generated, for the record.
    pub levels: usize,
    pub panels_generated: usize,
}

/// Reported while solving, for a progress indicator.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub level: usize,
    pub fixed_types: usize,
    pub types: usize,
    pub panels: usize,
}

fn all(_: usize, _: usize) -> bool {
    true
}

pub fn leximin(
    inst: &Instance,
    progress: &mut dyn FnMut(Progress),
) -> Result<Distribution, SortitionError> {
    check_feasible(inst)?;
    let types = Types::of(inst);
    let t_count = types.members.len();
    let sizes: Vec<f64> = types.members.iter().map(|m| m.len() as f64).collect();
    let mut panels: Vec<Vec<u32>> = Vec::new();
    let mut seen: HashSet<Vec<u32>> = HashSet::new();
    let mut fixed: Vec<Option<f64>> = vec![None; t_count];

    // Start from panels covering every type that can sit on one; a type on no panel is fixed
    // at zero.
    let mut covered = vec![false; t_count];
    loop {
        let weights: Vec<f64> = covered.iter().map(|&c| if c { 0.0 } else { 1.0 }).collect();
        let (_, counts) = best_panel(inst, &types, &weights, &all)?
            .ok_or_else(|| SortitionError::Solver("a feasible instance had no panel".into()))?;
        let newly: Vec<usize> = (0..t_count)
            .filter(|&t| !covered[t] && counts[t] > 0)
            .collect();
        if seen.insert(counts.clone()) {
            panels.push(counts);
        }
        if newly.is_empty() {
            break;
        }
        for t in newly {
            covered[t] = true;
        }
    }
    for t in 0..t_count {
        if !covered[t] {
            fixed[t] = Some(0.0);
        }
    }

    let mut level = 0;
    let mut rounds = 0;
    while fixed.iter().any(Option::is_none) {
        level += 1;
        // Dual: minimise ŷ − Σ_fixed f_t·y_t subject to, for each panel P, Σ_t (P_t/n_t)·y_t ≤ ŷ,
        // Σ_unfixed y_t = 1, y ≥ 0.
        let mut dual = Problem::new(OptimizationDirection::Minimize);
        let y: Vec<_> = fixed
            .iter()
            .map(|f| dual.add_var(-f.unwrap_or(0.0), (0.0, f64::INFINITY)))
            .collect();
        let cap = dual.add_var(1.0, (f64::NEG_INFINITY, f64::INFINITY));
        let unfixed: Vec<_> = (0..t_count)
            .filter(|&t| fixed[t].is_none())
            .map(|t| (y[t], 1.0))
            .collect();
        dual.add_constraint(unfixed.as_slice(), ComparisonOp::Eq, 1.0);
        let row = |counts: &[u32]| {
            let mut expr: Vec<_> = counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(t, &c)| (y[t], f64::from(c) / sizes[t]))
                .collect();
            expr.push((cap, -1.0));
            expr
        };
        for p in &panels {
            dual.add_constraint(row(p).as_slice(), ComparisonOp::Le, 0.0);
        }
        let mut solution = dual
            .solve()
            .map_err(|e| SortitionError::Solver(e.to_string()))?
            .into_solution()
            .map_err(|_| SortitionError::Solver("the LP stopped early".into()))?;
        loop {
            rounds += 1;
            if rounds > MAX_ROUNDS {
                return Err(SortitionError::Solver(format!(
                    "no convergence after {MAX_ROUNDS} panels"
                )));
            }
            let weights: Vec<f64> = (0..t_count)
                .map(|t| solution.var_value(y[t]).max(0.0) / sizes[t])
                .collect();
            let bound = solution.var_value(cap);
            let (_, counts) = best_panel(inst, &types, &weights, &all)?
                .ok_or_else(|| SortitionError::Solver("a feasible instance had no panel".into()))?;
            let value: f64 = counts
                .iter()
                .zip(&weights)
                .map(|(&c, w)| f64::from(c) * w)
                .sum();
            progress(Progress {
                level,
                fixed_types: fixed.iter().filter(|f| f.is_some()).count(),
                types: t_count,
                panels: panels.len(),
            });
            if value <= bound + PRICE_TOLERANCE || seen.contains(&counts) {
                let level_value = solution.objective().clamp(0.0, 1.0);
                for t in 0..t_count {
                    if fixed[t].is_none() && solution.var_value(y[t]) > WEIGHT_TOLERANCE {
                        fixed[t] = Some(level_value);
                    }
                }
                break;
            }
            seen.insert(counts.clone());
            let expr = row(&counts);
            panels.push(counts);
            solution = solution
                .add_constraint(expr.as_slice(), ComparisonOp::Le, 0.0)
                .map_err(|e| SortitionError::Solver(e.to_string()))?
                .into_solution()
                .map_err(|_| SortitionError::Solver("the LP stopped early".into()))?;
        }
    }

    let fixed: Vec<f64> = fixed.into_iter().map(|f| f.unwrap_or(0.0)).collect();
    let weights = final_distribution(&panels, &sizes, &fixed)?;
    let mut chosen: Vec<Panel> = panels
        .into_iter()
        .zip(weights)
        .filter(|(_, w)| *w > 0.0)
        .map(|(counts, probability)| Panel {
            probability,
            counts,
        })
        .collect();
    chosen.sort_by(|a, b| a.counts.cmp(&b.counts));
    let mut by_type = vec![0.0; t_count];
    for p in &chosen {
        for (t, &c) in p.counts.iter().enumerate() {
            by_type[t] += p.probability * f64::from(c) / sizes[t];
        }
    }
    let mut probabilities = vec![0.0; inst.people.len()];
    for (t, members) in types.members.iter().enumerate() {
        for &i in members {
            probabilities[i] = by_type[t];
        }
    }
    let minimum = probabilities.iter().copied().fold(f64::INFINITY, f64::min);
    let panels_generated = seen.len();
    Ok(Distribution {
        types,
        panels: chosen,
        probabilities,
        minimum,
        levels: level,
        panels_generated,
    })
}

/// Probabilities over `panels` giving each type at least its fixed probability; clipped at
/// zero, tiny weights dropped, and normalised to sum to one.
fn final_distribution(
    panels: &[Vec<u32>],
    sizes: &[f64],
    fixed: &[f64],
) -> Result<Vec<f64>, SortitionError> {
    let mut primal = Problem::new(OptimizationDirection::Maximize);
    let lambda: Vec<_> = panels
        .iter()
        .map(|_| primal.add_var(0.0, (0.0, 1.0)))
        .collect();
    let sum: Vec<_> = lambda.iter().map(|&l| (l, 1.0)).collect();
    primal.add_constraint(sum.as_slice(), ComparisonOp::Eq, 1.0);
    for (t, &f) in fixed.iter().enumerate() {
        let expr: Vec<_> = panels
            .iter()
            .zip(&lambda)
            .filter(|(p, _)| p[t] > 0)
            .map(|(p, &l)| (l, f64::from(p[t]) / sizes[t]))
            .collect();
        if f > FINAL_SLACK && !expr.is_empty() {
            primal.add_constraint(expr.as_slice(), ComparisonOp::Ge, f - FINAL_SLACK);
        }
    }
    let solution = primal
        .solve()
        .map_err(|e| SortitionError::Solver(format!("the final distribution: {e}")))?
        .into_solution()
        .map_err(|_| SortitionError::Solver("the final LP stopped early".into()))?;
    let mut weights: Vec<f64> = lambda
        .iter()
        .map(|&l| solution.var_value(l))
        .map(|w| if w < 1e-12 { 0.0 } else { w })
        .collect();
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(SortitionError::Solver(
            "the final distribution is empty".into(),
        ));
    }
    for w in &mut weights {
        *w /= total;
    }
    Ok(weights)
}
