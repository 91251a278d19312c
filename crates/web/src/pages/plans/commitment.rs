//! One commitment as staff and the Panel see it: its status history, and (for staff) the
//! form to report a new status with a dated note.

use super::manage::{can_edit, field_for};
use super::view::{self, Tag};
use super::{today, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::{DateValue, FormErrors};
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_domain::plans::CommitmentStatus;
use opcc_domain::plans::file::{PlanFile, StatusUpdate};
use opcc_store::StoreError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "plans/manage_commitment.html")]
struct CommitmentPage<'a> {
    l: Layout,
    plan: &'a PlanFile,
    place: String,
    c: &'a opcc_domain::plans::file::Commitment,
    tag: Tag,
    errors: FormErrors,
    form: StatusForm,
    statuses: &'static [CommitmentStatus],
    can_edit: bool,
    /// The rewording form as stored or as sent: owner is pcc, chief_constable, joint or
    /// partner.
    edit: EditForm,
    date: DateValue,
    needs_reason: bool,
    /// The Panel's questions and recommendations on this commitment.
    questions: Vec<super::panel::QuestionView>,
    is_panel: bool,
}

async fn commitment_page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    key: &str,
    errors: FormErrors,
    form: StatusForm,
    edit: Option<EditForm>,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let (place, c) = view::paths(&plan)
        .into_iter()
        .find(|(_, c)| c.key == key)
        .ok_or(WebError::NotFound)?;
    let questions = super::panel::for_staff(state, &plan)
        .await?
        .into_iter()
        .filter(|v| v.q.commitment_key.as_deref() == Some(key))
        .collect();
    let status = errors.status();
    let title = errors.title(format!("Commitment: {}", c.text));
    let date = form.date();
    let page = render(&CommitmentPage {
        l: Layout::new(state, ctx, title, "admin"),
        tag: view::status_tag(c.current_status()),
        place,
        c,
        errors,
        form,
        statuses: CommitmentStatus::ALL,
        can_edit: can_edit(ctx),
        questions,
        is_panel: crate::policy::is_panel(ctx),
        date,
        needs_reason: opcc_domain::plans::lifecycle::change_rule(plan.status())
            == opcc_domain::plans::lifecycle::ChangeRule::NeedsReason,
        edit: edit.unwrap_or_else(|| EditForm {
            text: c.text.clone(),
            owner: match &c.owner {
                opcc_domain::plans::Owner::Partner(_) => "partner".into(),
                other => other.to_string(),
            },
            partner: match &c.owner {
                opcc_domain::plans::Owner::Partner(name) => name.clone(),
                _ => String::new(),
            },
            reason: String::new(),
        }),
        plan: &plan,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let form = StatusForm {
        dates: [("date".to_string(), today().to_string())].into(),
        ..Default::default()
    };
    commitment_page(&state, &ctx, &slug, &key, FormErrors::default(), form, None).await
}

#[derive(Deserialize, Default)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    narrative: String,
    /// The date input's boxes (or one ISO `date`).
    #[serde(flatten)]
    dates: std::collections::HashMap<String, String>,
}

impl StatusForm {
    fn date(&self) -> DateValue {
        DateValue::from_form(&self.dates, "date")
    }
}

pub async fn record_status(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<StatusForm>,
) -> Result<Response, WebError> {
    let mut errors = FormErrors::default();
    let status = f.status.parse::<CommitmentStatus>();
    if status.is_err() {
        errors.add("status", "Choose the commitment's status");
    }
    let date = errors.date("date", "The date of the report", &f.date(), true);
    if f.narrative.trim().is_empty() {
        errors.add("narrative", "Enter a note on progress for the period");
    }
    let (Ok(status), Some(date), true) = (status, date, errors.is_empty()) else {
        return commitment_page(&state, &ctx, &slug, &key, errors, f, None).await;
    };
    let r = opcc_store::plans::record_status(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        &StatusUpdate {
            date,
            status,
            period: f.period.trim().into(),
            narrative: f.narrative.trim().into(),
        },
    )
    .await;
    match r {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/plans/{slug}/commitments/{key}")).into_response())
        }
        Err(StoreError::Invalid(m)) => {
            errors.add("date", m);
            commitment_page(&state, &ctx, &slug, &key, errors, f, None).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct EditForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub partner: String,
    #[serde(default)]
    pub reason: String,
}

/// Rewords the commitment or changes its owner; the status history stays as it was.
pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<EditForm>,
) -> Result<Response, WebError> {
    let owner = if f.owner == "partner" {
        format!("partner:{}", f.partner.trim())
    } else {
        f.owner.clone()
    };
    let mut errors = FormErrors::default();
    let owner = match owner.parse::<opcc_domain::plans::Owner>() {
        Ok(o) => Some(o),
        Err(_) => {
            errors.add(
                "owner",
                "Choose who owns the commitment (name the partner if it is a partner)",
            );
            None
        }
    };
    if f.text.trim().is_empty() {
        errors.add("text", "Enter the commitment");
    }
    let (Some(owner), true) = (owner, errors.is_empty()) else {
        return commitment_page(
            &state,
            &ctx,
            &slug,
            &key,
            errors,
            StatusForm::default(),
            Some(f),
        )
        .await;
    };
    match opcc_store::plans::update_commitment(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        &f.text,
        &owner,
        &f.reason,
    )
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/plans/{slug}/commitments/{key}")).into_response())
        }
        Err(StoreError::Invalid(m)) => {
            errors.add(field_for(&m, "text", "reason"), m);
            commitment_page(
                &state,
                &ctx,
                &slug,
                &key,
                errors,
                StatusForm::default(),
                Some(f),
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
