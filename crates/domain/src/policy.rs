//! Who may do what. Role sets name the groups that routes admit; object-level rules decide,
//! for one record, whether this particular person may see or change it. Both are pure, so
//! every rule is tested with a second person of the same role.

use crate::accounts::{Audience, Role};
use crate::plans::PlanStatus;

/// Administrators only: accounts and office-wide settings.
pub const ADMIN: &[Role] = &[Role::Admin];
/// The office: administrators and staff, who run every area.
pub const OFFICE: &[Role] = &[Role::Admin, Role::Staff];
/// Members of the Police and Crime Panel: they ask the Commissioner questions and make
/// recommendations.
pub const PANEL: &[Role] = &[Role::Panel];
/// The office and the Police and Crime Panel, who scrutinise its work.
pub const OFFICE_AND_PANEL: &[Role] = &[Role::Admin, Role::Staff, Role::Panel];
/// The office and the volunteers of its scrutiny schemes, who file their own reports.
pub const OFFICE_AND_VOLUNTEERS: &[Role] = &[Role::Admin, Role::Staff, Role::Volunteer];

/// Whether the audience is a signed-in user with one of the roles.
pub fn in_roles(who: Audience, roles: &[Role]) -> bool {
    matches!(who, Audience::User(r) if roles.contains(&r))
}

/// Drafts are the office's own until they go out for consultation: the public, volunteers and
/// providers see a draft as not found; the office and the Panel see it.
pub fn can_see_plan(who: Audience, status: PlanStatus) -> bool {
    status != PlanStatus::Draft || in_roles(who, OFFICE_AND_PANEL)
}

/// A signed-in person as object-level rules see them: who they are, their role, the
/// organisation they act for (a provider's) and the casework they are granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub user_id: i64,
    pub role: Role,
    /// The organisation a provider or applicant acts for.
    pub organisation: Option<i64>,
    /// Granted to office users on the complaints team: complainants' personal data is theirs
    /// alone, not every staff member's and never the Panel's.
    pub complaints_team: bool,
}

impl Person {
    fn is_office(&self) -> bool {
        OFFICE.contains(&self.role)
    }
}

/// A report a volunteer writes (a custody visit, a call audit, a dog welfare visit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolunteerReport {
    pub author: i64,
    pub submitted: bool,
}

/// A volunteer sees only their own reports; the office sees every report.
pub fn may_see_report(p: &Person, r: &VolunteerReport) -> bool {
    p.is_office() || (p.role == Role::Volunteer && p.user_id == r.author)
}

/// A volunteer edits only their own reports, and only until they submit them; after that a
/// report changes only by the office's correction with a reason.
pub fn may_edit_report(p: &Person, r: &VolunteerReport) -> bool {
    p.role == Role::Volunteer && p.user_id == r.author && !r.submitted
}

/// A record that belongs to an organisation: a grant application, a provider's return.
/// A provider sees only its own organisation's; the office sees all.
pub fn may_see_organisation_record(p: &Person, organisation: i64) -> bool {
    p.is_office() || (p.role == Role::Provider && p.organisation == Some(organisation))
}

/// A complainant's personal data: the complaints team only.
pub fn may_see_complainant(p: &Person) -> bool {
    p.is_office() && p.complaints_team
}

/// A Panel member's question or recommendation, as the rule below needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PanelQuestion {
    /// The Panel member who wrote it (none for those the office recorded for the Panel).
    pub author: Option<i64>,
    pub responded: bool,
    pub withdrawn: bool,
}

/// A Panel member edits or withdraws only their own question or recommendation, and only
/// until the office responds: a response answers the words as they stood, so they stay. The
/// office never rewrites the Panel's words; it responds.
pub fn may_change_panel_question(p: &Person, q: &PanelQuestion) -> bool {
    p.role == Role::Panel && q.author == Some(p.user_id) && !q.responded && !q.withdrawn
}

