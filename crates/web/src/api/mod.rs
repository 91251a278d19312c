//! The JSON API under `/api/v1/`, and the health check. The OpenAPI document is generated
//! from the annotations on these handlers.

pub(crate) mod crime;

use crate::AppState;
use crate::context::SignedIn;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use opcc_domain::accounts::Role;
use opcc_domain::audit::AuditEntry;
use opcc_domain::force_area::{ForceArea, LocalAuthority};
use opcc_store::audit::AuditFilter;
use serde::Serialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

pub mod measures;
pub mod plans;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "opcc",
        description = "The API of the office of a Police and Crime Commissioner. Routes that \
                       need a role are used with the session cookie of a signed-in user; each \
                       route's description names the roles that may use it."
    ),
    paths(
        healthz,
        openapi,
        force_area,
        me,
        audit,
        plans::list,
        plans::show,
        measures::list,
        measures::series,
        crime::summary,
        crime::coverage
    ),
    components(schemas(
        Health,
        ForceArea,
        LocalAuthority,
        Me,
        Role,
        AuditList,
        AuditEntry,
        ApiError,
        opcc_domain::crime::Summary,
        opcc_domain::crime::SummaryRow,
        opcc_domain::crime::By,
        opcc_domain::crime::Area,
        opcc_domain::crime::Kind,
        opcc_domain::crime::CoverageEntry,
        opcc_domain::crime::CoverageSpan,
        crime::Coverage
    ))
)]
struct ApiDoc;

/// The OpenAPI 3.1 document, as served.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

/// An error, with the request id that is in the server's log.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    error: String,
    status: u16,
    request_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: &'static str,
    /// The newest migration applied.
    schema_version: i64,
}

/// Whether the service and its database are up. Roles: public.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "service",
    responses(
        (status = 200, description = "The service is up", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    ))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let database = state.db.backend.name();
    match state.db.schema_version().await {
        Ok(schema_version) => Json(Health {
            status: "ok",
            database,
            schema_version,
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(Health {
                    status: "unavailable",
                    database,
                    schema_version: 0,
                }),
            )
                .into_response()
        }
    }
}

/// This document. Roles: public.
#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "openapi", tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
        .into_response()
}

/// The police force area this office serves, with its local authorities. Roles: public.
#[utoipa::path(get, path = "/api/v1/force-area", operation_id = "force_area", tag = "geography",
    responses(
        (status = 200, description = "The force area", body = ForceArea),
        (status = 404, description = "No force area is loaded", body = ApiError),
    ))]
pub async fn force_area(State(state): State<AppState>) -> Result<Json<ForceArea>, WebError> {
    opcc_store::force_area::current(&state.db)
        .await?
        .map(Json)
        .ok_or(WebError::NotFound)
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    id: i64,
    email: String,
    display_name: String,
    role: Role,
}

/// The signed-in user. Roles: any signed-in user.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "me", tag = "accounts",
    responses(
        (status = 200, description = "Who is signed in", body = Me),
        (status = 401, description = "Not signed in", body = ApiError),
    ))]
pub async fn me(SignedIn(s): SignedIn) -> Json<Me> {
    Json(Me {
        id: s.user.id,
        email: s.user.email,
        display_name: s.user.display_name,
        role: s.user.role,
    })
}

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
    from: Option<String>,
    /// Last day, YYYY-MM-DD, included.
    to: Option<String>,
    /// At most this many entries (1 to 500; 100 if absent).
    limit: Option<i64>,
    offset: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditList {
    /// Entries matching the filter, of which this response holds a page, newest first.
    total: i64,
    entries: Vec<AuditEntry>,
}

/// The audit log, newest first, filtered. Roles: admin, staff.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "audit_log", tag = "audit", params(AuditQuery),
    responses(
        (status = 200, description = "A page of the audit log", body = AuditList),
        (status = 400, description = "A filter was not valid", body = ApiError),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "The user's role may not read the log", body = ApiError),
    ))]
pub async fn audit(
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
    let errors = crate::pages::audit::check_filter(&filter);
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
