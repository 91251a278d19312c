//! Writing one unit's rows and its rollup, inside the import's transaction. Each row is
//! placed (LAD, and in or outside the force's area) as it is written.

use super::batch::{Sink, V};
use super::geo::geo;
use super::terms;
use crate::StoreError;
use opcc_domain::crime::{Month, OutcomeRow, SearchRow, StreetRow};
use std::collections::{BTreeSet, HashMap};

struct Placed<'a, T> {
    row: &'a T,
    lad: Option<&'static str>,
    area: &'static str,
}

/// Places each row by its LSOA code and name (as `lsoa` reads them from the row).
fn place_all<'a, T>(
    rows: &'a [T],
    pfa: Option<&str>,
    lsoa: impl Fn(&T) -> (Option<&str>, Option<&str>),
) -> Vec<Placed<'a, T>> {
    rows.iter()
        .map(|r| {
            let (code, name) = lsoa(r);
            let (lad, area) = geo().place(pfa, code, name);
            Placed {
                row: r,
                lad,
                area: area.as_str(),
            }
        })
        .collect()
}

/// A text's number from the unit's interned terms (every text was interned first).
fn id<'v>(terms: &HashMap<&str, i64>, t: &str) -> V<'v> {
    V::Int(Some(terms[t]))
}

fn opt_id<'v>(terms: &HashMap<&str, i64>, t: Option<&str>) -> V<'v> {
    V::Int(t.map(|t| terms[t]))
}

/// Writes a unit's street rows (when `keep_rows`) and always its rollup: month x force x LAD x
/// LSOA x crime type x last outcome, and where it lies.
#[allow(clippy::too_many_arguments)]
pub(super) async fn write_street(
    sink: &mut Sink<'_>,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[StreetRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    if keep_rows {
        let unit = terms::unit_id(sink, force, month).await?;
        let mut texts = BTreeSet::new();
        for p in &placed {
            let r = p.row;
            texts.extend([r.location.as_str(), p.area, r.crime_type.as_str()]);
            texts.extend(
                [r.lsoa_code.as_deref(), r.lsoa_name.as_deref(), p.lad]
                    .into_iter()
                    .flatten(),
            );
            texts.extend(r.last_outcome.as_deref());
        }
        let ids = terms::intern(sink, texts).await?;
        let cols = [
            "unit",
            "crime_id",
            "lon_e6",
            "lat_e6",
            "location",
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "area",
            "crime_type",
            "last_outcome",
            "context",
        ];
        sink.insert("crime_street_rows", &cols, &placed, |p| {
            let r = p.row;
            [
                unit.into(),
                r.crime_id.as_deref().into(),
                terms::fixed(r.lon).into(),
                terms::fixed(r.lat).into(),
                id(&ids, &r.location),
                opt_id(&ids, r.lsoa_code.as_deref()),
                opt_id(&ids, r.lsoa_name.as_deref()),
                opt_id(&ids, p.lad),
                id(&ids, p.area),
                id(&ids, &r.crime_type),
                opt_id(&ids, r.last_outcome.as_deref()),
                r.context.as_deref().into(),
            ]
        })
        .await?;
    }
    let mut counts: HashMap<[&str; 6], i64> = HashMap::new();
    for p in &placed {
        let r = p.row;
        let key = [
            p.lad.unwrap_or(""),
            r.lsoa_code.as_deref().unwrap_or(""),
            r.lsoa_name.as_deref().unwrap_or(""),
            p.area,
            &r.crime_type,
            r.last_outcome.as_deref().unwrap_or(""),
        ];
        *counts.entry(key).or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = [
        "force",
        "month",
        "lad_code",
        "lsoa_code",
        "lsoa_name",
        "area",
        "crime_type",
        "last_outcome",
        "n",
    ];
    sink.insert("crime_rollup", &cols, &counts, |(k, n)| {
        [
            force.into(),
            m.as_str().into(),
            k[0].into(),
            k[1].into(),
            k[2].into(),
            k[3].into(),
            k[4].into(),
            k[5].into(),
            (*n).into(),
        ]
    })
    .await
}

