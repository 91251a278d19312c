//! Running a plan: staff create plans, add and reorder items, add commitments, record
//! statuses with dated notes and move the plan through its lifecycle; staff and the Panel read
//! the consultation comments and the Panel's questions and recommendations (`panel.rs`).

use super::view::{self, ItemRow, Tag};
use super::{open_for_comment, today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::plans::file::{Day, PlanFile};
use opcc_domain::plans::{Owner, PlanStatus, lifecycle};
use opcc_store::StoreError;
use opcc_store::plans::{PlanComment, PlanSummary};
use serde::Deserialize;

pub(super) fn can_edit(ctx: &Ctx) -> bool {
    crate::policy::is_office(ctx)
}

#[derive(Template)]
#[template(path = "plans/manage_index.html")]
struct ManageIndex {
    l: Layout,
    plans: Vec<(PlanSummary, Tag)>,
    can_edit: bool,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    let plans = opcc_store::plans::list(&state.db)
        .await?
        .into_iter()
        .map(|p| {
            let t = view::plan_tag(p.status);
            (p, t)
        })
        .collect();
    render(&ManageIndex {
        l: Layout::new(&state, &ctx, "Manage plans", "admin"),
        plans,
        can_edit: can_edit(&ctx),
    })
}

#[derive(Template)]
#[template(path = "plans/manage_new.html")]
struct NewPage {
    l: Layout,
    errors: FormErrors,
    form: NewForm,
}

#[derive(Deserialize, Default)]
pub struct NewForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    commissioner: String,
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
    #[serde(default)]
    levels: String,
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&NewPage {
        l: Layout::new(&state, &ctx, "Start a new plan", "admin"),
        errors: FormErrors::default(),
        form: NewForm {
            levels: "Priority, Theme".into(),
            ..Default::default()
        },
    })
}

