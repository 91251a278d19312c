//! Running a plan: staff create plans, add and reorder items, add commitments, record
//! statuses with dated notes and move the plan through its lifecycle; staff and the Panel read
//! the consultation comments and the Panel's questions and recommendations (`panel.rs`).

use super::view::{self, ItemRow, Tag};
use super::{open_for_comment, today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use opcc_domain::plans::file::PlanFile;
use opcc_domain::plans::lifecycle::ChangeRule;
use opcc_domain::plans::{Owner, PlanStatus, lifecycle};
use opcc_store::StoreError;
use opcc_store::plans::{PlanComment, PlanSummary};
use serde::Deserialize;
use std::collections::HashMap;

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
    start: DateValue,
    end: DateValue,
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
    levels: String,
    /// The term's date inputs.
    #[serde(flatten)]
    dates: HashMap<String, String>,
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    render(&NewPage {
        l: Layout::new(&state, &ctx, "Start a new plan", "admin"),
        errors: FormErrors::default(),
        form: NewForm {
            levels: "Priority, Theme".into(),
            ..Default::default()
        },
        start: DateValue::default(),
        end: DateValue::default(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<NewForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    // Like every key, the short name comes from the title unless staff type one.
    let slug = match f.slug.trim() {
        "" => opcc_domain::plans::keys::from_title(&f.title),
        typed => typed.to_string(),
    };
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
    let start_value = DateValue::from_form(&f.dates, "term_start");
    let end_value = DateValue::from_form(&f.dates, "term_end");
    let start = errors.date("term_start", "The date the term starts", &start_value, true);
    let end = errors.date("term_end", "The date the term ends", &end_value, true);
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
        start: start_value,
        end: end_value,
    })?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// What a form on the plan's page sent, kept to fill the form again when it has errors.
pub type Sent = HashMap<String, String>;

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
    /// Published: each change needs a reason. Superseded: nothing changes.
    needs_reason: bool,
    closed: bool,
    sent: Sent,
    date: DateValue,
    closes: DateValue,
}

impl PlanPage<'_> {
    /// What the user sent in a field, or nothing.
    fn v(&self, field: &str) -> &str {
        self.sent.get(field).map(String::as_str).unwrap_or("")
    }
}

async fn plan_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    errors: FormErrors,
    sent: Sent,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let comments = opcc_store::plans::comments(&state.db, slug).await?.len();
    let panel = super::panel::for_staff(state, &plan).await?;
    let status = errors.status();
    let title = errors.title(format!("Manage: {}", plan.title));
    let rule = lifecycle::change_rule(plan.status());
    let date = if sent.is_empty() {
        DateValue::of(today())
    } else {
        DateValue::from_form(&sent, "date")
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
        needs_reason: rule == ChangeRule::NeedsReason,
        closed: rule == ChangeRule::Closed,
        date,
        closes: DateValue::from_form(&sent, "closes"),
        sent,
        plan: &plan,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    plan_page(&state, &ctx, &slug, FormErrors::default(), Sent::new()).await
}

/// A store refusal about a published plan's missing reason belongs to the reason field.
pub(super) fn field_for(
    message: &str,
    otherwise: &'static str,
    reason: &'static str,
) -> &'static str {
    if message == opcc_store::plans::NEEDS_REASON {
        reason
    } else {
        otherwise
    }
}

/// Turns a store refusal into a form error on the plan's page; other failures stay errors.
async fn outcome<T>(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    (field, reason_field): (&'static str, &'static str),
    result: Result<T, StoreError>,
    anchor: &str,
    sent: Sent,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{slug}{anchor}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            errors.add(field_for(&m, field, reason_field), m);
            plan_page(state, ctx, slug, errors, sent).await
        }
        Err(e) => Err(e.into()),
    }
}

fn text<'a>(f: &'a Sent, field: &str) -> &'a str {
    f.get(field).map(|s| s.trim()).unwrap_or("")
}

#[derive(Template)]
#[template(path = "plans/confirm_panel_review.html")]
struct ConfirmPanelReview<'a> {
    l: Layout,
    plan: &'a PlanFile,
    closes: String,
    sent: Vec<(String, String)>,
}

