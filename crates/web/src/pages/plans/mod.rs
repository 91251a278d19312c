//! Plan pages: what the public reads (`public.rs`), the exports (`export.rs`), and what staff
//! and the Panel use to run a plan (`manage.rs`).

pub mod commitment;
pub mod export;
pub mod item_edit;
pub mod manage;
pub mod measure_edit;
pub mod panel;
pub mod public;
mod view;

pub use view::paths as commitment_paths;
pub use view::plan_rollup;
/// For templates, which hand functions references.
pub fn status_tag_of(s: &Option<opcc_domain::plans::CommitmentStatus>) -> view::Tag {
    view::status_tag(*s)
}

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::{Day, PlanFile};

pub use crate::policy::can_see_plan as can_see;

pub async fn visible_plan(state: &AppState, ctx: &Ctx, slug: &str) -> Result<PlanFile, WebError> {
    let plan = opcc_store::plans::load(&state.db, slug)
        .await?
        .ok_or(WebError::NotFound)?;
    if can_see(ctx, plan.status()) {
        Ok(plan)
    } else {
        Err(WebError::NotFound)
    }
}

pub fn today() -> Day {
    Day(time::OffsetDateTime::now_utc().date())
}

/// Whether the public may comment today.
pub fn open_for_comment(plan: &PlanFile, today: Day) -> bool {
    plan.status() == PlanStatus::Consultation
        && plan.consultation_closes.is_some_and(|c| today <= c)
}
