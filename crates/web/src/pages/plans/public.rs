//! The plans as the public reads them: the list, a plan on a page, an objective's page, the
//! inputs each answers, a comparison of two plans, and commenting during consultation.

use super::view::{self, ItemRow, Tag};
use super::{can_see, open_for_comment, today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::rate_limit::{PublicForm, RateLimited};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use opcc_domain::plans::compare::{Comparison, Diff, compare};
use opcc_domain::plans::file::{Item, PlanFile};
use opcc_domain::plans::rollup::RollUp;
use opcc_domain::plans::trace;
use opcc_store::plans::PlanSummary;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "plans/index.html")]
struct IndexPage {
    l: Layout,
    plans: Vec<(PlanSummary, Tag)>,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    let plans = opcc_store::plans::list(&state.db)
        .await?
        .into_iter()
        .filter(|p| can_see(&ctx, p.status))
        .map(|p| {
            let tag = view::plan_tag(p.status);
            (p, tag)
        })
        .collect();
    render(&IndexPage {
        l: Layout::new(&state, &ctx, "Police and Crime Plans", "plans"),
        plans,
    })
}

#[derive(Template)]
#[template(path = "plans/show.html")]
struct ShowPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    status: Tag,
    rows: Vec<ItemRow<'a>>,
    rollup: RollUp,
    overall: Tag,
    open: bool,
    /// Published quarterly scrutiny packs: address and label, newest first.
    packs: Vec<(String, String)>,
    /// The plan's measures, with the item each belongs to.
    measures: Vec<(&'a str, &'a opcc_domain::plans::file::Measure)>,
    /// The Panel's questions and recommendations the office has published, with responses.
    panel: Vec<super::panel::QuestionView>,
    /// Change notes: each refresh's date and reason, newest first.
    changes: Vec<(String, String)>,
}

impl ShowPage<'_> {
    /// What the plan calls its top-level items: "Priority", "Objective".
    fn top_level(&self) -> String {
        self.plan
            .levels
            .first()
            .cloned()
            .unwrap_or_else(|| "Priority".into())
    }

    /// The top-level items (priorities), for the summary of progress.
    fn priorities(&self) -> impl Iterator<Item = &ItemRow<'_>> {
        self.rows.iter().filter(|r| r.depth == 0)
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let rollup = view::plan_rollup(&plan);
    let mut packs: Vec<(String, String)> =
        opcc_store::performance::locked_quarters(&state.db, &slug)
            .await?
            .iter()
            .map(|q| (crate::pages::performance::quarter_slug(q), q.label()))
            .collect();
    packs.reverse();
    let measures = plan
        .all_items()
        .into_iter()
        .flat_map(|(_, item)| item.measures.iter().map(move |m| (item.title.as_str(), m)))
        .filter(|(_, m)| m.retired.is_none())
        .collect();
    // A published plan changes only by a refresh, whose reason the public reads here.
    let changes = plan
        .transitions
        .iter()
        .filter(|t| t.status == opcc_domain::plans::PlanStatus::Refreshed)
        .map(|t| (t.date.long(), t.note.clone()))
        .rev()
        .collect();
    let latest_pack = packs.first();
    let panel = opcc_store::plans::panel_questions(&state.db, &slug, true)
        .await?
        .into_iter()
        .map(|q| super::panel::view(&plan, q, super::panel::Reader::Public { pack: latest_pack }))
        .collect();
    render(&ShowPage {
        changes,
        panel,
        packs,
        measures,
        l: Layout::new(&state, &ctx, plan.title.clone(), "plans"),
        status: view::plan_tag(plan.status()),
        rows: view::rows(&plan),
        overall: view::status_tag(rollup.overall()),
        rollup,
        open: open_for_comment(&plan, today()),
        plan: &plan,
    })
}

#[derive(Template)]
#[template(path = "plans/item.html")]
struct ItemPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    row: ItemRow<'a>,
    children: Vec<ItemRow<'a>>,
    answers: Vec<&'a opcc_domain::plans::file::Input>,
    parent: Option<&'a Item>,
}

