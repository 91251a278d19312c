//! The demo's commissioning: the funds the Annual Report 2023-24 lists, the commissioned
//! victim services with the 2024/25 returns the Police & Crime Plan 2024-28: Progress Report
//! to the Police & Crime Panel, April-August 2025 gives, and a Community Action Fund round open
//! for applications. The round, the services' contract dates, stages and directory details,
//! and the providers' identifiers are illustrative (the documents do not give them) and say so.

use crate::audit::{Actor, Change};
use crate::{Db, Result, WriteTx};

const ANNUAL: &str = "Police and Crime Commissioner for Cheshire, Annual Report 2023-24";
const PROGRESS: &str =
    "Police & Crime Plan 2024-28: Progress Report to the Police & Crime Panel, April-August 2025";
const ILLUSTRATIVE: &str = "Illustrative, not from the published documents";

/// (slug, title, grantor, year, amount ('' when the documents do not give it), conditions,
/// reporting duties, source)
type FundRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);
const FUNDS: [FundRow; 9] = [
    (
        "safer-streets-5",
        "Safer Streets 5",
        "Home Office",
        "2023-24",
        "465000",
        "Delivered from October 2023 until the end of March 2025: anti-social behaviour practitioners, situational crime prevention (CCTV, lighting, environmental updates) and added drone capacity.",
        "Progress and spending reported to the Home Office.",
        ANNUAL,
    ),
    (
        "idva-isva",
        "Independent Domestic Violence and Sexual Violence Advisers",
        "Ministry of Justice",
        "2023-24",
        "675910",
        "An extension to existing funding, with some additions.",
        "Spending and outcomes reported to the Ministry of Justice.",
        ANNUAL,
    ),
    (
        "da-sa-uplift",
        "Domestic Abuse and Sexual Abuse Uplift",
        "Ministry of Justice",
        "2023-24",
        "267156",
        "Additional activity to meet the needs of victims of domestic and sexual abuse.",
        "Spending and outcomes reported to the Ministry of Justice.",
        ANNUAL,
    ),
    (
        "perpetrator-fund",
        "Domestic Abuse Perpetrator Fund",
        "Ministry of Justice or Home Office (the report does not say which)",
        "2023-24",
        "1400000",
        "Project CARA (Cautioning And Relationship Abuse) in custody suites, and Engage and Reset: 133 people engaged.",
        "Not stated in the report.",
        ANNUAL,
    ),
    (
        "serious-violence-duty",
        "Serious Violence Duty grant",
        "Home Office",
        "2023-24",
        "362562",
        "Interventions such as educational and mentoring services for young people at risk of exploitation, a domestic abuse perpetrator programme, and software and data tools to understand serious violence.",
        "Grant spending and progress reported to the Local Criminal Justice Board and the Home Office.",
        ANNUAL,
    ),
    (
        "savera-uk",
        "Honour-based abuse service (Savera UK)",
        "Not stated in the report",
        "2023-24",
        "150000",
        "The first year of a service for victims of 'honour'-based abuse, female genital mutilation and forced marriage: 57 survivors supported, over 200 professionals trained.",
        "Not stated in the report.",
        ANNUAL,
    ),
    (
        "community-action-fund-2023-24",
        "Community Action Fund 2023-24",
        "Police and Crime Commissioner for Cheshire",
        "2023-24",
        "100000",
        "Grants up to £5,000 for projects that make communities safer: 36 projects, among them youth clubs, boxing sessions and educational workshops.",
        "Grant holders report how the money was spent.",
        ANNUAL,
    ),
    (
        "victim-services",
        "Victim support services",
        "Ministry of Justice (victims' services grant)",
        "2024-25",
        "",
        "Services that help victims and witnesses cope and recover from the impact of crime.",
        "Providers' returns: referrals and people supported.",
        PROGRESS,
    ),
    (
        "community-action-fund",
        "Community Action Fund (demo round)",
        "Police and Crime Commissioner for Cheshire",
        "",
        "100000",
        "Grants up to £5,000 for projects that make communities safer.",
        "An end-of-grant report on what the money did.",
        ILLUSTRATIVE,
    ),
];

pub const ROUND: &str = "community-action-fund";

/// Funds whose awards the demo does not hold one by one, with the number of projects their
/// year's published report gives.
const PROJECTS_REPORTED: [(&str, i64); 1] = [
    // The 2023-24 annual report: "36 projects".
    ("community-action-fund-2023-24", 36),
];

