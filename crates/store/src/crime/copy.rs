//! PostgreSQL's bulk path for police.uk imports: `COPY ... FROM STDIN (FORMAT binary)` on the
//! concrete connection of the import's transaction (decision 0001 allows a `PgPool` beside the
//! `AnyPool` for this). Rows are encoded straight from the parsed file into PostgreSQL's binary
//! tuple format and sent in pieces as they are made, so the server stores one piece while the
//! next is encoded, and no SQL text or bind parameters are built at all.

use super::batch::V;
use crate::Result;
use sqlx::PgConnection;
use std::collections::HashMap;

/// Sent to the server whenever this much is encoded: large enough that each send is cheap,
/// small enough that a file's rows are never all held twice.
const PIECE: usize = 1 << 20;

/// PostgreSQL's binary COPY header: the signature, no flags, no header extension.
const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

fn value(buf: &mut Vec<u8>, v: V<'_>) {
    match v {
        // An integer column is BIGINT (int8) unless the writer says INTEGER (int4); every real
        // one is float8.
        V::Int(Some(i)) => {
            buf.extend_from_slice(&8i32.to_be_bytes());
            buf.extend_from_slice(&i.to_be_bytes());
        }
        V::Int4(Some(i)) => {
            buf.extend_from_slice(&4i32.to_be_bytes());
            buf.extend_from_slice(&i.to_be_bytes());
        }
        V::Hash(Some(h)) => {
            buf.extend_from_slice(&32i32.to_be_bytes());
            buf.extend_from_slice(&h);
        }
        V::Float(Some(f)) => {
            buf.extend_from_slice(&8i32.to_be_bytes());
            buf.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        V::Text(Some(t)) => {
            buf.extend_from_slice(&(t.len() as i32).to_be_bytes());
            buf.extend_from_slice(t.as_bytes());
        }
        V::Int(None) | V::Int4(None) | V::Float(None) | V::Text(None) | V::Hash(None) => {
            buf.extend_from_slice(&(-1i32).to_be_bytes())
        }
    }
}

/// Appends one row (a tuple) in the binary format.
fn tuple<const N: usize>(buf: &mut Vec<u8>, values: [V<'_>; N]) {
    buf.extend_from_slice(&(N as i16).to_be_bytes());
    for v in values {
        value(buf, v);
    }
}

/// Copies `rows` into `table`'s `cols`.
pub(super) async fn copy_in<'a, T, const N: usize>(
    conn: &mut PgConnection,
    table: &str,
    cols: &[&str; N],
    rows: &'a [T],
    row: impl Fn(&'a T) -> [V<'a>; N],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "COPY {table} ({}) FROM STDIN (FORMAT binary)",
        cols.join(", ")
    );
    let mut copy = conn.copy_in_raw(&sql).await?;
    let mut buf = Vec::with_capacity(PIECE + 4096);
    buf.extend_from_slice(HEADER);
    for r in rows {
        tuple(&mut buf, row(r));
        if buf.len() >= PIECE {
            copy.send(std::mem::take(&mut buf)).await?;
            buf.reserve(PIECE + 4096);
        }
    }
    // The trailer: a tuple of -1 fields.
    buf.extend_from_slice(&(-1i16).to_be_bytes());
    copy.send(buf).await?;
    copy.finish().await?;
    Ok(())
}

/// Each text's number, adding those not yet held: the texts go as one array each way, rather
/// than as a parameter each.
pub(super) async fn intern<'a>(
    conn: &mut PgConnection,
    texts: Vec<&'a str>,
) -> Result<HashMap<&'a str, i64>> {
    // Another import may add the same text at the same time: whichever commits second keeps
    // the first's.
    sqlx::query(
        "INSERT INTO crime_terms (term) SELECT UNNEST($1::text[]) ON CONFLICT (term) DO NOTHING",
    )
    .bind(&texts)
    .execute(&mut *conn)
    .await?;
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, term FROM crime_terms WHERE term = ANY($1::text[])")
            .bind(&texts)
            .fetch_all(&mut *conn)
            .await?;
    let by_text: HashMap<&str, &'a str> = texts.iter().map(|t| (*t, *t)).collect();
    Ok(rows
        .into_iter()
        .filter_map(|(id, term)| by_text.get(term.as_str()).map(|t| (*t, id)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_encoded_as_postgresql_reads_them() {
        let mut buf = Vec::new();
        tuple(
            &mut buf,
            [V::Int(Some(1)), V::Text(Some("ab")), V::Float(None)],
        );
        assert_eq!(
            buf,
            [
                &[0, 3][..],
                &[0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1],
                &[0, 0, 0, 2, b'a', b'b'],
                &[0xff, 0xff, 0xff, 0xff],
            ]
            .concat()
        );
        assert_eq!(HEADER.len(), 19);
    }
}
