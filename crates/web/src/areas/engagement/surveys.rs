//! The public's consultations: the list (open, upcoming and closed with results), a survey's
//! form (one page, every question; rate limited like the other public forms), its results
//! once closed, and the way in from a plan in consultation. Names, emails and equality
//! answers go to the office only and are erased a year after the survey closes.

use super::results::{QuestionResult, views};
use super::{long_day, today, viewer};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::rate_limit::{PublicForm, RateLimited};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::engagement::{
    EQUALITY, Kind, Question, RESPONDENT_PERSONAL_DATA_DAYS, read_equality, read_respondent,
};
use opcc_store::engagement::responses::{Channel, NewResponse, Outcome, Quote};
use opcc_store::engagement::{self as eng, Stage, Survey};

/// Errors of a survey form, as the shared error summary shows them.
#[derive(Default)]
pub struct Problems(Vec<(String, String)>);

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn list(&self) -> &[(String, String)] {
        &self.0
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
    pub fn add(&mut self, field: String, message: String) {
        self.0.push((field, message));
    }
}

/// What a person typed, given back with the form when it has errors.
#[derive(Default)]
pub struct Given(pub Vec<(String, String)>);

impl Given {
    pub fn value(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.0.iter().any(|(k, v)| k == name && v == value)
    }
}

/// A question as the form draws it.
pub struct Field {
    pub q: Question,
    pub name: String,
    /// Index, label and, for ranking and budget, the option's own field name.
    pub options: Vec<(String, String, String)>,
    pub total: String,
}

pub fn fields(qs: Vec<Question>) -> Vec<Field> {
    qs.into_iter()
        .map(|q| Field {
            name: q.name(),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| (i.to_string(), o.clone(), q.option_name(i)))
                .collect(),
            total: q.total.map(|t| t.to_string()).unwrap_or_default(),
            q,
        })
        .collect()
}

pub fn is(f: &Field, kind: &str) -> bool {
    f.q.kind.as_str() == kind
}

#[derive(Template)]
#[template(path = "engagement/index.html")]
struct IndexPage {
    l: Layout,
    open: Vec<(Survey, String)>,
    upcoming: Vec<(Survey, String)>,
    closed: Vec<(Survey, String)>,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let day = today();
    let (mut open, mut upcoming, mut closed) = (vec![], vec![], vec![]);
    for s in eng::surveys(&state.db, eng::Viewer::Public).await? {
        match s.stage(day) {
            Stage::Open => {
                let d = long_day(&s.closes_on);
                open.push((s, d))
            }
            Stage::Upcoming => {
                let d = long_day(&s.opens_on);
                upcoming.push((s, d))
            }
            _ => {
                let d = long_day(&s.closes_on);
                closed.push((s, d))
            }
        }
    }
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Have your say", "engagement"),
        open,
        upcoming,
        closed,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "engagement/survey.html")]
pub(super) struct SurveyPage {
    pub l: Layout,
    pub s: Survey,
    pub stage: Stage,
    pub opens: String,
    pub closes: String,
    pub fields: Vec<Field>,
    pub given: Given,
    pub errors: Problems,
    pub equality: Vec<(&'static str, &'static str, &'static [&'static str])>,
    pub keep_days: i64,
    /// Where the form posts: the public's address, or the office's for a paper response.
    pub action: String,
    pub paper: bool,
    pub results: Vec<QuestionResult>,
    /// "12 responses", or "Fewer than 5 responses".
    pub responses: String,
    pub earlier_comments: usize,
    pub quotes: Vec<Quote>,
    pub outcomes: Vec<Outcome>,
}

impl SurveyPage {
    pub(super) async fn new(
        state: &AppState,
        ctx: &Ctx,
        s: Survey,
        paper: bool,
    ) -> Result<SurveyPage, WebError> {
        let stage = s.stage(today());
        let db = &state.db;
        let closed = stage == Stage::Closed && !paper;
        let (results, quotes, outcomes) = if closed {
            (
                views(&eng::responses::results(db, s.id).await?),
                eng::responses::quotes(db, s.id).await?,
                eng::responses::outcomes(db, s.id).await?,
            )
        } else {
            (vec![], vec![], vec![])
        };
        let earlier_comments = match &s.plan_slug {
            Some(p) => opcc_store::plans::comments(db, p).await?.len(),
            None => 0,
        };
        let title = if paper {
            format!("Enter a paper response: {}", s.title)
        } else {
            s.title.clone()
        };
        Ok(SurveyPage {
            l: Layout::new(
                state,
                ctx,
                title,
                if paper { "admin" } else { "engagement" },
            ),
            stage,
            opens: long_day(&s.opens_on),
            closes: long_day(&s.closes_on),
            fields: fields(eng::questions(db, s.id).await?),
            given: Given::default(),
            errors: Problems::default(),
            equality: EQUALITY.to_vec(),
            keep_days: RESPONDENT_PERSONAL_DATA_DAYS,
            action: if paper {
                format!("/admin/engagement/surveys/{}/paper", s.slug)
            } else {
                format!("/engagement/consultations/{}", s.slug)
            },
            paper,
            results,
            responses: counted(eng::responses::count(db, s.id).await?, "response"),
            earlier_comments,
            quotes,
            outcomes,
            s,
        })
    }

