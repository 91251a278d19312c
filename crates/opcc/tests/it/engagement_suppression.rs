//! Small numbers in published results and equality monitoring totals, with real responses:
//! 15 answers of 7, 2, 6 and 0 give "7", "fewer than 5", "withheld" (the 6, or 15 - 7 - 0
//! would give the 2) and "0", alike on the page, in the CSV and XLSX and in the API; the
//! office's equality totals the same way.

use crate::engagement::{add, build, close};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;

async fn small_counts_are_suppressed_everywhere_results_are_shown(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut public = app.browser();
    let slug = build(&mut staff, "Town survey", false, "").await;
    add(
        &mut staff,
        &slug,
        "single",
        "Which town?",
        "Alsager\nBollington\nCongleton\nDisley",
        "",
    )
    .await;
    add(
        &mut staff,
        &slug,
        "budget",
        "Share £10",
        "Patrols\nVictims",
        "10",
    )
    .await;
    let r = staff
        .post(&format!("/admin/engagement/surveys/{slug}/publish"), &[])
        .await;
    assert_eq!(r.status, 303);
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT q.id FROM engagement_questions q JOIN engagement_surveys s ON s.id = q.survey_id \
         WHERE s.slug = $1 ORDER BY q.position",
    )
    .bind(&slug)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let (town, b0, b1) = (
        format!("q{}", ids[0]),
        format!("q{}-0", ids[1]),
        format!("q{}-1", ids[1]),
    );
    // 7 Alsager, 2 Bollington, 6 Congleton, no Disley; 9 women, 4 men, 2 not saying.
    for i in 0..15 {
        let choice = match i {
            0..7 => "0",
            7..9 => "1",
            _ => "2",
        };
        let sex = match i {
            0..9 => "Female",
            9..13 => "Male",
            _ => "",
        };
        let r = staff
            .post(
                &format!("/admin/engagement/surveys/{slug}/paper"),
                &[
                    (town.as_str(), choice),
                    (&b0, "6"),
                    (&b1, "4"),
                    ("eq_sex", sex),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    // The office's equality totals: 4 men is "fewer than 5", so the 9 women are withheld.
    let admin = staff
        .get(&format!("/admin/engagement/surveys/{slug}"))
        .await;
    let cell = |answer: &str| {
        let at = admin.body.find(&format!(">{answer}</th>")).unwrap();
        let rest = &admin.body[at..];
        let td = rest.find("<td").unwrap();
        let start = td + rest[td..].find('>').unwrap() + 1;
        rest[start..start + rest[start..].find('<').unwrap()].to_string()
    };
    assert_eq!(cell("Male"), "fewer than 5", "{}", admin.body);
    assert_eq!(cell("Female"), "withheld");

    close(&app, &slug).await;
    let path = format!("/engagement/consultations/{slug}");
    let page = public.get(&path).await;
    assert!(page.body.contains("15 responses"), "{}", page.body);
    for shown in [
        ">Alsager</th><td class=\"govuk-table__cell\">7</td>",
        ">Bollington</th><td class=\"govuk-table__cell\">fewer than 5</td>",
        ">Congleton</th><td class=\"govuk-table__cell\">withheld</td>",
        ">Disley</th><td class=\"govuk-table__cell\">0</td>",
        ">Patrols</th><td class=\"govuk-table__cell\">6</td>",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    let csv = public.get(&format!("{path}/results.csv")).await;
    let body = csv.body.replace('\r', "");
    for line in [
        "Which town?,single,15,Alsager,7,\n",
        "Which town?,single,15,Bollington,fewer than 5,\n",
        "Which town?,single,15,Congleton,withheld,\n",
        "Which town?,single,15,Disley,0,\n",
        "Share £10,budget,15,Patrols,15,6\n",
    ] {
        assert!(body.contains(line), "{line}: {body}");
    }
    assert!(!body.contains(",Bollington,2,") && !body.contains(",Congleton,6,"));

    use calamine::{Reader, Xlsx};
    let (status, bytes) = public.get_bytes(&format!("{path}/results.xlsx")).await;
    assert_eq!(status, 200);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("Results").unwrap();
    let figures: Vec<(String, String)> = (1..=4)
        .map(|r| {
            (
                sheet.get((r, 3)).unwrap().to_string(),
                sheet.get((r, 4)).unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("Alsager", "7"),
            ("Bollington", "fewer than 5"),
            ("Congleton", "withheld"),
            ("Disley", "0")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    let all: Value =
        serde_json::from_str(&public.get("/api/v1/engagement/consultations").await.body).unwrap();
    let ours = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug.as_str())
        .unwrap();
    assert_eq!(ours["responses"], 15);
    let town = &ours["questions"][0];
    assert_eq!(town["answered"], 15);
    let lines: Vec<(Value, Value)> = town["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["count"].clone(), l["suppressed"].clone()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (Value::from(7), Value::Null),
            (Value::Null, Value::from("fewer than 5")),
            (Value::Null, Value::from("withheld")),
            (Value::from(0), Value::Null),
        ]
    );
    assert_eq!(ours["questions"][1]["results"][0]["average"], "6");
    app.finish().await;
}

each_backend!(small_counts_are_suppressed_everywhere_results_are_shown);
