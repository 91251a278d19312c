use super::place::{inside, parse_coordinates};
use super::results::tally;
use super::*;

fn q(kind: Kind, options: &[&str], total: Option<&str>) -> Question {
    Question {
        id: 7,
        kind,
        prompt: "Q".into(),
        options: options.iter().map(|s| s.to_string()).collect(),
        total: total.map(|t| t.parse().unwrap()),
        required: false,
    }
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_budget_must_sum_to_its_total_to_the_penny() {
    let b = q(
        Kind::Budget,
        &["Neighbourhoods", "Roads", "Victims"],
        Some("100"),
    );
    let ok = b.read(&form(&[
        ("q7-0", "50"),
        ("q7-1", "25.50"),
        ("q7-2", "24.5"),
    ]));
    assert_eq!(ok.unwrap().as_deref(), Some("50,25.5,24.5"));
    let short = b.read(&form(&[("q7-0", "50"), ("q7-1", "25"), ("q7-2", "24.99")]));
    assert!(
        short
            .unwrap_err()
            .contains("add up to 99.99 but must add up to 100")
    );
    let negative = b.read(&form(&[("q7-0", "150"), ("q7-1", "-50")]));
    assert!(negative.is_err());
    assert_eq!(b.read(&form(&[])).unwrap(), None);
}

#[test]
fn a_ranking_gives_each_option_a_different_rank() {
    let r = q(Kind::Ranking, &["A", "B", "C"], None);
    let ok = r.read(&form(&[("q7-0", "2"), ("q7-1", "3"), ("q7-2", "1")]));
    assert_eq!(ok.unwrap().as_deref(), Some("2,0,1"));
    let tie = r.read(&form(&[("q7-0", "1"), ("q7-1", "1"), ("q7-2", "2")]));
    assert!(tie.unwrap_err().contains("different rank from 1 to 3"));
    let t = tally(&r, &["2,0,1", "0,2,1"]);
    // C: ranks 1 and 2 -> average 1.5, first once; points 3 + 2.
    assert_eq!(t.lines[2].average.as_deref(), Some("1.5"));
    assert_eq!(t.lines[2].count, 1);
    assert_eq!(t.lines[2].value, 5.0);
    assert_eq!(t.lines[1].value, 2.0);
}

#[test]
fn choices_and_ratings_are_checked_and_counted() {
    let m = q(Kind::Multiple, &["A", "B", "C"], None);
    assert_eq!(
        m.read(&form(&[("q7", "2"), ("q7", "0"), ("q7", "2")]))
            .unwrap()
            .as_deref(),
        Some("0,2")
    );
    assert!(m.read(&form(&[("q7", "3")])).is_err());
    let t = tally(&m, &["0,2", "2"]);
    assert_eq!(
        t.lines.iter().map(|l| l.count).collect::<Vec<_>>(),
        [1, 0, 2]
    );
    let mut r = q(Kind::Rating, &[], None);
    assert!(r.read(&form(&[("q7", "6")])).is_err());
    r.required = true;
    assert_eq!(r.read(&form(&[])).unwrap_err(), "Answer \"Q\"");
    assert_eq!(tally(&r, &["5", "5", "1"]).lines[4].count, 2);
}

#[test]
fn budget_results_are_the_average_share() {
    let b = q(Kind::Budget, &["A", "B"], Some("100"));
    let t = tally(&b, &["60,40", "30,70"]);
    assert_eq!(t.lines[0].average.as_deref(), Some("45"));
    assert_eq!(t.lines[1].average.as_deref(), Some("55"));
}

#[test]
fn new_questions_need_their_options_and_a_budget_its_total() {
    assert!(new_question("budget", "Share £100", "A\nB", "", false).is_err());
    let q = new_question("budget", "Share", "A\n\n B \n", "£1,000", true).unwrap();
    let (k, opts, total) = (q.kind, q.options, q.total);
    assert_eq!(
        (k, opts.len(), total.unwrap().to_string()),
        (Kind::Budget, 2, "1000".into())
    );
    assert!(new_question("single", "Pick", "Only one", "", false).is_err());
    assert!(
        new_question("text", "Say", "", "", false)
            .unwrap()
            .options
            .is_empty()
    );
}

#[test]
fn points_are_placed_by_even_odd_and_coordinates_checked() {
    let square = vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)];
    let hole = vec![(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0)];
    assert!(inside((2.0, 2.0), std::slice::from_ref(&square)));
    assert!(!inside((11.0, 2.0), std::slice::from_ref(&square)));
    assert!(!inside((5.0, 5.0), &[square, hole]));
    assert!(parse_coordinates("53.19", "-2.89").is_ok());
    assert!(parse_coordinates("40.7", "-74").is_err());
}

