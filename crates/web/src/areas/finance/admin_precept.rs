//! The office's precept forms: a year's settings, each billing authority's tax base, each
//! step of the Panel's timetable, and the timetable's dates.

use super::admin::{finish, parse_day, parse_money, parse_year};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::policy::Office;
use axum::response::Response;
use axum::{Form, extract::State};
use opcc_domain::finance::precept::{Decision, Step, StepRecord, parse_month_day};
use opcc_store::StoreError;
use opcc_store::finance::precept::YearSettings;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct PreceptForm {
    year: String,
    band_d_change: String,
    panel_members: String,
    consultation_url: String,
    source: String,
}

/// `POST /admin/finance/precept`. The consultation link is where the engagement area's
/// precept survey will be given once that area exists.
pub async fn save_precept(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<PreceptForm>,
) -> Result<Response, WebError> {
    let r = async {
        let year = parse_year("Year", &f.year)?;
        let existing = opcc_store::finance::precept::load(&state.db, year).await?;
        let members = match f.panel_members.trim() {
            "" => None,
            m => Some(m.parse::<i64>().map_err(|_| {
                StoreError::Invalid(format!("Panel members: {m:?} is not a number"))
            })?),
        };
        let url = f.consultation_url.trim();
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with('/')) {
            return Err(StoreError::Invalid(
                "Consultation: give a web address starting https:// or /".into(),
            ));
        }
        let s = YearSettings {
            year,
            band_d: existing.and_then(|e| e.band_d),
            band_d_change: parse_money("Band D change", &f.band_d_change)?,
            panel_members: members,
            consultation_url: url.to_string(),
            source: f.source.trim().to_string(),
        };
        opcc_store::finance::precept::save_year(&state.db, &who.actor(), &s).await
    }
    .await;
    finish(&state, &ctx, r, "precept").await
}

#[derive(Deserialize)]
pub struct TaxBaseForm {
    year: String,
    authority: String,
    equivalents: String,
}

/// `POST /admin/finance/precept/tax-base`.
pub async fn save_tax_base(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<TaxBaseForm>,
) -> Result<Response, WebError> {
    let r = async {
        let eq = f.equivalents.trim().replace(',', "").parse().map_err(|_| {
            StoreError::Invalid(format!(
                "Band D equivalents: {:?} is not a number",
                f.equivalents
            ))
        })?;
        opcc_store::finance::precept::set_tax_base(
            &state.db,
            &who.actor(),
            parse_year("Year", &f.year)?,
            &f.authority,
            eq,
        )
        .await
    }
    .await;
    finish(&state, &ctx, r, "tax-base").await
}

#[derive(Deserialize)]
pub struct StepForm {
    year: String,
    step: String,
    date: String,
    band_d: String,
    document_title: String,
    document_url: String,
    #[serde(default)]
    decision: String,
    votes_for_veto: String,
    members_present: String,
    response: String,
}

/// `POST /admin/finance/precept/steps`.
pub async fn record_step(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let r = async {
        let rec = step_record(&f)?;
        opcc_store::finance::precept::record_step(
            &state.db,
            &who.actor(),
            parse_year("Year", &f.year)?,
            &rec,
        )
        .await
    }
    .await;
    finish(&state, &ctx, r, "step").await
}

/// `POST /admin/finance/settings`: each step's deadline (MM-DD) and the veto majority.
pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = async {
        for s in Step::ALL {
            if let Some(v) = f.get(s.as_str()) {
                parse_month_day(v).ok_or_else(|| {
                    StoreError::Invalid(format!("{}: {v:?} is not a date as MM-DD", s.label()))
                })?;
            }
        }
        let veto = f.get("veto_fraction").map(|v| v.trim().to_string());
        if let Some(v) = &veto {
            let ok = v
                .split_once('/')
                .and_then(|(n, d)| {
                    Some((n.trim().parse::<i64>().ok()?, d.trim().parse::<i64>().ok()?))
                })
                .is_some_and(|(n, d)| n > 0 && d > 0 && n <= d);
            if !ok {
                return Err(StoreError::Invalid(format!(
                    "Veto majority: {v:?} is not a fraction such as 2/3"
                )));
            }
        }
        for s in Step::ALL {
            if let Some(v) = f.get(s.as_str()) {
                opcc_store::finance::set_setting(&state.db, &who.actor(), s.setting(), v.trim())
                    .await?;
            }
        }
        if let Some(v) = veto {
            opcc_store::finance::set_setting(&state.db, &who.actor(), "precept.veto_fraction", &v)
                .await?;
        }
        Ok(())
    }
    .await;
    finish(&state, &ctx, r, "settings").await
}

fn step_record(f: &StepForm) -> Result<StepRecord, StoreError> {
    let count = |field: &str, s: &str| -> Result<Option<i64>, StoreError> {
        match s.trim() {
            "" => Ok(None),
            t => t
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| StoreError::Invalid(format!("{field}: {s:?} is not a number"))),
        }
    };
    let url = f.document_url.trim();
    if !(url.is_empty()
        || url.starts_with("https://")
        || url.starts_with("http://")
        || url.starts_with('/'))
    {
        return Err(StoreError::Invalid(
            "Document link: give a web address starting https://".into(),
        ));
    }
    Ok(StepRecord {
        step: Step::parse(&f.step).ok_or_else(|| StoreError::Invalid("Choose the step".into()))?,
        on_date: parse_day("Date", &f.date)?,
        band_d: parse_money("Band D", &f.band_d)?,
        document_title: f.document_title.trim().to_string(),
        document_url: url.to_string(),
        decision: Decision::parse(&f.decision),
        votes_for_veto: count("Votes to veto", &f.votes_for_veto)?,
        members_present: count("Members present", &f.members_present)?,
        response: f.response.trim().to_string(),
    })
}
