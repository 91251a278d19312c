//! The demo's year of the schemes, 2023-24, from which the figures the Police and Crime
//! Commissioner for Cheshire, Annual Report 2023-24 publishes come out exactly: 156 custody
//! visits across Middlewich, Runcorn and Blacon and 1,247 detainees visited; 17 call audits of
//! 152 calls, 74 (49%) 999 and 78 (51%) 101; 21 dog welfare visits, 49 different dogs, 138
//! observations; 316 out-of-court cases reviewed (236 adult, 80 youth), 271 (86%) supported,
//! 32 (10%) not supported and 13 (4%) split; 27 active volunteers at 31 March 2024.
//!
//! ILLUSTRATIVE, NOT FROM THE DOCUMENTS: everything beneath those totals. The volunteers (named
//! "Illustrative volunteer NN"), the visits' days and times, custody record numbers, calls,
//! dogs, answers, findings, the force's cases and the panel's themes are made up so that the
//! totals come out; the report gives only the totals.

use super::reports::{NewObservation, checked};
use super::volunteers::{NewVolunteer, insert as insert_volunteer};
use super::{insert_place, panel};
use crate::audit::{Actor, Change};
use crate::crime::batch;
use crate::{Db, Result, WriteTx};
use opcc_domain::schemes::Kind;
use std::collections::BTreeMap;
use time::macros::date;
use time::{Date, Duration};

const YEAR_START: Date = date!(2023 - 04 - 01);

fn day_of_year(i: usize, of: usize) -> Date {
    YEAR_START + Duration::days((i * 366 / of) as i64)
}

/// Loads the demo's year of the schemes into a database that has no volunteers yet.
pub async fn load_if_empty(db: &Db) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sch_volunteers")
        .fetch_one(&db.pool)
        .await?;
    if n > 0 {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    let volunteers = load_volunteers(&mut tx).await?;
    let reports = load_reports(&mut tx, db, &volunteers).await?;
    let draws = load_panel(&mut tx, db).await?;
    tx.commit(
        &Actor::system("demo data"),
        Change::new("schemes.demo_load", "sch_scheme", "demo")
            .after(&serde_json::json!({"reports": reports, "draws": draws})),
    )
    .await?;
    Ok(true)
}

/// Volunteer ids by scheme slug.
type Volunteers = BTreeMap<&'static str, Vec<i64>>;

async fn load_volunteers(tx: &mut WriteTx) -> Result<Volunteers> {
    // 27 active at 31 March 2024, and one custody visitor who left in December 2023.
    let plan: [(&str, usize); 4] = [
        ("custody", 15),
        ("calls", 5),
        ("dogs", 4),
        ("engagement", 4),
    ];
    let mut out = Volunteers::new();
    let today = time::OffsetDateTime::now_utc().date();
    let mut n = 0;
    for (scheme, count) in plan {
        for _ in 0..count {
            n += 1;
            let joined = date!(2015 - 06 - 01) + Duration::days(97 * n as i64);
            // Counted from the day the demo is loaded and beyond the 60-day warning, so a new
            // demo sends no expiry e-mails until its volunteers' checks come due with time.
            let vetting = today + Duration::days(90 + 29 * n as i64);
            let training = today + Duration::days(75 + 31 * n as i64);
            let name = format!("Illustrative volunteer {n:02}");
            let email = format!("volunteer{n:02}@example.org");
            let id = insert_volunteer(
                tx,
                &NewVolunteer {
                    name: &name,
                    email: &email,
                    phone: "",
                    joined_on: &joined.to_string(),
                    vetting_expires_on: &vetting.to_string(),
                    training_expires_on: &training.to_string(),
                    schemes: &[scheme],
                    link_account: false,
                },
            )
            .await?;
            out.entry(scheme).or_default().push(id);
        }
    }
    let leaver = out["custody"][14];
    sqlx::query("UPDATE sch_volunteers SET left_on = '2023-12-31' WHERE id = $1")
        .bind(leaver)
        .execute(&mut **tx)
        .await?;
    Ok(out)
}

