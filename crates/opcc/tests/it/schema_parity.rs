//! The two migration trees describe one schema: after migrating an empty database of each
//! kind, every table has the same columns, with matching types, nullability and primary key,
//! and the same indexes (unique or not, over the same columns). A migration added to one tree
//! and forgotten, or written differently, in the other fails here.

use crate::support::{Backend, TestDb};
use std::collections::BTreeMap;

/// A column as both backends can describe it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    name: String,
    /// `integer`, `text`, `real` or `blob`, whatever each backend calls it.
    kind: String,
    nullable: bool,
    primary_key: bool,
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    columns: Vec<Column>,
    /// (unique, columns in order)
    indexes: Vec<(bool, Vec<String>)>,
}

fn kind(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "smallint" => "integer",
        "text" | "character varying" => "text",
        "real" | "double precision" => "real",
        "blob" | "bytea" => "blob",
        other => return format!("unknown type {other}"),
    }
    .to_string()
}

async fn sqlite_schema(url: &str) -> BTreeMap<String, Table> {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut schema = BTreeMap::new();
    for t in names {
        let rows: Vec<(String, String, i64, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)")
                .bind(&t)
                .fetch_all(&pool)
                .await
                .unwrap();
        let mut columns: Vec<Column> = rows
            .into_iter()
            .map(|(name, ty, notnull, pk)| Column {
                name,
                kind: kind(&ty),
                // A primary key column is never null, whatever SQLite reports.
                nullable: notnull == 0 && pk == 0,
                primary_key: pk > 0,
            })
            .collect();
        columns.sort();
        let idx: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list(?)")
                .bind(&t)
                .fetch_all(&pool)
                .await
                .unwrap();
        let mut indexes = Vec::new();
        for (name, unique, origin) in idx {
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind(&name)
                    .fetch_all(&pool)
                    .await
                    .unwrap();
            indexes.push((unique != 0, cols));
        }
        indexes.sort();
        schema.insert(t, Table { columns, indexes });
    }
    pool.close().await;
    schema
}

/// Each view's name and its columns' names, in order.
async fn sqlite_views(url: &str) -> Vec<(String, Vec<String>)> {
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut views = Vec::new();
    for v in names {
        let cols: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(&v)
                .fetch_all(&pool)
                .await
                .unwrap();
        views.push((v, cols));
    }
    pool.close().await;
    views
}

async fn postgres_views(url: &str) -> Vec<(String, Vec<String>)> {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
         JOIN information_schema.views v \
           ON v.table_name = c.table_name AND v.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    let mut views: Vec<(String, Vec<String>)> = Vec::new();
    for (v, c) in rows {
        match views.last_mut() {
            Some((name, cols)) if *name == v => cols.push(c),
            _ => views.push((v, vec![c])),
        }
    }
    views
}

async fn postgres_schema(url: &str) -> BTreeMap<String, Table> {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let rows: Vec<(String, String, String, String, bool)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_nullable::text, \
           EXISTS (SELECT 1 FROM information_schema.table_constraints tc \
             JOIN information_schema.key_column_usage k \
               ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name \
             WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_name = c.table_name \
               AND k.column_name = c.column_name) \
         FROM information_schema.columns c \
         JOIN information_schema.tables t \
           ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND c.table_name <> '_sqlx_migrations' \
           AND t.table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut schema: BTreeMap<String, Table> = BTreeMap::new();
    for (t, name, ty, nullable, pk) in rows {
        schema.entry(t).or_default().columns.push(Column {
            name,
            kind: kind(&ty),
            nullable: nullable == "YES",
            primary_key: pk,
        });
    }
    let idx: Vec<(String, bool, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.indisunique, \
           ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, n) \
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) \
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         WHERE ns.nspname = 'public' AND NOT i.indisprimary AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (t, unique, cols) in idx {
        schema.entry(t).or_default().indexes.push((unique, cols));
    }
    for table in schema.values_mut() {
        table.columns.sort();
        table.indexes.sort();
    }
    pool.close().await;
    schema
}

#[tokio::test]
async fn both_migration_trees_make_the_same_schema() {
    if !crate::support::backends().contains(&Backend::Postgres) {
        return;
    }
    let lite = TestDb::new(Backend::Sqlite).await;
    let pg = TestDb::new(Backend::Postgres).await;
    for db in [&lite, &pg] {
        opcc_store::Db::connect(&db.url)
            .await
            .unwrap()
            .close()
            .await;
    }
    let a = sqlite_schema(&lite.url).await;
    let b = postgres_schema(&pg.url).await;
    assert!(a.len() >= 20, "the SQLite schema lost tables: {}", a.len());
    let names_a: Vec<_> = a.keys().collect();
    let names_b: Vec<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees make different tables");
    assert_eq!(
        sqlite_views(&lite.url).await,
        postgres_views(&pg.url).await,
        "the two trees make different views (name: columns)"
    );
    for (name, table) in &a {
        let other = &b[name];
        assert_eq!(
            table.columns, other.columns,
            "table {name}: columns differ (left SQLite, right PostgreSQL)"
        );
        assert_eq!(
            table.indexes, other.indexes,
            "table {name}: indexes differ (left SQLite, right PostgreSQL)"
        );
        for c in &table.columns {
            assert!(
                !c.kind.starts_with("unknown"),
                "{name}.{}: {}",
                c.name,
                c.kind
            );
        }
    }
}
