//! `opcc engagement retention`: the engagement rules for personal data (docs/engagement.md,
//! docs/assemblies.md) in one place, as the other areas' retention commands are:
//!
//! - a named survey's respondents' names and emails and everyone's equality answers: a year
//!   after the survey closes;
//! - youth commission members' names and birth dates: a year after they leave;
//! - citizens' assembly volunteers' names, emails and telephone numbers: 30 days after the
//!   selection if not selected, 90 days after the last session if on the panel, 180 days
//!   after recruitment closes if there is no selection;
//! - the names and emails given with comments on a plan: a year after its consultation
//!   closes (the comments stay);
//! - the name and email of someone who asked the Commissioner a question: 90 days after it
//!   is published or not accepted.
//!
//! `plan` lists exactly what a run today would remove; `run` removes it, audited by id only.
//! The office's pages also apply the rules when opened; either way the result is the same.

use super::{responses, youth};
use crate::assemblies::registrations;
use crate::audit::Actor;
use crate::governance::questions;
use crate::plans;
use crate::{Db, Result};
use serde::Serialize;
use time::Date;

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// Surveys whose respondents' personal data is erased.
    pub surveys: Vec<i64>,
    /// Youth commission members whose name and birth date are erased.
    pub youth_members: Vec<i64>,
    /// Assembly registrations whose contact details are erased.
    pub registrations: Vec<i64>,
    /// Plans whose commenters' names and emails are erased.
    pub plan_comments: Vec<i64>,
    /// Questions from the public whose submitter's name and email are erased.
    pub questions: Vec<i64>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        *self == Report::default()
    }
}

/// What a run on `today` would remove, changing nothing.
pub async fn plan(db: &Db, today: Date) -> Result<Report> {
    Ok(Report {
        surveys: responses::expired_surveys(db, today).await?,
        youth_members: youth::expired_members(db, today).await?,
        registrations: registrations::expired(db, today).await?,
        plan_comments: plans::expired_comment_plans(db, today).await?,
        questions: questions::expired(db, today).await?,
    })
}

/// Removes what `plan` lists. Running it again the same day changes nothing.
pub async fn run(db: &Db, actor: &Actor, today: Date) -> Result<Report> {
    let report = plan(db, today).await?;
    for id in &report.surveys {
        responses::erase_survey_personal(db, actor, *id).await?;
    }
    for id in &report.youth_members {
        youth::erase_member(db, actor, *id).await?;
    }
    registrations::erase(db, actor, &report.registrations).await?;
    for id in &report.plan_comments {
        plans::erase_comment_personal(db, actor, *id).await?;
    }
    questions::erase(db, actor, &report.questions).await?;
    Ok(report)
}
