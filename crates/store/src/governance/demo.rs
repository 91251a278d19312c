//! The demo's governance: the bodies the 2023-24 annual report describes ("Governance and
//! Oversight": the Public Scrutiny Board, the Joint Audit Advisory Committee, the Joint
//! Management Board and the Police and Crime Panel, with its purposes and how often each
//! meets), and a year of their meetings, April 2024 to March 2025.
//!
//! ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the meetings' dates, agendas, papers, minutes,
//! attendance, actions, decisions, questions, the inspection's grades and findings, the risks
//! and the register's documents. The documents give none of them; each says on its face that
//! it is an example.

use super::demo_pdf::pdf;
use super::demo_records::{
    load_decisions, load_documents, load_inspection, load_question, load_risks,
};
use super::{
    NewBody, NewMeeting, NewPaper, approve_in, insert_attendance, insert_body, insert_item,
    insert_meeting, insert_paper,
};
use crate::audit::{Actor, Change};
use crate::{Db, Result, now_utc};

pub(super) const ILLUSTRATIVE: &str =
    "Illustrative example (demo data, not from the published documents).";

const COMMISSIONER: (&str, &str) = ("Dan Price", "Police and Crime Commissioner");
const CHIEF: (&str, &str) = ("Mark Roberts", "Chief Constable");

fn bodies() -> Vec<NewBody<'static>> {
    vec![
        NewBody {
            slug: "scrutiny-board",
            name: "Public Scrutiny Board",
            purpose: "The main 'holding the force to account' meeting with the PCC and Force \
                      Senior Leadership Team.",
            terms_of_reference: "The Commissioner holds the Chief Constable to account in \
                                 public for the delivery of the Police and Crime Plan, with \
                                 deep dives on neighbourhood policing, victims, violence against \
                                 women and girls and custody. Members of the public may submit \
                                 questions.",
            frequency: "Quarterly meetings held in public.",
            public: true,
            host: "Office of the Police and Crime Commissioner",
            takes_questions: true,
            members: &[
                COMMISSIONER,
                CHIEF,
                ("Deputy Chief Constable", "Force Senior Leadership Team"),
                ("Chief Executive of the OPCC", "Monitoring Officer"),
            ],
        },
        NewBody {
            slug: "joint-management-board",
            name: "Joint Management Board",
            purpose: "A joint governance arrangement which enables the PCC and Chief Constable \
                      to make decisions of significant public interest regarding policing, crime \
                      and community safety.",
            terms_of_reference: "The Commissioner takes decisions of significant public \
                                 interest with the Chief Constable's advice; the decisions are \
                                 published in the decisions register. The PCC may also take \
                                 management decisions outside of such meetings.",
            frequency: "JMB is held monthly.",
            public: false,
            host: "Office of the Police and Crime Commissioner",
            takes_questions: false,
            members: &[
                COMMISSIONER,
                CHIEF,
                ("Chief Executive of the OPCC", "Monitoring Officer"),
                ("Chief Finance Officer of the OPCC", "Section 151 officer"),
            ],
        },
        NewBody {
            slug: "joint-audit-advisory-committee",
            name: "Joint Audit Advisory Committee",
            purpose: "Provides assurance to the PCC and Chief Constable on the effectiveness of \
                      the governance, risk management and internal control arrangements.",
            terms_of_reference: "Independent members review internal and external audit, the \
                                 joint risk register, the statements of accounts and the annual \
                                 governance statements.",
            frequency: "The Committee meets a minimum of four times a year with timings \
                        determined by the deadlines for publishing a draft and final statement \
                        of accounts.",
            public: true,
            host: "Office of the Police and Crime Commissioner",
            takes_questions: false,
            members: &[
                ("Independent chair", "Independent member"),
                ("Independent member", "Independent member"),
                ("Independent member", "Independent member"),
                ("Chief Finance Officer of the OPCC", "Attending officer"),
            ],
        },
        NewBody {
            slug: "police-and-crime-panel",
            name: "Police and Crime Panel",
            purpose: "Provides checks and balances in relation to the performance of the \
                      Commissioner.",
            terms_of_reference: "The panel comprises ten local councillors reflecting the \
                                 political makeup of Cheshire's four Local Authorities, along \
                                 with three independent co-opted members. It reviews the plan, \
                                 the precept and the annual report, and asks the Commissioner \
                                 questions.",
            frequency: "The panel is administered by Cheshire East Council, with all agendas, \
                        webcasts and correspondence with the PCC publicly available.",
            public: true,
            host: "Cheshire East Council (external meeting)",
            takes_questions: false,
            members: &[
                (
                    "Ten local councillors",
                    "Members from Cheshire's four local authorities",
                ),
                ("Three independent co-opted members", "Co-opted members"),
            ],
        },
    ]
}

