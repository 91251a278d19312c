//! The subject access export of everything held about one complainant, as JSON and CSV, with
//! the processing history from the audit log (by role, never a staff member's name), each
//! export itself audited.

use crate::complaints::{audit_count, review_id, team_member};
use crate::support::{Backend, TestApp};

async fn a_subject_access_export_holds_everything_about_one_person(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (me, mut b) = team_member(&app, "sar@example.org").await;
    let (_, person) = review_id(&app, "CO/2023/1187").await;
    let (status, body) = b
        .get_bytes(&format!("/admin/complaints/persons/{person}/export.json"))
        .await;
    assert_eq!(status, 200);
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(json["person"]["name"], "Alex Example (invented)");
    assert_eq!(json["reviews"].as_array().unwrap().len(), 1);
    assert_eq!(
        json["reviews"][0]["allegations"].as_array().unwrap().len(),
        2
    );
    assert_eq!(json["reviews"][0]["review"]["decision"], "upheld");
    assert!(json["complaints"].as_array().unwrap().is_empty());
    assert!(!String::from_utf8_lossy(&body).contains("Jo Sample"));
    // What was done with the records, from the audit log: the person's page viewed here is
    // in it, by role, and no member of staff is named.
    let review = json["reviews"][0]["review"]["id"].as_i64().unwrap();
    let history = json["history"].as_array().unwrap();
    assert!(
        history
            .iter()
            .any(|h| h["action"] == "complaints_review.create"
                && h["record_id"].as_str() == Some(review.to_string().as_str())),
        "{history:?}"
    );
    b.get(&format!("/admin/complaints/reviews/{review}")).await;
    let (_, again) = b
        .get_bytes(&format!("/admin/complaints/persons/{person}/export.json"))
        .await;
    let again: serde_json::Value = serde_json::from_slice(&again).unwrap();
    let views: Vec<_> = again["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["action"] == "complaints_review.view")
        .collect();
    assert_eq!(views.len(), 1, "{again}");
    assert_eq!(views[0]["done_by"], "staff");
    assert!(!again.to_string().contains("sar@example.org"));
    let (status, csv) = b
        .get_bytes(&format!("/admin/complaints/persons/{person}/export.csv"))
        .await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.starts_with("record,id,field,value\r\n"));
    assert!(csv.contains("person,") && csv.contains("alex.example@example.org"));
    assert!(csv.contains("allegation,"));
    assert!(csv.contains("processing,1,action,"));
    assert_eq!(
        audit_count(&app, "complaints_person.export", me, person).await,
        3
    );
    app.finish().await;
}

each_backend!(a_subject_access_export_holds_everything_about_one_person);
