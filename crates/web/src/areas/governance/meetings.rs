//! Bodies and meetings: the index, a body's page, the list of meetings, a meeting with its
//! agenda, papers, attendance, minutes and actions, and a paper's download. The office sees
//! private bodies' meetings and confidential items, with the forms to keep them.

use super::{long_day, long_when, today, viewer};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::{EXEMPTIONS, action_overdue, exemption_label};
use opcc_store::governance::{self as gov, Body, Meeting, Member, Viewer};

pub struct MeetingRow {
    pub id: i64,
    pub body: String,
    pub when: String,
    pub public: bool,
    pub cancelled: bool,
    pub minutes: &'static str,
}

fn row(m: &Meeting) -> MeetingRow {
    MeetingRow {
        id: m.id,
        body: m.body_name.clone(),
        when: long_when(&m.starts_at),
        public: m.is_public(),
        cancelled: m.cancelled == 1,
        minutes: if m.minutes_approved_by.is_some() {
            "Approved"
        } else if m.minutes.is_empty() {
            "Not yet"
        } else {
            "Draft"
        },
    }
}

#[derive(Template)]
#[template(path = "governance/index.html")]
struct IndexPage {
    l: Layout,
    bodies: Vec<Body>,
    rows: Vec<MeetingRow>,
    office: bool,
    panel: bool,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let v = viewer(&ctx);
    let bodies = gov::bodies(&state.db, v).await?;
    let mut all = gov::meetings(&state.db, v, None).await?;
    all.reverse();
    let rows = all.iter().take(8).map(row).collect();
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Governance and meetings", "governance"),
        bodies,
        rows,
        office: v == Viewer::Office,
        panel: crate::policy::is_panel(&ctx),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "governance/meetings.html")]
struct ListPage {
    l: Layout,
    rows: Vec<MeetingRow>,
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let mut all = gov::meetings(&state.db, viewer(&ctx), None).await?;
    all.reverse();
    Ok(render(&ListPage {
        l: Layout::new(&state, &ctx, "Meetings", "governance"),
        rows: all.iter().map(row).collect(),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "governance/body.html")]
struct BodyPage {
    l: Layout,
    body: Body,
    members: Vec<Member>,
    rows: Vec<MeetingRow>,
}

pub async fn body(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let v = viewer(&ctx);
    let body = gov::body(&state.db, &slug, v).await?;
    let members = gov::members(&state.db, body.id).await?;
    let mut all = gov::meetings(&state.db, v, Some(body.id)).await?;
    all.reverse();
    Ok(render(&BodyPage {
        l: Layout::new(&state, &ctx, body.name.clone(), "governance"),
        rows: all.iter().map(row).collect(),
        body,
        members,
    })?
    .into_response())
}

pub struct ItemView {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub summary: String,
    pub exemption: Option<String>,
    pub papers: Vec<PaperView>,
}

pub struct PaperView {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub size: String,
    pub exemption: Option<String>,
}

pub struct ActionView {
    pub id: i64,
    pub description: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
    pub agreed: String,
    pub history: Vec<(String, String, String, String)>,
}

fn kind(ct: &str) -> &'static str {
    match ct {
        "application/pdf" => "PDF",
        c if c.contains("wordprocessing") || c.contains("opendocument.text") => "Document",
        c if c.contains("spreadsheet") => "Spreadsheet",
        c if c.contains("presentation") => "Presentation",
        _ => "File",
    }
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

async fn action_views(
    state: &AppState,
    actions: Vec<gov::actions::Action>,
) -> Result<Vec<ActionView>, WebError> {
    let mut out = Vec::new();
    for a in actions {
        let due = time::Date::parse(
            &a.due_on,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok();
        let history = gov::actions::updates(&state.db, a.id)
            .await?
            .into_iter()
            .map(|u| (long_day(&u.at), u.by_label, u.status, u.note))
            .collect();
        out.push(ActionView {
            id: a.id,
            overdue: due.is_some_and(|d| action_overdue(&a.status, d, today())),
            description: a.description,
            owner: a.owner,
            due: long_day(&a.due_on),
            status: a.status,
            agreed: long_when(&a.meeting_starts_at),
            history,
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "governance/meeting.html")]
struct MeetingPage {
    l: Layout,
    m: Meeting,
    when: String,
    items: Vec<ItemView>,
    general: Vec<PaperView>,
    attendance: Vec<gov::Attendee>,
    approved_at: Option<(i64, String)>,
    later: Vec<(i64, String)>,
    questions: Vec<gov::questions::PublicQuestion>,
    sections: Vec<(&'static str, Vec<ActionView>)>,
    office: bool,
    exemptions: Vec<(&'static str, String)>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let v = viewer(&ctx);
    let db = &state.db;
    let m = gov::meeting(db, id, v).await?;
    let papers = gov::papers(db, id, v).await?;
    let view = |p: &gov::Paper| PaperView {
        id: p.id,
        title: p.title.clone(),
        kind: kind(&p.content_type),
        size: size(p.size),
        exemption: p.exemption.as_deref().and_then(exemption_label),
    };
    let items = gov::items(db, id, v)
        .await?
        .into_iter()
        .map(|i| ItemView {
            papers: papers
                .iter()
                .filter(|p| p.item_id == Some(i.id))
                .map(view)
                .collect(),
            id: i.id,
            position: i.position,
            title: i.title,
            summary: i.summary,
            exemption: i.exemption.as_deref().and_then(exemption_label),
        })
        .collect();
    let general = papers
        .iter()
        .filter(|p| p.item_id.is_none())
        .map(view)
        .collect();
    let same_body = gov::meetings(db, v, Some(m.body_id)).await?;
    let approved_at = m.minutes_approved_by.and_then(|by| {
        same_body
            .iter()
            .find(|x| x.id == by)
            .map(|x| (x.id, long_when(&x.starts_at)))
    });
    let later = same_body
        .iter()
        .filter(|x| x.starts_at > m.starts_at)
        .map(|x| (x.id, long_when(&x.starts_at)))
        .collect();
    let office = v == Viewer::Office;
    let mut sections = Vec::new();
    if office {
        for (heading, list) in [
            (
                "Agreed at this meeting",
                gov::actions::of_meeting(db, id).await?,
            ),
            (
                "Carried forward from earlier meetings",
                gov::actions::carried_to(db, id).await?,
            ),
        ] {
            if !list.is_empty() {
                sections.push((heading, action_views(&state, list).await?));
            }
        }
    }
    let title = format!("{}: {}", m.body_name, long_when(&m.starts_at));
    Ok(render(&MeetingPage {
        l: Layout::new(&state, &ctx, title, "governance"),
        when: long_when(&m.starts_at),
        items,
        general,
        attendance: gov::attendance(db, id).await?,
        approved_at,
        later,
        questions: gov::questions::published(db, Some(id)).await?,
        sections,
        office,
        exemptions: EXEMPTIONS
            .iter()
            .map(|(c, _)| (*c, exemption_label(c).unwrap_or_default()))
            .collect(),
        m,
    })?
    .into_response())
}

/// A paper, served with its own content type as a download.
pub async fn paper(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let f = gov::paper_file(&state.db, id, viewer(&ctx)).await?;
    Ok(file_response(f))
}

pub(crate) fn file_response(f: gov::PaperFile) -> Response {
    let safe: String = f
        .filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    (
        [
            (header::CONTENT_TYPE, f.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        f.content,
    )
        .into_response()
}
