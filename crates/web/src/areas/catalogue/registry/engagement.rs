//! Engagement: consultations and their results.

use super::*;

pub(super) const CONSULTATION_RESULTS: Dataset = Dataset {
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
};
