//! The office's pages: assemblies (list and create), and one assembly's quotas, sessions,
//! speakers, outputs, registrations (contact details: reading them is audited), the LEXIMIN
//! selection (run, publish) and replacements for drop-outs.

use super::public::{Report, on_panel, report};
use super::{long_day, percent};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::assemblies::{MAX_TEXT, NewAssembly};
use opcc_store::StoreError;
use opcc_store::assemblies::{
    self as asm, Assembly, QuotaRow, Session, Speaker, registrations::Registration, selection,
};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "assemblies/admin.html")]
struct IndexPage {
    l: Layout,
    assemblies: Vec<Assembly>,
    form: NewForm,
    errors: FormErrors,
}

/// The new assembly form as typed: text boxes, and the volunteering days in GOV.UK date boxes
/// (`recruitment_opens-day` ...; a single ISO `recruitment_opens` is read when they are
/// empty, for scripts).
#[derive(Default)]
pub struct NewForm {
    title: String,
    area_code: String,
    place: String,
    summary: String,
    panel_size: String,
    recruitment_opens: DateValue,
    recruitment_closes: DateValue,
}

impl NewForm {
    fn read(f: &HashMap<String, String>) -> NewForm {
        let text = |k: &str| f.get(k).cloned().unwrap_or_default();
        NewForm {
            title: text("title"),
            area_code: text("area_code"),
            place: text("place"),
            summary: text("summary"),
            panel_size: text("panel_size"),
            recruitment_opens: DateValue::from_form(f, "recruitment_opens"),
            recruitment_closes: DateValue::from_form(f, "recruitment_closes"),
        }
    }
}

async fn index_page(
    state: &AppState,
    ctx: &Ctx,
    form: NewForm,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let status = errors.status();
    let page = IndexPage {
        l: Layout::new(
            state,
            ctx,
            errors.title("Citizens' assemblies"),
            "assemblies",
        ),
        assemblies: asm::list(&state.db).await?,
        form,
        errors,
    };
    Ok((status, render(&page)?).into_response())
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    // The retention rule is applied whenever the office opens its assemblies.
    asm::registrations::erase_expired(&state.db, crate::areas::governance::today()).await?;
    index_page(&state, &ctx, NewForm::default(), FormErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let f = NewForm::read(&form);
    let mut errors = FormErrors::default();
    // The boxes are read first, each error beside its date; the rules about the days
    // (closing after opening) are the domain's, given the days as ISO text.
    let opens = errors.date(
        "recruitment_opens",
        "The day volunteering opens",
        &f.recruitment_opens,
        true,
    );
    let closes = errors.date(
        "recruitment_closes",
        "The day volunteering closes",
        &f.recruitment_closes,
        true,
    );
    let iso =
        |d: Option<opcc_domain::plans::file::Day>| d.map(|d| d.to_string()).unwrap_or_default();
    let parsed = NewAssembly::parse(
        &f.title,
        &f.area_code,
        &f.place,
        &f.summary,
        &f.panel_size,
        &iso(opens),
        &iso(closes),
    );
    match parsed {
        Ok(a) => match asm::create(&state.db, &who.actor(), &a).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/admin/assemblies/{}", a.slug)).into_response());
            }
            Err(StoreError::Invalid(m)) => {
                errors.add("title", m.trim_start_matches("title: ").to_string())
            }
            Err(e) => return Err(e.into()),
        },
        Err(errs) => {
            for (field, m) in errs {
                if errors.get(field).is_none() {
                    errors.add(field, m);
                }
            }
        }
    }
    index_page(&state, &ctx, f, errors).await
}