/// (body index, month, day, hour) of each meeting, April 2024 to March 2025.
fn schedule() -> Vec<(usize, i32, u8, u8, u8)> {
    let mut m = Vec::new();
    for (y, mo) in [(2024, 7), (2024, 10), (2025, 1), (2025, 3)] {
        m.push((0, y, mo, 17, 10));
    }
    // The second Tuesday of each month.
    for (y, mo, d) in [
        (2024, 4, 9),
        (2024, 5, 14),
        (2024, 6, 11),
        (2024, 7, 9),
        (2024, 8, 13),
        (2024, 9, 10),
        (2024, 10, 8),
        (2024, 11, 12),
        (2024, 12, 10),
        (2025, 1, 14),
        (2025, 2, 11),
        (2025, 3, 11),
    ] {
        m.push((1, y, mo, d, 9));
    }
    for (y, mo) in [(2024, 6), (2024, 9), (2024, 12), (2025, 3)] {
        m.push((2, y, mo, 20, 14));
    }
    for (y, mo, d) in [
        (2024, 6, 28),
        (2024, 9, 20),
        (2024, 11, 29),
        (2025, 2, 7),
        (2025, 3, 21),
    ] {
        m.push((3, y, mo, d, 10));
    }
    m
}

const AGENDAS: [&[(&str, &str, Option<&str>)]; 4] = [
    &[
        (
            "Minutes of the last meeting and actions",
            "Approval of the minutes and the action log.",
            None,
        ),
        (
            "Performance against the Police and Crime Plan",
            "The force's report on the plan's measures.",
            None,
        ),
        (
            "Deep dive",
            "Neighbourhood policing, victims, violence against women and girls, or custody, in turn.",
            None,
        ),
        (
            "Questions from the public",
            "Questions submitted in advance, and the answers.",
            None,
        ),
    ],
    &[
        (
            "Minutes of the last meeting",
            "Approval of the minutes.",
            None,
        ),
        (
            "Finance and the Medium Term Financial Strategy",
            "The budget monitoring report.",
            None,
        ),
        (
            "Estates: terms for a property transaction",
            "Commercial terms under negotiation.",
            Some("12A-3"),
        ),
        (
            "Decisions for publication",
            "Decisions of significant public interest taken at the meeting.",
            None,
        ),
    ],
    &[
        (
            "Minutes of the last meeting",
            "Approval of the minutes.",
            None,
        ),
        (
            "Internal audit progress",
            "The internal auditor's progress report.",
            None,
        ),
        (
            "Joint risk register",
            "The joint corporate risk register and its controls.",
            None,
        ),
        (
            "Counter-fraud case update",
            "A case under investigation.",
            Some("12A-7"),
        ),
    ],
    &[
        (
            "Minutes of the last meeting",
            "Approval of the minutes.",
            None,
        ),
        (
            "The Commissioner's update",
            "The Commissioner's report on the plan's progress.",
            None,
        ),
        (
            "Questions to the Commissioner",
            "Panel members' questions and the answers.",
            None,
        ),
    ],
];

