//! Police & Crime Plans: the statuses and kinds that make up a plan, its lifecycle, the
//! roll-up of commitment progress, and the plan file format (`file.rs`).

pub mod compare;
pub mod file;
pub mod keys;
pub mod lifecycle;
mod nul;
pub mod panel;
pub mod rollup;
pub mod trace;

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in files, URLs and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!(
                        "{s:?} is not one of: {}",
                        $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                    ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum!(
    /// Where a plan is in its life (see `lifecycle.rs` for the moves allowed).
    PlanStatus {
        Draft = "draft" / "Draft",
        Consultation = "consultation" / "Out for consultation",
        PanelReview = "panel_review" / "With the Police and Crime Panel",
        Published = "published" / "Published",
        Refreshed = "refreshed" / "Published (refreshed)",
        Superseded = "superseded" / "Superseded",
    }
);

// How a commitment is going, as last reported. "Started" (first steps taken) and "In progress"
// (work under way and continuing) are how the service reads the progress report to the Panel's
// markings "/" and "~", which it gives without a key.
named_enum!(
    /// How a commitment is going, as last reported.
    CommitmentStatus {
        NotStarted = "not_started" / "Not started",
        Started = "started" / "Started",
        InProgress = "in_progress" / "In progress",
        OnTrack = "on_track" / "On track",
        AtRisk = "at_risk" / "At risk",
        OffTrack = "off_track" / "Off track",
        Complete = "complete" / "Complete",
    }
);

named_enum!(
    /// What a measure counts.
    Unit {
        Count = "count" / "Count",
        Percentage = "percentage" / "Percentage",
        RatePer1000 = "rate_per_1000" / "Rate per 1,000",
        Money = "money" / "Money (£)",
        Days = "days" / "Days",
    }
);

named_enum!(
    /// Which direction of a measure is better.
    Better {
        Higher = "higher" / "Higher is better",
        Lower = "lower" / "Lower is better",
        Neither = "neither" / "Neither: context only",
    }
);

named_enum!(
    Frequency {
        Monthly = "monthly" / "Monthly",
        Quarterly = "quarterly" / "Quarterly",
        Annual = "annual" / "Annual",
    }
);

named_enum!(
    /// The evidence a plan answers.
    InputKind {
        PublicConsultation = "public_consultation" / "Public consultation",
        StrategicAssessment = "strategic_assessment" / "Chief Constable's strategic assessment",
        CommunitySafetyNeeds = "community_safety_needs" / "Community safety needs assessment",
        SprThreat = "spr_threat" / "Strategic Policing Requirement threat",
        NationalMeasure = "national_measure" / "National police and crime measure",
        Manifesto = "manifesto" / "Commissioner's manifesto",
        Partnership = "partnership" / "Partnership priority",
    }
);

/// Who answers for a commitment, so the Panel can hold each to its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    Pcc,
    ChiefConstable,
    Joint,
    /// A named partner, e.g. "Cheshire Fire and Rescue Service".
    Partner(String),
}

impl Owner {
    pub fn label(&self) -> String {
        match self {
            Owner::Pcc => "Police and Crime Commissioner".into(),
            Owner::ChiefConstable => "Chief Constable".into(),
            Owner::Joint => "Commissioner and Chief Constable jointly".into(),
            Owner::Partner(name) => name.clone(),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Pcc => f.write_str("pcc"),
            Owner::ChiefConstable => f.write_str("chief_constable"),
            Owner::Joint => f.write_str("joint"),
            Owner::Partner(name) => write!(f, "partner:{name}"),
        }
    }
}

impl std::str::FromStr for Owner {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "pcc" => Ok(Owner::Pcc),
            "chief_constable" => Ok(Owner::ChiefConstable),
            "joint" => Ok(Owner::Joint),
            other => match other.strip_prefix("partner:").map(str::trim) {
                Some(name) if !name.is_empty() => Ok(Owner::Partner(name.to_string())),
                _ => Err(format!(
                    "{s:?} is not an owner: use pcc, chief_constable, joint or partner:NAME"
                )),
            },
        }
    }
}

impl Serialize for Owner {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Owner {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_round_trip() {
        for o in [
            Owner::Pcc,
            Owner::ChiefConstable,
            Owner::Joint,
            Owner::Partner("Cheshire Fire and Rescue Service".into()),
        ] {
            assert_eq!(o.to_string().parse::<Owner>(), Ok(o.clone()));
        }
        assert!("partner:".parse::<Owner>().is_err());
        assert!("mayor".parse::<Owner>().is_err());
    }

    #[test]
    fn statuses_parse_by_name() {
        assert_eq!("at_risk".parse(), Ok(CommitmentStatus::AtRisk));
        assert!("amber".parse::<CommitmentStatus>().is_err());
        assert_eq!(PlanStatus::PanelReview.as_str(), "panel_review");
    }
}

named_enum!(
    /// What a Panel member records: a question for the Commissioner, or a recommendation.
    PanelKind {
        Question = "question" / "Question",
        Recommendation = "recommendation" / "Recommendation",
    }
);
