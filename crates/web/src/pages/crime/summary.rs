//! `/crime`: a month by category and local authority, and the 12-month trend.

use super::*;
pub struct TableRow {
    pub label: String,
    pub place: String,
    pub count: String,
    pub rate: String,
    pub strong: bool,
}

impl TableRow {
    /// A local authority's row: its rate only where it lies in the force's area.
    pub(super) fn of_lad(r: &SummaryRow) -> TableRow {
        TableRow {
            label: r.label.clone(),
            place: place(r.area).to_string(),
            count: r.count.map(count).unwrap_or_default(),
            rate: if r.area == Some(Area::In) {
                rate(r.rate_per_1000)
            } else {
                "Not applicable".to_string()
            },
            strong: false,
        }
    }
}

pub struct CoverageRow {
    pub kind: String,
    pub first: String,
    pub last: String,
    pub months: i64,
    pub missing: String,
}

pub struct Figure {
    pub svg: String,
    pub rows: Vec<TableRow>,
    pub csv: String,
}

#[derive(Template)]
#[template(path = "crime/summary.html")]
struct SummaryPage {
    l: Layout,
    force: String,
    force_name: String,
    month: Option<Month>,
    loaded: bool,
    months: Vec<Choice>,
    categories: Vec<Choice>,
    category_label: String,
    totals: Vec<(String, String, String)>,
    by_category: Option<Figure>,
    by_lad: Option<Figure>,
    trend: Option<Figure>,
    trend_from: String,
    coverage: Vec<CoverageRow>,
}

fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Street => "Street crime and anti-social behaviour",
        Kind::Outcomes => "Outcomes",
        Kind::StopAndSearch => "Stop and search",
    }
}

pub(super) fn summary_csv(force: &str, from: Month, to: Month, by: &str, category: &str) -> String {
    format!("/crime/summary.csv?force={force}&from={from}&to={to}&by={by}&category={category}")
}

