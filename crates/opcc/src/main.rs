//! The `opcc` command: wires configuration, storage and the web service together.

mod assembly;
mod audit;
mod backup;
mod cli;
mod complaints;
mod demo;
mod doctor;
mod engagement;
mod giving;
mod grants;
mod import;
mod init;
mod notify;
mod plan;
mod schemes;
mod serve;
mod spending;
mod user;

use clap::Parser;
use cli::{AssemblyCommand, Cli, Command, ExportCommand, ImportCommand, PlanCommand, UserCommand};
use std::process::ExitCode;

/// A failure the user can fix (a bad value, a port in use): one line, exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            let line = text.lines().next().unwrap_or("invalid arguments");
            eprintln!("opcc: {}", line.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    cli::init_tracing(cli.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("opcc: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("opcc: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(&cli.database_url, cli.log_format, args).await,
        Command::Demo => demo::run(&cli.database_url).await,
        Command::Migrate => {
            let db = cli::connect(&cli.database_url).await?;
            println!(
                "{} database migrated to schema version {}",
                db.backend.name(),
                db.schema_version().await?
            );
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { force_area } => init::run(&cli.database_url, &force_area).await,
        Command::User(UserCommand::Add(args)) => user::add(&cli.database_url, args).await,
        Command::Plan(PlanCommand::Import { file, replace }) => {
            plan::import(&cli.database_url, &file, replace).await
        }
        Command::Plan(PlanCommand::Export { slug }) => plan::export(&cli.database_url, &slug).await,
        Command::Import(ImportCommand::PoliceUk(args)) => {
            import::police_uk(&cli.database_url, args).await
        }
        Command::Import(ImportCommand::Boundaries { file, force_area }) => {
            init::boundaries(&cli.database_url, &file, force_area.as_deref()).await
        }
        Command::Import(ImportCommand::Spending(args)) => {
            spending::run(&cli.database_url, args).await
        }
        Command::Audit(cmd) => audit::run(&cli.database_url, cmd).await,
        Command::Notify(cmd) => notify::run(&cli.database_url, cmd).await,
        Command::Doctor(args) => doctor::run(&cli.database_url, args).await,
        Command::Backup { file } => backup::backup(&cli.database_url, &file).await,
        Command::Restore { file } => backup::restore(&cli.database_url, &file).await,
        Command::Assembly(AssemblyCommand::Select(args)) => assembly::select(args).await,
        Command::Export(ExportCommand::Giving360 { csv, xlsx }) => {
            giving::export(&cli.database_url, csv, xlsx).await
        }
        Command::Import(ImportCommand::Giving360 { file }) => {
            giving::import(&cli.database_url, &file).await
        }
        Command::Complaints(cli::ComplaintsCommand::Retention { dry_run }) => {
            complaints::retention(&cli.database_url, dry_run).await
        }
        Command::Complaints(cli::ComplaintsCommand::Team { change }) => {
            complaints::team(&cli.database_url, change).await
        }
        Command::Schemes(cli::SchemesCommand::Retention { dry_run }) => {
            schemes::retention(&cli.database_url, dry_run).await
        }
        Command::Schemes(cli::SchemesCommand::Staff { change }) => {
            schemes::staff(&cli.database_url, change).await
        }
        Command::Grants(cli::GrantsCommand::Retention { dry_run }) => {
            grants::retention(&cli.database_url, dry_run).await
        }
        Command::Engagement(cli::EngagementCommand::Retention { dry_run }) => {
            engagement::retention(&cli.database_url, dry_run).await
        }
    }
}
