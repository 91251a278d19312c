//! Assembly selections running in the background. LEXIMIN over a large pool can take from a
//! second to a minute, longer than a request should be held open: the office starts a
//! selection, is sent to a page that says it is running, and is sent on to the assembly's
//! page (which shows the new selection) once it has finished. A failure (quotas that cannot
//! be met, naming them) is kept until the office has read it. The selection's own write moves
//! the data version, so every kept public page is rendered afresh after it.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// Running since this time (UTC, "14:05"), with this seed.
    Running { since: String, seed: u64 },
    /// Why it did not finish.
    Failed(String),
}

/// The assemblies' selections now running or just failed, by assembly id.
#[derive(Default)]
pub struct Selections {
    jobs: Mutex<HashMap<i64, Job>>,
}

impl Selections {
    fn jobs(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Job>> {
        // A panic while holding the lock leaves the map as it was: still usable.
        self.jobs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Marks a selection of `assembly` as running; false if one already is.
    pub fn start(&self, assembly: i64, seed: u64) -> bool {
        let mut jobs = self.jobs();
        if matches!(jobs.get(&assembly), Some(Job::Running { .. })) {
            return false;
        }
        let now = time::OffsetDateTime::now_utc();
        let since = format!("{:02}:{:02}", now.hour(), now.minute());
        jobs.insert(assembly, Job::Running { since, seed });
        true
    }

    /// The selection has finished: gone from the list when it succeeded, kept with its
    /// message when it failed.
    pub fn finish(&self, assembly: i64, failure: Option<String>) {
        let mut jobs = self.jobs();
        match failure {
            None => jobs.remove(&assembly),
            Some(m) => jobs.insert(assembly, Job::Failed(m)),
        };
    }

    /// What is happening now; a failure is handed over once (then forgotten).
    pub fn take(&self, assembly: i64) -> Option<Job> {
        let mut jobs = self.jobs();
        match jobs.get(&assembly)? {
            Job::Running { .. } => jobs.get(&assembly).cloned(),
            Job::Failed(_) => jobs.remove(&assembly),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_selection_at_a_time_and_a_failure_is_read_once() {
        let s = Selections::default();
        assert!(s.start(1, 7));
        assert!(!s.start(1, 8), "already running");
        assert!(matches!(s.take(1), Some(Job::Running { seed: 7, .. })));
        s.finish(1, Some("quotas".into()));
        assert_eq!(s.take(1), Some(Job::Failed("quotas".into())));
        assert_eq!(s.take(1), None);
        assert!(s.start(1, 9));
        s.finish(1, None);
        assert_eq!(s.take(1), None);
    }
}
