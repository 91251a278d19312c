//! Every kind of personal data the public and volunteers give the service, who sees it and how
//! long it is kept, written from the constants the retention commands apply, so the privacy
//! notice cannot promise one period while the code keeps another.

use crate::{assemblies, commissioning, complaints, engagement, governance, schemes};

/// One kind of personal data and its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What is held, as the person giving it would name it.
    pub what: &'static str,
    pub who_sees: &'static str,
    pub kept: String,
    /// The command an operator runs daily to apply the rule.
    pub command: &'static str,
}

fn days(n: i64) -> String {
    format!("{n} days")
}

fn years(n: i32) -> String {
    if n == 1 {
        "a year".into()
    } else {
        format!("{n} years")
    }
}

pub fn rules() -> Vec<Rule> {
    let engagement_command = "opcc engagement retention";
    vec![
        Rule {
            what: "Answers to a survey or consultation, with a name, email and equality monitoring answers if you give them",
            who_sees: "The Commissioner's office; equality answers only as totals",
            kept: format!(
                "Your name, email and equality answers are deleted {} after the survey closes; your answers are kept without them",
                days(engagement::RESPONDENT_PERSONAL_DATA_DAYS)
            ),
            command: engagement_command,
        },
        Rule {
            what: "Comments on a draft Police and Crime Plan, with a name and email if you give them",
            who_sees: "The Commissioner's office and the Police and Crime Panel",
            kept: format!(
                "Your name and email are deleted {} after the consultation closes; the comment is kept without them",
                days(engagement::RESPONDENT_PERSONAL_DATA_DAYS)
            ),
            command: engagement_command,
        },
        Rule {
            what: "Questions to the Commissioner, with your name and email",
            who_sees: "The Commissioner's office",
            kept: format!(
                "Your name and email are deleted {} after the question is published or not accepted",
                days(governance::QUESTION_PERSONAL_DATA_DAYS)
            ),
            command: engagement_command,
        },
        Rule {
            what: "Volunteering for a citizens' assembly: your name, email, telephone number and the answers the selection uses",
            who_sees: "The Commissioner's office; your answers are published only as a pool number",
            kept: format!(
                "Contact details are deleted {} after the selection if you are not selected, {} after the assembly's last session if you are, and {} after recruitment closes if no selection is made",
                days(assemblies::NOT_SELECTED_CONTACT_DAYS),
                days(assemblies::MEMBER_CONTACT_DAYS),
                days(assemblies::NOT_DRAWN_CONTACT_DAYS)
            ),
            command: engagement_command,
        },
        Rule {
            what: "Youth commission members: name and date of birth",
            who_sees: "The Commissioner's office",
            kept: format!(
                "Deleted {} after the member leaves",
                days(engagement::YOUTH_PERSONAL_DATA_DAYS)
            ),
            command: engagement_command,
        },
        Rule {
            what: "Requests to review the outcome of a police complaint",
            who_sees: "The office's complaints team only",
            kept: format!(
                "Deleted {} after the review closes",
                years(complaints::RETENTION_YEARS)
            ),
            command: "opcc complaints retention",
        },
        Rule {
            what: "Applications to volunteer (custody visiting, call auditing, dog welfare visiting, engagement)",
            who_sees: "The staff of the scheme",
            kept: format!(
                "An application that does not lead to volunteering is deleted {} after the decision",
                years(schemes::APPLICATION_KEEP_YEARS)
            ),
            command: "opcc schemes retention",
        },
        Rule {
            what: "Volunteers' names, contact details, vetting, training and expenses claims",
            who_sees: "The staff of the scheme",
            kept: format!(
                "Deleted {} after the volunteer leaves",
                years(schemes::KEEP_YEARS)
            ),
            command: "opcc schemes retention",
        },
        Rule {
            what: "Grant applications that were not awarded, with the contacts they name",
            who_sees: "The Commissioner's office and the application's assessors",
            kept: format!(
                "Deleted {} after the funding round closes; awarded grants are kept as financial records",
                years(commissioning::cycle::KEEP_UNAWARDED_YEARS)
            ),
            command: "opcc grants retention",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_states_its_period_from_the_constant() {
        let rules = rules();
        let assembly = rules
            .iter()
            .find(|r| r.what.contains("citizens' assembly"))
            .unwrap();
        assert!(assembly.kept.contains("30 days after the selection"));
        assert!(assembly.kept.contains("180 days after recruitment closes"));
        let complaints = rules.iter().find(|r| r.what.contains("complaint")).unwrap();
        assert_eq!(complaints.kept, "Deleted 6 years after the review closes");
        assert_eq!(years(1), "a year");
    }
}
