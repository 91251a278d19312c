//! The office's spending upload: a file imported whole or not at all, with every problem
//! listed by row and column on the page.

use super::admin::page;
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use crate::policy::Office;
use axum::extract::{Multipart, State};
use axum::response::Response;
use opcc_domain::finance::pounds;
use opcc_domain::finance::spending::Limits;
use opcc_store::StoreError;

/// `POST /admin/finance/spending` (the CSRF token its first field): a spending file, imported whole or not at
/// all; a refusal lists every problem by row and column.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    who: Office,
    mut form: Multipart,
) -> Result<Response, WebError> {
    let limits = Limits::default();
    let (mut source, mut file) = (String::new(), None);
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| WebError::BadRequest(format!("The upload could not be read: {e}")))?
    {
        match field.name() {
            Some("source") => {
                source = field
                    .text()
                    .await
                    .map_err(|e| WebError::BadRequest(e.to_string()))?
                    .trim()
                    .to_string()
            }
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    WebError::BadRequest(format!("The upload could not be read: {e}"))
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return page(
            &state,
            &ctx,
            vec!["Choose a spending file to upload".into()],
            None,
        )
        .await;
    };
    use opcc_store::finance::spending::{ImportError, import};
    match import(&state.db, &who.actor(), &source, &name, &bytes, &limits).await {
        Ok(r) => {
            let what = if r.unchanged {
                format!("{} was imported before: nothing changed.", r.filename)
            } else {
                format!(
                    "{}: {} payments imported, {} in all, {} credit notes, {} withheld ({}; header on row {}; columns {}).",
                    r.filename,
                    r.rows,
                    pounds(r.total),
                    r.credit_notes,
                    r.withheld,
                    r.encoding,
                    r.header_row,
                    r.mapping
                )
            };
            page(&state, &ctx, Vec::new(), Some(what)).await
        }
        Err(ImportError::Refused { file, problems }) => {
            page(
                &state,
                &ctx,
                problems.iter().map(|p| format!("{file}: {p}")).collect(),
                None,
            )
            .await
        }
        Err(ImportError::Store(StoreError::Invalid(m))) => page(&state, &ctx, vec![m], None).await,
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}
