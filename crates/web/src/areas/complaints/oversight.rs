//! The office's oversight of the force's complaint handling (any office user: nothing here
//! is personal): the IOPC's figures entered one at a time or uploaded as a sheet, themes fed
//! back to the force and its responses, the item 7C statement's narrative and publication;
//! and, for administrators, who is on the complaints team.

use super::public::{ThemeView, YearView, theme_views, year_view};
use super::{done, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{Admin, Office};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::complaints::iopc::{self, ALLEGATIONS, HEADLINES, OUTCOMES, SCOPES};
use opcc_domain::complaints::{financial_year, year_label};
use opcc_store::StoreError;
use opcc_store::complaints::{self as store, oversight};
use serde::Deserialize;
use std::collections::HashMap;

const BACK: &str = "/admin/complaints/oversight";

#[derive(Template)]
#[template(path = "complaints/oversight.html")]
struct Page {
    l: Layout,
    y: YearView,
    trend: Option<super::trend::Trend>,
    measures_fed: Vec<(String, String, String)>,
    years: Vec<(i64, String)>,
    themes: Vec<(i64, ThemeView)>,
    narrative: String,
    published: bool,
    measures: Vec<(String, String)>,
    scopes: [(&'static str, &'static str); 3],
    today: String,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: Office,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let year = q
        .year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| financial_year(today()) - 1);
    let mut years: Vec<i64> = oversight::years(&state.db).await?;
    if !years.contains(&i64::from(year)) {
        years.push(i64::from(year));
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    let statement = oversight::statement(&state.db, year).await?;
    let ids = oversight::themes(&state.db)
        .await?
        .into_iter()
        .map(|t| t.id);
    let mut measures: Vec<(String, String)> = HEADLINES
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    for (prefix, list) in [
        ("allegation:", &ALLEGATIONS[..]),
        ("outcome:", &OUTCOMES[..]),
    ] {
        for (k, _) in list {
            let key = format!("{prefix}{k}");
            let label = iopc::measure_label(&key).unwrap_or_default();
            measures.push((key, label));
        }
    }
    Ok(render(&Page {
        l: Layout::new(
            &state,
            &ctx,
            "Oversight of complaint handling",
            "complaints",
        ),
        y: year_view(&state, year).await?,
        trend: super::trend::cases_logged(&oversight::figures(&state.db, None).await?),
        measures_fed: store::measure::derived_measures(&state.db).await?,
        years: years.iter().map(|y| (*y, year_label(*y as i32))).collect(),
        themes: ids.zip(theme_views(&state).await?).collect(),
        narrative: statement
            .as_ref()
            .map(|s| s.narrative.clone())
            .unwrap_or_default(),
        published: statement.is_some_and(|s| s.published_at.is_some()),
        measures,
        scopes: SCOPES,
        today: today().to_string(),
    })?
    .into_response())
}

/// `POST /admin/complaints/iopc`: one figure from the form.
pub async fn enter(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let t = |k: &str| f.get(k).cloned().unwrap_or_default();
    let r = match iopc::parse(
        &t("year"),
        &t("quarter"),
        &t("scope"),
        &t("measure"),
        &t("value"),
    ) {
        Ok(fig) => oversight::save_figures(&state.db, &who.actor(), &[fig], "form")
            .await
            .map(|_| ()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    done(&state, &ctx, r, BACK, BACK)
}

/// `POST /admin/complaints/iopc/upload`: a sheet of figures (CSV, XLSX or ODS with columns
/// year, quarter, scope, measure, value), saved whole or not at all.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    };
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(bad)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            file = Some((name, field.bytes().await.map_err(bad)?));
        }
    }
    let r = async {
        let (name, bytes) = file
            .filter(|(_, b)| !b.is_empty())
            .ok_or_else(|| StoreError::Invalid("file: choose a file to upload".into()))?;
        let sheets = opcc_domain::sheets::read(&name, &bytes).map_err(StoreError::Invalid)?;
        let (_, rows) = sheets
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Invalid(format!("{name}: the file has no sheet")))?;
        let figures =
            iopc::read_rows(&name, &rows).map_err(|e| StoreError::Invalid(e.join("; ")))?;
        oversight::save_figures(&state.db, &who.actor(), &figures, &name).await?;
        Ok(())
    }
    .await;
    done(&state, &ctx, r, BACK, BACK)
}

#[derive(Deserialize)]
pub struct ThemeForm {
    theme: String,
    fed_back_on: String,
}

pub async fn add_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<ThemeForm>,
) -> Result<Response, WebError> {
    let r = oversight::add_theme(&state.db, &who.actor(), &f.theme, &f.fed_back_on)
        .await
        .map(|_| ());
    done(&state, &ctx, r, BACK, BACK)
}

#[derive(Deserialize)]
pub struct ResponseForm {
    response: String,
    response_on: String,
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    let r =
        oversight::respond_theme(&state.db, &who.actor(), id, &f.response, &f.response_on).await;
    done(&state, &ctx, r, BACK, BACK)
}

#[derive(Deserialize)]
pub struct StatementForm {
    year: String,
    narrative: String,
    #[serde(default)]
    publish: String,
}

pub async fn save_statement(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<StatementForm>,
) -> Result<Response, WebError> {
    let year: i32 = f
        .year
        .trim()
        .parse()
        .map_err(|_| WebError::BadRequest("year: choose a financial year".into()))?;
    let r = oversight::save_statement(
        &state.db,
        &who.actor(),
        year,
        &f.narrative,
        f.publish == "yes",
    )
    .await;
    let next = if f.publish == "yes" {
        format!("/complaints/statement/{year}")
    } else {
        format!("{BACK}?year={year}")
    };
    done(&state, &ctx, r, &next, BACK)
}

#[derive(Template)]
#[template(path = "complaints/team.html")]
struct TeamPage {
    l: Layout,
    members: Vec<store::Member>,
    candidates: Vec<opcc_store::accounts::User>,
}

pub async fn team(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: Admin,
) -> Result<Response, WebError> {
    let members = store::members(&state.db).await?;
    let candidates = opcc_store::accounts::list_users(&state.db)
        .await?
        .into_iter()
        .filter(|u| {
            crate::policy::may_own_office_work(u) && !members.iter().any(|m| m.user_id == u.id)
        })
        .collect();
    Ok(render(&TeamPage {
        l: Layout::new(&state, &ctx, "The complaints team", "complaints"),
        members,
        candidates,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct TeamForm {
    user_id: i64,
    action: String,
}

/// `POST /admin/complaints/team`: grant or revoke the complaints role (audited).
pub async fn set_team(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Admin,
    Form(f): Form<TeamForm>,
) -> Result<Response, WebError> {
    let r = match f.action.as_str() {
        "grant" => store::grant(&state.db, &who.actor(), f.user_id).await,
        "revoke" => store::revoke(&state.db, &who.actor(), f.user_id).await,
        _ => Err(StoreError::Invalid("action: grant or revoke".into())),
    };
    let back = "/admin/complaints/team";
    done(&state, &ctx, r, back, back)
}
