//! The public's pages: funds secured and grants awarded (by fund, year, priority and local
//! authority, each chart with its table), one grant with its decision, the 360Giving
//! downloads, each service's results from its returns, and the "get help" directory. Nothing
//! here depends on who is looking, and no person's details are held to show.

use super::{long_day, money};
use crate::AppState;
use crate::charts::{LabelledBar, labelled_bar_chart};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use opcc_domain::commissioning::giving;
use opcc_domain::finance::{FinancialYear, pounds};
use opcc_store::commissioning::{self as com, awards::Award, services};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub(crate) struct Group {
    pub heading: &'static str,
    pub svg: String,
    pub rows: Vec<(String, usize, String)>,
}

/// Awards grouped by one of their properties: count and total in each, largest first.
fn group(
    awards: &[Award],
    heading: &'static str,
    id: &'static str,
    key: impl Fn(&Award) -> String,
) -> Group {
    let mut totals: Vec<(String, usize, Decimal)> = Vec::new();
    for a in awards {
        let k = key(a);
        let amount: Decimal = a.amount.parse().unwrap_or_default();
        match totals.iter_mut().find(|(g, _, _)| *g == k) {
            Some(t) => {
                t.1 += 1;
                t.2 += amount;
            }
            None => totals.push((k, 1, amount)),
        }
    }
    totals.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let bars: Vec<LabelledBar> = totals
        .iter()
        .map(|(k, _, t)| LabelledBar {
            label: short_label(k),
            value: t.to_f64().unwrap_or_default(),
            text: pounds(*t),
        })
        .collect();
    let desc = totals
        .iter()
        .map(|(k, _, t)| format!("{k}: {}", pounds(*t)))
        .collect::<Vec<_>>()
        .join("; ");
    Group {
        heading,
        svg: labelled_bar_chart(id, heading, &desc, &bars),
        rows: totals
            .into_iter()
            .map(|(k, n, t)| (k, n, pounds(t)))
            .collect(),
    }
}

/// A chart's label short enough for its label column; the table beside it gives it whole.
fn short_label(s: &str) -> String {
    const MAX: usize = 30;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(MAX - 1).collect::<String>().trim_end()
        )
    }
}

fn or_not_stated(s: &str, none: &str) -> String {
    if s.is_empty() {
        none.to_string()
    } else {
        s.to_string()
    }
}

#[derive(Template)]
#[template(path = "commissioning/funding.html")]
struct FundingPage {
    l: Layout,
    funds: Vec<(String, String, String, String, String)>,
    funds_svg: String,
    groups: Vec<Group>,
    awards: Vec<(String, String, String, String, String)>,
}

