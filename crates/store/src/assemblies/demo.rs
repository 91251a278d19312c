//! The demo's citizens' assembly in Crewe. The 2023-24 annual report says the first citizens'
//! assembly "will take place in Crewe, enabling the community to have a real voice in local
//! neighbourhood policing"; the April-August 2025 progress report to the Panel plans them in
//! nine areas, "fully representative", with expert speakers, to "produce public centred
//! principles for policing in Cheshire". ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the dates,
//! sessions, speakers, quotas and the 150 volunteers (made up here from a fixed seed, with
//! example.org addresses) are examples, and every page says so.

use super::{create, selection};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::assemblies::NewAssembly;
use opcc_sortition::Randomness;

pub const SLUG: &str = "crewe-citizens-assembly-on-neighbourhood-policing";
/// The recorded seed of the demo's draw.
pub const SEED: u64 = 20_241_104;
const ILLUSTRATIVE: &str = "Illustrative example (demo data, not from the published documents): ";

const QUOTAS: &[(&str, &str, u32, u32)] = &[
    ("gender", "woman", 14, 16),
    ("gender", "man", 14, 16),
    ("gender", "describes themselves another way", 0, 2),
    ("age", "16 to 29", 6, 9),
    ("age", "30 to 44", 7, 9),
    ("age", "45 to 64", 8, 10),
    ("age", "65 and over", 5, 8),
];

/// Loads the assembly when there is none; says whether it did.
pub async fn load_if_empty(db: &Db) -> Result<bool> {
    if !super::list(db).await?.is_empty() {
        return Ok(false);
    }
    let actor = Actor::system("demo data");
    let new = NewAssembly::parse(
        "Crewe citizens' assembly on neighbourhood policing",
        "E06000049",
        "Crewe",
        "The first of the Commissioner's citizens' assemblies: a panel of 30 people from Crewe, \
         chosen by lot to reflect the town, hears from expert speakers, debates and agrees \
         public-centred principles for neighbourhood policing. Illustrative example: the dates, \
         speakers and volunteers in this demo are not from the published documents.",
        "30",
        "2024-09-02",
        "2024-10-04",
    )
    .map_err(|e| StoreError::Invalid(format!("demo assembly: {e:?}")))?;
    let id = create(db, &actor, &new).await?;
    for (category, feature, min, max) in QUOTAS {
        super::set_quota(db, &actor, id, category, feature, *min, *max).await?;
    }
    for (day, title, place) in [
        (
            "2024-11-09",
            "What neighbourhood policing is and is not",
            "Crewe Lifestyle Centre",
        ),
        (
            "2024-11-23",
            "Hearing from experts and from residents",
            "Crewe Lifestyle Centre",
        ),
        (
            "2024-12-07",
            "Deliberation and agreeing principles",
            "Crewe Lifestyle Centre",
        ),
    ] {
        super::add_session(
            db,
            &actor,
            id,
            day,
            &format!("{ILLUSTRATIVE}{title}"),
            place,
        )
        .await?;
    }
    for (name, role, topic) in [
        (
            "Illustrative speaker A",
            "Neighbourhood inspector, Cheshire Constabulary",
            "How neighbourhood teams are deployed",
        ),
        (
            "Illustrative speaker B",
            "Researcher in policing and public trust",
            "What builds confidence in the police",
        ),
        (
            "Illustrative speaker C",
            "Community safety officer, Cheshire East Council",
            "Partnership work on anti-social behaviour",
        ),
    ] {
        super::add_speaker(db, &actor, id, name, role, topic).await?;
    }
    load_volunteers(db, &actor, id).await?;
    let assembly = super::by_slug(db, SLUG).await?;
    let selected = selection::run(db, &actor, &assembly, SEED).await?;
    selection::publish(db, &actor, id, selected).await?;
    super::set_outputs(
        db,
        &actor,
        id,
        "Illustrative example (demo data, not from the published documents): the assembly's \
         principles for neighbourhood policing in Crewe would be published here, with the \
         Commissioner's response.",
    )
    .await?;
    Ok(true)
}

/// 150 made-up volunteers, more of them older than the town, as volunteers often are.
async fn load_volunteers(db: &Db, actor: &Actor, assembly_id: i64) -> Result<()> {
    let mut rng = Randomness::new(SEED);
    let ages = [
        ("16 to 29", 18u64),
        ("30 to 44", 27),
        ("45 to 64", 45),
        ("65 and over", 60),
    ];
    let mut tx = db.begin_write().await?;
    for n in 1..=150i64 {
        let gender = match rng.below(100) {
            0..=1 => "describes themselves another way",
            2..=53 => "woman",
            _ => "man",
        };
        let mut pick = rng.below(150);
        let age = ages
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or("65 and over", |(a, _)| a);
        let features = serde_json::json!({ "gender": gender, "age": age }).to_string();
        sqlx::query(
            "INSERT INTO assembly_registrations (assembly_id, pool_number, name, email, phone, features, consent, registered_at) \
             VALUES ($1, $2, $3, $4, '', $5, 1, $6)",
        )
        .bind(assembly_id)
        .bind(n)
        .bind(format!("Demo volunteer {n}"))
        .bind(format!("volunteer{n}@example.org"))
        .bind(features)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "assembly.demo_volunteers",
            "assembly",
            &assembly_id.to_string(),
        )
        .after(&serde_json::json!({ "volunteers": 150, "illustrative": true })),
    )
    .await?;
    Ok(())
}
