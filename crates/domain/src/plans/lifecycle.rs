//! The moves a plan may make, each on a date no earlier than the last. The Police Reform and
//! Social Responsibility Act 2011 requires consultation and the Panel's review before a plan is
//! issued; the Panel may send a draft back, and a published plan may be refreshed (varied)
//! any number of times until a new plan supersedes it.

use super::PlanStatus::{self, *};

/// Whether a plan reached publication: published, refreshed since, or superseded after.
pub fn was_issued(status: PlanStatus) -> bool {
    matches!(status, Published | Refreshed | Superseded)
}

/// Which of one force area's plans is in force on `day`: of the plans that were issued, the
/// one whose term covers the day, the latest to start when terms overlap. So exactly one plan
/// (or none) is in force on any day, whatever order plans were published in, and a plan
/// published before its term starts takes over from its predecessor on its first day.
pub fn in_force<T>(
    plans: impl IntoIterator<Item = (T, PlanStatus, time::Date, time::Date)>,
    day: time::Date,
) -> Option<T> {
    plans
        .into_iter()
        .filter(|(_, status, start, end)| was_issued(*status) && *start <= day && day <= *end)
        .max_by_key(|(_, _, start, _)| *start)
        .map(|(t, ..)| t)
}

/// What changing a plan's text (its items, commitments and measures) takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeRule {
    /// Before publication a plan is a draft in the making: staff change it freely.
    Free,
    /// A published plan changes only by a refresh recorded with its reason, which the public
    /// reads as a change note.
    NeedsReason,
    /// A superseded plan is the record of what was: it does not change.
    Closed,
}

pub fn change_rule(status: PlanStatus) -> ChangeRule {
    match status {
        Draft | Consultation | PanelReview => ChangeRule::Free,
        Published | Refreshed => ChangeRule::NeedsReason,
        Superseded => ChangeRule::Closed,
    }
}

pub fn allowed(from: PlanStatus, to: PlanStatus) -> bool {
    matches!(
        (from, to),
        (Draft, Consultation)
            | (Consultation, PanelReview)
            | (PanelReview, Draft)
            | (PanelReview, Published)
            | (Published, Refreshed)
            | (Refreshed, Refreshed)
            | (Published, Superseded)
            | (Refreshed, Superseded)
    )
}

/// The statuses a plan may move to next.
pub fn next(from: PlanStatus) -> Vec<PlanStatus> {
    PlanStatus::ALL
        .iter()
        .copied()
        .filter(|to| allowed(from, *to))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a plan cannot move from {} to {}", .0.label(), .1.label())]
    NotAllowed(PlanStatus, PlanStatus),
    #[error("the date {0} is before the plan's last change on {1}")]
    BeforeLast(time::Date, time::Date),
    #[error("a plan's history must start as a draft, not {}", .0.label())]
    MustStartAsDraft(PlanStatus),
}

/// Checks a whole history: starts as a draft, each move allowed, dates never going back.
pub fn check_history(steps: &[(PlanStatus, time::Date)]) -> Result<(), (usize, TransitionError)> {
    if let Some((first, _)) = steps.first()
        && *first != Draft
    {
        return Err((0, TransitionError::MustStartAsDraft(*first)));
    }
    for (i, pair) in steps.windows(2).enumerate() {
        let ((from, d0), (to, d1)) = (pair[0], pair[1]);
        if !allowed(from, to) {
            return Err((i + 1, TransitionError::NotAllowed(from, to)));
        }
        if d1 < d0 {
            return Err((i + 1, TransitionError::BeforeLast(d1, d0)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use time::macros::date;

    #[test]
    fn one_plan_is_in_force_and_the_term_decides_which() {
        let plans = [
            (
                "2021-24",
                Superseded,
                date!(2021 - 04 - 01),
                date!(2024 - 03 - 31),
            ),
            (
                "2024-28",
                Superseded,
                date!(2024 - 04 - 01),
                date!(2028 - 03 - 31),
            ),
            (
                "2028-32",
                Published,
                date!(2028 - 04 - 01),
                date!(2032 - 03 - 31),
            ),
            ("draft", Draft, date!(2026 - 01 - 01), date!(2030 - 03 - 31)),
        ];
        // Published early, the 2028-32 plan superseded the 2024-28 plan, which stays in force
        // until the new term starts.
        assert_eq!(in_force(plans, date!(2026 - 11 - 30)), Some("2024-28"));
        assert_eq!(in_force(plans, date!(2028 - 04 - 01)), Some("2028-32"));
        assert_eq!(in_force(plans, date!(2040 - 01 - 01)), None);
        assert_eq!(in_force(plans, date!(2024 - 03 - 31)), Some("2021-24"));
    }

    #[test]
    fn a_published_plan_changes_only_with_a_reason() {
        assert_eq!(change_rule(Draft), ChangeRule::Free);
        assert_eq!(change_rule(Consultation), ChangeRule::Free);
        assert_eq!(change_rule(Published), ChangeRule::NeedsReason);
        assert_eq!(change_rule(Refreshed), ChangeRule::NeedsReason);
        assert_eq!(change_rule(Superseded), ChangeRule::Closed);
    }

    #[test]
    fn the_2013_plan_follows_the_statutory_path() {
        let h = [
            (Draft, date!(2013 - 01 - 04)),
            (Consultation, date!(2013 - 01 - 04)),
            (PanelReview, date!(2013 - 02 - 08)),
            (Published, date!(2013 - 03 - 28)),
            (Superseded, date!(2016 - 04 - 01)),
        ];
        assert_eq!(check_history(&h), Ok(()));
    }

    #[test]
    fn skipping_consultation_or_going_back_in_time_is_refused() {
        let skip = [
            (Draft, date!(2013 - 01 - 04)),
            (Published, date!(2013 - 02 - 01)),
        ];
        assert_eq!(
            check_history(&skip),
            Err((1, TransitionError::NotAllowed(Draft, Published)))
        );
        let back = [
            (Draft, date!(2013 - 02 - 01)),
            (Consultation, date!(2013 - 01 - 01)),
        ];
        assert!(matches!(
            check_history(&back),
            Err((1, TransitionError::BeforeLast(..)))
        ));
        assert!(matches!(
            check_history(&[(Published, date!(2013 - 01 - 01))]),
            Err((0, TransitionError::MustStartAsDraft(Published)))
        ));
    }

    #[test]
    fn superseded_is_final_and_refreshes_repeat() {
        assert!(next(Superseded).is_empty());
        assert!(allowed(Refreshed, Refreshed));
        assert_eq!(next(PanelReview), vec![Draft, Published]);
    }
}
