//! The complaints team's casework: the list of review requests and complaints about the Chief
//! Constable (with a search), a review from its request to the decision letter, the letter's
//! template and the retention schedule. Every page of a case records the view in the audit
//! log; a team member with a declared conflict is refused the case.

use super::{day, done, team, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
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

#[derive(Template)]
#[template(path = "complaints/new_review.html")]
struct NewReviewPage {
    l: Layout,
    categories: [(&'static str, &'static str); 8],
    today: String,
}

pub async fn new_review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    Ok(render(&NewReviewPage {
        l: Layout::new(&state, &ctx, "Record a review request", "complaints"),
        categories: ALLEGATIONS,
        today: today().to_string(),
    })?
    .into_response())
}

pub async fn create_review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let t = |k: &str| f.get(k).cloned().unwrap_or_default();
    let new = reviews::NewReview {
        person: store::NewPerson {
            name: t("name"),
            email: t("email"),
            phone: t("phone"),
            address: t("address"),
        },
        force_reference: t("force_reference"),
        outcome_notified_on: t("outcome_notified_on"),
        received_on: t("received_on"),
        late_reason: t("late_reason"),
        allegations: (1..=3)
            .map(|i| (t(&format!("category{i}")), t(&format!("allegation{i}"))))
            .collect(),
    };
    match reviews::create(&state.db, &who.actor(), &new).await {
        Ok(id) => done(
            &state,
            &ctx,
            Ok(()),
            &format!("/admin/complaints/reviews/{id}"),
            "",
        ),
        Err(e) => done(&state, &ctx, Err(e), "", "/admin/complaints/reviews/new"),
    }
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
    today: String,
    me: i64,
}

pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let r = reviewer(&state, &who, id).await?;
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
    Ok(render(&ReviewPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Review {}", r.reference),
            "complaints",
        ),
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
        today: today().to_string(),
        me: who.user().id,
        r,
    })?
    .into_response())
}

/// `POST /admin/complaints/reviews/{id}/{step}`: one step of the review.
pub async fn review_step(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((id, step)): Path<(i64, String)>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    reviewer(&state, &who, id).await?;
    let t = |k: &str| f.get(k).cloned().unwrap_or_default();
    let on = t("on");
    let num = |k: &str| {
        t(k).trim()
            .parse::<i64>()
            .map_err(|_| WebError::BadRequest(format!("{k}: choose one")))
    };
    let yes = |k: &str| match t(k).as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(WebError::BadRequest(format!("{k}: choose yes or no"))),
    };
    let s = match step.as_str() {
        "validity" => reviews::Step::Validity {
            valid: yes("valid")?,
            note: t("note"),
            on,
        },
        "file-requested" => reviews::Step::FileRequested { on },
        "file-received" => reviews::Step::FileReceived { on },
        "conflict" => reviews::Step::Conflict {
            user_id: num("user_id")?,
            reason: t("reason"),
        },
        "assign" => reviews::Step::Assign {
            reviewer: num("reviewer")?,
        },
        "finding" => reviews::Step::Finding {
            allegation: num("allegation")?,
            reasonable: yes("reasonable")?,
            note: t("note"),
        },
        "decide" => reviews::Step::Decide {
            rationale: t("rationale"),
            recommendations: t("recommendations"),
            on,
        },
        "send-letter" => {
            let text =
                super::letters::letter_text(&state, id, parse_day(&on).unwrap_or_else(today))
                    .await?;
            reviews::Step::Letter { text, on }
        }
        "force-response" => reviews::Step::ForceResponse {
            text: t("response"),
            on,
        },
        _ => return Err(WebError::NotFound),
    };
    let page = format!("/admin/complaints/reviews/{id}");
    let next = if step == "send-letter" {
        format!("{page}/letter")
    } else {
        page.clone()
    };
    let r = reviews::step(&state.db, &who.actor(), id, s).await;
    done(&state, &ctx, r, &next, &page)
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
