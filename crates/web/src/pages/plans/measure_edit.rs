//! Staff add, edit, reorder and retire a plan's measures in the browser, as the plan file
//! does from the command line. A new measure's key is made from its title unless typed.

use super::manage::{ReasonPage, Sent, ask_reason, field_for};
use super::{today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::plans::file::{Measure, PlanFile};
use opcc_domain::plans::lifecycle::{self, ChangeRule};
use opcc_domain::plans::{Better, Frequency, Unit};
use opcc_store::StoreError;
use opcc_store::plans::MeasureText;

/// Where a measure's values are reported for.
pub const GEOGRAPHIES: [(&str, &str); 2] = [
    ("force", "The force area as a whole"),
    ("local_authority", "Each local authority in the force area"),
];

#[derive(Template)]
#[template(path = "plans/measure_edit.html")]
struct MeasurePage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    /// The measure being edited; none when adding one.
    measure: Option<&'a Measure>,
    /// Every item a measure may sit under: key and title.
    items: Vec<(String, String)>,
    errors: FormErrors,
    sent: Sent,
    needs_reason: bool,
    retire_on: DateValue,
    units: &'static [Unit],
    betters: &'static [Better],
    frequencies: &'static [Frequency],
    geographies: &'static [(&'static str, &'static str)],
}

impl MeasurePage<'_> {
    fn v(&self, field: &str) -> &str {
        self.sent.get(field).map(String::as_str).unwrap_or("")
    }
}