/// Loads the bodies and their year of meetings when none are held; says whether it did.
pub async fn load_if_empty(db: &Db) -> Result<bool> {
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gov_bodies")
        .fetch_one(&db.pool)
        .await?;
    if held > 0 {
        return Ok(false);
    }
    let actor = Actor::system("demo data");
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let defs = bodies();
    let mut body_ids = Vec::new();
    for (i, b) in defs.iter().enumerate() {
        body_ids.push(insert_body(&mut tx, b, i as i64).await?);
    }
    let mut by_body: Vec<Vec<i64>> = vec![Vec::new(); defs.len()];
    for (b, y, mo, d, h) in schedule() {
        let start = format!("{y:04}-{mo:02}-{d:02}T{h:02}:00");
        let end = format!("{y:04}-{mo:02}-{d:02}T{:02}:00", h + 2);
        let webcast = if b == 0 || b == 3 {
            "https://www.youtube.com/@example-opcc-webcasts".to_string()
        } else {
            String::new()
        };
        let location = if b == 3 {
            "Westfields, Middlewich Road, Sandbach (Cheshire East Council)"
        } else {
            "Clemonds Hey, Oakmere Road, Winsford"
        };
        let id = insert_meeting(
            &mut tx,
            &NewMeeting {
                body_id: body_ids[b],
                starts_at: start.clone(),
                ends_at: end,
                location: location.into(),
                webcast_url: webcast,
            },
            &now,
        )
        .await?;
        let name = defs[b].name;
        let mut item_ids = Vec::new();
        for (title, summary, exemption) in AGENDAS[b] {
            let item = insert_item(&mut tx, id, title, summary, *exemption).await?;
            item_ids.push(item);
            if let Some(e) = exemption {
                insert_paper(
                    &mut tx,
                    &NewPaper {
                        meeting_id: id,
                        item_id: Some(item),
                        title: &format!("{title} (confidential report)"),
                        filename: "confidential-report.pdf",
                        content: &pdf(
                            title,
                            &[ILLUSTRATIVE, "Confidential: exempt information.", e],
                        ),
                        exemption: None,
                    },
                    &now,
                )
                .await?;
            }
        }
        let day = start[..10].to_string();
        let long_day = opcc_domain::governance::parse_local(&start)
            .map(|t| opcc_domain::finance::long_date(t.date()))
            .unwrap_or_else(|_| day.clone());
        insert_paper(
            &mut tx,
            &NewPaper {
                meeting_id: id,
                item_id: None,
                title: "Agenda",
                filename: &format!("agenda-{day}.pdf"),
                content: &pdf(
                    &format!("{name}: agenda, {long_day}"),
                    &AGENDAS[b]
                        .iter()
                        .filter(|(_, _, e)| e.is_none())
                        .map(|(t, _, _)| *t)
                        .chain([ILLUSTRATIVE])
                        .collect::<Vec<_>>(),
                ),
                exemption: None,
            },
            &now,
        )
        .await?;
        insert_paper(
            &mut tx,
            &NewPaper {
                meeting_id: id,
                item_id: item_ids.get(1).copied(),
                title: "Report",
                filename: &format!("report-{day}.pdf"),
                content: &pdf(&format!("{name}: report, {long_day}"), &[ILLUSTRATIVE]),
                exemption: None,
            },
            &now,
        )
        .await?;
        for (member, role) in defs[b].members {
            let status = if by_body[b].len() % 4 == 3 && *role == "Independent member" {
                "apologies"
            } else {
                "present"
            };
            insert_attendance(&mut tx, id, member, role, status).await?;
        }
        sqlx::query("UPDATE gov_meetings SET minutes = $1 WHERE id = $2")
            .bind(format!(
                "{ILLUSTRATIVE}\n\nThe {name} met on {long_day}. The minutes of the previous meeting \
                 were approved. Each item on the agenda was discussed and the actions recorded."
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Minutes are approved at the body's next meeting.
        if let Some(prev) = by_body[b].last() {
            approve_in(&mut tx, *prev, id).await?;
        }
        by_body[b].push(id);
    }
    // The first Scrutiny Board's actions: one done with its history, one still open and so
    // carried forward to each later meeting.
    let sb = by_body[0][0];
    for (desc, owner, due, status) in [
        (
            "Report the outcome rate for stalking offences to the next meeting",
            "Deputy Chief Constable",
            "2024-10-01",
            "done",
        ),
        (
            "Bring a deep dive on custody, with the independent custody visitors' findings",
            "Chief Constable",
            "2024-09-30",
            "open",
        ),
    ] {
        let aid: i64 = sqlx::query_scalar(
            "INSERT INTO gov_actions (meeting_id, description, owner, due_on, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(sb)
        .bind(format!("{desc} ({ILLUSTRATIVE})"))
        .bind(owner)
        .bind(due)
        .bind(status)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        if status == "done" {
            sqlx::query(
                "INSERT INTO gov_action_updates (action_id, at, by_label, status, note) \
                 VALUES ($1, $2, $3, 'done', $4)",
            )
            .bind(aid)
            .bind("2024-10-17T10:00:00.000000Z")
            .bind(actor.label.as_str())
            .bind("Reported at the October meeting.")
            .execute(&mut *tx)
            .await?;
        }
    }
    load_decisions(&mut tx, by_body[1][10], &now).await?;
    load_inspection(&mut tx).await?;
    load_risks(&mut tx).await?;
    load_documents(&mut tx).await?;
    tx.commit(
        &actor,
        Change::new("governance.demo_load", "gov_bodies", "demo").after(&serde_json::json!({
            "bodies": defs.len(), "meetings": by_body.iter().map(Vec::len).sum::<usize>()
        })),
    )
    .await?;
    load_question(db, by_body[0][3]).await?;
    Ok(true)
}
