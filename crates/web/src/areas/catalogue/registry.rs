//! Every public dataset the service holds, described once: what it is, how often it changes,
//! where its downloads are and what each field means. A download is the area's own public
//! export where one exists; otherwise the catalogue makes it from the area's public API
//! (`records.rs`), so a download can never hold more than the public already sees.

use opcc_store::catalogue::Changes;

/// A column of the CSV and a key of each JSON record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// The key in the source's JSON records (inner records first, then their parents).
    pub key: &'static str,
    /// text, integer, decimal, date, date-time, boolean, code or URL.
    pub kind: &'static str,
    pub description: &'static str,
}

const fn f(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field {
        name,
        key: name,
        kind,
        description,
    }
}

const fn k(
    name: &'static str,
    key: &'static str,
    kind: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        key,
        kind,
        description,
    }
}

/// Where a download is.
#[derive(Debug, Clone, Copy)]
pub enum Download {
    /// An existing public export; `{plan}` stands for the plan in force.
    At(&'static str),
    /// Made here from the dataset's records: `/data/{slug}/data.csv` or `.json`.
    Here,
}

/// Where the catalogue finds a dataset's records when it makes a download itself.
#[derive(Debug, Clone, Copy)]
pub enum Records {
    /// Both downloads are the area's own.
    None,
    /// A public JSON document: the array at `pointer`, each item's arrays at `nest` in turn
    /// (a row per innermost item, with its parents' fields).
    Api {
        path: &'static str,
        pointer: &'static str,
        nest: &'static [&'static str],
    },
    /// A public CSV export read back into records.
    Csv(&'static str),
    /// Every measure's published values, from each measure's public series.
    Measures,
    /// The published Panel questions and responses of every public plan.
    PanelQuestions,
}

#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// A page for people to read the same data.
    pub page: &'static str,
    /// How often it changes, in words and as a Dublin Core frequency.
    pub frequency: &'static str,
    pub accrual: &'static str,
    pub theme: &'static str,
    pub csv: Download,
    pub json: Download,
    pub records: Records,
    pub fields: &'static [Field],
    pub changes: Changes,
}

const MONTHLY: &str = "http://purl.org/cld/freq/monthly";
const QUARTERLY: &str = "http://purl.org/cld/freq/quarterly";
const ANNUAL: &str = "http://purl.org/cld/freq/annual";
const IRREGULAR: &str = "http://purl.org/cld/freq/irregular";

/// The Open Government Licence v3.0, which every dataset is published under.
pub const LICENCE: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

