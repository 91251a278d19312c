//! `opcc notify`: a round of e-mail notifications by hand (or from cron), and the outbox.

use crate::UsageError;
use crate::cli::{MailArgs, NotifyCommand, connect};
use std::process::ExitCode;

/// The mailer the flags describe, or none when no SMTP URL is given.
pub fn mailer(args: &MailArgs) -> anyhow::Result<Option<opcc_mail::Mailer>> {
    let Some(url) = args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        return Ok(None);
    };
    let Some(from) = args.mail_from.as_deref() else {
        return Err(UsageError(
            "--smtp-url needs --mail-from (OPCC_MAIL_FROM): the address messages come from".into(),
        )
        .into());
    };
    opcc_mail::Mailer::new(url, from)
        .map(Some)
        .map_err(|e| UsageError(e.to_string()).into())
}

pub async fn run(database_url: &str, cmd: NotifyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        NotifyCommand::Run(args) => {
            let Some(mailer) = mailer(&args)? else {
                return Err(UsageError(
                    "no mail server: give --smtp-url (OPCC_SMTP_URL) and --mail-from".into(),
                )
                .into());
            };
            let Some(base) = args.public_url.as_deref() else {
                return Err(UsageError(
                    "give --public-url (OPCC_PUBLIC_URL), the address people reach the service at, for the links in messages".into(),
                )
                .into());
            };
            let db = connect(database_url).await?;
            let r = opcc_mail::round(&db, &mailer, base, time::OffsetDateTime::now_utc()).await?;
            println!(
                "{} new notices, {} messages queued, {} sent, {} failed (to be retried)",
                r.notices, r.queued, r.sent, r.failed
            );
            db.close().await;
            Ok(if r.failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        NotifyCommand::Outbox { limit } => {
            let db = connect(database_url).await?;
            for m in opcc_store::notify::messages(&db, limit.clamp(1, 1000)).await? {
                let state = match (&m.sent_at, &m.last_error) {
                    (Some(at), _) => format!("sent {at}"),
                    (None, Some(e)) => format!(
                        "waiting, {} attempts, next {}; last error: {e}",
                        m.attempts, m.next_attempt_at
                    ),
                    (None, None) => format!("waiting, next {}", m.next_attempt_at),
                };
                println!(
                    "#{} {} to {}: {} ({state})",
                    m.id, m.created_at, m.to_address, m.subject
                );
            }
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
    }
}
