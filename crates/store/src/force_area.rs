//! The force area shown on the public home page.

use crate::audit::{Actor, Change};
use crate::{Db, Result};
use opcc_domain::force_area::{ForceArea, LocalAuthority};
use sqlx::Row;

/// The force area this office serves (the service holds one).
pub async fn current(db: &Db) -> Result<Option<ForceArea>> {
    let Some(r) = sqlx::query(
        "SELECT gss_code, slug, name, population, population_source, households, area_sq_miles, \
         area_source FROM force_areas ORDER BY gss_code LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let gss_code: String = r.try_get("gss_code")?;
    let las = sqlx::query(
        "SELECT gss_code, name, population, population_source FROM local_authorities \
         WHERE force_area = $1 ORDER BY name",
    )
    .bind(&gss_code)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|l| {
        Ok(LocalAuthority {
            gss_code: l.try_get("gss_code")?,
            name: l.try_get("name")?,
            population: l.try_get("population")?,
            population_source: l.try_get("population_source")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(Some(ForceArea {
        gss_code,
        slug: r.try_get("slug")?,
        name: r.try_get("name")?,
        population: r.try_get("population")?,
        population_source: r.try_get("population_source")?,
        households: r.try_get("households")?,
        area_sq_miles: r.try_get("area_sq_miles")?,
        area_source: r.try_get("area_source")?,
        local_authorities: las,
    }))
}

/// Stores a force area and its local authorities in one transaction, with its audit entry.
pub async fn insert(db: &Db, actor: &Actor, area: &ForceArea) -> Result<()> {
    write(db, actor, area, false).await
}

/// Sets up an office for a force (`opcc init`): its area, and a mark that the office is real,
/// so the demo is never loaded into it, even for the demo's own force.
pub async fn set_up_office(db: &Db, actor: &Actor, area: &ForceArea) -> Result<()> {
    if let Some(existing) = current(db).await? {
        return Err(crate::StoreError::Invalid(format!(
            "this database already serves {} ({}); an office serves one force area",
            existing.name, existing.gss_code
        )));
    }
    write(db, actor, area, true).await
}

/// Whether `opcc init` set this office up (rather than the demo loading itself).
pub async fn is_set_up_office(db: &Db) -> Result<bool> {
    let v: Option<String> =
        sqlx::query_scalar("SELECT value FROM office_settings WHERE name = 'office_setup'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(v.is_some())
}

async fn write(db: &Db, actor: &Actor, area: &ForceArea, office: bool) -> Result<()> {
    area.validate()
        .map_err(|errs| crate::StoreError::Invalid(errs.join("; ")))?;
    let mut tx = db.begin_write().await?;
    if office {
        sqlx::query("INSERT INTO office_settings (name, value) VALUES ('office_setup', 'init')")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO force_areas (gss_code, slug, name, population, population_source, households, \
         area_sq_miles, area_source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&area.gss_code)
    .bind(&area.slug)
    .bind(&area.name)
    .bind(area.population)
    .bind(&area.population_source)
    .bind(area.households)
    .bind(area.area_sq_miles)
    .bind(&area.area_source)
    .execute(&mut *tx)
    .await?;
    for la in &area.local_authorities {
        sqlx::query(
            "INSERT INTO local_authorities (gss_code, force_area, name, population, \
             population_source) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&la.gss_code)
        .bind(&area.gss_code)
        .bind(&la.name)
        .bind(la.population)
        .bind(&la.population_source)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new("force_area.create", "force_area", &area.gss_code).after(area),
    )
    .await?;
    Ok(())
}

/// Why a local authority's population is unknown: ONS table C4 gives only the combined
/// community safety partnership's.
pub const POPULATION_UNKNOWN: &str =
    "Unknown: ONS publishes it only for the combined community safety partnership (table C4)";

/// Why none of a force area's local authority populations is given.
pub const NOT_ADDING_UP: &str = "Unknown: the figures ONS table C4 gives for these local \
    authorities do not add up to the force area's population (some are for part of a merged \
    authority)";

/// A force area as the lookups shipped in the binary give it, by ONS code (E23..., W15...) or
/// data.police.uk slug: its name and mid-2023 population (ONS table P3), and its current local
/// authorities with their mid-2022 populations (table C4; 0 where unknown, saying so).
pub fn from_lookups(key: &str) -> Result<ForceArea> {
    let geo = crate::crime::geo::geo();
    let key = key.trim();
    let pfa = geo
        .pfas()
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(key) || p.slug.eq_ignore_ascii_case(key))
        .ok_or_else(|| {
            crate::StoreError::Invalid(format!(
                "{key:?} is not a police force area of England and Wales: give its ONS code \
                 (E23000006) or its data.police.uk name (cheshire); the {} are: {}",
                geo.pfas().len(),
                geo.pfas()
                    .iter()
                    .map(|p| p.slug.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let lads: Vec<_> = geo.current_lads_in(&pfa.code).collect();
    // Some figures the lookup holds are for part of a merged authority (ONS table C4 gives
    // community safety partnerships): when the known ones do not add up to the area's
    // population, none is trusted.
    let known: i64 = lads.iter().filter_map(|l| l.population).sum();
    let all_known = lads.iter().all(|l| l.population.is_some());
    let trusted = !all_known || (known - pfa.population).abs() * 50 <= pfa.population;
    let local_authorities = lads
        .into_iter()
        .map(|l| (l, if trusted { l.population } else { None }))
        .map(|(l, population)| LocalAuthority {
            gss_code: l.code.clone(),
            name: l.name.clone(),
            population: population.unwrap_or(0),
            population_source: match (population, trusted) {
                (Some(_), _) => "ONS mid-2022 estimate (table C4)".into(),
                (None, true) => POPULATION_UNKNOWN.into(),
                (None, false) => NOT_ADDING_UP.into(),
            },
        })
        .collect();
    Ok(ForceArea {
        gss_code: pfa.code.clone(),
        slug: pfa.slug.clone(),
        name: pfa.name.clone(),
        population: pfa.population,
        population_source:
            "ONS mid-2023 estimate (police force area tables, year ending December 2024, table P3)"
                .into(),
        households: None,
        area_sq_miles: None,
        area_source: None,
        local_authorities,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_force_area_of_england_and_wales_can_be_set_up_from_the_lookups() {
        let geo = crate::crime::geo::geo();
        let mut n = 0;
        for p in geo.pfas() {
            let area = super::from_lookups(&p.slug).unwrap();
            assert_eq!(super::from_lookups(&p.code).unwrap(), area);
            area.validate()
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.name));
            n += 1;
        }
        assert_eq!(n, 43, "the 43 territorial police force areas");
        let cheshire = super::from_lookups("cheshire").unwrap();
        let demo = crate::demo::demo_force_area().unwrap();
        let codes = |a: &opcc_domain::force_area::ForceArea| {
            let mut c: Vec<_> = a
                .local_authorities
                .iter()
                .map(|l| l.gss_code.clone())
                .collect();
            c.sort();
            c
        };
        assert_eq!(codes(&cheshire), codes(&demo));
        assert_eq!(cheshire.population, demo.population);
        assert!(super::from_lookups("btp").is_err());
        assert!(super::from_lookups("E23999999").is_err());
    }
}
