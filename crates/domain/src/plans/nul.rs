//! A plan file's text may not hold a NUL character (written `\u0000` in TOML): PostgreSQL's
//! text cannot store one, so it is refused here, with its field and line, on every backend.

use super::file::{FileError, PlanFile};

/// Every field (as a path, `items[2].commitments[0].title`) whose text holds a NUL.
pub(super) fn nul_fields(plan: &PlanFile, source: &str) -> Vec<FileError> {
    let Ok(value) = toml::Value::try_from(plan) else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    walk(&value, String::new(), &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let key = path
                .rsplit('.')
                .next()
                .unwrap_or(&path)
                .split('[')
                .next()
                .unwrap_or("");
            FileError {
                line: line_of_nul(source, key),
                field: path,
                message: "contains a NUL character (\\u0000), which is not allowed".into(),
            }
        })
        .collect()
}

fn walk(v: &toml::Value, path: String, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) if s.contains('\0') => out.push(path),
        toml::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        toml::Value::Table(t) => {
            for (k, item) in t {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k.contains('\0') {
                    out.push(p.replace('\0', "\u{fffd}"));
                } else {
                    walk(item, p, out);
                }
            }
        }
        _ => {}
    }
}

/// The first line with a NUL escape and the field's key, or else with a NUL escape.
fn line_of_nul(source: &str, key: &str) -> Option<usize> {
    let has_nul = |l: &str| l.contains("\\u0000") || l.contains("\\U00000000");
    let lines = || source.lines().enumerate();
    lines()
        .find(|(_, l)| has_nul(l) && !key.is_empty() && l.contains(key))
        .or_else(|| lines().find(|(_, l)| has_nul(l)))
        .map(|(i, _)| i + 1)
}
