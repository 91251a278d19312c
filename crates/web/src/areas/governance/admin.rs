//! The office's governance forms: meetings (items, papers, attendance, minutes and their
//! approval, actions), decisions (record, publish, link), inspections (the response, each
//! finding's progress), the joint risk register and the publication register's documents.
//! Each saves through the store with its audit entry; what the store refuses is shown on a
//! page naming the field, with a way back.

use super::{long_day, long_when};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::governance::publication::ITEMS;
use opcc_domain::governance::{
    DecisionNumber, EXEMPTIONS, TRENDS, exemption_label, parse_exemption, risk_rating,
};
use opcc_store::StoreError;
use opcc_store::governance::{self as gov, Viewer};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "governance/problem.html")]
struct ProblemPage {
    l: Layout,
    problem: String,
    back: String,
}

/// After a form: back where it came from, or the store's refusal on a page of its own.
async fn done(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(()) => Ok(Redirect::to(back).into_response()),
        Err(StoreError::Invalid(problem)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ProblemPage {
                l: Layout::new(state, ctx, "Error: the change was not saved", "governance"),
                problem,
                back: back.to_string(),
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn finish(
    state: &AppState,
    ctx: &Ctx,
    r: Result<(), StoreError>,
    back: &str,
) -> Result<Response, WebError> {
    done(state, ctx, r, back).await
}

pub(super) async fn refused(
    state: &AppState,
    ctx: &Ctx,
    problem: String,
    back: &str,
) -> Result<Response, WebError> {
    done(state, ctx, Err(StoreError::Invalid(problem)), back).await
}

fn exemption(s: &str) -> Result<Option<String>, StoreError> {
    parse_exemption(s).map_err(StoreError::Invalid)
}

#[derive(Template)]
#[template(path = "governance/admin.html")]
struct IndexPage {
    l: Layout,
    bodies: Vec<gov::Body>,
    meetings: Vec<(i64, String, String, bool)>,
    decisions: Vec<super::decisions::Row>,
    exemptions: Vec<(&'static str, String)>,
    items: Vec<(&'static str, &'static str)>,
    waiting: usize,
    overdue_actions: usize,
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    let db = &state.db;
    let mut meetings = gov::meetings(db, Viewer::Office, None).await?;
    meetings.reverse();
    let today = super::today();
    let overdue_actions = gov::actions::all(db)
        .await?
        .iter()
        .filter(|a| {
            time::Date::parse(
                &a.due_on,
                &time::format_description::well_known::Iso8601::DATE,
            )
            .is_ok_and(|d| opcc_domain::governance::action_overdue(&a.status, d, today))
        })
        .count();
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Governance", "governance"),
        bodies: gov::bodies(db, Viewer::Office).await?,
        meetings: meetings
            .iter()
            .map(|m| {
                (
                    m.id,
                    m.body_name.clone(),
                    long_when(&m.starts_at),
                    m.is_public(),
                )
            })
            .collect(),
        decisions: gov::decisions::list(db, Viewer::Office, "")
            .await?
            .iter()
            .map(|d| super::decisions::Row {
                number: d.number().to_string(),
                slug: d.number().slug(),
                title: d.title.clone(),
                date: long_day(&d.decided_on),
                state: super::decisions::state_of(d),
            })
            .collect(),
        exemptions: EXEMPTIONS
            .iter()
            .map(|(c, _)| (*c, exemption_label(c).unwrap_or_default()))
            .collect(),
        items: ITEMS.iter().map(|i| (i.item, i.heading)).collect(),
        waiting: gov::questions::all(db)
            .await?
            .iter()
            .filter(|q| q.status == "submitted")
            .count(),
        overdue_actions,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct MeetingForm {
    body_id: i64,
    starts_at: String,
    ends_at: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    webcast_url: String,
}

pub async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<MeetingForm>,
) -> Result<Response, WebError> {
    let m = gov::NewMeeting {
        body_id: f.body_id,
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        location: f.location.trim().to_string(),
        webcast_url: f.webcast_url,
    };
    match gov::create_meeting(&state.db, &who.actor(), &m).await {
        Ok(id) => Ok(Redirect::to(&format!("/governance/meetings/{id}")).into_response()),
        Err(e) => done(&state, &ctx, Err(e), "/admin/governance").await,
    }
}

fn meeting_page(id: i64) -> String {
    format!("/governance/meetings/{id}")
}

#[derive(Deserialize)]
pub struct ItemForm {
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    exemption: String,
}

pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    let r = async {
        let e = exemption(&f.exemption)?;
        gov::add_item(
            &state.db,
            &who.actor(),
            id,
            &f.title,
            &f.summary,
            e.as_deref(),
        )
        .await
        .map(|_| ())
    }
    .await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

/// An upload form's text fields by name, and its file (`file`) with the name it was sent as.
/// The body's size is bounded before any of it is read (`DefaultBodyLimit`).
pub(crate) async fn upload_fields(
    mut form: Multipart,
) -> Result<(HashMap<String, String>, Option<(String, Bytes)>), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        WebError::BadRequest(format!("The upload could not be read: {e}"))
    };
    let (mut fields, mut file) = (HashMap::new(), None);
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        if name == "file" {
            let sent_as = field.file_name().unwrap_or("upload").to_string();
            file = Some((sent_as, field.bytes().await.map_err(bad)?));
        } else {
            fields.insert(name, field.text().await.map_err(bad)?);
        }
    }
    Ok((fields, file))
}

/// `POST /admin/governance/meetings/{id}/papers`: a paper (PDF or Office
/// file, up to 5 MB), for the meeting or one of its items, confidential if an exemption is
/// named.
pub async fn add_paper(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, WebError> {
    let (fields, file) = upload_fields(form).await?;
    let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let (title, item, exempt) = (text("title"), text("item"), text("exemption"));
    let r = async {
        let Some((name, bytes)) = file else {
            return Err(StoreError::Invalid("file: choose a paper to upload".into()));
        };
        let item_id = match item.trim() {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .map_err(|_| StoreError::Invalid("item: choose an item".into()))?,
            ),
        };
        let e = exemption(&exempt)?;
        gov::add_paper(
            &state.db,
            &who.actor(),
            &gov::NewPaper {
                meeting_id: id,
                item_id,
                title: &title,
                filename: &name,
                content: &bytes,
                exemption: e.as_deref(),
            },
        )
        .await
        .map(|_| ())
    }
    .await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct AttendanceForm {
    name: String,
    #[serde(default)]
    role: String,
    status: String,
}

pub async fn add_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<AttendanceForm>,
) -> Result<Response, WebError> {
    let r = gov::add_attendance(&state.db, &who.actor(), id, &f.name, &f.role, &f.status).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    minutes: String,
}

pub async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<MinutesForm>,
) -> Result<Response, WebError> {
    let r = gov::save_minutes(&state.db, &who.actor(), id, &f.minutes).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ApproveForm {
    approved_at: i64,
}

pub async fn approve_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ApproveForm>,
) -> Result<Response, WebError> {
    let r = gov::approve_minutes(&state.db, &who.actor(), id, f.approved_at).await;
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ActionForm {
    description: String,
    owner: String,
    due_on: String,
}

pub async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> Result<Response, WebError> {
    let r = gov::actions::add(
        &state.db,
        &who.actor(),
        id,
        &f.description,
        &f.owner,
        &f.due_on,
    )
    .await
    .map(|_| ());
    done(&state, &ctx, r, &meeting_page(id)).await
}

#[derive(Deserialize)]
pub struct ActionUpdateForm {
    status: String,
    note: String,
    meeting: i64,
}

pub async fn update_action(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ActionUpdateForm>,
) -> Result<Response, WebError> {
    let r = gov::actions::update(&state.db, &who.actor(), id, &f.status, &f.note).await;
    done(&state, &ctx, r, &meeting_page(f.meeting)).await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    title: String,
    decision_maker: String,
    decided_on: String,
    #[serde(default)]
    meeting_id: String,
    summary: String,
    #[serde(default)]
    options: String,
    reasons: String,
    #[serde(default)]
    financial: String,
    #[serde(default)]
    legal: String,
    #[serde(default)]
    equality: String,
    #[serde(default)]
    exempt_part: String,
    #[serde(default)]
    exemption: String,
    #[serde(default)]
    fully_exempt: Option<String>,
}

pub async fn create_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    let r = async {
        let meeting_id = match f.meeting_id.trim() {
            "" => None,
            s => Some(
                s.parse()
                    .map_err(|_| StoreError::Invalid("meeting: choose a meeting".into()))?,
            ),
        };
        let d = gov::decisions::NewDecision {
            title: f.title,
            decision_maker: f.decision_maker,
            decided_on: f.decided_on,
            meeting_id,
            summary: f.summary,
            options: f.options,
            reasons: f.reasons,
            financial: f.financial,
            legal: f.legal,
            equality: f.equality,
            exempt_part: f.exempt_part,
            exemption: exemption(&f.exemption)?,
            fully_exempt: f.fully_exempt.is_some(),
        };
        gov::decisions::create(&state.db, &who.actor(), &d).await
    }
    .await;
    match r {
        Ok(n) => Ok(Redirect::to(&format!("/governance/decisions/{}", n.slug())).into_response()),
        Err(e) => done(&state, &ctx, Err(e), "/admin/governance").await,
    }
}

