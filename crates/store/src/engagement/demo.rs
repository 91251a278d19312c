//! The demo's engagement, from the published documents: the Cheshire Youth Commission's "Big
//! Conversation" with 1,400 young people and its four themes (Police and Crime Commissioner
//! for Cheshire, Annual Report 2023-24), and the engagements the Police & Crime Plan 2024-28:
//! Progress Report to the Police & Crime Panel, April-August 2025 lists: a multi-faith event
//! at Chester Cathedral in June 2025, a community clean-up day in Orford with 10 asylum
//! seekers, and community walkabouts in Crewe and Runcorn.
//!
//! ILLUSTRATIVE, NOT FROM THE DOCUMENTS: the events' days, times, partners, attendance (other
//! than the 10 asylum seekers) and themes; the youth commission's recommendations and the
//! Commissioner's responses; both surveys, their responses, quotes and "you said, we did".
//! Each says on its face that it is an example.

use super::events::NewEvent;
use super::responses::{Channel, NewResponse, Outcome};
use super::{NewQuestion, NewSurvey, Viewer};
use crate::audit::Actor;
use crate::{Db, Result};
use opcc_domain::engagement::Kind;
use time::macros::date;

const ILLUSTRATIVE: &str = "Illustrative example (demo data, not from the published documents).";

pub async fn load_if_empty(db: &Db) -> Result<bool> {
    let held: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM engagement_surveys) + (SELECT COUNT(*) FROM engagement_events) \
         + (SELECT COUNT(*) FROM engagement_youth_rounds)",
    )
    .fetch_one(&db.pool)
    .await?;
    if held > 0 {
        return Ok(false);
    }
    let actor = Actor::system("demo data");
    youth(db, &actor).await?;
    events(db, &actor).await?;
    surveys(db, &actor).await?;
    Ok(true)
}

async fn youth(db: &Db, actor: &Actor) -> Result<()> {
    let themes: Vec<String> = [
        "Violence and abuse",
        "Relationships with the police",
        "Safer communities",
        "Hate crimes",
    ]
    .map(String::from)
    .to_vec();
    let round = super::youth::add_round(
        db,
        actor,
        "The Big Conversation",
        date!(2023 - 11 - 01),
        1400,
        &themes,
        "The Cheshire Youth Commission ensures there is an ongoing dialogue with 1400 young \
         people across Cheshire, to understand the policing priorities and issues they face. \
         The 'Big Conversation' was held in November (Annual Report 2023-24).",
    )
    .await?;
    let recs = [
        (
            "Officers should visit schools to talk about healthy relationships and where to \
             report abuse.",
            Some(
                "I have asked the Constabulary's schools officers to include healthy \
                  relationships in every secondary school visit this year.",
            ),
        ),
        (
            "Make it easier for young people to report hate crime online without giving their \
             name first.",
            None,
        ),
    ];
    for (text, response) in recs {
        let id =
            super::youth::add_recommendation(db, actor, round, &format!("{text} {ILLUSTRATIVE}"))
                .await?;
        if let Some(r) = response {
            super::youth::respond(
                db,
                actor,
                id,
                &format!("{r} {ILLUSTRATIVE}"),
                date!(2024 - 03 - 01),
            )
            .await?;
        }
    }
    Ok(())
}

/// An event: its title, kind, start and end; venue, postcode and coordinates; partners and
/// attendance; themes.
fn event(
    title: &str,
    kind: &str,
    when: (&str, &str),
    place: (&str, &str, (f64, f64)),
    with: (&str, Option<i64>),
    themes: &[&str],
) -> NewEvent {
    NewEvent {
        title: title.into(),
        kind: kind.into(),
        starts_at: when.0.into(),
        ends_at: when.1.into(),
        venue: place.0.into(),
        postcode: Some(place.1.into()),
        coordinates: Some(place.2),
        lad_code: None,
        partners: format!("{} {ILLUSTRATIVE}", with.0),
        attendance: with.1,
        themes: themes.iter().map(|s| s.to_string()).collect(),
    }
}

