//! The out-of-court resolution scrutiny panel: the force's list of cases resolved out of
//! court, read from an upload row by row (no names), and the outcomes the panel may reach.

use time::Date;

/// Disposal types: today's, and the two-tier framework's (diversionary and community
/// cautions), handled alike.
pub const DISPOSALS: [(&str, &str); 10] = [
    ("community_resolution", "Community resolution"),
    ("simple_caution", "Simple caution"),
    ("conditional_caution", "Conditional caution"),
    ("youth_caution", "Youth caution"),
    ("youth_conditional_caution", "Youth conditional caution"),
    ("cannabis_warning", "Cannabis warning"),
    ("khat_warning", "Khat warning"),
    ("penalty_notice_disorder", "Penalty notice for disorder"),
    ("diversionary_caution", "Diversionary caution (two-tier)"),
    ("community_caution", "Community caution (two-tier)"),
];

pub const AGE_GROUPS: [(&str, &str); 2] = [("adult", "Adult"), ("youth", "Youth")];

/// The panel's outcome on the three-point scale, as the annual report counts them.
pub const THREE_POINT: [(&str, &str); 3] = [
    ("supported", "Supported"),
    (
        "not_supported",
        "Not supported (would have preferred court)",
    ),
    ("split", "Split decision"),
];

/// The finer scale some panels use, chosen per draw.
pub const FOUR_POINT: [(&str, &str); 4] = [
    ("appropriate", "Appropriate"),
    (
        "appropriate_with_observations",
        "Appropriate with observations",
    ),
    ("inappropriate", "Inappropriate"),
    ("no_conclusion", "No conclusion"),
];

/// The outcomes of a scale ("three" or "four").
pub fn outcomes(scale: &str) -> &'static [(&'static str, &'static str)] {
    if scale == "four" {
        &FOUR_POINT
    } else {
        &THREE_POINT
    }
}

/// A member's own view, before the panel's discussion: the same scale as the outcome, less
/// "split", which only a panel can reach.
pub fn member_views(scale: &str) -> Vec<(&'static str, &'static str)> {
    outcomes(scale)
        .iter()
        .copied()
        .filter(|(c, _)| *c != "split")
        .collect()
}

/// A case as the list gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case_ref: String,
    pub offence: String,
    pub disposal: &'static str,
    pub age_group: &'static str,
    pub resolved_on: Date,
    pub summary: String,
}

/// The columns of the list, in any order; `summary` may be left out.
pub const COLUMNS: [&str; 6] = [
    "case_reference",
    "offence",
    "disposal",
    "age_group",
    "resolved_on",
    "summary",
];

/// Far above a force's quarter of out-of-court resolutions.
pub const MAX_CASES: usize = 20_000;

fn code(list: &[(&'static str, &'static str)], v: &str) -> Option<&'static str> {
    let v = v.trim().to_lowercase().replace([' ', '-'], "_");
    list.iter()
        .find(|(c, l)| *c == v || l.to_lowercase().replace([' ', '-'], "_") == v)
        .map(|(c, _)| *c)
}

