//! A provider's pages: the open rounds, its organisation's applications (eligibility, the
//! form with budget lines, saved as a draft and returned to, then submitted) and its
//! services' returns. Another organisation's application is not found: the object-level rule
//! is `may_see_organisation_record`.

use super::{done, long_day, money, problems};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::accounts::Role;
use opcc_domain::commissioning::{budget_lines, eligible, returns};
use opcc_domain::policy::{Person, may_see_organisation_record};
use opcc_store::StoreError;
use opcc_store::commissioning::{self as com, Programme, grants, services};

/// Budget lines the form offers.
const LINES: usize = 6;

/// The provider and the organisation they act for; a provider not yet linked to one is told
/// to ask the office.
async fn acting_for(state: &AppState, who: &SignedIn) -> Result<(Person, i64), WebError> {
    let p = com::person(&state.db, who.user().id, who.user().role).await?;
    match p.organisation {
        Some(o) if p.role == Role::Provider => Ok((p, o)),
        _ => Err(WebError::BadRequest(
            "Your account does not act for an organisation yet: ask the Commissioner's office \
             to link it to yours."
                .into(),
        )),
    }
}

#[derive(Template)]
#[template(path = "commissioning/grants.html")]
struct IndexPage {
    l: Layout,
    provider: bool,
    organisation: Option<String>,
    rounds: Vec<(String, String, String, String)>,
    applications: Vec<(i64, String, String, &'static str)>,
    services: Vec<String>,
    returns: Vec<(String, String, String, String, String)>,
    offers: Vec<(String, String, String, bool)>,
}

/// A return's state as its provider reads it: the office's query, with its reason, first.
fn return_status(status: &str, query: &str) -> String {
    match (status, query) {
        (_, q) if !q.is_empty() => format!("Queried by the office: {q}"),
        ("reviewed", _) => "Accepted".into(),
        _ => "Waiting for review".into(),
    }
}

fn status_label(s: &str) -> &'static str {
    match s {
        "draft" => "Draft",
        "submitted" => "Submitted",
        "awarded" => "Awarded",
        _ => "Not awarded",
    }
}

/// `GET /grants`: for a provider, its rounds, applications and returns; for anyone else, who
/// this part of the service is for.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
) -> Result<Response, WebError> {
    let db = &state.db;
    let p = com::person(db, who.user().id, who.user().role).await?;
    let today = super::today();
    let provider = p.role == Role::Provider;
    let (mut organisation, mut applications, mut mine, mut rets) = (None, vec![], vec![], vec![]);
    let mut offers = Vec::new();
    if let (true, Some(o)) = (provider, p.organisation) {
        organisation = Some(com::organisation(db, o).await?.name);
        applications = grants::applications(db, Some(o))
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    a.title,
                    long_day(&a.updated_at),
                    status_label(&a.status),
                )
            })
            .collect();
        mine = services::services(db)
            .await?
            .into_iter()
            .filter(|s| s.organisation_id == o)
            .map(|s| format!("{} ({})", s.name, s.slug))
            .collect();
        rets = services::returns(db, Some(o))
            .await?
            .into_iter()
            .map(|r| {
                (
                    r.service_name,
                    returns::period_label(&r.year, r.quarter),
                    crate::pages::home::thousands(&r.referrals),
                    crate::pages::home::thousands(&r.supported),
                    return_status(&r.status, &r.query),
                )
            })
            .collect();
        offers = com::cycle::offers(db, Some(o))
            .await?
            .into_iter()
            .map(|w| {
                (
                    w.identifier,
                    w.title,
                    money(&w.amount),
                    w.accepted_at.is_some(),
                )
            })
            .collect();
    }
    let rounds = com::programmes(db)
        .await?
        .into_iter()
        .filter(|r| r.is_open(&today))
        .map(|r| {
            (
                r.slug.clone(),
                r.title.clone(),
                r.closes_on.as_deref().map(long_day).unwrap_or_default(),
                r.max_award.as_deref().map(money).unwrap_or_default(),
            )
        })
        .collect();
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Grants and returns", "commissioning"),
        provider,
        organisation,
        rounds,
        applications,
        services: mine,
        returns: rets,
        offers,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "commissioning/application.html")]
