//! The complaints team's casework: the list of review requests and complaints about the Chief
//! Constable (with a search), a review from its request to the decision letter, the letter's
//! template and the retention schedule. Every page of a case records the view in the audit
//! log; a team member with a declared conflict is refused the case.

use super::kept::{Kept, refused};
use super::{day, done, team, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::complaints::{
    Decision, ReviewDates, Step, StepState, iopc::ALLEGATIONS, parse_day, review_steps,
};
use opcc_store::complaints::{self as store, reviews};
use serde::Deserialize;
use std::collections::HashMap;

pub struct StepView {
    pub label: &'static str,
    pub basis: &'static str,
    pub due: String,
    pub done: String,
    pub state: &'static str,
    pub tag: &'static str,
}

pub(crate) fn step_views(steps: &[Step]) -> Vec<StepView> {
    let t = today();
    steps
        .iter()
        .map(|s| {
            let st = s.state(t);
            StepView {
                label: s.label,
                basis: s.basis,
                due: s
                    .due
                    .map(opcc_domain::finance::long_date)
                    .unwrap_or_default(),
                done: s
                    .done
                    .map(opcc_domain::finance::long_date)
                    .unwrap_or_default(),
                state: st.label(),
                tag: st.tag(),
            }
        })
        .collect()
}

fn opt(d: &Option<String>) -> Option<time::Date> {
    d.as_deref().and_then(parse_day)
}

fn dates(r: &reviews::Review) -> ReviewDates {
    ReviewDates {
        outcome_notified: parse_day(&r.outcome_notified_on),
        received: parse_day(&r.received_on),
        validity_checked: opt(&r.validity_on),
        file_requested: opt(&r.file_requested_on),
        file_received: opt(&r.file_received_on),
        decided: opt(&r.decided_on),
        letter: opt(&r.letter_on),
    }
}

/// Where a listed review stands: its first step not done, and whether that is overdue.
pub struct Listed {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub received: String,
    pub stage: String,
    pub tag: &'static str,
}

pub struct ComplaintListed {
    pub id: i64,
    pub reference: String,
    pub received: String,
    pub stage: String,
    pub tag: &'static str,
}

#[derive(Template)]
#[template(path = "complaints/index.html")]
struct IndexPage {
    l: Layout,
    on_team: bool,
    admin: bool,
    q: String,
    reviews: Vec<Listed>,
    complaints: Vec<ComplaintListed>,
}

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// `GET /admin/complaints`: the team's casework; to the rest of the office, only where
/// oversight is and how to join the team.
pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Query(s): Query<Search>,
) -> Result<Response, WebError> {
    let on_team = team(&state, &who).await.is_ok();
    let (mut list, mut complaints) = (Vec::new(), Vec::new());
    if on_team {
        let t = today();
        for r in reviews::list(&state.db, &s.q).await? {
            let d = ReviewDates {
                outcome_notified: parse_day(&r.outcome_notified_on),
                received: parse_day(&r.received_on),
                validity_checked: opt(&r.validity_on),
                file_requested: opt(&r.file_requested_on),
                file_received: opt(&r.file_received_on),
                decided: opt(&r.decided_on),
                letter: opt(&r.letter_on),
            };
            let (stage, tag) = if r.valid == Some(0) {
                ("Closed: not a valid request".to_string(), "govuk-tag--grey")
            } else if let Some(d) = &r.decision {
                let label = Decision::parse(d).map_or("Decided", Decision::label);
                (format!("Decided: {label}"), "govuk-tag--green")
            } else {
                review_steps(&d)
                    .into_iter()
                    .skip(1)
                    .find(|s| s.done.is_none())
                    .map(|s| {
                        let st = s.state(t);
                        (format!("{}: {}", s.label, st.label()), st.tag())
                    })
                    .unwrap_or(("Open".into(), StepState::Due.tag()))
            };
            list.push(Listed {
                id: r.id,
                reference: r.reference,
                name: r.name.unwrap_or_else(|| "(anonymised)".into()),
                received: day(&r.received_on),
                stage,
                tag,
            });
        }
        for c in store::cc::list(&state.db).await? {
            let steps = super::chief_constable::steps(&c);
            let (stage, tag) = match steps.iter().find(|s| s.done.is_none()) {
                None => ("Closed".to_string(), "govuk-tag--green"),
                Some(s) => {
                    let st = s.state(t);
                    (format!("{}: {}", s.label, st.label()), st.tag())
                }
            };
            complaints.push(ComplaintListed {
                id: c.id,
                reference: c.reference,
                received: day(&c.received_on),
                stage,
                tag,
            });
        }
    }
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Police complaints", "complaints"),
        on_team,
        admin: who.user().role == opcc_domain::accounts::Role::Admin,
        q: s.q,
        reviews: list,
        complaints,
    })?
    .into_response())
}

