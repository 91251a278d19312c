//! `/crime/map`: the LSOA choropleth and the point view, drawn from shipped boundaries.

use super::summary::{TableRow, summary_csv};
use super::*;
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

/// How many LSOAs of the map list by name; the CSV download lists them all.
const TOP: usize = 20;

/// One class of the choropleth, as its table counts it.
pub struct ClassRow {
    pub label: String,
    pub lsoas: usize,
    pub count: i64,
}

/// The LSOAs and their crimes in each class of the map, "Population unknown" and "No
/// boundary shipped" after the shaded classes.
fn class_rows(rows: &[MapRow]) -> Vec<ClassRow> {
    let mut out: Vec<ClassRow> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|c| c.label == r.class) {
            Some(c) => {
                c.lsoas += 1;
                c.count += r.count;
            }
            None => out.push(ClassRow {
                label: r.class.clone(),
                lsoas: 1,
                count: r.count,
            }),
        }
    }
    // Shaded classes are labelled "1 of 5 (...)": in their order, then the rest.
    out.sort_by_key(|c| {
        c.label
            .split_once(" of ")
            .and_then(|(k, _)| k.parse::<usize>().ok())
            .unwrap_or(usize::MAX)
    });
    out
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
    class_rows: Vec<ClassRow>,
    lsoa_count: usize,
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

pub(crate) fn map_svg_open(
    id: &str,
    b: &Boundaries,
    extra_h: f64,
    title: &str,
    desc: &str,
) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {} {}" role="img" aria-labelledby="{id}-title {id}-desc" class="opcc-chart__svg" font-family="Arial, 'Liberation Sans', Helvetica, sans-serif"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc><defs><pattern id="{id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#b1b4b6" stroke-width="3"/></pattern></defs>"##,
        b.width + 20.0,
        b.height + 20.0 + extra_h,
        esc(title),
        esc(desc)
    )
}

pub(crate) fn lad_outlines(s: &mut String, b: &Boundaries) {
    s.push_str(r##"<g fill="none" stroke="#0b0c0c" stroke-width="2">"##);
    for l in &b.lads {
        let _ = write!(
            s,
            r##"<path d="{}"><title>{}</title></path>"##,
            l.path,
            esc(&l.name)
        );
    }
    s.push_str("</g>");
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
            "A map of each LSOA shaded by {what} per 1,000 residents in {} classes, darker for higher: {}. LSOAs whose population is unknown are hatched. The tables below count the LSOAs and crimes in each class and list the highest rates; the CSV download lists every LSOA.",
            classes.len(),
            legend.join("; ")
        ),
    );
    // Shapes are grouped by fill, so what they share is written once; the table below and the
    // CSV give each LSOA's figures, which a tooltip per shape would repeat at twice the size.
    let by_code: HashMap<&str, &MapRow> = rows.iter().map(|r| (r.code.as_str(), r)).collect();
    let mut groups: Vec<String> = vec![String::new(); FILLS.len() + 1];
    for shape in b.lsoas_of(vintage) {
        let k = match by_code.get(shape.code.as_str()).and_then(|r| r.rate) {
            Some(v) => classes.class(v).min(FILLS.len() - 1),
            None => FILLS.len(),
        };
        let _ = write!(
            groups[k],
            r##"<path data-lsoa="{}" d="{}"/>"##,
            shape.code, shape.path
        );
    }
    s.push_str(r##"<g stroke="#ffffff" stroke-width="0.6">"##);
    for (k, paths) in groups.iter().enumerate().filter(|(_, g)| !g.is_empty()) {
        let fill = FILLS.get(k).copied().unwrap_or("url(#map-hatch)");
        let _ = write!(s, r##"<g fill="{fill}">{paths}</g>"##);
    }
    s.push_str("</g>");
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
    let b = match c.pfa_code.as_deref() {
        Some(code) => opcc_store::crime::boundaries_file::for_force(db, code).await?,
        None => None,
    };
    let b = b.as_deref();
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
            "crime",
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
        class_rows: Vec::new(),
        lsoa_count: 0,
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
        page.lad_rows = places.iter().map(TableRow::of_lad).collect();
        page.csv = summary_csv(&c.force, month, month, "lad", &cat);
        if let Some(b) = b {
            let pts = opcc_store::crime::points(db, &c.force, month, &c.category).await?;
            // Points closer than a unit of the map are one circle at the drawn size: they are
            // merged, with their counts added, and drawn in one group that carries the style.
            let mut at: std::collections::BTreeMap<(i64, i64), i64> = Default::default();
            for p in &pts {
                let (x, y) = b.projection.project(p.lon, p.lat);
                if (0.0..=b.width).contains(&x) && (0.0..=b.height).contains(&y) {
                    page.points_drawn += p.count;
                    *at.entry((x.round() as i64, y.round() as i64)).or_default() += p.count;
                } else {
                    page.points_off_map += p.count;
                }
            }
            let mut body = String::from(
                r##"<g fill="#d4351c" fill-opacity="0.6" stroke="#0b0c0c" stroke-width="0.5">"##,
            );
            for ((x, y), n) in &at {
                let _ = write!(
                    body,
                    r##"<circle cx="{x}" cy="{y}" r="{:.1}"/>"##,
                    2.0 + (*n as f64).sqrt()
                );
            }
            body.push_str("</g>");
            let mut s = map_svg_open(
                "map",
                b,
                0.0,
                &format!("Where {what} were recorded, {}", month.long()),
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
    let mut rows = map_rows(b, vintage, &counts);
    if let Some(b) = b {
        page.svg = choropleth(
            b,
            vintage,
            &rows,
            &format!("{what} per 1,000 residents by LSOA, {}", month.long()),
            what,
        );
    }
    page.class_rows = class_rows(&rows);
    page.lsoa_count = rows.len();
    rows.truncate(TOP);
    page.rows = rows;
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
    let b = match c.pfa_code.as_deref() {
        Some(code) => opcc_store::crime::boundaries_file::for_force(&state.db, code).await?,
        None => None,
    };
    let b = b.as_deref();
    let vintage = vintage_of(&counts, month);
    let rows: Vec<Vec<String>> = map_rows(b, vintage, &counts)
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
