//! Street crime from data.police.uk as the public reads it: the force area's summary for a
//! month (by category, by local authority, and the 12-month trend), a map (LSOA rates per 1,000
//! or the published points), and a comparison of every force loaded. Every chart comes with its
//! table and every table with a CSV download. A month not loaded is a gap, never a zero; crimes
//! outside the force's own area or without a location are counted and shown as such.

use crate::AppState;
use crate::api::crime::{csv_response, force_slug, parse_month};
use crate::charts::{Bar, bar_chart, esc, gap_line_chart, number};
use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{Layout, Nav, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use opcc_domain::crime::{ASB, Area, By, Category, Kind, LsoaCount, Month, SummaryRow};
use opcc_store::crime::boundaries::{self, Boundaries};
use opcc_store::crime::geo::{VINTAGE_2011, VINTAGE_2021, geo};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write;

#[derive(Deserialize, Default)]
pub struct CrimeQuery {
    /// data.police.uk force slug (default: this office's force area).
    force: Option<String>,
    /// YYYY-MM (default: the latest month loaded).
    month: Option<String>,
    /// `all-crime` (default), `all`, or a police.uk category slug.
    category: Option<String>,
    /// The map: `lsoa` (default) or `points`.
    view: Option<String>,
}

/// police.uk's street categories today; older files' categories are offered when present.
const CATEGORIES: [&str; 14] = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
];

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn category_choices(current: &Category, extra: &[String]) -> Vec<Choice> {
    let mut names: Vec<String> = CATEGORIES.iter().map(|s| s.to_string()).collect();
    for e in extra {
        if !names.contains(e) {
            names.push(e.clone());
        }
    }
    names.sort();
    let mut out = vec![
        (
            "all-crime".to_string(),
            "All crime (not anti-social behaviour)".to_string(),
        ),
        (
            "all".to_string(),
            "All crime and anti-social behaviour".to_string(),
        ),
    ];
    out.extend(
        names
            .into_iter()
            .map(|n| (opcc_domain::crime::category_slug(&n), n)),
    );
    if !out.iter().any(|(v, _)| v == current.as_str()) {
        out.push((current.as_str().to_string(), current.as_str().to_string()));
    }
    out.into_iter()
        .map(|(value, label)| Choice {
            selected: value == current.as_str(),
            value,
            label,
        })
        .collect()
}

fn month_choices(months: &[Month], current: Option<Month>) -> Vec<Choice> {
    let mut all: Vec<Month> = months.to_vec();
    if let Some(c) = current.filter(|c| !all.contains(c)) {
        all.push(c);
    }
    all.sort_by(|a, b| b.cmp(a));
    all.into_iter()
        .map(|m| Choice {
            value: m.to_string(),
            label: if months.contains(&m) {
                m.to_string()
            } else {
                format!("{m} (not loaded)")
            },
            selected: Some(m) == current,
        })
        .collect()
}

fn rate(r: Option<f64>) -> String {
    r.map(number).unwrap_or_else(|| "Unknown".into())
}

fn count(n: i64) -> String {
    number(n as f64)
}

fn place(a: Option<Area>) -> &'static str {
    match a {
        Some(Area::In) | None => "In the force area",
        Some(Area::Outside) => "Outside the force area",
        Some(Area::Unknown) => "Could not be placed",
        Some(Area::NoLocation) => "No location published",
    }
}

/// The force, month and category a page is about.
struct Chosen {
    force: String,
    force_name: String,
    pfa_code: Option<String>,
    /// Street months loaded for the force, newest first.
    months: Vec<Month>,
    month: Option<Month>,
    loaded: bool,
    category: Category,
}

async fn choose(state: &AppState, q: &CrimeQuery) -> Result<Chosen, WebError> {
    let force = force_slug(state, q.force.clone()).await?;
    let pfa = geo().pfa_by_slug(&force);
    let mut months: Vec<Month> = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .filter(|e| e.force == force && e.kind == Kind::Street)
        .map(|e| e.month)
        .collect();
    months.sort_by(|a, b| b.cmp(a));
    let month = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_month("month", s)?),
        None => months.first().copied(),
    };
    Ok(Chosen {
        force_name: pfa.map_or_else(|| force.clone(), |p| p.name.clone()),
        pfa_code: pfa.map(|p| p.code.clone()),
        loaded: month.is_some_and(|m| months.contains(&m)),
        months,
        month,
        category: Category::parse(q.category.as_deref().unwrap_or("")),
        force,
    })
}

