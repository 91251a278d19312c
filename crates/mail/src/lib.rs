//! Sending the outbox: notices are made by each reason's scan, queued as messages as each
//! person prefers (`opcc_store::notify`), and sent here over SMTP with lettre. A failed send
//! stays in the outbox and is tried again later, with backoff; nothing is dropped.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use opcc_store::Db;
use opcc_store::audit::Actor;
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(
        "the SMTP URL is not usable: {0} (expected smtp://host:port, smtp://user:password@host:587?tls=required or smtps://host)"
    )]
    Url(String),
    #[error("the sender address {0:?} is not an e-mail address")]
    From(String),
    #[error(transparent)]
    Store(#[from] opcc_store::StoreError),
}

/// How the service reaches its mail server, and what its messages say they are from.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password: never printed.
        write!(f, "Mailer {{ from: {} }}", self.from)
    }
}

impl Mailer {
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse().map_err(|_| MailError::From(from.into()))?;
        Ok(Mailer { transport, from })
    }

    /// Whether the mail server answers and accepts this service (for `opcc doctor`).
    pub async fn check(&self) -> Result<(), String> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err("the mail server did not answer".into()),
            Err(e) => Err(e.to_string()),
        }
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("the address {to:?}: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    pub notices: usize,
    pub queued: usize,
    pub sent: usize,
    pub failed: usize,
}

/// The name messages come from: the office's contact name, else its force area's.
async fn office_name(db: &Db) -> opcc_store::Result<String> {
    if let Some(c) = opcc_store::office::contact(db).await? {
        return Ok(c.name);
    }
    Ok(match opcc_store::force_area::current(db).await? {
        Some(a) => format!("Office of the Police and Crime Commissioner for {}", a.name),
        None => "Office of the Police and Crime Commissioner".into(),
    })
}

/// One round: scan every reason, queue what people should hear, and send what is due.
/// `base_url` is the service's public address, for the links in messages.
pub async fn round(
    db: &Db,
    mailer: &Mailer,
    base_url: &str,
    now: OffsetDateTime,
) -> Result<Round, MailError> {
    let actor = Actor::system("notifications");
    let notices = opcc_store::notify::reasons::scan(db, now).await?;
    let notices = opcc_store::notify::add_notices(db, &actor, &notices, now).await?;
    let office = office_name(db).await?;
    let queued = opcc_store::notify::queue_messages(db, &actor, &office, base_url, now).await?;
    let (sent, failed) = deliver(db, mailer, now).await?;
    Ok(Round {
        notices,
        queued,
        sent,
        failed,
    })
}

/// Sends the messages whose next attempt is due; a failure is recorded and retried later.
pub async fn deliver(
    db: &Db,
    mailer: &Mailer,
    now: OffsetDateTime,
) -> Result<(usize, usize), MailError> {
    let actor = Actor::system("notifications");
    let (mut sent, mut failed) = (0, 0);
    for m in opcc_store::notify::due_messages(db, now, 100).await? {
        match mailer.send(&m.to_address, &m.subject, &m.body).await {
            Ok(()) => {
                opcc_store::notify::mark_sent(db, &actor, &m, now).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(
                    message = m.id,
                    attempts = m.attempts + 1,
                    "sending failed, will retry: {e}"
                );
                opcc_store::notify::mark_failed(db, &actor, &m, &e, now).await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Runs a round every `every` until the process ends; a round's error is logged, not fatal.
pub fn spawn(
    db: Db,
    mailer: Mailer,
    base_url: String,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match round(&db, &mailer, &base_url, OffsetDateTime::now_utc()).await {
                Ok(r) if r.queued + r.sent + r.failed > 0 => {
                    tracing::info!(
                        notices = r.notices,
                        queued = r.queued,
                        sent = r.sent,
                        failed = r.failed,
                        "notifications"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("notifications round failed: {e}"),
            }
        }
    })
}
