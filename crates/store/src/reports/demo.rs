//! The demo's reports, made from the demo's records after every other area has loaded: the
//! 2023-24 annual report and the progress report to the Panel for April to August 2025, each
//! taken through review and approval to publication. Their narrative is short and says it is
//! the demo's: the office writes its own.

use super::{NewReport, act, create, save_narrative};
use crate::audit::Actor;
use crate::{Db, Result};
use opcc_domain::reports::Kind;

const FOREWORD: &str = "ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the foreword is written by the \
    office. Every figure in this report is read from the service's records for the year and \
    was frozen when the report was approved.";

const INTRODUCTION: &str = "ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the introduction is written \
    by the office. Every figure in this report is read from the service's records for the \
    period and was frozen when the report was approved.";

pub async fn load_if_empty(db: &Db, actor: &Actor) -> Result<bool> {
    if !super::list(db).await?.is_empty() {
        return Ok(false);
    }
    let annual = create(db, actor, &NewReport::annual(2023)?).await?;
    save_narrative(db, actor, annual, "foreword", FOREWORD).await?;
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