fn label_of(choices: &[Choice]) -> String {
    choices
        .iter()
        .find(|c| c.selected)
        .map(|c| c.label.clone())
        .unwrap_or_default()
}

pub struct TableRow {
    pub label: String,
    pub place: String,
    pub count: String,
    pub rate: String,
    pub strong: bool,
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

fn summary_csv(force: &str, from: Month, to: Month, by: &str, category: &str) -> String {
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
                    &format!("Crimes and anti-social behaviour by category, {month}"),
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
                    &format!("Rate per 1,000 residents by local authority, {month}"),
                    &format!(
                        "Horizontal bars, one per local authority in {}: rate per 1,000 residents (ONS mid-2022 population). The table below gives counts and rates, and the crimes outside the area or without a location.",
                        c.force_name
                    ),
                    &bars,
                    "Population unknown",
                ),
                rows: lads
                    .rows
                    .iter()
                    .map(|r| TableRow {
                        label: r.label.clone(),
                        place: place(r.area).to_string(),
                        count: r.count.map(count).unwrap_or_default(),
                        rate: if r.area == Some(Area::In) {
                            rate(r.rate_per_1000)
                        } else {
                            "Not applicable".to_string()
                        },
                        strong: false,
                    })
                    .collect(),
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
                &format!("Crimes per month, {from} to {month}"),
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
            l: Layout::new(
                &state,
                &ctx,
                format!("Crime in {}", c.force_name),
                Nav::Crime,
            ),
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
        l: Layout::new(
            &state,
            &ctx,
            format!("Crime in {}", c.force_name),
            Nav::Crime,
        ),
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

/// One LSOA of the map's table.
pub struct MapRow {
    pub code: String,
    pub name: String,
    pub lad: String,
    pub lad_code: String,
    pub count: i64,
    pub population: Option<i64>,
    pub rate: Option<f64>,
    pub class: String,
}

/// The rate classes of the choropleth: quantile breaks (up to five classes), with fills.
const FILLS: [&str; 5] = ["#d2e2f1", "#9bc0e2", "#5694ca", "#1d70b8", "#003078"];

struct Classes {
    breaks: Vec<f64>,
    max: f64,
}

impl Classes {
    fn new(rates: &[f64]) -> Classes {
        let mut r: Vec<f64> = rates.to_vec();
        r.sort_by(f64::total_cmp);
        let (min, max) = (
            r.first().copied().unwrap_or(0.0),
            r.last().copied().unwrap_or(0.0),
        );
        let mut breaks: Vec<f64> = (1..5)
            .filter_map(|k| r.get(k * r.len() / 5).copied())
            .filter(|b| *b > min)
            .collect();
        breaks.dedup();
        Classes { breaks, max }
    }

    fn class(&self, rate: f64) -> usize {
        self.breaks.iter().filter(|b| rate >= **b).count()
    }

    fn len(&self) -> usize {
        self.breaks.len() + 1
    }

    fn range(&self, k: usize) -> String {
        let lo = if k == 0 { 0.0 } else { self.breaks[k - 1] };
        match self.breaks.get(k) {
            Some(hi) => format!("{} to under {}", number(lo), number(*hi)),
            None => format!("{} to {}", number(lo), number(self.max)),
        }
    }

