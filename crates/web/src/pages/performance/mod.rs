//! Performance against the plan: measure values entered by form or uploaded as sheets, each
//! measure's series and settings, updates due, and publishing a quarter (which locks it).

pub mod measure;
pub mod pack;

/// The largest file an upload may be: a measures sheet is a few kilobytes, and a workbook
/// is read within limits of its own (`opcc_domain::sheets`) whatever its size.
pub const MAX_UPLOAD_BYTES: usize = 5 << 20;
/// What the whole upload's body may be: the file and the form's few other bytes.
pub const MAX_UPLOAD_BODY: usize = MAX_UPLOAD_BYTES + (64 << 10);
const TOO_LARGE: &str = "The file must be smaller than 5 MB";

/// For templates, which hand functions references.
pub fn locked_period(locked: &[Period], p: &Period) -> bool {
    opcc_store::performance::is_locked(locked, *p)
}

use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::pages::plans::{today, visible_plan};
use crate::policy::Office;
use askama::Template;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::measures::{RowError, parse_sheet_titled};
use opcc_domain::periods::{Period, PeriodKind};
use opcc_domain::plans::file::{Measure, PlanFile};
use opcc_domain::plans::{Frequency, Unit};
use opcc_store::performance::{Origin, SaveError, Saved};
use std::collections::HashMap;

/// A measure as the list shows it: its latest force-wide value and whether an update is due.
pub struct MeasureRow<'a> {
    pub m: &'a Measure,
    pub item: String,
    pub latest: Option<(Period, String)>,
    pub due: Option<Period>,
    pub owner: Option<String>,
}

pub fn frequency_kind(f: Option<Frequency>) -> PeriodKind {
    match f {
        Some(Frequency::Monthly) | None => PeriodKind::Month,
        Some(Frequency::Quarterly) => PeriodKind::Quarter,
        Some(Frequency::Annual) => PeriodKind::Year,
    }
}

pub fn measures(plan: &PlanFile) -> Vec<(String, &Measure)> {
    plan.all_items()
        .into_iter()
        .flat_map(|(_, i)| i.measures.iter().map(move |m| (i.title.clone(), m)))
        .filter(|(_, m)| !m.provisional && m.retired.is_none())
        .collect()
}

/// A CSV with the upload's columns and a row for each measure the upload takes, named by
/// its key, so that staff never have to guess one.
pub async fn template_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let columns = opcc_domain::measures::COLUMNS;
    let rows: Vec<Vec<String>> = measures(&plan)
        .into_iter()
        .map(|(_, m)| {
            let mut row = vec![String::new(); columns.len()];
            row[0] = m.key.clone();
            row
        })
        .collect();
    Ok(crate::download::csv_response(
        &format!("{slug}-values-template.csv"),
        &columns,
        rows,
    ))
}

pub async fn rows<'a>(
    state: &AppState,
    plan: &'a PlanFile,
) -> Result<Vec<MeasureRow<'a>>, WebError> {
    let users: HashMap<i64, String> = opcc_store::accounts::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let mut out = Vec::new();
    for (item, m) in measures(plan) {
        let kind = frequency_kind(m.frequency);
        let series =
            opcc_store::performance::series(&state.db, &plan.slug, &m.key, &plan.force_area, kind)
                .await?;
        let latest = series.last().map(|v| (v.period, v.value.to_string()));
        // Within the plan's term: nothing is due before it starts, and after it ends only
        // its last period is.
        let expected =
            Period::last_complete(kind, today().0).min(Period::containing(kind, plan.term_end.0));
        let started = expected >= Period::containing(kind, plan.term_start.0);
        let due = match &latest {
            Some((p, _)) if *p >= expected => None,
            _ if !started => None,
            _ => Some(expected),
        };
        let settings = opcc_store::performance::settings(&state.db, &plan.slug, &m.key).await?;
        out.push(MeasureRow {
            m,
            item,
            latest,
            due,
            owner: settings.owner_id.and_then(|id| users.get(&id).cloned()),
        });
    }
    Ok(out)
}

/// A problem shown in the error summary: with the file (shown at its field too) or not.
pub enum Problem {
    File(String),
    Other(String),
}

impl Problem {
    pub fn text(&self) -> &str {
        match self {
            Problem::File(m) | Problem::Other(m) => m,
        }
    }

    pub fn is_file(&self) -> bool {
        matches!(self, Problem::File(_))
    }
}

#[derive(Template)]
#[template(path = "performance/index.html")]
struct IndexPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    rows: Vec<MeasureRow<'a>>,
    mine_due: Vec<&'a str>,
    locked: Vec<Period>,
    quarters: Vec<Period>,
    errors: Vec<RowError>,
    problem: Option<Problem>,
    /// The problem again, beside the file field, when it is the file's.
    file_error: Option<String>,
    saved: Option<Saved>,
    /// The office uploads, derives and publishes; the Panel reads.
    can_edit: bool,
}

