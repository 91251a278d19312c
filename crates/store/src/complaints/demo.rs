//! The demo's complaints work. The 2023-24 annual report ("Police Complaints") describes the
//! duties: handling complaints about the Chief Constable, being the relevant review body that
//! decides whether the outcome of a complaint was reasonable and proportionate, and monitoring
//! the force's complaint handling, with the statistics published by the IOPC. It gives no
//! figures and no cases.
//!
//! ILLUSTRATIVE, NOT FROM THE DOCUMENTS: every person, complaint, review, IOPC figure, theme
//! and the 2023-24 statement's narrative below. The people are invented and say so.

use super::cc::{self, NewComplaint};
use super::reviews::{self, NewReview, Step};
use super::{NewPerson, oversight};
use crate::audit::Actor;
use crate::{Db, Result};
use opcc_domain::complaints::iopc;
use rust_decimal::Decimal;

pub const ILLUSTRATIVE: &str =
    "Illustrative example (demo data, not from the published documents).";

fn person(name: &str) -> NewPerson {
    NewPerson {
        name: format!("{name} (invented)"),
        email: format!("{}@example.org", name.to_lowercase().replace(' ', ".")),
        phone: "01632 960000".into(),
        address: "1 Example Street, Winsford".into(),
    }
}

fn review(
    name: &str,
    force: &str,
    notified: &str,
    received: &str,
    allegations: &[(&str, &str)],
) -> NewReview {
    NewReview {
        person: person(name),
        force_reference: force.into(),
        outcome_notified_on: notified.into(),
        received_on: received.into(),
        late_reason: String::new(),
        allegations: allegations
            .iter()
            .map(|(c, t)| (c.to_string(), format!("{t} {ILLUSTRATIVE}")))
            .collect(),
    }
}

async fn steps(db: &Db, actor: &Actor, id: i64, steps: Vec<Step>) -> Result<()> {
    for s in steps {
        reviews::step(db, actor, id, s).await?;
    }
    Ok(())
}

async fn decide_all(db: &Db, actor: &Actor, id: i64, reasonable: bool) -> Result<()> {
    for a in reviews::allegations(db, id).await? {
        reviews::step(
            db,
            actor,
            id,
            Step::Finding {
                allegation: a.id,
                reasonable,
                note: ILLUSTRATIVE.into(),
            },
        )
        .await?;
    }
    Ok(())
}

