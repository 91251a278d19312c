//! The public budget pages: where the money comes from and where it goes, year by year,
//! each chart with its table, and the cost of policing per head of population.

use crate::AppState;
use crate::charts::{LabelledBar, labelled_bar_chart};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use opcc_domain::finance::money::percent;
use opcc_domain::finance::{
    Budget, FinancialYear, Section, Stage, funding_category_label, long_date, pounds, short,
};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub struct LineRow {
    pub label: String,
    pub category: String,
    pub amount: String,
    pub share: String,
    pub note: String,
}

pub struct Figure {
    pub heading: String,
    pub caption: String,
    /// None when the lines give neither amounts nor shares to draw.
    pub svg: Option<String>,
    pub rows: Vec<LineRow>,
    pub shares_only: bool,
    /// Columns the lines give anything for (a narrow screen has no room for empty ones).
    pub show_amount: bool,
    pub show_share: bool,
    pub show_note: bool,
}

pub struct Facts {
    pub year: String,
    pub href: String,
    pub total: String,
    pub facts: Vec<(String, String)>,
    pub source: String,
    pub note: String,
    pub figures: Vec<Figure>,
    pub revisions: Vec<(String, String, String)>,
    pub mtfs: Vec<(String, String, String, String)>,
}

fn figure(b: &Budget, section: Section, stage: Stage) -> Option<Figure> {
    let lines: Vec<_> = b.lines_of(section, stage).collect();
    if lines.is_empty() {
        return None;
    }
    let y = b.year;
    let with_amounts = lines.iter().all(|l| l.amount.is_some());
    let with_shares = lines.iter().all(|l| l.share.is_some());
    let heading = match stage {
        Stage::Budget => section.label().to_string(),
        other => format!("{}: {}", section.label(), other.label().to_lowercase()),
    };
    let id = format!("fin-{}-{}-{}", y.0, section.as_str(), stage.as_str());
    let bars: Option<Vec<LabelledBar>> = if with_amounts {
        Some(
            lines
                .iter()
                .map(|l| LabelledBar {
                    label: l.label.clone(),
                    value: l.amount.and_then(|a| a.to_f64()).unwrap_or(0.0),
                    text: l.amount.map(short).unwrap_or_default(),
                })
                .collect(),
        )
    } else if with_shares {
        Some(
            lines
                .iter()
                .map(|l| LabelledBar {
                    label: l.label.clone(),
                    value: l.share.and_then(|a| a.to_f64()).unwrap_or(0.0),
                    text: l.share.map(percent).unwrap_or_default(),
                })
                .collect(),
        )
    } else {
        None
    };
    let caption = format!("{heading}, {y}");
    let svg = bars.map(|bars| {
        let desc = bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.text))
            .collect::<Vec<_>>()
            .join("; ");
        labelled_bar_chart(&id, &caption, &desc, &bars)
    });
    Some(Figure {
        heading,
        caption,
        svg,
        shares_only: !with_amounts && with_shares,
        show_amount: lines.iter().any(|l| l.amount.is_some()),
        show_share: lines.iter().any(|l| l.share.is_some()),
        show_note: lines.iter().any(|l| !l.change_note.is_empty()),
        rows: lines
            .iter()
            .map(|l| LineRow {
                label: l.label.clone(),
                category: if section == Section::Funding {
                    funding_category_label(&l.category).to_string()
                } else {
                    l.category.clone()
                },
                amount: l.amount.map(short).unwrap_or_else(|| "Not given".into()),
                share: l.share.map(percent).unwrap_or_else(|| "Not given".into()),
                note: l.change_note.clone(),
            })
            .collect(),
    })
}

pub fn facts(b: &Budget, cost_per_head: Option<Decimal>) -> Facts {
    let mut facts = Vec::new();
    if let Some(c) = b.income_change {
        let dir = if c >= Decimal::ZERO { "more" } else { "less" };
        facts.push((
            "Income compared with the year before".into(),
            format!("{} {dir}", short(c.abs())),
        ));
    }
    if let Some(t) = b.current_total().filter(|t| Some(*t) != b.total_budget) {
        facts.push(("Budget as revised".into(), short(t)));
    }
    match (b.office_budget, b.office_budget_note.as_str()) {
        (Some(o), note) => facts.push((
            "The Commissioner's office's own budget".into(),
            format!("{} {note}", short(o)).trim().to_string(),
        )),
        (None, note) if !note.is_empty() => facts.push((
            "The Commissioner's office's own budget".into(),
            note.to_string(),
        )),
        _ => {}
    }
    if let Some(c) = cost_per_head {
        facts.push(("Cost of policing per head of population".into(), pounds(c)));
    }
    let mut figures = Vec::new();
    for stage in Stage::ALL {
        for section in Section::ALL {
            figures.extend(figure(b, section, stage));
        }
    }
    Facts {
        year: b.year.to_string(),
        href: format!("/finance/budgets/{}", b.year),
        total: b
            .total_budget
            .map(short)
            .unwrap_or_else(|| "Not given".into()),
        facts,
        source: b.source.clone(),
        note: b.note.clone(),
        figures,
        revisions: b
            .revisions
            .iter()
            .map(|r| {
                (
                    long_date(r.revised_on),
                    short(r.total_budget),
                    r.reason.clone(),
                )
            })
            .collect(),
        mtfs: b
            .mtfs
            .iter()
            .map(|m| {
                (
                    m.year.to_string(),
                    m.budget.map(short).unwrap_or_else(|| "Not given".into()),
                    m.savings_required
                        .map(short)
                        .unwrap_or_else(|| "Not given".into()),
                    m.note.clone(),
                )
            })
            .collect(),
    }
}

