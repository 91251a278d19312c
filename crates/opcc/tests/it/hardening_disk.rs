//! A full disk: the write that meets it is refused with a clear "nothing was changed", the
//! service says it cannot write, and once space returns writes and sign-ins work again without
//! a restart (the connection whose transaction SQLite rolled back by itself is not reused).
//! SQLite only: PostgreSQL's disk is its server's, not this process's to fill.

use crate::support::{PASSWORD, TestApp};
use opcc_domain::accounts::{Email, Role};
use opcc_store::accounts::NewUser;
use opcc_store::audit::Actor;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A small tmpfs of its own, unmounted when dropped; none where mounting is not allowed.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(mb: u32) -> Option<SmallDisk> {
        let dir = std::env::temp_dir().join(format!("opcc-disk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a file until the disk refuses another byte.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let chunk = vec![0_u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let small = [0_u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.flush();
    path
}

fn new_user(i: usize) -> NewUser {
    NewUser {
        email: Email::parse(&format!("person{i}@example.org")).unwrap(),
        // Long enough that each user needs fresh pages.
        display_name: format!("Person {i} {}", "x".repeat(3000)),
        role: Role::Staff,
        password: PASSWORD.to_string(),
    }
}

#[tokio::test]
async fn a_full_disk_refuses_one_write_and_writes_resume_when_space_returns() {
    let Some(disk) = SmallDisk::mount(24) else {
        eprintln!(
            "WARNING: tmpfs could not be mounted (not root?): the full-disk test did not run"
        );
        assert!(
            std::env::var("CI").is_err(),
            "CI runs as root and must run this test"
        );
        return;
    };
    let url = format!("sqlite://{}/opcc.db", disk.0.display());
    let db = opcc_store::Db::connect(&url).await.unwrap();
    opcc_store::demo::load_if_empty(&db).await.unwrap();
    let app = TestApp::serve(db.clone()).await;
    let actor = Actor::system("test");
    let mut early = new_user(9999);
    early.display_name = "Early".into();
    opcc_store::accounts::create_user(&db, &actor, early)
        .await
        .unwrap();
    let filler = fill(&disk.0);
    let mut refused = None;
    for i in 0..200 {
        match opcc_store::accounts::create_user(&db, &actor, new_user(i)).await {
            Ok(_) => continue,
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let e = refused.expect("a write met the full disk");
    assert!(
        matches!(
            e,
            opcc_store::accounts::CreateUserError::Store(opcc_store::StoreError::Full)
        ),
        "the error says the disk is full: {e:?}"
    );
    // What a person sees: the service cannot save, and nothing was changed; and the health
    // check says the database cannot take writes.
    let mut b = app.browser();
    let res = b.sign_in("person9999@example.org", PASSWORD).await;
    assert!(
        res.status == 503 && res.body.contains("Nothing was changed"),
        "{} {}",
        res.status,
        &res.body[..res.body.len().min(400)]
    );
    let health = b.get("/healthz").await;
    assert_eq!(health.status, 503);
    assert!(health.body.contains("unwritable"), "{}", health.body);
    std::fs::remove_file(filler).unwrap();
    // Space is back: every later write works on the same pool, and so does signing in.
    for i in 1000..1010 {
        opcc_store::accounts::create_user(&db, &actor, new_user(i))
            .await
            .expect("writes resume without a restart");
    }
    assert_eq!(b.get("/healthz").await.status, 200);
    let res = b.sign_in("person1000@example.org", PASSWORD).await;
    assert_eq!(res.status, 303, "signing in writes a session: {}", res.body);
    assert!(
        matches!(
            opcc_store::audit::verify(&db).await.unwrap(),
            opcc_store::audit::Verification::Intact { .. }
        ),
        "the chain is intact"
    );
    app.finish().await;
    drop(disk);
}
