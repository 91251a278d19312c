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
    area.validate()
        .map_err(|errs| crate::StoreError::Invalid(errs.join("; ")))?;
    let mut tx = db.begin_write().await?;
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