pub async fn load_if_empty(db: &Db) -> Result<bool> {
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints_reviews")
        .fetch_one(&db.pool)
        .await?;
    if held > 0 {
        return Ok(false);
    }
    let actor = Actor::system("demo data");
    let a = &actor;
    let d = |s: &str| s.to_string();

    // Closed in 2018: past its retention date, so the retention command has work to show.
    let old = reviews::create(
        db,
        a,
        &review(
            "Sam Oldcase",
            "CO/2018/0101",
            "2018-01-08",
            "2018-01-20",
            &[(
                "delivery_of_duties",
                "Officers did not return calls about a burglary.",
            )],
        ),
    )
    .await?;
    steps(
        db,
        a,
        old,
        vec![
            Step::Validity {
                valid: true,
                note: d(""),
                on: d("2018-01-22"),
            },
            Step::FileRequested {
                on: d("2018-01-23"),
            },
            Step::FileReceived {
                on: d("2018-02-02"),
            },
        ],
    )
    .await?;
    decide_all(db, a, old, true).await?;
    steps(
        db,
        a,
        old,
        vec![Step::Decide {
            rationale: d(ILLUSTRATIVE),
            recommendations: d(""),
            on: d("2018-03-15"),
        }],
    )
    .await?;

    // 2023-24: one upheld with recommendations and the force's response, one not upheld,
    // one late but accepted, one invalid.
    let upheld = reviews::create(
        db,
        a,
        &review(
            "Alex Example",
            "CO/2023/1187",
            "2023-06-05",
            "2023-06-19",
            &[
                (
                    "delivery_of_duties",
                    "The force took five months to tell me the outcome.",
                ),
                (
                    "individual_behaviours",
                    "An officer was rude to me at the front counter.",
                ),
            ],
        ),
    )
    .await?;
    steps(
        db,
        a,
        upheld,
        vec![
            Step::Validity {
                valid: true,
                note: d(""),
                on: d("2023-06-21"),
            },
            Step::FileRequested {
                on: d("2023-06-22"),
            },
            Step::FileReceived {
                on: d("2023-07-10"),
            },
        ],
    )
    .await?;
    let allegations = reviews::allegations(db, upheld).await?;
    for (al, ok) in allegations.iter().zip([false, true]) {
        reviews::step(
            db,
            a,
            upheld,
            Step::Finding {
                allegation: al.id,
                reasonable: ok,
                note: d(ILLUSTRATIVE),
            },
        )
        .await?;
    }
    steps(db, a, upheld, vec![
        Step::Decide {
            rationale: d("The delay was not explained to the complainant. Illustrative example."),
            recommendations: d("Apologise for the delay and tell the complainant what will change; keep complainants updated every 28 days. Illustrative example."),
            on: d("2023-08-24"),
        },
    ])
    .await?;
    let r = reviews::get(db, upheld).await?;
    let letter = format!(
        "Dear Alex Example (invented)\n\nYour review request {} is upheld.\n\n{ILLUSTRATIVE}",
        r.reference
    );
    steps(db, a, upheld, vec![
        Step::Letter { text: letter, on: d("2023-08-24") },
        Step::ForceResponse { text: d("Accepted: an apology was sent and updates are now diarised every 28 days. Illustrative example."), on: d("2023-09-20") },
    ])
    .await?;

    let not_upheld = reviews::create(
        db,
        a,
        &review(
            "Jo Sample",
            "CO/2023/1402",
            "2023-10-02",
            "2023-10-16",
            &[(
                "powers_policies",
                "I was stopped and searched without a reason.",
            )],
        ),
    )
    .await?;
    steps(
        db,
        a,
        not_upheld,
        vec![
            Step::Validity {
                valid: true,
                note: d(""),
                on: d("2023-10-17"),
            },
            Step::FileRequested {
                on: d("2023-10-18"),
            },
            Step::FileReceived {
                on: d("2023-11-20"),
            },
        ],
    )
    .await?;
    decide_all(db, a, not_upheld, true).await?;
    steps(db, a, not_upheld, vec![
        Step::Decide { rationale: d("The search record and body-worn video support the grounds given. Illustrative example."), recommendations: d(""), on: d("2024-02-01") },
        Step::Letter { text: format!("Dear Jo Sample (invented)\n\nYour review request is not upheld.\n\n{ILLUSTRATIVE}"), on: d("2024-02-01") },
    ])
    .await?;

    let mut late = review(
        "Chris Demo",
        "CO/2023/1520",
        "2023-11-01",
        "2023-12-12",
        &[("information", "My details were shared with my neighbour.")],
    );
    late.late_reason =
        d("The complainant was in hospital for most of November. Illustrative example.");
    let late = reviews::create(db, a, &late).await?;
    steps(
        db,
        a,
        late,
        vec![
            Step::Validity {
                valid: true,
                note: d(""),
                on: d("2023-12-14"),
            },
            Step::FileRequested {
                on: d("2023-12-15"),
            },
            Step::FileReceived {
                on: d("2024-01-08"),
            },
        ],
    )
    .await?;
    decide_all(db, a, late, true).await?;
    steps(
        db,
        a,
        late,
        vec![Step::Decide {
            rationale: d(ILLUSTRATIVE),
            recommendations: d(""),
            on: d("2024-03-28"),
        }],
    )
    .await?;

    let invalid = reviews::create(
        db,
        a,
        &review(
            "Pat Placeholder",
            "CO/2024/0044",
            "2024-01-15",
            "2024-01-30",
            &[(
                "other",
                "The complaint was about a parking ticket issued by the council.",
            )],
        ),
    )
    .await?;
    steps(db, a, invalid, vec![Step::Validity { valid: false, note: d("Not a complaint about the police: the council issued the ticket. Illustrative example."), on: d("2024-02-02") }]).await?;

    // Open now: a case file received and awaiting review (the one to take through in the
    // browser), and a new request awaiting its validity check.
    let open = reviews::create(
        db,
        a,
        &review(
            "Robin Test",
            "CO/2025/0310",
            "2025-05-12",
            "2025-05-27",
            &[
                (
                    "delivery_of_duties",
                    "Nobody came after I reported a theft from my van.",
                ),
                (
                    "discriminatory",
                    "I was treated differently because of my accent.",
                ),
            ],
        ),
    )
    .await?;
    steps(
        db,
        a,
        open,
        vec![
            Step::Validity {
                valid: true,
                note: d(""),
                on: d("2025-05-29"),
            },
            Step::FileRequested {
                on: d("2025-06-02"),
            },
            Step::FileReceived {
                on: d("2025-06-20"),
            },
        ],
    )
    .await?;
    reviews::create(
        db,
        a,
        &review(
            "Morgan Sample",
            "CO/2025/0377",
            "2025-07-01",
            "2025-07-14",
            &[(
                "individual_behaviours",
                "An officer swore at me during a traffic stop.",
            )],
        ),
    )
    .await?;

    // Complaints about the Chief Constable.
    let c1 = cc::create(db, a, &NewComplaint {
        person: person("Lee Example"),
        summary: format!("Dissatisfied with the force's public statement on neighbourhood policing. {ILLUSTRATIVE}"),
        received_on: d("2023-09-04"),
        schedule3: false,
        referral_required: false,
    })
    .await?;
    for (s, on, v) in [
        ("recorded", "2023-09-08", ""),
        ("contacted", "2023-09-06", ""),
        ("handling", "2023-09-12", "otherwise"),
        (
            "outcome",
            "2023-10-02",
            "Explained the force's plans; the complainant was satisfied. Illustrative example.",
        ),
    ] {
        cc::step(db, a, c1, s, on, v).await?;
    }
    let c2 = cc::create(db, a, &NewComplaint {
        person: person("Kim Placeholder"),
        summary: format!("Alleges the Chief Constable failed to act on a senior officer's conduct. {ILLUSTRATIVE}"),
        received_on: d("2025-06-16"),
        schedule3: true,
        referral_required: true,
    })
    .await?;
    for (s, on, v) in [
        ("recorded", "2025-06-20", ""),
        ("contacted", "2025-06-18", ""),
        ("handling", "2025-06-24", "iopc"),
        ("referred", "2025-06-25", ""),
    ] {
        cc::step(db, a, c2, s, on, v).await?;
    }

    oversight::save_figures(db, a, &iopc_figures(), "demo").await?;

    let t = oversight::add_theme(db, a, "Complainants not kept updated while their complaint is handled (from reviews upheld in 2023-24). Illustrative example.", "2023-09-01").await?;
    oversight::respond_theme(db, a, t, "Professional Standards now diarise an update every 28 days and report compliance to the Public Scrutiny Board. Illustrative example.", "2023-10-15").await?;
    oversight::add_theme(db, a, "Stop and search grounds not explained at the time (from reviews in 2024-25). Illustrative example.", "2025-07-01").await?;

    oversight::save_statement(
        db,
        a,
        2023,
        "The Commissioner receives the IOPC's complaint statistics for the force each quarter and discusses them with the Chief Constable at the Public Scrutiny Board, with the time taken to log and contact complainants as standing items. Themes from reviews are fed back to Professional Standards and their responses tracked below. Illustrative example (demo data, not from the published documents).",
        true,
    )
    .await?;
    Ok(true)
}

