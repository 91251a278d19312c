//! `opcc grants retention [--dry-run]`: deletes grant applications that were not awarded six
//! years after their round closed (docs/commissioning.md). It prints ids only (this output
//! may be kept in logs, and an application names a group that was not funded): with
//! `--dry-run` exactly what a run today would delete, otherwise what it deleted.

use crate::cli::connect;
use opcc_store::audit::Actor;
use opcc_store::commissioning::cycle;
use std::process::ExitCode;

pub async fn retention(url: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let due = cycle::unawarded_due(&db, today).await?;
    let verb = if dry_run { "would delete" } else { "deleted" };
    if !dry_run {
        let n = cycle::purge_unawarded(&db, &Actor::system("opcc grants retention"), today).await?;
        // The same query chose both lists, in one process: they agree unless another writer
        // moved between them, which the count shows.
        if n != due.len() {
            anyhow::bail!("expected to delete {} applications, deleted {n}", due.len());
        }
    }
    for (id, round, status) in &due {
        println!("{verb} application {id} ({status}, round {round})");
    }
    println!(
        "{}: {} applications",
        if dry_run { "due today" } else { "done" },
        due.len()
    );
    Ok(ExitCode::SUCCESS)
}
