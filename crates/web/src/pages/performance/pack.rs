//! The quarterly scrutiny pack: every measure of the plan with its chart, SPC reading and
//! commentary, and every commitment's status, as they stood at the end of the quarter. The
//! public reads a pack once its quarter is published; staff and the Panel read drafts.

use super::{frequency_kind, measures, parse_quarter_slug};
use crate::AppState;
use crate::charts::{Analysis, analyse_measure};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pages::plans::visible_plan;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
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
    let Period::Month(last_month) = end_month else {
        unreachable!("a quarter's months are months")
    };
    let end_day = last_month.last_day();
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
                as_of: known.map(|u| u.date.long()),
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
    let office = crate::policy::is_office_or_panel(ctx);
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
            "plans",
        ),
        quarter_slug: super::quarter_slug(&q),
        pack,
    })
}

/// The pack as data for the PDF: the same content as the page.
fn document(pack: &Pack<'_>) -> opcc_reports::PackDoc {
    opcc_reports::PackDoc {
        title: format!("Quarterly scrutiny pack: {}", pack.quarter.label()),
        subtitle: pack.plan.title.clone(),
        draft: !pack.published,
        intro: "Each measure is read with statistical process control, as in NHS England's \
                Making Data Count: a point is special cause when it falls outside the process \
                limits, in a run of 7 on one side of the mean, in a trend of 7 rising or falling, \
                or 2 of 3 beyond two-thirds of the way to a limit. Everything else is common \
                cause variation."
            .into(),
        summary: pack
            .measures
            .iter()
            .filter_map(|pm| {
                let a = pm.analysis.as_ref()?;
                let latest = match (a.chart.rows.last(), a.result.points.last()) {
                    (Some(row), Some(p)) => {
                        format!(
                            "{} ({})",
                            crate::charts::with_unit(p.value, pm.m.unit),
                            row.period
                        )
                    }
                    _ => String::new(),
                };
                Some([
                    pm.m.title.clone(),
                    latest,
                    a.reading.variation.to_string(),
                    a.reading.assurance.clone(),
                ])
            })
            .collect(),
        without_values: pack
            .measures
            .iter()
            .filter(|pm| pm.analysis.is_none())
            .map(|pm| pm.m.title.clone())
            .collect(),
        measures: pack
            .measures
            .iter()
            .filter(|pm| pm.analysis.is_some())
            .map(|pm| opcc_reports::MeasureDoc {
                heading: pm.m.title.clone(),
                item: pm.item.clone(),
                reading: pm
                    .analysis
                    .as_ref()
                    .map(|a| {
                        let r = &a.reading;
                        let mut v = vec![
                            ("Variation".to_string(), r.variation.to_string()),
                            ("Assurance".to_string(), r.assurance.clone()),
                            ("Against last year".to_string(), r.year_on_year.clone()),
                            (
                                "Against the baseline".to_string(),
                                r.against_baseline.clone(),
                            ),
                        ];
                        if let Some(c) = &r.comparator {
                            v.push(("Comparison".to_string(), c.clone()));
                        }
                        if let Some(n) = &r.limits_note {
                            v.push(("Process limits".to_string(), n.clone()));
                        }
                        v
                    })
                    .unwrap_or_else(|| {
                        vec![(
                            "Values".to_string(),
                            "None recorded by the end of the quarter".to_string(),
                        )]
                    }),
                commentary: pm
                    .commentary
                    .as_ref()
                    .map(|(p, c)| format!("Commentary, {p}: {c}")),
                chart_svg: pm.analysis.as_ref().map(|a| a.chart.svg.clone()),
                table: pm
                    .analysis
                    .as_ref()
                    .map(|a| {
                        let mut t = vec![
                            [
                                "Period",
                                "Value",
                                "Mean",
                                "Lower limit",
                                "Upper limit",
                                "Reading",
                            ]
                            .map(String::from)
                            .to_vec(),
                        ];
                        t.extend(a.chart.rows.iter().map(|r| {
                            vec![
                                r.period.clone(),
                                r.value.clone(),
                                r.mean.clone(),
                                r.lower.clone(),
                                r.upper.clone(),
                                r.reading.to_string(),
                            ]
                        }));
                        t
                    })
                    .unwrap_or_default(),
            })
            .collect(),
        commitments: pack
            .commitments
            .iter()
            .map(|c| {
                let status = crate::pages::plans::status_tag_of(&c.status).text;
                [
                    c.place.clone(),
                    c.text.clone(),
                    c.owner.clone(),
                    match &c.as_of {
                        Some(d) => format!("{status} ({d})"),
                        None => status.to_string(),
                    },
                ]
            })
            .collect(),
    }
}

pub async fn pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, quarter)): Path<(String, String)>,
) -> Result<axum::response::Response, WebError> {
    use axum::response::IntoResponse;
    let (plan, q) = readable(&state, &ctx, &slug, &quarter).await?;
    let pack = build(&state, &plan, q).await?;
    let doc = document(&pack);
    let today = crate::pages::plans::today().0;
    // Typesetting takes a moment of CPU; keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || opcc_reports::pack_pdf(&doc, today))
        .await
        .map_err(|e| WebError::Internal(format!("pdf task: {e}")))?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{slug}-{quarter}.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
