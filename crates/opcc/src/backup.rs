//! `opcc backup FILE` and `opcc restore FILE`.

use crate::UsageError;
use crate::cli::connect;
use opcc_store::audit::Verification;
use opcc_store::{Backend, StoreError};
use std::path::Path;
use std::process::ExitCode;

const PG_DUMP: &str = "opcc backup copies SQLite databases. For PostgreSQL use its own tools, \
which take a consistent snapshot while the service runs:\n  \
pg_dump --format=custom --file=opcc.dump \"$OPCC_DATABASE_URL\"\n\
and to restore into a new, empty database:\n  \
pg_restore --no-owner --dbname=\"postgres://.../new_db\" opcc.dump\n\
then run `opcc audit verify` against it.";

pub async fn backup(database_url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let db = connect(database_url).await?;
    if db.backend == Backend::Postgres {
        eprintln!("{PG_DUMP}");
        return Ok(ExitCode::FAILURE);
    }
    match opcc_store::backup::backup(&db, file).await {
        Ok(()) => {}
        Err(StoreError::Invalid(m)) => return Err(UsageError(m).into()),
        Err(e) => return Err(e.into()),
    }
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({size} bytes)", file.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(database_url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    if database_url.starts_with("postgres") {
        eprintln!("{PG_DUMP}");
        return Ok(ExitCode::FAILURE);
    }
    let db = match opcc_store::backup::restore(database_url, file).await {
        Ok(db) => db,
        Err(e @ (StoreError::Invalid(_) | StoreError::NotFound(_))) => {
            return Err(UsageError(e.to_string()).into());
        }
        Err(e) => return Err(e.into()),
    };
    let code = match opcc_store::audit::verify(&db).await? {
        Verification::Intact { entries } => {
            println!(
                "restored {}: audit chain intact, {entries} entries",
                file.display()
            );
            ExitCode::SUCCESS
        }
        Verification::Broken(b) => {
            eprintln!(
                "restored {}, but its audit chain is BROKEN: {b}",
                file.display()
            );
            ExitCode::FAILURE
        }
    };
    for (table, rows) in opcc_store::backup::row_counts(&db).await? {
        println!("  {table}: {rows} rows");
    }
    db.close().await;
    Ok(code)
}
