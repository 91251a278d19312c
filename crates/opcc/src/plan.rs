//! `opcc plan import FILE` and `opcc plan export SLUG`: plan files in and out, losslessly.

use crate::UsageError;
use crate::cli::connect;
use opcc_domain::plans::file::PlanFile;
use opcc_store::audit::Actor;
use opcc_store::plans::ImportError;
use std::path::Path;
use std::process::ExitCode;

pub async fn import(database_url: &str, file: &Path, replace: bool) -> anyhow::Result<ExitCode> {
    let name = file.display();
    let text = std::fs::read_to_string(file)
        .map_err(|e| UsageError(format!("cannot read {name}: {e}")))?;
    let plan = match PlanFile::parse(&text) {
        Ok(p) => p,
        Err(errors) => {
            for e in &errors {
                eprintln!("{name}: {e}");
            }
            eprintln!(
                "opcc: {name} was not imported: {} error(s); nothing was changed",
                errors.len()
            );
            return Ok(ExitCode::from(2));
        }
    };
    let db = connect(database_url).await?;
    match opcc_store::plans::import(&db, &Actor::system("opcc plan import"), &plan, replace).await {
        Ok(_) => {
            let items = plan.all_items();
            let commitments: usize = items.iter().map(|(_, i)| i.commitments.len()).sum();
            let measures: usize = items.iter().map(|(_, i)| i.measures.len()).sum();
            println!(
                "imported {}: {} items, {commitments} commitments, {measures} measures",
                plan.slug,
                items.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ ImportError::Exists(_)) => Err(UsageError(e.to_string()).into()),
        Err(ImportError::Store(e)) => Err(e.into()),
    }
}

pub async fn export(database_url: &str, slug: &str) -> anyhow::Result<ExitCode> {
    let db = connect(database_url).await?;
    match opcc_store::plans::load(&db, slug).await? {
        Some(plan) => {
            print!("{}", plan.to_toml());
            Ok(ExitCode::SUCCESS)
        }
        None => Err(UsageError(format!("there is no plan with the slug {slug:?}")).into()),
    }
}
