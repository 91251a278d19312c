//! The catalogue's pages and files: the list, a dataset with its dictionary, the downloads the
//! catalogue makes, the dictionary as CSV and JSON, and the whole catalogue as DCAT JSON-LD.

use super::records;
use super::registry::{DATASETS, Dataset, Download, Field, LICENCE, find};
use crate::AppState;
use crate::context::Ctx;
use crate::download;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A download as the pages and the JSON-LD show it.
pub struct Link {
    pub format: &'static str,
    pub media_type: &'static str,
    pub href: String,
}

/// A dataset with what is known of it now.
pub struct Entry {
    pub ds: &'static Dataset,
    /// The newest change, RFC 3339 or a date; none when it has no data yet.
    pub modified: Option<String>,
    pub downloads: Vec<Link>,
}

impl Entry {
    /// "1 April 2024", or a note that nothing is recorded yet.
    pub fn updated(&self) -> String {
        self.modified
            .as_deref()
            .map(crate::areas::governance::long_day)
            .unwrap_or_else(|| "No data recorded yet".into())
    }

    pub fn modified_date(&self) -> Option<&str> {
        self.modified.as_deref().and_then(|m| m.get(..10))
    }
}

/// The plan in force, whose commitments are the plan dataset.
async fn plan_in_force(state: &AppState) -> Result<Option<String>, WebError> {
    let Some(area) = opcc_store::force_area::current(&state.db).await? else {
        return Ok(None);
    };
    let today = super::super::governance::today();
    Ok(
        opcc_store::plans::in_force(&state.db, &area.gss_code, today)
            .await?
            .map(|p| p.slug),
    )
}

fn href(ds: &Dataset, d: Download, ext: &str, plan: Option<&str>) -> Option<String> {
    match d {
        Download::Here => Some(format!("/data/{}/data.{ext}", ds.slug)),
        Download::At(path) if path.contains("{plan}") => plan.map(|p| path.replace("{plan}", p)),
        Download::At(path) => Some(path.to_string()),
    }
}

