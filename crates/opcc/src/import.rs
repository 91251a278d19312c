//! `opcc import police-uk [--skip-invalid] PATH...`: data.police.uk files, folders of them,
//! and the published .zip archives. Each (force, month, kind) is replaced in its own
//! transaction, so a file rejected leaves the database as it was and a file imported twice
//! changes nothing.

use crate::UsageError;
use crate::cli::{PoliceUkArgs, connect};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use opcc_domain::crime::FileName;
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, ImportError, Prepared, prepare, write};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// No published monthly file comes near this (the largest, a month of the Metropolitan
/// Police's outcomes, is tens of MB); a file is read whole, so this bounds the memory used.
const MAX_FILE_BYTES: u64 = 256 << 20;
/// Nor does data.police.uk's archive of every force for three years (about 15 GB unpacked).
const MAX_ARCHIVE_BYTES: u64 = 64 << 30;

fn in_words(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{} GB", bytes >> 30)
    } else {
        format!("{} MB", bytes >> 20)
    }
}

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

    fn archive(&self) -> Option<&Path> {
        match self {
            Source::File(_) => None,
            Source::ZipEntry { archive, .. } => Some(archive),
        }
    }

    /// The file's bytes, read through a cap: an archive's sizes are what it says, not what
    /// it holds, so they are never used to size anything.
    fn read(&self) -> anyhow::Result<Vec<u8>> {
        let too_big = || {
            anyhow::anyhow!(
                "larger than {}, which no data.police.uk file is",
                in_words(MAX_FILE_BYTES)
            )
        };
        let mut buf = Vec::new();
        match self {
            Source::File(p) => {
                let f = std::fs::File::open(p).context("cannot be read")?;
                f.take(MAX_FILE_BYTES + 1)
                    .read_to_end(&mut buf)
                    .context("cannot be read")?;
                if buf.len() as u64 > MAX_FILE_BYTES {
                    return Err(too_big());
                }
            }
            Source::ZipEntry { archive, index, .. } => {
                // The archive is opened per entry and the entry decompressed as a stream: one
                // file in memory at a time, however big the archive.
                let f = std::fs::File::open(archive).context("the archive cannot be read")?;
                let mut zip =
                    zip::ZipArchive::new(f).context("the archive is not a readable zip")?;
                let entry = zip
                    .by_index(*index)
                    .context("cannot be read from the archive")?;
                let declared = entry.size();
                entry
                    .take(MAX_FILE_BYTES + 1)
                    .read_to_end(&mut buf)
                    .context("cannot be read from the archive")?;
                if buf.len() as u64 > MAX_FILE_BYTES {
                    return Err(too_big());
                }
                if buf.len() as u64 != declared {
                    anyhow::bail!(
                        "the archive says this file holds {declared} bytes but it holds {}: the archive is damaged",
                        buf.len()
                    );
                }
            }
        }
        Ok(buf)
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
    let mut warned = 0;
    let allow_empty = args.allow_empty;
    let keep_rows = args.keep_rows.into();
    // Reading and checking the next file (one core) overlaps writing this one (the other).
    let spawn = |src: Source| {
        tokio::task::spawn_blocking(
            move || -> anyhow::Result<(u64, Result<Prepared, ImportError>)> {
                let bytes = src.read()?;
                let prepared = prepare(src.base_name(), &bytes, policy)
                    .map(|p| p.allow_empty(allow_empty).keep_rows(keep_rows));
                Ok((bytes.len() as u64, prepared))
            },
        )
    };
    let mut unpacked: HashMap<PathBuf, u64> = HashMap::new();
    let mut pending = sources.first().cloned().map(spawn);
    for (i, src) in sources.iter().enumerate() {
        bar.set_message(src.base_name().to_string());
        let read = pending
            .take()
            .expect("the next file is being read")
            .await
            .context("reading a file stopped")?;
        pending = sources.get(i + 1).cloned().map(spawn);
        let result = match read {
            // A file that cannot be read is rejected like a bad one; the run goes on.
            Err(e) => Err(format!("{e:#}")),
            Ok((len, prepared)) => {
                let total = src.archive().map(|a| {
                    let t = unpacked.entry(a.to_path_buf()).or_default();
                    *t += len;
                    *t
                });
                match prepared {
                    _ if total.is_some_and(|t| t > MAX_ARCHIVE_BYTES) => Err(format!(
                        "the archive unpacks to more than {}, which no data.police.uk archive does",
                        in_words(MAX_ARCHIVE_BYTES)
                    )),
                    Ok(p) => match write(&db, &actor, p).await {
                        // The database failing (a full disk, a lost connection) ends the run,
                        // naming the file it was writing; that file's transaction rolled back.
                        Err(ImportError::Store(e)) => {
                            return Err(anyhow::Error::from(e).context(format!(
                                "{}: the import stopped while writing this file, which was not loaded (files before it were)",
                                src.name()
                            )));
                        }
                        Err(e @ ImportError::WouldEmpty { .. }) => Err(format!(
                            "{e}; run again with --allow-empty to leave the month as a gap"
                        )),
                        other => other.map_err(|e| e.to_string()),
                    },
                    Err(e) => Err(e.to_string()),
                }
            }
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
                for w in &r.warnings {
                    warned += 1;
                    say_err(&bar, format!("warning: {w}"));
                }
            }
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
        "{imported} files imported ({rows} rows, {skipped} bad rows skipped, {warned} warnings), \
         {unchanged} unchanged, {rejected} rejected, {} not recognised",
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
    // Folds SQLite's write-ahead log into the database (`Db::close`).
    db.close().await;
    Ok(if rejected > 0 || !unknown.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