#[derive(Template)]
#[template(path = "assemblies/admin_assembly.html")]
struct AssemblyPage {
    l: Layout,
    a: Assembly,
    area: String,
    quotas: Vec<QuotaRow>,
    sessions: Vec<(Session, String)>,
    speakers: Vec<Speaker>,
    registrations: Vec<(Registration, String, String)>,
    report: Option<Report>,
    minimum: String,
    legacy: String,
    panel: Vec<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    asm::registrations::erase_expired(&state.db, crate::areas::governance::today()).await?;
    let registrations = asm::registrations::for_office(&state.db, &who.actor(), a.id)
        .await?
        .into_iter()
        .map(|r| {
            let features = r.feature_map().into_values().collect::<Vec<_>>().join(", ");
            let on = long_day(&r.registered_at);
            (r, features, on)
        })
        .collect();
    let report = report(&state, &a, true).await?;
    let (minimum, legacy, panel) = match &report {
        Some(r) => (
            percent(&r.selection.minimum),
            percent(&r.selection.legacy_minimum),
            r.outcomes
                .iter()
                .filter(|o| on_panel(&o.outcome))
                .map(|o| o.pool_number)
                .collect(),
        ),
        None => (String::new(), String::new(), Vec::new()),
    };
    let page = AssemblyPage {
        l: Layout::new(&state, &ctx, a.title.clone(), "assemblies"),
        area: a.area_name(),
        quotas: asm::quotas(&state.db, a.id).await?,
        sessions: asm::sessions(&state.db, a.id)
            .await?
            .into_iter()
            .map(|s| (s.clone(), long_day(&s.held_on)))
            .collect(),
        speakers: asm::speakers(&state.db, a.id).await?,
        registrations,
        report,
        minimum,
        legacy,
        panel,
        a,
    };
    Ok(render(&page)?.into_response())
}

fn back(slug: &str) -> Response {
    Redirect::to(&format!("/admin/assemblies/{slug}")).into_response()
}

fn bounded(field: &str, v: &str, required: bool) -> Result<String, WebError> {
    let v = v.trim();
    if (required && v.is_empty()) || v.chars().count() > MAX_TEXT {
        return Err(
            StoreError::Invalid(format!("{field}: enter up to {MAX_TEXT} characters")).into(),
        );
    }
    Ok(v.to_string())
}

#[derive(Deserialize)]
pub struct QuotaForm {
    category: String,
    feature: String,
    min: String,
    max: String,
}

pub async fn quota(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<QuotaForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let number = |field: &str, v: &str| {
        v.trim().parse::<u32>().map_err(|_| {
            WebError::from(StoreError::Invalid(format!(
                "{field}: enter a whole number of people"
            )))
        })
    };
    let (min, max) = (number("min", &f.min)?, number("max", &f.max)?);
    asm::set_quota(
        &state.db,
        &who.actor(),
        a.id,
        &f.category,
        &f.feature,
        min,
        max,
    )
    .await?;
    Ok(back(&slug))
}

/// `POST /admin/assemblies/{slug}/quotas/{id}/delete`: only before anyone has registered.
pub async fn delete_quota(
    State(state): State<AppState>,
    who: Office,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    asm::delete_quota(&state.db, &who.actor(), a.id, id).await?;
    Ok(back(&slug))
}

pub async fn session(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    // The day in GOV.UK date boxes (`held_on-day`, ...), or one ISO `held_on` from a script.
    let day = DateValue::from_form(&f, "held_on")
        .parse("The day of the session")
        .map_err(|m| WebError::from(StoreError::Invalid(format!("held_on: {m}"))))?
        .0;
    let t = |k: &str| f.get(k).map_or("", String::as_str);
    let (title, place) = (
        bounded("title", t("title"), true)?,
        bounded("place", t("place"), true)?,
    );
    asm::add_session(
        &state.db,
        &who.actor(),
        a.id,
        &day.to_string(),
        &title,
        &place,
    )
    .await?;
    Ok(back(&slug))
}

#[derive(Deserialize)]
pub struct SpeakerForm {
    name: String,
    role: String,
    topic: String,
}

