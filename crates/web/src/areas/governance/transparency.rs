//! The public "Transparency" page: every item of the Specified Information Order, what it
//! requires, how often, where this service publishes it, when it was last updated and whether
//! it is due or overdue; and the uploaded documents.

use super::{long_day, today};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::governance::publication::{ITEMS, Source, status};
use opcc_store::governance as gov;

pub struct Place {
    pub href: String,
    pub label: String,
    pub updated: Option<String>,
}

pub struct ItemView {
    pub item: &'static str,
    pub slug: String,
    pub heading: &'static str,
    pub requires: &'static str,
    pub frequency: &'static str,
    pub places: Vec<Place>,
    pub last: Option<String>,
    pub due: Option<String>,
    pub status: &'static str,
    pub tag: &'static str,
}

/// Every item with its status as of today, for the public page and the office's.
pub(crate) async fn items(state: &AppState) -> Result<Vec<ItemView>, WebError> {
    let docs = gov::publication::documents(&state.db).await?;
    let mut out = Vec::new();
    for i in ITEMS.iter() {
        let mut places = Vec::new();
        let mut last: Option<String> = None;
        for s in i.sources {
            match s {
                Source::Generated { path, label, key } => {
                    let updated = gov::publication::last_updated(&state.db, key).await?;
                    if let Some(u) = &updated
                        && last.as_ref().is_none_or(|l| u > l)
                    {
                        last = Some(u.clone());
                    }
                    places.push(Place {
                        href: path.to_string(),
                        label: label.to_string(),
                        updated: updated.as_deref().map(long_day),
                    });
                }
                Source::Uploaded => {
                    for d in docs.iter().filter(|d| d.item == i.item) {
                        if last.as_ref().is_none_or(|l| d.published_on > *l) {
                            last = Some(d.published_on.clone());
                        }
                        places.push(Place {
                            href: format!("/transparency/documents/{}", d.id),
                            label: format!("{} (PDF or Office file)", d.title),
                            updated: Some(long_day(&d.published_on)),
                        });
                    }
                }
            }
        }
        let last_date = last.as_deref().and_then(|l| {
            time::Date::parse(l, &time::format_description::well_known::Iso8601::DATE).ok()
        });
        let (st, due) = status(i.frequency, last_date, today());
        out.push(ItemView {
            item: i.item,
            slug: i.slug(),
            heading: i.heading,
            requires: i.requires,
            frequency: i.frequency.label(),
            places,
            last: last_date.map(opcc_domain::finance::long_date),
            due: due.map(opcc_domain::finance::long_date),
            status: st.label(),
            tag: st.tag(),
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "governance/transparency.html")]
struct Page {
    l: Layout,
    items: Vec<ItemView>,
}

pub async fn register(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    Ok(render(&Page {
        items: items(&state).await?,
        l: Layout::new(&state, &ctx, "Transparency", "governance"),
    })?
    .into_response())
}

pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let f = gov::publication::file(&state.db, id).await?;
    Ok(super::meetings::file_response(f))
}
