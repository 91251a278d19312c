//! Writing one unit's rows and its rollup, inside the import's transaction. Each row is
//! placed (LAD, and in or outside the force's area) as it is written.

use super::batch::{Sink, V};
use super::geo::geo;
use super::terms;
use crate::StoreError;
use opcc_domain::crime::{Month, OutcomeRow, SearchRow, StreetRow};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;

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

type Ids<'a> = FxHashMap<&'a str, i32>;

/// A term's number as a value to write.
fn id<'v>(n: i32) -> V<'v> {
    V::Int4(Some(n))
}

/// A term's number, or NULL where the row has no such text (the rollup's key holds '').
fn opt_id<'v>(present: bool, n: i32) -> V<'v> {
    V::Int4(present.then_some(n))
}

/// A row's number: its unit's, then its place in its file or its unit's rollup
/// (`terms::RID_SPAN`).
fn rid<'v>(unit: i32, i: usize) -> V<'v> {
    V::Int(Some(i64::from(unit) * terms::RID_SPAN + i as i64))
}

/// A file of more rows than a unit's range holds is refused (none comes near).
fn fits(rows: usize) -> Result<(), StoreError> {
    if rows as i64 >= terms::RID_SPAN {
        return Err(StoreError::Invalid(format!(
            "{rows} rows in one file: more than a force's month can hold ({})",
            terms::RID_SPAN
        )));
    }
    Ok(())
}

/// How a Crime ID is kept: as the 32 bytes of its SHA-256, or (any other shape) as its text.
fn crime_id(id: Option<&str>) -> [V<'_>; 2] {
    match id.map(|i| (i, terms::hash(i))) {
        Some((_, Some(h))) => [V::Hash(Some(h)), V::Text(None)],
        Some((i, None)) => [V::Hash(None), V::Text(Some(i))],
        None => [V::Hash(None), V::Text(None)],
    }
}

/// Each text of a street row, '' where absent: crime type, local authority, LSOA code and
/// name, where it lies, last outcome (the rollup's key, in its columns' order), location.
fn street_texts<'a>(p: &Placed<'a, StreetRow>) -> [&'a str; 7] {
    let r = p.row;
    [
        &r.crime_type,
        p.lad.unwrap_or(""),
        r.lsoa_code.as_deref().unwrap_or(""),
        r.lsoa_name.as_deref().unwrap_or(""),
        p.area,
        r.last_outcome.as_deref().unwrap_or(""),
        &r.location,
    ]
}