/// A submitted report by `who` (author and partner).
async fn insert_submitted(
    tx: &mut WriteTx,
    scheme: i64,
    place: i64,
    who: (i64, Option<i64>),
    on: Date,
    at: &str,
    notes: &str,
) -> Result<i64> {
    let stamp = format!("{on}T{at}:00Z");
    Ok(sqlx::query_scalar(
        "INSERT INTO sch_reports (scheme_id, place_id, author_id, partner_id, visited_on, \
         arrived_at, unannounced, notes, status, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, 'submitted', $8, $8, $8) RETURNING id",
    )
    .bind(scheme)
    .bind(place)
    .bind(who.0)
    .bind(who.1)
    .bind(on.to_string())
    .bind(at)
    .bind(notes)
    .bind(stamp)
    .fetch_one(&mut **tx)
    .await?)
}

struct Obs {
    report: i64,
    kind: Kind,
    subject: String,
    visit: &'static str,
    call_type: &'static str,
    sheet: &'static str,
    answers: BTreeMap<String, String>,
    note: &'static str,
}

fn answers(kind: Kind, concern: Option<&str>) -> BTreeMap<String, String> {
    kind.checklist()
        .iter()
        .map(|(k, _)| {
            let a = if Some(*k) == concern {
                "concern"
            } else {
                "met"
            };
            (k.to_string(), a.to_string())
        })
        .collect()
}

async fn insert_observations(tx: &mut WriteTx, db: &Db, all: &[Obs]) -> Result<()> {
    // Through the same checks as a volunteer's form: the demo obeys the rules it shows.
    let mut rows = Vec::with_capacity(all.len());
    for o in all {
        let c = checked(
            o.kind,
            &NewObservation {
                subject: &o.subject,
                visit: o.visit,
                call_type: o.call_type,
                sheet: o.sheet,
                answers: o.answers.clone(),
                note: o.note,
            },
        )?;
        rows.push((o.report, c));
    }
    let cols = [
        "report_id",
        "subject",
        "visit",
        "call_type",
        "sheet",
        "answers",
        "note",
    ];
    let sql = batch::Sql::new(db.backend, "sch_observations", &cols, rows.len());
    batch::insert(tx, &sql, &rows, |q, (report, c)| {
        q.bind(*report)
            .bind(c.subject.as_str())
            .bind(c.visit.as_deref())
            .bind(c.call_type.as_deref())
            .bind(c.sheet.as_deref())
            .bind(c.answers.as_str())
            .bind(c.note.as_str())
    })
    .await
}

const FINDINGS: [&str; 4] = [
    "Cell 4's call bell did not work; the custody sergeant logged it for repair.",
    "The shower area was out of use and detainees had not been offered an alternative.",
    "Reading material in languages other than English had run out.",
    "Two detainees waited more than an hour for a healthcare assessment.",
];

