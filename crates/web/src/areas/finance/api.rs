//! Budgets, the precept and spending as JSON (public fields only: a withheld supplier is
//! "Redacted" here as everywhere).

use super::spending::{DOWNLOAD_LIMIT, checked};
use crate::AppState;
use crate::error::WebError;
use axum::Json;
use axum::extract::{Path, Query, State};
use opcc_domain::finance::precept::{Band, StepRecord};
use opcc_domain::finance::{Budget, FinancialYear};
use opcc_store::finance::spending::{Search, query};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// `GET /api/v1/finance/budgets`: every year's budget, newest first.
#[utoipa::path(get, path = "/api/v1/finance/budgets", operation_id = "finance_budgets", tag = "finance",
    responses((status = 200, description = "Budgets by financial year", body = [Budget])))]
pub async fn budgets(State(state): State<AppState>) -> Result<Json<Vec<Budget>>, WebError> {
    let mut out = Vec::new();
    for y in opcc_store::finance::years(&state.db).await? {
        out.extend(opcc_store::finance::budget(&state.db, y).await?);
    }
    Ok(Json(out))
}

/// `GET /api/v1/finance/budgets/{year}`.
#[utoipa::path(get, path = "/api/v1/finance/budgets/{year}", operation_id = "finance_budget", tag = "finance",
    params(("year" = String, Path, description = "Financial year, e.g. 2023-24")),
    responses((status = 200, description = "The year's budget", body = Budget),
              (status = 404, description = "No budget for that year", body = crate::api::ApiError)))]
pub async fn budget(
    State(state): State<AppState>,
    Path(year): Path<String>,
) -> Result<Json<Budget>, WebError> {
    let y = FinancialYear::parse(&year).map_err(|_| WebError::NotFound)?;
    opcc_store::finance::budget(&state.db, y)
        .await?
        .map(Json)
        .ok_or(WebError::NotFound)
}

#[derive(Serialize, ToSchema)]
pub struct BandBill {
    band: Band,
    #[schema(value_type = String)]
    amount: rust_decimal::Decimal,
}

#[derive(Serialize, ToSchema)]
pub struct TaxBaseJson {
    gss_code: String,
    name: String,
    #[schema(value_type = String)]
    band_d_equivalents: rust_decimal::Decimal,
    #[schema(value_type = Option<String>)]
    collects: Option<rust_decimal::Decimal>,
}

#[derive(Serialize, ToSchema)]
pub struct PreceptJson {
    #[schema(value_type = String, example = "2023-24")]
    year: FinancialYear,
    #[schema(value_type = Option<String>)]
    band_d: Option<rust_decimal::Decimal>,
    #[schema(value_type = Option<String>)]
    band_d_change: Option<rust_decimal::Decimal>,
    /// Every band's bill, from Band D.
    bands: Vec<BandBill>,
    panel_members: Option<i64>,
    consultation_url: String,
    source: String,
    tax_base: Vec<TaxBaseJson>,
    steps: Vec<StepRecord>,
}

/// `GET /api/v1/finance/precept`: every precept year, with bills by band and the timetable.
#[utoipa::path(get, path = "/api/v1/finance/precept", operation_id = "finance_precept", tag = "finance",
    responses((status = 200, description = "The precept by year", body = [PreceptJson])))]
pub async fn precept(State(state): State<AppState>) -> Result<Json<Vec<PreceptJson>>, WebError> {
    let mut out = Vec::new();
    for y in opcc_store::finance::precept::years(&state.db).await? {
        let Some(p) = opcc_store::finance::precept::load(&state.db, y).await? else {
            continue;
        };
        out.push(PreceptJson {
            year: p.year,
            band_d: p.band_d,
            band_d_change: p.band_d_change,
            bands: p
                .band_d
                .map(|d| {
                    Band::ALL
                        .iter()
                        .map(|b| BandBill {
                            band: *b,
                            amount: b.bill(d),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            panel_members: p.panel_members,
            consultation_url: p.consultation_url,
            source: p.source,
            tax_base: p
                .tax_base
                .into_iter()
                .map(|t| TaxBaseJson {
                    gss_code: t.gss_code,
                    name: t.name,
                    band_d_equivalents: t.band_d_equivalents,
                    collects: t.collects,
                })
                .collect(),
            steps: p.steps,
        });
    }
    Ok(Json(out))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SpendingQuery {
    /// YYYY-MM.
    #[param(pattern = "^((19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2]))?$")]
    month: Option<String>,
    /// Part of the supplier's name, any case.
    #[param(max_length = 100)]
    supplier: Option<String>,
    /// Part of the expense type.
    #[param(max_length = 100)]
    expense_type: Option<String>,
    /// Part of the service.
    #[param(max_length = 100)]
    service: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentJson {
    #[schema(example = "2011-05-26")]
    date_paid: String,
    /// "Redacted" for a payment to an individual or one the publisher redacted.
    supplier: String,
    withheld_reason: Option<String>,
    /// Pounds, exact; negative for a credit note.
    amount: String,
    expense_type: String,
    service: String,
    reference: String,
    source: String,
}

#[derive(Serialize, ToSchema)]
pub struct SpendingJson {
    count: usize,
    /// The sum of every payment listed, in pounds.
    total: String,
    payments: Vec<PaymentJson>,
}

/// `GET /api/v1/finance/spending`: every payment over £500 the search finds (open data).
#[utoipa::path(get, path = "/api/v1/finance/spending", operation_id = "finance_spending", tag = "finance",
    params(SpendingQuery),
    responses((status = 200, description = "Payments", body = SpendingJson),
              (status = 400, description = "A malformed search", body = crate::api::ApiError)))]
pub async fn spending(
    State(state): State<AppState>,
    Query(q): Query<SpendingQuery>,
) -> Result<Json<SpendingJson>, WebError> {
    let s = checked(Search {
        month: q.month,
        supplier: q.supplier,
        expense_type: q.expense_type,
        service: q.service,
        page: None,
    })?;
    let all = query::all(&state.db, &s, DOWNLOAD_LIMIT).await?;
    let total: rust_decimal::Decimal = all.iter().map(|p| p.amount).sum();
    Ok(Json(SpendingJson {
        count: all.len(),
        total: total.to_string(),
        payments: all
            .into_iter()
            .map(|p| PaymentJson {
                date_paid: opcc_store::finance::iso(p.paid_on),
                supplier: p.supplier,
                withheld_reason: p.withheld_reason,
                amount: p.amount.to_string(),
                expense_type: p.expense_type,
                service: p.service,
                reference: p.reference,
                source: p.source,
            })
            .collect(),
    }))
}