/// Writes a unit's street rows (when `keep_rows`) and always its rollup (month x force x LAD x
/// LSOA x crime type x last outcome, and where it lies) and its totals per crime type. Each
/// row's texts are looked up once; the rollup is counted by their numbers.
pub(super) async fn write_street(
    sink: &mut Sink<'_>,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[StreetRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    let unit = terms::unit_id(sink, force, month).await?;
    // Locations are numbered only for rows that are kept.
    let used = if keep_rows { 7 } else { 6 };
    let mut texts = FxHashSet::default();
    for p in &placed {
        texts.extend(&street_texts(p)[..used]);
    }
    let ids: Ids = terms::intern(sink, texts).await?;
    let numbered: Vec<[i32; 7]> = placed
        .iter()
        .map(|p| street_texts(p).map(|t| ids.get(t).copied().unwrap_or(0)))
        .collect();
    if keep_rows {
        fits(placed.len())?;
        let cols = [
            "rid",
            "crime_hash",
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
        let both: Vec<_> = placed.iter().zip(&numbered).enumerate().collect();
        sink.insert("crime_street_rows", &cols, &both, |(i, (p, k))| {
            let r = p.row;
            let [h, c] = crime_id(r.crime_id.as_deref());
            [
                rid(unit, *i),
                h,
                c,
                V::Int4(terms::fixed(r.lon)),
                V::Int4(terms::fixed(r.lat)),
                id(k[6]),
                opt_id(r.lsoa_code.is_some(), k[2]),
                opt_id(r.lsoa_name.is_some(), k[3]),
                opt_id(p.lad.is_some(), k[1]),
                id(k[4]),
                id(k[0]),
                opt_id(r.last_outcome.is_some(), k[5]),
                r.context.as_deref().into(),
            ]
        })
        .await?;
    }
    let mut counts: FxHashMap<[i32; 6], i64> = FxHashMap::default();
    let mut totals: FxHashMap<i32, i64> = FxHashMap::default();
    for k in &numbered {
        *counts
            .entry([k[0], k[1], k[2], k[3], k[4], k[5]])
            .or_default() += 1;
        *totals.entry(k[0]).or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().enumerate().collect();
    let cols = [
        "rid",
        "crime_type",
        "lad_code",
        "lsoa_code",
        "lsoa_name",
        "area",
        "last_outcome",
        "n",
    ];
    sink.insert("crime_rollup_rows", &cols, &counts, |(i, (k, n))| {
        [
            rid(unit, *i),
            id(k[0]),
            id(k[1]),
            id(k[2]),
            id(k[3]),
            id(k[4]),
            id(k[5]),
            count(*n),
        ]
    })
    .await?;
    let totals: Vec<_> = totals.into_iter().collect();
    sink.insert(
        "crime_totals",
        &["unit", "crime_type", "n"],
        &totals,
        |(t, n)| [V::Int4(Some(unit)), id(*t), count(*n)],
    )
    .await
}

/// A count of one file's rows, which is far below 2^31.
fn count<'v>(n: i64) -> V<'v> {
    V::Int4(Some(i32::try_from(n).unwrap_or(i32::MAX)))
}

/// Each text of an outcome row, '' where absent: outcome type, local authority, where it
/// lies (the rollup's key, in its columns' order), location, LSOA code and name.
fn outcome_texts<'a>(p: &Placed<'a, OutcomeRow>) -> [&'a str; 6] {
    let r = p.row;
    [
        &r.outcome_type,
        p.lad.unwrap_or(""),
        p.area,
        &r.location,
        r.lsoa_code.as_deref().unwrap_or(""),
        r.lsoa_name.as_deref().unwrap_or(""),
    ]
}

/// Writes a unit's outcome rows (when `keep_rows`) and always its rollup.
pub(super) async fn write_outcomes(
    sink: &mut Sink<'_>,
    force: &str,
    month: Month,
    pfa: Option<&str>,
    rows: &[OutcomeRow],
    keep_rows: bool,
) -> Result<(), StoreError> {
    let placed = place_all(rows, pfa, |r| {
        (r.lsoa_code.as_deref(), r.lsoa_name.as_deref())
    });
    let unit = terms::unit_id(sink, force, month).await?;
    let used = if keep_rows { 6 } else { 3 };
    let mut texts = FxHashSet::default();
    for p in &placed {
        texts.extend(&outcome_texts(p)[..used]);
    }
    let ids: Ids = terms::intern(sink, texts).await?;
    let numbered: Vec<[i32; 6]> = placed
        .iter()
        .map(|p| outcome_texts(p).map(|t| ids.get(t).copied().unwrap_or(0)))
        .collect();
    if keep_rows {
        fits(placed.len())?;
        let cols = [
            "rid",
            "crime_hash",
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
        let both: Vec<_> = placed.iter().zip(&numbered).enumerate().collect();
        sink.insert("crime_outcome_rows", &cols, &both, |(i, (p, k))| {
            let r = p.row;
            let [h, c] = crime_id(Some(r.crime_id.as_str()));
            [
                rid(unit, *i),
                h,
                c,
                V::Int4(terms::fixed(r.lon)),
                V::Int4(terms::fixed(r.lat)),
                id(k[3]),
                opt_id(r.lsoa_code.is_some(), k[4]),
                opt_id(r.lsoa_name.is_some(), k[5]),
                opt_id(p.lad.is_some(), k[1]),
                id(k[2]),
                id(k[0]),
            ]
        })
        .await?;
    }
    let mut counts: FxHashMap<[i32; 3], i64> = FxHashMap::default();
    for k in &numbered {
        *counts.entry([k[0], k[1], k[2]]).or_default() += 1;
    }
    let counts: Vec<_> = counts.into_iter().enumerate().collect();
    let cols = ["rid", "outcome_type", "lad_code", "area", "n"];
    sink.insert("outcome_rollup_rows", &cols, &counts, |(i, (k, n))| {
        [rid(unit, *i), id(k[0]), id(k[1]), id(k[2]), count(*n)]
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
