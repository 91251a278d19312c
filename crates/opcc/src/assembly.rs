//! `opcc assembly select`: LEXIMIN selection from the paper's two files, printing the minimum
//! selection probability and writing each volunteer's probability, the distribution and the
//! drawn panel as CSV.

use crate::UsageError;
use crate::cli::SelectArgs;
use indicatif::{ProgressBar, ProgressStyle};
use opcc_sortition::{Distribution, Instance, Progress, draw, leximin};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// The paper's largest instances are well under a megabyte; this bounds memory before parsing.
const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

fn read_bounded(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(UsageError(format!(
            "{}: larger than {MAX_FILE_BYTES} bytes",
            path.display()
        ))
        .into());
    }
    Ok(bytes)
}

fn name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub async fn select(args: SelectArgs) -> anyhow::Result<ExitCode> {
    let inst = Instance::from_csv(
        &name(&args.categories),
        &read_bounded(&args.categories)?,
        &name(&args.respondents),
        &read_bounded(&args.respondents)?,
        args.panel,
    )
    .map_err(|e| UsageError(e.to_string()))?;
    let seed = args.seed.unwrap_or_else(rand::random::<u64>);
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("a valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let solving = {
        let bar = bar.clone();
        let inst = inst.clone();
        tokio::task::spawn_blocking(move || {
            leximin(&inst, &mut |p: Progress| {
                bar.set_message(format!(
                    "level {}: {} of {} types fixed, {} panels",
                    p.level, p.fixed_types, p.types, p.panels
                ));
            })
        })
    };
    let dist = solving.await?.map_err(|e| UsageError(e.to_string()))?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let panel = draw(&dist, seed);
    let out = args.out.unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&out)?;
    write_files(&out, &inst, &dist, &panel)?;
    println!(
        "Minimum selection probability: {:.4}% ({} volunteers, panel of {}, {} types, {} panels in the distribution, {:.2} s)",
        dist.minimum * 100.0,
        inst.people.len(),
        inst.panel,
        dist.types.members.len(),
        dist.panels.len(),
        elapsed.as_secs_f64()
    );
    println!("Seed: {seed}");
    println!(
        "Wrote {} (probabilities.csv, distribution.csv, panel.csv)",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn write_files(
    out: &Path,
    inst: &Instance,
    dist: &Distribution,
    panel: &[usize],
) -> anyhow::Result<()> {
    use opcc_web::download::csv;
    let probabilities = csv(
        &["id", "probability"],
        inst.people
            .iter()
            .zip(&dist.probabilities)
            .map(|(p, pr)| [p.id.clone(), format!("{pr:.12}")]),
    );
    std::fs::write(out.join("probabilities.csv"), probabilities)?;
    // One column per type, named by its features, so the draw can be redone from this file.
    let type_names: Vec<String> = dist
        .types
        .features
        .iter()
        .map(|fs| {
            fs.iter()
                .zip(&inst.categories)
                .map(|(&f, c)| c.features[f].feature.clone())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    let mut headers: Vec<&str> = vec!["probability"];
    headers.extend(type_names.iter().map(String::as_str));
    let distribution = csv(
        &headers,
        dist.panels.iter().map(|p| {
            let mut row = vec![format!("{:.12}", p.probability)];
            row.extend(p.counts.iter().map(u32::to_string));
            row
        }),
    );
    std::fs::write(out.join("distribution.csv"), distribution)?;
    let mut headers: Vec<&str> = vec!["id"];
    headers.extend(inst.categories.iter().map(|c| c.name.as_str()));
    let drawn = csv(
        &headers,
        panel.iter().map(|&i| {
            let p = &inst.people[i];
            let mut row = vec![p.id.clone()];
            row.extend(
                p.features
                    .iter()
                    .zip(&inst.categories)
                    .map(|(&f, c)| c.features[f].feature.clone()),
            );
            row
        }),
    );
    std::fs::write(out.join("panel.csv"), drawn)?;
    Ok(())
}