pub async fn publish_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let n = DecisionNumber::parse_slug(&number).ok_or(WebError::NotFound)?;
    let r = gov::decisions::publish(&state.db, &who.actor(), n).await;
    done(
        &state,
        &ctx,
        r,
        &format!("/governance/decisions/{}", n.slug()),
    )
    .await
}

#[derive(Deserialize)]
pub struct LinkForm {
    kind: String,
    target: String,
}

pub async fn link_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(number): Path<String>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let n = DecisionNumber::parse_slug(&number).ok_or(WebError::NotFound)?;
    let r = gov::decisions::link(&state.db, &who.actor(), n, &f.kind, &f.target).await;
    done(
        &state,
        &ctx,
        r,
        &format!("/governance/decisions/{}", n.slug()),
    )
    .await
}

#[derive(Deserialize)]
pub struct ResponseForm {
    response: String,
    published_on: String,
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    let r = gov::inspections::respond(
        &state.db,
        &who.actor(),
        id,
        &f.response,
        f.published_on.trim(),
    )
    .await;
    done(&state, &ctx, r, "/governance/inspections").await
}

#[derive(Deserialize)]
pub struct FindingForm {
    status: String,
    #[serde(default)]
    evidence: String,
}

pub async fn track_finding(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<FindingForm>,
) -> Result<Response, WebError> {
    let on = opcc_store::finance::iso(super::today());
    let r = gov::inspections::track(&state.db, &who.actor(), id, &f.status, &f.evidence, &on).await;
    done(&state, &ctx, r, "/governance/inspections").await
}

