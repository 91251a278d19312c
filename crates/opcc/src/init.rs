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
