//! Published reports: the statutory annual report and the progress report to the Panel. A
//! report is a list of sections, each with the figures of its period (facts and tables, a table
//! optionally drawn as a chart) and the office's narrative. The figures are plain data so that
//! they can be frozen as JSON at approval and typeset to HTML and PDF alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Annual,
    Progress,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Annual => "annual",
            Kind::Progress => "progress",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "annual" => Some(Kind::Annual),
            "progress" => Some(Kind::Progress),
            _ => None,
        }
    }

    /// The sections, in the order of the office's own documents: the 2023-24 annual report
    /// and the April-August 2025 progress report to the Panel.
    pub fn sections(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Kind::Annual => &[
                ("foreword", "Foreword"),
                ("finance", "Finance"),
                ("plan", "The police and crime plan"),
                ("commissioning", "Commissioning"),
                ("svd", "The Serious Violence Duty"),
                ("spr", "The Strategic Policing Requirement"),
                ("governance", "Governance and oversight"),
                ("volunteers", "Volunteers"),
                ("oocr", "Out-of-court resolution scrutiny"),
                ("complaints", "Complaints"),
            ],
            Kind::Progress => &[
                ("introduction", "Introduction"),
                ("plan", "The plan on a page"),
                ("progress", "Progress against the commitments"),
                ("activities", "Activities"),
                ("victims", "Victim services"),
                ("engagement", "Engagement"),
                ("changes", "What has changed since the last report"),
            ],
        }
    }
}

/// Where a version is in its life. Only the office moves it; the Panel reads it from review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Review,
    Approved,
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Approved => "approved",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "draft" => Some(Status::Draft),
            "review" => Some(Status::Review),
            "approved" => Some(Status::Approved),
            "published" => Some(Status::Published),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Review => "With the Panel for review",
            Status::Approved => "Approved (figures frozen)",
            Status::Published => "Published",
        }
    }

    /// The status an action leads to, or why it may not be taken. Approval is the last point
    /// at which anything may change; back to draft is allowed until then.
    pub fn after(self, action: &str) -> Result<Status, String> {
        match (self, action) {
            (Status::Draft, "review") => Ok(Status::Review),
            (Status::Review, "draft") => Ok(Status::Draft),
            (Status::Review, "approve") => Ok(Status::Approved),
            (Status::Approved, "publish") => Ok(Status::Published),
            (s, a) => Err(format!(
                "A report that is {} cannot be given action {a:?}.",
                s.label().to_lowercase()
            )),
        }
    }

    /// Whether the narrative may still be edited.
    pub fn editable(self) -> bool {
        matches!(self, Status::Draft | Status::Review)
    }

    /// Whether a member of the Panel may read it: from review on, never a draft.
    pub fn panel_may_see(self) -> bool {
        !matches!(self, Status::Draft)
    }
}

/// A report's figures: its sections, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportFiguresJson))]
pub struct Figures {
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportSectionJson))]
pub struct Section {
    pub key: String,
    pub heading: String,
    /// Said instead of figures when the records hold none for the period.
    pub no_data: Option<String>,
    /// (label, value) pairs, each a figure read from the records.
    pub facts: Vec<Fact>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportFactJson))]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportTableJson))]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Drawn as a bar chart too: each row's first cell and this column's number.
    pub chart_column: Option<usize>,
    /// Cells whose lines are links on the page (the plan items answering a threat); the PDF
    /// and the JSON's rows keep their text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<CellLinks>,
}

/// The links of one cell, one a line of its text, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportCellLinksJson))]
pub struct CellLinks {
    pub row: usize,
    pub column: usize,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = ReportLinkJson))]
pub struct Link {
    pub text: String,
    /// A path on this service, such as a plan item's public page.
    pub href: String,
}

impl Table {
    /// The links of a cell, if it has any.
    pub fn links_of(&self, row: usize, column: usize) -> Option<&[Link]> {
        self.links
            .iter()
            .find(|c| c.row == row && c.column == column)
            .map(|c| c.links.as_slice())
    }
}

impl Section {
    pub fn new(key: &str, heading: &str) -> Section {
        Section {
            key: key.into(),
            heading: heading.into(),
            ..Default::default()
        }
    }

    pub fn fact(&mut self, label: &str, value: impl Into<String>) {
        self.facts.push(Fact {
            label: label.into(),
            value: value.into(),
        });
    }

    /// Marks the section empty unless it has a figure.
    pub fn or_no_data(mut self, why: impl Into<String>) -> Section {
        if self.facts.is_empty() && self.tables.iter().all(|t| t.rows.is_empty()) {
            self.tables.clear();
            self.no_data = Some(why.into());
        }
        self
    }
}

/// What changed between two reports' figures: (section, figure, before, now), for every fact
/// of the earlier report whose value differs in the later, and every new fact.
pub fn changes(before: &Figures, now: &Figures) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    for s in &now.sections {
        let old = before.sections.iter().find(|o| o.key == s.key);
        for f in &s.facts {
            let was = old.and_then(|o| o.facts.iter().find(|x| x.label == f.label));
            match was {
                Some(w) if w.value == f.value => {}
                Some(w) => out.push([
                    s.heading.clone(),
                    f.label.clone(),
                    w.value.clone(),
                    f.value.clone(),
                ]),
                None => out.push([
                    s.heading.clone(),
                    f.label.clone(),
                    "Not reported".into(),
                    f.value.clone(),
                ]),
            }
        }
    }
    out
}

/// The number a chart draws from a cell: "50%", "£1,234", "1,247" all read as numbers.
pub fn chart_value(cell: &str) -> Option<f64> {
    let digits: String = cell
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_goes_forward_and_freezes_at_approval() {
        let s = Status::Draft.after("review").unwrap();
        assert_eq!(s, Status::Review);
        assert!(s.panel_may_see() && s.editable());
        assert_eq!(s.after("draft").unwrap(), Status::Draft);
        let a = s.after("approve").unwrap();
        assert!(!a.editable());
        assert!(a.after("draft").is_err());
        assert_eq!(a.after("publish").unwrap(), Status::Published);
        assert!(Status::Draft.after("publish").is_err());
        assert!(!Status::Draft.panel_may_see());
    }

    #[test]
    fn changes_name_what_moved_and_what_is_new() {
        let mut a = Section::new("victims", "Victim services");
        a.fact("Referrals", "1,200");
        a.fact("Supported", "900");
        let mut b = a.clone();
        b.facts[0].value = "1,450".into();
        b.fact("Waiting", "4 days");
        let c = changes(
            &Figures { sections: vec![a] },
            &Figures { sections: vec![b] },
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0][1..], ["Referrals", "1,200", "1,450"].map(String::from));
        assert_eq!(c[1][2], "Not reported");
    }

    #[test]
    fn chart_values_read_as_people_write_them() {
        assert_eq!(chart_value("50%"), Some(50.0));
        assert_eq!(chart_value("1,247"), Some(1247.0));
        assert_eq!(chart_value("n/a"), None);
    }
}