async fn events(db: &Db, actor: &Actor) -> Result<()> {
    let today = time::OffsetDateTime::now_utc().date();
    let soon = today + time::Duration::days(30);
    let soon_at = |h: u8| format!("{soon}T{h:02}:00");
    let list = [
        event(
            "Multi-faith event at Chester Cathedral",
            "faith",
            ("2025-06-12T18:00", "2025-06-12T20:30"),
            (
                "Chester Cathedral, St Werburgh Street, Chester",
                "CH1 2DY",
                (53.1921, -2.8904),
            ),
            ("Faith leaders of Chester.", Some(120)),
            &["Hate crime", "Community cohesion"],
        ),
        event(
            "Community clean-up day in Orford with 10 asylum seekers",
            "action",
            ("2025-07-05T10:00", "2025-07-05T14:00"),
            ("Orford Park, Warrington", "WA2 8QD", (53.4108, -2.5786)),
            (
                "Warrington Borough Council; 10 asylum seekers; local residents.",
                None,
            ),
            &["Anti-social behaviour", "Safer communities"],
        ),
        event(
            "Community walkabout in Crewe",
            "walkabout",
            ("2025-05-15T14:00", "2025-05-15T16:00"),
            ("Market Square, Crewe", "CW1 2NG", (53.0983, -2.4417)),
            (
                "Cheshire East Council; neighbourhood policing team.",
                Some(35),
            ),
            &["Anti-social behaviour", "E-bikes", "Town centre safety"],
        ),
        event(
            "Community walkabout in Runcorn",
            "walkabout",
            ("2025-08-07T14:00", "2025-08-07T16:00"),
            (
                "Runcorn Shopping City, Halton Lea",
                "WA7 2ES",
                (53.3290, -2.6960),
            ),
            (
                "Halton Borough Council; neighbourhood policing team.",
                Some(28),
            ),
            &["Drug dealing", "Road safety"],
        ),
        event(
            "Drop-in with the Commissioner in Northwich",
            "surgery",
            (soon_at(10).as_str(), soon_at(12).as_str()),
            ("Northwich Library", "CW9 5DH", (53.2590, -2.5180)),
            ("Cheshire West and Chester Council libraries.", None),
            &[],
        ),
    ];
    for e in &list {
        super::events::create(db, actor, e).await?;
    }
    Ok(())
}

