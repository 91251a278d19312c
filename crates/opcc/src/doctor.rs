//! `opcc doctor`: checks a deployment and says what to fix. Each check prints one line, "ok"
//! or "FIX" with what to do; the exit code is 1 when any line says FIX.

use crate::cli::{DoctorArgs, redact};
use opcc_store::Db;
use opcc_store::audit::Verification;
use std::process::ExitCode;

struct Report {
    problems: usize,
}

impl Report {
    fn ok(&mut self, what: &str, detail: impl std::fmt::Display) {
        println!("ok   {what}: {detail}");
    }

    fn fix(&mut self, what: &str, detail: impl std::fmt::Display) {
        self.problems += 1;
        println!("FIX  {what}: {detail}");
    }

    fn note(&mut self, what: &str, detail: impl std::fmt::Display) {
        println!("note {what}: {detail}");
    }
}

pub async fn run(database_url: &str, args: DoctorArgs) -> anyhow::Result<ExitCode> {
    let mut r = Report { problems: 0 };
    match Db::connect_unmigrated(database_url).await {
        Err(e) => r.fix(
            "database",
            format!(
                "cannot open {}: {e}. Check --database-url (OPCC_DATABASE_URL), that the server runs and the user may connect",
                redact(database_url)
            ),
        ),
        Ok(db) => {
            database(&mut r, &db, database_url, &args).await;
            db.close().await;
        }
    }
    mail(&mut r, &args).await;
    cookies(&mut r, &args);
    time_zone(&mut r);
    if r.problems == 0 {
        println!("Nothing to fix.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{} to fix.", r.problems);
        Ok(ExitCode::FAILURE)
    }
}

async fn database(r: &mut Report, db: &Db, url: &str, args: &DoctorArgs) {
    match db.ping().await {
        Ok(()) => r.ok(
            "database",
            format!("{} at {} answers", db.backend.name(), redact(url)),
        ),
        Err(e) => {
            r.fix("database", format!("does not answer: {e}"));
            return;
        }
    }
    match db.check_writable().await {
        Ok(()) => r.ok("writable", "a write transaction opens and writes"),
        Err(e) => r.fix(
            "writable",
            format!("the service cannot write: {e}. Check the file's or the role's permissions and the disk"),
        ),
    }
    match db.applied_migrations().await {
        Err(e) => r.fix("migrations", format!("cannot read them: {e}")),
        Ok(applied) => {
            let known = db.known_migrations();
            let pending: Vec<i64> = known
                .iter()
                .filter(|v| !applied.contains(v))
                .copied()
                .collect();
            let unknown: Vec<i64> = applied
                .iter()
                .filter(|v| !known.contains(v))
                .copied()
                .collect();
            if !unknown.is_empty() {
                r.fix(
                    "migrations",
                    format!("the database has migrations {unknown:?} that this binary does not know: it was made by a newer release; run that release (migrations only move forward)"),
                );
            } else if !pending.is_empty() {
                r.fix(
                    "migrations",
                    format!("{} pending ({pending:?}): run `opcc migrate` (as the schema's owner on PostgreSQL) after taking a backup", pending.len()),
                );
            } else {
                r.ok(
                    "migrations",
                    format!(
                        "current (schema version {})",
                        known.last().copied().unwrap_or(0)
                    ),
                );
            }
        }
    }
    match opcc_store::audit::verify(db).await {
        Ok(Verification::Intact { entries }) => {
            r.ok("audit chain", format!("intact ({entries} entries)"))
        }
        Ok(Verification::Broken(b)) => r.fix(
            "audit chain",
            format!("{b}; restore from a backup or investigate with `opcc audit verify`"),
        ),
        Err(e) => r.fix("audit chain", format!("cannot be read: {e}")),
    }
    clock(r, db).await;
    match opcc_store::notify::unsent(db).await {
        Ok((0, _)) => r.ok("outbox", "no e-mail waiting"),
        Ok((n, Some(oldest))) if args.mail.smtp_url.is_none() => r.fix(
            "outbox",
            format!("{n} e-mails waiting since {oldest} and no --smtp-url to send them"),
        ),
        Ok((n, oldest)) => r.note(
            "outbox",
            format!(
                "{n} e-mails waiting (oldest {}); `opcc notify outbox` shows why",
                oldest.unwrap_or_default()
            ),
        ),
        Err(e) => r.note("outbox", format!("cannot be read: {e}")),
    }
    disk(r, db, url, args.min_free_mb);
}

