//! `opcc init --force-area CODE`: an empty office for any police force area of England and
//! Wales, from the lookups shipped in the binary, instead of the demo.

use crate::UsageError;
use crate::cli::connect;
use opcc_store::StoreError;
use opcc_store::audit::Actor;
use std::process::ExitCode;

pub async fn run(database_url: &str, force_area: &str) -> anyhow::Result<ExitCode> {
    let area =
        opcc_store::force_area::from_lookups(force_area).map_err(|e| UsageError(e.to_string()))?;
    let db = connect(database_url).await?;
    if !opcc_store::plans::list(&db).await?.is_empty() {
        return Err(UsageError(
            "this database already holds plans (the demo's?): set up an office in a new, empty database"
                .into(),
        )
        .into());
    }
    match opcc_store::force_area::set_up_office(&db, &Actor::system("opcc init"), &area).await {
        Ok(()) => {}
        Err(StoreError::Invalid(e)) => return Err(UsageError(e).into()),
        Err(e) => return Err(e.into()),
    }
    println!(
        "Set up an office for {} ({}, data.police.uk \"{}\"), population {}, with {} local authorities:",
        area.name,
        area.gss_code,
        area.slug,
        area.population,
        area.local_authorities.len()
    );
    for la in &area.local_authorities {
        let pop = if la.population > 0 {
            la.population.to_string()
        } else {
            "population unknown".into()
        };
        println!("  {} {} ({pop})", la.gss_code, la.name);
    }
    println!(
        "Next: opcc user add --email you@example.org --role admin; \
         opcc import police-uk FILES; opcc plan import PLAN.toml; \
         opcc import boundaries FILE.geojson for the crime map; then opcc serve \
         (the demo is never loaded into this database)."
    );
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `opcc import boundaries FILE`: the crime map's boundaries, from a GeoJSON file the office
/// provides, read through a cap.
pub async fn boundaries(
    database_url: &str,
    file: &std::path::Path,
    force_area: Option<&str>,
) -> anyhow::Result<ExitCode> {
    use opcc_store::crime::boundaries_file::{MAX_FILE_BYTES, from_geojson, save};
    use std::io::Read;
    let name = file.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| UsageError(format!("{name}: {e}")))?;
    let db = connect(database_url).await?;
    let pfa = match force_area {
        Some(key) => {
            opcc_store::force_area::from_lookups(key)
                .map_err(|e| UsageError(e.to_string()))?
                .gss_code
        }
        None => match opcc_store::force_area::current(&db).await? {
            Some(a) => a.gss_code,
            None => {
                return Err(UsageError(
                    "no force area is set up: run opcc init --force-area first, or give --force-area".into(),
                )
                .into());
            }
        },
    };
    let (b, read) = tokio::task::spawn_blocking(move || from_geojson(&pfa, &name, &bytes))
        .await?
        .map_err(UsageError)?;
    save(
        &db,
        &Actor::system("opcc import boundaries"),
        &b,
        &read,
        &file.display().to_string(),
    )
    .await?;
    println!(
        "{}: {} LSOAs and {} local authority outlines loaded for {}; {} features left out",
        file.display(),
        read.lsoas,
        read.lads,
        b.pfa,
        read.skipped.len()
    );
    for s in read.skipped.iter().take(20) {
        println!("  left out: {s}");
    }
    if read.skipped.len() > 20 {
        println!("  ... and {} more", read.skipped.len() - 20);
    }
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
