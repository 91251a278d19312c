//! One measure: its series with the SPC reading and chart, a form to enter a value, its
//! settings, and corrections to published figures.

use super::frequency_kind;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::pages::plans::visible_plan;
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::measures::{MeasureValue, check_value};
use opcc_domain::periods::Period;
use opcc_domain::plans::file::{Measure, PlanFile};
use opcc_store::accounts::User;
use opcc_store::performance::{Correction, MeasureSettings, Origin, SaveError};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

#[derive(Template)]
#[template(path = "performance/measure.html")]
struct MeasurePage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    m: &'a Measure,
    area: String,
    areas: Vec<(String, String)>,
    values: Vec<MeasureValue>,
    analysis: Option<crate::charts::Analysis>,
    shown: SettingsForm,
    owners: Vec<User>,
    corrections: Vec<Correction>,
    locked: Vec<Period>,
    can_edit: bool,
    /// A Panel member may ask the Commissioner about the measure.
    is_panel: bool,
    errors: FormErrors,
    form: ValueForm,
}

#[derive(Deserialize, Default)]
pub struct AreaQuery {
    #[serde(default)]
    area: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ValueForm {
    #[serde(default)]
    period: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    numerator: String,
    #[serde(default)]
    denominator: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    commentary: String,
    /// Only for a correction to a published quarter.
    #[serde(default)]
    reason: String,
}

fn find<'a>(plan: &'a PlanFile, key: &str) -> Result<&'a Measure, WebError> {
    super::measures(plan)
        .into_iter()
        .map(|(_, m)| m)
        .find(|m| m.key == key)
        .ok_or(WebError::NotFound)
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    key: &str,
    area: Option<String>,
    errors: FormErrors,
    form: ValueForm,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let m = find(&plan, key)?;
    let area = area
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| plan.force_area.clone());
    let force = opcc_store::force_area::current(&state.db).await?;
    let mut areas = vec![(
        plan.force_area.clone(),
        force
            .as_ref()
            .map(|f| f.name.clone())
            .unwrap_or_else(|| plan.force_area.clone()),
    )];
    if let Some(f) = &force {
        areas.extend(
            f.local_authorities
                .iter()
                .map(|l| (l.gss_code.clone(), l.name.clone())),
        );
    }
    let kind = frequency_kind(m.frequency);
    let values = opcc_store::performance::series(&state.db, slug, key, &area, kind).await?;
    let settings = opcc_store::performance::settings(&state.db, slug, key).await?;
    let analysis = crate::charts::analyse_measure(m, &values, &settings);
    let shown = SettingsForm {
        owner: settings.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        target: settings.target.map(|t| t.to_string()).unwrap_or_default(),
        rebase_at: settings
            .rebase_at
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        baseline: settings.baseline.map(|b| b.to_string()).unwrap_or_default(),
        comparator_value: settings
            .comparator_value
            .map(|c| c.to_string())
            .unwrap_or_default(),
        comparator_label: settings.comparator_label.clone().unwrap_or_default(),
    };
    let owners = opcc_store::accounts::list_users(&state.db)
        .await?
        .into_iter()
        .filter(crate::policy::may_own_office_work)
        .collect();
    let status = errors.status();
    let title = errors.title(&m.title);
    let page = render(&MeasurePage {
        l: Layout::new(state, ctx, title, "admin"),
        plan: &plan,
        m,
        area,
        areas,
        values,
        analysis,
        shown,
        owners,
        corrections: opcc_store::performance::corrections(&state.db, slug, key).await?,
        locked: opcc_store::performance::locked_quarters(&state.db, slug).await?,
        can_edit: crate::policy::is_office(ctx),
        is_panel: crate::policy::is_panel(ctx),
        errors,
        form,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
    Query(q): Query<AreaQuery>,
) -> Result<Response, WebError> {
    page(
        &state,
        &ctx,
        &slug,
        &key,
        Some(q.area),
        FormErrors::default(),
        ValueForm::default(),
    )
    .await
}

fn optional_decimal(errors: &mut FormErrors, field: &'static str, s: &str) -> Option<Decimal> {
    let t = s.trim().replace(',', "");
    if t.is_empty() {
        return None;
    }
    match Decimal::from_str(&t) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Enter a number");
            None
        }
    }
}