async fn surveys(db: &Db, actor: &Actor) -> Result<()> {
    let today = time::OffsetDateTime::now_utc().date();
    // A closed survey with its results, quotes and "you said, we did".
    super::create_survey(
        db,
        actor,
        &NewSurvey {
            title: "Your views on policing in Cheshire 2025".into(),
            summary: format!(
                "What matters most to you about policing where you live, and how should the \
                 policing part of council tax be spent? {ILLUSTRATIVE}"
            ),
            opens_on: date!(2025 - 01 - 06),
            closes_on: date!(2025 - 02 - 02),
            named: false,
            equality: true,
            plan_slug: None,
        },
    )
    .await?;
    let slug = "your-views-on-policing-in-cheshire-2025";
    let qs = [
        NewQuestion {
            kind: Kind::Ranking,
            prompt: "Rank these priorities, 1 the most important to you".into(),
            options: vec![
                "Neighbourhood policing".into(),
                "Tackling violence against women and girls".into(),
                "Road safety".into(),
                "Anti-social behaviour".into(),
            ],
            total: None,
            required: true,
        },
        NewQuestion {
            kind: Kind::Budget,
            prompt: "Share £100 of the police precept between these".into(),
            options: vec![
                "Officers in neighbourhoods".into(),
                "Support for victims".into(),
                "Roads policing".into(),
                "Technology".into(),
            ],
            total: Some(rust_decimal::Decimal::ONE_HUNDRED),
            required: false,
        },
        NewQuestion {
            kind: Kind::Rating,
            prompt: "How safe do you feel where you live? (1 very unsafe, 5 very safe)".into(),
            options: vec![],
            total: None,
            required: false,
        },
        NewQuestion {
            kind: Kind::Single,
            prompt: "Would you pay £15 more a year (Band D) for policing?".into(),
            options: vec!["Yes".into(), "No".into(), "Not sure".into()],
            total: None,
            required: false,
        },
        NewQuestion {
            kind: Kind::Text,
            prompt: "Is there anything else you would like to tell the Commissioner?".into(),
            options: vec![],
            total: None,
            required: false,
        },
    ];
    for q in &qs {
        super::add_question(db, actor, slug, q).await?;
    }
    super::publish(db, actor, slug).await?;
    let s = super::survey(db, slug, Viewer::Office).await?;
    let ids: Vec<i64> = super::questions(db, s.id)
        .await?
        .iter()
        .map(|q| q.id)
        .collect();
    // Twelve illustrative responses, entered as paper forms after the survey closed.
    let texts = [
        "More officers on foot in the town centre in the evenings, please.",
        "Speeding on our road near the school is a daily problem. Call me on 07700 900123.",
        "",
    ];
    for i in 0..12usize {
        let rank = match i % 3 {
            0 => "0,1,3,2",
            1 => "1,0,3,2",
            _ => "0,3,1,2",
        };
        let budget = ["40,30,20,10", "50,25,15,10", "30,40,10,20"][i % 3];
        let mut answers = vec![
            (ids[0], rank.to_string()),
            (ids[1], budget.to_string()),
            (ids[2], ((i % 5) + 1).to_string()),
            (ids[3], (i % 3).to_string()),
        ];
        let text = texts[i % 3];
        if !text.is_empty() {
            answers.push((ids[4], text.to_string()));
        }
        super::responses::submit(
            db,
            actor,
            &s,
            &NewResponse {
                channel: Channel::Paper,
                respondent: None,
                equality: [
                    "eq_age=25 to 44\neq_sex=Female",
                    "eq_age=45 to 64\neq_sex=Male",
                    "",
                ][i % 3]
                    .into(),
                consent_to_quote: i % 2 == 0,
                answers,
            },
            today,
        )
        .await?;
    }
    let answers = super::responses::text_answers(db, s.id).await?;
    for a in answers.iter().filter(|a| a.consent_to_quote == 1).take(2) {
        // The phone number is redacted before publishing; the audit log keeps both.
        let redacted = a
            .value
            .replace("Call me on 07700 900123.", "[personal details removed]");
        super::responses::publish_quote(db, actor, a.answer_id, redacted.trim()).await?;
    }
    super::responses::add_outcome(
        db,
        actor,
        &s,
        &Outcome {
            you_said: format!("Neighbourhood policing matters most to you. {ILLUSTRATIVE}"),
            we_did: "The Police & Crime Plan 2024-28 keeps neighbourhood policing as its first \
                     priority."
                .into(),
            link: "/plans/cheshire-2024-28".into(),
        },
    )
    .await?;
    // An open survey, for the public to answer.
    super::create_survey(
        db,
        actor,
        &NewSurvey {
            title: "Have your say on road safety".into(),
            summary: format!(
                "Tell the Commissioner where roads feel unsafe and what would help. {ILLUSTRATIVE}"
            ),
            opens_on: today - time::Duration::days(7),
            closes_on: today + time::Duration::days(60),
            named: false,
            equality: true,
            plan_slug: None,
        },
    )
    .await?;
    let open = "have-your-say-on-road-safety";
    for q in [
        NewQuestion {
            kind: Kind::Multiple,
            prompt: "Which of these worry you on the roads near you?".into(),
            options: vec![
                "Speeding".into(),
                "Drink or drug driving".into(),
                "Mobile phone use".into(),
                "E-scooters and e-bikes".into(),
            ],
            total: None,
            required: true,
        },
        NewQuestion {
            kind: Kind::Text,
            prompt: "Where, and what would help?".into(),
            options: vec![],
            total: None,
            required: false,
        },
    ] {
        super::add_question(db, actor, open, &q).await?;
    }
    super::publish(db, actor, open).await?;
    Ok(())
}
