//! `opcc import police-uk [--skip-invalid] PATH...`: data.police.uk files, folders of them,
//! and the published .zip archives. Each (force, month, kind) is replaced in its own
//! transaction, so a file rejected leaves the database as it was and a file imported twice
//! changes nothing.

use crate::UsageError;
use crate::cli::{PoliceUkArgs, connect};
use indicatif::{ProgressBar, ProgressStyle};
use opcc_domain::crime::FileName;
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, ImportError, Prepared, prepare, write};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One file to import: on disk, or an entry of a zip archive.
#[derive(Clone)]
enum Source {
    File(PathBuf),
    ZipEntry {
        archive: PathBuf,
        index: usize,
        name: String,
    },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::ZipEntry { archive, name, .. } => format!("{}:{name}", archive.display()),
        }
    }

    fn base_name(&self) -> &str {
        let s = match self {
            Source::File(p) => p.to_str().unwrap_or(""),
            Source::ZipEntry { name, .. } => name,
        };
        s.rsplit(['/', '\\']).next().unwrap_or(s)
    }

    fn read(&self) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Source::File(p) => std::fs::read(p)?,
            Source::ZipEntry { archive, index, .. } => {
                // The archive is opened per entry and the entry decompressed as a stream: one
                // file in memory at a time, however big the archive.
                let mut zip = zip::ZipArchive::new(std::fs::File::open(archive)?)?;
                let mut entry = zip.by_index(*index)?;
                let mut buf = Vec::with_capacity(entry.size() as usize);
                entry.read_to_end(&mut buf)?;
                buf
            }
        })
    }
}

fn is_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Files, folders (walked for *.csv and *.zip) and archives, in a stable order. Names that are
/// not data.police.uk's go to `unknown`, to be reported.
fn collect(paths: &[PathBuf], unknown: &mut Vec<String>) -> anyhow::Result<Vec<Source>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| is_ext(p, "csv") || is_ext(p, "zip"))
                .collect();
            found.sort();
            out.extend(found.into_iter().map(Source::File));
        } else if path.is_file() {
            out.push(Source::File(path.clone()));
        } else {
            return Err(UsageError(format!("{}: no such file or folder", path.display())).into());
        }
    }
    let mut expanded = Vec::new();
    for s in out {
        match &s {
            Source::File(p) if is_ext(p, "zip") => {
                let zip = zip::ZipArchive::new(std::fs::File::open(p)?).map_err(|e| {
                    anyhow::anyhow!("{}: not a readable zip archive: {e}", p.display())
                })?;
                let mut names: Vec<(usize, String)> = (0..zip.len())
                    .filter_map(|i| Some((i, zip.name_for_index(i)?.ok()?.to_string())))
                    .filter(|(_, n)| !n.ends_with('/'))
                    .collect();
                names.sort_by(|a, b| a.1.cmp(&b.1));
                for (index, name) in names {
                    let e = Source::ZipEntry {
                        archive: p.clone(),
                        index,
                        name,
                    };
                    if FileName::parse(e.base_name()).is_some() {
                        expanded.push(e);
                    } else {
                        unknown.push(e.name());
                    }
                }
            }
            _ if FileName::parse(s.base_name()).is_some() => expanded.push(s),
            _ => unknown.push(s.name()),
        }
    }
    Ok(expanded)
}

/// Prints above the bar. (`ProgressBar::println` prints nothing when the bar is hidden, as it
/// is when standard error is not a terminal, and these lines are the import's report.)
fn say(bar: &ProgressBar, line: String) {
    bar.suspend(|| println!("{line}"));
}

fn say_err(bar: &ProgressBar, line: String) {
    bar.suspend(|| eprintln!("{line}"));
}

pub async fn police_uk(database_url: &str, args: PoliceUkArgs) -> anyhow::Result<ExitCode> {
    let mut unknown = Vec::new();
    let sources = collect(&args.paths, &mut unknown)?;
    let db = connect(database_url).await?;
    let policy = if args.skip_invalid {
        BadRows::Skip
    } else {
        BadRows::Reject
    };
    let actor = Actor::system("opcc import police-uk");
    let bar = ProgressBar::new(sources.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} files {msg} [{elapsed}]")
            .expect("a valid template"),
    );
    let (mut imported, mut unchanged, mut rejected, mut rows, mut skipped) = (0, 0, 0, 0u64, 0u64);
    // Reading and checking the next file (one core) overlaps writing this one (the other).
    let spawn = |src: Source| {
        tokio::task::spawn_blocking(move || -> anyhow::Result<Result<Prepared, ImportError>> {
            let bytes = src.read()?;
            Ok(prepare(src.base_name(), &bytes, policy))
        })
    };
    let mut pending = sources.first().cloned().map(spawn);
    for (i, src) in sources.iter().enumerate() {
        bar.set_message(src.base_name().to_string());
        let prepared = pending
            .take()
            .expect("the next file is being read")
            .await??;
        pending = sources.get(i + 1).cloned().map(spawn);
        let result = match prepared {
            Ok(p) => write(&db, &actor, p).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(r) if r.unchanged => {
                unchanged += 1;
                say(
                    &bar,
                    format!(
                        "{}: unchanged ({} rows already loaded from this file)",
                        r.unit, r.rows
                    ),
                );
            }
            Ok(r) => {
                imported += 1;
                rows += r.rows;
                skipped += r.skipped;
                let extra = if r.skipped > 0 {
                    format!(", {} bad rows skipped", r.skipped)
                } else {
                    String::new()
                };
                say(
                    &bar,
                    format!(
                        "{}: {} rows loaded from {}{extra}",
                        r.unit,
                        r.rows,
                        src.name()
                    ),
                );
                for e in &r.errors {
                    say(&bar, format!("  skipped: {e}"));
                }
                if r.skipped as usize > r.errors.len() {
                    say(
                        &bar,
                        format!("  ... and {} more", r.skipped as usize - r.errors.len()),
                    );
                }
            }
            Err(ImportError::Store(e)) => return Err(e.into()),
            Err(e) => {
                rejected += 1;
                say_err(
                    &bar,
                    format!("{}: REJECTED, nothing changed: {e}", src.name()),
                );
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    for u in &unknown {
        eprintln!("{u}: not imported: not a data.police.uk file name (YYYY-MM-force-kind.csv)");
    }
    println!(
        "{imported} files imported ({rows} rows, {skipped} bad rows skipped), {unchanged} unchanged, \
         {rejected} rejected, {} not recognised",
        unknown.len()
    );
    if rejected > 0 && !args.skip_invalid {
        eprintln!(
            "rejected files were left out; fix them, or use --skip-invalid to load their valid rows"
        );
    }
    // Plan measures that count recorded crime or anti-social behaviour follow the new data.
    for plan in opcc_store::plans::list(&db).await? {
        let d = opcc_store::performance::derive_police_uk(&db, &actor, &plan.slug).await?;
        let s = &d.saved;
        if s.inserted + s.updated + d.locked > 0 {
            println!(
                "{}: measure values derived from police.uk: {} new, {} changed{}",
                plan.slug,
                s.inserted,
                s.updated,
                if d.locked > 0 {
                    format!(
                        ", {} differ from published figures and need a correction",
                        d.locked
                    )
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(if rejected > 0 || !unknown.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