async fn index_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    errors: Vec<RowError>,
    problem: Option<Problem>,
    saved: Option<Saved>,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let rows = rows(state, &plan).await?;
    let me = ctx.user().map(|u| u.display_name.clone());
    let mine_due = rows
        .iter()
        .filter(|r| r.due.is_some() && r.owner.is_some() && r.owner == me)
        .map(|r| r.m.title.as_str())
        .collect();
    let locked = opcc_store::performance::locked_quarters(&state.db, slug).await?;
    // The quarters a pack can be published for: from the plan's start to the last complete,
    // and not past the plan's end.
    let last = Period::last_complete(PeriodKind::Quarter, today().0)
        .min(Period::containing(PeriodKind::Quarter, plan.term_end.0));
    let mut quarters = Vec::new();
    let mut q = Period::month(plan.term_start.0.year(), plan.term_start.0.month() as u8)
        .quarter()
        .expect("a month has a quarter");
    while q <= last && quarters.len() < 40 {
        quarters.push(q);
        q = q.next();
    }
    quarters.reverse();
    let status = if errors.is_empty() && problem.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = format!("Performance: {}", plan.title);
    let title = if status == StatusCode::OK {
        title
    } else {
        format!("Error: {title}")
    };
    let page = render(&IndexPage {
        l: Layout::new(state, ctx, title, "admin"),
        plan: &plan,
        rows,
        mine_due,
        locked,
        quarters,
        file_error: problem
            .as_ref()
            .filter(|p| p.is_file())
            .map(|p| p.text().to_string()),
        errors,
        problem,
        saved,
        can_edit: crate::policy::is_office(ctx),
    })?;
    Ok((status, page).into_response())
}

/// What an upload or a refresh saved, carried by the redirect after it.
#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    inserted: Option<usize>,
    updated: Option<usize>,
    unchanged: Option<usize>,
    /// Derived values that differ from published figures.
    locked: Option<usize>,
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response, WebError> {
    let saved = match (q.inserted, q.updated, q.unchanged) {
        (Some(inserted), Some(updated), Some(unchanged)) => Some(Saved {
            inserted,
            updated,
            unchanged,
            set_aside: 0,
        }),
        _ => None,
    };
    let problem = q.locked.filter(|n| *n > 0).map(locked_problem);
    index_page(&state, &ctx, &slug, Vec::new(), problem, saved).await
}

fn locked_problem(n: usize) -> Problem {
    Problem::Other(format!(
        "{} differ from published figures; correct them on the measure's page, with a reason",
        if n == 1 {
            "1 derived value".to_string()
        } else {
            format!("{n} derived values")
        }
    ))
}

/// After a POST the browser is sent on, so that reloading repeats nothing.
fn saved_redirect(slug: &str, s: &Saved, locked: usize) -> Response {
    Redirect::to(&format!(
        "/admin/performance/{slug}?inserted={}&updated={}&unchanged={}{}",
        s.inserted,
        s.updated,
        s.unchanged,
        if locked > 0 {
            format!("&locked={locked}")
        } else {
            String::new()
        }
    ))
    .into_response()
}

enum Upload {
    TooLarge,
    Unreadable(String),
}

impl From<MultipartError> for Upload {
    fn from(e: MultipartError) -> Self {
        // The body limit (MAX_UPLOAD_BODY) shows here as a read error with status 413.
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Upload::TooLarge
        } else {
            Upload::Unreadable(format!("The upload could not be read: {e}"))
        }
    }
}

