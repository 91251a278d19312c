//! The JSON API under `/api/v1/`, and the health check. The OpenAPI document is generated
//! from the annotations on these handlers.

pub(crate) mod accounts;
pub(crate) mod audit;
pub(crate) mod crime;

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use opcc_domain::accounts::Role;
use opcc_domain::force_area::{ForceArea, LocalAuthority};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

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
    paths(healthz, openapi, force_area),
    components(schemas(Health, ForceArea, LocalAuthority, ApiError, Role))
)]
struct ApiDoc;

/// The document's info and the service's own operations; the areas add theirs.
pub(crate) fn base_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The OpenAPI 3.1 document, as served.
pub fn openapi_json() -> String {
    with_bad_request(crate::areas::openapi())
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
}

/// Any operation may be refused before its handler runs: a query that cannot be read (a
/// repeated or malformed parameter) or text with a NUL character (see `crate::input`). Each
/// says so: a 400 response, and text parameters that may not hold a NUL.
fn with_bad_request(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in ops.into_iter().flatten() {
            for p in op.parameters.iter_mut().flatten() {
                if let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut()
                    && o.schema_type == SchemaType::Type(Type::String)
                    && o.pattern.is_none()
                {
                    o.pattern = Some("^[^\\u0000]*$".into());
                }
            }
            op.responses
                .responses
                .entry("400".into())
                .or_insert_with(|| {
                    ResponseBuilder::new()
                        .description(
                            "The request could not be read: a repeated or malformed parameter, or text with a NUL character",
                        )
                        .content(
                            "application/json",
                            ContentBuilder::new()
                                .schema(Some(Ref::from_schema_name("ApiError")))
                                .build(),
                        )
                        .build()
                        .into()
                });
        }
    }
    doc
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

/// Whether the service and its database are up.
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

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", operation_id = "openapi", tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
        .into_response()
}

/// The police force area this office serves, with its local authorities.
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
