//! Police & Crime Plans in the database: written whole from a plan file (`import.rs`), read
//! back whole as one (`load.rs`), and changed piece by piece by staff (`edit.rs`), each change
//! with its audit entry. Items, commitments and measures are addressed by their keys, which
//! are unique within a plan.

mod change;
mod consultation;
mod edit;
mod import;
mod load;
mod measures;
mod panel;

pub use change::{NEEDS_REASON, in_force};
pub use consultation::*;
pub use edit::*;
pub use import::{ImportError, import};
pub use load::{PlanSummary, list, load};
pub use measures::*;
pub use panel::*;

use crate::{Result, StoreError};
use sqlx::AnyConnection;

/// The plan's id, or an error naming the slug.
pub(crate) async fn plan_id(conn: &mut AnyConnection, slug: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM plans WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("plan {slug:?}")))
}
