//! `opcc schemes retention [--dry-run]`: applies the volunteer schemes' retention rules
//! (docs/schemes.md). It prints ids only (this output may be kept in logs): with
//! `--dry-run` exactly what a run today would remove, otherwise what it removed.
//!
//! `opcc schemes staff add|remove SCHEME EMAIL`: a scheme's staff from the command line (for
//! the first, before any administrator has signed in, and for scripts).

use crate::cli::{StaffChange, connect};
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
        ("engagement event", &r.events),
    ] {
        for id in ids {
            println!("{verb} {what} {id}");
        }
    }
    println!(
        "{}: {} volunteers, {} applications, {} reports, {} rota visits, {} expenses claims, \
         {} panel case lists, {} engagement events",
        if dry_run { "due today" } else { "done" },
        r.volunteers.len(),
        r.applications.len(),
        r.reports.len(),
        r.rota.len(),
        r.expenses.len(),
        r.panel_lists.len(),
        r.events.len()
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn staff(url: &str, change: StaffChange) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let (scheme, email, add) = match &change {
        StaffChange::Add { scheme, email } => (scheme, email, true),
        StaffChange::Remove { scheme, email } => (scheme, email, false),
    };
    let wanted = email.trim().to_lowercase();
    let users = opcc_store::accounts::list_users(&db).await?;
    let Some(user) = users.iter().find(|u| u.email.to_lowercase() == wanted) else {
        eprintln!("opcc schemes staff: no user has the email {email}");
        return Ok(ExitCode::from(2));
    };
    let actor = Actor::system("opcc schemes staff");
    let r = if add {
        opcc_store::schemes::staff::add(&db, &actor, scheme, user.id).await
    } else {
        opcc_store::schemes::staff::remove(&db, &actor, scheme, user.id).await
    };
    if let Err(e) = r {
        eprintln!("opcc schemes staff: {email}: {e}");
        return Ok(ExitCode::from(2));
    }
    let verb = if add { "is" } else { "is not" };
    println!("{email} {verb} staff of the {scheme} scheme");
    Ok(ExitCode::SUCCESS)
}
