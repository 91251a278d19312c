//! Citizens' assemblies through the real server: the demo's Crewe assembly selected by
//! LEXIMIN with its published report (the draw redone from the published distribution and
//! seed), a volunteer registering with contact details kept from the public and the audit
//! log, infeasible quotas refused by name, a drop-out replaced within the quotas, and the
//! `opcc assembly select` command on the paper's sample instance.

use crate::crime::data;
use crate::support::{Backend, Browser, Resp, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;
use std::collections::HashMap;

const CREWE: &str = "crewe-citizens-assembly-on-neighbourhood-policing";

async fn api(app: &TestApp, slug: &str) -> Value {
    let r = app
        .browser()
        .get(&format!("/api/v1/assemblies/{slug}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn on_panel(sel: &Value) -> Vec<i64> {
    sel["volunteers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["outcome"] == "selected" || v["outcome"] == "replacement")
        .map(|v| v["pool_number"].as_i64().unwrap())
        .collect()
}

/// Redoes the draw from the published distribution and seed, as docs/assemblies.md tells
/// anyone to: the same crate's `draw` over the published types and panels.
fn redo_draw(sel: &Value) -> Vec<i64> {
    let dist = &sel["distribution"];
    let types = dist["types"].as_array().unwrap();
    let mut numbers = Vec::new();
    let members: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            t["pool_numbers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    numbers.push(n.as_i64().unwrap());
                    numbers.len() - 1
                })
                .collect()
        })
        .collect();
    let panels = dist["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| opcc_sortition::Panel {
            probability: p[0].as_f64().unwrap(),
            counts: p[1]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap() as u32)
                .collect(),
        })
        .collect();
    let d = opcc_sortition::Distribution {
        types: opcc_sortition::Types {
            features: vec![Vec::new(); members.len()],
            members,
        },
        panels,
        probabilities: Vec::new(),
        minimum: 0.0,
        levels: 0,
        panels_generated: 0,
    };
    let seed: u64 = sel["seed"].as_str().unwrap().parse().unwrap();
    let mut drawn: Vec<i64> = opcc_sortition::draw(&d, seed)
        .into_iter()
        .map(|i| numbers[i])
        .collect();
    drawn.sort_unstable();
    drawn
}