pub async fn speaker(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<SpeakerForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let (name, role, topic) = (
        bounded("name", &f.name, true)?,
        bounded("role", &f.role, false)?,
        bounded("topic", &f.topic, false)?,
    );
    asm::add_speaker(&state.db, &who.actor(), a.id, &name, &role, &topic).await?;
    Ok(back(&slug))
}

#[derive(Deserialize)]
pub struct OutputsForm {
    outputs: String,
}

pub async fn outputs(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<OutputsForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    asm::set_outputs(
        &state.db,
        &who.actor(),
        a.id,
        &bounded("outputs", &f.outputs, false)?,
    )
    .await?;
    Ok(back(&slug))
}

#[derive(Deserialize)]
pub struct SeedForm {
    #[serde(default)]
    seed: String,
}

/// The seed typed by the office (say, drawn in public from numbered balls), or a random one;
/// either way it is recorded and published.
fn seed(f: &SeedForm) -> Result<u64, WebError> {
    let s = f.seed.trim();
    if s.is_empty() {
        return Ok(rand::random());
    }
    s.parse().map_err(|_| {
        StoreError::Invalid("seed: enter a whole number, or leave it blank".into()).into()
    })
}

/// `POST /admin/assemblies/{slug}/select`: starts the selection in the background (see
/// `crate::selections`) and sends the office to the page that follows it.
pub async fn select(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<SeedForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let seed = seed(&f)?;
    let selecting = Redirect::to(&format!("/admin/assemblies/{slug}/selecting")).into_response();
    if !state.selections.start(a.id, seed) {
        return Ok(selecting);
    }
    let (st, actor) = (state.clone(), who.actor());
    tokio::spawn(async move {
        let failure = match selection::run(&st.db, &actor, &a, seed).await {
            Ok(_) => None,
            Err(StoreError::Invalid(m)) => Some(m),
            Err(e) => {
                tracing::error!(assembly = %a.slug, "selection failed: {e}");
                Some(format!("The selection failed: {e}"))
            }
        };
        st.selections.finish(a.id, failure);
    });
    Ok(selecting)
}

#[derive(Template)]
#[template(path = "assemblies/selecting.html")]
struct SelectingPage {
    l: Layout,
    a: Assembly,
    /// Since when, and with which seed, while running.
    running: Option<(String, u64)>,
    failure: Option<String>,
}

/// `GET /admin/assemblies/{slug}/selecting`: an indicator while the selection runs, its
/// failure once, or on to the assembly's page (with the new selection) once it is done.
pub async fn selecting(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    use crate::selections::Job;
    let a = asm::by_slug(&state.db, &slug).await?;
    let (running, failure) = match state.selections.take(a.id) {
        None => {
            return Ok(Redirect::to(&format!("/admin/assemblies/{slug}#selection")).into_response());
        }
        Some(Job::Running { since, seed }) => (Some((since, seed)), None),
        Some(Job::Failed(m)) => (None, Some(m)),
    };
    let title = if failure.is_some() {
        "The selection did not finish"
    } else {
        "Selecting the panel"
    };
    Ok(render(&SelectingPage {
        l: Layout::new(&state, &ctx, title, "assemblies"),
        a,
        running,
        failure,
    })?
    .into_response())
}

pub async fn publish(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let sel = selection::latest(&state.db, a.id, true)
        .await?
        .ok_or(WebError::NotFound)?;
    selection::publish(&state.db, &who.actor(), a.id, sel.id).await?;
    Ok(back(&slug))
}

#[derive(Deserialize)]
pub struct ReplaceForm {
    dropped: String,
    #[serde(default)]
    seed: String,
}

pub async fn replace(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<ReplaceForm>,
) -> Result<Response, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    let dropped = f.dropped.trim().parse::<i64>().map_err(|_| {
        WebError::from(StoreError::Invalid(
            "dropped: enter the pool number of the member who dropped out".into(),
        ))
    })?;
    let seed = seed(&SeedForm { seed: f.seed })?;
    selection::replace(&state.db, &who.actor(), &a, dropped, seed).await?;
    Ok(back(&slug))
}
