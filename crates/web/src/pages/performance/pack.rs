//! The quarterly scrutiny pack: every measure of the plan with its chart, SPC reading and
//! commentary, and every commitment's status, as they stood at the end of the quarter. The
//! public reads a pack once its quarter is published; staff and the Panel read drafts.

use super::{frequency_kind, measures, parse_quarter_slug};
use crate::AppState;
use crate::charts::{Analysis, analyse_measure};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, Nav, render};
use crate::pages::plans::visible_plan;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use opcc_domain::accounts::{Audience, Role};
use opcc_domain::periods::Period;
use opcc_domain::plans::CommitmentStatus;
use opcc_domain::plans::file::{Measure, PlanFile};

pub struct PackMeasure<'a> {
    pub item: String,
    pub m: &'a Measure,
    pub analysis: Option<Analysis>,
    pub commentary: Option<(Period, String)>,
}

pub struct PackCommitment {
    pub place: String,
    pub text: String,
    pub owner: String,
    pub status: Option<CommitmentStatus>,
    pub as_of: Option<String>,
    pub narrative: String,
}

pub struct Pack<'a> {
    pub plan: &'a PlanFile,
    pub quarter: Period,
    pub published: bool,
    pub measures: Vec<PackMeasure<'a>>,
    pub commitments: Vec<PackCommitment>,
}

/// Builds the pack from what was known at the end of the quarter.
pub async fn build<'a>(
    state: &AppState,
    plan: &'a PlanFile,
    quarter: Period,
) -> Result<Pack<'a>, WebError> {
    let end_month = *quarter.months().last().expect("a quarter has months");
    let end_day = {
        let Period::Month(y, m) = end_month.next() else {
            unreachable!()
        };
        time::Date::from_calendar_date(y, time::Month::try_from(m).expect("1..=12"), 1)
            .expect("a real date")
            .previous_day()
            .expect("not the first day ever")
    };
    let mut out = Vec::new();
    for (item, m) in measures(plan) {
        let kind = frequency_kind(m.frequency);
        let mut values =
            opcc_store::performance::series(&state.db, &plan.slug, &m.key, &plan.force_area, kind)
                .await?;
        values.retain(|v| {
            v.period
                .months()
                .last()
                .is_some_and(|last| *last <= end_month)
        });
        let settings = opcc_store::performance::settings(&state.db, &plan.slug, &m.key).await?;
        let commentary = values
            .iter()
            .rev()
            .find(|v| !v.commentary.is_empty())
            .map(|v| (v.period, v.commentary.clone()));
        out.push(PackMeasure {
            item,
            analysis: analyse_measure(m, &values, &settings),
            commentary,
            m,
        });
    }
    let commitments = crate::pages::plans::commitment_paths(plan)
        .into_iter()
        .map(|(place, c)| {
            let known = c.updates.iter().rev().find(|u| u.date.0 <= end_day);
            PackCommitment {
                place,
                text: c.text.clone(),
                owner: c.owner.label(),
                status: known.map(|u| u.status),
                as_of: known.map(|u| u.date.to_string()),
                narrative: known.map(|u| u.narrative.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let published = opcc_store::performance::locked_quarters(&state.db, &plan.slug)
        .await?
        .contains(&quarter);
    Ok(Pack {
        plan,
        quarter,
        published,
        measures: out,
        commitments,
    })
}

/// The pack's quarter from the address, and whether this caller may read it.
pub async fn readable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    quarter: &str,
) -> Result<(PlanFile, Period), WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let quarter = parse_quarter_slug(quarter).ok_or(WebError::NotFound)?;
    let office = matches!(
        ctx.audience(),
        Audience::User(Role::Admin | Role::Staff | Role::Panel)
    );
    let published = opcc_store::performance::locked_quarters(&state.db, slug)
        .await?
        .contains(&quarter);
    if published || office {
        Ok((plan, quarter))
    } else {
        Err(WebError::NotFound)
    }
}

#[derive(Template)]
#[template(path = "performance/pack.html")]
struct PackPage<'a> {
    l: Layout,
    pack: Pack<'a>,
    quarter_slug: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, quarter)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let (plan, q) = readable(&state, &ctx, &slug, &quarter).await?;
    let pack = build(&state, &plan, q).await?;
    render(&PackPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Scrutiny pack, {}", q.label()),
            Nav::Plans,
        ),
        quarter_slug: super::quarter_slug(&q),
        pack,
    })
}