fn sent_from(m: &Measure) -> Sent {
    [
        ("title", m.title.clone()),
        ("definition", m.definition.clone()),
        ("unit", m.unit.as_str().into()),
        ("better", m.better.as_str().into()),
        (
            "frequency",
            m.frequency.map(|f| f.as_str()).unwrap_or("").into(),
        ),
        ("source", m.source.clone()),
        ("geography", m.geography.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    key: Option<&str>,
    errors: FormErrors,
    sent: Option<Sent>,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    if lifecycle::change_rule(plan.status()) == ChangeRule::Closed {
        return Err(WebError::BadRequest(
            "This plan has been superseded: it is kept as it was and does not change".into(),
        ));
    }
    let measure = match key {
        Some(k) => Some(
            plan.all_items()
                .into_iter()
                .flat_map(|(_, i)| i.measures.iter())
                .find(|m| m.key == k)
                .ok_or(WebError::NotFound)?,
        ),
        None => None,
    };
    let items = plan
        .all_items()
        .into_iter()
        .map(|(_, i)| (i.key.clone(), i.title.clone()))
        .collect();
    // What the user sent wins over what is stored, field by field.
    let sent = {
        let mut all = measure.map(sent_from).unwrap_or_default();
        all.extend(sent.unwrap_or_default());
        all
    };
    let title = match measure {
        Some(m) => format!("Edit measure: {}", m.title),
        None => "Add a measure".to_string(),
    };
    let status = errors.status();
    let page = render(&MeasurePage {
        l: Layout::new(state, ctx, errors.title(title), "admin"),
        needs_reason: lifecycle::change_rule(plan.status()) == ChangeRule::NeedsReason,
        retire_on: match DateValue::from_form(&sent, "retired") {
            d if d.is_blank() => DateValue::of(today()),
            d => d,
        },
        plan: &plan,
        measure,
        items,
        errors,
        sent,
        units: Unit::ALL,
        betters: Better::ALL,
        frequencies: Frequency::ALL,
        geographies: &GEOGRAPHIES,
    })?;
    Ok((status, page).into_response())
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    item: String,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let sent: Sent = [
        ("item", q.item),
        ("geography", "force".into()),
        ("frequency", "monthly".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    page(&state, &ctx, &slug, None, FormErrors::default(), Some(sent)).await
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, WebError> {
    page(&state, &ctx, &slug, Some(&key), FormErrors::default(), None).await
}

fn text<'a>(f: &'a Sent, field: &str) -> &'a str {
    f.get(field).map(|s| s.trim()).unwrap_or("")
}

/// Every field checked at once, so every error shows together.
fn read(f: &Sent, errors: &mut FormErrors) -> Option<MeasureText> {
    if text(f, "title").is_empty() {
        errors.add("title", "Enter the measure's title");
    }
    let unit = text(f, "unit").parse::<Unit>();
    if unit.is_err() {
        errors.add("unit", "Choose what the measure counts");
    }
    let better = text(f, "better").parse::<Better>();
    if better.is_err() {
        errors.add("better", "Choose which direction is better");
    }
    let frequency = text(f, "frequency").parse::<Frequency>();
    if frequency.is_err() {
        errors.add("frequency", "Choose how often it is reported");
    }
    let geography = text(f, "geography");
    if !GEOGRAPHIES.iter().any(|(g, _)| *g == geography) {
        errors.add("geography", "Choose the areas it is reported for");
    }
    Some(MeasureText {
        title: text(f, "title").into(),
        definition: text(f, "definition").into(),
        unit: unit.ok()?,
        better: better.ok()?,
        frequency: frequency.ok()?,
        source: text(f, "source").into(),
        geography: geography.into(),
    })
    .filter(|_| errors.is_empty())
}

fn store_error(errors: &mut FormErrors, m: String, otherwise: &'static str) {
    errors.add(field_for(&m, otherwise, "reason"), m);
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if text(&f, "item").is_empty() {
        errors.add("item", "Choose what the measure is under");
    }
    let Some(m) = read(&f, &mut errors).filter(|_| errors.is_empty()) else {
        return page(&state, &ctx, &slug, None, errors, Some(f)).await;
    };
    match opcc_store::plans::add_measure(
        &state.db,
        &who.actor(),
        &slug,
        text(&f, "item"),
        text(&f, "key"),
        &m,
        text(&f, "reason"),
    )
    .await
    {
        Ok(key) => Ok(Redirect::to(&format!("/admin/plans/{slug}#measure-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            store_error(&mut errors, m, "key");
            page(&state, &ctx, &slug, None, errors, Some(f)).await
        }
        Err(StoreError::NotFound(_)) => {
            errors.add("item", "Choose what the measure is under");
            page(&state, &ctx, &slug, None, errors, Some(f)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let Some(m) = read(&f, &mut errors) else {
        return page(&state, &ctx, &slug, Some(&key), errors, Some(f)).await;
    };
    match opcc_store::plans::update_measure(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        &m,
        text(&f, "reason"),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/plans/{slug}#measure-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            store_error(&mut errors, m, "title");
            page(&state, &ctx, &slug, Some(&key), errors, Some(f)).await
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn retire(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let restore = text(&f, "action") == "restore";
    let on = if restore {
        None
    } else {
        errors.date(
            "retired",
            "The date it is retired from",
            &DateValue::from_form(&f, "retired"),
            true,
        )
    };
    if !errors.is_empty() {
        return page(&state, &ctx, &slug, Some(&key), errors, Some(f)).await;
    }
    match opcc_store::plans::retire_measure(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        on,
        text(&f, "reason"),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/plans/{slug}#measure-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            errors.add(field_for(&m, "retired", "retire-reason"), m);
            page(&state, &ctx, &slug, Some(&key), errors, Some(f)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
    #[serde(default)]
    reason: String,
}

pub async fn move_measure(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> Result<Response, WebError> {
    let up = match f.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(WebError::BadRequest("direction must be up or down".into())),
    };
    match opcc_store::plans::move_measure(&state.db, &who.actor(), &slug, &key, up, &f.reason).await
    {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{slug}#measure-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            if !f.reason.trim().is_empty() || m != opcc_store::plans::NEEDS_REASON {
                errors.add("reason", m);
            }
            ask_reason(ReasonPage {
                l: Layout::new(&state, &ctx, errors.title("Why move it?"), "admin"),
                back: format!("/admin/plans/{slug}#measure-{key}"),
                action: format!("/admin/plans/{slug}/measures/{key}/move"),
                what: format!("Moving the measure {key} {}", f.direction),
                hidden: vec![("direction", f.direction.clone())],
                errors,
            })
        }
        Err(e) => Err(e.into()),
    }
}

type Options = Vec<(&'static str, &'static str)>;

impl MeasurePage<'_> {
    /// The measure's radio groups: field, legend and options.
    fn choices(&self) -> Vec<(&'static str, &'static str, Options)> {
        vec![
            (
                "unit",
                "What it counts",
                self.units.iter().map(|u| (u.as_str(), u.label())).collect(),
            ),
            (
                "better",
                "Which direction is better",
                self.betters
                    .iter()
                    .map(|b| (b.as_str(), b.label()))
                    .collect(),
            ),
            (
                "frequency",
                "How often it is reported",
                self.frequencies
                    .iter()
                    .map(|f| (f.as_str(), f.label()))
                    .collect(),
            ),
            (
                "geography",
                "Where it is reported for",
                self.geographies.to_vec(),
            ),
        ]
    }
}
