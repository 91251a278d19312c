//! The office's and the Panel's pages: every version with its status; a version with each
//! section's figures and narrative, the office's forms to write the narrative and move it on,
//! and a correction of a published report. The Panel reads versions from review on and is
//! refused a draft.

use super::{ReportView, pdf_response, view};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::{Office, PanelOrOffice, is_office};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::reports::{Kind, Status};
use opcc_store::StoreError;
use opcc_store::reports::NewReport;
use std::collections::HashMap;

pub struct Listed {
    pub id: i64,
    pub title: String,
    pub version: i64,
    pub status: String,
}

#[derive(Template)]
#[template(path = "reports/admin.html")]
struct IndexPage {
    l: Layout,
    office: bool,
    versions: Vec<Listed>,
    dates: [(&'static str, &'static str); 2],
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: PanelOrOffice,
) -> Result<Response, WebError> {
    let office = is_office(&ctx);
    let versions = opcc_store::reports::list(&state.db)
        .await?
        .into_iter()
        .filter_map(|r| {
            let status = Status::parse(&r.status)?;
            (office || status.panel_may_see()).then(|| Listed {
                id: r.id,
                title: r.title,
                version: r.version,
                status: status.label().to_string(),
            })
        })
        .collect();
    let l = Layout::new(
        &state,
        &ctx,
        "Reports: drafts, review and publication",
        "reports",
    );
    Ok(render(&IndexPage {
        l,
        office,
        versions,
        dates: [("from", "Start of the period"), ("to", "End of the period")],
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

fn problem(state: &AppState, ctx: &Ctx, problem: String, back: &str) -> Result<Response, WebError> {
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&ProblemPage {
            l: Layout::new(state, ctx, "Error: the change was not saved", "reports"),
            problem,
            back: back.to_string(),
        })?,
    )
        .into_response())
}

fn date_from(f: &HashMap<String, String>, name: &str, label: &str) -> Result<time::Date, String> {
    let part = |p: &str| {
        f.get(&format!("{name}-{p}"))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let (d, m, y) = (part("day"), part("month"), part("year"));
    let bad = || format!("{name}: enter the {label} as a real date, for example 1 4 2025");
    let d: u8 = d.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    if !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// `POST /admin/reports`: starts an annual report for a year or a progress report for a period.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let kind = f.get("kind").and_then(|k| Kind::parse(k));
    let new = match kind {
        Some(Kind::Annual) => match f.get("year").map(|y| y.trim().parse::<i32>()) {
            Some(Ok(y)) if (2000..=2100).contains(&y) => {
                NewReport::annual(y).map_err(|e| e.to_string())
            }
            _ => Err("year: enter the year the financial year starts in, for example 2023".into()),
        },
        Some(Kind::Progress) => date_from(&f, "from", "start of the period").and_then(|from| {
            Ok(NewReport {
                kind: Kind::Progress,
                from,
                to: date_from(&f, "to", "end of the period")?,
            })
        }),
        None => Err("kind: choose an annual report or a progress report".into()),
    };
    let new = match new {
        Ok(n) => n,
        Err(p) => return problem(&state, &ctx, p, "/admin/reports"),
    };
    match opcc_store::reports::create(&state.db, &who.actor(), &new).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/reports/{id}")).into_response()),
        Err(StoreError::Invalid(p)) => problem(&state, &ctx, p, "/admin/reports"),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "reports/edit.html")]
struct ShowPage {
    l: Layout,
    r: ReportView,
    office: bool,
    editable: bool,
    /// (action, button label, secondary) the office may take now.
    actions: Vec<(&'static str, &'static str, bool)>,
    published: bool,
    pdf: String,
}

/// The version, if this person may read it: the Panel from review on.
async fn readable(state: &AppState, ctx: &Ctx, id: i64) -> Result<ReportView, WebError> {
    let row = opcc_store::reports::row(&state.db, id).await?;
    let v = opcc_store::reports::version(&state.db, row).await?;
    if !is_office(ctx) && !v.status.panel_may_see() {
        return Err(WebError::Forbidden);
    }
    Ok(view(&v))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: PanelOrOffice,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = readable(&state, &ctx, id).await?;
    let office = is_office(&ctx);
    let actions = match r.status {
        Status::Draft => vec![("review", "Send to the Panel for review", false)],
        Status::Review => vec![
            ("approve", "Approve and freeze the figures", false),
            ("draft", "Take back to draft", true),
        ],
        Status::Approved => vec![("publish", "Publish", false)],
        Status::Published => Vec::new(),
    };
    let l = Layout::new(&state, &ctx, r.title.clone(), "reports");
    let pdf = format!("/admin/reports/{id}/pdf");
    Ok(render(&ShowPage {
        l,
        editable: office && r.status.editable(),
        published: r.status == Status::Published,
        office,
        actions,
        pdf,
        r,
    })?
    .into_response())
}

pub async fn pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    _who: PanelOrOffice,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = readable(&state, &ctx, id).await?;
    pdf_response(&r).await
}

fn text(f: &HashMap<String, String>, k: &str) -> String {
    f.get(k).cloned().unwrap_or_default()
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    next: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(next).into_response()),
        Err(StoreError::Invalid(p)) => problem(state, ctx, p, next),
        Err(e) => Err(e.into()),
    }
}

/// `POST /admin/reports/{id}/narrative`: one section's narrative.
pub async fn save_narrative(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let section = text(&f, "section");
    let r = opcc_store::reports::save_narrative(
        &state.db,
        &who.actor(),
        id,
        &section,
        &text(&f, "narrative"),
    )
    .await;
    after(
        &state,
        &ctx,
        r,
        &format!("/admin/reports/{id}#section-{section}"),
    )
    .await
}

/// `POST /admin/reports/{id}/status`: review, back to draft, approve, publish.
pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = opcc_store::reports::act(&state.db, &who.actor(), id, &text(&f, "action"))
        .await
        .map(|_| ());
    after(&state, &ctx, r, &format!("/admin/reports/{id}")).await
}

/// `POST /admin/reports/{id}/correct`: a new version correcting a published one.
pub async fn correct(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    match opcc_store::reports::correct(&state.db, &who.actor(), id, &text(&f, "note")).await {
        Ok(new) => Ok(Redirect::to(&format!("/admin/reports/{new}")).into_response()),
        Err(StoreError::Invalid(p)) => problem(&state, &ctx, p, &format!("/admin/reports/{id}")),
        Err(e) => Err(e.into()),
    }
}
