//! The statutory publication register: every item of the Elected Local Policing Bodies
//! (Specified Information) Order 2011 (SI 2011/3050), as amended in 2011, 2012 (2A and the
//! contracts and spending wording), 2013 and 2021 (7A, 7B, 7C: SI 2021/547), with what each
//! requires, how often, and where this service publishes it: a page it generates from its own
//! records, or documents the office uploads. The wording is a summary; the Order is the text.

use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    Annually,
    /// Kept current: published again whenever it changes.
    WhenChanged,
}

impl Frequency {
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Monthly => "Every month",
            Frequency::Quarterly => "Every quarter",
            Frequency::Annually => "Every year",
            Frequency::WhenChanged => "Whenever it changes",
        }
    }

    fn period(self) -> Option<Duration> {
        match self {
            Frequency::Monthly => Some(Duration::days(31)),
            Frequency::Quarterly => Some(Duration::days(92)),
            Frequency::Annually => Some(Duration::days(365)),
            Frequency::WhenChanged => None,
        }
    }
}

/// Where the service publishes an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A page the service generates from its records; the key says which records date it.
    Generated {
        path: &'static str,
        label: &'static str,
        key: &'static str,
    },
    /// Documents the office uploads to the register.
    Uploaded,
}

pub struct Item {
    /// The Order's paragraph: "1", "2A", "7B".
    pub item: &'static str,
    pub heading: &'static str,
    pub requires: &'static str,
    pub frequency: Frequency,
    pub sources: &'static [Source],
}

impl Item {
    /// For a path: "2A" -> "2a".
    pub fn slug(&self) -> String {
        self.item.to_ascii_lowercase()
    }
}

pub fn item(slug: &str) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.slug() == slug.to_ascii_lowercase())
}

pub const ITEMS: [Item; 12] = [
    Item {
        item: "1",
        heading: "The Commissioner and Deputy",
        requires: "Names, address for correspondence, salary and allowances of the \
                   Commissioner and any Deputy; a register of their interests; the number of \
                   complaints and conduct matters the Police and Crime Panel has dealt with.",
        frequency: Frequency::WhenChanged,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "2",
        heading: "The office's staff",
        requires: "The number of staff and the proportions who are women, from an ethnic \
                   minority or disabled; an organisational chart; senior employees' names, job \
                   titles, responsibilities and salaries; a register of gifts and hospitality \
                   offered, accepted or refused.",
        frequency: Frequency::Quarterly,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "2A",
        heading: "Staff of the force or a council working for the office",
        requires: "Arrangements for the office's use of staff of the Chief Constable or of a \
                   local authority.",
        frequency: Frequency::WhenChanged,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "3",
        heading: "Income and expenditure",
        requires: "The total budget, the precept, each source of revenue and proposed \
                   expenditure, the investment strategy (before each financial year); each \
                   crime and disorder reduction grant; each item of expenditure over £500 by the \
                   office or the force (every month).",
        frequency: Frequency::Monthly,
        sources: &[
            Source::Generated {
                path: "/finance",
                label: "Budgets and the precept",
                key: "budgets",
            },
            Source::Generated {
                path: "/finance/spending",
                label: "Spending over £500",
                key: "spending",
            },
        ],
    },
    Item {
        item: "4",
        heading: "Property, rights and liabilities",
        requires: "Premises and land owned or occupied; each contract over £10,000, and \
                   invitations to tender over £10,000.",
        frequency: Frequency::Quarterly,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "5",
        heading: "Decisions",
        requires: "Each decision of significant public interest arising from the office's \
                   functions, and the agenda and minutes of its meetings open to the public.",
        frequency: Frequency::WhenChanged,
        sources: &[
            Source::Generated {
                path: "/governance/decisions",
                label: "Decisions register",
                key: "decisions",
            },
            Source::Generated {
                path: "/governance/meetings",
                label: "Meetings, agendas and minutes",
                key: "meetings",
            },
        ],
    },
    Item {
        item: "6",
        heading: "Policies and procedures",
        requires: "The policies and procedures that govern the office's work: its records \
                   management, data protection, complaints handling and whistleblowing \
                   policies, among others.",
        frequency: Frequency::WhenChanged,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "7",
        heading: "Reports from community safety partnerships",
        requires: "A copy of any report the office required from the responsible authorities \
                   under section 7(1) of the Crime and Disorder Act 1998.",
        frequency: Frequency::WhenChanged,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "7A",
        heading: "National crime and policing measures",
        requires: "A statement on the force's contribution to the Government's key national \
                   priorities for policing, and which apply to the area and why.",
        frequency: Frequency::Quarterly,
        sources: &[Source::Uploaded],
    },
    Item {
        item: "7B",
        heading: "HMICFRS inspections",
        requires: "The most recent PEEL assessment of the force and HMICFRS's summary of its \
                   performance; the Commissioner's comments on each HMICFRS report, published \
                   within 56 days (Police Act 1996, section 55).",
        frequency: Frequency::WhenChanged,
        sources: &[Source::Generated {
            path: "/governance/inspections",
            label: "Inspections and the Commissioner's responses",
            key: "inspections",
        }],
    },
    Item {
        item: "7C",
        heading: "Complaints",
        requires: "How the office oversees complaints against the force, and the most recent \
                   complaints information the IOPC publishes for the force.",
        frequency: Frequency::Quarterly,
        sources: &[
            Source::Generated {
                path: "/complaints",
                label: "Police complaints: the IOPC's figures and the complaints statements",
                key: "complaints",
            },
            Source::Uploaded,
        ],
    },
    Item {
        item: "8",
        heading: "Independent custody visiting",
        requires: "How the independent custody visiting arrangements operate.",
        frequency: Frequency::Annually,
        sources: &[Source::Uploaded],
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Current,
    DueSoon,
    Overdue,
    Missing,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Current => "Up to date",
            Status::DueSoon => "Due",
            Status::Overdue => "Overdue",
            Status::Missing => "Not published",
        }
    }

    /// The GOV.UK tag colour.
    pub fn tag(self) -> &'static str {
        match self {
            Status::Current => "govuk-tag--green",
            Status::DueSoon => "govuk-tag--yellow",
            Status::Overdue | Status::Missing => "govuk-tag--red",
        }
    }
}

/// Whether an item is up to date, due (within two weeks of its next update, or up to a month
/// after it) or overdue, and when its next update is due.
pub fn status(freq: Frequency, last: Option<Date>, today: Date) -> (Status, Option<Date>) {
    let Some(last) = last else {
        return (Status::Missing, None);
    };
    let Some(period) = freq.period() else {
        return (Status::Current, None);
    };
    let due = last + period;
    let s = if today <= due - Duration::days(14) {
        Status::Current
    } else if today <= due + Duration::days(31) {
        Status::DueSoon
    } else {
        Status::Overdue
    };
    (s, Some(due))
}
