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
//! nor can the plain transaction inside be reached:
//!
//! ```compile_fail
//! # async fn f(db: &opcc_store::Db) -> opcc_store::Result<()> {
//! let tx = db.begin_write().await?;
//! tx.inner.commit().await?; // error: field `inner` is private
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
use crate::{Backend, Db, Result};
use sqlx::{Any, AnyConnection, Transaction};
use std::ops::{Deref, DerefMut};

/// A write transaction. Dropped without `commit`, it rolls back.
pub struct WriteTx {
    inner: Transaction<'static, Any>,
}

impl Db {
    /// Opens a write transaction. SQLite's takes the write lock at BEGIN: a deferred
    /// transaction that reads first fails with "database is locked" when it later tries to
    /// write while another writer holds the lock, and busy_timeout cannot help it.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        let inner = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx { inner })
    }
}

impl WriteTx {
    /// Records one more change, for a transaction that makes several (each gets its entry).
    pub async fn record(&mut self, actor: &Actor, change: Change<'_>) -> Result<i64> {
        audit::append(&mut self.inner, actor, change).await
    }

    /// Records the change and commits it with everything written before. Returns the audit
    /// entry's sequence number.
    pub async fn commit(mut self, actor: &Actor, change: Change<'_>) -> Result<i64> {
        let seq = self.record(actor, change).await?;
        self.inner.commit().await?;
        Ok(seq)
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}
