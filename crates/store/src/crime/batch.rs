//! Multi-row INSERTs, as many rows per statement as the bind-parameter limit allows (SQLite:
//! 32766; PostgreSQL: 65535). Every full batch has the same SQL, so the connection's prepared
//! statement is reused.
//!
//! The one place SQL departs from `$N` placeholders: on SQLite, `$N` is a *named* parameter,
//! and SQLite finds a parameter's name (which sqlx asks for each one it binds) by a linear scan,
//! so binding 32,000 of them costs ~32,000^2/2 string comparisons per statement. Measured: 99 s
//! for the shared files' 62k rows with `$N`; plain `?` parameters are nameless and bound in
//! order.

use crate::{Backend, Result};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

pub type Q<'a> = Query<'a, Any, AnyArguments<'a>>;

/// Parameters per statement, under both backends' limits.
pub const MAX_PARAMS: usize = 32_000;

fn push_param(sql: &mut String, backend: Backend, p: usize) {
    if backend == Backend::Sqlite {
        sql.push('?');
    } else {
        sql.push('$');
        sql.push_str(&p.to_string());
    }
}

fn insert_sql(backend: Backend, table: &str, cols: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    let mut p = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..cols.len() {
            if c > 0 {
                sql.push(',');
            }
            push_param(&mut sql, backend, p);
            p += 1;
        }
        sql.push(')');
    }
    sql
}

/// `n` parameters separated by commas, for an `IN (...)` list.
pub fn placeholders(backend: Backend, n: usize) -> String {
    let mut sql = String::with_capacity(n * 3);
    for p in 1..=n {
        if p > 1 {
            sql.push(',');
        }
        push_param(&mut sql, backend, p);
    }
    sql
}

/// The statements for inserting `n` rows: full batches and the rest. Made by the caller, so
/// that the SQL lives as long as the values bound to it.
pub struct Sql {
    per: usize,
    full: String,
    rest: String,
}

impl Sql {
    pub fn new(backend: Backend, table: &str, cols: &[&str], n: usize) -> Sql {
        let per = (MAX_PARAMS / cols.len()).max(1);
        Sql {
            per,
            full: if n >= per {
                insert_sql(backend, table, cols, per)
            } else {
                String::new()
            },
            rest: if !n.is_multiple_of(per) {
                insert_sql(backend, table, cols, n % per)
            } else {
                String::new()
            },
        }
    }
}

impl Sql {
    /// Rows whose `key` is already held are left as they are.
    pub fn on_conflict(mut self, key: &str) -> Sql {
        for s in [&mut self.full, &mut self.rest] {
            if !s.is_empty() {
                s.push_str(&format!(" ON CONFLICT ({key}) DO NOTHING"));
            }
        }
        self
    }
}

/// One value of a row to insert, as both the multi-row INSERT and PostgreSQL's binary COPY
/// take it.
#[derive(Debug, Clone, Copy)]
pub enum V<'a> {
    Int(Option<i64>),
    /// For an INTEGER (int4) column on PostgreSQL: the compact tables of migration 0034.
    Int4(Option<i32>),
    Text(Option<&'a str>),
    Float(Option<f64>),
    /// A SHA-256, as a 32-byte BLOB (SQLite) or BYTEA (PostgreSQL).
    Hash(Option<[u8; 32]>),
}

impl From<i64> for V<'_> {
    fn from(v: i64) -> Self {
        V::Int(Some(v))
    }
}
impl From<Option<i64>> for V<'_> {
    fn from(v: Option<i64>) -> Self {
        V::Int(v)
    }
}
impl<'a> From<&'a str> for V<'a> {
    fn from(v: &'a str) -> Self {
        V::Text(Some(v))
    }
}
impl<'a> From<Option<&'a str>> for V<'a> {
    fn from(v: Option<&'a str>) -> Self {
        V::Text(v)
    }
}
impl From<Option<f64>> for V<'_> {
    fn from(v: Option<f64>) -> Self {
        V::Float(v)
    }
}

fn bind<'a>(q: Q<'a>, v: V<'a>) -> Q<'a> {
    match v {
        V::Int(v) => q.bind(v),
        V::Int4(v) => q.bind(v),
        V::Text(v) => q.bind(v),
        V::Hash(v) => q.bind(v.map(|h| h.to_vec())),
        V::Float(v) => bind_f64(q, v),
    }
}

/// Where an import's rows go: the `Any` connection of the import's transaction (multi-row
/// INSERTs), or on PostgreSQL the concrete connection of that transaction, for `COPY ... FROM
/// STDIN BINARY` (decision 0001's bulk exception; `super::copy`).
pub enum Sink<'c> {
    Any(&'c mut AnyConnection, Backend),
    Pg(&'c mut sqlx::PgConnection),
}

impl Sink<'_> {
    /// Inserts `rows` into `table`, each row's values in the columns' order.
    pub async fn insert<'a, T, const N: usize>(
        &mut self,
        table: &str,
        cols: &[&str; N],
        rows: &'a [T],
        row: impl Fn(&'a T) -> [V<'a>; N],
    ) -> Result<()> {
        match self {
            Sink::Any(conn, backend) => {
                let sql = Sql::new(*backend, table, cols, rows.len());
                for chunk in rows.chunks(sql.per) {
                    let text = if chunk.len() == sql.per {
                        &sql.full
                    } else {
                        &sql.rest
                    };
                    let q = chunk.iter().fold(sqlx::query(text.as_str()), |q, r| {
                        row(r).into_iter().fold(q, bind)
                    });
                    q.execute(&mut **conn).await?;
                }
                Ok(())
            }
            Sink::Pg(conn) => super::copy::copy_in(conn, table, cols, rows, row).await,
        }
    }
}

/// Inserts `rows`, binding each row's values (in the columns' order) with `bind`.
pub async fn insert<'a, T>(
    conn: &mut AnyConnection,
    sql: &'a Sql,
    rows: &'a [T],
    bind: impl Fn(Q<'a>, &'a T) -> Q<'a>,
) -> Result<()> {
    for chunk in rows.chunks(sql.per) {
        let text = if chunk.len() == sql.per {
            &sql.full
        } else {
            &sql.rest
        };
        let mut q = sqlx::query(text.as_str());
        for row in chunk {
            q = bind(q, row);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Binds an optional float. sqlx 0.8.6's Any driver sends a NULL `f64` to PostgreSQL as a
/// `float4` (sqlx-core any/arguments.rs swaps Real and Double for nulls), and a statement
/// prepared with a NULL first then fails on every real `f64` ("incorrect binary data format").
/// A NULL `f32` is sent as `float8`, which is what the column is.
pub fn bind_f64(q: Q<'_>, v: Option<f64>) -> Q<'_> {
    match v {
        Some(v) => q.bind(v),
        None => q.bind(None::<f32>),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_across_rows() {
        use crate::Backend::{Postgres, Sqlite};
        assert_eq!(
            super::insert_sql(Postgres, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1,$2),($3,$4)"
        );
        assert_eq!(
            super::insert_sql(Sqlite, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES (?,?),(?,?)"
        );
        assert_eq!(super::placeholders(Postgres, 3), "$1,$2,$3");
        assert_eq!(super::placeholders(Sqlite, 2), "?,?");
    }
}
