//! `opcc schemes retention [--dry-run]`: applies the volunteer schemes' retention rules
//! (docs/schemes.md). It prints ids only (this output may be kept in logs): with
//! `--dry-run` exactly what a run today would remove, otherwise what it removed.

use crate::cli::connect;
use opcc_store::audit::Actor;
use opcc_store::schemes::retention;
use std::process::ExitCode;

pub async fn retention(url: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let r = if dry_run {
        retention::plan(&db, today).await?
    } else {
        retention::run(&db, &Actor::system("opcc schemes retention"), today).await?
    };
    let verb = if dry_run { "would remove" } else { "removed" };
    for (what, ids) in [
        ("volunteer's personal data", &r.volunteers),
        ("application", &r.applications),
        ("report", &r.reports),
        ("rota visit", &r.rota),
        ("expenses claim", &r.expenses),
        ("panel case list", &r.panel_lists),
    ] {
        for id in ids {
            println!("{verb} {what} {id}");
        }
    }
    println!(
        "{}: {} volunteers, {} applications, {} reports, {} rota visits, {} expenses claims, \
         {} panel case lists",
        if dry_run { "due today" } else { "done" },
        r.volunteers.len(),
        r.applications.len(),
        r.reports.len(),
        r.rota.len(),
        r.expenses.len(),
        r.panel_lists.len()
    );
    Ok(ExitCode::SUCCESS)
}