/// Force cases logged, 2020-21 Q1 to 2024-25 Q4: rising, as the IOPC's bulletins show for
/// many forces since the 2020 reforms widened what counts as a complaint.
const FORCE_CASES: [u32; 20] = [
    268, 281, 274, 290, 286, 301, 295, 288, 297, 305, 292, 310, 319, 326, 333, 340, 338, 352, 345,
    361,
];
/// Force working days to log, in tenths: steady but for one quarter (2022-23 Q3) when a
/// backlog built up, so the SPC reading has a point to find.
const FORCE_DAYS_TO_LOG: [u32; 20] = [
    34, 38, 32, 36, 39, 33, 37, 31, 35, 38, 86, 34, 36, 32, 39, 35, 33, 37, 34, 36,
];

/// The IOPC's quarterly figures for the force, its most similar forces and England and Wales,
/// 2020-21 to 2024-25: illustrative, shaped like the IOPC's police complaints information
/// bulletins, not their figures.
pub fn iopc_figures() -> Vec<iopc::Figure> {
    let mut out = Vec::new();
    let tenths = |v: u32| Decimal::new(i64::from(v), 1);
    for (i, year) in (2020..=2024)
        .flat_map(|y| (1..=4u8).map(move |q| (y, q)))
        .enumerate()
    {
        let (y, q) = year;
        // A small wobble shared out by quarter so the comparators are not flat lines.
        let w = [0u32, 3, 1, 4][usize::from(q - 1)] + (i as u32 % 3);
        let mut push = |scope: &str, measure: String, value: Decimal| {
            out.push(iopc::Figure {
                year: y,
                quarter: q,
                scope: scope.into(),
                measure,
                value,
            });
        };
        push(
            "force",
            "cases_logged".into(),
            Decimal::from(FORCE_CASES[i]),
        );
        push(
            "msf",
            "cases_logged".into(),
            Decimal::from(290 + i as u32 * 2 + w),
        );
        push(
            "national",
            "cases_logged".into(),
            Decimal::from(318 + i as u32 * 2 + w),
        );
        push("force", "days_to_log".into(), tenths(FORCE_DAYS_TO_LOG[i]));
        push("msf", "days_to_log".into(), tenths(40 + w));
        push("national", "days_to_log".into(), tenths(42 + w));
        push(
            "force",
            "days_to_contact".into(),
            tenths(41 + (i as u32 * 7) % 9),
        );
        push("msf", "days_to_contact".into(), tenths(48 + w));
        push("national", "days_to_contact".into(), tenths(50 + w));
        push(
            "force",
            "outside_schedule3_pct".into(),
            Decimal::from(55 + (i as u32 * 5) % 7),
        );
        push("msf", "outside_schedule3_pct".into(), Decimal::from(52 + w));
        push(
            "national",
            "outside_schedule3_pct".into(),
            Decimal::from(50 + w),
        );
        for (c, (cat, _)) in iopc::ALLEGATIONS.iter().enumerate() {
            let force = [180u32, 95, 70, 12, 18, 6, 3, 25][c];
            let key = format!("allegation:{cat}");
            push(
                "force",
                key.clone(),
                Decimal::from(force + u32::from(q) + i as u32),
            );
            push("msf", key.clone(), Decimal::from(force + 10 + w));
            push("national", key, Decimal::from(force + 16 + w));
        }
        for (c, (o, _)) in iopc::OUTCOMES.iter().enumerate() {
            let force = [150u32, 30, 20, 60][c];
            let key = format!("outcome:{o}");
            push("force", key.clone(), Decimal::from(force + w));
            push("msf", key.clone(), Decimal::from(force + 8 + w));
            push("national", key, Decimal::from(force + 12 + w));
        }
    }
    out
}