    fn label(&self, k: usize) -> String {
        format!("{} of {} ({})", k + 1, self.len(), self.range(k))
    }
}

#[derive(Template)]
#[template(path = "crime/map.html")]
struct MapPage {
    l: Layout,
    force: String,
    force_name: String,
    month: Option<Month>,
    loaded: bool,
    months: Vec<Choice>,
    categories: Vec<Choice>,
    category: String,
    category_label: String,
    points_view: bool,
    shipped: bool,
    vintage: &'static str,
    svg: String,
    rows: Vec<MapRow>,
    lad_rows: Vec<TableRow>,
    total_in: i64,
    outside: i64,
    unknown: i64,
    no_location: i64,
    points_drawn: i64,
    points_off_map: i64,
    csv: String,
}

/// The vintage of LSOA codes a month's data uses (2011 or 2021), from its codes.
fn vintage_of(counts: &[LsoaCount], month: Month) -> u8 {
    let (mut n11, mut n21) = (0, 0);
    for c in counts {
        match geo().vintage(&c.lsoa_code) {
            Some(VINTAGE_2011) => n11 += 1,
            Some(VINTAGE_2021) => n21 += 1,
            _ => {}
        }
    }
    match n11.cmp(&n21) {
        std::cmp::Ordering::Greater => VINTAGE_2011,
        std::cmp::Ordering::Less => VINTAGE_2021,
        std::cmp::Ordering::Equal if month.year() >= 2023 => VINTAGE_2021,
        std::cmp::Ordering::Equal => VINTAGE_2011,
    }
}

fn lad_name(code: &str) -> String {
    geo()
        .lad(code)
        .map_or_else(|| code.to_string(), |l| l.name.clone())
}

/// The rows of the choropleth's table: every LSOA of the vintage in the shipped boundaries
/// (zero where the month is loaded and none were recorded), plus any in-area LSOA with crimes
/// but no shape, sorted by rate (unknown last), then count.
fn map_rows(b: Option<&Boundaries>, vintage: u8, counts: &[LsoaCount]) -> Vec<MapRow> {
    let by_code: HashMap<&str, i64> = counts
        .iter()
        .filter(|c| c.area == Area::In)
        .map(|c| (c.lsoa_code.as_str(), c.count))
        .collect();
    let mut rows = Vec::new();
    let mut shaped = std::collections::HashSet::new();
    if let Some(b) = b {
        for s in b.lsoas_of(vintage) {
            shaped.insert(s.code.as_str());
            let n = by_code.get(s.code.as_str()).copied().unwrap_or(0);
            rows.push(MapRow {
                code: s.code.clone(),
                name: s.name.clone(),
                lad: lad_name(&s.lad),
                lad_code: s.lad.clone(),
                count: n,
                population: s.population,
                rate: opcc_domain::crime::per_1000(n, s.population),
                class: String::new(),
            });
        }
    }
    for c in counts
        .iter()
        .filter(|c| c.area == Area::In && !shaped.contains(c.lsoa_code.as_str()))
    {
        let lad = c.lad_code.clone().unwrap_or_default();
        rows.push(MapRow {
            code: c.lsoa_code.clone(),
            name: c.lsoa_name.clone(),
            lad: lad_name(&lad),
            lad_code: lad,
            count: c.count,
            population: None,
            rate: None,
            class: "No boundary shipped".into(),
        });
    }
    let classes = Classes::new(&rows.iter().filter_map(|r| r.rate).collect::<Vec<_>>());
    for r in &mut rows {
        if let Some(v) = r.rate {
            r.class = classes.label(classes.class(v));
        } else if r.class.is_empty() {
            r.class = "Population unknown".into();
        }
    }
    rows.sort_by(|a, b| {
        b.rate
            .is_some()
            .cmp(&a.rate.is_some())
            .then(b.rate.unwrap_or(0.0).total_cmp(&a.rate.unwrap_or(0.0)))
            .then(b.count.cmp(&a.count))
            .then(a.code.cmp(&b.code))
    });
    rows
}

fn map_svg_open(id: &str, b: &Boundaries, extra_h: f64, title: &str, desc: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {} {}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><defs><pattern id="{id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b1b4b6" stroke-width="3"/></pattern></defs>"##,
        b.width + 20.0,
        b.height + 20.0 + extra_h,
        esc(title),
        esc(desc)
    )
}

fn lad_outlines(s: &mut String, b: &Boundaries) {
    for l in &b.lads {
        let _ = write!(
            s,
            r##"<path d="{}" fill="none" stroke="#0b0c0c" stroke-width="2"><title>{}</title></path>"##,
            l.path,
            esc(&l.name)
        );
    }
}

