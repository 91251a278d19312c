//! One person's page for the complaints team, and the subject access export of everything
//! held about them (JSON or CSV), each view and export audited.

use super::{day, team};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use crate::policy::Office;
use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_store::complaints::{self as store, SubjectAccess};

#[derive(Template)]
#[template(path = "complaints/person.html")]
struct PersonPage {
    l: Layout,
    p: store::Person,
    complaints: Vec<store::cc::Complaint>,
    reviews: Vec<store::reviews::Review>,
    since: String,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    team(&state, &who).await?;
    let p = store::person(&state.db, id).await?;
    store::record_view(&state.db, &who.actor(), "complaints_person", id).await?;
    Ok(render(&PersonPage {
        l: Layout::new(&state, &ctx, format!("Person {id}"), "complaints"),
        complaints: store::cc::for_person(&state.db, id).await?,
        reviews: store::reviews::for_person(&state.db, id).await?,
        since: day(&p.created_at),
        p,
    })?
    .into_response())
}

async fn export(state: &AppState, who: &Office, id: i64) -> Result<SubjectAccess, WebError> {
    team(state, who).await?;
    Ok(store::subject_access(&state.db, &who.actor(), id).await?)
}

pub async fn json(
    State(state): State<AppState>,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let sar = export(&state, &who, id).await?;
    let mut res = Json(sar).into_response();
    res.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"person-{id}-subject-access.json\"")
            .parse()
            .expect("a plain header value"),
    );
    Ok(res)
}

/// The same as the JSON, one row a field: record, record's id, field, value.
pub async fn csv(
    State(state): State<AppState>,
    who: Office,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let sar = export(&state, &who, id).await?;
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut flatten = |record: &str, key: String, v: serde_json::Value| {
        if let serde_json::Value::Object(map) = v {
            for (field, value) in map {
                let value = match value {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                rows.push([record.to_string(), key.clone(), field, value]);
            }
        }
    };
    flatten("person", sar.person.id.to_string(), to(&sar.person));
    for c in &sar.complaints {
        flatten(
            "complaint about the Chief Constable",
            c.id.to_string(),
            to(c),
        );
    }
    for r in &sar.reviews {
        flatten("review request", r.review.id.to_string(), to(&r.review));
        for a in &r.allegations {
            flatten(
                "allegation",
                format!("{}/{}", r.review.id, a.position),
                to(a),
            );
        }
    }
    for (i, h) in sar.history.iter().enumerate() {
        flatten("processing", (i + 1).to_string(), to(h));
    }
    Ok(crate::download::csv_response(
        &format!("person-{id}-subject-access.csv"),
        &["record", "id", "field", "value"],
        rows,
    ))
}

/// Any record of the export as JSON, so that one flattening serves every kind.
fn to(v: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).expect("records serialise")
}
