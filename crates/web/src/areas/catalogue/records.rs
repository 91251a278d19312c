//! The records behind the downloads the catalogue makes itself. They are read from the
//! service's own public answers (an API document or a CSV export, asked for as an anonymous
//! caller would), so a download made here can never hold more than the public already sees;
//! the Panel's questions, which have no public API, are read with the public page's filter.

use super::registry::{Dataset, Records};
use crate::AppState;
use crate::error::WebError;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Map, Value};
use tower::ServiceExt;

/// A public answer larger than this is refused rather than held in memory twice.
const MAX_BODY: usize = 256 * 1024 * 1024;

/// The body of a public GET, asked for without a session, so the public's rules apply.
pub async fn public_get(state: &AppState, path: &str) -> Result<Vec<u8>, WebError> {
    let req = Request::get(path)
        .body(Body::empty())
        .map_err(|e| WebError::Internal(format!("{path}: {e}")))?;
    let resp = crate::app(state.clone())
        .oneshot(req)
        .await
        .map_err(|e| WebError::Internal(format!("{path}: {e}")))?;
    match resp.status() {
        StatusCode::OK => {}
        StatusCode::NOT_FOUND => return Err(WebError::NotFound),
        s => return Err(WebError::Internal(format!("{path} answered {s}"))),
    }
    let bytes = axum::body::to_bytes(resp.into_body(), MAX_BODY)
        .await
        .map_err(|e| WebError::Internal(format!("{path}: {e}")))?;
    Ok(bytes.to_vec())
}

async fn public_json(state: &AppState, path: &str) -> Result<Value, WebError> {
    let body = public_get(state, path).await?;
    serde_json::from_slice(&body).map_err(|e| WebError::Internal(format!("{path}: {e}")))
}

/// A row per innermost record: each field's value, found in the record or else its parents.
fn flatten(
    ds: &Dataset,
    item: &Value,
    parents: &mut Vec<Value>,
    nest: &[&str],
    out: &mut Vec<Vec<Value>>,
) {
    match nest.split_first() {
        Some((next, rest)) => {
            let children = item.pointer(next).and_then(Value::as_array).cloned();
            parents.push(item.clone());
            for child in children.unwrap_or_default() {
                flatten(ds, &child, parents, rest, out);
            }
            parents.pop();
        }
        None => out.push(
            ds.fields
                .iter()
                .map(|f| {
                    std::iter::once(item)
                        .chain(parents.iter().rev())
                        .find_map(|v| v.get(f.key))
                        .cloned()
                        .unwrap_or(Value::Null)
                })
                .collect(),
        ),
    }
}

fn array_at<'a>(doc: &'a Value, pointer: &str) -> &'a [Value] {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The dataset's rows, each a value per field of its dictionary.
pub async fn rows(state: &AppState, ds: &Dataset) -> Result<Vec<Vec<Value>>, WebError> {
    let mut out = Vec::new();
    match ds.records {
        Records::None => return Err(WebError::NotFound),
        Records::Api {
            path,
            pointer,
            nest,
        } => {
            let doc = public_json(state, path).await?;
            for item in array_at(&doc, pointer) {
                flatten(ds, item, &mut Vec::new(), nest, &mut out);
            }
        }
        Records::Csv(path) => {
            let body = public_get(state, path).await?;
            let mut r = csv::Reader::from_reader(body.as_slice());
            let headers = r
                .headers()
                .map_err(|e| WebError::Internal(format!("{path}: {e}")))?
                .clone();
            for rec in r.records() {
                let rec = rec.map_err(|e| WebError::Internal(format!("{path}: {e}")))?;
                let item: Map<String, Value> = headers
                    .iter()
                    .zip(rec.iter())
                    .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                    .collect();
                flatten(ds, &Value::Object(item), &mut Vec::new(), &[], &mut out);
            }
        }
        Records::Measures => {
            let list = public_json(state, "/api/v1/measures").await?;
            for measure in array_at(&list, "") {
                let Some(href) = measure.get("href").and_then(Value::as_str) else {
                    continue;
                };
                let series = public_json(state, href).await?;
                let mut parents = vec![measure.clone()];
                for point in array_at(&series, "/points") {
                    flatten(ds, point, &mut parents, &[], &mut out);
                }
            }
        }
        Records::PanelQuestions => {
            let plans = public_json(state, "/api/v1/plans").await?;
            for plan in array_at(&plans, "") {
                let Some(slug) = plan.get("slug").and_then(Value::as_str) else {
                    continue;
                };
                for q in opcc_store::plans::panel_questions(&state.db, slug, true).await? {
                    if q.withdrawn_at.is_some() {
                        continue;
                    }
                    // The member who asked is left out: the public page does not name them.
                    let item = serde_json::json!({
                        "plan": slug,
                        "kind": q.kind,
                        "commitment_key": q.commitment_key,
                        "measure_key": q.measure_key,
                        "question": q.text,
                        "asked_on": q.asked_on,
                        "response": q.response,
                        "response_date": q.response_date,
                        "published_at": q.published_at,
                    });
                    flatten(ds, &item, &mut Vec::new(), &[], &mut out);
                }
            }
        }
    }
    Ok(out)
}

/// A value as a CSV cell: text as it is, numbers and booleans as written in JSON, lists
/// joined by "; ", nothing as an empty cell.
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::areas::catalogue::registry;

    #[test]
    fn nested_records_take_their_parents_fields() {
        let ds = registry::find("consultation-results").unwrap();
        let doc = serde_json::json!([{
            "slug": "s", "title": "T", "stage": "closed", "responses": 12,
            "questions": [{"prompt": "Q?", "kind": "single",
                "results": [{"label": "Yes", "count": 4, "average": null}]}]
        }]);
        let mut out = Vec::new();
        for item in array_at(&doc, "") {
            flatten(
                ds,
                item,
                &mut Vec::new(),
                &["/questions", "/results"],
                &mut out,
            );
        }
        let row: Vec<String> = out[0].iter().map(cell).collect();
        assert_eq!(
            row,
            ["s", "T", "closed", "12", "Q?", "single", "Yes", "4", ""]
        );
    }
}