#[test]
fn postcodes_equality_and_ages() {
    assert_eq!(parse_postcode("ch12hu").unwrap(), "CH1 2HU");
    assert_eq!(parse_postcode("WA5 1AA").unwrap(), "WA5 1AA");
    assert!(parse_postcode("12345").is_err());
    assert_eq!(
        read_equality(&form(&[("eq_sex", "Female"), ("eq_age", "")])).unwrap(),
        "eq_sex=Female"
    );
    assert!(read_equality(&form(&[("eq_sex", "Other")])).is_err());
    let born = time::macros::date!(2010 - 06 - 15);
    assert_eq!(age_on(born, time::macros::date!(2024 - 06 - 14)), 13);
    assert_eq!(age_on(born, time::macros::date!(2024 - 06 - 15)), 14);
    assert!(personal_data_expired(
        time::macros::date!(2024 - 01 - 01),
        time::macros::date!(2025 - 01 - 02)
    ));
    assert!(!personal_data_expired(
        time::macros::date!(2024 - 01 - 01),
        time::macros::date!(2024 - 12 - 31)
    ));
}

#[test]
fn small_counts_are_suppressed_and_cannot_be_worked_out() {
    use super::suppress::{Cell, cells, one};
    assert_eq!(one(0), Cell::Count(0));
    assert_eq!(one(4), Cell::FewerThan5);
    assert_eq!(one(5), Cell::Count(5));
    // 3 beside 10 with the total 13 shown: 10 must go too, or 13 - 10 gives the 3.
    assert_eq!(
        cells(&[3, 10, 0], Some(13)),
        vec![Cell::FewerThan5, Cell::Withheld, Cell::Count(0)]
    );
    // Without a total, nothing more is withheld.
    assert_eq!(
        cells(&[3, 10], None),
        vec![Cell::FewerThan5, Cell::Count(10)]
    );
    // Two cells of 1 with 20 and 12: the hidden sum 2 would give both as 1.
    assert_eq!(
        cells(&[1, 1, 20, 12], Some(34)),
        vec![
            Cell::FewerThan5,
            Cell::FewerThan5,
            Cell::Count(20),
            Cell::Withheld
        ]
    );
    // 2 and 3 adding to 5 can each be 1 to 4: nothing more.
    assert_eq!(
        cells(&[2, 3, 9], Some(14)),
        vec![Cell::FewerThan5, Cell::FewerThan5, Cell::Count(9)]
    );
    assert_eq!(
        cells(&[6, 7], Some(13)),
        vec![Cell::Count(6), Cell::Count(7)]
    );
}

#[test]
fn shown_results_hide_averages_of_fewer_than_5() {
    use super::results::shown;
    use super::suppress::Cell;
    let rank = q(Kind::Ranking, &["A", "B"], None);
    let t = tally(&rank, &["0,1", "1,0", "0,1"]);
    let s = shown(&rank, &t);
    assert_eq!(s.answered, Cell::FewerThan5);
    assert!(
        s.lines
            .iter()
            .all(|l| l.average.is_none() && l.value.is_none())
    );
    let single = q(Kind::Single, &["Yes", "No", "Unsure"], None);
    let answers = ["0", "0", "0", "0", "0", "0", "1", "1", "2"];
    let s = shown(&single, &tally(&single, &answers));
    assert_eq!(s.answered, Cell::Count(9));
    let counts: Vec<Cell> = s.lines.iter().map(|l| l.count).collect();
    // 2 and 1 with 6 shown and 9 answered: the hidden 3 is 1 and 2 or 2 and 1, so nothing
    // more need go.
    assert_eq!(
        counts,
        vec![Cell::Count(6), Cell::FewerThan5, Cell::FewerThan5]
    );
    assert_eq!(s.lines[0].value, Some(6.0));
    assert_eq!(s.lines[1].value, None);
}
