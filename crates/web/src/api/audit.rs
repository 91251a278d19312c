//! The audit log in the JSON API.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Query, State};
use opcc_domain::audit::AuditEntry;
use opcc_store::audit::AuditFilter;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

#[derive(serde::Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Part of the actor's label (an email address), any case.
    actor: Option<String>,
    /// Part of the action, e.g. `user.` or `sign_in`.
    action: Option<String>,
    /// The entity type exactly, e.g. `user`.
    entity_type: Option<String>,
    entity_id: Option<String>,
    /// First day, YYYY-MM-DD.
    #[param(schema_with = day_or_blank)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD, included.
    #[param(schema_with = day_or_blank)]
    to: Option<String>,
    /// At most this many entries (1 to 500; 100 if absent).
    limit: Option<i64>,
    offset: Option<i64>,
}

/// A real day, YYYY-MM-DD, or blank for none: what the filter accepts, so that a client (or
/// Schemathesis) can tell a valid request from one that will be refused.
fn day_or_blank() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    AnyOfBuilder::new()
        .description(Some("A day, YYYY-MM-DD, or blank for none"))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .build()
        .into()
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    /// Entries matching the filter, of which this response holds a page, newest first.
    total: i64,
    entries: Vec<AuditEntry>,
}

/// The audit log, newest first, filtered.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "audit_log", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "A page of the audit log", body = AuditList),
        (status = 400, description = "A filter was not valid", body = super::ApiError),
        (status = 401, description = "Not signed in", body = super::ApiError),
        (status = 403, description = "The user's role may not read the log", body = super::ApiError),
    ))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<AuditList>, WebError> {
    let filter = AuditFilter {
        actor: q.actor.unwrap_or_default(),
        action: q.action.unwrap_or_default(),
        entity_type: q.entity_type.unwrap_or_default(),
        entity_id: q.entity_id.unwrap_or_default(),
        from: q.from.unwrap_or_default(),
        to: q.to.unwrap_or_default(),
    };
    let errors = crate::pages::audit::check_iso_dates(&filter);
    if let Some((field, msg)) = errors.list().first() {
        return Err(WebError::BadRequest(format!("{field}: {msg}")));
    }
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let offset = q.offset.unwrap_or(0).max(0);
    let page = opcc_store::audit::list(&state.db, &filter, limit, offset).await?;
    Ok(Json(AuditList {
        total: page.total,
        entries: page.entries,
    }))
}
