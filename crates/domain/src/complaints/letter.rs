//! The decision letter: a template the office edits, with fields in double braces filled from
//! the review. An unknown field is refused when the template is saved, so that a typing slip
//! never reaches an applicant as "{{nmae}}".

/// The fields a template may use, and what each holds.
pub const FIELDS: [(&str, &str); 8] = [
    ("name", "the applicant's name"),
    ("reference", "the office's reference for the review"),
    ("force_reference", "the force's complaint reference"),
    ("date", "the date of the letter"),
    ("decision", "upheld or not upheld"),
    ("allegations", "each allegation with the finding on it"),
    ("rationale", "the reasons for the decision"),
    ("recommendations", "recommendations to the force, if any"),
];

pub const DEFAULT: &str = "Dear {{name}}\n\nYour review request {{reference}} (force reference {{force_reference}})\n\nThank you for your request for a review of the outcome of your complaint. The Police and Crime Commissioner is the relevant review body for your complaint. I have considered whether the outcome of the handling of your complaint was reasonable and proportionate, having read the case file the force provided.\n\nMy decision is that your review is {{decision}}.\n\nThe allegations I considered:\n{{allegations}}\n\nMy reasons:\n{{rationale}}\n\n{{recommendations}}\n\nIf you are unhappy with this decision you may be able to seek a judicial review in the High Court.\n\nYours sincerely\n\nComplaint Review Officer, Office of the Police and Crime Commissioner\n{{date}}";

/// The fields a template names that are not known, in the order they appear.
pub fn unknown_fields(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push(after.chars().take(20).collect());
            break;
        };
        let name = after[..end].trim();
        if !FIELDS.iter().any(|(f, _)| *f == name) && !out.iter().any(|o| o == name) {
            out.push(name.to_string());
        }
        rest = &after[end + 2..];
    }
    out
}

/// The template with every known field filled; `value` gives a field's text.
pub fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                out.push_str(&value(after[..end].trim()));
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