struct FormPage {
    l: Layout,
    round: Programme,
    action: String,
    questions: Vec<(usize, String, bool)>,
    title: String,
    summary: String,
    local_authority: String,
    areas: Vec<(String, String)>,
    lines: Vec<(usize, String, String)>,
    status: &'static str,
    id: Option<i64>,
    closes: String,
    documents: Vec<Document>,
}

/// One of the documents a round asks for: its kind, label and, once sent, (id, name, size).
pub(crate) struct Document {
    pub kind: &'static str,
    pub label: &'static str,
    pub sent: Option<(i64, String, String)>,
}

async fn documents(state: &AppState, id: Option<i64>) -> Result<Vec<Document>, WebError> {
    let sent = match id {
        Some(id) => com::attachments::list(&state.db, id).await?,
        None => Vec::new(),
    };
    Ok(opcc_domain::commissioning::cycle::ATTACHMENT_KINDS
        .iter()
        .map(|(kind, label)| Document {
            kind,
            label,
            sent: sent
                .iter()
                .find(|a| a.kind == *kind)
                .map(|a| (a.id, a.filename.clone(), super::decide::size(a.size))),
        })
        .collect())
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    round: Programme,
    app: Option<&grants::Application>,
    lines: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let questions = round
        .questions()
        .iter()
        .enumerate()
        .map(|(i, q)| (i, q.to_string(), app.is_some_and(|a| a.eligible == 1)))
        .collect();
    let mut lines: Vec<(usize, String, String)> = lines
        .into_iter()
        .enumerate()
        .map(|(i, (a, b))| (i, a, b))
        .collect();
    while lines.len() < LINES {
        lines.push((lines.len(), String::new(), String::new()));
    }
    let title = match app {
        Some(a) => a.title.clone(),
        None => format!("Apply to the {}", round.title),
    };
    Ok(render(&FormPage {
        l: Layout::new(state, ctx, title, "commissioning"),
        action: match app {
            Some(a) => format!("/grants/applications/{}", a.id),
            None => format!("/grants/rounds/{}/apply", round.slug),
        },
        questions,
        title: app.map(|a| a.title.clone()).unwrap_or_default(),
        summary: app.map(|a| a.summary.clone()).unwrap_or_default(),
        local_authority: app.map(|a| a.local_authority.clone()).unwrap_or_default(),
        areas: com::local_authority_names(&state.db).await?,
        lines,
        status: app.map(|a| status_label(&a.status)).unwrap_or("New"),
        id: app.map(|a| a.id),
        closes: round.closes_on.as_deref().map(long_day).unwrap_or_default(),
        documents: documents(state, app.map(|a| a.id)).await?,
        round,
    })?
    .into_response())
}

/// `GET /grants/rounds/{slug}/apply`
pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    acting_for(&state, &who).await?;
    let round = com::programme(&state.db, &slug).await?;
    if !round.is_open(&super::today()) {
        return Err(WebError::NotFound);
    }
    form_page(&state, &ctx, round, None, Vec::new()).await
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The form's draft; what it gets wrong, by field.
fn draft(round: &Programme, f: &[(String, String)]) -> Result<grants::Draft, StoreError> {
    let answers: Vec<bool> = (0..round.questions().len())
        .map(|i| field(f, &format!("eligibility_{i}")) == "yes")
        .collect();
    let pairs: Vec<(String, String)> = (0..LINES)
        .map(|i| {
            (
                field(f, &format!("item_{i}")).to_string(),
                field(f, &format!("amount_{i}")).to_string(),
            )
        })
        .collect();
    let max = round.max_award.as_deref().and_then(|m| m.parse().ok());
    Ok(grants::Draft {
        title: field(f, "title").to_string(),
        summary: field(f, "summary").to_string(),
        local_authority: field(f, "local_authority").to_string(),
        eligible: eligible(round.questions().len(), &answers),
        lines: budget_lines(&pairs, max).map_err(StoreError::Invalid)?,
    })
}

/// `POST /grants/rounds/{slug}/apply`: a new draft, saved; the applicant returns to it.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(slug): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (_, org) = acting_for(&state, &who).await?;
    let round = com::programme(&state.db, &slug).await?;
    let r = match draft(&round, &f) {
        Ok(d) => grants::save(
            &state.db,
            &who.actor(),
            who.user().id,
            org,
            round.id,
            None,
            &d,
        )
        .await
        .map(|id| format!("/grants/applications/{id}")),
        Err(e) => Err(e),
    };
    done(&state, &ctx, r, &format!("/grants/rounds/{slug}/apply")).await
}

