//! The only way to change the database: a write transaction that cannot commit without
//! recording who changed what in the audit chain, inside the same transaction.
//!
//! It dereferences to the connection, so queries run on `&mut *tx` as on a plain
//! transaction; what it lacks is a bare `commit`. A write that forgets its audit entry does
//! not compile:
//!
//! ```compile_fail
//! # async fn f(db: &opcc_store::Db) -> opcc_store::Result<()> {
//! let mut tx = db.begin_write().await?;
//! sqlx::query("DELETE FROM plans").execute(&mut *tx).await?;
//! tx.commit().await?; // error: `commit` takes the actor and the change
//! # Ok(()) }
//! ```
//!
//! nor can the transaction inside be committed by hand:
//!
//! ```compile_fail
//! # async fn f(db: &opcc_store::Db) -> opcc_store::Result<()> {
//! let mut tx = db.begin_write().await?;
//! tx.tx.commit_unaudited().await?; // error: field `tx` is private
//! # Ok(()) }
//! ```
//!
//! The audited form:
//!
//! ```no_run
//! # async fn f(db: &opcc_store::Db) -> opcc_store::Result<()> {
//! use opcc_store::audit::{Actor, Change};
//! let mut tx = db.begin_write().await?;
//! sqlx::query("UPDATE plans SET title = 'x' WHERE slug = 'y'").execute(&mut *tx).await?;
//! tx.commit(&Actor::system("example"), Change::new("plan.retitle", "plan", "y"))
//!     .await?;
//! # Ok(()) }
//! ```

use crate::audit::{self, Actor, Change};
use crate::version::DataVersion;
use crate::{Backend, Db, Result, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the last write failed because the database could not store it (a full disk): what
/// `/healthz` reports, until a write succeeds again.
#[derive(Debug, Default)]
pub struct WriteHealth {
    full: AtomicBool,
}

impl WriteHealth {
    pub fn writable(&self) -> bool {
        !self.full.load(Ordering::Relaxed)
    }

    /// For a caller that met the full disk in a statement of its own, before COMMIT.
    pub fn mark_full(&self) {
        self.full.store(true, Ordering::Relaxed);
    }
}

/// A transaction on a pooled connection of its own, which runs BEGIN and COMMIT itself, so
/// that a connection whose transaction state is unknown (a failed statement, a failed COMMIT,
/// a transaction dropped unfinished) is closed rather than handed to the next request: after
/// SQLite rolls a transaction back by itself on a full disk, a reused connection would carry
/// the wrong transaction depth and fail every later write. Writes use it through [`WriteTx`];
/// only the service's own bookkeeping (sign-in throttling) commits one without an audit entry.
pub(crate) struct OwnedTx {
    conn: PoolConnection<Any>,
    open: bool,
}

impl OwnedTx {
    /// SQLite's transaction takes the write lock at BEGIN: a deferred transaction that reads
    /// first fails with "database is locked" when it later tries to write while another
    /// writer holds the lock, and busy_timeout cannot help it.
    pub(crate) async fn begin(db: &Db) -> std::result::Result<OwnedTx, sqlx::Error> {
        let mut conn = db.pool.acquire().await?;
        let begin = match db.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(e) = sqlx::query(begin).execute(&mut *conn).await {
            conn.close_on_drop();
            return Err(e);
        }
        Ok(OwnedTx { conn, open: true })
    }

    pub(crate) async fn commit_unaudited(mut self) -> std::result::Result<(), sqlx::Error> {
        sqlx::query("COMMIT").execute(&mut *self.conn).await?;
        self.open = false;
        Ok(())
    }
}

/// Unfinished (an error on the way, or nothing to write): the connection is closed, which
/// rolls the transaction back on both backends, and the pool opens a fresh one when needed.
impl Drop for OwnedTx {
    fn drop(&mut self) {
        if self.open {
            self.conn.close_on_drop();
        }
    }
}

impl Deref for OwnedTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl DerefMut for OwnedTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// A write transaction: it commits only with its audit entry.
pub struct WriteTx {
    tx: OwnedTx,
    health: Arc<WriteHealth>,
    version: Arc<DataVersion>,
}

/// Out of space, on either backend: SQLite's SQLITE_FULL (13), PostgreSQL's disk_full (53100).
pub(crate) fn is_storage_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            matches!(d.code().as_deref(), Some("13") | Some("53100"))
                || d.message().contains("database or disk is full")
        }
        _ => false,
    }
}

impl Db {
    /// Opens a write transaction.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        let tx = OwnedTx::begin(self).await.map_err(|e| self.note(e))?;
        Ok(WriteTx {
            tx,
            health: self.write_health.clone(),
            version: self.version.clone(),
        })
    }

    pub(crate) fn note(&self, e: sqlx::Error) -> StoreError {
        note(&self.write_health, e)
    }

    /// What a `WriteTx`'s commit records, for a write committed on another connection (the
    /// PostgreSQL bulk import).
    pub(crate) fn committed(&self, seq: i64) {
        self.write_health.full.store(false, Ordering::Relaxed);
        self.version.moved_to(seq);
    }
}

fn note(health: &WriteHealth, e: sqlx::Error) -> StoreError {
    let e = StoreError::from(e);
    if matches!(e, StoreError::Full) {
        health.full.store(true, Ordering::Relaxed);
    }
    e
}

impl WriteTx {
    /// Records one more change, for a transaction that makes several (each gets its entry).
    pub async fn record(&mut self, actor: &Actor, change: Change<'_>) -> Result<i64> {
        let r = audit::append(&mut self.tx, actor, change).await;
        if matches!(r, Err(StoreError::Full)) {
            self.health.full.store(true, Ordering::Relaxed);
        }
        r
    }

    /// Records the change and commits it with everything written before. Returns the audit
    /// entry's sequence number.
    pub async fn commit(mut self, actor: &Actor, change: Change<'_>) -> Result<i64> {
        let seq = self.record(actor, change).await?;
        match self.tx.commit_unaudited().await {
            Ok(()) => {
                self.health.full.store(false, Ordering::Relaxed);
                self.version.moved_to(seq);
                Ok(seq)
            }
            Err(e) => Err(note(&self.health, e)),
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}