    fn shown(self) -> Result<Response, WebError> {
        let status = if self.errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        Ok((status, render(&self)?).into_response())
    }

    fn is(&self, f: &Field, kind: &str) -> bool {
        is(f, kind)
    }
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = eng::survey(&state.db, &slug, viewer(&ctx)).await?;
    SurveyPage::new(&state, &ctx, s, false).await?.shown()
}

/// Reads a whole response from the form; on any error the page again, naming each problem.
pub(super) fn read(
    page: &mut SurveyPage,
    form: Vec<(String, String)>,
    channel: Channel,
) -> Option<NewResponse> {
    let mut answers = Vec::new();
    for f in &page.fields {
        match f.q.read(&form) {
            Ok(Some(v)) => answers.push((f.q.id, v)),
            Ok(None) => {}
            Err(m) => {
                let anchor = if matches!(f.q.kind, Kind::Ranking | Kind::Budget) {
                    f.q.option_name(0)
                } else {
                    f.name.clone()
                };
                page.errors.add(anchor, m)
            }
        }
    }
    if answers.is_empty() && page.errors.is_empty() {
        let first = page
            .fields
            .first()
            .map(|f| f.name.clone())
            .unwrap_or_default();
        page.errors
            .add(first, "Answer at least one question".into());
    }
    let given = Given(form);
    let respondent = if page.s.named == 1 {
        match read_respondent(given.value("name"), given.value("email")) {
            Ok(r) => Some(r),
            Err(errs) => {
                for (f, m) in errs {
                    page.errors.add(f.into(), m);
                }
                None
            }
        }
    } else {
        None
    };
    let equality = if page.s.equality == 1 {
        read_equality(&given.0).unwrap_or_else(|m| {
            page.errors.add("eq_age".into(), m);
            String::new()
        })
    } else {
        String::new()
    };
    let consent = given.value("consent") == "yes";
    page.given = given;
    if !page.errors.is_empty() {
        page.l.title = format!("Error: {}", page.l.title);
        return None;
    }
    Some(NewResponse {
        channel,
        respondent,
        equality,
        consent_to_quote: consent,
        answers,
    })
}

#[derive(Template)]
#[template(path = "engagement/thanks.html")]
struct ThanksPage {
    l: Layout,
    s: Survey,
    closes: String,
}

pub async fn submit(
    _: RateLimited<PublicForm>,
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let s = eng::survey(&state.db, &slug, eng::Viewer::Public).await?;
    if s.stage(today()) != Stage::Open {
        return Err(WebError::BadRequest(
            "This survey is not open for responses".into(),
        ));
    }
    let mut page = SurveyPage::new(&state, &ctx, s, false).await?;
    let Some(r) = read(&mut page, form, Channel::Online) else {
        return page.shown();
    };
    let public = opcc_store::audit::Actor {
        id: None,
        label: "public".into(),
    };
    eng::responses::submit(&state.db, &public, &page.s, &r, today()).await?;
    let closes = long_day(&page.s.closes_on);
    Ok((
        StatusCode::CREATED,
        render(&ThanksPage {
            l: Layout::new(&state, &ctx, "Response received", "engagement"),
            s: page.s,
            closes,
        })?,
    )
        .into_response())
}

/// `GET /engagement/plans/{slug}`: a plan's consultation, where its comment form used to be.
pub async fn plan(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    match eng::plan_consultation(&state.db, &slug).await? {
        Some(s) => {
            Ok(Redirect::to(&format!("/engagement/consultations/{}", s.slug)).into_response())
        }
        None => Err(WebError::NotFound),
    }
}

/// A count in words, small ones suppressed as the results are (`suppress`).
fn counted(n: i64, noun: &str) -> String {
    match opcc_domain::engagement::suppress::one(n).count() {
        Some(n) => crate::words::count(n, noun),
        None => format!("Fewer than 5 {}", crate::words::plural_of(noun)),
    }
}
