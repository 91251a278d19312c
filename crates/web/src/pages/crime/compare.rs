//! `/crime/compare`: every force loaded for a month, ranked by rate per 1,000.

use super::*;
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
    let this = opcc_store::force_area::current(&state.db)
        .await?
        .map(|a| a.slug)
        .unwrap_or_default();
    let street: Vec<_> = opcc_store::crime::coverage(&state.db)
        .await?
        .into_iter()
        .filter(|e| e.kind == Kind::Street)
        .collect();
    // By default the latest month the home force has data for: a month only other forces
    // have loaded would show this area as "not loaded" at the top of its own page.
    let home_latest = street
        .iter()
        .filter(|e| e.force == this)
        .map(|e| e.month)
        .max();
    let mut months: Vec<Month> = street.into_iter().map(|e| e.month).collect();
    months.sort_by(|a, b| b.cmp(a));
    months.dedup();
    let month = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_month("month", s)?),
        None => home_latest.or_else(|| months.first().copied()),
    };
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
        l: Layout::new(&state, &ctx, "Compare police force areas", "crime"),
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
    let rows: Vec<Vec<String>> = compare_rows(&state, month, &category, &this)
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