/// A day written 2024-04-01 or 01/04/2024.
pub fn parse_day(s: &str) -> Option<Date> {
    let s = s.trim();
    let iso = time::format_description::well_known::Iso8601::DATE;
    Date::parse(s, &iso).ok().or_else(|| {
        let p: Vec<&str> = s.split('/').collect();
        if p.len() != 3 || p[2].len() != 4 {
            return None;
        }
        let m = time::Month::try_from(p[1].parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(p[2].parse().ok()?, m, p[0].parse().ok()?).ok()
    })
}

/// Reads the list's rows (the first is the header) for the period `from` to `to`. Every
/// problem is named by file, row and column; any problem and nothing is read.
pub fn parse_list(
    file: &str,
    rows: &[Vec<String>],
    from: Date,
    to: Date,
) -> Result<Vec<CaseRow>, Vec<String>> {
    let Some(header) = rows.first() else {
        return Err(vec![format!("{file}: the file is empty")]);
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut errors = Vec::new();
    for h in &names {
        if h.contains("name") {
            errors.push(format!(
                "{file}, row 1: the column \"{h}\" is not wanted: the list holds no names; remove it"
            ));
        } else if !h.is_empty() && !COLUMNS.contains(&h.as_str()) {
            errors.push(format!(
                "{file}, row 1: unknown column \"{h}\"; the columns are {}",
                COLUMNS.join(", ")
            ));
        }
    }
    let col = |name: &str| names.iter().position(|h| h == name);
    for name in &COLUMNS[..5] {
        if col(name).is_none() {
            errors.push(format!("{file}, row 1: the column \"{name}\" is missing"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.len() - 1 > MAX_CASES {
        return Err(vec![format!(
            "{file}: {} cases is more than the {MAX_CASES} a list may hold",
            rows.len() - 1
        )]);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let cell = |name: &str| {
            col(name)
                .and_then(|c| row.get(c))
                .map(|s| s.trim())
                .unwrap_or("")
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let at = |field: &str| format!("{file}, row {}, {field}", i + 1);
        let case_ref = cell("case_reference");
        if case_ref.is_empty()
            || case_ref.len() > 40
            || !case_ref.chars().any(|c| c.is_ascii_digit())
        {
            errors.push(format!(
                "{}: enter the force's case reference (up to 40 characters, with a digit)",
                at("case_reference")
            ));
        } else if !seen.insert(case_ref.to_string()) {
            errors.push(format!(
                "{}: {case_ref} appears twice",
                at("case_reference")
            ));
        }
        let offence = cell("offence");
        if offence.is_empty() || offence.len() > 200 {
            errors.push(format!(
                "{}: enter the offence (up to 200 characters)",
                at("offence")
            ));
        }
        let disposal = code(&DISPOSALS, cell("disposal"));
        if disposal.is_none() {
            errors.push(format!(
                "{}: \"{}\" is not a disposal type; use one of {}",
                at("disposal"),
                cell("disposal"),
                DISPOSALS.map(|(c, _)| c).join(", ")
            ));
        }
        let age = code(&AGE_GROUPS, cell("age_group"));
        if age.is_none() {
            errors.push(format!("{}: enter adult or youth", at("age_group")));
        }
        let day = parse_day(cell("resolved_on"));
        match day {
            None => errors.push(format!(
                "{}: enter the day like 2024-04-01",
                at("resolved_on")
            )),
            Some(d) if d < from || d > to => errors.push(format!(
                "{}: {d} is outside the list's period",
                at("resolved_on")
            )),
            _ => {}
        }
        let summary = match super::no_names(&at("summary"), cell("summary")) {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        if let (Some(disposal), Some(age_group), Some(resolved_on)) = (disposal, age, day) {
            out.push(CaseRow {
                case_ref: case_ref.to_string(),
                offence: offence.to_string(),
                disposal,
                age_group,
                resolved_on,
                summary,
            });
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(format!("{file}: the list has no cases"));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rows(csv: &str) -> Vec<Vec<String>> {
        csv.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn a_list_is_read_with_both_frameworks_disposals() {
        let r = parse_list(
            "q1.csv",
            &rows(
                "case_reference,offence,disposal,age_group,resolved_on\n\
                 CH-0001,Theft from a shop,Community resolution,adult,2024-04-02\n\
                 CH-0002,Criminal damage,diversionary_caution,Youth,03/05/2024",
            ),
            date!(2024 - 04 - 01),
            date!(2024 - 06 - 30),
        )
        .unwrap();
        assert_eq!(r[0].disposal, "community_resolution");
        assert_eq!(r[1].disposal, "diversionary_caution");
        assert_eq!(r[1].age_group, "youth");
        assert_eq!(r[1].resolved_on, date!(2024 - 05 - 03));
    }

    #[test]
    fn problems_name_the_file_row_and_field() {
        let e = parse_list(
            "q1.csv",
            &rows(
                "case_reference,offence,disposal,age_group,resolved_on\n\
                 CH-0001,Theft,Fine,adult,2024-04-02\n\
                 CH-0001,Theft,simple_caution,elderly,2023-01-01",
            ),
            date!(2024 - 04 - 01),
            date!(2024 - 06 - 30),
        )
        .unwrap_err();
        assert!(e.contains(&"q1.csv, row 2, disposal: \"Fine\" is not a disposal type; use one of community_resolution, simple_caution, conditional_caution, youth_caution, youth_conditional_caution, cannabis_warning, khat_warning, penalty_notice_disorder, diversionary_caution, community_caution".to_string()), "{e:?}");
        assert!(
            e.iter()
                .any(|m| m == "q1.csv, row 3, case_reference: CH-0001 appears twice")
        );
        assert!(
            e.iter()
                .any(|m| m == "q1.csv, row 3, age_group: enter adult or youth")
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("q1.csv, row 3, resolved_on:"))
        );
        let named = parse_list(
            "n.csv",
            &rows("case_reference,offence,disposal,age_group,resolved_on,offender_name"),
            date!(2024 - 04 - 01),
            date!(2024 - 06 - 30),
        )
        .unwrap_err();
        assert!(named[0].contains("holds no names"), "{named:?}");
    }
}