/// A team member without a conflict with this review, or refused.
pub(super) async fn reviewer(
    state: &AppState,
    who: &Office,
    id: i64,
) -> Result<reviews::Review, WebError> {
    let p = team(state, who).await?;
    let r = reviews::get(&state.db, id).await?;
    let conflicted = reviews::has_conflict(&state.db, id, p.user_id).await?;
    if !opcc_domain::complaints::may_review(&p, conflicted) {
        return Err(WebError::Forbidden);
    }
    Ok(r)
}

pub struct AllegationView {
    pub id: i64,
    pub position: i64,
    pub category: &'static str,
    pub text: String,
    pub finding: &'static str,
    pub reasonable: Option<bool>,
    pub note: String,
}

#[derive(Template)]
#[template(path = "complaints/review.html")]
struct ReviewPage {
    l: Layout,
    r: reviews::Review,
    person: Option<store::Person>,
    steps: Vec<StepView>,
    in_time: bool,
    allegations: Vec<AllegationView>,
    conflicts: Vec<reviews::Conflict>,
    members: Vec<store::Member>,
    reviewer: String,
    decision: &'static str,
    me: i64,
    errors: FormErrors,
    kept: Kept,
    /// The step whose form was refused: only its inputs show what was posted.
    failed: String,
}

impl ReviewPage {
    fn kept_for(&self, step: &str, field: &str) -> &str {
        if self.failed == step {
            self.kept.v(field)
        } else {
            ""
        }
    }
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reviewer(&state, &who, id).await?;
    let none = (FormErrors::default(), Kept::default(), String::new());
    review_page(&state, &ctx, &who, r, none).await
}

async fn review_page(
    state: &AppState,
    ctx: &Ctx,
    who: &Office,
    r: reviews::Review,
    (errors, kept, failed): (FormErrors, Kept, String),
) -> Result<Response, WebError> {
    let id = r.id;
    store::record_view(&state.db, &who.actor(), "complaints_review", id).await?;
    let person = match r.person_id {
        Some(p) => Some(store::person(&state.db, p).await?),
        None => None,
    };
    let allegations = reviews::allegations(&state.db, id)
        .await?
        .into_iter()
        .map(|a| AllegationView {
            id: a.id,
            position: a.position,
            category: ALLEGATIONS
                .iter()
                .find(|(k, _)| *k == a.category)
                .map_or("Other", |(_, l)| l),
            text: a.text,
            finding: match a.reasonable {
                Some(1) => "Reasonable and proportionate",
                Some(_) => "Not reasonable and proportionate",
                None => "Not yet reviewed",
            },
            reasonable: a.reasonable.map(|v| v == 1),
            note: a.note,
        })
        .collect();
    let members = store::members(&state.db).await?;
    let reviewer = r
        .reviewer_id
        .and_then(|u| members.iter().find(|m| m.user_id == u))
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let in_time = match (parse_day(&r.outcome_notified_on), parse_day(&r.received_on)) {
        (Some(n), Some(rc)) => opcc_domain::complaints::request_in_time(n, rc),
        _ => true,
    };
    let title = errors.title(format!("Review {}", r.reference));
    Ok((
        errors.status(),
        render(&ReviewPage {
            l: Layout::new(state, ctx, title, "complaints"),
            steps: step_views(&review_steps(&dates(&r))),
            decision: r
                .decision
                .as_deref()
                .and_then(Decision::parse)
                .map_or("", Decision::label),
            in_time,
            person,
            allegations,
            conflicts: reviews::conflicts(&state.db, id).await?,
            members,
            reviewer,
            me: who.user().id,
            errors,
            kept,
            failed,
            r,
        })?,
    )
        .into_response())
}

/// The id of each step form's date input.
fn date_input(step: &str) -> &'static str {
    match step {
        "validity" => "validity-on",
        "file-requested" => "requested-on",
        "file-received" => "received-on",
        "decide" => "decided-on",
        "force-response" => "response-on",
        _ => "letter-on",
    }
}

/// Where the store's field names are on a step's form, and the form's first input.
fn inputs(step: &str, allegation: &str) -> (String, impl Fn(&str) -> Option<String> + use<>) {
    let on = date_input(step);
    let a = format!("a{allegation}");
    let first = match step {
        "validity" => "valid-yes".to_string(),
        "conflict" => "conflict-user".into(),
        "assign" => "reviewer".into(),
        "finding" => format!("{a}-yes"),
        "decide" => "rationale".into(),
        "force-response" => "response".into(),
        _ => on.into(),
    };
    let step = step.to_string();
    let map = move |f: &str| {
        Some(match (step.as_str(), f) {
            (_, "on") => on.to_string(),
            ("validity", "valid") => "valid-yes".into(),
            ("validity", "note") => "validity-note".into(),
            ("conflict", "reason") => "conflict-reason".into(),
            ("conflict", "user_id") => "conflict-user".into(),
            ("finding", "reasonable") => format!("{a}-yes"),
            ("finding", "note") => format!("{a}-note"),
            ("decide", f @ ("rationale" | "recommendations")) => f.into(),
            ("force-response", "response" | "text") => "response".into(),
            _ => return None,
        })
    };
    (first, map)
}

