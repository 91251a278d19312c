//! The series a Police and Crime Plan reports on: recorded crime, anti-social behaviour,
//! categories, local authorities, the outcome mix and stop and search. Months not loaded are
//! null, never zero.

use super::coverage::months_loaded;
use super::summary::summary;
use crate::{Db, Result};
use opcc_domain::crime::{
    ASB, By, Category, CategoryCount, Kind, Month, MonthCount, OutcomeGroup, OutcomeMix,
    OutcomeShare, SearchCount, SearchStats, SummaryRow, category_slug, ethnicity_group,
    outcome_group, share,
};
use sqlx::Row;
use std::collections::BTreeMap;

/// Counts per month of a category (null where the month is not loaded).
pub async fn monthly(
    db: &Db,
    force: &str,
    from: Month,
    to: Month,
    category: &Category,
) -> Result<Vec<MonthCount>> {
    let s = summary(db, force, from, to, By::Month, category).await?;
    Ok(s.rows
        .into_iter()
        .filter_map(|r| {
            Some(MonthCount {
                month: Month::parse(r.key.as_deref()?).ok()?,
                count: r.count,
            })
        })
        .collect())
}

/// Total recorded crime (every street category but anti-social behaviour), per month.
pub async fn total_crime(db: &Db, force: &str, from: Month, to: Month) -> Result<Vec<MonthCount>> {
    monthly(db, force, from, to, &Category::AllCrime).await
}

/// Anti-social behaviour incidents per month.
pub async fn asb(db: &Db, force: &str, from: Month, to: Month) -> Result<Vec<MonthCount>> {
    monthly(db, force, from, to, &Category::One(category_slug(ASB))).await
}

/// Neighbourhood crime as the national police and crime measures count it (burglary, robbery,
/// theft from the person and vehicle crime), as near as police.uk's categories allow: its
/// burglary and robbery are not split into domestic and personal. A month is a gap unless
/// every category has it.
pub async fn neighbourhood_crime(
    db: &Db,
    force: &str,
    from: Month,
    to: Month,
) -> Result<Vec<MonthCount>> {
    let mut total: Option<Vec<MonthCount>> = None;
    for slug in [
        "burglary",
        "robbery",
        "theft-from-the-person",
        "vehicle-crime",
    ] {
        let part = monthly(db, force, from, to, &Category::One(slug.to_string())).await?;
        total = Some(match total {
            None => part,
            Some(sum) => sum
                .into_iter()
                .zip(part)
                .map(|(a, b)| MonthCount {
                    month: a.month,
                    count: a.count.zip(b.count).map(|(x, y)| x + y),
                })
                .collect(),
        });
    }
    Ok(total.unwrap_or_default())
}

/// Counts by police.uk category over the months loaded, anti-social behaviour included.
pub async fn by_category(
    db: &Db,
    force: &str,
    from: Month,
    to: Month,
) -> Result<Vec<CategoryCount>> {
    let s = summary(db, force, from, to, By::CrimeType, &Category::All).await?;
    Ok(s.rows
        .into_iter()
        .map(|r| CategoryCount {
            slug: category_slug(&r.label),
            category: r.label,
            count: r.count.unwrap_or(0),
        })
        .collect())
}

/// Counts and rates by local authority (plus outside the area, unknown and no location).
pub async fn by_lad(
    db: &Db,
    force: &str,
    from: Month,
    to: Month,
    category: &Category,
) -> Result<Vec<SummaryRow>> {
    Ok(summary(db, force, from, to, By::Lad, category).await?.rows)
}

