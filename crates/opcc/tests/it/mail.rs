//! E-mail notifications against a real SMTP conversation: a small sink on loopback, written
//! here, that can refuse recipients as a mail server does when it is in trouble.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::plans::PanelKind;
use opcc_domain::plans::file::{Day, PlanFile};
use opcc_domain::plans::panel::Subject;
use opcc_store::audit::Actor;
use opcc_store::performance::{MeasureSettings, set_settings};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// What the sink accepted: the recipient and the whole message as sent.
#[derive(Debug, Clone)]
pub struct Received {
    pub rcpt: String,
    pub data: String,
}

/// The message as a person reads it: folded headers unfolded, quoted-printable decoded (the
/// links are longer than a line), dot-stuffing undone.
fn readable(data: &str) -> String {
    let unfolded = data
        .replace("\r\n ", " ")
        .replace("=\r\n", "")
        .replace("\r\n..", "\r\n.");
    let mut out = String::new();
    let mut rest = unfolded.as_str();
    while let Some(at) = rest.find('=') {
        out.push_str(&rest[..at]);
        let hex = rest.get(at + 1..at + 3).unwrap_or("");
        match u8::from_str_radix(hex, 16) {
            Ok(b) if hex.len() == 2 => {
                out.push(b as char);
                rest = &rest[at + 3..];
            }
            _ => {
                out.push('=');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub struct Sink {
    pub addr: std::net::SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// While set, every recipient is refused with a temporary failure (451).
    pub refuse: Arc<AtomicBool>,
}

impl Sink {
    pub async fn start() -> Sink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let refuse = Arc::new(AtomicBool::new(false));
        let (got, no) = (received.clone(), refuse.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (got, no) = (got.clone(), no.clone());
                tokio::spawn(async move {
                    let (r, mut w) = stream.into_split();
                    let mut r = BufReader::new(r);
                    let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                    let mut rcpt = String::new();
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "MAIL" | "RSET" | "NOOP" => b"250 OK\r\n",
                            "RCPT" if no.load(Ordering::SeqCst) => {
                                b"451 4.3.0 Mailbox busy, try again later\r\n"
                            }
                            "RCPT" => {
                                rcpt = line[8..].trim().trim_matches(['<', '>']).to_string();
                                b"250 OK\r\n"
                            }
                            "DATA" => {
                                let _ = w.write_all(b"354 Go ahead\r\n").await;
                                let mut data = String::new();
                                loop {
                                    let mut l = String::new();
                                    if r.read_line(&mut l).await.unwrap_or(0) == 0 {
                                        return;
                                    }
                                    if l == ".\r\n" {
                                        break;
                                    }
                                    data.push_str(&l);
                                }
                                got.lock().unwrap().push(Received {
                                    rcpt: rcpt.clone(),
                                    data: readable(&data),
                                });
                                b"250 OK queued\r\n"
                            }
                            "QUIT" => {
                                let _ = w.write_all(b"221 Bye\r\n").await;
                                return;
                            }
                            _ => b"502 Not implemented\r\n",
                        };
                        if w.write_all(reply).await.is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Sink {
            addr,
            received,
            refuse,
        }
    }

    pub fn mailer(&self) -> opcc_mail::Mailer {
        opcc_mail::Mailer::new(
            &format!("smtp://{}", self.addr),
            "OPCC notifications <no-reply@opcc.example.org>",
        )
        .unwrap()
    }

    pub fn messages(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

const BASE: &str = "https://opcc.example.org";

/// A published plan in force with two monthly measures, neither with any value.
const PLAN: &str = r#"
slug = "mail-test-2024-28"
force_area = "E23000006"
title = "Mail test plan 2024-28"
commissioner = "A test Commissioner"
term_start = "2024-04-01"
term_end = "2028-03-31"
levels = ["Priority"]
consultation_closes = "2024-02-28"

[[transitions]]
status = "draft"
date = "2024-01-06"
note = "Drafted."

[[transitions]]
status = "consultation"
date = "2024-01-31"
note = "Out for comment."

[[transitions]]
status = "panel_review"
date = "2024-03-07"
note = "Before the Panel."

[[transitions]]
status = "published"
date = "2024-04-01"
note = "In force."

[[items]]
key = "safer"
title = "Safer streets"

[[items.measures]]
key = "repeat-victims"
title = "Repeat victims of domestic abuse"
unit = "count"
better = "lower"
frequency = "monthly"

[[items.measures]]
key = "answer-times"
title = "Time to answer 101 calls"
unit = "days"
better = "lower"
frequency = "quarterly"
"#;

async fn plan_with_owner(app: &TestApp, owner: i64, measures: &[&str]) {
    let plan = PlanFile::parse(PLAN).unwrap();
    opcc_store::plans::import(&app.db, &Actor::system("test"), &plan, false)
        .await
        .unwrap();
    for key in measures {
        set_settings(
            &app.db,
            &Actor::system("test"),
            "mail-test-2024-28",
            key,
            &MeasureSettings {
                owner_id: Some(owner),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
}

async fn an_overdue_measure_update_sends_one_email(backend: Backend) {
    let app = TestApp::start(backend).await;
    let sink = Sink::start().await;
    let mailer = sink.mailer();
    let owner = app.user(Role::Staff, "owner@opcc.example.org").await;
    app.user(Role::Staff, "colleague@opcc.example.org").await;
    plan_with_owner(&app, owner.id, &["repeat-victims"]).await;
    let now = OffsetDateTime::now_utc();
    let first = opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
    assert_eq!(
        (first.queued, first.sent, first.failed),
        (1, 1, 0),
        "{backend:?}"
    );
    // The scan runs again and again (every minute in the service): nothing more is sent.
    for _ in 0..3 {
        let again = opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
        assert_eq!((again.notices, again.queued, again.sent), (0, 0, 0));
    }
    let got = sink.messages();
    assert_eq!(got.len(), 1, "{backend:?}: exactly one e-mail: {got:?}");
    let m = &got[0];
    assert_eq!(m.rcpt, "owner@opcc.example.org");
    assert!(m.data.contains("Repeat victims of domestic abuse"));
    assert!(m.data.contains(&format!(
        "{BASE}/admin/performance/mail-test-2024-28/measures/repeat-victims"
    )));
    assert!(m.data.contains(&format!("{BASE}/login")));
    assert!(
        m.data
            .contains(r#"From: "OPCC notifications" <no-reply@opcc.example.org>"#)
    );
    // The record: the message is kept, sent, and the audit log has it.
    let kept = opcc_store::notify::messages(&app.db, 10).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].sent_at.is_some());
    assert_eq!(kept[0].to_address, "owner@opcc.example.org");
    let audit = opcc_store::audit::list(&app.db, &Default::default(), 50, 0)
        .await
        .unwrap();
    assert!(audit.entries.iter().any(|e| e.action == "mail.sent"));
    app.finish().await;
}

async fn a_refused_send_is_retried_with_backoff_and_delivered(backend: Backend) {
    let app = TestApp::start(backend).await;
    let sink = Sink::start().await;
    let mailer = sink.mailer();
    let owner = app.user(Role::Staff, "owner@opcc.example.org").await;
    plan_with_owner(&app, owner.id, &["repeat-victims"]).await;
    sink.refuse.store(true, Ordering::SeqCst);
    let t0 = OffsetDateTime::now_utc();
    let r = opcc_mail::round(&app.db, &mailer, BASE, t0).await.unwrap();
    assert_eq!((r.queued, r.sent, r.failed), (1, 0, 1), "{backend:?}");
    let waiting = opcc_store::notify::messages(&app.db, 10).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].attempts, 1);
    assert!(waiting[0].sent_at.is_none());
    assert!(
        waiting[0]
            .last_error
            .as_deref()
            .unwrap_or("")
            .contains("451")
            || waiting[0]
                .last_error
                .as_deref()
                .unwrap_or("")
                .contains("try again"),
        "{:?}",
        waiting[0].last_error
    );
    // Within the backoff nothing is tried, even though the server is back.
    sink.refuse.store(false, Ordering::SeqCst);
    let r = opcc_mail::round(&app.db, &mailer, BASE, t0 + time::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!((r.sent, r.failed), (0, 0));
    assert!(sink.messages().is_empty());
    // Refused again after the first wait: the next wait doubles.
    sink.refuse.store(true, Ordering::SeqCst);
    let r = opcc_mail::round(&app.db, &mailer, BASE, t0 + time::Duration::seconds(61))
        .await
        .unwrap();
    assert_eq!(r.failed, 1);
    let second = opcc_store::notify::messages(&app.db, 10).await.unwrap();
    assert_eq!(second[0].attempts, 2);
    let t2 = t0 + time::Duration::seconds(61);
    sink.refuse.store(false, Ordering::SeqCst);
    let r = opcc_mail::round(&app.db, &mailer, BASE, t2 + time::Duration::seconds(90))
        .await
        .unwrap();
    assert_eq!(r.sent, 0, "two minutes have not passed");
    let r = opcc_mail::round(&app.db, &mailer, BASE, t2 + time::Duration::seconds(121))
        .await
        .unwrap();
    assert_eq!((r.sent, r.failed), (1, 0), "{backend:?}: delivered at last");
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].rcpt, "owner@opcc.example.org");
    let kept = opcc_store::notify::messages(&app.db, 10).await.unwrap();
    assert_eq!(kept.len(), 1, "the same message, not a copy");
    assert_eq!(kept[0].attempts, 3);
    assert!(kept[0].sent_at.is_some());

    // Someone deactivated after a message was queued for them is not sent it; it stays
    // recorded, unsent.
    let leaver = app.user(Role::Staff, "leaver@opcc.example.org").await;
    set_settings(
        &app.db,
        &Actor::system("test"),
        "mail-test-2024-28",
        "answer-times",
        &MeasureSettings {
            owner_id: Some(leaver.id),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let t3 = t2 + time::Duration::minutes(10);
    let actor = Actor::system("test");
    let notices = opcc_store::notify::reasons::scan(&app.db, t3)
        .await
        .unwrap();
    assert_eq!(
        opcc_store::notify::add_notices(&app.db, &actor, &notices, t3)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        opcc_store::notify::queue_messages(&app.db, &actor, "OPCC", BASE, t3)
            .await
            .unwrap(),
        1
    );
    opcc_store::accounts::set_active(&app.db, &actor, leaver.id, false)
        .await
        .unwrap();
    let r = opcc_mail::round(&app.db, &mailer, BASE, t3).await.unwrap();
    assert_eq!((r.sent, r.failed), (0, 0), "{backend:?}");
    assert!(
        sink.messages()
            .iter()
            .all(|m| m.rcpt != "leaver@opcc.example.org")
    );
    let (waiting, _) = opcc_store::notify::unsent(&app.db).await.unwrap();
    assert_eq!(waiting, 1);
    app.finish().await;
}

async fn a_weekly_digest_and_the_panels_questions(backend: Backend) {
    let app = TestApp::start(backend).await;
    let sink = Sink::start().await;
    let mailer = sink.mailer();
    // The owner chooses a weekly digest on their account page.
    let owner_email = "digest@opcc.example.org";
    let owner = app.user(Role::Staff, owner_email).await;
    let mut b = app.browser();
    assert_eq!(
        b.sign_in(owner_email, crate::support::PASSWORD)
            .await
            .status,
        303
    );
    let page = b.get("/account/notifications").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"value="each" checked"#));
    let bad = b
        .post("/account/notifications", &[("mode", "hourly")])
        .await;
    assert_eq!(bad.status, 422);
    let res = b
        .post("/account/notifications", &[("mode", "weekly")])
        .await;
    assert_eq!(res.status, 303);
    assert!(
        b.get("/account/notifications")
            .await
            .body
            .contains(r#"value="weekly" checked"#)
    );
    plan_with_owner(&app, owner.id, &["repeat-victims", "answer-times"]).await;

    // A Panel member asks; the office hears (the digest person in their digest).
    let panel_email = "member@panel.example.org";
    let member = app.user(Role::Panel, panel_email).await;
    let now = OffsetDateTime::now_utc();
    let today = Day(now.date());
    let id = opcc_store::plans::ask(
        &app.db,
        &Actor::from(&member),
        "mail-test-2024-28",
        opcc_store::plans::NewQuestion {
            author_id: Some(member.id),
            kind: PanelKind::Question,
            subject: &Subject::Plan,
            text: "A question whose words must not reach an e-mail",
            today,
        },
    )
    .await
    .unwrap();
    let colleague = app.user(Role::Admin, "admin@opcc.example.org").await;
    let r = opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
    assert_eq!(r.failed, 0);
    let got = sink.messages();
    let to = |who: &str| got.iter().filter(|m| m.rcpt == who).collect::<Vec<_>>();
    assert_eq!(to(owner_email).len(), 1, "{backend:?}: one digest: {got:?}");
    let digest = &to(owner_email)[0].data;
    assert!(digest.contains("3 things need your attention"), "{digest}");
    for path in [
        "/admin/performance/mail-test-2024-28/measures/repeat-victims",
        "/admin/performance/mail-test-2024-28/measures/answer-times",
        &format!("/admin/plans/mail-test-2024-28/panel/{id}"),
    ] {
        assert!(digest.contains(path), "{path} in {digest}");
    }
    assert_eq!(to("admin@opcc.example.org").len(), 1);
    assert!(
        to("admin@opcc.example.org")[0]
            .data
            .contains("A Panel member asked a question")
    );
    for m in &got {
        assert!(
            !m.data.contains("must not reach"),
            "no casework in an e-mail"
        );
    }
    // The office responds and publishes: the member hears, once.
    opcc_store::plans::respond(
        &app.db,
        &Actor::from(&colleague),
        "mail-test-2024-28",
        id,
        today,
        "Our response.",
    )
    .await
    .unwrap();
    opcc_store::plans::publish(&app.db, &Actor::from(&colleague), "mail-test-2024-28", id)
        .await
        .unwrap();
    opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
    opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
    let got = sink.messages();
    let to_member: Vec<_> = got.iter().filter(|m| m.rcpt == panel_email).collect();
    assert_eq!(to_member.len(), 1, "{backend:?}: {got:?}");
    assert!(to_member[0].data.contains("published its response"));
    assert!(!to_member[0].data.contains("Our response."));
    // The digest person hears nothing more until a week has passed.
    assert_eq!(got.iter().filter(|m| m.rcpt == owner_email).count(), 1);
    app.finish().await;
}

each_backend!(
    an_overdue_measure_update_sends_one_email,
    a_refused_send_is_retried_with_backoff_and_delivered,
    a_weekly_digest_and_the_panels_questions,
);

/// An open action from a meeting that has just passed its due date is told to the office,
/// once, by the body and the date; older ones and ones not yet due are not e-mailed.
async fn an_overdue_action_is_told_to_the_office(backend: Backend) {
    let app = TestApp::start(backend).await;
    let sink = Sink::start().await;
    let mailer = sink.mailer();
    app.user(Role::Staff, "clerk@opcc.example.org").await;
    let (meeting, body): (i64, String) = sqlx::query_as(
        "SELECT m.id, b.name FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id \
         ORDER BY m.id LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let now = OffsetDateTime::now_utc();
    let day = |days: i64| opcc_store::finance::iso(now.date() + time::Duration::days(days));
    let actor = Actor::system("test");
    for (what, due) in [
        ("Report the custody audit", day(-3)),
        ("Long past", day(-40)),
        ("Not yet due", day(2)),
    ] {
        opcc_store::governance::actions::add(&app.db, &actor, meeting, what, "ACC", &due)
            .await
            .unwrap();
    }
    for _ in 0..2 {
        opcc_mail::round(&app.db, &mailer, BASE, now).await.unwrap();
    }
    let got = sink.messages();
    assert_eq!(got.len(), 1, "{backend:?}: one action, once: {got:?}");
    let m = &got[0];
    assert_eq!(m.rcpt, "clerk@opcc.example.org");
    let due = opcc_domain::plans::file::long_date(now.date() - time::Duration::days(3));
    assert!(
        m.data.contains(&body) && m.data.contains(&due),
        "{}",
        m.data
    );
    assert!(
        !m.data.contains("custody audit"),
        "what the action is stays on the page"
    );
    assert!(
        m.data
            .contains(&format!("{BASE}/governance/meetings/{meeting}"))
    );
    app.finish().await;
}
each_backend!(an_overdue_action_is_told_to_the_office);
