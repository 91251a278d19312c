//! Recorded crime from data.police.uk.

use super::*;

pub(super) const CRIME_SUMMARY: Dataset = Dataset {
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
};

pub(super) const CRIME_NEIGHBOURHOODS: Dataset = Dataset {
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
};

pub(super) const CRIME_COMPARE: Dataset = Dataset {
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
};
