//! Flags, their `OPCC_*` variables, and start-up helpers shared by the commands.

use crate::UsageError;
use clap::{Args, Parser, Subcommand, ValueEnum};
use opcc_domain::security::client_ip::TrustedProxy;
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
    /// Load the demo data into an empty database (what `serve` does unless --no-demo), and
    /// the police.uk and spending demo files into the demo office's database.
    Demo,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Set up an empty office for a police force area (instead of the demo): its local
    /// authorities and populations from the lookups shipped in the binary.
    Init {
        /// The force area's ONS code (E23000006, W15000002) or data.police.uk name
        /// (cheshire, north-wales): any of the 43 in England and Wales.
        #[arg(long)]
        force_area: String,
    },
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
    /// E-mail notifications: run a round now, or list what was sent.
    #[command(subcommand)]
    Notify(NotifyCommand),
    /// Check a deployment: the database, migrations, the audit chain, disk space, SMTP,
    /// cookies behind TLS and the time zone. Exit 1 when something needs fixing.
    Doctor(DoctorArgs),
    /// Copy the database while the service runs (SQLite; PostgreSQL: use pg_dump).
    Backup {
        /// The new file to write; an existing file is never overwritten.
        file: std::path::PathBuf,
    },
    /// Restore a backup into a new, empty database (the --database-url one).
    Restore {
        /// A file written by `opcc backup`.
        file: std::path::PathBuf,
    },
    /// Citizens' assemblies: select a panel by LEXIMIN (docs/assemblies.md).
    #[command(subcommand)]
    Assembly(AssemblyCommand),
    /// Export published data.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Police complaints: the retention schedule.
    #[command(subcommand)]
    Complaints(ComplaintsCommand),
    /// Volunteer schemes: the retention schedule and scheme staff.
    #[command(subcommand)]
    Schemes(SchemesCommand),
    /// Commissioning and grants: the retention schedule.
    #[command(subcommand)]
    Grants(GrantsCommand),
    /// Engagement and citizens' assemblies: the retention schedule.
    #[command(subcommand)]
    Engagement(EngagementCommand),
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The office's grants in the 360Giving Data Standard 1.4.3, to standard output: the JSON
    /// package, with --csv the flattened CSV, or with --xlsx the flattened spreadsheet. Grants
    /// to individuals are never published.
    #[command(name = "360giving")]
    Giving360 {
        /// The flattened CSV instead of the JSON package.
        #[arg(long)]
        csv: bool,
        /// The flattened spreadsheet (XLSX, to redirect to a file) instead of the JSON package.
        #[arg(long, conflicts_with = "csv")]
        xlsx: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AssemblyCommand {
    /// Select a panel from the paper's files (categories: category, feature, min, max;
    /// respondents: one column per category, row index = id): prints the minimum selection
    /// probability and writes probabilities.csv, distribution.csv and panel.csv.
    Select(SelectArgs),
}

#[derive(clap::Args, Debug)]
pub struct SelectArgs {
    pub categories: std::path::PathBuf,
    pub respondents: std::path::PathBuf,
    /// The panel size.
    #[arg(long)]
    pub panel: u32,
    /// The seed of the final draw (printed; chosen at random when not given).
    #[arg(long)]
    pub seed: Option<u64>,
    /// The folder to write the CSV files to (default: the current folder).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
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
    /// Map boundaries for the crime map, for a force whose boundaries do not ship: a GeoJSON
    /// FeatureCollection (WGS 84) of its LSOAs and, optionally, its local authorities.
    Boundaries {
        file: std::path::PathBuf,
        /// The force area (ONS code or data.police.uk name); defaults to this office's.
        #[arg(long)]
        force_area: Option<String>,
    },
    /// Past grants from a 360Giving file: the JSON package, the flattened CSV or the
    /// spreadsheet template (.xlsx). A file with any error imports nothing; grants already
    /// held are left as they are; grants to individuals are left out.
    #[command(name = "360giving")]
    Giving360 { file: std::path::PathBuf },
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

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum KeepRowsArg {
    Home,
    All,
}

impl From<KeepRowsArg> for opcc_store::crime::KeepRows {
    fn from(k: KeepRowsArg) -> Self {
        match k {
            KeepRowsArg::Home => Self::HomeForce,
            KeepRowsArg::All => Self::All,
        }
    }
}

#[derive(Args, Debug)]
pub struct PoliceUkArgs {
    /// Load a file's valid rows and report the bad ones, instead of rejecting the file.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Let a file with no rows replace a month that has rows (the month then shows as a gap).
    #[arg(long)]
    pub allow_empty: bool,
    /// Whose rows to keep beside the counts: `home` keeps the office's force area's rows (for
    /// its maps) and only the counts of other forces; `all` keeps every force's rows.
    #[arg(long, value_enum, default_value = "home")]
    pub keep_rows: KeepRowsArg,
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

    /// Behind a reverse proxy: the header it puts the client's address in, and optionally the
    /// proxy's own addresses, the only peers it is believed from, e.g.
    /// x-forwarded-for@10.0.0.5. Without it the client is the connection's peer. Sign-in
    /// throttling and rate limits count per client, so get this right.
    #[arg(long, env = "OPCC_TRUSTED_PROXY", value_parser = parse_trusted_proxy)]
    pub trusted_proxy: Option<TrustedProxy>,

    #[command(flatten)]
    pub mail: MailArgs,
}

/// E-mail: without an SMTP URL no e-mail is sent (and none is queued).
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// The mail server: smtp://host:25, smtp://user:password@host:587?tls=required
    /// (STARTTLS) or smtps://user:password@host (TLS).
    #[arg(long, env = "OPCC_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The address messages come from, e.g. "OPCC <no-reply@opcc.example.org>".
    #[arg(long, env = "OPCC_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// The address people reach the service at, for the links in messages, e.g.
    /// https://opcc.example.org.
    #[arg(long, env = "OPCC_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Seconds between rounds of notifications (scan, queue, send and retry).
    #[arg(long, env = "OPCC_MAIL_INTERVAL", default_value_t = 60)]
    pub mail_interval: u64,
}

#[derive(Subcommand, Debug)]
pub enum NotifyCommand {
    /// Scan for what people should hear, queue it, and send what is due, once.
    Run(MailArgs),
    /// List the newest messages in the outbox, sent or waiting.
    Outbox {
        #[arg(long, default_value_t = 20)]
        limit: i64,
    },
}

#[derive(Args, Debug)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub mail: MailArgs,
    /// As `serve`: whether cookies are sent without the Secure flag.
    #[arg(long, env = "OPCC_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// As `serve`: the reverse proxy's header and addresses.
    #[arg(long, env = "OPCC_TRUSTED_PROXY", value_parser = parse_trusted_proxy)]
    pub trusted_proxy: Option<TrustedProxy>,
    /// Free space below this many megabytes beside the database is a problem.
    #[arg(long, default_value_t = 1024)]
    pub min_free_mb: u64,
}

