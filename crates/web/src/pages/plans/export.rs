//! Downloads: a plan's commitments with their statuses as CSV and XLSX (public, like the
//! plan), and the consultation comments as CSV (staff and the Panel only: they hold the
//! commenters' names and emails).

use super::{view, visible_plan};
use crate::AppState;
use crate::context::Ctx;
use crate::error::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use opcc_domain::plans::file::PlanFile;

const HEADERS: [&str; 9] = [
    "plan",
    "place",
    "key",
    "commitment",
    "owner",
    "status",
    "status_date",
    "period",
    "narrative",
];

fn commitment_rows(plan: &PlanFile) -> Vec<[String; 9]> {
    view::paths(plan)
        .into_iter()
        .map(|(place, c)| {
            let last = c.updates.last();
            [
                plan.slug.clone(),
                place,
                c.key.clone(),
                c.text.clone(),
                c.owner.label(),
                view::status_tag(c.current_status()).text.to_string(),
                last.map(|u| u.date.to_string()).unwrap_or_default(),
                last.map(|u| u.period.clone()).unwrap_or_default(),
                last.map(|u| u.narrative.clone()).unwrap_or_default(),
            ]
        })
        .collect()
}

fn download(content_type: &'static str, filename: String, body: Vec<u8>) -> Response {
    crate::download::file(content_type, &filename, body)
}

fn to_csv<const N: usize>(headers: [&str; N], rows: &[[String; N]]) -> Result<Vec<u8>, WebError> {
    Ok(crate::download::csv(&headers, rows))
}

pub async fn commitments_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let body = to_csv(HEADERS, &commitment_rows(&plan))?;
    Ok(download(
        "text/csv; charset=utf-8",
        format!("{slug}-commitments.csv"),
        body,
    ))
}

pub async fn commitments_xlsx(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    use rust_xlsxwriter::{Format, Workbook};
    let plan = visible_plan(&state, &ctx, &slug).await?;
    let fail = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("xlsx: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Commitments").map_err(fail)?;
    let bold = Format::new().set_bold();
    for (col, h) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *h, &bold)
            .map_err(fail)?;
    }
    for (row, values) in commitment_rows(&plan).iter().enumerate() {
        for (col, v) in values.iter().enumerate() {
            sheet
                .write_string(row as u32 + 1, col as u16, v)
                .map_err(fail)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.autofit();
    let body = book.save_to_buffer().map_err(fail)?;
    Ok(download(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("{slug}-commitments.xlsx"),
        body,
    ))
}

pub async fn comments_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    visible_plan(&state, &ctx, &slug).await?;
    let rows: Vec<[String; 6]> = opcc_store::plans::comments(&state.db, &slug)
        .await?
        .into_iter()
        .map(|c| {
            [
                c.id.to_string(),
                c.created_at,
                c.item_key.unwrap_or_default(),
                c.name.unwrap_or_default(),
                c.email.unwrap_or_default(),
                c.body,
            ]
        })
        .collect();
    let body = to_csv(
        ["id", "received", "item", "name", "email", "comment"],
        &rows,
    )?;
    Ok(download(
        "text/csv; charset=utf-8",
        format!("{slug}-comments.csv"),
        body,
    ))
}
