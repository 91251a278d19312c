//! A selection instance: quota categories, the pool of volunteers and the panel size, read
//! from the paper's two files (categories: category, feature, min, max; respondents: one
//! column per category, the 0-based row index is the volunteer's id).

use serde::{Deserialize, Serialize};

use crate::SortitionError;

/// Bounds on what a file may hold, checked before anything larger is built.
pub const MAX_PEOPLE: usize = 100_000;
pub const MAX_CATEGORIES: usize = 20;
pub const MAX_FEATURES: usize = 200;
pub const MAX_PANEL: u32 = 10_000;

/// One feature of a category with its quota on the panel (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub feature: String,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    pub features: Vec<Quota>,
}

/// A volunteer: an id and, for each category in order, the index of their feature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub features: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub categories: Vec<Category>,
    pub people: Vec<Person>,
    pub panel: u32,
}

impl Instance {
    /// Checks the shape: every person has one known feature per category, quotas are ordered,
    /// sizes are within bounds. Does not decide feasibility (see [`crate::check_feasible`]).
    pub fn new(
        categories: Vec<Category>,
        people: Vec<Person>,
        panel: u32,
    ) -> Result<Self, SortitionError> {
        let bad = |m: String| Err(SortitionError::Input(m));
        if categories.is_empty() || categories.len() > MAX_CATEGORIES {
            return bad(format!(
                "there must be between 1 and {MAX_CATEGORIES} categories, not {}",
                categories.len()
            ));
        }
        if panel == 0 || panel > MAX_PANEL {
            return bad(format!(
                "the panel size must be between 1 and {MAX_PANEL}, not {panel}"
            ));
        }
        if people.len() > MAX_PEOPLE {
            return bad(format!("the pool holds more than {MAX_PEOPLE} people"));
        }
        for c in &categories {
            if c.features.is_empty() || c.features.len() > MAX_FEATURES {
                return bad(format!(
                    "category {} must have between 1 and {MAX_FEATURES} features",
                    c.name
                ));
            }
            for q in &c.features {
                if q.min > q.max {
                    return bad(format!(
                        "{}: {} has a minimum of {} above its maximum of {}",
                        c.name, q.feature, q.min, q.max
                    ));
                }
            }
        }
        for p in &people {
            if p.features.len() != categories.len()
                || p.features
                    .iter()
                    .zip(&categories)
                    .any(|(f, c)| *f >= c.features.len())
            {
                return bad(format!(
                    "person {} does not have one known feature per category",
                    p.id
                ));
            }
        }
        Ok(Self {
            categories,
            people,
            panel,
        })
    }

