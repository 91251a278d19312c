//! Selecting a citizens' assembly from a pool of volunteers, as Flanigan, Gölz, Gupta, Hennig
//! and Procaccia, "Fair algorithms for selecting citizens' assemblies" (Nature 596, 2021) do:
//! a distribution over panels that meet every quota, maximising the smallest selection
//! probability, then the next smallest, and so on (LEXIMIN), found by column generation; then
//! one panel drawn from it by a seeded draw anyone can redo ([`draw`]). The legacy greedy
//! stratified draw is here for comparison ([`legacy`]), and drop-outs are replaced keeping
//! the quotas ([`replace`]).
//!
//! Volunteers with the same features in every category are interchangeable: any distribution
//! can be averaged over the permutations of each such group without changing which panels meet
//! the quotas, and the LEXIMIN probabilities are unique, so they are equal within a group. The
//! solver therefore works over *types* (a group and its size) and panels as a count per type;
//! a drawn panel takes that many of each group uniformly at random. This is exact, not a
//! heuristic, and is why pools with few distinct types (the paper's 2,000-person example)
//! solve in moments; a pool where everyone differs is solved at full size.

mod draw;
mod feasible;
mod instance;
mod legacy;
mod leximin;
mod pricing;
mod replace;

pub use draw::{Randomness, draw};
pub use feasible::check_feasible;
pub use instance::{Category, Instance, MAX_PANEL, MAX_PEOPLE, Person, Quota};
pub use legacy::{legacy, legacy_probabilities};
pub use leximin::{Distribution, Panel, Progress, Types, leximin};
pub use replace::replace;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SortitionError {
    /// The files or figures given are malformed; the message names file, row and field.
    #[error("{0}")]
    Input(String),
    /// No panel meets the quotas; `conflicting` names a smallest set of quotas that cannot
    /// hold together (each as "category: feature").
    #[error("{message}")]
    Infeasible {
        message: String,
        conflicting: Vec<String>,
    },
    /// The solver failed (numerical trouble); nothing was selected.
    #[error("the solver failed: {0}")]
    Solver(String),
}