const ELIGIBILITY: &str = "Are you a voluntary or community group, charity or social enterprise working in Cheshire, Halton or Warrington?\n\
Will the project make your community safer?\n\
Will the money be spent within 12 months of the award?";

const CRITERIA: [(&str, i64); 4] = [
    ("Makes the community safer", 5),
    ("Meets a need shown in the area", 5),
    ("Involves local people", 5),
    ("Value for money", 5),
];

/// (slug, name, organisation, description, eligibility, referrals, supported, narrative)
pub type ServiceRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
);
pub const SERVICES: [ServiceRow; 5] = [
    (
        "cheshire-cares",
        "Cheshire CARES",
        "Cheshire CARES",
        "Support for victims of crime to cope and recover.",
        "Anyone affected by crime in Cheshire, Halton or Warrington, whether or not it was reported to the police.",
        21_341,
        20_865,
        "21,341 referrals; 20,865 supported.",
    ),
    (
        "rasasc",
        "RASASC",
        "Rape and Sexual Abuse Support Centre (RASASC)",
        "Specialist support for people affected by rape and sexual abuse.",
        "Anyone affected by rape or sexual abuse, at any time in their life.",
        2_209,
        3_027,
        "2,209 new referrals; 3,027 supported.",
    ),
    (
        "remedi-restorative-justice",
        "Remedi Restorative Justice",
        "Remedi",
        "Restorative justice: a victim and the person who harmed them communicate, when both agree.",
        "Victims of crime and the people who harmed them, when both agree to take part.",
        576,
        289,
        "576 referrals; 289 supported.",
    ),
    (
        "remedi-hate-crime",
        "Remedi Hate Crime",
        "Remedi",
        "Support for victims of hate crime.",
        "Anyone affected by a hate crime or hate incident.",
        2_121,
        1_029,
        "2,121 referrals; 1,029 supported.",
    ),
    (
        "2wish",
        "2Wish (bereavement)",
        "2Wish",
        "Support for people bereaved by the sudden death of a child or young adult.",
        "Families and others bereaved by the sudden death of a child or young person aged 25 or under.",
        35,
        162,
        "35 death referrals; 162 individuals supported.",
    ),
];

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Loads the demo into an empty commissioning store; says whether it did.
pub async fn load_if_empty(db: &Db, actor: &Actor) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM com_funds")
        .fetch_one(&db.pool)
        .await?;
    if n > 0 {
        return Ok(false);
    }
    let today = time::OffsetDateTime::now_utc().date();
    let iso = |d: time::Date| d.to_string();
    let year = opcc_domain::finance::FinancialYear::of(today).to_string();
    let areas = "E06000049,E06000050,E06000006,E06000007";
    let mut tx = db.begin_write().await?;
    for (s, title, grantor, y, amount, conditions, duties, source) in FUNDS {
        sqlx::query(
            "INSERT INTO com_funds (slug, title, grantor, year, amount, conditions, \
             reporting_duties, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(s)
        .bind(title)
        .bind(grantor)
        .bind(if y.is_empty() { year.as_str() } else { y })
        .bind(amount)
        .bind(conditions)
        .bind(duties)
        .bind(source)
        .execute(&mut *tx)
        .await?;
    }
    for (slug, n) in PROJECTS_REPORTED {
        sqlx::query("UPDATE com_funds SET projects_reported = $1 WHERE slug = $2")
            .bind(n)
            .bind(slug)
            .execute(&mut *tx)
            .await?;
    }
    let fund = |s: &'static str| {
        sqlx::query_scalar::<_, i64>("SELECT id FROM com_funds WHERE slug = $1").bind(s)
    };
    let caf = fund(ROUND).fetch_one(&mut *tx).await?;
    let round: i64 = sqlx::query_scalar(
        "INSERT INTO com_programmes (slug, fund_id, kind, title, description, plan_slug, \
         priority_key, needs_assessment, opens_on, closes_on, max_award, eligibility) \
         VALUES ($1, $2, 'round', $3, $4, 'cheshire-2024-28', 'reduce-crime', $5, $6, $7, \
         '5000', $8) RETURNING id",
    )
    .bind(ROUND)
    .bind(caf)
    .bind("Community Action Fund")
    .bind(
        "Grants up to £5,000 for community groups' projects that make their communities safer: \
         youth engagement, road safety, crime prevention and community safety. (The demo's \
         round is illustrative; its dates move with the day the demo is loaded.)",
    )
    .bind("Police recorded crime and anti-social behaviour by local authority (the crime pages)")
    .bind(iso(today - time::Duration::days(30)))
    .bind(iso(today + time::Duration::days(60)))
    .bind(ELIGIBILITY)
    .fetch_one(&mut *tx)
    .await?;
    for (i, (title, max)) in CRITERIA.iter().enumerate() {
        sqlx::query(
            "INSERT INTO com_criteria (programme_id, position, title, max_score) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(round)
        .bind(i as i64)
        .bind(title)
        .bind(max)
        .execute(&mut *tx)
        .await?;
    }
    let victims = fund("victim-services").fetch_one(&mut *tx).await?;
    let programme: i64 = sqlx::query_scalar(
        "INSERT INTO com_programmes (slug, fund_id, kind, title, description, plan_slug, \
         priority_key, needs_assessment, eligibility) VALUES ('victim-services', $1, 'service', \
         'Victim support services', $2, 'cheshire-2024-28', 'listen-victims', $3, '') \
         RETURNING id",
    )
    .bind(victims)
    .bind("Commissioned services that help victims and witnesses cope and recover from crime.")
    .bind("Victim Needs Assessment (for victims of sexual abuse, in the April-August 2025 progress report)")
    .fetch_one(&mut *tx)
    .await?;
    let ends = [18, 30, 5, 5, 42];
    for (i, (s, name, org, description, eligibility, referrals, supported, narrative)) in
        SERVICES.into_iter().enumerate()
    {
        let org_id = format!("360G-cheshirepcc-org-{}", slug(org));
        sqlx::query(
            "INSERT INTO com_organisations (org_id, name, charity_number, company_number, \
             postcode, local_authority, web) VALUES ($1, $2, '', '', '', '', '') \
             ON CONFLICT (org_id) DO NOTHING",
        )
        .bind(&org_id)
        .bind(org)
        .execute(&mut *tx)
        .await?;
        let organisation: i64 =
            sqlx::query_scalar("SELECT id FROM com_organisations WHERE org_id = $1")
                .bind(&org_id)
                .fetch_one(&mut *tx)
                .await?;
        let ends_on = today + time::Duration::days(30 * ends[i]);
        let service: i64 = sqlx::query_scalar(
            "INSERT INTO com_services (uuid, slug, programme_id, organisation_id, name, \
             description, eligibility, areas, email, phone, url, opening_hours, contract_value, \
             starts_on, ends_on, extension, kpis, stage, need_evidence, next_decision_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', '', '', $9, '', '2024-04-01', $10, $11, \
             $12, $13, $14, $15) RETURNING id",
        )
        .bind(opcc_domain::commissioning::oruk::uuid_for(&format!(
            "service:{s}"
        )))
        .bind(s)
        .bind(programme)
        .bind(organisation)
        .bind(name)
        .bind(description)
        .bind(eligibility)
        .bind(areas)
        .bind("Monday to Friday, 9am to 5pm (illustrative)")
        .bind(iso(ends_on))
        .bind("One extension of up to two years (illustrative)")
        .bind("Referrals, people supported, coping and recovery, waiting times")
        .bind(if ends[i] < 12 { "review" } else { "do" })
        .bind("Victim Needs Assessment; providers' returns")
        .bind(iso(ends_on - time::Duration::days(120)))
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO com_returns (service_id, year, quarter, local_authority, referrals, \
             supported, coping_improved, waiting_days, narrative, status, submitted_by, \
             submitted_at) VALUES ($1, '2024-25', 0, '', $2, $3, '', '', $4, 'reviewed', $5, \
             '2025-08-31T00:00:00Z')",
        )
        .bind(service)
        .bind(referrals)
        .bind(supported)
        .bind(format!("{narrative} ({PROGRESS})"))
        .bind(PROGRESS)
        .execute(&mut *tx)
        .await?;
    }
    load_award(&mut tx, round, today).await?;
    tx.commit(
        actor,
        Change::new("commissioning.demo_load", "com_funds", "demo"),
    )
    .await?;
    Ok(true)
}

