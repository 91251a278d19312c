//! The recipient's side of an award: the offer letter with its conditions (accepted here),
//! the instalments, and its interim and end-of-grant reports; and an applicant's documents
//! (constitution, accounts, bank statement). Another organisation's award or document is not
//! found, as its application is.

use super::decide::{download, report_label};
use super::{done, long_day, money, problems};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::SignedIn;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use opcc_store::StoreError;
use opcc_store::commissioning::{self as com, attachments, cycle};
use std::collections::HashMap;

/// The organisation this provider acts for; none (or not a provider) is "not found" here.
async fn organisation(state: &AppState, who: &SignedIn) -> Result<i64, WebError> {
    let p = com::person(&state.db, who.user().id, who.user().role).await?;
    match p.organisation {
        Some(o) if p.role == opcc_domain::accounts::Role::Provider => Ok(o),
        _ => Err(WebError::NotFound),
    }
}

async fn own_offer(
    state: &AppState,
    who: &SignedIn,
    identifier: &str,
) -> Result<(cycle::Offer, i64), WebError> {
    let org = organisation(state, who).await?;
    let o = cycle::offer(&state.db, identifier).await?;
    if o.organisation_id != Some(org) {
        return Err(WebError::NotFound);
    }
    Ok((o, org))
}

#[derive(Template)]
#[template(path = "commissioning/offer.html")]
struct OfferPage {
    l: Layout,
    o: cycle::Offer,
    amount: String,
    awarded: String,
    ends: String,
    accepted: String,
    conditions: Vec<String>,
    payments: Vec<(String, String, String)>,
    reports: Vec<(&'static str, String, String, String)>,
    final_sent: bool,
}

/// `GET /grants/awards/{identifier}`: the offer letter and the grant's progress.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(identifier): Path<String>,
) -> Result<Response, WebError> {
    let (o, _) = own_offer(&state, &who, &identifier).await?;
    let db = &state.db;
    let reports = cycle::reports(db, o.id).await?;
    Ok(render(&OfferPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Offer of a grant: {}", o.title),
            "commissioning",
        ),
        amount: money(&o.amount),
        awarded: long_day(&o.award_date),
        ends: o.end_date.as_deref().map(long_day).unwrap_or_default(),
        accepted: o.accepted_at.as_deref().map(long_day).unwrap_or_default(),
        conditions: o.conditions.lines().map(str::to_string).collect(),
        payments: cycle::payments(db, o.id)
            .await?
            .into_iter()
            .map(|p| {
                (
                    long_day(&p.due_on),
                    money(&p.amount),
                    p.paid_on.as_deref().map(long_day).unwrap_or_default(),
                )
            })
            .collect(),
        final_sent: reports.iter().any(|r| r.kind == "final"),
        reports: reports
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
        o,
    })?
    .into_response())
}

/// `POST /grants/awards/{identifier}/accept`
pub async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(identifier): Path<String>,
) -> Result<Response, WebError> {
    let (_, org) = own_offer(&state, &who, &identifier).await?;
    let back = format!("/grants/awards/{identifier}");
    let r = cycle::accept(&state.db, &who.actor(), org, &identifier)
        .await
        .map(|_| back.clone());
    done(&state, &ctx, r, &back).await
}

/// `POST /grants/awards/{identifier}/reports`: fields `kind` (interim or final), `spent`,
/// `achieved`.
pub async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(identifier): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let (_, org) = own_offer(&state, &who, &identifier).await?;
    let back = format!("/grants/awards/{identifier}");
    let get = |k: &str| f.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let r = match opcc_domain::commissioning::parse_money("spent", &get("spent")) {
        Ok(spent) => cycle::report(
            &state.db,
            &who.actor(),
            who.user().id,
            org,
            &identifier,
            &get("kind"),
            spent,
            &get("achieved"),
        )
        .await
        .map(|_| back.clone()),
        Err(e) => Err(StoreError::Invalid(e)),
    };
    done(&state, &ctx, r, &back).await
}

/// `POST /grants/applications/{id}/attachments`: a document for the organisation's own draft,
/// fields `kind` and `file`; the body's size is bounded before it is read.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    who: SignedIn,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<Response, WebError> {
    let org = organisation(&state, &who).await?;
    let a = opcc_store::commissioning::grants::application(&state.db, id).await?;
    if a.organisation_id != org {
        return Err(WebError::NotFound);
    }
    let back = format!("/grants/applications/{id}");
    let (fields, file) = super::upload(form).await?;
    let kind = fields
        .iter()
        .find(|(k, _)| k == "kind")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let Some((name, bytes)) = file else {
        return problems(
            &state,
            &ctx,
            vec!["file: choose a file to upload".into()],
            &back,
        );
    };
    let r = attachments::save(&state.db, &who.actor(), org, id, &kind, &name, &bytes)
        .await
        .map(|_| back.clone());
    done(&state, &ctx, r, &back).await
}

/// `GET /grants/attachments/{id}`: one of the organisation's own documents.
pub async fn attachment(
    State(state): State<AppState>,
    _: Ctx,
    who: SignedIn,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let org = organisation(&state, &who).await?;
    let (a, bytes) = attachments::open(&state.db, &who.actor(), Some(org), id).await?;
    Ok(download(a, bytes))
}