pub struct CostRow {
    pub year: String,
    pub budget: String,
    pub cost: String,
}

#[derive(Template)]
#[template(path = "finance/index.html")]
struct IndexPage {
    l: Layout,
    latest: Option<Facts>,
    years: Vec<(String, String, String)>,
    costs: Vec<CostRow>,
    population: String,
    population_source: String,
    cost_svg: Option<String>,
}

async fn costs(state: &AppState) -> Result<Vec<(FinancialYear, Decimal, i64, Decimal)>, WebError> {
    Ok(opcc_store::finance::measure::costs_per_head(&state.db).await?)
}

fn cost_of(costs: &[(FinancialYear, Decimal, i64, Decimal)], y: FinancialYear) -> Option<Decimal> {
    costs.iter().find(|c| c.0 == y).map(|c| c.3)
}

/// `GET /finance`: the latest budget, every year held, and the cost per head.
pub async fn index(State(state): State<AppState>, ctx: Ctx) -> Result<Html<String>, WebError> {
    let db = &state.db;
    let costs = costs(&state).await?;
    let mut years = Vec::new();
    let mut latest = None;
    for y in opcc_store::finance::years(db).await? {
        let Some(b) = opcc_store::finance::budget(db, y).await? else {
            continue;
        };
        years.push((
            y.to_string(),
            format!("/finance/budgets/{y}"),
            b.total_budget
                .map(short)
                .unwrap_or_else(|| "Not given".into()),
        ));
        if latest.is_none() {
            latest = Some(facts(&b, cost_of(&costs, y)));
        }
    }
    let (population, population_source) = opcc_store::force_area::current(db)
        .await?
        .map(|a| {
            (
                crate::charts::number(a.population as f64),
                a.population_source,
            )
        })
        .unwrap_or_default();
    let cost_svg = (!costs.is_empty()).then(|| {
        let bars: Vec<LabelledBar> = costs
            .iter()
            .map(|c| LabelledBar {
                label: c.0.to_string(),
                value: c.3.to_f64().unwrap_or(0.0),
                text: pounds(c.3),
            })
            .collect();
        let desc = bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.text))
            .collect::<Vec<_>>()
            .join("; ");
        labelled_bar_chart(
            "fin-cost-per-head",
            "Cost of policing per head of population",
            &desc,
            &bars,
        )
    });
    let page = IndexPage {
        l: Layout::new(&state, &ctx, "Police funding and spending", "finance"),
        latest,
        years,
        costs: costs
            .iter()
            .map(|(y, b, _, c)| CostRow {
                year: y.to_string(),
                budget: short(*b),
                cost: pounds(*c),
            })
            .collect(),
        population,
        population_source,
        cost_svg,
    };
    render(&page)
}

#[derive(Template)]
#[template(path = "finance/year.html")]
struct YearPage {
    l: Layout,
    f: Facts,
    /// Decision notices linked from this budget: (slug, number, title).
    decisions: Vec<(String, String, String)>,
}

/// `GET /finance/budgets/{year}`: one year's budget whole.
pub async fn year(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(year): Path<String>,
) -> Result<Html<String>, WebError> {
    let y = FinancialYear::parse(&year).map_err(|_| WebError::NotFound)?;
    let b = opcc_store::finance::budget(&state.db, y)
        .await?
        .ok_or(WebError::NotFound)?;
    let costs = costs(&state).await?;
    let viewer = if crate::policy::is_office(&ctx) {
        opcc_store::governance::Viewer::Office
    } else {
        opcc_store::governance::Viewer::Public
    };
    let decisions =
        opcc_store::governance::decisions::linked(&state.db, "budget", &y.to_string(), viewer)
            .await?
            .iter()
            .map(|d| (d.number().slug(), d.number().to_string(), d.title.clone()))
            .collect();
    let page = YearPage {
        l: Layout::new(&state, &ctx, format!("Police budget {y}"), "finance"),
        f: facts(&b, cost_of(&costs, y)),
        decisions,
    };
    render(&page)
}
