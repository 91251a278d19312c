//! The services directory as an Open Referral UK 3.0 feed, laid out as the ORUK API lays it
//! out: `/openreferral/services` (a page of one-to-one fields), `/openreferral/services/{id}`
//! (the full record), organizations, service_at_locations and taxonomies. Identifiers are
//! stable UUIDs; an unknown one is 404.

use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Path, State};
use opcc_domain::commissioning::oruk::{self, Service};
use opcc_store::commissioning::{self as com, services};
use serde_json::{Value, json};

async fn all(state: &AppState) -> Result<Vec<Service>, WebError> {
    let names = com::local_authority_names(&state.db).await?;
    Ok(services::services(&state.db)
        .await?
        .into_iter()
        .map(|s| Service {
            areas: s
                .areas
                .split(',')
                .filter(|c| !c.is_empty())
                .map(|c| {
                    let name = names
                        .iter()
                        .find(|(code, _)| code == c)
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| c.to_string());
                    (c.to_string(), name)
                })
                .collect(),
            fund: format!("{} ({})", s.programme_title, s.fund_title),
            slug: s.slug,
            name: s.name,
            description: s.description,
            eligibility: s.eligibility,
            url: s.url,
            email: s.email,
            phone: s.phone,
            opening_hours: s.opening_hours,
            organisation_name: s.organisation_name,
            organisation_org_id: s.organisation_org_id,
            organisation_web: s.organisation_web,
        })
        .collect())
}

/// `GET /openreferral/`: what this feed is.
pub async fn index() -> Json<Value> {
    Json(json!({
        "version": "3.0",
        "profile": "https://github.com/openreferral/uk-profile",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
    }))
}

/// `GET /openreferral/services`
pub async fn services(State(state): State<AppState>) -> Result<Json<Value>, WebError> {
    let list = all(&state).await?;
    Ok(Json(oruk::page(
        list.iter().map(oruk::service_list_item).collect(),
    )))
}

/// `GET /openreferral/services/{id}`
pub async fn service(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, WebError> {
    all(&state)
        .await?
        .iter()
        .find(|s| oruk::service_id(s) == id)
        .map(|s| Json(oruk::service_full(s)))
        .ok_or(WebError::NotFound)
}

/// `GET /openreferral/organizations`: each provider once.
pub async fn organizations(State(state): State<AppState>) -> Result<Json<Value>, WebError> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for s in all(&state).await? {
        if !seen.contains(&s.organisation_org_id) {
            seen.push(s.organisation_org_id.clone());
            out.push(oruk::organisation(&s));
        }
    }
    Ok(Json(oruk::page(out)))
}

/// `GET /openreferral/service_at_locations`
pub async fn service_at_locations(State(state): State<AppState>) -> Result<Json<Value>, WebError> {
    let list = all(&state).await?;
    Ok(Json(oruk::page(
        list.iter().map(oruk::service_at_location).collect(),
    )))
}

/// `GET /openreferral/taxonomies`
pub async fn taxonomies() -> Json<Value> {
    Json(oruk::page(vec![oruk::taxonomy()]))
}
