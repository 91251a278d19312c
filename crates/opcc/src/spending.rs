//! `opcc import spending [--source NAME] FILE...`: monthly files of spending over £500 (CSV
//! or XLSX). Each file is one transaction: imported whole or refused whole, with every
//! problem named by row and column. Importing the same file again changes nothing.

use crate::cli::{SpendingArgs, connect};
use opcc_domain::finance::pounds;
use opcc_domain::finance::spending::Limits;
use opcc_store::audit::Actor;
use opcc_store::finance::spending::{ImportError, import};
use std::process::ExitCode;

/// The source a file is imported under: the one given, else the file's folder's name.
fn source_of(given: &Option<String>, path: &std::path::Path) -> (String, &'static str) {
    match given {
        Some(s) => (s.clone(), "given"),
        None => (
            path.parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "spending".to_string()),
            "the folder's name",
        ),
    }
}

pub async fn run(url: &str, args: SpendingArgs) -> anyhow::Result<ExitCode> {
    let db = connect(url).await?;
    let actor = Actor::system("opcc import spending");
    let limits = Limits::default();
    let mut failed = 0;
    for path in &args.files {
        let name = path.display().to_string();
        let (source, why) = source_of(&args.source, path);
        if let Ok(meta) = std::fs::metadata(path)
            && meta.len() > limits.max_bytes as u64
        {
            eprintln!(
                "{name}: refused: the file is {} bytes; the most accepted is {}",
                meta.len(),
                limits.max_bytes
            );
            failed += 1;
            continue;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: cannot be read: {e}");
                failed += 1;
                continue;
            }
        };
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or(name.clone());
        match import(&db, &actor, &source, &file, &bytes, &limits).await {
            Ok(r) if r.unchanged => println!(
                "{name}: already imported (source {source}): nothing changed; {} rows, total {}",
                r.rows,
                pounds(r.total)
            ),
            Ok(r) => {
                println!(
                    "{name}: source {source} ({why}); {}; header on row {}; {} rows imported, total {}, {} credit notes, {} withheld as personal data",
                    r.encoding,
                    r.header_row,
                    r.rows,
                    pounds(r.total),
                    r.credit_notes,
                    r.withheld
                );
                println!("  columns: {}", r.mapping);
                if r.totals.is_empty() {
                    println!("  no totals row");
                }
                for t in &r.totals {
                    println!(
                        "  totals row {} says {}: checked against the rows, {}",
                        t.line,
                        pounds(t.stated),
                        pounds(t.summed)
                    );
                }
            }
            Err(ImportError::Refused { file, problems }) => {
                failed += 1;
                eprintln!(
                    "{name}: refused, nothing imported ({} problems)",
                    problems.len()
                );
                for p in problems {
                    eprintln!("  {file}: {p}");
                }
            }
            Err(ImportError::Store(e)) => return Err(e.into()),
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