/// Starts a selection, which runs in the background, and follows the office's browser to its
/// end: the page saying why it failed, or the way back to the assembly's page once done.
pub(crate) async fn select_and_wait(staff: &mut Browser, admin: &str, seed: &str) -> Resp {
    staff.get(admin).await;
    let r = staff
        .post(&format!("{admin}/select"), &[("seed", seed)])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), format!("{admin}/selecting"));
    for _ in 0..600 {
        let page = staff.get(&format!("{admin}/selecting")).await;
        if !(page.status == 200 && page.body.contains("opcc-progress__spinner")) {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the selection did not finish in a minute");
}

async fn the_demo_assembly_in_crewe_is_selected_and_its_report_published(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let list = public.get("/assemblies").await;
    assert!(list.body.contains("Crewe citizens"), "{}", list.body);
    let a = api(&app, CREWE).await;
    assert_eq!(a["area_code"], "E06000049");
    assert_eq!(a["area_name"], "Cheshire East");
    let sel = &a["selection"];
    let volunteers = sel["volunteers"].as_array().unwrap();
    assert_eq!(volunteers.len(), 150);
    // Every probability sums to the panel size; LEXIMIN's minimum beats the legacy method's.
    let total: f64 = volunteers
        .iter()
        .map(|v| v["probability"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 30.0).abs() < 1e-3, "{total}");
    let minimum: f64 = sel["minimum_probability"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let legacy: f64 = sel["legacy_minimum_probability"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        minimum > 0.1 && minimum > legacy,
        "{minimum} against {legacy}"
    );
    // The panel meets every quota, and is exactly the draw anyone can redo.
    let panel = on_panel(sel);
    assert_eq!(panel.len(), 30);
    for q in sel["quotas"].as_array().unwrap() {
        let n = q["on_panel"].as_i64().unwrap();
        assert!(
            q["min"].as_i64().unwrap() <= n && n <= q["max"].as_i64().unwrap(),
            "{q}"
        );
    }
    assert_eq!(redo_draw(sel), panel);
    let page = public.get(&format!("/assemblies/{CREWE}/selection")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(sel["seed"].as_str().unwrap()));
    let (status, csv) = public
        .get_bytes(&format!("/assemblies/{CREWE}/selection.csv"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 151);
    // No name or contact detail reaches the public.
    for path in [
        "/assemblies",
        &format!("/assemblies/{CREWE}"),
        &format!("/assemblies/{CREWE}/selection"),
    ] {
        let body = public.get(path).await.body;
        assert!(
            !body.contains("Demo volunteer") && !body.contains("example.org"),
            "{path}"
        );
    }
    assert!(!serde_json::to_string(&a).unwrap().contains("example.org"));

    // A member drops out: the replacement keeps the quotas and is recorded.
    let mut staff = app.signed_in(Role::Staff).await;
    staff.get(&format!("/admin/assemblies/{CREWE}")).await;
    // A member of a type that has volunteers left, so that a replacement within the quotas
    // exists (the same type's).
    let types = sel["distribution"]["types"].as_array().unwrap();
    let member = types
        .iter()
        .map(|t| {
            t["pool_numbers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_i64().unwrap())
                .collect::<Vec<_>>()
        })
        .find_map(|ns| {
            let on: Vec<i64> = ns.iter().copied().filter(|n| panel.contains(n)).collect();
            (!on.is_empty() && on.len() < ns.len()).then(|| on[0])
        })
        .unwrap();
    let dropped = member.to_string();
    let r = staff
        .post(
            &format!("/admin/assemblies/{CREWE}/replace"),
            &[("dropped", &dropped), ("seed", "7")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let after = api(&app, CREWE).await;
    let new_panel = on_panel(&after["selection"]);
    assert_eq!(new_panel.len(), 30);
    assert!(!new_panel.contains(&member));
    for q in after["selection"]["quotas"].as_array().unwrap() {
        let n = q["on_panel"].as_i64().unwrap();
        assert!(
            q["min"].as_i64().unwrap() <= n && n <= q["max"].as_i64().unwrap(),
            "{q}"
        );
    }
    let replaced: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'assembly.replace'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(replaced, 1);
    // Someone not on the panel cannot be "replaced".
    let outsider = (1..=150)
        .find(|n| !new_panel.contains(n))
        .unwrap()
        .to_string();
    let r = staff
        .post(
            &format!("/admin/assemblies/{CREWE}/replace"),
            &[("dropped", &outsider)],
        )
        .await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("is not on the panel"));
    app.finish().await;
}

async fn a_volunteer_registers_and_the_office_selects_within_named_quotas(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    staff.get("/admin/assemblies").await;
    let today = time::OffsetDateTime::now_utc().date();
    let r = staff
        .post(
            "/admin/assemblies",
            &[
                ("title", "Runcorn assembly"),
                ("area_code", "E06000006"),
                ("place", "Runcorn"),
                ("summary", "A test"),
                ("panel_size", "2"),
                ("recruitment_opens", &today.to_string()),
                (
                    "recruitment_closes",
                    &(today + time::Duration::days(10)).to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let admin = "/admin/assemblies/runcorn-assembly";
    for (c, f, min, max) in [
        ("age", "under 40", "2", "2"),
        ("age", "40 and over", "0", "2"),
        ("tenure", "renting", "2", "2"),
        ("tenure", "owning", "0", "2"),
    ] {
        staff.get(admin).await;
        let r = staff
            .post(
                &format!("{admin}/quotas"),
                &[("category", c), ("feature", f), ("min", min), ("max", max)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let mut public = app.browser();
    let form = public.get("/assemblies/runcorn-assembly/register").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("never published"));
    let missing = public
        .post(
            "/assemblies/runcorn-assembly/register",
            &[("name", "Pat"), ("email", "pat@vol.example")],
        )
        .await;
    assert_eq!(missing.status, 422, "{}", missing.body);
    assert!(
        missing.body.contains("Select your age") && missing.body.contains("Confirm that you agree")
    );
    for (name, age, tenure) in [
        ("Pat", "under 40", "owning"),
        ("Sam", "under 40", "owning"),
        ("Alex", "40 and over", "renting"),
    ] {
        public.get("/assemblies/runcorn-assembly/register").await;
        let email = format!("{}@vol.example", name.to_lowercase());
        let r = public
            .post(
                "/assemblies/runcorn-assembly/register",
                &[
                    ("feature-0", age),
                    ("feature-1", tenure),
                    ("name", name),
                    ("email", &email),
                    ("consent", "yes"),
                ],
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    // Two under 40 and two renting on a panel of two: only one renter, so the quotas
    // conflict, and the refusal names them.
    let r = select_and_wait(&mut staff, admin, "1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("The selection did not finish")
            && r.body.contains("tenure: renting (at least 2, at most 2)"),
        "{}",
        r.body
    );
    // The failure is told once; nothing was recorded.
    let again = staff.get(&format!("{admin}/selecting")).await;
    assert_eq!(again.location(), format!("{admin}#selection"));
    staff.get(admin).await;
    let r = staff
        .post(
            &format!("{admin}/quotas"),
            &[
                ("category", "tenure"),
                ("feature", "renting"),
                ("min", "0"),
                ("max", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    // The public's page of the assembly, kept by the page cache, before the selection.
    let before = public.get("/assemblies/runcorn-assembly").await;
    assert!(!before.body.contains("How the panel was selected"));
    let r = select_and_wait(&mut staff, admin, "1").await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), format!("{admin}#selection"));
    let page = staff.get(admin).await;
    assert!(
        page.body.contains("with seed <code>1</code>") && page.body.contains("Not published"),
        "the office's page shows the finished selection"
    );
    // Not published yet: the public see no report.
    assert_eq!(
        public
            .get("/assemblies/runcorn-assembly/selection")
            .await
            .status,
        404
    );
    assert!(api(&app, "runcorn-assembly").await["selection"].is_null());
    let page = staff.get(admin).await;
    assert!(
        page.body.contains("pat@vol.example"),
        "the office reads contact details"
    );
    let r = staff.post(&format!("{admin}/publish"), &[]).await;
    assert_eq!(r.status, 303);
    // The kept copy of the public page went with the writes: it links to the report now.
    let after = public.get("/assemblies/runcorn-assembly").await;
    assert!(
        after.body.contains("How the panel was selected"),
        "{}",
        after.body
    );
    let sel = api(&app, "runcorn-assembly").await["selection"].clone();
    // Pat and Sam are the only panel meeting "two under 40": both certain, Alex never.
    let p: HashMap<i64, String> = sel["volunteers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["pool_number"].as_i64().unwrap(),
                v["probability"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        (p[&1].as_str(), p[&2].as_str(), p[&3].as_str()),
        ("1.000000", "1.000000", "0.000000")
    );
    // Reading contact details is audited; the audit log never holds them.
    let views: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'assembly.registrations_view'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(views >= 1);
    let leaked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%vol.example%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(leaked, 0);
    // The retention rule: 40 days on, the volunteer not selected has no contact details left;
    // the members' are kept until 90 days after the assembly.
    let erased = opcc_store::assemblies::registrations::erase_expired(
        &app.db,
        today + time::Duration::days(40),
    )
    .await
    .unwrap();
    assert!(erased >= 1);
    let left: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT pool_number, email FROM assembly_registrations r JOIN assemblies a ON a.id = r.assembly_id \
                        WHERE a.slug = 'runcorn-assembly' ORDER BY pool_number")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(left[2], (3, None));
    assert_eq!(left[0].1.as_deref(), Some("pat@vol.example"));
    // A volunteer cannot reach the office's pages.
    let mut volunteer = app.signed_in(Role::Volunteer).await;
    assert_eq!(volunteer.get(admin).await.status, 403);
    app.finish().await;
}

#[test]
fn the_select_command_gives_ten_percent_on_the_papers_instance() {
    let dir = data("sortition/example_small_20");
    let out = std::env::temp_dir().join(format!("opcc-assembly-{}", std::process::id()));
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
        .args(["assembly", "select"])
        .arg(dir.join("categories.csv"))
        .arg(dir.join("respondents.csv"))
        .args(["--panel", "20", "--seed", "42", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.starts_with("Minimum selection probability: 10.0000%"),
        "{stdout}"
    );
    assert!(stdout.contains("Seed: 42"));
    let probabilities = std::fs::read_to_string(out.join("probabilities.csv")).unwrap();
    let total: f64 = probabilities
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((total - 20.0).abs() < 1e-6);
    let panel = std::fs::read_to_string(out.join("panel.csv")).unwrap();
    assert_eq!(panel.lines().count(), 21);
    // The same seed draws the same panel.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
        .args(["assembly", "select"])
        .arg(dir.join("categories.csv"))
        .arg(dir.join("respondents.csv"))
        .args(["--panel", "20", "--seed", "42", "--out"])
        .arg(out.join("again"))
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(
        std::fs::read_to_string(out.join("again/panel.csv")).unwrap(),
        panel
    );
    // An infeasible panel size is refused with the quotas named, exit 2.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
        .args(["assembly", "select"])
        .arg(dir.join("categories.csv"))
        .arg(dir.join("respondents.csv"))
        .args(["--panel", "17"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("conflicting quotas"));
    let _ = std::fs::remove_dir_all(&out);
}

each_backend!(
    the_demo_assembly_in_crewe_is_selected_and_its_report_published,
    a_volunteer_registers_and_the_office_selects_within_named_quotas,
);