pub async fn item(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Html<String>, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let rows = view::rows(&plan);
    let at = rows
        .iter()
        .position(|r| r.item.key == key)
        .ok_or(WebError::NotFound)?;
    let depth = rows[at].depth;
    let parent = rows[..at]
        .iter()
        .rev()
        .find(|r| r.depth + 1 == depth)
        .map(|r| r.item)
        .filter(|_| depth > 0);
    let mut rows = rows;
    let mut beneath: Vec<ItemRow> = rows.split_off(at);
    let row = beneath.remove(0);
    let children = beneath
        .into_iter()
        .take_while(|r| r.depth > depth)
        .collect();
    let answers = plan
        .inputs
        .iter()
        .filter(|i| row.item.answers.contains(&i.key))
        .collect();
    render(&ItemPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("{}: {}", row.level, row.item.title),
            "plans",
        ),
        plan: &plan,
        row,
        children,
        answers,
        parent,
    })
}

#[derive(Template)]
#[template(path = "plans/inputs.html")]
struct InputsPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    /// Staff and the Panel see the whole matrix, gaps marked, to check the plan's coverage.
    matrix: Option<Vec<trace::Row<'a>>>,
    unanswered: usize,
    /// Each top-level item and the inputs it takes up, for everyone.
    by_item: Vec<(&'a Item, Vec<&'a opcc_domain::plans::file::Input>)>,
    /// Inputs no item names: listed as evidence, without marks.
    whole_plan: Vec<&'a opcc_domain::plans::file::Input>,
}

/// What the plan answers. The public reads, for each objective, the inputs it takes up; the
/// matrix with its "Not answered" marks is the office's and the Panel's check of coverage, not
/// a public scorecard: the Strategic Policing Requirement, for one, is answered by the plan as
/// a whole, which must have due regard to it, not by a priority per threat.
pub async fn inputs(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Html<String>, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let rows = trace::matrix(&plan);
    let unanswered = rows.iter().filter(|r| r.unanswered()).count();
    let by_item = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let answers = rows
                .iter()
                .filter(|r| r.answered_by[i])
                .map(|r| r.input)
                .collect();
            (item, answers)
        })
        .collect();
    let whole_plan = rows
        .iter()
        .filter(|r| r.unanswered())
        .map(|r| r.input)
        .collect();
    render(&InputsPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("What {} answers", plan.title),
            "plans",
        ),
        matrix: crate::policy::is_office_or_panel(&ctx).then_some(rows),
        unanswered,
        by_item,
        whole_plan,
        plan: &plan,
    })
}

#[derive(Deserialize, Default)]
pub struct CompareQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

#[derive(Template)]
#[template(path = "plans/compare.html")]
struct ComparePage {
    l: Layout,
    plans: Vec<PlanSummary>,
    a: String,
    b: String,
    result: Option<Compared>,
}