fn parse_trusted_proxy(s: &str) -> Result<TrustedProxy, String> {
    TrustedProxy::parse(s).map_err(|e| e.to_string())
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
    Verify {
        /// Also prove the log still holds this published checkpoint, unchanged.
        #[arg(long)]
        checkpoint: Option<std::path::PathBuf>,
        /// The public key the checkpoint must be signed with (from `opcc audit keygen`).
        #[arg(long, requires = "checkpoint")]
        public_key: Option<std::path::PathBuf>,
    },
    /// Sign the chain's head with a key kept outside the database, and publish it.
    Checkpoint {
        /// The signing key file from `opcc audit keygen`.
        #[arg(long, env = "OPCC_AUDIT_KEY")]
        key: std::path::PathBuf,
        /// Write the checkpoint here too (it is always printed, and published by the service).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Make a signing key file (mode 0600) and its public key file (FILE.pub).
    Keygen {
        /// Where to write the key; never overwritten.
        #[arg(long)]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ComplaintsCommand {
    /// Grant or remove the complaints role (casework and complainants' personal data) for an
    /// office user, as an administrator does at /admin/complaints/team; audited.
    Team {
        #[command(subcommand)]
        change: TeamChange,
    },
    /// Anonymise complaint and review records past their retention date and delete the
    /// people no record names any longer; list what goes next.
    Retention {
        /// List what would go today and what goes next, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TeamChange {
    /// Put an active admin or staff user on the complaints team.
    Add { email: String },
    /// Take a user off the complaints team.
    Remove { email: String },
}

#[derive(Subcommand, Debug)]
pub enum SchemesCommand {
    /// Erase former volunteers' personal data, old applications, reports, rota visits,
    /// expenses and the force's case lists past their retention dates (docs/schemes.md).
    Retention {
        /// List exactly what would go today, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Add or remove a scheme's staff (who see its volunteers' personal data), as an
    /// administrator does at /admin/schemes/staff; audited.
    Staff {
        #[command(subcommand)]
        change: StaffChange,
    },
}

#[derive(Subcommand, Debug)]
pub enum StaffChange {
    /// Make an active admin or staff user staff of the scheme (custody, calls, dogs,
    /// engagement or panel).
    Add { scheme: String, email: String },
    /// Take a user off the scheme's staff.
    Remove { scheme: String, email: String },
}

#[derive(Subcommand, Debug)]
pub enum GrantsCommand {
    /// Delete grant applications that were not awarded, with their budgets, scores and
    /// documents, six years after their round closed (docs/commissioning.md).
    Retention {
        /// List exactly what would go today, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum EngagementCommand {
    /// Erase survey respondents' names, emails and equality answers, youth commission members'
    /// names and birth dates, and assembly volunteers' contact details past their retention
    /// dates (docs/engagement.md, docs/assemblies.md).
    Retention {
        /// List exactly what would go today, changing nothing.
        #[arg(long)]
        dry_run: bool,
    },
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
