//! `opcc export 360giving [--csv|--xlsx]` and `opcc import 360giving FILE`: the office's grants out
//! in the 360Giving Data Standard 1.4.3, and past grants in.

use crate::UsageError;
use crate::cli::connect;
use opcc_domain::commissioning::giving;
use opcc_store::audit::Actor;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// The largest file read: far above any one funder's publication (Trafford's 555 grants are
/// 0.4 MB as JSON).
const MAX_BYTES: u64 = 64 << 20;

pub async fn export(database_url: &str, csv: bool, xlsx: bool) -> anyhow::Result<ExitCode> {
    let db = connect(database_url).await?;
    let out = if xlsx {
        let grants = opcc_store::commissioning::giving::published(&db).await?;
        opcc_web::download::giving_xlsx_body(&grants).map_err(anyhow::Error::msg)?
    } else if csv {
        let grants = opcc_store::commissioning::giving::published(&db).await?;
        let (headers, rows) = giving::flat_rows(&grants);
        opcc_web::download::csv(&headers, rows)
    } else {
        let package = opcc_store::commissioning::giving::package(&db).await?;
        format!("{package:#}\n").into_bytes()
    };
    std::io::stdout().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn import(database_url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let meta =
        std::fs::metadata(file).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
    if meta.len() > MAX_BYTES {
        return Err(UsageError(format!("{name} is larger than {} MB", MAX_BYTES >> 20)).into());
    }
    let bytes = std::fs::read(file).map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
    let read = match giving::read_file(&name, &bytes) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("opcc: {name} was not imported: nothing was changed");
            return Ok(ExitCode::from(2));
        }
    };
    let db = connect(database_url).await?;
    let (added, already) = opcc_store::commissioning::giving::import(
        &db,
        &Actor::system("opcc import 360giving"),
        &name,
        &read,
    )
    .await?;
    println!(
        "{name}: {added} grants imported, {already} already held, {} to individuals left out",
        read.individuals_left_out
    );
    Ok(ExitCode::SUCCESS)
}
