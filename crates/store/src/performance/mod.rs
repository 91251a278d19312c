//! Measure values: saving them (by form, upload or derivation, all through `save`), reading a
//! series back, locking quarters when their pack is published, and correcting a locked figure
//! with a reason. A measure is addressed by its plan's slug and its key.

mod derive;
mod derived;
mod locks;
mod settings;
mod values;

pub use derive::*;
pub use derived::*;
pub use locks::*;
pub use settings::*;
pub use values::*;
