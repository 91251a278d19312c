//! The integer program every step uses: the panel (a count per type) that maximises a weighted
//! sum, subject to the panel size and the quotas.

use microlp::{ComparisonOp, Error, OptimizationDirection, Problem};

use crate::{Instance, SortitionError, leximin::Types};

/// Which quotas to impose: all of them, or (when looking for a conflict) a subset, each
/// quota named by (category, feature).
pub(crate) type Active<'a> = &'a dyn Fn(usize, usize) -> bool;

/// The best panel for `weights` (one per type), or `None` when no panel meets the active
/// quotas. Returns the objective and the count per type.
pub(crate) fn best_panel(
    inst: &Instance,
    types: &Types,
    weights: &[f64],
    active: Active,
) -> Result<Option<(f64, Vec<u32>)>, SortitionError> {
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    let vars: Vec<_> = types
        .members
        .iter()
        .zip(weights)
        .map(|(m, &w)| problem.add_integer_var(w, (0, m.len() as i32)))
        .collect();
    let all: Vec<_> = vars.iter().map(|&v| (v, 1.0)).collect();
    problem.add_constraint(all.as_slice(), ComparisonOp::Eq, f64::from(inst.panel));
    for (c, category) in inst.categories.iter().enumerate() {
        for (f, q) in category.features.iter().enumerate() {
            if !active(c, f) {
                continue;
            }
            let expr: Vec<_> = vars
                .iter()
                .zip(&types.features)
                .filter(|(_, tf)| tf[c] == f)
                .map(|(&v, _)| (v, 1.0))
                .collect();
            if q.min > 0 {
                problem.add_constraint(expr.as_slice(), ComparisonOp::Ge, f64::from(q.min));
            }
            if q.max < inst.panel {
                problem.add_constraint(expr.as_slice(), ComparisonOp::Le, f64::from(q.max));
            }
        }
    }
    match problem.solve() {
        Ok(outcome) => {
            let solution = outcome
                .into_solution()
                .map_err(|_| SortitionError::Solver("the panel search stopped early".into()))?;
            let counts = vars
                .iter()
                .map(|&v| solution.var_value(v).round().max(0.0) as u32)
                .collect();
            Ok(Some((solution.objective(), counts)))
        }
        Err(Error::Infeasible) => Ok(None),
        Err(e) => Err(SortitionError::Solver(e.to_string())),
    }
}