    /// Reads the paper's format. Errors name the file, the row (as a spreadsheet numbers it,
    /// the header being row 1) and the field.
    pub fn from_csv(
        categories_name: &str,
        categories_csv: &[u8],
        respondents_name: &str,
        respondents_csv: &[u8],
        panel: u32,
    ) -> Result<Self, SortitionError> {
        let categories = read_categories(categories_name, categories_csv)?;
        let mut reader = csv::ReaderBuilder::new().from_reader(respondents_csv);
        let err = |row: usize, field: &str, m: String| {
            SortitionError::Input(format!("{respondents_name}, row {row}, {field}: {m}"))
        };
        let header = reader
            .headers()
            .map_err(|e| err(1, "header", e.to_string()))?
            .clone();
        let mut columns = Vec::with_capacity(categories.len());
        for c in &categories {
            let at = header
                .iter()
                .position(|h| h.trim() == c.name)
                .ok_or_else(|| {
                    err(
                        1,
                        "header",
                        format!("there is no column for the category {}", c.name),
                    )
                })?;
            columns.push(at);
        }
        let mut people = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            if people.len() == MAX_PEOPLE {
                return Err(err(
                    row,
                    "row",
                    format!("more than {MAX_PEOPLE} respondents"),
                ));
            }
            let record = record.map_err(|e| err(row, "row", e.to_string()))?;
            let mut features = Vec::with_capacity(categories.len());
            for (c, &at) in categories.iter().zip(&columns) {
                let value = record.get(at).unwrap_or("").trim();
                let f = c
                    .features
                    .iter()
                    .position(|q| q.feature == value)
                    .ok_or_else(|| {
                        err(
                            row,
                            &c.name,
                            format!(
                                "{value:?} is not a feature of {} in {categories_name}",
                                c.name
                            ),
                        )
                    })?;
                features.push(f);
            }
            people.push(Person {
                id: i.to_string(),
                features,
            });
        }
        Self::new(categories, people, panel)
    }

    /// How many of the pool have each feature, by category then feature.
    pub fn pool_counts(&self) -> Vec<Vec<u32>> {
        let mut counts: Vec<Vec<u32>> = self
            .categories
            .iter()
            .map(|c| vec![0; c.features.len()])
            .collect();
        for p in &self.people {
            for (c, &f) in p.features.iter().enumerate() {
                counts[c][f] += 1;
            }
        }
        counts
    }

    /// How many of the given people have each feature, by category then feature.
    pub fn make_up(&self, selected: &[usize]) -> Vec<Vec<u32>> {
        let mut counts: Vec<Vec<u32>> = self
            .categories
            .iter()
            .map(|c| vec![0; c.features.len()])
            .collect();
        for &i in selected {
            for (c, &f) in self.people[i].features.iter().enumerate() {
                counts[c][f] += 1;
            }
        }
        counts
    }

    /// Whether a set of people is a panel: the right size, every quota met.
    pub fn is_valid_panel(&self, selected: &[usize]) -> bool {
        selected.len() == self.panel as usize
            && self
                .make_up(selected)
                .iter()
                .zip(&self.categories)
                .all(|(counts, c)| {
                    counts
                        .iter()
                        .zip(&c.features)
                        .all(|(&n, q)| q.min <= n && n <= q.max)
                })
    }
}

fn read_categories(name: &str, bytes: &[u8]) -> Result<Vec<Category>, SortitionError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let err = |row: usize, field: &str, m: String| {
        SortitionError::Input(format!("{name}, row {row}, {field}: {m}"))
    };
    let header = reader
        .headers()
        .map_err(|e| err(1, "header", e.to_string()))?
        .clone();
    let column = |want: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
            .ok_or_else(|| err(1, "header", format!("there is no column {want}")))
    };
    let (cat, feat, min, max) = (
        column("category")?,
        column("feature")?,
        column("min")?,
        column("max")?,
    );
    let mut categories: Vec<Category> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = record.map_err(|e| err(row, "row", e.to_string()))?;
        let text = |at: usize, field: &str| {
            let v = record.get(at).unwrap_or("").trim();
            if v.is_empty() {
                Err(err(row, field, "is empty".into()))
            } else {
                Ok(v.to_string())
            }
        };
        let number = |at: usize, field: &str| {
            let v = record.get(at).unwrap_or("").trim();
            v.parse::<u32>()
                .map_err(|_| err(row, field, format!("{v:?} is not a whole number of people")))
        };
        let quota = Quota {
            feature: text(feat, "feature")?,
            min: number(min, "min")?,
            max: number(max, "max")?,
        };
        if quota.min > quota.max {
            return Err(err(
                row,
                "min",
                format!("{} is above the maximum {}", quota.min, quota.max),
            ));
        }
        let category = text(cat, "category")?;
        let at = match categories.iter().position(|c| c.name == category) {
            Some(at) => at,
            None => {
                if categories.len() == MAX_CATEGORIES {
                    return Err(err(
                        row,
                        "category",
                        format!("more than {MAX_CATEGORIES} categories"),
                    ));
                }
                categories.push(Category {
                    name: category,
                    features: Vec::new(),
                });
                categories.len() - 1
            }
        };
        let c = &mut categories[at];
        if c.features.iter().any(|q| q.feature == quota.feature) {
            return Err(err(
                row,
                "feature",
                format!("{} appears twice in {}", quota.feature, c.name),
            ));
        }
        if c.features.len() == MAX_FEATURES {
            return Err(err(
                row,
                "feature",
                format!("more than {MAX_FEATURES} features in {}", c.name),
            ));
        }
        c.features.push(quota);
    }
    if categories.is_empty() {
        return Err(err(2, "row", "there are no categories".into()));
    }
    Ok(categories)
}