pub static DATASETS: &[Dataset] = &[
    Dataset {
        slug: "crime-summary",
        title: "Recorded crime by month",
        description: "Street-level crime recorded by the force, counted by month for the force \
            area, with the population and the rate per 1,000 people. From data.police.uk; a \
            month not loaded is a gap, never zero.",
        page: "/crime",
        frequency: "Monthly",
        accrual: MONTHLY,
        theme: "Crime",
        csv: Download::At("/crime/summary.csv"),
        json: Download::At("/api/v1/crime/summary"),
        records: Records::None,
        fields: &[
            f("force", "code", "The force, by its data.police.uk name"),
            f(
                "category",
                "code",
                "The crime category (all-crime for every category)",
            ),
            f(
                "key",
                "text",
                "The month (YYYY-MM) or the local authority's code",
            ),
            f(
                "label",
                "text",
                "The month or the local authority, as people read it",
            ),
            f(
                "area",
                "code",
                "The local authority's ONS GSS code, when by area",
            ),
            f(
                "count",
                "integer",
                "Crimes recorded; empty when the month is not loaded",
            ),
            f("population", "integer", "The population the rate is per"),
            f("rate_per_1000", "decimal", "Crimes per 1,000 people"),
        ],
        changes: Changes {
            columns: &[("crime_coverage", "imported_at")],
            entities: &["police_uk"],
        },
    },
    Dataset {
        slug: "crime-neighbourhoods",
        title: "Recorded crime by neighbourhood (LSOA)",
        description: "The latest month's recorded crime in each lower layer super output area \
            of the force, with its local authority, the rate per 1,000 residents and the map's \
            class.",
        page: "/crime/map",
        frequency: "Monthly",
        accrual: MONTHLY,
        theme: "Crime",
        csv: Download::At("/crime/map.csv"),
        json: Download::Here,
        records: Records::Csv("/crime/map.csv"),
        fields: &[
            f("force", "code", "The force, by its data.police.uk name"),
            f("month", "text", "The month (YYYY-MM)"),
            f("category", "code", "The crime category"),
            f("lsoa_code", "code", "The LSOA's ONS GSS code (2011)"),
            f("lsoa_name", "text", "The LSOA's name"),
            f("lad_code", "code", "The local authority's ONS GSS code"),
            f("lad_name", "text", "The local authority's name"),
            f("count", "integer", "Crimes recorded in the month"),
            f("population_2011", "integer", "Residents at the 2011 census"),
            f("rate_per_1000", "decimal", "Crimes per 1,000 residents"),
            f("class", "text", "The map's shading class"),
        ],
        changes: Changes {
            columns: &[("crime_coverage", "imported_at")],
            entities: &["police_uk"],
        },
    },
    Dataset {
        slug: "crime-compare",
        title: "Recorded crime compared across forces",
        description: "The month's recorded crime of every force loaded, ranked by the rate per \
            1,000 people; forces not loaded are listed as such.",
        page: "/crime/compare",
        frequency: "Monthly",
        accrual: MONTHLY,
        theme: "Crime",
        csv: Download::At("/crime/compare.csv"),
        json: Download::Here,
        records: Records::Csv("/crime/compare.csv"),
        fields: &[
            f("month", "text", "The month (YYYY-MM)"),
            f("category", "code", "The crime category"),
            f("force", "code", "The force, by its data.police.uk name"),
            f("name", "text", "The force's name"),
            f("status", "text", "loaded or not loaded"),
            f("rank", "integer", "Rank by rate, 1 the highest"),
            f("count", "integer", "Crimes recorded"),
            f("population", "integer", "The force area's population"),
            f("rate_per_1000", "decimal", "Crimes per 1,000 people"),
            f("this_area", "boolean", "yes for this office's force"),
        ],
        changes: Changes {
            columns: &[("crime_coverage", "imported_at")],
            entities: &["police_uk"],
        },
    },
    Dataset {
        slug: "plan-commitments",
        title: "Police and Crime Plan commitments and progress",
        description: "The commitments of the Police and Crime Plan in force, where each sits \
            in the plan, who owns it and its latest progress marking. The JSON is the whole \
            plan: priorities, commitments, measures and their sources.",
        page: "/plans",
        frequency: "Quarterly",
        accrual: QUARTERLY,
        theme: "Police and Crime Plan",
        csv: Download::At("/plans/{plan}/commitments.csv"),
        json: Download::At("/api/v1/plans/{plan}"),
        records: Records::None,
        fields: &[
            f("plan", "code", "The plan's identifier"),
            f(
                "place",
                "text",
                "Where the commitment sits: priority and theme",
            ),
            f("key", "code", "The commitment's identifier within the plan"),
            f("commitment", "text", "What the plan commits to"),
            f("owner", "text", "Who is responsible, by role"),
            f("status", "text", "The latest progress marking"),
            f("status_date", "date", "When it was marked"),
            f("period", "text", "The reporting period of the marking"),
            f("narrative", "text", "What was reported"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["plan", "plan_item", "plan_measure"],
        },
    },
    Dataset {
        slug: "measure-values",
        title: "Plan measures: values of published quarters",
        description: "Every value of every plan measure up to the latest published quarterly \
            scrutiny pack, with its statistical process control reading (mean, limits and \
            signal).",
        page: "/plans",
        frequency: "Quarterly",
        accrual: QUARTERLY,
        theme: "Police and Crime Plan",
        csv: Download::Here,
        json: Download::Here,
        records: Records::Measures,
        fields: &[
            k(
                "measure",
                "id",
                "code",
                "The measure's identifier: plan and key",
            ),
            f("plan", "code", "The plan's identifier"),
            k("title", "title", "text", "The measure"),
            f("unit", "text", "What a value counts"),
            f("better", "text", "Which way is better: higher or lower"),
            f("period", "text", "The month, quarter or year of the value"),
            f("value", "decimal", "The value"),
            f(
                "numerator",
                "decimal",
                "The numerator of a rate, when recorded",
            ),
            f(
                "denominator",
                "decimal",
                "The denominator of a rate, when recorded",
            ),
            f("mean", "decimal", "The process mean"),
            f("upper_limit", "decimal", "The upper process limit"),
            f("lower_limit", "decimal", "The lower process limit"),
            f(
                "kind",
                "code",
                "The reading: common cause or a special-cause signal",
            ),
        ],
        changes: Changes {
            columns: &[("locked_quarters", "locked_at")],
            entities: &["plan_measure"],
        },
    },
    Dataset {
        slug: "grants",
        title: "Grants awarded (360Giving)",
        description: "Grants the Commissioner has awarded and published, in the 360Giving Data \
            Standard 1.4: recipient organisation, amount, date, programme and the local \
            authorities that benefit.",
        page: "/funding",
        frequency: "Monthly",
        accrual: MONTHLY,
        theme: "Commissioning",
        csv: Download::At("/funding/360giving.csv"),
        json: Download::At("/funding/360giving.json"),
        records: Records::None,
        fields: &[
            f("Identifier", "code", "The grant's 360Giving identifier"),
            f("Title", "text", "The grant"),
            f("Description", "text", "What it pays for"),
            f("Currency", "code", "ISO 4217 currency (GBP)"),
            f("Amount Awarded", "decimal", "The amount awarded"),
            f("Award Date", "date", "When it was awarded"),
            f(
                "Recipient Org:Identifier",
                "code",
                "The recipient organisation's org-id",
            ),
            f("Recipient Org:Name", "text", "The recipient organisation"),
            f("Recipient Org:Charity Number", "code", "Its charity number"),
            f("Recipient Org:Company Number", "code", "Its company number"),
            f(
                "Beneficiary Location:Name",
                "text",
                "The local authorities that benefit",
            ),
            f(
                "Beneficiary Location:Geographic Code",
                "code",
                "Their ONS GSS codes",
            ),
            f(
                "Beneficiary Location:Geographic Code Type",
                "code",
                "The code type (LA)",
            ),
            f("Funding Org:Identifier", "code", "The funder's org-id"),
            f("Funding Org:Name", "text", "The funder"),
            f("Grant Programme:Title", "text", "The fund or grant round"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["com_award", "com_awards", "com_funds"],
        },
    },
    Dataset {
        slug: "services",
        title: "Services for victims (Open Referral UK)",
        description: "The services the Commissioner commissions, in the Open Referral UK 3.0 \
            standard: what each does and which organisation provides it. The full feed, with \
            organisations, locations and taxonomies, is at /openreferral/.",
        page: "/get-help",
        frequency: "As services change",
        accrual: IRREGULAR,
        theme: "Commissioning",
        csv: Download::Here,
        json: Download::At("/openreferral/services"),
        records: Records::Api {
            path: "/openreferral/services",
            pointer: "/contents",
            nest: &[],
        },
        fields: &[
            f("id", "code", "The service's Open Referral identifier"),
            f("name", "text", "The service"),
            f("description", "text", "What it does"),
            f(
                "organization_id",
                "code",
                "The providing organisation's identifier",
            ),
            f("status", "code", "active or inactive"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["com_service"],
        },
    },
    Dataset {
        slug: "spending",
        title: "Spending over £500",
        description: "Every payment over £500, as published under the Specified Information \
            Order: date, supplier, amount, expense type and service. Payments to individuals \
            are withheld when imported and the name is never stored.",
        page: "/finance/spending",
        frequency: "Monthly",
        accrual: MONTHLY,
        theme: "Finance",
        csv: Download::At("/finance/spending.csv"),
        json: Download::At("/api/v1/finance/spending"),
        records: Records::None,
        fields: &[
            f("date_paid", "date", "When the payment was made"),
            f("supplier", "text", "The supplier, unless withheld"),
            f(
                "withheld_reason",
                "text",
                "Why the supplier is withheld, when it is",
            ),
            f(
                "amount",
                "decimal",
                "The amount in pounds; credit notes are negative",
            ),
            f("expense_type", "text", "The type of expense"),
            f("service", "text", "The service that spent it"),
            f("reference", "text", "The transaction reference"),
            f("source", "code", "The spending file's source"),
        ],
        changes: Changes {
            columns: &[("spending_files", "imported_at")],
            entities: &["spending_file"],
        },
    },
    Dataset {
        slug: "budgets",
        title: "Budgets: funding and expenditure",
        description: "Each financial year's budget: funding by source and expenditure by type \
            or objective, as amounts or shares as the source gives them, with revisions and \
            outturn.",
        page: "/finance",
        frequency: "Annual",
        accrual: ANNUAL,
        theme: "Finance",
        csv: Download::Here,
        json: Download::At("/api/v1/finance/budgets"),
        records: Records::Api {
            path: "/api/v1/finance/budgets",
            pointer: "",
            nest: &["/lines"],
        },
        fields: &[
            f("year", "text", "The financial year (2023-24)"),
            f(
                "total_budget",
                "decimal",
                "The year's total budget in pounds",
            ),
            f("section", "code", "funding or expenditure"),
            f("stage", "code", "budget, revised or outturn"),
            f("label", "text", "The line"),
            f("category", "code", "The line's category"),
            f("amount", "decimal", "The amount in pounds, when given"),
            f(
                "share",
                "decimal",
                "The share of the total in per cent, when given",
            ),
            f(
                "change_note",
                "text",
                "The change on the year before, in words",
            ),
        ],
        changes: Changes {
            columns: &[],
            entities: &["budget", "budget_line", "mtfs_year"],
        },
    },
    Dataset {
        slug: "precept",
        title: "Council tax precept",
        description: "The policing part of council tax by year: the Band D amount, its change \
            and the source of the figures.",
        page: "/finance/precept",
        frequency: "Annual",
        accrual: ANNUAL,
        theme: "Finance",
        csv: Download::Here,
        json: Download::At("/api/v1/finance/precept"),
        records: Records::Api {
            path: "/api/v1/finance/precept",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("year", "text", "The financial year (2023-24)"),
            f(
                "band_d",
                "decimal",
                "The Band D precept in pounds, when known",
            ),
            f(
                "band_d_change",
                "decimal",
                "The change on the year before in pounds",
            ),
            f(
                "panel_members",
                "integer",
                "Members of the Police and Crime Panel",
            ),
            f("consultation_url", "URL", "The precept consultation"),
            f("source", "text", "Where the figures come from"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["precept_year", "precept_step", "precept_tax_base"],
        },
    },
    Dataset {
        slug: "decisions",
        title: "Decisions register",
        description: "The Commissioner's published decisions: what was decided, by whom and \
            when, the options, reasons and implications. Exempt parts are withheld.",
        page: "/governance/decisions",
        frequency: "As decisions are made",
        accrual: IRREGULAR,
        theme: "Governance",
        csv: Download::Here,
        json: Download::At("/api/v1/governance/decisions"),
        records: Records::Api {
            path: "/api/v1/governance/decisions",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("number", "code", "The decision's number (2024/007)"),
            f("title", "text", "The decision"),
            f("decision_maker", "text", "Who decided, by office"),
            f("decided_on", "date", "When"),
            f(
                "meeting_id",
                "integer",
                "The meeting it was taken at, if any",
            ),
            f("summary", "text", "What was decided"),
            f("options", "text", "The options considered"),
            f("reasons", "text", "The reasons"),
            f("financial", "text", "Financial implications"),
            f("legal", "text", "Legal implications"),
            f("equality", "text", "Equality implications"),
            f(
                "exemption",
                "code",
                "The Schedule 12A paragraph of any part withheld",
            ),
            f("published_at", "date-time", "When it was published"),
        ],
        changes: Changes {
            columns: &[("gov_decisions", "published_at")],
            entities: &["gov_decision"],
        },
    },
    Dataset {
        slug: "meetings",
        title: "Meetings of the governance bodies",
        description: "Public meetings of the Public Scrutiny Board, the Joint Audit Advisory \
            Committee and the other bodies: when and where, webcast, cancellation and minutes. \
            The JSON has each meeting's agenda items and papers.",
        page: "/governance/meetings",
        frequency: "As meetings are held",
        accrual: IRREGULAR,
        theme: "Governance",
        csv: Download::Here,
        json: Download::At("/api/v1/governance/meetings"),
        records: Records::Api {
            path: "/api/v1/governance/meetings",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("id", "integer", "The meeting's identifier"),
            f("body", "text", "The body that met"),
            f("body_slug", "code", "The body's identifier"),
            f("starts_at", "date-time", "When it starts (UK local time)"),
            f("ends_at", "date-time", "When it ends (UK local time)"),
            f("location", "text", "Where"),
            f("webcast_url", "URL", "The webcast, if any"),
            f("cancelled", "boolean", "Whether it was cancelled"),
            f("minutes", "text", "The minutes, once published"),
            f(
                "minutes_approved",
                "boolean",
                "Whether the minutes are approved",
            ),
        ],
        changes: Changes {
            columns: &[],
            entities: &["gov_meeting", "gov_item", "gov_paper", "gov_bodies"],
        },
    },
    Dataset {
        slug: "scheme-statistics",
        title: "Volunteer scrutiny schemes: statistics",
        description: "The latest year's figures of the custody visiting, call auditing and dog \
            welfare schemes and the out-of-court resolution panel, for the year and each \
            quarter. Counts only: no volunteer, detainee or case is named.",
        page: "/schemes",
        frequency: "Quarterly",
        accrual: QUARTERLY,
        theme: "Scrutiny",
        csv: Download::At("/schemes/statistics.csv"),
        json: Download::At("/api/v1/schemes/statistics"),
        records: Records::None,
        fields: &[
            f("period", "text", "The financial year or quarter"),
            f("custody_visits", "integer", "Custody visits made"),
            f("detainees_visited", "integer", "Detainees seen"),
            f(
                "detainees_declined",
                "integer",
                "Detainees who declined a visit",
            ),
            f("call_audits", "integer", "Call audits made"),
            f("calls", "integer", "Calls listened to"),
            f("calls_999", "integer", "Of which emergency (999) calls"),
            f("calls_999_percent", "integer", "Their share in per cent"),
            f("calls_101", "integer", "Of which non-emergency (101) calls"),
            f("calls_101_percent", "integer", "Their share in per cent"),
            f("dog_visits", "integer", "Dog welfare visits"),
            f("dogs", "integer", "Dogs seen"),
            f("dog_observations", "integer", "Observations made"),
            f(
                "panel_cases",
                "integer",
                "Out-of-court cases the panel reviewed",
            ),
            f("panel_adult", "integer", "Of which adults"),
            f("panel_youth", "integer", "Of which young people"),
            f(
                "supported",
                "integer",
                "Cases whose outcome the panel supported",
            ),
            f("supported_percent", "integer", "Their share in per cent"),
            f("not_supported", "integer", "Cases not supported"),
            f(
                "not_supported_percent",
                "integer",
                "Their share in per cent",
            ),
            f("split", "integer", "Cases where the panel was split"),
            f("split_percent", "integer", "Their share in per cent"),
            f("appropriate", "integer", "Cases found appropriate"),
            f(
                "appropriate_with_observations",
                "integer",
                "Appropriate, with observations",
            ),
            f("inappropriate", "integer", "Cases found inappropriate"),
            f("no_conclusion", "integer", "Cases with no conclusion"),
            f(
                "active_volunteers",
                "integer",
                "Volunteers active in the period",
            ),
        ],
        changes: Changes {
            columns: &[],
            entities: &["sch_report", "oocr_review", "sch_scheme"],
        },
    },
    Dataset {
        slug: "complaint-statistics",
        title: "Police complaints: IOPC statistics",
        description: "The force's quarterly police complaints figures as the Independent Office \
            for Police Conduct publishes them, beside the most similar forces' average.",
        page: "/complaints",
        frequency: "Quarterly",
        accrual: QUARTERLY,
        theme: "Complaints",
        csv: Download::Here,
        json: Download::At("/api/v1/complaints/iopc"),
        records: Records::Api {
            path: "/api/v1/complaints/iopc",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("year", "integer", "The financial year it starts in"),
            f("quarter", "integer", "The quarter, 1 to 4"),
            f("scope", "code", "force, or msf for the most similar forces"),
            f("measure", "code", "The figure's identifier"),
            f("label", "text", "The figure"),
            f("value", "decimal", "Its value"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["complaints_iopc"],
        },
    },
    Dataset {
        slug: "complaint-reviews",
        title: "Police complaints: reviews by the office",
        description: "Each year's count of complaint reviews the office received and decided, \
            upheld or not, and within the standard time; and complaints about the Chief \
            Constable. Counts only.",
        page: "/complaints",
        frequency: "Annual",
        accrual: ANNUAL,
        theme: "Complaints",
        csv: Download::Here,
        json: Download::At("/api/v1/complaints/reviews"),
        records: Records::Api {
            path: "/api/v1/complaints/reviews",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("year", "integer", "The financial year it starts in"),
            f("label", "text", "The financial year (2023-24)"),
            f("received", "integer", "Review requests received"),
            f("late_accepted", "integer", "Late requests accepted"),
            f("invalid", "integer", "Requests found invalid"),
            f("decided", "integer", "Reviews decided"),
            f("upheld", "integer", "Of which upheld"),
            f("not_upheld", "integer", "Of which not upheld"),
            f(
                "within_standard",
                "integer",
                "Decided within the standard time",
            ),
            f(
                "complaints_about_chief_constable",
                "integer",
                "Complaints about the Chief Constable",
            ),
            f(
                "complaints_outside_schedule3",
                "integer",
                "Of which handled outside Schedule 3",
            ),
            f(
                "complaints_referred_to_iopc",
                "integer",
                "Of which referred to the IOPC",
            ),
        ],
        changes: Changes {
            columns: &[],
            entities: &["complaints_review", "complaints_cc", "complaints_statement"],
        },
    },
    Dataset {
        slug: "panel-questions",
        title: "Police and Crime Panel: questions and responses",
        description: "The Panel's published questions and recommendations on the plan, its \
            commitments and measures, with the Commissioner's responses. The members who \
            asked are not named here.",
        page: "/plans",
        frequency: "As responses are published",
        accrual: IRREGULAR,
        theme: "Governance",
        csv: Download::Here,
        json: Download::Here,
        records: Records::PanelQuestions,
        fields: &[
            f("plan", "code", "The plan's identifier"),
            f("kind", "code", "question or recommendation"),
            f(
                "commitment_key",
                "code",
                "The commitment asked about, if any",
            ),
            f("measure_key", "code", "The measure asked about, if any"),
            f("question", "text", "What the Panel asked or recommended"),
            f("asked_on", "date", "When"),
            f("response", "text", "The Commissioner's response"),
            f("response_date", "date", "When the Commissioner responded"),
            f("published_at", "date-time", "When both were published"),
        ],
        changes: Changes {
            columns: &[("panel_questions", "published_at")],
            entities: &["panel_question"],
        },
    },
    Dataset {
        slug: "public-questions",
        title: "Public questions to the Scrutiny Board",
        description: "Questions the public put to the Public Scrutiny Board and their answers, \
            once published. The people who asked are never named.",
        page: "/governance/questions",
        frequency: "As answers are published",
        accrual: IRREGULAR,
        theme: "Governance",
        csv: Download::Here,
        json: Download::At("/api/v1/governance/questions"),
        records: Records::Api {
            path: "/api/v1/governance/questions",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("id", "integer", "The question's identifier"),
            f("body", "text", "The body asked"),
            f("meeting_id", "integer", "The meeting it was taken at"),
            f("question", "text", "The question"),
            f("answer", "text", "The answer"),
            f("published_at", "date-time", "When it was published"),
        ],
        changes: Changes {
            columns: &[("gov_questions", "published_at")],
            entities: &["gov_question"],
        },
    },
    Dataset {
        slug: "consultation-results",
        title: "Consultation and survey results",
        description: "The results of the office's consultations and surveys: for each \
            question, how many chose each option (or the average, for rankings and budgets). \
            The JSON also has published quotes and \"you said, we did\".",
        page: "/engagement",
        frequency: "As consultations close",
        accrual: IRREGULAR,
        theme: "Engagement",
        csv: Download::Here,
        json: Download::At("/api/v1/engagement/consultations"),
        records: Records::Api {
            path: "/api/v1/engagement/consultations",
            pointer: "",
            nest: &["/questions", "/results"],
        },
        fields: &[
            k(
                "consultation",
                "slug",
                "code",
                "The consultation's identifier",
            ),
            k("consultation_title", "title", "text", "The consultation"),
            f("stage", "code", "open or closed"),
            f("responses", "integer", "Responses received, once closed"),
            k("question", "prompt", "text", "The question"),
            f(
                "kind",
                "code",
                "single, multiple, ranking, rating or budget",
            ),
            k("option", "label", "text", "The option"),
            f("count", "integer", "Respondents choosing or ranking it"),
            f(
                "average",
                "decimal",
                "The average rank or budget share, when it has one",
            ),
        ],
        changes: Changes {
            columns: &[("engagement_quotes", "published_at")],
            entities: &[
                "engagement_survey",
                "engagement_response",
                "engagement_outcome",
            ],
        },
    },
    Dataset {
        slug: "inspection-recommendations",
        title: "HMICFRS inspection findings",
        description: "Causes of concern, areas for improvement and recommendations from \
            HMICFRS inspections of the force, who owns each and its progress.",
        page: "/governance/inspections",
        frequency: "As inspections report",
        accrual: IRREGULAR,
        theme: "Governance",
        csv: Download::Here,
        json: Download::At("/api/v1/governance/recommendations"),
        records: Records::Api {
            path: "/api/v1/governance/recommendations",
            pointer: "",
            nest: &[],
        },
        fields: &[
            f("inspection", "text", "The inspection"),
            f(
                "inspection_published_on",
                "date",
                "When its report was published",
            ),
            f(
                "kind",
                "text",
                "Cause of concern, area for improvement or recommendation",
            ),
            f("reference", "code", "The finding's reference in the report"),
            f("text", "text", "The finding"),
            f("owner", "text", "Who owns the response, by role"),
            f("status", "code", "Its progress"),
            f("evidence", "text", "The evidence of progress"),
            f("closed_on", "date", "When it was closed, with evidence"),
        ],
        changes: Changes {
            columns: &[],
            entities: &["gov_finding", "gov_inspection"],
        },
    },
];

pub fn find(slug: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.slug == slug)
}