/// The outcomes files' mix over [from, to], and how many outcomes join to a crime loaded
/// (by Crime ID; a crime may have several outcomes, often in later months' files).
pub async fn outcome_mix(db: &Db, force: &str, from: Month, to: Month) -> Result<OutcomeMix> {
    let months = months_loaded(db, force, Kind::Outcomes, from, to).await?;
    let span = super::terms::RID_SPAN;
    // Each unit's rollup is one range of its row numbers (migration 0034).
    let sql = format!(
        "SELECT t.term AS outcome_type, g.n FROM (SELECT r.outcome_type, \
         CAST(SUM(r.n) AS BIGINT) AS n FROM crime_units u JOIN outcome_rollup_rows r \
         ON r.rid >= u.id * {span} AND r.rid < (u.id + 1) * {span} \
         WHERE u.force = $1 AND u.month >= $2 AND u.month <= $3 GROUP BY r.outcome_type) g \
         JOIN crime_terms t ON t.id = g.outcome_type"
    );
    let rows = sqlx::query(&sql)
        .bind(force)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&db.pool)
        .await?;
    let mut counts = Vec::new();
    for r in rows {
        counts.push((
            r.try_get::<String, _>("outcome_type")?,
            r.try_get::<i64, _>("n")?,
        ));
    }
    let total: i64 = counts.iter().map(|(_, n)| n).sum();
    // IDs are compared as stored (migration 0034: the 32 bytes of a SHA-256, or the text of
    // any other shape), never converted row by row.
    let rows_of = |t: &str, alias: &str| {
        format!(
            "crime_units {alias}u JOIN {t} {alias} ON {alias}.rid >= {alias}u.id * {span} \
             AND {alias}.rid < ({alias}u.id + 1) * {span}"
        )
    };
    let sql = format!(
        "SELECT COUNT(*) FROM {} WHERE ou.force = $1 AND ou.month >= $2 AND ou.month <= $3 \
         AND (o.crime_hash IN (SELECT s.crime_hash FROM {} WHERE su.force = $1) \
           OR o.crime_id IN (SELECT s.crime_id FROM {} WHERE su.force = $1))",
        rows_of("crime_outcome_rows", "o"),
        rows_of("crime_street_rows", "s"),
        rows_of("crime_street_rows", "s"),
    );
    let matched: i64 = sqlx::query_scalar(&sql)
        .bind(force)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_one(&db.pool)
        .await?;
    let charged: i64 = counts
        .iter()
        .filter(|(t, _)| outcome_group(t) == OutcomeGroup::ChargedOrSummonsed)
        .map(|(_, n)| n)
        .sum();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(OutcomeMix {
        months_loaded: months,
        total,
        matched_to_crimes: matched,
        charged_or_summonsed_share: share(charged, total),
        rows: counts
            .into_iter()
            .map(|(t, n)| OutcomeShare {
                group: outcome_group(&t),
                share: share(n, total).unwrap_or(0.0),
                outcome_type: t,
                count: n,
            })
            .collect(),
    })
}

fn search_counts(m: BTreeMap<String, (i64, i64)>, total: i64) -> Vec<SearchCount> {
    let mut v: Vec<SearchCount> = m
        .into_iter()
        .map(|(key, (n, f))| SearchCount {
            key,
            searches: n,
            finds: f,
            find_rate: share(f, n),
            share: share(n, total),
        })
        .collect();
    v.sort_by(|a, b| b.searches.cmp(&a.searches).then(a.key.cmp(&b.key)));
    v
}

/// Stop and search over [from, to]: counts, object of search, find rate (outcome linked to the
/// object of the search) and the same by self-defined ethnic group. No population by ethnic
/// group ships with opcc, so rates per 1,000 by ethnicity are left to a later step.
pub async fn searches(db: &Db, force: &str, from: Month, to: Month) -> Result<SearchStats> {
    let months = months_loaded(db, force, Kind::StopAndSearch, from, to).await?;
    let rows = sqlx::query(
        "SELECT month, object, self_ethnicity, outcome, CAST(SUM(n) AS BIGINT) AS n, \
         CAST(SUM(n_linked) AS BIGINT) AS f FROM search_rollup \
         WHERE force = $1 AND month >= $2 AND month <= $3 GROUP BY month, object, self_ethnicity, outcome",
    )
    .bind(force)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    let (mut by_month, mut by_object, mut by_eth, mut by_outcome) = (
        BTreeMap::<String, i64>::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    let (mut total, mut finds) = (0, 0);
    for r in rows {
        let (n, f): (i64, i64) = (r.try_get("n")?, r.try_get("f")?);
        let add = |m: &mut BTreeMap<String, (i64, i64)>, k: String| {
            let e = m.entry(k).or_default();
            e.0 += n;
            e.1 += f;
        };
        *by_month.entry(r.try_get("month")?).or_default() += n;
        let object: String = r.try_get("object")?;
        add(
            &mut by_object,
            if object.is_empty() {
                "Not stated".into()
            } else {
                object
            },
        );
        add(
            &mut by_eth,
            ethnicity_group(&r.try_get::<String, _>("self_ethnicity")?).to_string(),
        );
        let outcome: String = r.try_get("outcome")?;
        add(
            &mut by_outcome,
            if outcome.is_empty() {
                "Not stated".into()
            } else {
                outcome
            },
        );
        total += n;
        finds += f;
    }
    Ok(SearchStats {
        by_month: from
            .through(to)
            .map(|m| MonthCount {
                month: m,
                count: months
                    .contains(&m)
                    .then(|| by_month.get(&m.to_string()).copied().unwrap_or(0)),
            })
            .collect(),
        total: SearchCount {
            key: "All".into(),
            searches: total,
            finds,
            find_rate: share(finds, total),
            share: None,
        },
        by_object: search_counts(by_object, total),
        by_ethnicity: search_counts(by_eth, total),
        by_outcome: search_counts(by_outcome, total),
    })
}
