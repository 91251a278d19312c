//! Assemblies as JSON: every assembly with its sessions and speakers, and its published
//! selection (quotas against the panel, the seed, the distribution and each volunteer's
//! probability by pool number; never a name or contact detail).

use super::public::report;
use crate::AppState;
use crate::api::ApiError;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Path, State};
use opcc_store::assemblies::{self as asm, Assembly, selection::StoredDistribution};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SessionJson {
    held_on: String,
    title: String,
    place: String,
}

#[derive(Serialize, ToSchema)]
pub struct SpeakerJson {
    name: String,
    role: String,
    topic: String,
}

#[derive(Serialize, ToSchema)]
pub struct AssemblyJson {
    slug: String,
    title: String,
    /// The local authority's ONS GSS code.
    area_code: String,
    area_name: String,
    place: String,
    summary: String,
    panel_size: i64,
    recruitment_opens: String,
    recruitment_closes: String,
    outputs: String,
    sessions: Vec<SessionJson>,
    speakers: Vec<SpeakerJson>,
    /// The published selection report, once there is one.
    selection: Option<SelectionJson>,
}

#[derive(Serialize, ToSchema)]
pub struct QuotaJson {
    category: String,
    feature: String,
    min: i64,
    max: i64,
    in_pool: usize,
    on_panel: usize,
}

#[derive(Serialize, ToSchema)]
pub struct VolunteerJson {
    pool_number: i64,
    /// Selection probability under the LEXIMIN distribution, as a decimal string.
    probability: String,
    /// selected, not_selected, dropped_out or replacement.
    outcome: String,
}

#[derive(Serialize, ToSchema)]
pub struct SelectionJson {
    /// The seed of the draw, as a decimal string (a 64-bit number).
    seed: String,
    selected_at: String,
    minimum_probability: String,
    /// The legacy greedy method's smallest share over 1,000 draws, for comparison.
    legacy_minimum_probability: String,
    quotas: Vec<QuotaJson>,
    volunteers: Vec<VolunteerJson>,
    /// The distribution the panel was drawn from: types (features and pool numbers) and
    /// panels (probability, then how many of each type); docs/assemblies.md says how to redo
    /// the draw from it and the seed.
    #[schema(value_type = Object)]
    distribution: serde_json::Value,
}

async fn json(state: &AppState, a: Assembly) -> Result<AssemblyJson, WebError> {
    let sessions = asm::sessions(&state.db, a.id)
        .await?
        .into_iter()
        .map(|s| SessionJson {
            held_on: s.held_on,
            title: s.title,
            place: s.place,
        })
        .collect();
    let speakers = asm::speakers(&state.db, a.id)
        .await?
        .into_iter()
        .map(|s| SpeakerJson {
            name: s.name,
            role: s.role,
            topic: s.topic,
        })
        .collect();
    let selection = report(state, &a, false).await?.map(|r| SelectionJson {
        distribution: serde_json::from_str::<StoredDistribution>(&r.selection.distribution)
            .ok()
            .and_then(|d| serde_json::to_value(d).ok())
            .unwrap_or(serde_json::Value::Null),
        seed: r.selection.seed,
        selected_at: r.selection.selected_at,
        minimum_probability: r.selection.minimum,
        legacy_minimum_probability: r.selection.legacy_minimum,
        quotas: r
            .quotas
            .into_iter()
            .map(|q| QuotaJson {
                category: q.category,
                feature: q.feature,
                min: q.min,
                max: q.max,
                in_pool: q.pool,
                on_panel: q.panel,
            })
            .collect(),
        volunteers: r
            .outcomes
            .into_iter()
            .map(|o| VolunteerJson {
                pool_number: o.pool_number,
                probability: o.probability,
                outcome: o.outcome,
            })
            .collect(),
    });
    Ok(AssemblyJson {
        area_name: a.area_name(),
        slug: a.slug,
        title: a.title,
        area_code: a.area_code,
        place: a.place,
        summary: a.summary,
        panel_size: a.panel_size,
        recruitment_opens: a.recruitment_opens,
        recruitment_closes: a.recruitment_closes,
        outputs: a.outputs,
        sessions,
        speakers,
        selection,
    })
}

/// `GET /api/v1/assemblies`: every assembly, newest first.
#[utoipa::path(get, path = "/api/v1/assemblies", operation_id = "assemblies", tag = "assemblies",
    responses((status = 200, description = "Citizens' assemblies with their published selection reports", body = [AssemblyJson])))]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<AssemblyJson>>, WebError> {
    let mut out = Vec::new();
    for a in asm::list(&state.db).await? {
        out.push(json(&state, a).await?);
    }
    Ok(Json(out))
}

/// `GET /api/v1/assemblies/{slug}`: one assembly.
#[utoipa::path(get, path = "/api/v1/assemblies/{slug}", operation_id = "assembly", tag = "assemblies",
    params(("slug" = String, Path, description = "The assembly's short name, e.g. crewe-citizens-assembly-on-neighbourhood-policing")),
    responses(
        (status = 200, description = "The assembly", body = AssemblyJson),
        (status = 404, description = "No assembly has this slug", body = ApiError),
    ))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<AssemblyJson>, WebError> {
    let a = asm::by_slug(&state.db, &slug).await?;
    Ok(Json(json(&state, a).await?))
}
