//! The privacy notice states every retention rule in the words and periods the retention
//! commands apply, and each rule's command exists and runs.

use crate::support::{Backend, TestApp};
use std::collections::BTreeSet;
use std::process::Command;

fn unescape(html: &str) -> String {
    html.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

async fn the_privacy_notice_states_each_rule_and_its_command_runs(backend: Backend) {
    let app = TestApp::start(backend).await;
    let page = app.browser().get("/privacy").await;
    assert_eq!(page.status, 200);
    let text = unescape(&page.body);
    let rules = opcc_domain::retention::rules();
    assert!(rules.len() >= 9);
    for r in &rules {
        assert!(text.contains(r.what), "missing: {}", r.what);
        assert!(text.contains(&r.kept), "missing: {}", r.kept);
    }
    assert!(text.contains("180 days after recruitment closes"));
    assert!(text.contains("Deleted 6 years after the review closes"));
    // Each command the notice relies on runs (a dry run changes nothing).
    let commands: BTreeSet<&str> = rules.iter().map(|r| r.command).collect();
    for command in commands {
        let mut words = command.split(' ');
        assert_eq!(words.next(), Some("opcc"), "{command}");
        let out = Command::new(env!("CARGO_BIN_EXE_opcc"))
            .env("OPCC_LOG", "warn")
            .env_remove("OPCC_DATABASE_URL")
            .arg("--database-url")
            .arg(&app.test_db.url)
            .args(words)
            .arg("--dry-run")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("due today"),
            "{command}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    app.finish().await;
}

each_backend!(the_privacy_notice_states_each_rule_and_its_command_runs);
