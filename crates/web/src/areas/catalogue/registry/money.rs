//! Money: the budget, spending, grants and commissioned services.

use super::*;

pub(super) const GRANTS: Dataset = Dataset {
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
};

pub(super) const SERVICES: Dataset = Dataset {
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
        // com_funds: the demo's load, which writes its services in one audited change.
        entities: &["com_service", "com_funds"],
    },
};

pub(super) const SPENDING: Dataset = Dataset {
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
};

pub(super) const BUDGETS: Dataset = Dataset {
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
};

pub(super) const PRECEPT: Dataset = Dataset {
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
};