/// A Panel member withdraws only their own question to a meeting, and only while the office
/// has not yet taken it up (accepted or declined it).
pub fn may_withdraw_meeting_question(
    p: &Person,
    author: Option<i64>,
    status: crate::governance::QuestionStatus,
) -> bool {
    p.role == Role::Panel
        && author == Some(p.user_id)
        && status == crate::governance::QuestionStatus::Submitted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_member_withdraws_only_their_own_question_before_it_is_taken_up() {
        use crate::governance::QuestionStatus::{Accepted, Submitted};
        let asker = person(7, Role::Panel);
        let colleague = person(8, Role::Panel);
        let staff = person(7, Role::Staff);
        assert!(may_withdraw_meeting_question(&asker, Some(7), Submitted));
        assert!(!may_withdraw_meeting_question(
            &colleague,
            Some(7),
            Submitted
        ));
        assert!(!may_withdraw_meeting_question(&staff, Some(7), Submitted));
        assert!(!may_withdraw_meeting_question(&asker, Some(7), Accepted));
        assert!(!may_withdraw_meeting_question(&asker, None, Submitted));
    }

    fn person(user_id: i64, role: Role) -> Person {
        Person {
            user_id,
            role,
            organisation: None,
            complaints_team: false,
        }
    }

    #[test]
    fn drafts_are_the_office_and_panels() {
        for who in Audience::ALL {
            let office_or_panel =
                matches!(who, Audience::User(Role::Admin | Role::Staff | Role::Panel));
            assert_eq!(can_see_plan(who, PlanStatus::Draft), office_or_panel);
            assert!(can_see_plan(who, PlanStatus::Published));
        }
    }

    #[test]
    fn a_volunteer_sees_and_edits_only_their_own_reports_until_submitted() {
        let author = person(1, Role::Volunteer);
        let other = person(2, Role::Volunteer);
        let draft = VolunteerReport {
            author: 1,
            submitted: false,
        };
        let sent = VolunteerReport {
            submitted: true,
            ..draft
        };
        assert!(may_see_report(&author, &draft) && may_edit_report(&author, &draft));
        assert!(may_see_report(&author, &sent) && !may_edit_report(&author, &sent));
        assert!(!may_see_report(&other, &draft) && !may_edit_report(&other, &draft));
        let staff = person(3, Role::Staff);
        assert!(may_see_report(&staff, &sent) && !may_edit_report(&staff, &draft));
        assert!(!may_see_report(&person(4, Role::Panel), &sent));
    }

    #[test]
    fn a_provider_sees_only_its_own_organisations_records() {
        let mine = Person {
            organisation: Some(10),
            ..person(1, Role::Provider)
        };
        let theirs = Person {
            organisation: Some(11),
            ..person(2, Role::Provider)
        };
        assert!(may_see_organisation_record(&mine, 10));
        assert!(!may_see_organisation_record(&theirs, 10));
        assert!(!may_see_organisation_record(&person(3, Role::Provider), 10));
        assert!(may_see_organisation_record(&person(4, Role::Staff), 10));
        assert!(!may_see_organisation_record(&person(5, Role::Panel), 10));
    }

    #[test]
    fn a_panel_member_changes_only_their_own_question_and_only_until_the_response() {
        let author = person(1, Role::Panel);
        let second = person(2, Role::Panel);
        let open = PanelQuestion {
            author: Some(1),
            responded: false,
            withdrawn: false,
        };
        assert!(may_change_panel_question(&author, &open));
        assert!(!may_change_panel_question(&second, &open));
        assert!(!may_change_panel_question(&person(3, Role::Staff), &open));
        assert!(!may_change_panel_question(&person(1, Role::Staff), &open));
        let answered = PanelQuestion {
            responded: true,
            ..open
        };
        assert!(!may_change_panel_question(&author, &answered));
        let withdrawn = PanelQuestion {
            withdrawn: true,
            ..open
        };
        assert!(!may_change_panel_question(&author, &withdrawn));
        let recorded_by_office = PanelQuestion {
            author: None,
            ..open
        };
        assert!(!may_change_panel_question(&author, &recorded_by_office));
    }

    #[test]
    fn complainants_are_seen_by_the_complaints_team_only() {
        let team = Person {
            complaints_team: true,
            ..person(1, Role::Staff)
        };
        assert!(may_see_complainant(&team));
        assert!(!may_see_complainant(&person(2, Role::Staff)));
        assert!(!may_see_complainant(&Person {
            complaints_team: true,
            ..person(3, Role::Panel)
        }));
    }
}
