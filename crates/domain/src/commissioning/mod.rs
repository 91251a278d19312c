//! Commissioning and grants: the rules of the grant cycle (org-id identifiers, money,
//! eligibility, budget lines, scores and conflicts), the four-stage commissioning cycle, and
//! providers' returns; the 360Giving Data Standard 1.4.3 (`giving`) and Open Referral UK 3.0
//! (`oruk`) as pure functions over records the store reads. Pure: no I/O.

pub mod cycle;
pub mod giving;
pub mod oruk;
pub mod returns;

use rust_decimal::Decimal;
use std::str::FromStr;

/// An organisation identifier in org-id.guide form: a list code and the identifier within it.
/// The lists an office meets most are checked for shape: a charity in England and Wales
/// (GB-CHC, digits), a company (GB-COH, eight letters and digits, leading zeros kept), a
/// Scottish charity (GB-SC, SC and digits); any other list is accepted as XX-LIST-id.
pub fn parse_org_id(s: &str) -> Result<String, String> {
    let s = s.trim();
    let bad = || {
        format!(
            "{s:?} is not an organisation identifier such as GB-CHC-1234567, GB-COH-01234567 or GB-SC-SC012345"
        )
    };
    let mut parts = s.splitn(3, '-');
    let (Some(country), Some(list), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let upper = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_uppercase());
    if country.len() != 2 && country != "XI" && country != "XM" || !upper(country) || !upper(list) {
        return Err(bad());
    }
    let alnum = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let ok = alnum
        && !id.is_empty()
        && match (country, list) {
            ("GB", "CHC") => id.len() <= 8 && id.bytes().all(|b| b.is_ascii_digit()),
            ("GB", "COH") => id.len() == 8 && id.bytes().all(|b| b.is_ascii_alphanumeric()),
            ("GB", "SC") => id.len() == 8 && id.starts_with("SC"),
            _ => true,
        };
    if ok { Ok(s.to_string()) } else { Err(bad()) }
}

/// Whether a code is a local authority's ONS GSS code (unitary, district, metropolitan,
/// London borough, Welsh principal area).
pub fn is_local_authority(code: &str) -> bool {
    crate::force_area::check_gss(
        "local_authority",
        code,
        &["E06", "E07", "E08", "E09", "W06"],
        "",
    )
    .is_ok()
}

/// An amount of money in pounds: "1250", "1,250.50", "£1,250.50"; at most two decimal places,
/// not negative.
pub fn parse_money(field: &str, s: &str) -> Result<Decimal, String> {
    let t = s.trim().trim_start_matches('£').replace(',', "");
    let d = Decimal::from_str(&t)
        .map_err(|_| format!("{field}: {s:?} is not an amount of money such as 1,250.50"))?;
    if d.is_sign_negative() {
        return Err(format!("{field}: {s:?} is below zero"));
    }
    if d.scale() > 2 && d.normalize().scale() > 2 {
        return Err(format!("{field}: {s:?} has more than two decimal places"));
    }
    Ok(d.normalize())
}

/// The four stages of the commissioning cycle the 2016-21 plan commits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Analyse,
    Plan,
    Do,
    Review,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Analyse, Stage::Plan, Stage::Do, Stage::Review];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Analyse => "analyse",
            Stage::Plan => "plan",
            Stage::Do => "do",
            Stage::Review => "review",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Analyse => "Analyse need",
            Stage::Plan => "Plan",
            Stage::Do => "Do (commissioned)",
            Stage::Review => "Review",
        }
    }
}

/// What a review decides: re-commission where the evidence shows effect, change it, or
/// de-commission where it does not.
pub fn outcome_label(s: &str) -> &'static str {
    match s {
        "recommission" => "Re-commission",
        "change" => "Change",
        "decommission" => "De-commission",
        _ => "Not yet reviewed",
    }
}

/// Whether a contract ends within six months of today (and has not ended): the dashboard's
/// warning, so that nothing lapses unseen.
pub fn ends_soon(ends_on: time::Date, today: time::Date) -> bool {
    ends_on >= today && ends_on <= today + time::Duration::days(183)
}

/// An applicant answers every eligibility question yes, or may not submit.
pub fn eligible(questions: usize, answers: &[bool]) -> bool {
    answers.len() == questions && answers.iter().all(|a| *a)
}

/// A budget line as the form gives it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BudgetLine {
    pub item: String,
    pub amount: Decimal,
}

