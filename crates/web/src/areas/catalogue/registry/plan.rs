//! The Police and Crime Plan: its commitments and measures.

use super::*;

pub(super) const PLAN_COMMITMENTS: Dataset = Dataset {
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
};

pub(super) const MEASURE_VALUES: Dataset = Dataset {
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
};
