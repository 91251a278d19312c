//! The audit trail is a hash chain: each entry carries the hash of the one before, so a row
//! altered or deleted after the fact breaks the chain at that row.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit log, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<i64>,
    /// Who acted, as they were known at the time (an email, or "system" for the CLI).
    pub actor_label: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    /// JSON of the entity before the write; none for a creation.
    pub before: Option<String>,
    /// JSON of the entity after the write; none for a deletion.
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields an entry's hash covers: everything but the hash itself.
#[derive(Debug, Clone, Copy)]
pub struct HashedFields<'a> {
    pub seq: i64,
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor_label: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub prev_hash: &'a str,
}

impl<'a> From<&'a AuditEntry> for HashedFields<'a> {
    fn from(e: &'a AuditEntry) -> Self {
        HashedFields {
            seq: e.seq,
            at: &e.at,
            actor_id: e.actor_id,
            actor_label: &e.actor_label,
            action: &e.action,
            entity_type: &e.entity_type,
            entity_id: &e.entity_id,
            before: e.before.as_deref(),
            after: e.after.as_deref(),
            prev_hash: &e.prev_hash,
        }
    }
}

/// SHA-256 over the fields, each length-prefixed so that no two different entries encode alike
/// (moving a character from one field to the next changes the hash), and an absent value
/// distinct from an empty one.
pub fn entry_hash(f: HashedFields<'_>) -> String {
    fn field(h: &mut Sha256, v: Option<&str>) {
        match v {
            None => h.update(b"-;"),
            Some(s) => {
                h.update(s.len().to_string().as_bytes());
                h.update(b":");
                h.update(s.as_bytes());
                h.update(b";");
            }
        }
    }
    let mut h = Sha256::new();
    h.update(b"opcc-audit-v1;");
    field(&mut h, Some(&f.seq.to_string()));
    field(&mut h, Some(f.at));
    field(&mut h, f.actor_id.map(|id| id.to_string()).as_deref());
    field(&mut h, Some(f.actor_label));
    field(&mut h, Some(f.action));
    field(&mut h, Some(f.entity_type));
    field(&mut h, Some(f.entity_id));
    field(&mut h, f.before);
    field(&mut h, f.after);
    field(&mut h, Some(f.prev_hash));
    hex::encode(h.finalize())
}

/// Where and how the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry that cannot be trusted (for a gap, the first missing number).
    pub seq: i64,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Entries numbered from `seq` up to `next_present` (exclusive) are missing.
    Missing { next_present: Option<i64> },
    /// The entry does not name the hash of the one before it.
    PrevHashMismatch,
    /// The entry's content no longer matches its hash: it was edited.
    ContentChanged,
    /// The chain head records a later entry than the log holds: entries at the end were deleted.
    TruncatedAfter { head_seq: i64 },
    /// The chain head does not match the last entry.
    HeadMismatch,
}

impl fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq;
        match &self.problem {
            Problem::Missing {
                next_present: Some(n),
            } => write!(
                f,
                "audit entry {seq} is missing (entries {seq} to {} were deleted)",
                n - 1
            ),
            Problem::Missing { next_present: None } => {
                write!(f, "audit entry {seq} is missing")
            }
            Problem::PrevHashMismatch => write!(
                f,
                "audit entry {seq} does not follow from entry {}: the entry before it was altered or replaced",
                seq - 1
            ),
            Problem::ContentChanged => write!(
                f,
                "audit entry {seq} was altered: its content no longer matches its hash"
            ),
            Problem::TruncatedAfter { head_seq } => write!(
                f,
                "audit entries {seq} to {head_seq} are missing: the end of the log was deleted"
            ),
            Problem::HeadMismatch => write!(
                f,
                "audit entry {seq} does not match the recorded head of the chain"
            ),
        }
    }
}

/// Checks entries one at a time, in order of `seq`, so that a long log never has to be held
/// in memory at once.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_string(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        if e.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                problem: Problem::Missing {
                    next_present: Some(e.seq),
                },
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: e.seq,
                problem: Problem::PrevHashMismatch,
            });
        }
        if entry_hash(e.into()) != e.hash {
            return Err(ChainBreak {
                seq: e.seq,
                problem: Problem::ContentChanged,
            });
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&e.hash);
        Ok(())
    }

    /// Compares the end of the log with the head the store keeps beside it; returns how many
    /// entries were checked.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let last = self.expected_seq - 1;
        if head_seq > last {
            return Err(ChainBreak {
                seq: last + 1,
                problem: Problem::TruncatedAfter { head_seq },
            });
        }
        if head_seq != last || head_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: last,
                problem: Problem::HeadMismatch,
            });
        }
        Ok(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: format!("2026-11-22T09:00:{seq:02}Z"),
                    actor_id: Some(1),
                    actor_label: "admin@example.org".into(),
                    action: "user.create".into(),
                    entity_type: "user".into(),
                    entity_id: seq.to_string(),
                    before: None,
                    after: Some(format!("{{\"id\":{seq}}}")),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash((&e).into());
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in entries {
            v.push(e)?;
        }
        v.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, (5, &c[4].hash)), Ok(5));
        assert_eq!(verify(&[], (0, GENESIS_HASH)), Ok(0));
    }

    #[test]
    fn an_edited_row_is_named() {
        let mut c = chain(5);
        c[2].after = Some("{\"id\":99}".into());
        let head = c[4].hash.clone();
        assert_eq!(
            verify(&c, (5, &head)),
            Err(ChainBreak {
                seq: 3,
                problem: Problem::ContentChanged
            })
        );
    }

    #[test]
    fn a_rehashed_row_breaks_the_next_link() {
        let mut c = chain(5);
        c[2].actor_label = "someone-else@example.org".into();
        c[2].hash = entry_hash((&c[2]).into());
        let head = c[4].hash.clone();
        let err = verify(&c, (5, &head)).unwrap_err();
        assert_eq!(err.seq, 4);
        assert_eq!(err.problem, Problem::PrevHashMismatch);
    }

    #[test]
    fn a_deleted_row_is_named() {
        let mut c = chain(5);
        c.remove(1);
        let head = c[3].hash.clone();
        let err = verify(&c, (5, &head)).unwrap_err();
        assert_eq!(err.seq, 2);
        assert!(err.to_string().contains("entry 2 is missing"), "{err}");
    }

    #[test]
    fn a_deleted_tail_is_caught_by_the_head() {
        let c = chain(5);
        let head = c[4].hash.clone();
        let err = verify(&c[..3], (5, &head)).unwrap_err();
        assert_eq!(err.seq, 4);
        assert_eq!(err.problem, Problem::TruncatedAfter { head_seq: 5 });
    }

    #[test]
    fn field_boundaries_matter_to_the_hash() {
        let c = chain(1);
        let mut moved = c[0].clone();
        moved.action = "user.creat".into();
        moved.entity_type = "euser".into();
        assert_ne!(entry_hash((&moved).into()), c[0].hash);
        let mut empty = c[0].clone();
        empty.before = Some(String::new());
        assert_ne!(entry_hash((&empty).into()), c[0].hash);
    }
}
