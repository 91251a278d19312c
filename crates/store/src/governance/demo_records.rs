//! The demo's governance records beside its meetings: decisions, an HMICFRS inspection, the
//! joint risk register, the publication register's documents and a question from the public.
//! ILLUSTRATIVE, NOT FROM THE DOCUMENTS, as `demo` says.

use super::demo::ILLUSTRATIVE;
use super::demo_pdf::pdf;
use crate::audit::Actor;
use crate::{Db, Result};

pub(super) async fn load_decisions(tx: &mut crate::WriteTx, jmb_feb: i64, now: &str) -> Result<()> {
    use super::decisions::{NewDecision, insert, link_in, publish_in};
    let base = |title: &str, on: &str, meeting: Option<i64>| NewDecision {
        title: title.into(),
        decision_maker: "Police and Crime Commissioner".into(),
        decided_on: on.into(),
        meeting_id: meeting,
        ..Default::default()
    };
    let budget = NewDecision {
        summary: format!(
            "{ILLUSTRATIVE} The Commissioner approved the revenue budget and the council tax \
             precept for the year, after the Police and Crime Panel's review."
        ),
        options: "Raise the precept by the most allowed without a referendum; raise it by less; \
                  freeze it."
            .into(),
        reasons: "To keep officer numbers and the plan's commitments within the Medium Term \
                  Financial Strategy."
            .into(),
        financial: "As set out in the budget report; see the budget page.".into(),
        legal: "The Police Reform and Social Responsibility Act 2011, Schedule 5.".into(),
        equality: "An equality impact assessment was considered.".into(),
        ..base(
            "Revenue budget and council tax precept 2023-24",
            "2023-02-10",
            None,
        )
    };
    let (_, n) = insert(tx, &budget, now).await?;
    publish_in(tx, n, now).await?;
    link_in(tx, n, "budget", "2023-24").await?;
    let partly = NewDecision {
        summary: format!(
            "{ILLUSTRATIVE} The Commissioner agreed to sell a surplus police building."
        ),
        options: "Sell; lease; keep.".into(),
        reasons: "The building is no longer needed for operational policing.".into(),
        financial: "A capital receipt, to the capital programme.".into(),
        legal: "None beyond the sale contract.".into(),
        equality: "None identified.".into(),
        exempt_part: "The agreed price and the buyer's identity.".into(),
        exemption: Some("12A-3".into()),
        ..base(
            "Disposal of a surplus police building",
            "2025-02-11",
            Some(jmb_feb),
        )
    };
    let (_, n) = insert(tx, &partly, now).await?;
    publish_in(tx, n, now).await?;
    let wholly = NewDecision {
        summary: "Settlement of an employment matter.".into(),
        reasons: "Legal advice.".into(),
        exempt_part: "The whole notice.".into(),
        exemption: Some("12A-1".into()),
        fully_exempt: true,
        ..base(
            "Confidential employment settlement",
            "2025-02-11",
            Some(jmb_feb),
        )
    };
    insert(tx, &wholly, now).await?;
    Ok(())
}