/// The clock must not be behind the newest audit entry: dates on every page come from it.
async fn clock(r: &mut Report, db: &Db) {
    let newest = opcc_store::audit::newest_at(db).await.unwrap_or(None);
    let now = opcc_store::now_utc();
    match newest {
        Some(at) if at > now => r.fix(
            "clock",
            format!("it is {now} here but the audit log has an entry at {at}: set the clock right (NTP) before serving"),
        ),
        _ => r.ok("clock", format!("{now} (UTC)")),
    }
}

fn disk(r: &mut Report, db: &Db, url: &str, min_free_mb: u64) {
    let dir = match opcc_store::backup::sqlite_path(url) {
        Some(file) => file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| ".".into()),
        None => ".".into(),
    };
    // `df -P` is POSIX: the fourth column is the space available, in 1024-byte blocks.
    let out = std::process::Command::new("df")
        .arg("-Pk")
        .arg(&dir)
        .output();
    let free_kb = out.ok().and_then(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .nth(1)
            .and_then(|l| {
                l.split_whitespace()
                    .nth(3)
                    .and_then(|v| v.parse::<u64>().ok())
            })
    });
    let place = if db.backend == opcc_store::Backend::Sqlite {
        format!("beside the database ({})", dir.display())
    } else {
        format!(
            "in {} (for backups and logs; check the PostgreSQL server's own disk there)",
            dir.display()
        )
    };
    match free_kb {
        None => r.note("disk space", format!("cannot be measured {place}")),
        Some(kb) if kb / 1024 < min_free_mb => r.fix(
            "disk space",
            format!("{} MB free {place}, below {min_free_mb} MB: free space or move the database before it fills (writes then fail)", kb / 1024),
        ),
        Some(kb) => r.ok("disk space", format!("{} MB free {place}", kb / 1024)),
    }
}

async fn mail(r: &mut Report, args: &DoctorArgs) {
    match crate::notify::mailer(&args.mail) {
        Err(e) => r.fix("e-mail", e),
        Ok(None) => r.note(
            "e-mail",
            "no --smtp-url (OPCC_SMTP_URL): nobody is told when updates are due",
        ),
        Ok(Some(m)) => match m.check().await {
            Ok(()) => r.ok("e-mail", "the mail server answers"),
            Err(e) => r.fix(
                "e-mail",
                format!("the mail server cannot be reached: {e}. Check --smtp-url, the port, TLS and the firewall"),
            ),
        },
    }
    if args.mail.smtp_url.is_some() && args.mail.public_url.is_none() {
        r.fix(
            "public URL",
            "set --public-url (OPCC_PUBLIC_URL), e.g. https://opcc.example.org: messages link to it",
        );
    }
}

fn cookies(r: &mut Report, args: &DoctorArgs) {
    let Some(url) = args.mail.public_url.as_deref() else {
        r.note(
            "cookies",
            "no --public-url (OPCC_PUBLIC_URL) to check them against",
        );
        return;
    };
    let https = url.starts_with("https://");
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
    match (https, args.insecure_cookies) {
        (true, true) => r.fix(
            "cookies",
            "the service is reached over HTTPS: drop --insecure-cookies (OPCC_INSECURE_COOKIES) so sessions stay Secure",
        ),
        (false, false) if !local => r.fix(
            "cookies",
            format!("{url} is plain HTTP: browsers drop Secure cookies, so nobody can sign in. Put the service behind a TLS reverse proxy (docs/operating.md) and use its https:// address"),
        ),
        (false, true) if !local => r.fix(
            "cookies",
            format!("{url} is plain HTTP with --insecure-cookies: passwords and sessions cross the network in the clear. Serve it over TLS"),
        ),
        _ => r.ok("cookies", if https { "Secure, over HTTPS" } else { "Secure, on this machine" }),
    }
    if https && args.trusted_proxy.is_none() {
        r.note(
            "reverse proxy",
            "behind a TLS proxy, set --trusted-proxy x-forwarded-for@PROXY-ADDRESS so sign-in throttling counts per client",
        );
    }
}

/// The service keeps and compares times in UTC; the host's zone matters only to people
/// reading its logs, so it is reported, not judged.
fn time_zone(r: &mut Report) {
    let zone = std::env::var("TZ")
        .ok()
        .filter(|z| !z.is_empty())
        .or_else(|| {
            std::fs::read_link("/etc/localtime").ok().map(|p| {
                let s = p.display().to_string();
                s.split("zoneinfo/").nth(1).unwrap_or(&s).to_string()
            })
        });
    match zone {
        Some(z) => r.ok(
            "time zone",
            format!("the host is on {z}; opcc stores and compares times in UTC"),
        ),
        None => r.note(
            "time zone",
            "the host's zone is not set (UTC assumed); opcc works in UTC",
        ),
    }
}
