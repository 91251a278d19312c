//! Flags, their `OPCC_*` variables, and start-up helpers shared by the commands.

use crate::UsageError;
use clap::{Args, Parser, Subcommand, ValueEnum};
use opcc_store::{Db, StoreError};
use std::net::SocketAddr;

#[derive(Parser, Debug)]
#[command(
    name = "opcc",
    version,
    about = "Runs the office of a Police and Crime Commissioner"
)]
pub struct Cli {
    /// sqlite:FILE (created if missing) or postgres://user@host/database.
    #[arg(
        long,
        env = "OPCC_DATABASE_URL",
        default_value = "sqlite://opcc.db",
        global = true
    )]
    pub database_url: String,

    /// How to write logs: readable text, or JSON lines for a log collector.
    #[arg(long, env = "OPCC_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web service (migrates, and loads the demo data into an empty database).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Police and Crime Plans as files.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Import published data.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Import a plan file (TOML; see docs/plans.md). A file with errors changes nothing.
    Import {
        file: std::path::PathBuf,
        /// Replace the contents of an existing plan with the same slug.
        #[arg(long)]
        replace: bool,
    },
    /// Print a plan as a plan file, which imports back without loss.
    Export { slug: String },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// data.police.uk monthly files (street, outcomes, stop-and-search): files, folders and
    /// the published .zip archives. Each force x month x kind is replaced atomically.
    PoliceUk(PoliceUkArgs),
    /// Monthly files of spending over £500 (CSV or XLSX). Each file is imported whole or not
    /// at all; the same file twice changes nothing.
    Spending(SpendingArgs),
}

#[derive(Args, Debug)]
pub struct SpendingArgs {
    /// Who publishes the files (its column mapping is saved under this name); defaults to
    /// each file's folder's name.
    #[arg(long)]
    pub source: Option<String>,
    /// CSV or XLSX files.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct PoliceUkArgs {
    /// Load a file's valid rows and report the bad ones, instead of rejecting the file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Files (YYYY-MM-force-kind.csv), folders, or .zip archives.
    #[arg(required = true)]
    pub paths: Vec<std::path::PathBuf>,
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "OPCC_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Do not load the demo data into an empty database.
    #[arg(long, env = "OPCC_NO_DEMO")]
    pub no_demo: bool,

    /// Send cookies without the Secure flag, for a deployment reached over plain HTTP on a
    /// host other than localhost. Never use this on the internet.
    #[arg(long, env = "OPCC_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user. The password is read from standard input when it is not a terminal,
    /// otherwise generated and printed once.
    Add(UserAddArgs),
}

#[derive(Args, Debug)]
pub struct UserAddArgs {
    #[arg(long)]
    pub email: String,
    /// admin, staff, panel, volunteer or provider.
    #[arg(long)]
    pub role: opcc_domain::accounts::Role,
    /// The person's full name (defaults to the part of the email before the @).
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the hash chain; exit 0 if intact, 1 naming the first bad entry if not.
    Verify,
}

pub fn init_tracing(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("OPCC_LOG").unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Connects and migrates; a URL of the wrong shape is the user's to fix.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    match Db::connect(url).await {
        Ok(db) => Ok(db),
        Err(e @ StoreError::UnsupportedUrl(_)) => Err(UsageError(e.to_string()).into()),
        Err(e) => {
            Err(anyhow::Error::new(e)
                .context(format!("cannot open the database at {}", redact(url))))
        }
    }
}

/// Hides a password in a database URL before it is printed.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_in_urls_are_hidden() {
        assert_eq!(
            super::redact("postgres://opcc:s3cret@db/opcc"),
            "postgres://opcc:***@db/opcc"
        );
        assert_eq!(super::redact("postgres://db/opcc"), "postgres://db/opcc");
        assert_eq!(super::redact("sqlite://opcc.db"), "sqlite://opcc.db");
    }
}
