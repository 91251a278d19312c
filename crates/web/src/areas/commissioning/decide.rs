//! The office's steps of the grant cycle after scoring: moderation, a decline (a decision in
//! the register), and the award's own page: the offer, instalments marked paid, the
//! recipient's reports, variations and clawback; its query on a provider's return; and an
//! applicant's document, the view audited.

use super::{done, long_day, money};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::DateValue;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use opcc_store::StoreError;
use opcc_store::commissioning::{attachments, cycle};
use std::collections::HashMap;

type Fields = HashMap<String, String>;

/// A GOV.UK date input's day (or its ISO form, as scripts send it); `None` when left blank.
pub(crate) fn date(f: &Fields, field: &str, label: &str) -> Result<Option<time::Date>, StoreError> {
    let v = DateValue::from_form(f, field);
    if v.is_blank() {
        return Ok(None);
    }
    v.parse(label)
        .map(|d| Some(d.0))
        .map_err(|e| StoreError::Invalid(format!("{field}: {e}")))
}

fn required(f: &Fields, field: &str, label: &str) -> Result<String, StoreError> {
    date(f, field, label)?
        .map(|d| d.to_string())
        .ok_or_else(|| StoreError::Invalid(format!("{field}: Enter {}", label.to_lowercase())))
}

fn get(f: &Fields, k: &str) -> String {
    f.get(k).map(|v| v.trim().to_string()).unwrap_or_default()
}

/// A file's size as people read it: "312 KB".
pub(crate) fn size(bytes: i64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", (bytes + 1023) / 1024)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

fn assess(id: i64) -> String {
    format!("/admin/commissioning/applications/{id}")
}

/// `POST /admin/commissioning/applications/{id}/moderate`
pub async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = match get(&f, "moderated_score").parse::<i64>() {
        Ok(score) => cycle::moderate(
            &state.db,
            &who.actor(),
            who.user().id,
            id,
            score,
            &get(&f, "moderation_note"),
        )
        .await
        .map(|_| assess(id)),
        Err(_) => Err(StoreError::Invalid(
            "moderated_score: enter the moderated score as a whole number".into(),
        )),
    };
    done(&state, &ctx, r, &assess(id)).await
}

/// `POST /admin/commissioning/applications/{id}/decline`
pub async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = async {
        let decided_on = required(&f, "declined_on", "The date of the decision")?;
        cycle::decline(
            &state.db,
            &who.actor(),
            id,
            &cycle::Outcome {
                decided_on,
                decision_maker: get(&f, "decision_maker"),
                reasons: get(&f, "reasons"),
            },
        )
        .await
        .map(|_| assess(id))
    }
    .await;
    done(&state, &ctx, r, &assess(id)).await
}

#[derive(Template)]
#[template(path = "commissioning/award_admin.html")]
struct AwardPage {
    l: Layout,
    o: cycle::Offer,
    amount: String,
    ends: String,
    accepted: String,
    conditions: Vec<String>,
    payments: Vec<(i64, String, String, String)>,
    reports: Vec<(&'static str, String, String, String)>,
    variations: Vec<(String, String, String)>,
    clawbacks: Vec<(String, String, String)>,
    today: DateValue,
    blank: DateValue,
    no_error: Option<&'static str>,
}

pub(crate) fn report_label(kind: &str) -> &'static str {
    if kind == "final" {
        "End-of-grant report"
    } else {
        "Interim report"
    }
}

