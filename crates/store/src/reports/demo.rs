//! The demo's reports, made from the demo's records after every other area has loaded: the
//! 2023-24 annual report and the progress report to the Panel for April to August 2025, each
//! taken through review and approval to publication. Their narrative is short and says it is
//! the demo's: the office writes its own. The two duties' sections are the Annual Report
//! 2023-24's own words, and their records (the Strategic Policing Requirement's threats linked
//! to the plans' items, the Serious Violence Duty grant marked) are loaded first so that the
//! published report's frozen figures hold them.

use super::{NewReport, act, create, save_narrative};
use crate::audit::{Actor, Change};
use crate::{Db, Result, now_utc};
use opcc_domain::reports::Kind;

const FOREWORD: &str = "ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the foreword is written by the \
    office. Every figure in this report is read from the service's records for the year and \
    was frozen when the report was approved.";

const INTRODUCTION: &str = "ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the introduction is written \
    by the office. Every figure in this report is read from the service's records for the \
    period and was frozen when the report was approved.";

/// The document the duties' words and records are taken from.
pub const ANNUAL_REPORT: &str = "Police and Crime Commissioner for Cheshire, Annual Report 2023-24";

const SVD: &str = "From the Annual Report 2023-24: the Serious Violence Duty came into force on \
    31 January 2023 through the Police, Crime, Sentencing and Courts Act 2022. It makes serious \
    violence a priority for Community Safety Partnerships and requires specified authorities to \
    work together to prevent and reduce it; the statutory guidance gives Police and Crime \
    Commissioners a role as lead convener of local partners.\n\nThe office supported the \
    development of the Cheshire five-year Serious Violence strategy, which reports to both the \
    Local Criminal Justice Board and the Home Office on grant spending and progress.";

const SPR: &str = "From the Annual Report 2023-24: a revised Strategic Policing Requirement was \
    published in February 2023, with strengthened detail on the action required from policing \
    at the local and regional level to critical national threats. It sets out seven national \
    threats. Due regard was given to the seven threat areas in holding the Chief Constable to \
    account.";

/// The office's statement on each threat for 2023-24, in the Annual Report 2023-24's words.
const STATEMENTS_2023: [(&str, &str); 7] = [
    (
        "spr-2023-vawg",
        "Not previously in the Strategic Policing Requirement, but nonetheless a key issue \
         reflected in the priorities in the Police and Crime Plan.",
    ),
    ("spr-2023-csa", DUE_REGARD),
    ("spr-2023-terrorism", DUE_REGARD),
    ("spr-2023-public-disorder", DUE_REGARD),
    ("spr-2023-soc", DUE_REGARD),
    ("spr-2023-civil-emergencies", DUE_REGARD),
    ("spr-2023-cyber", DUE_REGARD),
];

const DUE_REGARD: &str = "Due regard was given to this threat in holding the Chief Constable to \
    account.";

pub async fn load_if_empty(db: &Db, actor: &Actor) -> Result<bool> {
    if !super::list(db).await?.is_empty() {
        return Ok(false);
    }
    load_duties(db, actor).await?;
    let annual = create(db, actor, &NewReport::annual(2023)?).await?;
    save_narrative(db, actor, annual, "foreword", FOREWORD).await?;
    save_narrative(db, actor, annual, "svd", SVD).await?;
    save_narrative(db, actor, annual, "spr", SPR).await?;
    publish(db, actor, annual).await?;
    let day = |y, m, d| time::Date::from_calendar_date(y, m, d).expect("a real day");
    let progress = create(
        db,
        actor,
        &NewReport {
            kind: Kind::Progress,
            from: day(2025, time::Month::April, 1),
            to: day(2025, time::Month::August, 31),
        },
    )
    .await?;
    save_narrative(db, actor, progress, "introduction", INTRODUCTION).await?;
    publish(db, actor, progress).await?;
    Ok(true)
}

async fn publish(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    for step in ["review", "approve", "publish"] {
        act(db, actor, id, step).await?;
    }
    Ok(())
}

/// The duties' records: each plan's items linked to the threats its file says they answer
/// (the 2021-24 plan's "Protect vulnerable and at-risk people" to violence against women and
/// girls, as the Annual Report 2023-24 says), the statements of 2023-24, and the Home Office's
/// Serious Violence Duty grant marked as serious violence funding.
async fn load_duties(db: &Db, actor: &Actor) -> Result<()> {
    let declared: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT t.id, i.plan_id, i.key FROM plan_item_inputs a \
         JOIN plan_inputs pi ON pi.id = a.input_id JOIN plan_items i ON i.id = a.item_id \
         JOIN spr_threats t ON t.key = pi.key WHERE pi.kind = 'spr_threat' \
         ORDER BY i.plan_id, t.position, a.position",
    )
    .fetch_all(&db.pool)
    .await?;
    if !declared.is_empty() {
        let mut tx = db.begin_write().await?;
        for (threat, plan, key) in &declared {
            sqlx::query(
                "INSERT INTO spr_links (threat_id, plan_id, target_kind, target_key, created_at) \
                 VALUES ($1, $2, 'item', $3, $4)",
            )
            .bind(threat)
            .bind(plan)
            .bind(key)
            .bind(now_utc())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit(
            actor,
            Change::new("spr.demo_load", "spr_link", "demo")
                .after(&serde_json::json!({ "links": declared.len() })),
        )
        .await?;
    }
    for (threat, text) in STATEMENTS_2023 {
        super::spr::save_statement(db, actor, threat, 2023, text).await?;
    }
    let grant: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM com_funds WHERE slug = 'serious-violence-duty'")
            .fetch_one(&db.pool)
            .await?;
    if grant > 0 {
        super::svd::mark(db, actor, "serious-violence-duty", true).await?;
    }
    Ok(())
}