/// `POST /admin/complaints/reviews/{id}/{step}`: one step of the review. A refused step
/// shows the case again with the error at its input and what was typed kept.
pub async fn review_step(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((id, step)): Path<(i64, String)>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = reviewer(&state, &who, id).await?;
    let kept = Kept(f);
    let (first, input_of) = inputs(&step, kept.v("allegation"));
    let mut errors = FormErrors::default();
    let t = |k: &str| kept.v(k).to_string();
    let on = if ["conflict", "assign", "finding"].contains(&step.as_str()) {
        String::new()
    } else {
        kept.iso_date(&mut errors, date_input(&step), "on", "The date", true)
    };
    let num = |errors: &mut FormErrors, k: &str| {
        let n = t(k).trim().parse::<i64>().ok();
        if n.is_none() {
            errors.add(input_of(k).unwrap_or(first.clone()), "Choose one");
        }
        n.unwrap_or_default()
    };
    let yes = |errors: &mut FormErrors, k: &str, message: &str| match t(k).as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            errors.add(input_of(k).unwrap_or(first.clone()), message);
            false
        }
    };
    let s = match step.as_str() {
        "validity" => reviews::Step::Validity {
            valid: yes(&mut errors, "valid", "Choose whether the request is valid"),
            note: t("note"),
            on,
        },
        "file-requested" => reviews::Step::FileRequested { on },
        "file-received" => reviews::Step::FileReceived { on },
        "conflict" => reviews::Step::Conflict {
            user_id: num(&mut errors, "user_id"),
            reason: t("reason"),
        },
        "assign" => reviews::Step::Assign {
            reviewer: num(&mut errors, "reviewer"),
        },
        "finding" => reviews::Step::Finding {
            allegation: num(&mut errors, "allegation"),
            reasonable: yes(
                &mut errors,
                "reasonable",
                "Choose whether the outcome was reasonable and proportionate",
            ),
            note: t("note"),
        },
        "decide" => reviews::Step::Decide {
            rationale: t("rationale"),
            recommendations: t("recommendations"),
            on,
        },
        "send-letter" => {
            let day = parse_day(&on).unwrap_or_else(today);
            let text = super::letters::letter_text(&state, id, day).await?;
            reviews::Step::Letter { text, on }
        }
        "force-response" => reviews::Step::ForceResponse {
            text: t("response"),
            on,
        },
        _ => return Err(WebError::NotFound),
    };
    if errors.is_empty() {
        match reviews::step(&state.db, &who.actor(), id, s).await {
            Ok(()) => {
                let page = format!("/admin/complaints/reviews/{id}");
                let next = if step == "send-letter" {
                    format!("{page}/letter")
                } else {
                    page
                };
                return Ok(Redirect::to(&next).into_response());
            }
            Err(e) => refused(&mut errors, e, &first, &input_of)?,
        }
    }
    if step == "send-letter" {
        // The letter has its own page; its one input is the date.
        let problem = errors
            .list()
            .first()
            .map(|(_, m)| m.clone())
            .unwrap_or_default();
        return done(
            &state,
            &ctx,
            Err(opcc_store::StoreError::Invalid(problem)),
            "",
            &format!("/admin/complaints/reviews/{id}/letter"),
        );
    }
    review_page(&state, &ctx, &who, r, (errors, kept, step)).await
}

pub struct DueView {
    pub kind: &'static str,
    pub href: String,
    pub reference: String,
    pub closed: String,
    pub due: String,
    pub expired: bool,
}

#[derive(Template)]
#[template(path = "complaints/retention.html")]
struct RetentionPage {
    l: Layout,
    due: Vec<DueView>,
    years: i32,
}

/// `GET /admin/complaints/retention`: what goes next under the retention schedule.
pub async fn retention(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let t = today();
    let due = store::retention::schedule(&state.db)
        .await?
        .into_iter()
        .map(|d| DueView {
            kind: if d.kind == "review" {
                "Review request"
            } else {
                "Complaint about the Chief Constable"
            },
            href: if d.kind == "review" {
                format!("/admin/complaints/reviews/{}", d.id)
            } else {
                format!("/admin/complaints/chief-constable/{}", d.id)
            },
            reference: d.reference,
            closed: opcc_domain::finance::long_date(d.closed_on),
            due: opcc_domain::finance::long_date(d.due_on),
            expired: d.due_on <= t,
        })
        .collect();
    Ok(render(&RetentionPage {
        l: Layout::new(
            &state,
            &ctx,
            "Retention of complaints records",
            "complaints",
        ),
        due,
        years: opcc_domain::complaints::RETENTION_YEARS,
    })?
    .into_response())
}