async fn load_reports(tx: &mut WriteTx, db: &Db, v: &Volunteers) -> Result<usize> {
    let mut observations = Vec::new();
    let mut count = 0;
    // Independent custody visits: 156, a third at each suite, unannounced, in pairs, by day,
    // evening and night.
    let suites = [("Middlewich", "MW"), ("Runcorn", "RN"), ("Blacon", "BL")];
    let mut suite_ids = Vec::new();
    for (name, _) in suites {
        suite_ids.push(insert_place(tx, 1, name).await?);
    }
    let custody = &v["custody"][..14];
    let times = ["10:15", "14:40", "19:30", "23:10"];
    let mut detainee = 0;
    for i in 0..156 {
        let on = day_of_year(i, 156);
        let report = insert_submitted(
            tx,
            1,
            suite_ids[i % 3],
            (custody[i % 14], Some(custody[(i + 5) % 14])),
            on,
            times[i % 4],
            "",
        )
        .await?;
        count += 1;
        // 1,247 visited: eight on every visit but the first, which saw seven; and on every
        // fourth visit one more detainee declined.
        let visited = if i == 0 { 7 } else { 8 };
        let declined = usize::from(i % 4 == 0);
        for k in 0..visited + declined {
            detainee += 1;
            let yy = on.year() % 100;
            let concern = (detainee % 10 == 0).then_some("health");
            observations.push(Obs {
                report,
                kind: Kind::Custody,
                subject: format!("{}/{detainee:05}/{yy:02}", suites[i % 3].1),
                visit: if k < visited { "visited" } else { "declined" },
                call_type: "",
                sheet: "",
                answers: answers(Kind::Custody, concern),
                note: "",
            });
        }
        if i % 12 == 5 {
            let f = super::findings::insert_finding(
                tx,
                report,
                if i % 2 == 0 { "at_time" } else { "escalated" },
                FINDINGS[(i / 12) % FINDINGS.len()],
                on,
            )
            .await?;
            // All but the last (raised in March 2024) answered by the force and closed.
            if i < 140 {
                let responded = on + Duration::days(14);
                sqlx::query(
                    "UPDATE sch_findings SET status = 'closed', force_response = $1, \
                     responded_on = $2, closed_on = $3 WHERE id = $4",
                )
                .bind("The custody inspector confirmed it was put right and checked at the next daily inspection.")
                .bind(responded.to_string())
                .bind((responded + Duration::days(7)).to_string())
                .bind(f)
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    // Call management audits: 17, of 152 calls, 74 of them 999.
    let centre = insert_place(tx, 2, "Force contact centre").await?;
    let mut call = 0;
    for a in 0..17 {
        let on = day_of_year(a, 17) + Duration::days(3);
        let report =
            insert_submitted(tx, 2, centre, (v["calls"][a % 5], None), on, "10:00", "").await?;
        count += 1;
        for _ in 0..if a == 0 { 8 } else { 9 } {
            let emergency = (call * 74) % 152 < 74;
            let concern = (call % 7 == 3).then_some("advice");
            observations.push(Obs {
                report,
                kind: Kind::Calls,
                subject: format!("C23-{call:04}"),
                visit: "",
                call_type: if emergency { "999" } else { "101" },
                sheet: "",
                answers: answers(Kind::Calls, concern),
                note: "",
            });
            call += 1;
        }
    }
    // Dog welfare visits: 21, at the kennels and on training days, 138 checks of 49 dogs.
    let kennels = insert_place(tx, 3, "Kennels").await?;
    let training = insert_place(tx, 3, "Training day").await?;
    let mut check = 0;
    for d in 0..21 {
        let on = day_of_year(d, 21) + Duration::days(5);
        let place = if d % 3 == 2 { training } else { kennels };
        let report =
            insert_submitted(tx, 3, place, (v["dogs"][d % 4], None), on, "09:30", "").await?;
        count += 1;
        for _ in 0..if d < 12 { 7 } else { 6 } {
            observations.push(Obs {
                report,
                kind: Kind::Dogs,
                subject: format!("PD{:03}", check % 49 + 1),
                visit: "",
                call_type: "",
                sheet: ["kennel", "vehicle", "out_of_kennel"][check % 3],
                answers: answers(Kind::Dogs, None),
                note: "",
            });
            check += 1;
        }
    }
    insert_observations(tx, db, &observations).await?;
    Ok(count)
}

const OFFENCES: [&str; 6] = [
    "Theft from a shop",
    "Criminal damage",
    "Possession of cannabis",
    "Common assault",
    "Public order offence",
    "Making off without payment",
];
const ADULT_DISPOSALS: [&str; 5] = [
    "community_resolution",
    "simple_caution",
    "conditional_caution",
    "cannabis_warning",
    "penalty_notice_disorder",
];
const YOUTH_DISPOSALS: [&str; 3] = [
    "community_resolution",
    "youth_caution",
    "youth_conditional_caution",
];
const THEMES: [&str; 3] = [
    "Victim's views not recorded before the decision",
    "Offending history suggested a charge",
    "Conditions attached did not address the harm",
];

/// Four quarterly lists of 237 cases (177 adult, 60 youth), each sampled by a draw of 79
/// stratified by age group (59 adult, 20 youth), reviewed at the panel's quarterly meetings.
async fn load_panel(tx: &mut WriteTx, db: &Db) -> Result<usize> {
    let quarters = [
        (date!(2023 - 01 - 01), date!(2023 - 03 - 31), "2023-06-15"),
        (date!(2023 - 04 - 01), date!(2023 - 06 - 30), "2023-09-14"),
        (date!(2023 - 07 - 01), date!(2023 - 09 - 30), "2023-12-14"),
        (date!(2023 - 10 - 01), date!(2023 - 12 - 31), "2024-03-14"),
    ];
    // 32 not supported, 13 split and 271 supported, spread over the year's 316 reviews by a
    // fixed permutation (97 is prime to 316).
    let mut outcomes = vec!["not_supported"; 32];
    outcomes.extend(["split"; 13]);
    outcomes.extend(["supported"; 271]);
    let mut g = 0;
    for (q, (from, to, meets)) in quarters.iter().enumerate() {
        let mut csv =
            String::from("case_reference,offence,disposal,age_group,resolved_on,summary\n");
        for i in 0..237 {
            let youth = i >= 177;
            let disposal = if youth {
                YOUTH_DISPOSALS[i % 3]
            } else {
                ADULT_DISPOSALS[i % 5]
            };
            let on = *from + Duration::days((i * 89 / 237) as i64);
            csv.push_str(&format!(
                "CH-{}{}-{i:04},{},{disposal},{},{on},Illustrative case: admitted; first out-of-court resolution\n",
                from.year(),
                q + 1,
                OFFENCES[i % 6],
                if youth { "youth" } else { "adult" },
            ));
        }
        let rows: Vec<Vec<String>> = csv
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect();
        let name = format!("oocr-{}.csv", from);
        let cases = opcc_domain::schemes::oocr::parse_list(&name, &rows, *from, *to)
            .map_err(|e| crate::StoreError::Invalid(e.join("; ")))?;
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(csv.as_bytes()))
        };
        let list = panel::insert_list(tx, db.backend, &name, &sha, *from, *to, &cases).await?;
        let draw = panel::insert_draw(
            tx,
            db.backend,
            &panel::NewDraw {
                list_id: list,
                seed: &format!("Cheshire OOCR scrutiny panel {meets}"),
                size: 79,
                stratify: "age_group",
                scale: "three",
                meets_on: meets,
            },
        )
        .await?;
        let reviews: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM oocr_reviews WHERE draw_id = $1 ORDER BY position")
                .bind(draw)
                .fetch_all(&mut **tx)
                .await?;
        for review in reviews {
            let outcome = outcomes[(g * 97) % 316];
            let theme = if outcome == "supported" {
                ""
            } else {
                THEMES[g % 3]
            };
            panel::set_outcome_in(tx, review, outcome, theme, meets).await?;
            g += 1;
        }
        let fb = panel::insert_feedback(
            tx,
            draw,
            THEMES[q % 3],
            "The panel asked that decision makers record why an out-of-court resolution suited the victim.",
        )
        .await?;
        sqlx::query(
            "UPDATE oocr_feedback SET force_response = $1, responded_on = $2 WHERE id = $3",
        )
        .bind(
            "The force has reminded decision makers through its out-of-court resolution briefing.",
        )
        .bind(
            (Date::parse(meets, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|e| crate::StoreError::Invalid(e.to_string()))?
                + Duration::days(42))
            .to_string(),
        )
        .bind(fb)
        .execute(&mut **tx)
        .await?;
    }
    Ok(quarters.len())
}