fn choropleth(b: &Boundaries, vintage: u8, rows: &[MapRow], title: &str, what: &str) -> String {
    let classes = Classes::new(&rows.iter().filter_map(|r| r.rate).collect::<Vec<_>>());
    let legend_h = 40.0 * (classes.len() as f64 + 1.0).div_euclid(2.0).max(1.0) + 20.0;
    let legend: Vec<String> = (0..classes.len())
        .map(|k| format!("{} per 1,000", classes.range(k)))
        .collect();
    let mut s = map_svg_open(
        "map",
        b,
        legend_h,
        title,
        &format!(
            "A map of each LSOA shaded by {what} per 1,000 residents in {} classes, darker for higher: {}. LSOAs whose population is unknown are hatched. The table below lists every LSOA with its count, rate and class.",
            classes.len(),
            legend.join("; ")
        ),
    );
    let by_code: HashMap<&str, &MapRow> = rows.iter().map(|r| (r.code.as_str(), r)).collect();
    for shape in b.lsoas_of(vintage) {
        let row = by_code.get(shape.code.as_str());
        let (fill, tip) = match row.and_then(|r| r.rate.map(|v| (r, v))) {
            Some((r, v)) => (
                FILLS[classes.class(v).min(FILLS.len() - 1)].to_string(),
                format!(
                    "{} ({}): {} {what}, {} per 1,000 residents",
                    shape.name,
                    shape.code,
                    count(r.count),
                    number(v)
                ),
            ),
            None => (
                "url(#map-hatch)".to_string(),
                format!(
                    "{} ({}): {} {what}, population unknown",
                    shape.name,
                    shape.code,
                    row.map_or(0, |r| r.count)
                ),
            ),
        };
        let _ = write!(
            s,
            r##"<path data-lsoa="{}" d="{}" fill="{fill}" stroke="#ffffff" stroke-width="0.6"><title>{}</title></path>"##,
            shape.code,
            shape.path,
            esc(&tip)
        );
    }
    lad_outlines(&mut s, b);
    // The legend: a swatch and its range for each class, and the hatch for unknown.
    let mut items: Vec<(String, String)> = (0..classes.len())
        .map(|k| (FILLS[k.min(FILLS.len() - 1)].to_string(), legend[k].clone()))
        .collect();
    items.push((
        "url(#map-hatch)".to_string(),
        "Population unknown".to_string(),
    ));
    for (i, (fill, text)) in items.iter().enumerate() {
        let x = (i % 2) as f64 * 500.0;
        let y = b.height + 20.0 + (i / 2) as f64 * 40.0;
        let _ = write!(
            s,
            r##"<rect x="{x:.0}" y="{y:.0}" width="36" height="26" fill="{fill}" stroke="#0b0c0c" stroke-width="1"/><text x="{:.0}" y="{:.0}" font-size="22" fill="#0b0c0c">{}</text>"##,
            x + 46.0,
            y + 20.0,
            esc(text)
        );
    }
    s.push_str("</svg>");
    s
}