pub(super) fn day_field(errors: &mut FormErrors, field: &'static str, value: &str) -> Option<Day> {
    match Day::parse(value) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Enter a real date in the format YYYY-MM-DD");
            None
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<NewForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let slug = f.slug.trim().to_string();
    if !opcc_domain::plans::file::is_key(&slug) {
        errors.add(
            "slug",
            "Enter a short name of lower-case letters, digits and hyphens, like pcc-plan-2028-32",
        );
    }
    if f.title.trim().is_empty() {
        errors.add("title", "Enter the plan's title");
    }
    if f.commissioner.trim().is_empty() {
        errors.add("commissioner", "Enter the Commissioner's name");
    }
    let start = day_field(&mut errors, "term_start", &f.term_start);
    let end = day_field(&mut errors, "term_end", &f.term_end);
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        errors.add("term_end", "The term must end after it starts");
    }
    let levels: Vec<String> = f
        .levels
        .split(',')
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if levels.is_empty() {
        errors.add(
            "levels",
            "Enter what the plan calls its levels, like Priority, Theme",
        );
    }
    let force_area = opcc_store::force_area::current(&state.db)
        .await?
        .map(|a| a.gss_code)
        .ok_or_else(|| WebError::BadRequest("Set up the force area first".into()))?;
    if let (true, Some(term_start), Some(term_end)) = (errors.is_empty(), start, end) {
        let made = opcc_store::plans::create(
            &state.db,
            &who.actor(),
            opcc_store::plans::NewPlan {
                slug: slug.clone(),
                force_area,
                title: f.title.trim().into(),
                commissioner: f.commissioner.trim().into(),
                term_start,
                term_end,
                levels,
                today: today(),
            },
        )
        .await;
        match made {
            Ok(()) => return Ok(Redirect::to(&format!("/admin/plans/{slug}")).into_response()),
            Err(StoreError::Invalid(m)) => errors.add("slug", m),
            Err(e) => return Err(e.into()),
        }
    }
    let page = render(&NewPage {
        l: Layout::new(&state, &ctx, "Error: Start a new plan", "admin"),
        errors,
        form: f,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

#[derive(Template)]
#[template(path = "plans/manage_plan.html")]
struct PlanPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    status: Tag,
    rows: Vec<ItemRow<'a>>,
    next: Vec<PlanStatus>,
    can_edit: bool,
    errors: FormErrors,
    comments: usize,
    panel: Vec<super::panel::QuestionView>,
    /// A Panel member, who may ask questions and make recommendations.
    is_panel: bool,
    open: bool,
    today: String,
}

async fn plan_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let comments = opcc_store::plans::comments(&state.db, slug).await?.len();
    let panel = super::panel::for_staff(state, &plan).await?;
    let status = errors.status();
    let title = if errors.is_empty() {
        format!("Manage: {}", plan.title)
    } else {
        format!("Error: Manage: {}", plan.title)
    };
    let page = render(&PlanPage {
        l: Layout::new(state, ctx, title, "admin"),
        status: view::plan_tag(plan.status()),
        rows: view::rows(&plan),
        next: lifecycle::next(plan.status()),
        can_edit: can_edit(ctx),
        errors,
        comments,
        panel,
        is_panel: crate::policy::is_panel(ctx),
        open: open_for_comment(&plan, today()),
        today: today().to_string(),
        plan: &plan,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    plan_page(&state, &ctx, &slug, FormErrors::default()).await
}

/// Turns a store refusal into a form error on the plan's page; other failures stay errors.
async fn outcome(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    field: &'static str,
    result: Result<(), StoreError>,
    anchor: &str,
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/plans/{slug}{anchor}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            errors.add(field, m);
            plan_page(state, ctx, slug, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct TransitionForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    closes: String,
}

pub async fn transition(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<TransitionForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let to = f.to.parse::<PlanStatus>();
    if to.is_err() {
        errors.add("to", "Choose the plan's new status");
    }
    let date = day_field(&mut errors, "date", &f.date);
    let closes = if f.closes.trim().is_empty() {
        None
    } else {
        day_field(&mut errors, "closes", &f.closes)
    };
    if f.note.trim().is_empty() {
        errors.add("note", "Enter a note saying why the status changes");
    }
    let (Ok(to), Some(date), true) = (to, date, errors.is_empty()) else {
        return plan_page(&state, &ctx, &slug, errors).await;
    };
    let r =
        opcc_store::plans::transition(&state.db, &who.actor(), &slug, to, date, &f.note, closes)
            .await;
    outcome(&state, &ctx, &slug, "to", r, "#lifecycle").await
}

#[derive(Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    parent: String,
    #[serde(default, rename = "item-key")]
    key: String,
    #[serde(default, rename = "item-title")]
    title: String,
    #[serde(default)]
    description: String,
}

pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    if f.title.trim().is_empty() {
        let mut errors = FormErrors::default();
        errors.add("item-title", "Enter the item's title");
        return plan_page(&state, &ctx, &slug, errors).await;
    }
    let parent = Some(f.parent.as_str()).filter(|p| !p.is_empty());
    let r = opcc_store::plans::add_item(
        &state.db,
        &who.actor(),
        &slug,
        parent,
        f.key.trim(),
        &f.title,
        &f.description,
    )
    .await;
    outcome(&state, &ctx, &slug, "item-key", r, "#items").await
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

pub async fn move_item(
    State(state): State<AppState>,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> Result<Response, WebError> {
    let up = match f.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(WebError::BadRequest("direction must be up or down".into())),
    };
    match opcc_store::plans::move_item(&state.db, &who.actor(), &slug, &key, up).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{slug}#item-{key}")).into_response()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CommitmentForm {
    #[serde(default)]
    item: String,
    #[serde(default, rename = "commitment-key")]
    key: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    owner: String,
    #[serde(default, rename = "commitment-partner")]
    partner: String,
}

pub async fn add_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<CommitmentForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let owner = if f.owner == "partner" {
        format!("partner:{}", f.partner.trim())
    } else {
        f.owner.clone()
    };
    let owner = owner.parse::<Owner>();
    if owner.is_err() {
        errors.add(
            "commitment-owner",
            "Choose who owns the commitment (name the partner if it is a partner)",
        );
    }
    if f.text.trim().is_empty() {
        errors.add("commitment-text", "Enter the commitment");
    }
    let Ok(owner) = owner else {
        return plan_page(&state, &ctx, &slug, errors).await;
    };
    if !errors.is_empty() {
        return plan_page(&state, &ctx, &slug, errors).await;
    }
    let r = opcc_store::plans::add_commitment(
        &state.db,
        &who.actor(),
        &slug,
        &f.item,
        f.key.trim(),
        &f.text,
        owner,
    )
    .await;
    outcome(&state, &ctx, &slug, "commitment-key", r, "#items").await
}

#[derive(Template)]
#[template(path = "plans/manage_comments.html")]
struct CommentsPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    comments: Vec<PlanComment>,
}

pub async fn comments(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let comments = opcc_store::plans::comments(&state.db, &slug).await?;
    render(&CommentsPage {
        l: Layout::new(&state, &ctx, format!("Comments on {}", plan.title), "admin"),
        plan: &plan,
        comments,
    })
}
