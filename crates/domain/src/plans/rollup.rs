//! How commitment statuses roll up to themes, priorities and plans. The rules:
//!
//! 1. A commitment counts by its latest status. A commitment with no status yet is *unrated*.
//! 2. An item's roll-up counts every commitment beneath it, at any depth.
//! 3. Progress is complete ÷ rated. With nothing rated there is no progress figure at all
//!    (shown as "not yet assessed"), never 0% or 100%; with no commitments, the item says so.
//! 4. The overall status is off track if any is, else at risk if any is; complete only when
//!    every rated commitment is complete; else the most advanced of on track, in progress,
//!    started and not started present.

use super::CommitmentStatus::{self, *};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollUp {
    pub not_started: u32,
    pub started: u32,
    pub in_progress: u32,
    pub on_track: u32,
    pub at_risk: u32,
    pub off_track: u32,
    pub complete: u32,
    pub unrated: u32,
}

impl RollUp {
    pub fn add(&mut self, status: Option<CommitmentStatus>) {
        match status {
            None => self.unrated += 1,
            Some(NotStarted) => self.not_started += 1,
            Some(Started) => self.started += 1,
            Some(InProgress) => self.in_progress += 1,
            Some(OnTrack) => self.on_track += 1,
            Some(AtRisk) => self.at_risk += 1,
            Some(OffTrack) => self.off_track += 1,
            Some(Complete) => self.complete += 1,
        }
    }

    pub fn merge(&mut self, other: &RollUp) {
        self.not_started += other.not_started;
        self.started += other.started;
        self.in_progress += other.in_progress;
        self.on_track += other.on_track;
        self.at_risk += other.at_risk;
        self.off_track += other.off_track;
        self.complete += other.complete;
        self.unrated += other.unrated;
    }

    pub fn rated(&self) -> u32 {
        self.not_started
            + self.started
            + self.in_progress
            + self.on_track
            + self.at_risk
            + self.off_track
            + self.complete
    }

    pub fn total(&self) -> u32 {
        self.rated() + self.unrated
    }

    /// Whole percent complete of the rated commitments; none when nothing is rated.
    pub fn percent_complete(&self) -> Option<u32> {
        let rated = self.rated();
        (rated > 0).then(|| (self.complete * 100 + rated / 2) / rated)
    }

    pub fn overall(&self) -> Option<CommitmentStatus> {
        if self.rated() == 0 {
            None
        } else if self.off_track > 0 {
            Some(OffTrack)
        } else if self.at_risk > 0 {
            Some(AtRisk)
        } else if self.complete == self.rated() {
            Some(Complete)
        } else if self.on_track > 0 {
            Some(OnTrack)
        } else if self.in_progress > 0 {
            Some(InProgress)
        } else if self.started > 0 {
            Some(Started)
        } else {
            Some(NotStarted)
        }
    }

    /// In words, for pages and exports: "3 of 4 complete (75%)", "Not yet assessed",
    /// "No commitments".
    pub fn describe(&self) -> String {
        match (self.total(), self.percent_complete()) {
            (0, _) => "No commitments".to_string(),
            (_, None) => "Not yet assessed".to_string(),
            (_, Some(p)) => format!("{} of {} complete ({p}%)", self.complete, self.rated()),
        }
    }
}

impl RollUp {
    /// Every status present, counted in words, most advanced first: "2 in progress, 1 started,
    /// 15 not yet assessed". Empty for no commitments.
    pub fn breakdown(&self) -> String {
        [
            (self.complete, "complete"),
            (self.on_track, "on track"),
            (self.in_progress, "in progress"),
            (self.started, "started"),
            (self.not_started, "not started"),
            (self.at_risk, "at risk"),
            (self.off_track, "off track"),
            (self.unrated, "not yet assessed"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}

impl FromIterator<Option<CommitmentStatus>> for RollUp {
    fn from_iter<I: IntoIterator<Item = Option<CommitmentStatus>>>(iter: I) -> Self {
        let mut r = RollUp::default();
        for s in iter {
            r.add(s);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_item_is_neither_zero_nor_complete() {
        let empty = RollUp::default();
        assert_eq!(empty.percent_complete(), None);
        assert_eq!(empty.overall(), None);
        assert_eq!(empty.describe(), "No commitments");
        let unrated: RollUp = [None, None].into_iter().collect();
        assert_eq!(unrated.percent_complete(), None);
        assert_eq!(unrated.describe(), "Not yet assessed");
    }

    #[test]
    fn markings_of_the_progress_report_count_as_rated_and_read_in_words() {
        let r: RollUp = [Some(InProgress), Some(InProgress), Some(Started), None]
            .into_iter()
            .collect();
        assert_eq!(r.rated(), 3);
        assert_eq!(r.overall(), Some(InProgress));
        assert_eq!(
            r.breakdown(),
            "2 in progress, 1 started, 1 not yet assessed"
        );
        assert_eq!(r.describe(), "0 of 3 complete (0%)");
        assert_eq!(RollUp::default().breakdown(), "");
    }

    #[test]
    fn the_worst_status_wins_and_complete_needs_all() {
        let r: RollUp = [Some(Complete), Some(OnTrack), Some(AtRisk)]
            .into_iter()
            .collect();
        assert_eq!(r.overall(), Some(AtRisk));
        assert_eq!(r.describe(), "1 of 3 complete (33%)");
        let done: RollUp = [Some(Complete), Some(Complete), None].into_iter().collect();
        assert_eq!(done.overall(), Some(Complete));
        assert_eq!(done.percent_complete(), Some(100));
        assert_eq!(
            done.unrated, 1,
            "an unrated commitment is counted, not hidden"
        );
        let mixed: RollUp = [Some(NotStarted), Some(Complete)].into_iter().collect();
        assert_eq!(mixed.overall(), Some(NotStarted));
    }

    #[test]
    fn merging_children_equals_counting_all() {
        let a: RollUp = [Some(Complete), None].into_iter().collect();
        let b: RollUp = [Some(OffTrack)].into_iter().collect();
        let mut parent = RollUp::default();
        parent.merge(&a);
        parent.merge(&b);
        let all: RollUp = [Some(Complete), None, Some(OffTrack)].into_iter().collect();
        assert_eq!(parent, all);
    }

    fn status() -> impl Strategy<Value = Option<CommitmentStatus>> {
        prop_oneof![
            Just(None),
            Just(Some(NotStarted)),
            Just(Some(OnTrack)),
            Just(Some(AtRisk)),
            Just(Some(OffTrack)),
            Just(Some(Complete)),
        ]
    }

    proptest! {
        #[test]
        fn percent_is_within_bounds_and_absent_only_when_unrated(v in proptest::collection::vec(status(), 0..40)) {
            let r: RollUp = v.iter().copied().collect();
            prop_assert_eq!(r.total() as usize, v.len());
            match r.percent_complete() {
                None => prop_assert_eq!(r.rated(), 0),
                Some(p) => prop_assert!(p <= 100),
            }
        }
    }
}
