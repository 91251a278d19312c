//! `opcc demo`: the demo data, loaded into an empty database. `serve` runs it as a child
//! process, so the memory that parsing the police.uk and spending files takes is returned to
//! the system when the load ends instead of staying in the long-running server's heap.

use crate::cli::{LogFormat, connect};
use anyhow::Context;
use std::process::ExitCode;

pub async fn run(database_url: &str) -> anyhow::Result<ExitCode> {
    let db = connect(database_url).await?;
    if opcc_store::demo::load_if_empty(&db).await? {
        tracing::info!("loaded the demo data into the empty database");
    }
    if opcc_store::demo::is_demo_office(&db).await? {
        load_police_uk_demo(&db).await?;
        load_spending_demo(&db).await?;
    }
    db.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Runs `opcc demo` on the same database and waits for it; its logs go where the server's go.
pub async fn load_in_child(database_url: &str, log_format: LogFormat) -> anyhow::Result<()> {
    let exe = std::env::current_exe().context("cannot find the opcc program to load the demo")?;
    let format = match log_format {
        LogFormat::Text => "text",
        LogFormat::Json => "json",
    };
    let mut child = std::process::Command::new(exe);
    child
        .arg("demo")
        .env("OPCC_DATABASE_URL", database_url)
        .env("OPCC_LOG_FORMAT", format);
    let status = tokio::task::spawn_blocking(move || child.status())
        .await?
        .context("cannot start `opcc demo` to load the demo data")?;
    anyhow::ensure!(
        status.success(),
        "loading the demo data failed ({status}); start with --no-demo to serve without it"
    );
    Ok(())
}

/// The demo's crime pages: the police.uk files of the shared data folder (`OPCC_SHARED_DATA`,
/// else `../shared/data` from the current directory) when it holds more than the sample that
/// ships in the binary, else that sample.
async fn load_police_uk_demo(db: &opcc_store::Db) -> anyhow::Result<()> {
    use opcc_store::demo::PoliceUkDemo;
    let dir = std::env::var_os("OPCC_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../shared/data"))
        .join("police_uk");
    match opcc_store::demo::load_police_uk_demo(db, Some(&dir)).await? {
        PoliceUkDemo::AlreadyLoaded => {}
        PoliceUkDemo::Folder(n) => {
            tracing::info!(files = n, dir = %dir.display(), "loaded the police.uk demo files")
        }
        PoliceUkDemo::Sample(n) => {
            tracing::info!(
                files = n,
                "loaded the police.uk sample that ships with opcc"
            )
        }
    }
    Ok(())
}

/// The demo's spending pages: the real spending files under the shared data folder's
/// `spend/` (one source per folder), when present.
async fn load_spending_demo(db: &opcc_store::Db) -> anyhow::Result<()> {
    let dir = std::env::var_os("OPCC_SHARED_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("../shared/data"))
        .join("spend");
    // As after any budget change: plan measures of the cost per head follow the budgets.
    opcc_store::finance::measure::derive_cost_per_head(
        db,
        &opcc_store::audit::Actor::system("demo data"),
    )
    .await?;
    let n = opcc_store::finance::demo::load_spending(db, &dir).await?;
    if n > 0 {
        tracing::info!(files = n, dir = %dir.display(), "loaded the spending demo files");
    }
    Ok(())
}