/// Enters one value; in a published quarter, the same form makes a correction and needs a
/// reason.
pub async fn save_value(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<ValueForm>,
) -> Result<Response, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let m = find(&plan, &key)?;
    let mut errors = FormErrors::default();
    let period = Period::parse(&f.period);
    if let Err(e) = &period {
        errors.add("period", e.clone());
    }
    let value = optional_decimal(&mut errors, "value", &f.value);
    if value.is_none() && errors.get("value").is_none() {
        errors.add("value", "Enter the value");
    }
    let numerator = optional_decimal(&mut errors, "numerator", &f.numerator);
    let denominator = optional_decimal(&mut errors, "denominator", &f.denominator);
    let area = if f.area.trim().is_empty() {
        plan.force_area.clone()
    } else {
        f.area.trim().to_string()
    };
    let (Ok(period), Some(value), true) = (period, value, errors.is_empty()) else {
        return page(&state, &ctx, &slug, &key, Some(area), errors, f).await;
    };
    if period.kind() != frequency_kind(m.frequency) {
        let example = match frequency_kind(m.frequency) {
            opcc_domain::periods::PeriodKind::Month => "a month, like 2025-06",
            opcc_domain::periods::PeriodKind::Quarter => "a quarter, like 2025/26 Q1",
            opcc_domain::periods::PeriodKind::Year => "a financial year, like 2025/26",
        };
        errors.add("period", format!("This measure is reported by {example}"));
        return page(&state, &ctx, &slug, &key, Some(area), errors, f).await;
    }
    let v = MeasureValue {
        measure: key.clone(),
        period,
        area: area.clone(),
        value,
        numerator,
        denominator,
        source: f.source.trim().to_string(),
        commentary: f.commentary.trim().to_string(),
    };
    if let Err((field, msg)) = check_value(m.unit, &v) {
        errors.add(
            if field == "value" {
                "value"
            } else {
                "denominator"
            },
            msg,
        );
        return page(&state, &ctx, &slug, &key, Some(area), errors, f).await;
    }
    let actor = who.actor();
    let locked = opcc_store::performance::locked_quarters(&state.db, &slug).await?;
    let result = if opcc_store::performance::is_locked(&locked, period) {
        if f.reason.trim().is_empty() {
            errors.add(
                "reason",
                format!("{period} is in a published quarter: give the reason for the correction"),
            );
            return page(&state, &ctx, &slug, &key, Some(area), errors, f).await;
        }
        opcc_store::performance::correct(&state.db, &actor, &slug, &v, &f.reason)
            .await
            .map_err(SaveError::Store)
    } else {
        opcc_store::performance::save(
            &state.db,
            &actor,
            &slug,
            &[v],
            Origin::Form,
            opcc_store::performance::OnLocked::Refuse,
        )
        .await
        .map(|_| ())
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/admin/performance/{slug}/measures/{key}?area={area}"
        ))
        .into_response()),
        Err(SaveError::Locked(l)) => {
            errors.add("reason", format!("Published quarter: {}", l.join(", ")));
            page(&state, &ctx, &slug, &key, Some(area), errors, f).await
        }
        Err(SaveError::Store(opcc_store::StoreError::Invalid(m))) => {
            errors.add("reason", m);
            page(&state, &ctx, &slug, &key, Some(area), errors, f).await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    owner: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    rebase_at: String,
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    comparator_value: String,
    #[serde(default)]
    comparator_label: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<SettingsForm>,
) -> Result<Response, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    find(&plan, &key)?;
    let mut errors = FormErrors::default();
    let target = optional_decimal(&mut errors, "target", &f.target);
    let comparator_value = optional_decimal(&mut errors, "comparator_value", &f.comparator_value);
    let mut rebase_at = Vec::new();
    for p in f
        .rebase_at
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match Period::parse(p) {
            Ok(p) => rebase_at.push(p),
            Err(e) => errors.add("rebase_at", e),
        }
    }
    rebase_at.sort();
    let baseline = if f.baseline.trim().is_empty() {
        None
    } else {
        Period::parse(&f.baseline)
            .map_err(|e| errors.add("baseline", e))
            .ok()
    };
    let owner_id = f.owner.parse::<i64>().ok();
    if !errors.is_empty() {
        return page(
            &state,
            &ctx,
            &slug,
            &key,
            None,
            errors,
            ValueForm::default(),
        )
        .await;
    }
    opcc_store::performance::set_settings(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        &MeasureSettings {
            owner_id,
            target,
            rebase_at,
            baseline,
            comparator_value,
            comparator_label: Some(f.comparator_label.trim().to_string()).filter(|s| !s.is_empty()),
        },
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/admin/performance/{slug}/measures/{key}#settings"
    ))
    .into_response())
}