/// Budget lines from the form's pairs of fields: blank pairs are dropped, a half-filled pair
/// is an error naming its line. The total may not exceed the round's largest award.
pub fn budget_lines(
    pairs: &[(String, String)],
    max_award: Option<Decimal>,
) -> Result<Vec<BudgetLine>, String> {
    let mut lines = Vec::new();
    for (i, (item, amount)) in pairs.iter().enumerate() {
        let n = i + 1;
        match (item.trim().is_empty(), amount.trim().is_empty()) {
            (true, true) => continue,
            (true, false) => return Err(format!("budget line {n}: say what the money is for")),
            (false, true) => return Err(format!("budget line {n}: enter the amount")),
            _ => {}
        }
        let amount = parse_money(&format!("budget line {n}"), amount)?;
        lines.push(BudgetLine {
            item: item.trim().to_string(),
            amount,
        });
    }
    if let Some(max) = max_award {
        let total: Decimal = lines.iter().map(|l| l.amount).sum();
        if total > max {
            return Err(format!(
                "budget: the total, {}, is more than this round's largest grant, {}",
                crate::finance::pounds(total),
                crate::finance::pounds(max)
            ));
        }
    }
    Ok(lines)
}

/// A scorer may score a criterion from 0 to its maximum, and never an application they have
/// declared a conflict of interest in.
pub fn check_score(score: i64, max: i64, conflicted: bool) -> Result<(), String> {
    if conflicted {
        return Err(
            "score: you declared a conflict of interest in this application, so you may not score it"
                .into(),
        );
    }
    if !(0..=max).contains(&score) {
        return Err(format!("score: enter a whole number from 0 to {max}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_ids_are_checked_by_their_list() {
        assert!(parse_org_id("GB-CHC-1234567").is_ok());
        assert!(parse_org_id("GB-COH-01234567").is_ok());
        assert!(parse_org_id("GB-SC-SC012345").is_ok());
        assert!(parse_org_id("GB-LAE-TRF").is_ok());
        assert!(parse_org_id("GB-CHC-12AB").is_err());
        assert!(parse_org_id("GB-COH-1234567").is_err());
        assert!(parse_org_id("1234567").is_err());
        assert!(parse_org_id("gb-chc-1").is_err());
    }

    #[test]
    fn money_is_decimal_pounds_and_pence() {
        assert_eq!(parse_money("a", "£1,250.50").unwrap().to_string(), "1250.5");
        assert_eq!(parse_money("a", "5000.00").unwrap().to_string(), "5000");
        assert!(parse_money("a", "-1").is_err());
        assert!(parse_money("a", "1.234").is_err());
        assert!(parse_money("a", "lots").unwrap_err().starts_with("a:"));
    }

    #[test]
    fn budget_lines_name_the_line_and_keep_within_the_largest_grant() {
        let p = |a: &str, b: &str| (a.to_string(), b.to_string());
        let max = Some(Decimal::from(5000));
        let lines = budget_lines(&[p("Coach", "3000"), p("", ""), p("Hall", "2000")], max);
        assert_eq!(lines.unwrap().len(), 2);
        assert_eq!(
            budget_lines(&[p("Coach", "")], max).unwrap_err(),
            "budget line 1: enter the amount"
        );
        assert!(
            budget_lines(&[p("Coach", "3000"), p("Hall", "2000.01")], max)
                .unwrap_err()
                .contains("£5,000.00")
        );
    }

    #[test]
    fn a_conflicted_scorer_may_not_score() {
        assert!(check_score(3, 5, false).is_ok());
        assert!(check_score(6, 5, false).is_err());
        assert!(check_score(-1, 5, false).is_err());
        assert!(check_score(3, 5, true).unwrap_err().contains("conflict"));
    }

    #[test]
    fn eligibility_needs_every_answer_yes() {
        assert!(eligible(2, &[true, true]));
        assert!(!eligible(2, &[true, false]));
        assert!(!eligible(2, &[true]));
    }

    #[test]
    fn a_contract_ending_within_six_months_is_flagged() {
        let d = |y, m, day| time::Date::from_calendar_date(y, m, day).unwrap();
        let today = d(2025, time::Month::September, 1);
        assert!(ends_soon(d(2026, time::Month::February, 28), today));
        assert!(!ends_soon(d(2026, time::Month::April, 1), today));
        assert!(!ends_soon(d(2025, time::Month::August, 31), today));
    }
}