/// `GET /admin/commissioning/awards/{identifier}`: the award as the office manages it.
pub async fn award_page(
    State(state): State<AppState>,
    ctx: Ctx,
    _: Office,
    Path(identifier): Path<String>,
) -> Result<Response, WebError> {
    let db = &state.db;
    let o = cycle::offer(db, &identifier).await?;
    let today = time::OffsetDateTime::now_utc().date();
    Ok(render(&AwardPage {
        l: Layout::new(&state, &ctx, format!("Grant: {}", o.title), "commissioning"),
        amount: money(&o.amount),
        ends: o.end_date.as_deref().map(long_day).unwrap_or_default(),
        accepted: o.accepted_at.as_deref().map(long_day).unwrap_or_default(),
        conditions: o.conditions.lines().map(str::to_string).collect(),
        payments: cycle::payments(db, o.id)
            .await?
            .into_iter()
            .map(|p| {
                (
                    p.id,
                    long_day(&p.due_on),
                    money(&p.amount),
                    p.paid_on.as_deref().map(long_day).unwrap_or_default(),
                )
            })
            .collect(),
        reports: cycle::reports(db, o.id)
            .await?
            .into_iter()
            .map(|r| {
                (
                    report_label(&r.kind),
                    long_day(&r.submitted_at),
                    money(&r.spent),
                    r.achieved,
                )
            })
            .collect(),
        variations: cycle::variations(db, o.id)
            .await?
            .into_iter()
            .map(|v| {
                let mut what = Vec::new();
                if v.amount_before != v.amount_after {
                    what.push(format!(
                        "Amount {} to {}",
                        money(&v.amount_before),
                        money(&v.amount_after)
                    ));
                }
                if v.end_before != v.end_after {
                    what.push(format!(
                        "Ends {}",
                        v.end_after.as_deref().map(long_day).unwrap_or_default()
                    ));
                }
                (long_day(&v.decided_on), what.join("; "), v.reason)
            })
            .collect(),
        clawbacks: cycle::clawbacks(db, o.id)
            .await?
            .into_iter()
            .map(|c| (long_day(&c.decided_on), money(&c.amount), c.reason))
            .collect(),
        today: DateValue::of(opcc_domain::plans::file::Day(today)),
        blank: DateValue::default(),
        no_error: None,
        o,
    })?
    .into_response())
}

fn award_back(identifier: &str) -> String {
    format!("/admin/commissioning/awards/{identifier}")
}

/// `POST /admin/commissioning/awards/{identifier}/payments/{payment}`: an instalment paid.
pub async fn pay(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((identifier, payment)): Path<(String, i64)>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let back = award_back(&identifier);
    let r = async {
        let paid_on = required(&f, "paid_on", "The date it was paid")?;
        cycle::mark_paid(&state.db, &who.actor(), &identifier, payment, &paid_on)
            .await
            .map(|_| back.clone())
    }
    .await;
    done(&state, &ctx, r, &back).await
}

/// `POST /admin/commissioning/awards/{identifier}/variations`
pub async fn vary(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(identifier): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let back = award_back(&identifier);
    let r = async {
        let amount = match get(&f, "amount") {
            a if a.is_empty() => None,
            a => Some(
                opcc_domain::commissioning::parse_money("amount", &a)
                    .map_err(StoreError::Invalid)?,
            ),
        };
        let end = date(&f, "end_date", "The new end date")?.map(|d| d.to_string());
        let decided_on = required(&f, "varied_on", "The date of the variation")?;
        cycle::vary(
            &state.db,
            &who.actor(),
            &identifier,
            amount,
            end.as_deref(),
            &get(&f, "reason"),
            &decided_on,
        )
        .await
        .map(|_| back.clone())
    }
    .await;
    done(&state, &ctx, r, &back).await
}

/// `POST /admin/commissioning/awards/{identifier}/clawback`
pub async fn clawback(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(identifier): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let back = award_back(&identifier);
    let r = async {
        let amount = opcc_domain::commissioning::parse_money("amount", &get(&f, "amount"))
            .map_err(StoreError::Invalid)?;
        let decided_on = required(&f, "clawed_on", "The date of the decision")?;
        cycle::clawback(
            &state.db,
            &who.actor(),
            &identifier,
            amount,
            &get(&f, "reason"),
            &decided_on,
        )
        .await
        .map(|_| back.clone())
    }
    .await;
    done(&state, &ctx, r, &back).await
}

/// `POST /admin/commissioning/returns/{id}/query`: the office asks the provider about a return.
pub async fn query_return(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = opcc_store::commissioning::services::query_return(
        &state.db,
        &who.actor(),
        id,
        &get(&f, "reason"),
    )
    .await
    .map(|_| "/admin/commissioning".to_string());
    done(&state, &ctx, r, "/admin/commissioning").await
}

/// A document as a download, never shown inline: it is the applicant's, not the site's.
pub(crate) fn download(a: attachments::Attachment, bytes: Vec<u8>) -> Response {
    let name: String = a
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, a.content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /admin/commissioning/attachments/{id}`: a submitted application's document.
pub async fn attachment(
    State(state): State<AppState>,
    _: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (a, bytes) = attachments::open(&state.db, &who.actor(), None, id).await?;
    Ok(download(a, bytes))
}
