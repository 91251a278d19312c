//! Plan files through the command line: import and export without loss, and a bad file that
//! changes nothing.

use opcc_domain::plans::file::PlanFile;

fn opcc(url: &str) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_opcc"));
    c.env("OPCC_LOG", "warn").args(["--database-url", url]);
    c
}

#[test]
fn plan_files_import_and_export_without_loss_and_bad_files_change_nothing() {
    let dir = std::env::temp_dir().join(format!("opcc-plan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let source = opcc_store::demo::PLANS[3].1;
    let file = dir.join("plan.toml");

    let mut bad = source.replacen("owner = \"joint\"", "owner = \"the mayor\"", 1);
    bad = bad.replacen("unit = ", "unit_typo = ", 1);
    std::fs::write(&file, &bad).unwrap();
    let out = opcc(&url)
        .args(["plan", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("plan.toml: line "), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");

    std::fs::write(&file, source).unwrap();
    let out = opcc(&url)
        .args(["plan", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported cheshire-2024-28: 9 items"));
    let again = opcc(&url)
        .args(["plan", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let replaced = opcc(&url)
        .args(["plan", "import", "--replace"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(replaced.status.success());

    let out = opcc(&url)
        .args(["plan", "export", "cheshire-2024-28"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let exported = PlanFile::parse(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(exported, PlanFile::parse(source).unwrap());
    std::fs::remove_dir_all(dir).unwrap();
}
