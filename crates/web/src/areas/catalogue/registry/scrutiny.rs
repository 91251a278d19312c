//! Scrutiny and complaints: volunteer schemes, the out-of-court panel and complaint statistics.

use super::*;

pub(super) const SCHEME_STATISTICS: Dataset = Dataset {
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
};

pub(super) const COMPLAINT_STATISTICS: Dataset = Dataset {
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
};

pub(super) const COMPLAINT_REVIEWS: Dataset = Dataset {
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
};