/// Writes a unit's outcome rows (when `keep_rows`) and always its rollup.
#[allow(clippy::too_many_arguments)]
pub(super) async fn write_outcomes(
    sink: &mut Sink<'_>,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[OutcomeRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    if keep_rows {
        let unit = terms::unit_id(sink, force, month).await?;
        let mut texts = BTreeSet::new();
        for p in &placed {
            let r = p.row;
            texts.extend([r.location.as_str(), p.area, r.outcome_type.as_str()]);
            texts.extend(
                [r.lsoa_code.as_deref(), r.lsoa_name.as_deref(), p.lad]
                    .into_iter()
                    .flatten(),
            );
        }
        let ids = terms::intern(sink, texts).await?;
        let cols = [
            "unit",
            "crime_id",
            "lon_e6",
            "lat_e6",
            "location",
            "lsoa_code",
            "lsoa_name",
            "lad_code",
            "area",
            "outcome_type",
        ];
        sink.insert("crime_outcome_rows", &cols, &placed, |p| {
            let r = p.row;
            [
                unit.into(),
                r.crime_id.as_str().into(),
                terms::fixed(r.lon).into(),
                terms::fixed(r.lat).into(),
                id(&ids, &r.location),
                opt_id(&ids, r.lsoa_code.as_deref()),
                opt_id(&ids, r.lsoa_name.as_deref()),
                opt_id(&ids, p.lad),
                id(&ids, p.area),
                id(&ids, &r.outcome_type),
            ]
        })
        .await?;
    }
    let mut counts: HashMap<[&str; 3], i64> = HashMap::new();
    for p in &placed {
        *counts
            .entry([p.lad.unwrap_or(""), p.area, &p.row.outcome_type])
            .or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = ["force", "month", "lad_code", "area", "outcome_type", "n"];
    sink.insert("outcome_rollup", &cols, &counts, |(k, n)| {
        [
            force.into(),
            m.as_str().into(),
            k[0].into(),
            k[1].into(),
            k[2].into(),
            (*n).into(),
        ]
    })
    .await
}

fn flag(b: Option<bool>) -> Option<i64> {
    b.map(i64::from)
}

pub(super) async fn write_searches(
    sink: &mut Sink<'_>,
    force: &str,
    month: Month,
    rows: &[SearchRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let m = month.to_string();
    if keep_rows {
        write_search_rows(sink, force, &m, rows).await?;
    }
    let mut counts: HashMap<[&str; 4], (i64, i64)> = HashMap::new();
    for r in rows {
        let key = [
            r.search_type.as_str(),
            r.object.as_deref().unwrap_or(""),
            r.self_ethnicity.as_deref().unwrap_or(""),
            r.outcome.as_deref().unwrap_or(""),
        ];
        let c = counts.entry(key).or_default();
        c.0 += 1;
        c.1 += i64::from(r.outcome_linked == Some(true));
    }
    let counts: Vec<_> = counts.into_iter().collect();
    let cols = [
        "force",
        "month",
        "search_type",
        "object",
        "self_ethnicity",
        "outcome",
        "n",
        "n_linked",
    ];
    sink.insert("search_rollup", &cols, &counts, |(k, (n, l))| {
        [
            force.into(),
            m.as_str().into(),
            k[0].into(),
            k[1].into(),
            k[2].into(),
            k[3].into(),
            (*n).into(),
            (*l).into(),
        ]
    })
    .await
}

async fn write_search_rows(
    sink: &mut Sink<'_>,
    force: &str,
    m: &str,
    rows: &[SearchRow],
) -> Result<(), StoreError> {
    let cols = [
        "force",
        "month",
        "date",
        "search_type",
        "part_of_operation",
        "lon",
        "lat",
        "gender",
        "age_range",
        "self_ethnicity",
        "officer_ethnicity",
        "legislation",
        "object",
        "outcome",
        "outcome_linked",
        "removal",
    ];
    sink.insert("stop_search", &cols, rows, |r| {
        [
            force.into(),
            m.into(),
            r.date.as_str().into(),
            r.search_type.as_str().into(),
            flag(r.part_of_operation).into(),
            r.lon.into(),
            r.lat.into(),
            r.gender.as_deref().into(),
            r.age_range.as_deref().into(),
            r.self_ethnicity.as_deref().into(),
            r.officer_ethnicity.as_deref().into(),
            r.legislation.as_deref().into(),
            r.object.as_deref().into(),
            r.outcome.as_deref().into(),
            flag(r.outcome_linked).into(),
            flag(r.removal).into(),
        ]
    })
    .await
}