/// `GET /crime/map`: LSOAs shaded by rate per 1,000 residents, or the month's points.
pub async fn map(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CrimeQuery>,
) -> Result<Html<String>, WebError> {
    let c = choose(&state, &q).await?;
    let db = &state.db;
    let points_view = q.view.as_deref() == Some("points");
    let b = c.pfa_code.as_deref().and_then(boundaries::for_pfa);
    let cat = c.category.as_str().to_string();
    let categories = category_choices(&c.category, &[]);
    let what = if matches!(c.category, Category::All) {
        "crimes and incidents"
    } else if c.category.as_str() == "anti-social-behaviour" {
        "incidents"
    } else {
        "crimes"
    };
    let mut page = MapPage {
        l: Layout::new(
            &state,
            &ctx,
            format!("Crime map of {}", c.force_name),
            Nav::Crime,
        ),
        category_label: label_of(&categories),
        months: month_choices(&c.months, c.month),
        categories,
        category: cat.clone(),
        force: c.force.clone(),
        force_name: c.force_name.clone(),
        month: c.month,
        loaded: c.loaded,
        points_view,
        shipped: b.is_some(),
        vintage: "2011",
        svg: String::new(),
        rows: Vec::new(),
        lad_rows: Vec::new(),
        total_in: 0,
        outside: 0,
        unknown: 0,
        no_location: 0,
        points_drawn: 0,
        points_off_map: 0,
        csv: String::new(),
    };
    let (Some(month), true) = (c.month, c.loaded) else {
        return render(&page);
    };
    let counts = opcc_store::crime::lsoa_counts(db, &c.force, month, &c.category).await?;
    let places = opcc_store::crime::summary(db, &c.force, month, month, By::Lad, &c.category)
        .await?
        .rows;
    let sum = |a: Area| -> i64 {
        places
            .iter()
            .filter(|r| r.area == Some(a))
            .filter_map(|r| r.count)
            .sum()
    };
    page.total_in = sum(Area::In);
    page.outside = sum(Area::Outside);
    page.unknown = sum(Area::Unknown);
    page.no_location = sum(Area::NoLocation);
    if points_view {
        page.lad_rows = places
            .iter()
            .map(|r| TableRow {
                label: r.label.clone(),
                place: place(r.area).to_string(),
                count: r.count.map(count).unwrap_or_default(),
                rate: if r.area == Some(Area::In) {
                    rate(r.rate_per_1000)
                } else {
                    "Not applicable".into()
                },
                strong: false,
            })
            .collect();
        page.csv = summary_csv(&c.force, month, month, "lad", &cat);
        if let Some(b) = b {
            let pts = opcc_store::crime::points(db, &c.force, month, &c.category).await?;
            let mut body = String::new();
            for p in &pts {
                let (x, y) = b.projection.project(p.lon, p.lat);
                if (0.0..=b.width).contains(&x) && (0.0..=b.height).contains(&y) {
                    page.points_drawn += p.count;
                    let _ = write!(
                        body,
                        r##"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="#d4351c" fill-opacity="0.6" stroke="#0b0c0c" stroke-width="0.5"><title>{} {what} at {:.4}, {:.4}</title></circle>"##,
                        2.0 + (p.count as f64).sqrt(),
                        p.count,
                        p.lat,
                        p.lon
                    );
                } else {
                    page.points_off_map += p.count;
                }
            }
            let mut s = map_svg_open(
                "map",
                b,
                0.0,
                &format!("Where {what} were recorded, {month}"),
                &format!(
                    "The local authority outlines of {} with a circle at each published point, larger for more {what}: {} {what} at {} points. {} without a location are not drawn. The table below gives the counts by local authority.",
                    c.force_name,
                    count(page.points_drawn),
                    pts.len(),
                    count(page.no_location)
                ),
            );
            lad_outlines(&mut s, b);
            s.push_str(&body);
            s.push_str("</svg>");
            page.svg = s;
        }
        return render(&page);
    }
    let vintage = vintage_of(&counts, month);
    page.vintage = if vintage == VINTAGE_2021 {
        "2021"
    } else {
        "2011"
    };
    page.rows = map_rows(b, vintage, &counts);
    if let Some(b) = b {
        page.svg = choropleth(
            b,
            vintage,
            &page.rows,
            &format!("{what} per 1,000 residents by LSOA, {month}"),
            what,
        );
    }
    page.csv = format!(
        "/crime/map.csv?force={}&month={month}&category={cat}",
        c.force
    );
    render(&page)
}

/// `GET /crime/map.csv`: the choropleth's table.
pub async fn map_csv(
    State(state): State<AppState>,
    Query(q): Query<CrimeQuery>,
) -> Result<Response, WebError> {
    let c = choose(&state, &q).await?;
    let (Some(month), true) = (c.month, c.loaded) else {
        return Err(WebError::NotFound);
    };
    let counts = opcc_store::crime::lsoa_counts(&state.db, &c.force, month, &c.category).await?;
    let b = c.pfa_code.as_deref().and_then(boundaries::for_pfa);
    let vintage = vintage_of(&counts, month);
    let rows = map_rows(b, vintage, &counts)
        .into_iter()
        .map(|r| {
            vec![
                c.force.clone(),
                month.to_string(),
                c.category.as_str().to_string(),
                r.code,
                r.name,
                r.lad_code,
                r.lad,
                r.count.to_string(),
                r.population.map(|p| p.to_string()).unwrap_or_default(),
                r.rate.map(|v| format!("{v:.4}")).unwrap_or_default(),
                r.class,
            ]
        })
        .collect();
    Ok(csv_response(
        &format!("crime-map-{}-{month}-{}.csv", c.force, c.category.as_str()),
        &[
            "force",
            "month",
            "category",
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "lad_name",
            "count",
            "population_2011",
            "rate_per_1000",
            "class",
        ],
        rows,
    ))
}