pub(super) async fn load_inspection(tx: &mut crate::WriteTx) -> Result<()> {
    use super::inspections::{NewInspection, insert, respond_in, track_in};
    let id = insert(
        tx,
        &NewInspection {
            title: "PEEL 2023-25: police effectiveness, efficiency and legitimacy (illustrative)",
            kind: "PEEL",
            published_on: "2025-02-14",
            url: "https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/",
            summary: "The 2023-24 annual report says the fieldwork for the next PEEL inspection \
                      was complete, with findings due early in 2025. The grades and findings \
                      here are an illustrative example (demo data, not the published report).",
            grades: &[
                ("Police legitimacy", "Good"),
                ("Preventing crime", "Good"),
                ("Responding to the public", "Requires improvement"),
                ("Investigating crime", "Adequate"),
                ("Protecting vulnerable people", "Adequate"),
                ("Managing offenders", "Good"),
                ("Developing a positive workplace", "Adequate"),
                ("Leadership and force management", "Good"),
            ],
            findings: &[
                ("recommendation", "R1", "Within six months, the force should answer emergency calls within the national standard (illustrative).", "Assistant Chief Constable"),
                ("afi", "AFI1", "The force should record the equality data of people stopped and searched more fully (illustrative).", "Chief Superintendent, Operations"),
                ("cause_of_concern", "C1", "The force does not always assess the risk to vulnerable victims promptly (illustrative).", "Deputy Chief Constable"),
            ],
        },
    )
    .await?;
    respond_in(
        tx,
        id,
        "Illustrative example (demo data): the Commissioner welcomes the report, will hold the \
         Chief Constable to account for each recommendation at the Public Scrutiny Board, and \
         will publish progress in this register.",
        "2025-03-28",
    )
    .await?;
    let r1: i64 = sqlx::query_scalar(
        "SELECT id FROM gov_findings WHERE inspection_id = $1 AND reference = 'R1'",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    track_in(
        tx,
        r1,
        "closed",
        "Illustrative: call-handling figures for July to September 2025 met the standard; \
         reported to the Public Scrutiny Board and confirmed by HMICFRS's revisit.",
        "2025-10-15",
    )
    .await?;
    let afi: i64 = sqlx::query_scalar(
        "SELECT id FROM gov_findings WHERE inspection_id = $1 AND reference = 'AFI1'",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    track_in(
        tx,
        afi,
        "in_progress",
        "A new recording form is in trial (illustrative).",
        "2025-06-01",
    )
    .await?;
    Ok(())
}

pub(super) async fn load_risks(tx: &mut crate::WriteTx) -> Result<()> {
    use super::risks::{Risk, save_in};
    let risk = |reference: &str,
                title: &str,
                owner: &str,
                before: (i64, i64),
                after: (i64, i64),
                trend: &str| Risk {
        reference: reference.into(),
        title: format!("{title} (illustrative)"),
        owner: owner.into(),
        likelihood_before: before.0,
        impact_before: before.1,
        likelihood_after: after.0,
        impact_after: after.1,
        controls: "Medium Term Financial Strategy reviewed quarterly; budget monitoring at the \
                   Joint Management Board."
            .into(),
        actions: "Savings plan for the next two years.".into(),
        review_on: "2025-06-30".into(),
        trend: trend.into(),
    };
    for r in [
        risk(
            "JR01",
            "Funding falls short of the Medium Term Financial Strategy",
            "Chief Finance Officer",
            (4, 5),
            (3, 4),
            "rising",
        ),
        risk(
            "JR02",
            "A cyber attack disrupts police systems",
            "Chief Constable",
            (3, 5),
            (2, 5),
            "steady",
        ),
        risk(
            "JR03",
            "Loss of public confidence after a serious misconduct case",
            "Deputy Chief Constable",
            (3, 4),
            (2, 3),
            "falling",
        ),
    ] {
        save_in(tx, &r).await?;
    }
    Ok(())
}

pub(super) async fn load_documents(tx: &mut crate::WriteTx) -> Result<()> {
    for (item, title, on) in [
        (
            "1",
            "Register of interests of the Commissioner",
            "2025-05-01",
        ),
        (
            "2",
            "Staff numbers, organisational chart and senior salaries",
            "2024-04-01",
        ),
        (
            "8",
            "Independent custody visiting: annual report",
            "2024-07-01",
        ),
    ] {
        super::publication::insert(
            tx,
            item,
            title,
            &format!("item-{item}.pdf"),
            &pdf(title, &[ILLUSTRATIVE]),
            on,
        )
        .await?;
    }
    Ok(())
}

/// One question from the public, asked of the Public Scrutiny Board, answered and published.
pub(super) async fn load_question(db: &Db, meeting: i64) -> Result<()> {
    use super::questions::{Step, advance, submit};
    use opcc_domain::governance::NewQuestion;
    let office = Actor::system("demo data");
    let q = NewQuestion {
        name: "Illustrative member of the public".into(),
        email: "demo.question@example.org".into(),
        question: format!(
            "{ILLUSTRATIVE} How many neighbourhood officers are there in my area, and how \
             often do they patrol?"
        ),
    };
    let (id, _) = submit(db, "scrutiny-board", &q).await?;
    advance(
        db,
        &office,
        id,
        Step::Accept {
            meeting_id: meeting,
            note: "",
        },
    )
    .await?;
    advance(
        db,
        &office,
        id,
        Step::Answer {
            answer: "Illustrative answer (demo data): every ward has a named neighbourhood \
                     team; the Chief Constable reported patrol numbers to the Board.",
        },
    )
    .await?;
    advance(db, &office, id, Step::Publish).await
}
