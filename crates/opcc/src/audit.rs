//! `opcc audit verify | checkpoint | keygen`: the chain checked within the database, and
//! anchored outside it by signed checkpoints.

use crate::UsageError;
use crate::cli::{AuditCommand, connect};
use anyhow::Context;
use opcc_domain::security::checkpoint::{
    Checkpoint, public_key_from_file, public_key_to_file, signing_key_from_file,
    signing_key_from_seed, signing_key_to_file,
};
use opcc_store::audit::Verification;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub async fn run(database_url: &str, cmd: AuditCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        AuditCommand::Verify {
            checkpoint: None, ..
        } => verify(database_url).await,
        AuditCommand::Verify {
            checkpoint: Some(cp),
            public_key,
        } => verify_checkpoint(database_url, &cp, public_key.as_deref()).await,
        AuditCommand::Checkpoint { key, out } => {
            checkpoint(database_url, &key, out.as_deref()).await
        }
        AuditCommand::Keygen { out } => keygen(&out),
    }
}

async fn verify(database_url: &str) -> anyhow::Result<ExitCode> {
    let db = connect(database_url).await?;
    match opcc_store::audit::verify(&db).await? {
        Verification::Intact { entries } => {
            println!("audit chain intact: {entries} entries verified");
            Ok(ExitCode::SUCCESS)
        }
        Verification::Broken(b) => {
            eprintln!("audit chain BROKEN: {b}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn read(path: &Path, what: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("cannot read the {what} {}: {e}", path.display())).into())
}

async fn verify_checkpoint(
    database_url: &str,
    path: &Path,
    public_key: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let cp = Checkpoint::parse(&read(path, "checkpoint")?)
        .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
    let expected = match public_key {
        Some(p) => Some(
            public_key_from_file(&read(p, "public key")?)
                .map_err(|e| UsageError(format!("{}: {e}", p.display())))?,
        ),
        None => {
            eprintln!(
                "warning: no --public-key given: the checkpoint is checked against the key it \
                 names, which proves it is whole but not who signed it"
            );
            None
        }
    };
    if let Err(e) = cp.verify(expected.as_ref()) {
        eprintln!("audit checkpoint REFUSED: {e}");
        return Ok(ExitCode::FAILURE);
    }
    let db = connect(database_url).await?;
    match opcc_store::audit_checkpoint::verify(&db, &cp).await? {
        Ok(entries) => {
            println!(
                "audit chain intact: {entries} entries verified; it holds the checkpoint of {} \
                 (entry {}, signed by {})",
                cp.at,
                cp.seq,
                hex::encode(cp.public_key)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            eprintln!("audit chain BROKEN: {problem}");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn checkpoint(
    database_url: &str,
    key: &Path,
    out: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let key = signing_key_from_file(&read(key, "signing key")?)
        .map_err(|e| UsageError(format!("{}: {e}", key.display())))?;
    let db = connect(database_url).await?;
    let cp = match opcc_store::audit_checkpoint::take(&db, &key).await {
        Ok(cp) => cp,
        Err(opcc_store::StoreError::Invalid(m)) => {
            eprintln!("{m}");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e.into()),
    };
    let text = cp.to_string();
    if let Some(out) = out {
        std::fs::write(out, &text).with_context(|| format!("writing {}", out.display()))?;
    }
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The key is made here, not in the database's reach: whoever holds it can sign checkpoints.
fn keygen(out: &Path) -> anyhow::Result<ExitCode> {
    use rand::RngCore;
    let mut seed = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = signing_key_from_seed(seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| {
        UsageError(format!(
            "cannot create the key file {}: {e} (an existing key is never overwritten)",
            out.display()
        ))
    })?;
    file.write_all(signing_key_to_file(&key).as_bytes())?;
    let public = out.with_extension("pub");
    std::fs::write(&public, public_key_to_file(&key.verifying_key()))
        .with_context(|| format!("writing {}", public.display()))?;
    println!(
        "signing key written to {} (keep it off the database server); public key {} written to {}",
        out.display(),
        hex::encode(key.verifying_key().as_bytes()),
        public.display()
    );
    Ok(ExitCode::SUCCESS)
}