/// `GET /crime`: the force area's street crime in a month, and the 12 months to it.
pub async fn summary(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CrimeQuery>,
) -> Result<Html<String>, WebError> {
    let c = choose(&state, &q).await?;
    let db = &state.db;
    let entries = opcc_store::crime::coverage(db).await?;
    let mine: Vec<_> = entries
        .iter()
        .filter(|e| e.force == c.force)
        .cloned()
        .collect();
    let coverage = opcc_store::crime::spans(&mine)
        .into_iter()
        .map(|s| CoverageRow {
            kind: kind_label(s.kind).to_string(),
            first: s.first.to_string(),
            last: s.last.to_string(),
            months: s.months_loaded,
            missing: if s.missing.is_empty() {
                "None".to_string()
            } else {
                s.missing
                    .iter()
                    .map(|m| m.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        })
        .collect();
    let mut extra = Vec::new();
    let (mut totals, mut by_category, mut by_lad, mut trend) = (Vec::new(), None, None, None);
    let cat = c.category.as_str().to_string();
    if let Some(month) = c.month {
        if c.loaded {
            let types = opcc_store::crime::summary(
                db,
                &c.force,
                month,
                month,
                By::CrimeType,
                &Category::All,
            )
            .await?;
            let mut rows: Vec<SummaryRow> = types.rows;
            rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
            extra = rows.iter().map(|r| r.label.clone()).collect();
            let crime: i64 = rows
                .iter()
                .filter(|r| r.label != ASB)
                .filter_map(|r| r.count)
                .sum();
            let asb: i64 = rows
                .iter()
                .filter(|r| r.label == ASB)
                .filter_map(|r| r.count)
                .sum();
            let places =
                opcc_store::crime::summary(db, &c.force, month, month, By::Lad, &Category::All)
                    .await?;
            let sum = |a: Area| -> i64 {
                places
                    .rows
                    .iter()
                    .filter(|r| r.area == Some(a))
                    .filter_map(|r| r.count)
                    .sum()
            };
            totals = vec![
                (
                    "All crime".to_string(),
                    count(crime),
                    "Every police.uk category but anti-social behaviour".to_string(),
                ),
                (
                    "Anti-social behaviour".to_string(),
                    count(asb),
                    "Incidents, not recorded crimes".to_string(),
                ),
                (
                    "No location published".to_string(),
                    count(sum(Area::NoLocation)),
                    "Crimes and incidents the force published without a location".to_string(),
                ),
                (
                    "Outside the force area".to_string(),
                    count(sum(Area::Outside)),
                    "Reported by this force but located in another force's area".to_string(),
                ),
            ];
            let unknown = sum(Area::Unknown);
            if unknown > 0 {
                totals.push((
                    "Could not be placed".to_string(),
                    count(unknown),
                    "An LSOA code that no lookup shipped with this service knows".to_string(),
                ));
            }
            let bars: Vec<Bar> = rows
                .iter()
                .map(|r| Bar {
                    label: r.label.clone(),
                    value: r.count.map(|n| n as f64),
                    strong: false,
                })
                .collect();
            by_category = Some(Figure {
                svg: bar_chart(
                    "by-category",
                    &format!(
                        "Crimes and anti-social behaviour by category, {}",
                        month.long()
                    ),
                    &format!(
                        "Horizontal bars, one per police.uk category, longest first: {} in {month}. The table below gives the same counts.",
                        c.force_name
                    ),
                    &bars,
                    "Not loaded",
                ),
                rows: rows
                    .iter()
                    .map(|r| TableRow {
                        label: r.label.clone(),
                        place: String::new(),
                        count: r.count.map(count).unwrap_or_default(),
                        rate: rate(r.rate_per_1000),
                        strong: false,
                    })
                    .collect(),
                csv: summary_csv(&c.force, month, month, "crime_type", "all"),
            });
            let lads = opcc_store::crime::summary(db, &c.force, month, month, By::Lad, &c.category)
                .await?;
            let inside: Vec<&SummaryRow> = lads
                .rows
                .iter()
                .filter(|r| r.area == Some(Area::In))
                .collect();
            let bars: Vec<Bar> = inside
                .iter()
                .map(|r| Bar {
                    label: r.label.clone(),
                    value: r.rate_per_1000,
                    strong: false,
                })
                .collect();
            by_lad = Some(Figure {
                svg: bar_chart(
                    "by-lad",
                    &format!(
                        "Rate per 1,000 residents by local authority, {}",
                        month.long()
                    ),
                    &format!(
                        "Horizontal bars, one per local authority in {}: rate per 1,000 residents (ONS mid-2022 population). The table below gives counts and rates, and the crimes outside the area or without a location.",
                        c.force_name
                    ),
                    &bars,
                    "Population unknown",
                ),
                rows: lads.rows.iter().map(TableRow::of_lad).collect(),
                csv: summary_csv(&c.force, month, month, "lad", &cat),
            });
        }
        let from = (0..11).fold(month, |m, _| m.prev());
        let s =
            opcc_store::crime::summary(db, &c.force, from, month, By::Month, &c.category).await?;
        let points: Vec<(String, Option<f64>)> = s
            .rows
            .iter()
            .map(|r| (r.label.clone(), r.count.map(|n| n as f64)))
            .collect();
        trend = Some(Figure {
            svg: gap_line_chart(
                "trend",
                &format!("Crimes per month, {} to {}", from.long(), month.long()),
                &format!(
                    "A line of monthly counts for {}; {} of the 12 months are not loaded and are drawn as hatched gaps that break the line, not as zero.",
                    c.force_name,
                    s.months_missing.len()
                ),
                &points,
            ),
            rows: s
                .rows
                .iter()
                .map(|r| TableRow {
                    label: r.label.clone(),
                    place: String::new(),
                    count: r.count.map(count).unwrap_or_else(|| "Not loaded".into()),
                    rate: if r.count.is_some() {
                        rate(r.rate_per_1000)
                    } else {
                        "Not loaded".into()
                    },
                    strong: r.count.is_none(),
                })
                .collect(),
            csv: summary_csv(&c.force, from, month, "month", &cat),
        });
        totals.retain(|_| c.loaded);
        let categories = category_choices(&c.category, &extra);
        return render(&SummaryPage {
            l: Layout::new(&state, &ctx, format!("Crime in {}", c.force_name), "crime"),
            category_label: label_of(&categories),
            months: month_choices(&c.months, c.month),
            categories,
            force: c.force,
            force_name: c.force_name,
            month: c.month,
            loaded: c.loaded,
            totals,
            by_category,
            by_lad,
            trend,
            trend_from: from.to_string(),
            coverage,
        });
    }
    let categories = category_choices(&c.category, &extra);
    render(&SummaryPage {
        l: Layout::new(&state, &ctx, format!("Crime in {}", c.force_name), "crime"),
        category_label: label_of(&categories),
        months: month_choices(&c.months, c.month),
        categories,
        force: c.force,
        force_name: c.force_name,
        month: None,
        loaded: false,
        totals,
        by_category,
        by_lad,
        trend,
        trend_from: String::new(),
        coverage,
    })
}