/// One awarded, published grant from the demo round (illustrative: the annual report names
/// no recipient of its 36 projects), so the public funding page and the 360Giving export hold
/// a grant made through the cycle: its decision published in the register and linked, the
/// offer accepted, the first of two instalments paid.
async fn load_award(tx: &mut WriteTx, round: i64, today: time::Date) -> Result<()> {
    use crate::governance::decisions::{self, NewDecision};
    let day = |n: i64| (today - time::Duration::days(n)).to_string();
    let org_id = "360G-cheshirepcc-org-demo-youth-boxing-club";
    let name = "Demo Youth Boxing Club (illustrative)";
    let organisation: i64 = sqlx::query_scalar(
        "INSERT INTO com_organisations (org_id, name, charity_number, company_number, postcode, \
         local_authority, web) VALUES ($1, $2, '', '', '', 'E06000050', '') RETURNING id",
    )
    .bind(org_id)
    .bind(name)
    .fetch_one(&mut **tx)
    .await?;
    let title = "Boxing sessions for young people in Ellesmere Port";
    let summary = "Weekly evening boxing sessions and mentoring for young people at risk of \
                   being drawn into anti-social behaviour. (Illustrative.)";
    let submitted = format!("{}T10:00:00Z", day(25));
    let application: i64 = sqlx::query_scalar(
        "INSERT INTO com_applications (programme_id, organisation_id, title, summary, \
         local_authority, status, eligible, created_at, updated_at, submitted_at) \
         VALUES ($1, $2, $3, $4, 'E06000050', 'awarded', 1, $5, $5, $5) RETURNING id",
    )
    .bind(round)
    .bind(organisation)
    .bind(title)
    .bind(summary)
    .bind(&submitted)
    .fetch_one(&mut **tx)
    .await?;
    for (i, (item, amount)) in [("Coach's fees", "3250"), ("Gloves, pads and mats", "1500")]
        .into_iter()
        .enumerate()
    {
        sqlx::query(
            "INSERT INTO com_budget_lines (application_id, position, item, amount) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(application)
        .bind(i as i64)
        .bind(item)
        .bind(amount)
        .execute(&mut **tx)
        .await?;
    }
    let identifier = format!("{}-{ROUND}-{application}", super::grants::PREFIX);
    let decided = day(20);
    let notice = NewDecision {
        title: format!("Community Action Fund: grant to {name}"),
        decision_maker: "Police and Crime Commissioner".into(),
        decided_on: decided.clone(),
        summary: format!(
            "To award £4,750.00 to {name} for {title:?} from the Community Action Fund."
        ),
        reasons: "Scored well against every published criterion. (Illustrative demo decision.)"
            .into(),
        financial: "£4,750.00 from the Community Action Fund.".into(),
        ..NewDecision::default()
    };
    let now = crate::now_utc();
    let (_, number) = decisions::insert(tx, &notice, &now).await?;
    decisions::publish_in(tx, number, &now).await?;
    decisions::link_in(tx, number, "grant", &identifier).await?;
    let award: i64 = sqlx::query_scalar(
        "INSERT INTO com_awards (identifier, application_id, programme_id, title, description, \
         amount, currency, award_date, recipient_org_id, recipient_name, \
         recipient_charity_number, recipient_company_number, funder_org_id, funder_name, \
         programme_title, local_authority, decision_number, source, created_at, conditions, \
         end_date, accepted_at) VALUES ($1, $2, $3, $4, $5, '4750', 'GBP', $6, $7, $8, '', '', \
         $9, $10, 'Community Action Fund', 'E06000050', $11, 'office', $12, $13, $14, $15) \
         RETURNING id",
    )
    .bind(&identifier)
    .bind(application)
    .bind(round)
    .bind(title)
    .bind(summary)
    .bind(&decided)
    .bind(org_id)
    .bind(name)
    .bind(super::awards::FUNDER_ID)
    .bind(super::awards::FUNDER_NAME)
    .bind(number.to_string())
    .bind(&now)
    .bind(CONDITIONS)
    .bind((today + time::Duration::days(345)).to_string())
    .bind(format!("{}T09:00:00Z", day(18)))
    .fetch_one(&mut **tx)
    .await?;
    for (due, amount, paid) in [
        (decided.clone(), "2375", Some(day(15))),
        (
            (today + time::Duration::days(163)).to_string(),
            "2375",
            None,
        ),
    ] {
        sqlx::query(
            "INSERT INTO com_payments (award_id, due_on, amount, paid_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(award)
        .bind(due)
        .bind(amount)
        .bind(paid)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The conditions the office's offer letters state unless the award says otherwise.
pub const CONDITIONS: &str = "The grant is spent only on the project and budget in the \
    application, within 12 months of the award.\n\
    Any money not spent is returned to the office.\n\
    An interim report at six months and an end-of-grant report when the grant ends say what \
    was spent and what it did.\n\
    The office's support is acknowledged in publicity about the project.\n\
    The office may claw back money spent on anything else or if these conditions are broken.";