/// The file field's name and bytes, counted as they arrive.
async fn read_file(form: &mut Multipart) -> Result<Option<(String, Vec<u8>)>, Upload> {
    let mut file = None;
    while let Some(mut field) = form.next_field().await? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("upload").to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await? {
            if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                return Err(Upload::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
    }
    Ok(file)
}

/// An upload is read whole, checked whole, and saved whole or not at all.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let file = match read_file(&mut form).await {
        Ok(f) => f,
        Err(Upload::Unreadable(m)) => return Err(WebError::BadRequest(m)),
        Err(Upload::TooLarge) => {
            let mut page = index_page(
                &state,
                &ctx,
                &slug,
                Vec::new(),
                Some(Problem::File(TOO_LARGE.into())),
                None,
            )
            .await?;
            *page.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
            return Ok(page);
        }
    };
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return index_page(
            &state,
            &ctx,
            &slug,
            Vec::new(),
            Some(Problem::File("Choose a file to upload".into())),
            None,
        )
        .await;
    };
    let sheets = match opcc_domain::sheets::read(&name, &bytes) {
        Ok(s) => s,
        Err(m) => {
            return index_page(
                &state,
                &ctx,
                &slug,
                Vec::new(),
                Some(Problem::File(m)),
                None,
            )
            .await;
        }
    };
    let units: HashMap<String, (Unit, PeriodKind)> = measures(&plan)
        .into_iter()
        .map(|(_, m)| (m.key.clone(), (m.unit, frequency_kind(m.frequency))))
        .collect();
    let titles: HashMap<String, String> = measures(&plan)
        .into_iter()
        .map(|(_, m)| (m.title.clone(), m.key.clone()))
        .collect();
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for (sheet, rows) in &sheets {
        match parse_sheet_titled(sheet, rows, &units, &titles, &plan.force_area) {
            Ok(v) => values.extend(v),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return index_page(&state, &ctx, &slug, errors, None, None).await;
    }
    match opcc_store::performance::save(
        &state.db,
        &who.actor(),
        &slug,
        &values,
        Origin::Upload,
        opcc_store::performance::OnLocked::Refuse,
    )
    .await
    {
        Ok(saved) => Ok(saved_redirect(&slug, &saved, 0)),
        Err(e @ SaveError::Locked(_)) => {
            let p = Problem::File(e.to_string());
            index_page(&state, &ctx, &slug, Vec::new(), Some(p), None).await
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

/// Refreshes the measures derived from police.uk data (also done after every import).
pub async fn derive(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let d = opcc_store::performance::derive_police_uk(&state.db, &who.actor(), &slug).await?;
    Ok(saved_redirect(&slug, &d.saved, d.locked))
}

#[derive(serde::Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    quarter: String,
    /// "yes" from the confirmation page; without it nothing is locked.
    #[serde(default)]
    confirm: String,
}

fn quarter_of(text: &str) -> Result<Period, WebError> {
    Period::parse(text)
        .ok()
        .or_else(|| parse_quarter_slug(text))
        .filter(|p| matches!(p, Period::Quarter(..)))
        .ok_or_else(|| WebError::BadRequest("Choose a quarter to publish".into()))
}

#[derive(Template)]
#[template(path = "performance/publish_confirm.html")]
struct ConfirmPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    quarter: Period,
    /// Measures of the plan with no value for the quarter: the office should know.
    missing: Vec<&'a str>,
    already: bool,
}

/// The confirmation page before a quarter is locked: what publishing does, and what is
/// missing from the pack.
pub async fn publish_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    axum::extract::Query(f): axum::extract::Query<PublishForm>,
) -> Result<Response, WebError> {
    let quarter = quarter_of(&f.quarter)?;
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let mut missing = Vec::new();
    for (_, m) in measures(&plan) {
        let kind = frequency_kind(m.frequency);
        let series =
            opcc_store::performance::series(&state.db, &plan.slug, &m.key, &plan.force_area, kind)
                .await?;
        let in_quarter = series.iter().any(|v| match v.period {
            p @ Period::Quarter(..) => p == quarter,
            p @ Period::Month(..) => p.quarter() == Some(quarter),
            _ => false,
        });
        if !in_quarter && kind != PeriodKind::Year {
            missing.push(m.title.as_str());
        }
    }
    let already = opcc_store::performance::locked_quarters(&state.db, &slug)
        .await?
        .contains(&quarter);
    render(&ConfirmPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Publish the pack for {}?", quarter.label()),
            "admin",
        ),
        plan: &plan,
        quarter,
        missing,
        already,
    })
    .map(IntoResponse::into_response)
}

pub async fn publish(
    State(state): State<AppState>,
    who: Office,
    Path(slug): Path<String>,
    axum::Form(f): axum::Form<PublishForm>,
) -> Result<Response, WebError> {
    let quarter = quarter_of(&f.quarter)?;
    // Locking is for good: it happens only from the confirmation page.
    if f.confirm != "yes" {
        return Ok(Redirect::to(&format!(
            "/admin/performance/{slug}/publish?quarter={}",
            quarter_slug(&quarter)
        ))
        .into_response());
    }
    match opcc_store::performance::lock_quarter(&state.db, &who.actor(), &slug, quarter).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/performance/{slug}/packs/{}",
            quarter_slug(&quarter)
        ))
        .into_response()),
        Err(e) => Err(e.into()),
    }
}

/// A quarter in a web address: `2025-26-q1`.
pub fn quarter_slug(q: &Period) -> String {
    q.to_string().replace('/', "-").replace(" Q", "-q")
}

pub fn parse_quarter_slug(s: &str) -> Option<Period> {
    let (fy, q) = s.rsplit_once("-q")?;
    let (a, b) = fy.split_once('-')?;
    Period::parse(&format!("{a}/{b} Q{q}"))
        .ok()
        .filter(|p| matches!(p, Period::Quarter(..)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quarters_round_trip_through_addresses() {
        let q = opcc_domain::periods::Period::Quarter(2025, 2);
        assert_eq!(super::quarter_slug(&q), "2025-26-q2");
        assert_eq!(super::parse_quarter_slug("2025-26-q2"), Some(q));
        assert_eq!(super::parse_quarter_slug("2025-26"), None);
        assert_eq!(super::parse_quarter_slug("2025-26-q9"), None);
    }
}
