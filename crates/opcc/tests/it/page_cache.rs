//! Public pages kept in memory per version of the data: a write is seen by the very next
//! request, validators answer 304, compressed copies are the page, and nothing personal to
//! one visitor (a CSRF token, a signed-in layout) is ever kept.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::office::OfficeContact;
use opcc_store::audit::Actor;
use std::io::Read;

async fn raw_get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let client = reqwest::Client::new();
    let mut req = client.get(format!("{}{path}", app.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

fn contact(phone: &str) -> OfficeContact {
    OfficeContact {
        name: "Office of the Police and Crime Commissioner".into(),
        address: "Clemonds Hey\nWinsford".into(),
        email: "info@example.org".into(),
        phone: phone.into(),
        website: String::new(),
    }
}

async fn a_write_is_seen_by_the_next_request(backend: Backend) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    opcc_store::office::set_contact(&app.db, &actor, &contact("01606 000 001"))
        .await
        .unwrap();
    let mut public = app.browser();
    let first = public.get("/contact").await;
    assert!(first.body.contains("01606 000 001"));
    let etag = first.header("etag").to_string();
    assert!(
        etag.starts_with('"'),
        "a kept page has a strong validator: {etag:?}"
    );
    assert_eq!(
        public.get("/contact").await.header("etag"),
        etag,
        "served from memory"
    );

    let unchanged = raw_get(&app, "/contact", &[("if-none-match", &etag)]).await;
    assert_eq!(unchanged.status(), 304);
    assert!(unchanged.bytes().await.unwrap().is_empty());

    // The server's own write, then at once the page.
    opcc_store::office::set_contact(&app.db, &actor, &contact("01606 000 002"))
        .await
        .unwrap();
    let after = public.get("/contact").await;
    assert!(
        after.body.contains("01606 000 002"),
        "no stale page after a write"
    );
    assert!(!after.body.contains("01606 000 001"));
    assert_ne!(after.header("etag"), etag);
    let stale = raw_get(&app, "/contact", &[("if-none-match", &etag)]).await;
    assert_eq!(stale.status(), 200, "an old validator gets the new page");

    // Another process's write (a command-line import, a second server) is seen within the
    // recheck interval.
    let other = opcc_store::Db::connect(&app.test_db.url).await.unwrap();
    opcc_store::office::set_contact(&other, &actor, &contact("01606 000 003"))
        .await
        .unwrap();
    other.close().await;
    tokio::time::sleep(opcc_store::version::RECHECK + std::time::Duration::from_millis(100)).await;
    assert!(public.get("/contact").await.body.contains("01606 000 003"));
    app.finish().await;
}
each_backend!(a_write_is_seen_by_the_next_request);

#[tokio::test]
async fn compressed_copies_are_the_page() {
    let app = TestApp::start(Backend::Sqlite).await;
    let plain = raw_get(&app, "/plans/cheshire-2024-28", &[]).await;
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.bytes().await.unwrap();

    let br = raw_get(
        &app,
        "/plans/cheshire-2024-28",
        &[("accept-encoding", "gzip, br")],
    )
    .await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert!(
        br.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("Accept-Encoding")
    );
    let packed = br.bytes().await.unwrap();
    assert!(
        packed.len() * 4 < plain.len(),
        "{} of {}",
        packed.len(),
        plain.len()
    );
    let mut back = Vec::new();
    brotli::Decompressor::new(&packed[..], 4096)
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, plain);

    let gz = raw_get(
        &app,
        "/plans/cheshire-2024-28",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(&gz.bytes().await.unwrap()[..])
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, plain);

    // Downloads are compressed as they go.
    let csv = raw_get(&app, "/crime/coverage.csv", &[("accept-encoding", "gzip")]).await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-encoding"], "gzip");
    app.finish().await;
}

#[tokio::test]
async fn pages_for_one_visitor_are_never_kept() {
    let app = TestApp::start(Backend::Sqlite).await;
    // A form carries the visitor's own CSRF token: each visitor gets a page of their own.
    let mut one = app.browser();
    let mut two = app.browser();
    one.get("/").await;
    two.get("/").await;
    let form_one = one.get("/login").await;
    let form_two = two.get("/login").await;
    let token = |html: &str| crate::support::csrf_in(html).expect("the form's token");
    assert_ne!(token(&form_one.body), token(&form_two.body));
    assert_eq!(
        form_one.header("etag"),
        "",
        "a page with a form is not kept"
    );
    assert_eq!(form_one.header("cache-control"), "no-store");

    // Signed in, the same address is rendered for the user, with their sign-out form.
    let mut public = app.browser();
    let kept = public.get("/plans/cheshire-2024-28").await;
    assert_ne!(kept.header("etag"), "");
    let mut staff = app.signed_in(Role::Staff).await;
    let theirs = staff.get("/plans/cheshire-2024-28").await;
    assert_eq!(theirs.header("etag"), "");
    assert_eq!(theirs.header("cache-control"), "no-store");
    assert!(theirs.body.contains("Sign out"));
    assert!(!kept.body.contains("Sign out"));
    app.finish().await;
}