pub struct CompareRow {
    pub rank: String,
    pub name: String,
    pub code: String,
    pub strong: bool,
    pub count: String,
    pub population: String,
    pub rate: String,
    pub rate_exact: Option<f64>,
    pub loaded: bool,
}

#[derive(Template)]
#[template(path = "crime/compare.html")]
struct ComparePage {
    l: Layout,
    month: Option<Month>,
    months: Vec<Choice>,
    categories: Vec<Choice>,
    category: String,
    category_label: String,
    standing: String,
    svg: String,
    rows: Vec<CompareRow>,
    loaded: usize,
    csv: String,
}

/// Every force area (and any force loaded without one, e.g. British Transport Police): the
/// loaded ones ranked by rate (1 = highest), then the ones not loaded that month.
async fn compare_rows(
    state: &AppState,
    month: Month,
    category: &Category,
    this: &str,
) -> Result<Vec<CompareRow>, WebError> {
    let rates = opcc_store::crime::force_rates(&state.db, month, month, category).await?;
    let mut ranked: Vec<_> = rates.iter().collect();
    ranked.sort_by(|a, b| {
        b.rate_per_1000
            .is_some()
            .cmp(&a.rate_per_1000.is_some())
            .then(
                b.rate_per_1000
                    .unwrap_or(0.0)
                    .total_cmp(&a.rate_per_1000.unwrap_or(0.0)),
            )
            .then(a.force.cmp(&b.force))
    });
    let with_rate = ranked.iter().filter(|r| r.rate_per_1000.is_some()).count();
    let mut rows: Vec<CompareRow> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| CompareRow {
            rank: if r.rate_per_1000.is_some() {
                format!("{} of {with_rate}", i + 1)
            } else {
                "Not ranked".into()
            },
            name: r.name.clone().unwrap_or_else(|| r.force.clone()),
            code: r.force.clone(),
            strong: r.force == this,
            count: count(r.count),
            population: r.population.map(count).unwrap_or_else(|| "Unknown".into()),
            rate: rate(r.rate_per_1000),
            rate_exact: r.rate_per_1000,
            loaded: true,
        })
        .collect();
    for p in geo().pfas() {
        if !rates.iter().any(|r| r.force == p.slug) {
            rows.push(CompareRow {
                rank: "Not ranked".into(),
                name: p.name.clone(),
                code: p.slug.clone(),
                strong: p.slug == this,
                count: "Not loaded".into(),
                population: count(p.population),
                rate: "Not loaded".into(),
                rate_exact: None,
                loaded: false,
            });
        }
    }
    Ok(rows)
}

async fn compare_choice(
    state: &AppState,
    q: &CrimeQuery,
) -> Result<(Vec<Month>, Option<Month>, Category, String), WebError> {
    let mut months: Vec<Month> = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .filter(|e| e.kind == Kind::Street)
        .map(|e| e.month)
        .collect();
    months.sort_by(|a, b| b.cmp(a));
    months.dedup();
    let month = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_month("month", s)?),
        None => months.first().copied(),
    };
    let this = opcc_store::force_area::current(&state.db)
        .await?
        .map(|a| a.slug)
        .unwrap_or_default();
    Ok((
        months,
        month,
        Category::parse(q.category.as_deref().unwrap_or("")),
        this,
    ))
}

