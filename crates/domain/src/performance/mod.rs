//! Performance of plan measures, read the way NHS England's "Making Data Count" (MDC) reads
//! it: an XmR chart with process limits (`spc.rs`), MDC's four special-cause rules
//! (`rules.rs`), the variation and assurance icons (`spc.rs`, `assurance.rs`), and two helpers
//! for the figures beside a chart: Wilson intervals for survey proportions (`wilson.rs`) and
//! change against last year or a baseline (`change.rs`). See docs/spc.md for the conventions
//! and how they were cross-checked against independent implementations.

pub mod assurance;
pub mod change;
pub mod rules;
pub mod spc;
pub mod wilson;

pub use crate::plans::Better;
pub use assurance::Assurance;
pub use rules::{Rule, RuleHit, RuleSettings, Side, TwoOfThree};
pub use spc::{
    Limits, MIN_POINTS_FOR_LIMITS, Phase, PointKind, SpcError, SpcInput, SpcPoint, SpcResult,
    Variation, analyse,
};

/// An enum that goes into the JSON API (snake_case) and onto pages (`label()`: icons and colours
/// must always carry words too).
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The words shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}
pub(crate) use labelled_enum;
