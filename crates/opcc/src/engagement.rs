//! `opcc engagement retention [--dry-run]`: applies the rules for what the public gives the
//! office (surveys, plan comments, questions, the youth commission, citizens' assemblies;
//! docs/engagement.md). It prints ids only (this output may be kept
//! in logs): with `--dry-run` exactly what a run today would remove, otherwise what it removed.

use crate::cli::connect;
use opcc_store::audit::Actor;
use opcc_store::engagement::retention;
use std::process::ExitCode;

pub async fn retention(url: &str, dry_run: bool) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let today = time::OffsetDateTime::now_utc().date();
    let r = if dry_run {
        retention::plan(&db, today).await?
    } else {
        retention::run(&db, &Actor::system("opcc engagement retention"), today).await?
    };
    let verb = if dry_run { "would remove" } else { "removed" };
    for (what, ids) in [
        ("survey respondents' personal data, survey", &r.surveys),
        (
            "youth commission member's personal data, member",
            &r.youth_members,
        ),
        (
            "assembly volunteer's contact details, registration",
            &r.registrations,
        ),
        ("plan commenters' names and emails, plan", &r.plan_comments),
        (
            "question submitter's name and email, question",
            &r.questions,
        ),
    ] {
        for id in ids {
            println!("{verb} {what} {id}");
        }
    }
    println!(
        "{}: {} surveys, {} youth commission members, {} assembly registrations, {} plans' comments, {} questions",
        if dry_run { "due today" } else { "done" },
        r.surveys.len(),
        r.youth_members.len(),
        r.registrations.len(),
        r.plan_comments.len(),
        r.questions.len()
    );
    Ok(ExitCode::SUCCESS)
}