/// The application, if this provider may see it; another organisation's is not found.
async fn own(
    state: &AppState,
    who: &SignedIn,
    id: i64,
) -> Result<(grants::Application, i64), WebError> {
    let (p, org) = acting_for(state, who).await?;
    let a = grants::application(&state.db, id).await?;
    if !may_see_organisation_record(&p, a.organisation_id) {
        return Err(WebError::NotFound);
    }
    Ok((a, org))
}

#[derive(Template)]
#[template(path = "commissioning/application_view.html")]
struct ViewPage {
    l: Layout,
    a: grants::Application,
    status: &'static str,
    lines: Vec<(String, String)>,
    round: String,
    documents: Vec<Document>,
    offer: Option<String>,
    declined: Option<(String, String)>,
}

/// `GET /grants/applications/{id}`: the draft's form, or what was submitted.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (a, _) = own(&state, &who, id).await?;
    let round = com::programme_by_id(&state.db, a.programme_id).await?;
    let lines = grants::budget(&state.db, id).await?;
    if a.status == "draft" {
        return form_page(&state, &ctx, round, Some(&a), lines).await;
    }
    Ok(render(&ViewPage {
        l: Layout::new(&state, &ctx, a.title.clone(), "commissioning"),
        status: status_label(&a.status),
        lines: lines.into_iter().map(|(i, m)| (i, money(&m))).collect(),
        round: round.title,
        documents: documents(&state, Some(id)).await?,
        offer: com::cycle::offers(&state.db, Some(a.organisation_id))
            .await?
            .into_iter()
            .find(|w| w.application_id == Some(id))
            .map(|w| w.identifier),
        declined: com::cycle::declined(&state.db, id).await?,
        a,
    })?
    .into_response())
}

/// `POST /grants/applications/{id}`: saves the draft again.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(id): Path<i64>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let (a, org) = own(&state, &who, id).await?;
    let round = com::programme_by_id(&state.db, a.programme_id).await?;
    let back = format!("/grants/applications/{id}");
    let r = match draft(&round, &f) {
        Ok(d) => grants::save(
            &state.db,
            &who.actor(),
            who.user().id,
            org,
            round.id,
            Some(id),
            &d,
        )
        .await
        .map(|_| back.clone()),
        Err(e) => Err(e),
    };
    done(&state, &ctx, r, &back).await
}

/// `POST /grants/applications/{id}/submit`
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (_, org) = own(&state, &who, id).await?;
    let back = format!("/grants/applications/{id}");
    let r = grants::submit(&state.db, &who.actor(), org, id)
        .await
        .map(|_| back.clone());
    done(&state, &ctx, r, &back).await
}

/// Reads a returns file (CSV, XLSX or ODS) and saves it whole, or lists every problem by
/// sheet, row and column. `organisation` limits it to that organisation's services.
pub(crate) async fn save_returns_file(
    state: &AppState,
    ctx: &Ctx,
    actor: &opcc_store::audit::Actor,
    organisation: Option<i64>,
    form: Multipart,
    back: &str,
) -> Result<Response, WebError> {
    let (_, file) = super::upload(form).await?;
    let Some((name, bytes)) = file else {
        return problems(state, ctx, vec!["file: choose a returns file".into()], back);
    };
    let sheets = match opcc_domain::sheets::read(&name, &bytes) {
        Ok(s) => s,
        Err(e) => return problems(state, ctx, vec![e], back),
    };
    let rows = match returns::read_sheets(&name, &sheets) {
        Ok(r) => r,
        Err(errors) => return problems(state, ctx, errors, back),
    };
    match services::save_returns(&state.db, actor, organisation, &name, &rows).await {
        Ok(_) => Ok(Redirect::to(back).into_response()),
        Err(StoreError::Invalid(e) | StoreError::Forbidden(e)) => {
            problems(state, ctx, vec![e], back)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /grants/returns`: a provider's returns for its own services.
pub async fn upload_returns(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    form: Multipart,
) -> Result<Response, WebError> {
    let (_, org) = acting_for(&state, &who).await?;
    save_returns_file(&state, &ctx, &who.actor(), Some(org), form, "/grants").await
}
