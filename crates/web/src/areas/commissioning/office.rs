//! The office's commissioning pages: the dashboard (applications awaiting a decision,
//! returns due and overdue, contracts ending within six months, returns to review), the
//! four-stage pipeline, organisations and which provider accounts act for them, returns and
//! 360Giving uploads.

use super::{done, long_day, money, problems};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::commissioning::{Stage, ends_soon, outcome_label, returns};
use opcc_store::StoreError;
use opcc_store::commissioning::{self as com, grants, services};
use serde::Deserialize;

fn date(s: &str) -> Option<time::Date> {
    time::Date::parse(
        s.get(..10)?,
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

#[derive(Template)]
#[template(path = "commissioning/dashboard.html")]
struct Dashboard {
    l: Layout,
    provider: bool,
    pending: Vec<(i64, String, String, String)>,
    period: String,
    due_on: String,
    overdue: bool,
    missing: Vec<String>,
    ending: Vec<(String, String, String)>,
    to_review: Vec<(i64, String, String, String, String, String)>,
    grants: Vec<(String, String, String, String, &'static str)>,
    organisations: Vec<com::Organisation>,
    accounts: Vec<(i64, String, Option<String>)>,
}

/// `GET /admin/commissioning`
pub async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    let db = &state.db;
    let today = time::OffsetDateTime::now_utc().date();
    let (fy, q, due) = returns::latest_quarter(today);
    let all_services = services::services(db).await?;
    let all_returns = services::returns(db, None).await?;
    let year = fy.to_string();
    let missing = all_services
        .iter()
        .filter(|s| {
            date(&s.ends_on).is_none_or(|e| e >= fy.start())
                && !all_returns.iter().any(|r| {
                    r.service_slug == s.slug && r.year == year && (r.quarter == q || r.quarter == 0)
                })
        })
        .map(|s| s.name.clone())
        .collect();
    Ok(render(&Dashboard {
        l: Layout::new(&state, &ctx, "Commissioning and grants", "commissioning"),
        provider: false,
        pending: grants::applications(db, None)
            .await?
            .into_iter()
            .filter(|a| a.status == "submitted")
            .map(|a| {
                (
                    a.id,
                    a.title,
                    a.organisation_name,
                    a.submitted_at.as_deref().map(long_day).unwrap_or_default(),
                )
            })
            .collect(),
        period: returns::period_label(&year, q),
        due_on: opcc_domain::finance::long_date(due),
        overdue: today > due,
        missing,
        ending: all_services
            .iter()
            .filter(|s| date(&s.ends_on).is_some_and(|e| ends_soon(e, today)))
            .map(|s| {
                (
                    s.name.clone(),
                    s.organisation_name.clone(),
                    long_day(&s.ends_on),
                )
            })
            .collect(),
        to_review: all_returns
            .into_iter()
            .filter(|r| r.status == "submitted")
            .map(|r| {
                (
                    r.id,
                    r.service_name,
                    returns::period_label(&r.year, r.quarter),
                    crate::pages::home::thousands(&r.referrals),
                    crate::pages::home::thousands(&r.supported),
                    r.query,
                )
            })
            .collect(),
        grants: com::cycle::offers(db, None)
            .await?
            .into_iter()
            .map(|w| {
                let state = match (&w.accepted_at, &w.end_date) {
                    (None, _) => "Offer not accepted yet",
                    _ if w.final_reports > 0 => "End-of-grant report received",
                    (Some(_), Some(e)) if e.as_str() < today.to_string().as_str() => {
                        "Ended: end-of-grant report due"
                    }
                    _ => "In progress",
                };
                (
                    w.identifier,
                    w.title,
                    w.recipient_name,
                    w.end_date.as_deref().map(long_day).unwrap_or_default(),
                    state,
                )
            })
            .collect(),
        organisations: com::organisations(db).await?,
        accounts: com::provider_accounts(db).await?,
    })?
    .into_response())
}

pub(crate) struct StageRow {
    pub slug: String,
    pub name: String,
    pub provider: String,
    pub value: String,
    pub ends: String,
    pub ending_soon: bool,
    pub next: String,
    pub outcome: &'static str,
    pub evidence: String,
}

#[derive(Template)]
#[template(path = "commissioning/pipeline.html")]
struct PipelinePage {
    l: Layout,
    stages: Vec<(&'static str, &'static str, Vec<StageRow>)>,
}

/// `GET /admin/commissioning/pipeline`: every service by stage of the cycle, soonest
/// contract end first, so that nothing lapses unseen.
pub async fn pipeline(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    let today = time::OffsetDateTime::now_utc().date();
    let mut all = services::services(&state.db).await?;
    all.sort_by(|a, b| a.ends_on.cmp(&b.ends_on));
    let stages = Stage::ALL
        .into_iter()
        .map(|st| {
            let rows = all
                .iter()
                .filter(|s| s.stage == st.as_str())
                .map(|s| StageRow {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    provider: s.organisation_name.clone(),
                    value: money(&s.contract_value),
                    ends: long_day(&s.ends_on),
                    ending_soon: date(&s.ends_on).is_some_and(|e| ends_soon(e, today)),
                    next: s
                        .next_decision_on
                        .as_deref()
                        .map(long_day)
                        .unwrap_or_default(),
                    outcome: outcome_label(s.review_outcome.as_deref().unwrap_or("")),
                    evidence: s.need_evidence.clone(),
                })
                .collect();
            (st.as_str(), st.label(), rows)
        })
        .collect();
    Ok(render(&PipelinePage {
        l: Layout::new(&state, &ctx, "Commissioning pipeline", "commissioning"),
        stages,
    })?
    .into_response())
}

/// `POST /admin/commissioning/organisations`
pub async fn add_organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<com::NewOrganisation>,
) -> Result<Response, WebError> {
    let r = com::add_organisation(&state.db, &who.actor(), &f)
        .await
        .map(|_| "/admin/commissioning".to_string());
    done(&state, &ctx, r, "/admin/commissioning").await
}

#[derive(Deserialize)]
pub struct MemberForm {
    user_id: String,
    organisation_id: String,
}

/// `POST /admin/commissioning/members`: a provider account acts for an organisation.
pub async fn set_member(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<MemberForm>,
) -> Result<Response, WebError> {
    let r = match (f.user_id.parse(), f.organisation_id.parse()) {
        (Ok(u), Ok(o)) => com::set_member(&state.db, &who.actor(), u, o)
            .await
            .map(|_| "/admin/commissioning".to_string()),
        _ => Err(StoreError::Invalid(
            "account: choose an account and an organisation".into(),
        )),
    };
    done(&state, &ctx, r, "/admin/commissioning").await
}

/// `POST /admin/commissioning/returns`: returns for any service, from a file.
pub async fn upload_returns(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    form: Multipart,
) -> Result<Response, WebError> {
    super::apply::save_returns_file(
        &state,
        &ctx,
        &who.actor(),
        None,
        form,
        "/admin/commissioning",
    )
    .await
}

/// `POST /admin/commissioning/returns/{id}/review`
pub async fn review_return(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = services::review_return(&state.db, &who.actor(), id)
        .await
        .map(|_| "/admin/commissioning".to_string());
    done(&state, &ctx, r, "/admin/commissioning").await
}

/// `POST /admin/commissioning/services/{slug}/stage`
pub async fn set_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<services::CycleStep>,
) -> Result<Response, WebError> {
    let back = "/admin/commissioning/pipeline";
    let r = services::set_stage(&state.db, &who.actor(), &slug, &f)
        .await
        .map(|_| back.to_string());
    done(&state, &ctx, r, back).await
}

/// `POST /admin/commissioning/import`: past grants from a 360Giving JSON package or CSV.
pub async fn import_giving(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    form: Multipart,
) -> Result<Response, WebError> {
    let back = "/admin/commissioning";
    let (_, file) = super::upload(form).await?;
    let Some((name, bytes)) = file else {
        return problems(
            &state,
            &ctx,
            vec!["file: choose a 360Giving file".into()],
            back,
        );
    };
    let read = match opcc_domain::commissioning::giving::read_file(&name, &bytes) {
        Ok(r) => r,
        Err(errors) => return problems(&state, &ctx, errors, back),
    };
    let r = com::giving::import(&state.db, &who.actor(), &name, &read)
        .await
        .map(|_| "/funding".to_string());
    done(&state, &ctx, r, back).await
}
