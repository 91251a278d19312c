//! Rewording a priority, objective or theme.

use super::visible_plan;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::form::FormErrors;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use opcc_store::StoreError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "plans/item_edit.html")]
struct EditPage {
    l: Layout,
    slug: String,
    key: String,
    level: String,
    errors: FormErrors,
    form: ItemForm,
    needs_reason: bool,
}

#[derive(Deserialize, Default)]
pub struct ItemForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    reason: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    key: &str,
    form: Option<ItemForm>,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let plan = visible_plan(state, ctx, slug).await?;
    let (depth, item) = plan
        .all_items()
        .into_iter()
        .find(|(_, i)| i.key == key)
        .ok_or(WebError::NotFound)?;
    let form = form.unwrap_or(ItemForm {
        title: item.title.clone(),
        description: item.description.clone(),
        reason: String::new(),
    });
    let needs_reason = opcc_domain::plans::lifecycle::change_rule(plan.status())
        == opcc_domain::plans::lifecycle::ChangeRule::NeedsReason;
    let status = errors.status();
    let level = plan.levels.get(depth).cloned().unwrap_or_default();
    let page = render(&EditPage {
        l: Layout::new(
            state,
            ctx,
            errors.title(format!("Edit {}", level.to_lowercase())),
            "admin",
        ),
        slug: slug.into(),
        key: key.into(),
        level,
        errors,
        form,
        needs_reason,
    })?;
    Ok((status, page).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, WebError> {
    page(&state, &ctx, &slug, &key, None, FormErrors::default()).await
}

pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path((slug, key)): Path<(String, String)>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    match opcc_store::plans::update_item(
        &state.db,
        &who.actor(),
        &slug,
        &key,
        &f.title,
        &f.description,
        &f.reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/admin/plans/{slug}#item-{key}")).into_response()),
        Err(StoreError::Invalid(m)) => {
            let mut errors = FormErrors::default();
            errors.add(super::manage::field_for(&m, "title", "reason"), m);
            page(&state, &ctx, &slug, &key, Some(f), errors).await
        }
        Err(e) => Err(e.into()),
    }
}
