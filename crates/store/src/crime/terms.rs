//! The numbers rows are stored by (migrations 0022 and 0034): a (force, month) unit, and each
//! repeated text (LSOA, local authority, crime type, outcome, location) interned once in
//! `crime_terms`. Numbers are only ever added, so a number read in a transaction stays valid
//! after it. Rows hold them as INTEGER (32 bits): a number beyond that is refused, not wrapped.

use super::batch::{self, Sink};
use crate::{Backend, Result};
use opcc_domain::crime::Month;
use rustc_hash::{FxHashMap, FxHashSet};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

/// Rows are numbered `unit x RID_SPAN + place in the file` (migration 0034), so a unit's rows
/// are one range: 2^24 rows, far more than any force's month (the largest is under 100,000).
pub const RID_SPAN: i64 = 1 << 24;

/// SQL for "`col` is one of the rows of the unit (force $1, month $2)".
pub(super) fn in_unit(col: &str) -> String {
    let unit = "(SELECT id FROM crime_units WHERE force = $1 AND month = $2)";
    format!("{col} >= {unit} * {RID_SPAN} AND {col} < ({unit} + 1) * {RID_SPAN}")
}

fn narrow(id: i64) -> Result<i32> {
    i32::try_from(id).map_err(|_| {
        crate::StoreError::Invalid(format!(
            "police.uk term number {id} is beyond what the crime tables hold"
        ))
    })
}

/// The unit's number, made on its first import.
pub(super) async fn unit_id(sink: &mut Sink<'_>, force: &str, month: Month) -> Result<i32> {
    let m = month.to_string();
    // The same two statements on either connection.
    macro_rules! on {
        ($conn:expr) => {{
            sqlx::query(
                "INSERT INTO crime_units (force, month) VALUES ($1, $2) ON CONFLICT (force, month) DO NOTHING",
            )
            .bind(force)
            .bind(m.as_str())
            .execute(&mut **$conn)
            .await?;
            sqlx::query_scalar("SELECT id FROM crime_units WHERE force = $1 AND month = $2")
                .bind(force)
                .bind(m.as_str())
                .fetch_one(&mut **$conn)
                .await?
        }};
    }
    narrow(match sink {
        Sink::Any(conn, _) => on!(conn),
        Sink::Pg(conn) => on!(conn),
    })
}

/// Each text's number, adding those not yet held.
pub(super) async fn intern<'a>(
    sink: &mut Sink<'_>,
    texts: FxHashSet<&'a str>,
) -> Result<FxHashMap<&'a str, i32>> {
    let mut texts: Vec<&str> = texts.into_iter().collect();
    // In order, so that imports running side by side add shared texts in the same order.
    texts.sort_unstable();
    let ids = intern_wide(sink, texts).await?;
    ids.into_iter()
        .map(|(t, id)| Ok((t, narrow(id)?)))
        .collect()
}

async fn intern_wide<'a>(
    sink: &mut Sink<'_>,
    texts: Vec<&'a str>,
) -> Result<HashMap<&'a str, i64>> {
    let (conn, backend) = match sink {
        Sink::Any(conn, backend) => (conn, *backend),
        Sink::Pg(conn) => return super::copy::intern(conn, texts).await,
    };
    let mut ids = lookup(backend, conn, &texts).await?;
    let missing: Vec<&str> = texts
        .iter()
        .copied()
        .filter(|t| !ids.contains_key(t))
        .collect();
    if !missing.is_empty() {
        // Another import may add the same text at the same time (PostgreSQL runs writers
        // side by side until their audit entries): whichever commits second keeps the first's.
        let sql =
            batch::Sql::new(backend, "crime_terms", &["term"], missing.len()).on_conflict("term");
        batch::insert(conn, &sql, &missing, |q, t| q.bind(*t)).await?;
        ids.extend(lookup(backend, conn, &missing).await?);
    }
    Ok(ids)
}

async fn lookup<'a>(
    backend: Backend,
    conn: &mut AnyConnection,
    texts: &[&'a str],
) -> Result<HashMap<&'a str, i64>> {
    let mut ids = HashMap::with_capacity(texts.len());
    for chunk in texts.chunks(batch::MAX_PARAMS) {
        let sql = format!(
            "SELECT id, term FROM crime_terms WHERE term IN ({})",
            batch::placeholders(backend, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for t in chunk {
            q = q.bind(*t);
        }
        let rows = q.fetch_all(&mut *conn).await?;
        // Map back to the caller's borrowed text, so the numbers outlive the rows read.
        let by_text: HashMap<&str, &'a str> = chunk.iter().map(|t| (*t, *t)).collect();
        for r in rows {
            let term: String = r.try_get("term")?;
            if let Some(t) = by_text.get(term.as_str()) {
                ids.insert(*t, r.try_get::<i64, _>("id")?);
            }
        }
    }
    Ok(ids)
}

/// A coordinate in millionths of a degree (11 cm): data.police.uk publishes six decimal places
/// (files of 2013 nine, for points already snapped to anonymous map points), so this keeps
/// every digit of today's files.
/// Longitude and latitude are within ±180 degrees, so the number fits 32 bits.
pub(super) fn fixed(v: Option<f64>) -> Option<i32> {
    v.map(|d| (d * 1_000_000.0).round() as i32)
}

/// A Crime ID as the 32 bytes of the SHA-256 it spells, when it is one written as
/// data.police.uk writes them (64 lowercase hex digits), so that it reads back the same.
/// (By hand: the `hex` crate's decoder was 3% of an import.)
pub(super) fn hash(id: &str) -> Option<[u8; 32]> {
    fn digit(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        }
    }
    let b: &[u8; 64] = id.as_bytes().try_into().ok()?;
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_lowercase_sha256_ids_are_kept_as_bytes() {
        let id = "320930473d454d613ead909a28008a91a607c93f8b74339623a4cec4a252b0dd";
        assert_eq!(hex::encode(super::hash(id).unwrap()), id);
        assert_eq!(super::hash(&id.to_uppercase()), None);
        assert_eq!(super::hash(&id[1..]), None);
        assert_eq!(super::hash(&format!("{}g", &id[1..])), None);
    }

    #[test]
    fn published_coordinates_survive_fixed_point() {
        for s in ["-2.512555", "53.190000", "0.000001", "-0.1", "51.5"] {
            let v: f64 = s.parse().unwrap();
            let back = super::fixed(Some(v)).unwrap() as f64 / 1_000_000.0;
            assert_eq!(back, v, "{s}");
        }
    }
}
