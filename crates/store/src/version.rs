//! The version of the data: the audit chain's head. Every change to what a page can show is
//! committed with its audit entry (see [`crate::write`]), so the head's number moves with every
//! such change and with nothing else, and a page rendered at one head is right until it moves.

use crate::{Db, Result};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the head read from the database is trusted. Writes made through this process move
/// the version at once; a write by another process (a command-line import, a second server on
/// the same PostgreSQL database) is seen within this time.
pub const RECHECK: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub struct DataVersion {
    head: AtomicI64,
    checked: Mutex<Option<Instant>>,
}

impl Default for DataVersion {
    fn default() -> Self {
        DataVersion {
            head: AtomicI64::new(-1),
            checked: Mutex::new(None),
        }
    }
}

impl DataVersion {
    /// A commit of this process reached `seq`: pages rendered before it are out of date.
    pub(crate) fn moved_to(&self, seq: i64) {
        self.head.fetch_max(seq, Ordering::AcqRel);
    }

    fn due(&self) -> bool {
        let checked = self.checked.lock().unwrap_or_else(|p| p.into_inner());
        checked.is_none_or(|at| at.elapsed() >= RECHECK)
    }

    fn checked_now(&self) {
        *self.checked.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    }
}

impl Db {
    /// The data's version now: the audit head, re-read from the database when the last
    /// reading is older than [`RECHECK`].
    pub async fn data_version(&self) -> Result<i64> {
        let version = &self.version;
        if version.due() {
            let seq: i64 = sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1")
                .fetch_one(&self.pool)
                .await?;
            version.moved_to(seq);
            version.checked_now();
        }
        Ok(version.head.load(Ordering::Acquire))
    }
}

/// Figures computed from the data, kept for the version they were computed at: the same
/// summary asked for by the public page, a signed-in page and the API is read once.
#[derive(Default)]
pub struct Figures {
    kept: Mutex<HashMap<String, (i64, Kept)>>,
}

type Kept = Arc<dyn Any + Send + Sync>;

/// Kinds of figures times their parameters in use at once; past it, older versions go first.
const MAX_FIGURES: usize = 256;

impl std::fmt::Debug for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Figures")
    }
}

impl Db {
    /// `compute`'s value for `key` at the data's version now, computed once per version.
    pub(crate) async fn figures<T, F, Fut>(&self, key: String, compute: F) -> Result<Arc<T>>
    where
        T: Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let version = self.data_version().await?;
        let hit = {
            let kept = self.figures.kept.lock().unwrap_or_else(|p| p.into_inner());
            kept.get(&key)
                .filter(|(v, _)| *v == version)
                .and_then(|(_, value)| value.clone().downcast::<T>().ok())
        };
        if let Some(value) = hit {
            return Ok(value);
        }
        // A write during the computation leaves the value filed under the version it was
        // read at, which the next request no longer asks for.
        let value = Arc::new(compute().await?);
        let mut kept = self.figures.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MAX_FIGURES {
            kept.retain(|_, (v, _)| *v == version);
            if kept.len() >= MAX_FIGURES {
                kept.clear();
            }
        }
        kept.insert(key, (version, value.clone()));
        Ok(value)
    }
}