/// `GET /funding`
pub async fn funding(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let db = &state.db;
    let funds = com::funds(db).await?;
    let bars: Vec<LabelledBar> = funds
        .iter()
        .filter_map(|f| {
            let d: Decimal = f.amount.parse().ok()?;
            Some(LabelledBar {
                label: short_label(&f.title),
                value: d.to_f64().unwrap_or_default(),
                text: pounds(d),
            })
        })
        .collect();
    let desc = funds
        .iter()
        .filter(|f| !f.amount.is_empty())
        .map(|f| format!("{} ({}): {}", f.title, f.year, money(&f.amount)))
        .collect::<Vec<_>>()
        .join("; ");
    let awards: Vec<Award> = com::awards::awards(db)
        .await?
        .into_iter()
        .filter(|a| a.source == "office")
        .collect();
    let groups = if awards.is_empty() {
        Vec::new()
    } else {
        vec![
            group(&awards, "Grants awarded by fund", "com-by-fund", |a| {
                or_not_stated(&a.fund_title, "No fund recorded")
            }),
            group(
                &awards,
                "Grants awarded by financial year",
                "com-by-year",
                |a| {
                    time::Date::parse(
                        &a.award_date,
                        &time::format_description::well_known::Iso8601::DATE,
                    )
                    .map(|d| FinancialYear::of(d).to_string())
                    .unwrap_or_default()
                },
            ),
            group(
                &awards,
                "Grants awarded by plan priority",
                "com-by-priority",
                |a| or_not_stated(&a.priority_title, "No priority recorded"),
            ),
            group(
                &awards,
                "Grants awarded by local authority",
                "com-by-area",
                |a| or_not_stated(&a.local_authority_name, "The whole force area"),
            ),
        ]
    };
    Ok(render(&FundingPage {
        l: Layout::new(&state, &ctx, "Funding and commissioning", "commissioning"),
        funds_svg: labelled_bar_chart("com-funds", "Money secured, by fund", &desc, &bars),
        funds: funds
            .iter()
            .map(|f| {
                (
                    f.title.clone(),
                    f.grantor.clone(),
                    f.year.clone(),
                    money(&f.amount),
                    f.source.clone(),
                )
            })
            .collect(),
        groups,
        awards: awards
            .iter()
            .map(|a| {
                (
                    a.identifier.clone(),
                    a.title.clone(),
                    a.recipient_name.clone(),
                    money(&a.amount),
                    long_day(&a.award_date),
                )
            })
            .collect(),
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "commissioning/grant.html")]
struct GrantPage {
    l: Layout,
    a: Award,
    amount: String,
    date: String,
    decision: Option<(String, String)>,
}

/// `GET /funding/grants/{identifier}`
pub async fn grant(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(identifier): Path<String>,
) -> Result<Response, WebError> {
    let a = com::awards::award_by_identifier(&state.db, &identifier).await?;
    Ok(render(&GrantPage {
        l: Layout::new(&state, &ctx, a.title.clone(), "commissioning"),
        amount: money(&a.amount),
        date: long_day(&a.award_date),
        decision: a
            .decision_number
            .as_ref()
            .map(|n| (n.clone(), n.replace('/', "-"))),
        a,
    })?
    .into_response())
}

/// `GET /funding/360giving.json`: the office's grants as a 360Giving 1.4.3 package.
pub async fn giving_json(State(state): State<AppState>) -> Result<Response, WebError> {
    let p = com::giving::package(&state.db).await?;
    Ok(crate::download::file(
        "application/json",
        "360giving.json",
        serde_json::to_vec_pretty(&p).map_err(|e| WebError::Internal(e.to_string()))?,
    ))
}

/// `GET /funding/360giving.csv`: the same grants flattened, under the template's titles.
pub async fn giving_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    let grants = com::giving::published(&state.db).await?;
    let (headers, rows) = giving::flat_rows(&grants);
    Ok(crate::download::csv_response(
        "360giving.csv",
        &headers,
        rows,
    ))
}

/// `GET /funding/360giving.xlsx`: the flattened grants as a spreadsheet.
pub async fn giving_xlsx(State(state): State<AppState>) -> Result<Response, WebError> {
    let grants = com::giving::published(&state.db).await?;
    let body = crate::download::giving_xlsx_body(&grants).map_err(WebError::Internal)?;
    Ok(crate::download::file(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "360giving.xlsx",
        body,
    ))
}

#[derive(Template)]
#[template(path = "commissioning/results.html")]
struct ResultsPage {
    l: Layout,
    rows: Vec<services::YearSummary>,
    by_area: Vec<services::AreaSummary>,
    /// The latest year with returns by local authority, its chart and its table's rows
    /// (area, referrals, supported), all services together.
    area_year: String,
    area_svg: String,
    area_totals: Vec<(String, i64, i64)>,
}

/// An area's name for the public: the authority's name, or what a return for every area is.
fn area_label(a: &services::AreaSummary) -> String {
    match (a.local_authority.as_str(), a.area_name.as_str()) {
        ("", _) => "Every area served".to_string(),
        (code, "") => code.to_string(),
        (_, name) => name.to_string(),
    }
}

/// `GET /funding/services`: each commissioned service's referrals and people supported, by
/// year, summed from its providers' returns.
pub async fn results(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    let mut page = ResultsPage {
        l: Layout::new(
            &state,
            &ctx,
            "Results of commissioned services",
            "commissioning",
        ),
        rows: services::summary(&state.db).await?,
        by_area: Vec::new(),
        area_year: String::new(),
        area_svg: String::new(),
        area_totals: Vec::new(),
    };
    page.by_area = services::summary_by_area(&state.db).await?;
    // The chart takes the latest year any service returned by local authority.
    if let Some(year) = page
        .by_area
        .iter()
        .find(|a| !a.local_authority.is_empty())
        .map(|a| a.year.clone())
    {
        let mut totals: Vec<(String, i64, i64)> = Vec::new();
        for a in page
            .by_area
            .iter()
            .filter(|a| a.year == year && !a.local_authority.is_empty())
        {
            let label = area_label(a);
            match totals.iter_mut().find(|t| t.0 == label) {
                Some(t) => {
                    t.1 += a.referrals;
                    t.2 += a.supported;
                }
                None => totals.push((label, a.referrals, a.supported)),
            }
        }
        totals.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let bars: Vec<LabelledBar> = totals
            .iter()
            .map(|(k, r, _)| LabelledBar {
                label: short_label(k),
                value: *r as f64,
                text: crate::pages::home::thousands(r),
            })
            .collect();
        let desc = totals
            .iter()
            .map(|(k, r, _)| format!("{k}: {} referrals", crate::pages::home::thousands(r)))
            .collect::<Vec<_>>()
            .join("; ");
        let heading = format!("Referrals by local authority, {year}");
        page.area_svg = labelled_bar_chart("referrals-by-area", &heading, &desc, &bars);
        page.area_year = year;
        page.area_totals = totals;
    }
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "commissioning/directory.html")]
struct DirectoryPage {
    l: Layout,
    services: Vec<services::Service>,
}

/// `GET /get-help`
pub async fn directory(State(state): State<AppState>, ctx: Ctx) -> Result<Response, WebError> {
    Ok(render(&DirectoryPage {
        l: Layout::new(&state, &ctx, "Get help", "commissioning"),
        services: services::services(&state.db).await?,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "commissioning/help.html")]
struct HelpPage {
    l: Layout,
    s: services::Service,
    areas: Vec<String>,
}

/// `GET /get-help/{slug}`
pub async fn help(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = services::service(&state.db, &slug).await?;
    let names = com::local_authority_names(&state.db).await?;
    let areas = s
        .areas
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| {
            names
                .iter()
                .find(|(code, _)| code == c)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| c.to_string())
        })
        .collect();
    Ok(render(&HelpPage {
        l: Layout::new(&state, &ctx, s.name.clone(), "commissioning"),
        s,
        areas,
    })?
    .into_response())
}
