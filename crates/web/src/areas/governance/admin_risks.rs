//! The joint risk register kept by the office: each risk scored by likelihood and impact, its
//! trend and owner, saved through the store with its audit entry.

use super::admin::done;
use super::long_day;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::{TRENDS, risk_rating};
use opcc_store::StoreError;
use opcc_store::governance as gov;
use serde::Deserialize;

pub struct RiskView {
    pub r: gov::risks::Risk,
    pub before: i64,
    pub after: i64,
    pub before_rating: &'static str,
    pub after_rating: &'static str,
    pub review: String,
    pub review_overdue: bool,
    pub trend: &'static str,
}

#[derive(Template)]
#[template(path = "governance/risks.html")]
struct RisksPage {
    l: Layout,
    risks: Vec<RiskView>,
    trends: [(&'static str, &'static str); 3],
}

pub async fn risks(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    let today = opcc_store::finance::iso(super::today());
    let risks = gov::risks::list(&state.db)
        .await?
        .into_iter()
        .map(|r| {
            let before = r.likelihood_before * r.impact_before;
            let after = r.likelihood_after * r.impact_after;
            RiskView {
                before,
                after,
                before_rating: risk_rating(before),
                after_rating: risk_rating(after),
                review: long_day(&r.review_on),
                review_overdue: r.review_on < today,
                trend: TRENDS
                    .iter()
                    .find(|(t, _)| *t == r.trend)
                    .map(|(_, l)| *l)
                    .unwrap_or("Steady"),
                r,
            }
        })
        .collect();
    Ok(render(&RisksPage {
        l: Layout::new(&state, &ctx, "Joint risk register", "governance"),
        risks,
        trends: TRENDS,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct RiskForm {
    reference: String,
    title: String,
    owner: String,
    likelihood_before: String,
    impact_before: String,
    likelihood_after: String,
    impact_after: String,
    #[serde(default)]
    controls: String,
    #[serde(default)]
    actions: String,
    review_on: String,
    trend: String,
}

pub async fn save_risk(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<RiskForm>,
) -> Result<Response, WebError> {
    let r = async {
        let n = |field: &str, v: &str| {
            v.trim().parse::<i64>().map_err(|_| {
                StoreError::Invalid(format!("{field}: enter a whole number from 1 to 5"))
            })
        };
        let risk = gov::risks::Risk {
            likelihood_before: n("likelihood_before", &f.likelihood_before)?,
            impact_before: n("impact_before", &f.impact_before)?,
            likelihood_after: n("likelihood_after", &f.likelihood_after)?,
            impact_after: n("impact_after", &f.impact_after)?,
            reference: f.reference,
            title: f.title,
            owner: f.owner,
            controls: f.controls,
            actions: f.actions,
            review_on: f.review_on.trim().to_string(),
            trend: f.trend,
        };
        gov::risks::save(&state.db, &who.actor(), &risk).await
    }
    .await;
    done(&state, &ctx, r, "/admin/governance/risks").await
}