/// The two plans' titles, and each section's differences.
type Compared = (String, String, Vec<(&'static str, Diff)>);

pub async fn compare_plans(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CompareQuery>,
) -> Result<Html<String>, WebError> {
    let plans: Vec<PlanSummary> = opcc_store::plans::list(&state.db)
        .await?
        .into_iter()
        .filter(|p| can_see(&ctx, p.status))
        .collect();
    // By default the two most recent plans, older first: the comparison people come for.
    let mut by_term: Vec<&PlanSummary> = plans.iter().collect();
    by_term.sort_by(|x, y| x.term_start.cmp(&y.term_start));
    let latest: Vec<&str> = by_term
        .iter()
        .rev()
        .take(2)
        .rev()
        .map(|p| p.slug.as_str())
        .collect();
    let q = match (q.a.is_empty(), q.b.is_empty(), latest.as_slice()) {
        (true, true, [a, b]) => CompareQuery {
            a: a.to_string(),
            b: b.to_string(),
        },
        _ => q,
    };
    let result = if q.a.is_empty() || q.b.is_empty() {
        None
    } else {
        let a = visible_plan(&state, &ctx, &q.a).await?;
        let b = visible_plan(&state, &ctx, &q.b).await?;
        let Comparison {
            items,
            commitments,
            measures,
        } = compare(&a, &b);
        Some((
            a.title,
            b.title,
            vec![
                ("Priorities, objectives and themes", items),
                ("Commitments", commitments),
                ("Measures", measures),
            ],
        ))
    };
    render(&ComparePage {
        l: Layout::new(&state, &ctx, "Compare two plans", "plans"),
        plans,
        a: q.a,
        b: q.b,
        result,
    })
}

#[derive(Template)]
#[template(path = "plans/comment.html")]
struct CommentPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    errors: FormErrors,
    form: CommentForm,
    items: Vec<(usize, &'a Item)>,
    sent: bool,
}

#[derive(Deserialize, Default)]
pub struct CommentForm {
    #[serde(default)]
    item: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

const MAX_COMMENT_CHARS: usize = 5000;

async fn comment_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    form: CommentForm,
    errors: FormErrors,
    sent: bool,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    if !open_for_comment(&plan, today()) {
        return Err(WebError::BadRequest(
            "This plan is not open for comments".into(),
        ));
    }
    let status = errors.status();
    let title = if errors.is_empty() {
        format!("Comment on {}", plan.title)
    } else {
        format!("Error: Comment on {}", plan.title)
    };
    let page = render(&CommentPage {
        l: Layout::new(state, ctx, title, "plans"),
        items: plan.all_items(),
        plan: &plan,
        errors,
        form,
        sent,
    })?;
    Ok((status, page).into_response())
}

/// Once the office opens a consultation on the plan, it replaces this comment form: the form
/// leads there, and the comments already sent are kept with the consultation's responses.
async fn consultation(state: &AppState, slug: &str) -> Result<Option<Response>, WebError> {
    Ok(opcc_store::engagement::plan_consultation(&state.db, slug)
        .await?
        .map(|s| {
            axum::response::Redirect::to(&format!("/engagement/consultations/{}", s.slug))
                .into_response()
        }))
}

pub async fn comment_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    if let Some(to) = consultation(&state, &slug).await? {
        return Ok(to);
    }
    comment_page(
        &state,
        &ctx,
        &slug,
        CommentForm::default(),
        FormErrors::default(),
        false,
    )
    .await
}

pub async fn comment(
    _: RateLimited<PublicForm>,
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    if let Some(to) = consultation(&state, &slug).await? {
        return Ok(to);
    }
    let mut errors = FormErrors::default();
    let body = f.body.trim();
    if body.is_empty() {
        errors.add("body", "Enter your comment");
    } else if body.chars().count() > MAX_COMMENT_CHARS {
        errors.add(
            "body",
            format!("Your comment must be {MAX_COMMENT_CHARS} characters or fewer"),
        );
    }
    if !f.email.trim().is_empty() && opcc_domain::accounts::Email::parse(&f.email).is_err() {
        errors.add(
            "email",
            "Enter an email address in the correct format, like name@example.org, or leave it blank",
        );
    }
    if !errors.is_empty() {
        return comment_page(&state, &ctx, &slug, f, errors, false).await;
    }
    let item = Some(f.item.as_str()).filter(|k| !k.is_empty());
    let plan = visible_plan(&state, &ctx, &slug).await?;
    if !open_for_comment(&plan, today()) {
        return Err(WebError::BadRequest(
            "This plan is not open for comments".into(),
        ));
    }
    match opcc_store::plans::add_comment(
        &state.db,
        &slug,
        item,
        body,
        Some(f.name.as_str()),
        Some(f.email.as_str()),
        today(),
    )
    .await
    {
        Ok(_) => {}
        Err(opcc_store::StoreError::Invalid(m)) => return Err(WebError::BadRequest(m)),
        Err(e) => return Err(e.into()),
    }
    comment_page(
        &state,
        &ctx,
        &slug,
        CommentForm::default(),
        FormErrors::default(),
        true,
    )
    .await
}