pub async fn entries(state: &AppState) -> Result<Vec<Entry>, WebError> {
    let plan = plan_in_force(state).await?;
    let mut out = Vec::with_capacity(DATASETS.len());
    for ds in DATASETS {
        let modified = opcc_store::catalogue::last_changed(&state.db, &ds.changes).await?;
        let mut downloads = Vec::new();
        if let Some(h) = href(ds, ds.csv, "csv", plan.as_deref()) {
            downloads.push(Link {
                format: "CSV",
                media_type: "text/csv",
                href: h,
            });
        }
        if let Some(h) = href(ds, ds.json, "json", plan.as_deref()) {
            downloads.push(Link {
                format: "JSON",
                media_type: "application/json",
                href: h,
            });
        }
        out.push(Entry {
            ds,
            modified,
            downloads,
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "catalogue/index.html")]
struct IndexPage {
    l: Layout,
    entries: Vec<Entry>,
}

pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let entries = entries(&state).await?;
    Ok(render(&IndexPage {
        l: Layout::new(&state, &ctx, "Open data", "catalogue"),
        entries,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "catalogue/show.html")]
struct ShowPage {
    l: Layout,
    e: Entry,
    licence: &'static str,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let e = entries(&state)
        .await?
        .into_iter()
        .find(|e| e.ds.slug == slug)
        .ok_or(WebError::NotFound)?;
    Ok(render(&ShowPage {
        l: Layout::new(&state, &ctx, e.ds.title, "catalogue"),
        e,
        licence: LICENCE,
    })?
    .into_response())
}

fn field_json(f: &Field) -> Value {
    json!({"name": f.name, "type": f.kind, "description": f.description})
}

pub async fn dictionary_csv(Path(slug): Path<String>) -> Result<Response, WebError> {
    let ds = find(&slug).ok_or(WebError::NotFound)?;
    Ok(download::csv_response(
        &format!("{slug}-dictionary.csv"),
        &["name", "type", "description"],
        ds.fields.iter().map(|f| [f.name, f.kind, f.description]),
    ))
}

pub async fn dictionary_json(Path(slug): Path<String>) -> Result<Response, WebError> {
    let ds = find(&slug).ok_or(WebError::NotFound)?;
    Ok(axum::Json(json!({
        "dataset": ds.slug,
        "title": ds.title,
        "fields": ds.fields.iter().map(field_json).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// A dataset the catalogue makes: the format must be one it makes for this dataset.
fn made_here(slug: &str, d: fn(&Dataset) -> Download) -> Result<&'static Dataset, WebError> {
    let ds = find(slug).ok_or(WebError::NotFound)?;
    match d(ds) {
        Download::Here => Ok(ds),
        Download::At(_) => Err(WebError::NotFound),
    }
}

pub async fn data_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let ds = made_here(&slug, |d| d.csv)?;
    let rows = records::rows(&state, ds).await?;
    let headers: Vec<&str> = ds.fields.iter().map(|f| f.name).collect();
    Ok(download::csv_response(
        &format!("{slug}.csv"),
        &headers,
        rows.iter().map(|r| r.iter().map(records::cell)),
    ))
}

pub async fn data_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let ds = made_here(&slug, |d| d.json)?;
    let rows = records::rows(&state, ds).await?;
    let records: Vec<Value> = rows
        .into_iter()
        .map(|r| {
            Value::Object(
                ds.fields
                    .iter()
                    .map(|f| f.name.to_string())
                    .zip(r)
                    .collect(),
            )
        })
        .collect();
    Ok(axum::Json(records).into_response())
}

/// The catalogue in DCAT (the W3C Data Catalog Vocabulary, as DCAT-AP profiles it) as
/// JSON-LD. Identifiers are relative to this document, so they hold behind any host name.
pub async fn jsonld(State(state): State<AppState>) -> Result<Response, WebError> {
    let entries = entries(&state).await?;
    let publisher = json!({"@type": "foaf:Organization", "foaf:name": &*state.service_name});
    let datasets: Vec<Value> = entries
        .iter()
        .map(|e| {
            let ds = e.ds;
            let mut distributions: Vec<Value> = e
                .downloads
                .iter()
                .map(|l| {
                    json!({
                        "@type": "dcat:Distribution",
                        "dct:title": format!("{} ({})", ds.title, l.format),
                        "dct:format": l.format,
                        "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{}", l.media_type)},
                        "dcat:downloadURL": {"@id": l.href},
                        "dct:license": {"@id": LICENCE},
                    })
                })
                .collect();
            distributions.push(json!({
                "@type": "dcat:Distribution",
                "dct:title": format!("{}: data dictionary (CSV)", ds.title),
                "dct:format": "CSV",
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
                "dcat:downloadURL": {"@id": format!("/data/{}/dictionary.csv", ds.slug)},
                "dct:license": {"@id": LICENCE},
            }));
            let mut d = json!({
                "@id": format!("/data/{}", ds.slug),
                "@type": "dcat:Dataset",
                "dct:identifier": ds.slug,
                "dct:title": ds.title,
                "dct:description": ds.description,
                "dct:publisher": publisher,
                "dct:license": {"@id": LICENCE},
                "dct:accrualPeriodicity": {"@id": ds.accrual},
                "dcat:keyword": [ds.theme],
                "dcat:landingPage": {"@id": ds.page},
                "dcat:distribution": distributions,
            });
            if let Some(day) = e.modified_date() {
                d["dct:modified"] = json!({"@value": day, "@type": "xsd:date"});
            }
            d
        })
        .collect();
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": "/data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": format!("Open data from the {}", state.service_name),
        "dct:description": "Every public dataset the office publishes, under the Open Government Licence v3.0.",
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE},
        "dcat:dataset": datasets,
    });
    let body = serde_json::to_vec_pretty(&doc).map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download::file(
        "application/ld+json",
        "catalog.jsonld",
        body,
    ))
}