/// `GET /crime/compare`: every force loaded for a month, by rate per 1,000 residents.
pub async fn compare(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CrimeQuery>,
) -> Result<Html<String>, WebError> {
    let (months, month, category, this) = compare_choice(&state, &q).await?;
    let categories = category_choices(&category, &[]);
    let this_name = geo()
        .pfa_by_slug(&this)
        .map_or_else(|| this.clone(), |p| p.name.clone());
    let mut page = ComparePage {
        l: Layout::new(&state, &ctx, "Compare police force areas", Nav::Crime),
        month,
        months: month_choices(&months, month),
        category_label: label_of(&categories),
        categories,
        category: category.as_str().to_string(),
        standing: String::new(),
        svg: String::new(),
        rows: Vec::new(),
        loaded: 0,
        csv: String::new(),
    };
    let Some(month) = month else {
        return render(&page);
    };
    let rows = compare_rows(&state, month, &category, &this).await?;
    page.loaded = rows.iter().filter(|r| r.loaded).count();
    page.standing = match rows.iter().find(|r| r.strong) {
        Some(r) if r.loaded && r.rate_exact.is_some() => format!(
            "{this_name} is {} by rate per 1,000 residents ({} per 1,000) among the {} force areas loaded for {month}; 1 is the highest rate.",
            r.rank, r.rate, page.loaded
        ),
        Some(r) if r.loaded => format!(
            "{this_name} is loaded for {month} but its population is unknown, so it is not ranked."
        ),
        _ => format!(
            "{this_name} has no data loaded for {month}: it is shown as not loaded, not as zero."
        ),
    };
    let bars: Vec<Bar> = rows
        .iter()
        .filter(|r| r.loaded)
        .map(|r| Bar {
            label: if r.strong {
                format!("{} (this area)", r.name)
            } else {
                r.name.clone()
            },
            value: r.rate_exact,
            strong: r.strong,
        })
        .collect();
    page.svg = bar_chart(
        "compare",
        &format!(
            "{} per 1,000 residents by police force area, {month}",
            page.category_label
        ),
        &format!(
            "Horizontal bars, highest rate first, for the {} force areas loaded for {month}; {} is in bold and marked (this area). Rates use ONS mid-2023 populations. The table below lists every force area, those not loaded included.",
            page.loaded, this_name
        ),
        &bars,
        "Population unknown",
    );
    page.csv = format!(
        "/crime/compare.csv?month={month}&category={}",
        page.category
    );
    page.rows = rows;
    render(&page)
}

/// `GET /crime/compare.csv`: the comparator's table.
pub async fn compare_csv(
    State(state): State<AppState>,
    Query(q): Query<CrimeQuery>,
) -> Result<Response, WebError> {
    let (_, month, category, this) = compare_choice(&state, &q).await?;
    let month = month.ok_or(WebError::NotFound)?;
    let rates = opcc_store::crime::force_rates(&state.db, month, month, &category).await?;
    let rows = compare_rows(&state, month, &category, &this)
        .await?
        .into_iter()
        .map(|r| {
            let fr = rates.iter().find(|f| f.force == r.code);
            vec![
                month.to_string(),
                category.as_str().to_string(),
                r.code.clone(),
                r.name,
                if r.loaded { "loaded" } else { "not loaded" }.to_string(),
                if r.rate_exact.is_some() {
                    r.rank.split(' ').next().unwrap_or_default().to_string()
                } else {
                    String::new()
                },
                fr.map(|f| f.count.to_string()).unwrap_or_default(),
                fr.and_then(|f| f.population)
                    .or_else(|| geo().pfa_by_slug(&r.code).map(|p| p.population))
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                r.rate_exact.map(|v| format!("{v:.4}")).unwrap_or_default(),
                if r.strong { "yes" } else { "" }.to_string(),
            ]
        })
        .collect();
    Ok(csv_response(
        &format!("crime-compare-{month}-{}.csv", category.as_str()),
        &[
            "month",
            "category",
            "force",
            "name",
            "status",
            "rank",
            "count",
            "population",
            "rate_per_1000",
            "this_area",
        ],
        rows,
    ))
}

/// For templates: a count as people read it.
pub fn fmt_count(n: &i64) -> String {
    count(*n)
}

/// For templates: the total count of the map's table.
pub fn table_total(rows: &[MapRow]) -> String {
    count(rows.iter().map(|r| r.count).sum())
}

/// For templates: a rate, or "Unknown".
pub fn fmt_rate(r: &Option<f64>) -> String {
    rate(*r)
}

#[cfg(test)]
mod tests {
    use super::Classes;

    #[test]
    fn quantile_classes_cover_every_rate() {
        let rates: Vec<f64> = (0..100).map(f64::from).collect();
        let c = Classes::new(&rates);
        assert_eq!(c.len(), 5);
        assert_eq!(c.class(0.0), 0);
        assert_eq!(c.class(99.0), 4);
        assert_eq!(c.range(4), "80 to 99");
        // Many zeros: no empty first class.
        let c = Classes::new(&[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0]);
        assert!(c.breaks.iter().all(|b| *b > 0.0));
        assert_eq!(c.class(0.0), 0);
    }
}
