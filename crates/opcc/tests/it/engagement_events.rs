//! Engagement events: placed by the shipped boundaries, mapped and in a feed PyPI icalendar
//! validates; changed and cancelled by the office: the form's GOV.UK date boxes, the
//! change placed again by the boundaries and kept in the audit log, and a cancelled event
//! still in the map's list and in the calendar feed with STATUS:CANCELLED (checked by PyPI
//! icalendar, strict), never counted in the attendance table; another office user may change
//! it too, and no one outside the office can.

use crate::engagement::today;
use crate::governance::check_feed;
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;

async fn events_are_changed_and_cancelled_and_the_feed_says_so(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    // The demo's Orford clean-up has no attendance figure: Warrington's is "not recorded",
    // not 0.
    let map = public.get("/engagement/events").await;
    assert!(
        map.body.contains(
            ">Warrington</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>\
             <td class=\"govuk-table__cell govuk-table__cell--numeric\">Not recorded</td>"
        ),
        "{}",
        map.body
    );
    let mut staff = app.signed_in(Role::Staff).await;
    let day = time::OffsetDateTime::now_utc().date() + time::Duration::days(12);
    let (d, m, y) = (
        day.day().to_string(),
        (day.month() as u8).to_string(),
        day.year().to_string(),
    );
    let made = staff
        .post(
            "/admin/engagement/events",
            &[
                ("title", "Northwich surgery"),
                ("kind", "surgery"),
                ("starts-day", &d),
                ("starts-month", &m),
                ("starts-year", &y),
                ("starts-time", "18:00"),
                ("ends-time", "20:00"),
                ("venue", "Northwich Library"),
                ("latitude", "53.2587"),
                ("longitude", "-2.1270"),
                ("attendance", "40"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let (id, starts, lad): (i64, String, Option<String>) = sqlx::query_as(
        "SELECT id, starts_at, lad_code FROM engagement_events WHERE title = 'Northwich surgery'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(starts, format!("{day}T18:00"));
    // Macclesfield's coordinates first: Cheshire East.
    assert_eq!(lad.as_deref(), Some("E06000049"));
    let missing = staff
        .post(
            &format!("/admin/engagement/events/{id}"),
            &[
                ("title", "Northwich surgery"),
                ("kind", "surgery"),
                ("starts-day", &d),
                ("starts-year", &y),
                ("starts-time", "18:00"),
                ("ends-time", "20:00"),
                ("venue", "Northwich Library"),
                ("latitude", "53.2587"),
                ("longitude", "-2.1270"),
            ],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(
        missing.body.contains("date must include a month"),
        "{}",
        missing.body
    );
    // A second office user moves it to Northwich itself (Cheshire West and Chester), later.
    let mut other = app.signed_in(Role::Staff).await;
    let form = other.get(&format!("/admin/engagement/events/{id}")).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(&format!(
        "name=\"starts-day\" type=\"text\" inputmode=\"numeric\" value=\"{d}\""
    )));
    let changed = other
        .post(
            &format!("/admin/engagement/events/{id}"),
            &[
                ("title", "Northwich surgery"),
                ("kind", "surgery"),
                ("starts-day", &d),
                ("starts-month", &m),
                ("starts-year", &y),
                ("starts-time", "17:30"),
                ("ends-time", "19:00"),
                ("venue", "Northwich Library"),
                ("latitude", "53.2590"),
                ("longitude", "-2.5180"),
                ("attendance", "40"),
            ],
        )
        .await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    let (starts, lad): (String, Option<String>) =
        sqlx::query_as("SELECT starts_at, lad_code FROM engagement_events WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(starts, format!("{day}T17:30"));
    assert_eq!(lad.as_deref(), Some("E06000050"));
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'engagement.event_update' \
         AND before_json LIKE '%T18:00%' AND after_json LIKE '%T17:30%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(
        panel
            .get(&format!("/admin/engagement/events/{id}"))
            .await
            .status,
        403
    );
    let refused = panel
        .post(&format!("/admin/engagement/events/{id}/cancel"), &[])
        .await;
    assert_eq!(refused.status, 403);
    let cancelled = staff
        .post(&format!("/admin/engagement/events/{id}/cancel"), &[])
        .await;
    assert_eq!(cancelled.status, 303, "{}", cancelled.body);
    let again = staff
        .post(&format!("/admin/engagement/events/{id}/cancel"), &[])
        .await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("already cancelled"));
    let map = public.get("/engagement/events").await;
    assert!(map.body.contains("Northwich surgery") && map.body.contains("Cancelled"));
    assert!(map.body.contains("(cancelled)"));
    let (status, ics) = public.get_bytes("/engagement/events.ics").await;
    assert_eq!(status, 200);
    let feed = check_feed("engagement-cancelled", &ics);
    let ours = feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["summary"] == "Northwich surgery")
        .cloned()
        .unwrap_or_else(|| panic!("{feed}"));
    assert_eq!(ours["status"], "CANCELLED", "{ours}");
    let text = String::from_utf8(ics).unwrap();
    assert_eq!(text.matches("STATUS:CANCELLED").count(), 1);
    let api: Value =
        serde_json::from_str(&public.get("/api/v1/engagement/events").await.body).unwrap();
    let ours = api
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap();
    assert!(ours["cancelled_at"].is_string());
    app.finish().await;
}

each_backend!(events_are_changed_and_cancelled_and_the_feed_says_so);

async fn events_are_placed_mapped_and_fed_to_calendars(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    // The demo's events from the April-August 2025 progress report, placed by the boundaries.
    let placed: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT title, lad_code FROM engagement_events ORDER BY starts_at")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let lad = |t: &str| {
        placed
            .iter()
            .find(|(x, _)| x.contains(t))
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(lad("Chester Cathedral").as_deref(), Some("E06000050"));
    assert_eq!(lad("Orford").as_deref(), Some("E06000007"));
    assert_eq!(lad("Crewe").as_deref(), Some("E06000049"));
    assert_eq!(lad("Runcorn").as_deref(), Some("E06000006"));
    let mut staff = app.signed_in(Role::Staff).await;
    let day = (today() + time::Duration::days(10)).to_string();
    let (start, end) = (format!("{day}T18:00"), format!("{day}T20:00"));
    let outside = staff
        .post(
            "/admin/engagement/events",
            &[
                ("title", "In Leeds"),
                ("kind", "meeting"),
                ("starts_at", &start),
                ("ends_at", &end),
                ("venue", "Town Hall"),
                ("latitude", "53.80"),
                ("longitude", "-1.55"),
            ],
        )
        .await;
    assert_eq!(outside.status, 422);
    assert!(
        outside
            .body
            .contains("not inside any local authority of the force area")
    );
    let ok = staff
        .post(
            "/admin/engagement/events",
            &[
                ("title", "Macclesfield surgery; drop in, all welcome"),
                ("kind", "surgery"),
                ("starts_at", &start),
                ("ends_at", &end),
                ("venue", "Macclesfield Town Hall"),
                ("postcode", "sk101ea"),
                ("latitude", "53.2587"),
                ("longitude", "-2.1270"),
                ("partners", "Cheshire East Council"),
                ("themes", "Shoplifting\nParking"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let map = public.get("/engagement/events").await;
    assert_eq!(map.status, 200);
    assert!(map.body.contains("<circle") && map.body.contains("Macclesfield surgery"));
    assert!(map.body.contains("SK10 1EA") && map.body.contains("Cheshire East"));
    assert!(map.body.contains("Multi-faith event at Chester Cathedral"));
    let (status, ics) = public.get_bytes("/engagement/events.ics").await;
    assert_eq!(status, 200);
    let feed = check_feed("engagement", &ics);
    let events = feed["events"].as_array().unwrap();
    // Upcoming only: the demo's drop-in and ours, not the past summer's events.
    assert_eq!(events.len(), 2, "{feed}");
    assert!(
        events
            .iter()
            .any(|e| e["summary"] == "Macclesfield surgery; drop in, all welcome")
    );
    let api: Value =
        serde_json::from_str(&public.get("/api/v1/engagement/events").await.body).unwrap();
    let ours = api
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["venue"] == "Macclesfield Town Hall")
        .unwrap();
    assert_eq!(ours["local_authority"], "E06000049");
    assert_eq!(ours["themes"][1], "Parking");
    app.finish().await;
}

each_backend!(events_are_placed_mapped_and_fed_to_calendars);
