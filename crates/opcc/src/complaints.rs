//! `opcc complaints team add|remove EMAIL`: the complaints role from the command line (for the
//! first member, before any administrator has signed in).
//!
//! `opcc complaints retention [--dry-run]`: the retention schedule of complaint and review
//! records. It prints what goes today (ids and references only: this output may be kept in
//! logs) and what goes next, and without `--dry-run` anonymises and deletes what is due, in
//! one transaction with one audit entry.

use crate::cli::{TeamChange, connect};
use opcc_store::audit::Actor;
use opcc_store::complaints::retention;
use std::process::ExitCode;

pub async fn retention(url: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let schedule = retention::schedule(&db).await?;
    let report = if dry_run {
        retention::plan(&db, today).await?
    } else {
        retention::run(&db, &Actor::system("opcc complaints retention"), today).await?
    };
    let verb = if dry_run {
        "would anonymise"
    } else {
        "anonymised"
    };
    for d in schedule.iter().filter(|d| d.due_on <= today) {
        println!(
            "{verb} {} {} (id {}), closed {}, due {}",
            d.kind, d.reference, d.id, d.closed_on, d.due_on
        );
    }
    let verb = if dry_run { "would delete" } else { "deleted" };
    for p in &report.persons {
        println!("{verb} person {p}: no record names them any longer");
    }
    println!(
        "{}: {} reviews, {} complaints, {} persons",
        if dry_run { "due today" } else { "done" },
        report.reviews.len(),
        report.complaints.len(),
        report.persons.len()
    );
    let next: Vec<_> = schedule
        .iter()
        .filter(|d| d.due_on > today)
        .take(10)
        .collect();
    if next.is_empty() {
        println!("nothing else is due: no other closed records are held");
    }
    for d in next {
        println!(
            "next: {} {} (id {}) goes on {}",
            d.kind, d.reference, d.id, d.due_on
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn team(url: &str, change: TeamChange) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let (email, add) = match &change {
        TeamChange::Add { email } => (email, true),
        TeamChange::Remove { email } => (email, false),
    };
    let wanted = email.trim().to_lowercase();
    let users = opcc_store::accounts::list_users(&db).await?;
    let Some(user) = users.iter().find(|u| u.email.to_lowercase() == wanted) else {
        eprintln!("opcc complaints team: no user has the email {email}");
        return Ok(ExitCode::from(2));
    };
    let actor = Actor::system("opcc complaints team");
    if add {
        if let Err(e) = opcc_store::complaints::grant(&db, &actor, user.id).await {
            eprintln!("opcc complaints team: {email}: {e}");
            return Ok(ExitCode::from(2));
        }
        println!("{email} is on the complaints team");
    } else {
        opcc_store::complaints::revoke(&db, &actor, user.id).await?;
        println!("{email} is not on the complaints team");
    }
    Ok(ExitCode::SUCCESS)
}
