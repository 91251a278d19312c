//! The moves a plan may make, each on a date no earlier than the last. The Police Reform and
//! Social Responsibility Act 2011 requires consultation and the Panel's review before a plan is
//! issued; the Panel may send a draft back, and a published plan may be refreshed (varied)
//! any number of times until a new plan supersedes it.

use super::PlanStatus::{self, *};

/// A plan is in force on a day when it is published (or refreshed) and its term covers that
/// day: the term decides, not the order plans were published in.
pub fn in_force_on(
    status: PlanStatus,
    term_start: time::Date,
    term_end: time::Date,
    day: time::Date,
) -> bool {
    matches!(status, PlanStatus::Published | PlanStatus::Refreshed)
        && term_start <= day
        && day <= term_end
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

    #[test]
    fn the_term_decides_which_plan_is_in_force() {
        let d = |s: &str| {
            time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).unwrap()
        };
        let (start, end) = (d("2024-04-01"), d("2028-03-31"));
        assert!(in_force_on(
            PlanStatus::Published,
            start,
            end,
            d("2026-11-30")
        ));
        assert!(in_force_on(
            PlanStatus::Refreshed,
            start,
            end,
            d("2024-04-01")
        ));
        assert!(!in_force_on(
            PlanStatus::Published,
            start,
            end,
            d("2028-04-01")
        ));
        assert!(!in_force_on(
            PlanStatus::Consultation,
            start,
            end,
            d("2026-11-30")
        ));
        assert!(!in_force_on(
            PlanStatus::Superseded,
            start,
            end,
            d("2026-11-30")
        ));
    }
    use time::macros::date;

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