pub async fn transition(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let to = text(&f, "to").parse::<PlanStatus>();
    if to.is_err() {
        errors.add("to", "Choose the plan's new status");
    }
    let date = errors.date(
        "date",
        "The date of the change",
        &DateValue::from_form(&f, "date"),
        true,
    );
    let closes = errors.date(
        "closes",
        "The date comments close",
        &DateValue::from_form(&f, "closes"),
        to == Ok(PlanStatus::Consultation),
    );
    if text(&f, "note").is_empty() {
        errors.add(
            "note",
            if to == Ok(PlanStatus::Refreshed) {
                "Enter the reason for the refresh: the public reads it as a change note"
            } else {
                "Enter a note saying why the status changes"
            },
        );
    }
    let (Ok(to), Some(date), true) = (to, date, errors.is_empty()) else {
        return plan_page(&state, &ctx, &slug, errors, f).await;
    };
    // Ending a consultation early is allowed, but not by a slip: the office confirms it.
    let plan = visible_plan(&state, &ctx, &slug).await?;
    if to == PlanStatus::PanelReview
        && open_for_comment(&plan, today())
        && text(&f, "confirm") != "yes"
    {
        let mut sent: Vec<(String, String)> = f
            .iter()
            .filter(|(k, _)| k.as_str() != "csrf_token")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        sent.sort();
        return render(&ConfirmPanelReview {
            l: Layout::new(
                &state,
                &ctx,
                format!("Close the consultation on {} early?", plan.title),
                "admin",
            ),
            closes: plan
                .consultation_closes
                .map(|d| d.long())
                .unwrap_or_default(),
            plan: &plan,
            sent,
        })
        .map(IntoResponse::into_response);
    }
    let r = opcc_store::plans::transition(
        &state.db,
        &who.actor(),
        &slug,
        to,
        date,
        text(&f, "note"),
        closes,
    )
    .await;
    outcome(&state, &ctx, &slug, ("to", "note"), r, "#lifecycle", f).await
}

pub async fn add_item(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    if text(&f, "item-title").is_empty() {
        errors.add("item-title", "Enter the item's title");
    }
    if !errors.is_empty() {
        return plan_page(&state, &ctx, &slug, errors, f).await;
    }
    let parent = Some(text(&f, "parent")).filter(|p| !p.is_empty());
    let r = opcc_store::plans::add_item(
        &state.db,
        &who.actor(),
        &slug,
        opcc_store::plans::NewItem {
            parent,
            key: text(&f, "item-key"),
            title: text(&f, "item-title"),
            description: text(&f, "description"),
        },
        text(&f, "reason"),
    )
    .await;
    outcome(
        &state,
        &ctx,
        &slug,
        ("item-key", "item-reason"),
        r,
        "#items",
        f,
    )
    .await
}

#[derive(Template)]
#[template(path = "plans/reason.html")]
pub(super) struct ReasonPage {
    pub l: Layout,
    pub back: String,
    pub action: String,
    pub what: String,
    pub hidden: Vec<(&'static str, String)>,
    pub errors: FormErrors,
}

/// A change made by a button on a published plan (moving an item or a measure) asks for its
/// reason on a page of its own.
pub(super) fn ask_reason(page: ReasonPage) -> Result<Response, WebError> {
    let status = page.errors.status();
    Ok((status, render(&page)?).into_response())
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
    #[serde(default)]
    reason: String,
}

pub async fn move_item(
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
    match opcc_store::plans::move_item(&state.db, &who.actor(), &slug, &key, up, &f.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/plans/{slug}#item-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            if !f.reason.trim().is_empty() || m != opcc_store::plans::NEEDS_REASON {
                errors.add("reason", m);
            }
            ask_reason(ReasonPage {
                l: Layout::new(&state, &ctx, errors.title("Why move it?"), "admin"),
                back: format!("/admin/plans/{slug}#item-{key}"),
                action: format!("/admin/plans/{slug}/items/{key}/move"),
                what: format!("Moving {key} {}", f.direction),
                hidden: vec![("direction", f.direction.clone())],
                errors,
            })
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn add_commitment(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(slug): Path<String>,
    Form(f): Form<Sent>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let owner = if text(&f, "owner") == "partner" {
        format!("partner:{}", text(&f, "commitment-partner"))
    } else {
        text(&f, "owner").to_string()
    };
    let owner = owner.parse::<Owner>();
    if text(&f, "text").is_empty() {
        errors.add("commitment-text", "Enter the commitment");
    }
    if owner.is_err() {
        errors.add(
            "commitment-owner",
            "Choose who owns the commitment (name the partner if it is a partner)",
        );
    }
    let (Ok(owner), true) = (owner, errors.is_empty()) else {
        return plan_page(&state, &ctx, &slug, errors, f).await;
    };
    let r = opcc_store::plans::add_commitment(
        &state.db,
        &who.actor(),
        &slug,
        opcc_store::plans::NewCommitment {
            item: text(&f, "item"),
            key: text(&f, "commitment-key"),
            text: text(&f, "text"),
            owner,
        },
        text(&f, "reason"),
    )
    .await;
    outcome(
        &state,
        &ctx,
        &slug,
        ("commitment-key", "commitment-reason"),
        r,
        "#items",
        f,
    )
    .await
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
