//! Governance: decisions, meetings, the Panel and inspections.

use super::*;

pub(super) const DECISIONS: Dataset = Dataset {
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
};

pub(super) const MEETINGS: Dataset = Dataset {
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
};

pub(super) const PANEL_QUESTIONS: Dataset = Dataset {
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
};

pub(super) const PUBLIC_QUESTIONS: Dataset = Dataset {
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
};

pub(super) const INSPECTION_RECOMMENDATIONS: Dataset = Dataset {
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
        columns: &[
            ("gov_inspections", "published_on"),
            ("gov_inspections", "response_published_on"),
            ("gov_findings", "closed_on"),
        ],
        // gov_bodies: the demo's load, which writes its inspection in one audited change.
        entities: &["gov_finding", "gov_inspection", "gov_bodies"],
    },
};