pub struct RiskView {
    pub r: gov::risks::Risk,
    pub before: i64,
    pub after: i64,
    pub before_rating: &'static str,
    pub after_rating: &'static str,
    pub review: String,
    pub review_overdue: bool,
    pub trend: &'static str,
}

#[derive(Template)]
#[template(path = "governance/risks.html")]
struct RisksPage {
    l: Layout,
    risks: Vec<RiskView>,
    trends: [(&'static str, &'static str); 3],
}

pub async fn risks(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
) -> Result<Response, WebError> {
    let today = opcc_store::finance::iso(super::today());
    let risks = gov::risks::list(&state.db)
        .await?
        .into_iter()
        .map(|r| {
            let before = r.likelihood_before * r.impact_before;
            let after = r.likelihood_after * r.impact_after;
            RiskView {
                before,
                after,
                before_rating: risk_rating(before),
                after_rating: risk_rating(after),
                review: long_day(&r.review_on),
                review_overdue: r.review_on < today,
                trend: TRENDS
                    .iter()
                    .find(|(t, _)| *t == r.trend)
                    .map(|(_, l)| *l)
                    .unwrap_or("Steady"),
                r,
            }
        })
        .collect();
    Ok(render(&RisksPage {
        l: Layout::new(&state, &ctx, "Joint risk register", "governance"),
        risks,
        trends: TRENDS,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct RiskForm {
    reference: String,
    title: String,
    owner: String,
    likelihood_before: String,
    impact_before: String,
    likelihood_after: String,
    impact_after: String,
    #[serde(default)]
    controls: String,
    #[serde(default)]
    actions: String,
    review_on: String,
    trend: String,
}

pub async fn save_risk(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<RiskForm>,
) -> Result<Response, WebError> {
    let r = async {
        let n = |field: &str, v: &str| {
            v.trim().parse::<i64>().map_err(|_| {
                StoreError::Invalid(format!("{field}: enter a whole number from 1 to 5"))
            })
        };
        let risk = gov::risks::Risk {
            likelihood_before: n("likelihood_before", &f.likelihood_before)?,
            impact_before: n("impact_before", &f.impact_before)?,
            likelihood_after: n("likelihood_after", &f.likelihood_after)?,
            impact_after: n("impact_after", &f.impact_after)?,
            reference: f.reference,
            title: f.title,
            owner: f.owner,
            controls: f.controls,
            actions: f.actions,
            review_on: f.review_on.trim().to_string(),
            trend: f.trend,
        };
        gov::risks::save(&state.db, &who.actor(), &risk).await
    }
    .await;
    done(&state, &ctx, r, "/admin/governance/risks").await
}

/// `POST /admin/governance/publication`: a document for an item of the Order.
pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    form: Multipart,
) -> Result<Response, WebError> {
    let (fields, file) = upload_fields(form).await?;
    let text = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let (item, title, on) = (text("item"), text("title"), text("published_on"));
    let r = match file {
        None => Err(StoreError::Invalid(
            "file: choose a document to upload".into(),
        )),
        Some((name, bytes)) => gov::publication::upload(
            &state.db,
            &who.actor(),
            item.trim(),
            &title,
            &name,
            &bytes,
            on.trim(),
        )
        .await
        .map(|_| ()),
    };
    done(&state, &ctx, r, "/transparency").await
}
