//! Engagement: consultations and surveys (the questions a survey asks, reading a person's
//! answers from a form and checking them, and tallying results in `results`), engagement
//! events placed in a local authority (`place`), and the youth commission's age rule. Rules
//! only: time is passed in.

pub mod place;
pub mod results;
pub mod suppress;
#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;
use time::{Date, Duration};

/// The kinds of question a survey may ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One of the options.
    Single,
    /// Any of the options.
    Multiple,
    /// Free text, which may be quoted with consent after redaction.
    Text,
    /// Every option given a different rank, 1 the most important.
    Ranking,
    /// A score from 1 to 5.
    Rating,
    /// An amount for each option, the amounts summing to the question's total (the precept).
    Budget,
}

pub const KINDS: [(Kind, &str); 6] = [
    (Kind::Single, "Single choice"),
    (Kind::Multiple, "Multiple choice"),
    (Kind::Text, "Free text"),
    (Kind::Ranking, "Ranking"),
    (Kind::Rating, "Rating scale (1 to 5)"),
    (Kind::Budget, "Budget allocation"),
];

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Text => "text",
            Kind::Ranking => "ranking",
            Kind::Rating => "rating",
            Kind::Budget => "budget",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        KINDS.iter().map(|(k, _)| *k).find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, l)| l)
    }

    /// Whether the question lists options people choose among or share out.
    pub fn has_options(self) -> bool {
        !matches!(self, Kind::Text | Kind::Rating)
    }
}

pub const MAX_OPTIONS: usize = 20;
pub const MAX_TEXT_CHARS: usize = 5000;
pub const MAX_PROMPT_CHARS: usize = 500;
/// The scale of a rating question.
pub const RATING: std::ops::RangeInclusive<u8> = 1..=5;

/// How long the office keeps a respondent's name, email and equality answers after the
/// survey closes: long enough to check and report the results, no longer. Answers themselves
/// are kept, with nothing that names who gave them.
pub const RESPONDENT_PERSONAL_DATA_DAYS: i64 = 365;

/// Whether a closed survey's respondents' personal data should now be erased.
pub fn personal_data_expired(closes_on: Date, today: Date) -> bool {
    today - closes_on > Duration::days(RESPONDENT_PERSONAL_DATA_DAYS)
}

/// A question as a survey asks it.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: i64,
    pub kind: Kind,
    pub prompt: String,
    pub options: Vec<String>,
    /// A budget question's total, which the parts must sum to.
    pub total: Option<Decimal>,
    pub required: bool,
}

/// A question the office adds.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub kind: Kind,
    pub prompt: String,
    pub options: Vec<String>,
    pub total: Option<Decimal>,
    pub required: bool,
}

/// A question the office adds, read from its form; the errors name their fields.
pub fn new_question(
    kind: &str,
    prompt: &str,
    options: &str,
    total: &str,
    required: bool,
) -> Result<NewQuestion, Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let kind = Kind::parse(kind.trim());
    if kind.is_none() {
        errors.push(("kind", "Choose the kind of question".to_string()));
    }
    let prompt = prompt.trim().to_string();
    if prompt.is_empty() {
        errors.push(("prompt", "Enter the question".into()));
    } else if prompt.chars().count() > MAX_PROMPT_CHARS {
        errors.push((
            "prompt",
            format!("The question must be {MAX_PROMPT_CHARS} characters or fewer"),
        ));
    }
    let options: Vec<String> = options
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let mut budget = None;
    if let Some(k) = kind {
        if k.has_options() && options.len() < 2 {
            errors.push(("options", "Enter at least two options, one a line".into()));
        } else if options.len() > MAX_OPTIONS {
            errors.push((
                "options",
                format!("A question may have at most {MAX_OPTIONS} options"),
            ));
        }
        if k == Kind::Budget {
            match Decimal::from_str(
                total
                    .trim()
                    .trim_start_matches('£')
                    .replace(',', "")
                    .as_str(),
            ) {
                Ok(t) if t > Decimal::ZERO => budget = Some(t.normalize()),
                _ => errors.push((
                    "total",
                    "Enter the total to share out, such as 100 or 266.52".into(),
                )),
            }
        }
    }
    match kind {
        Some(k) if errors.is_empty() => Ok(NewQuestion {
            kind: k,
            prompt,
            options: if k.has_options() { options } else { vec![] },
            total: budget,
            required,
        }),
        _ => Err(errors),
    }
}

/// A respondent's form: every field as sent, repeated names (checkboxes) kept.
pub type Fields = [(String, String)];

fn field<'a>(fields: &'a Fields, name: &str) -> impl Iterator<Item = &'a str> {
    fields
        .iter()
        .filter(move |(k, _)| k == name)
        .map(|(_, v)| v.trim())
}

fn first<'a>(fields: &'a Fields, name: &str) -> &'a str {
    field(fields, name).next().unwrap_or("")
}

impl Question {
    /// The form field of the question, or of one of its options (ranking and budget).
    pub fn name(&self) -> String {
        format!("q{}", self.id)
    }

    pub fn option_name(&self, i: usize) -> String {
        format!("q{}-{i}", self.id)
    }

    fn option_index(&self, s: &str) -> Result<usize, String> {
        s.parse::<usize>()
            .ok()
            .filter(|i| *i < self.options.len())
            .ok_or_else(|| format!("Choose one of the options for \"{}\"", self.prompt))
    }

    /// Reads this question's answer from a form into the text stored: an option's index, the
    /// indexes chosen, the text, the indexes in rank order, the score, or each option's
    /// amount. None when unanswered and not required; the message names the question.
    pub fn read(&self, fields: &Fields) -> Result<Option<String>, String> {
        let p = &self.prompt;
        let answer = match self.kind {
            Kind::Single => {
                let v = first(fields, &self.name());
                if v.is_empty() {
                    None
                } else {
                    Some(self.option_index(v)?.to_string())
                }
            }
            Kind::Multiple => {
                let mut chosen = field(fields, &self.name())
                    .filter(|v| !v.is_empty())
                    .map(|v| self.option_index(v))
                    .collect::<Result<Vec<_>, _>>()?;
                chosen.sort_unstable();
                chosen.dedup();
                (!chosen.is_empty()).then(|| join(&chosen))
            }
            Kind::Text => {
                let v = first(fields, &self.name());
                if v.chars().count() > MAX_TEXT_CHARS {
                    return Err(format!(
                        "Your answer to \"{p}\" must be {MAX_TEXT_CHARS} characters or fewer"
                    ));
                }
                (!v.is_empty()).then(|| v.to_string())
            }
            Kind::Rating => {
                let v = first(fields, &self.name());
                if v.is_empty() {
                    None
                } else {
                    let n = v
                        .parse::<u8>()
                        .ok()
                        .filter(|n| RATING.contains(n))
                        .ok_or_else(|| format!("Choose a score from 1 to 5 for \"{p}\""))?;
                    Some(n.to_string())
                }
            }
            Kind::Ranking => self.read_ranking(fields)?,
            Kind::Budget => self.read_budget(fields)?,
        };
        if answer.is_none() && self.required {
            return Err(format!("Answer \"{p}\""));
        }
        Ok(answer)
    }

    fn read_ranking(&self, fields: &Fields) -> Result<Option<String>, String> {
        let n = self.options.len();
        let ranks: Vec<&str> = (0..n)
            .map(|i| first(fields, &self.option_name(i)))
            .collect();
        if ranks.iter().all(|r| r.is_empty()) {
            return Ok(None);
        }
        let mut by_rank = vec![None; n];
        for (i, r) in ranks.iter().enumerate() {
            let rank = r.parse::<usize>().ok().filter(|r| (1..=n).contains(r));
            match rank {
                Some(r) if by_rank[r - 1].is_none() => by_rank[r - 1] = Some(i),
                _ => {
                    return Err(format!(
                        "Give each option in \"{}\" a different rank from 1 to {n}",
                        self.prompt
                    ));
                }
            }
        }
        let order: Vec<usize> = by_rank.into_iter().flatten().collect();
        Ok(Some(join(&order)))
    }

    fn read_budget(&self, fields: &Fields) -> Result<Option<String>, String> {
        let total = self.total.unwrap_or(Decimal::ONE_HUNDRED);
        let raw: Vec<&str> = (0..self.options.len())
            .map(|i| first(fields, &self.option_name(i)))
            .collect();
        if raw.iter().all(|r| r.is_empty()) {
            return Ok(None);
        }
        let mut parts = Vec::with_capacity(raw.len());
        for (i, r) in raw.iter().enumerate() {
            let v = if r.is_empty() {
                Decimal::ZERO
            } else {
                Decimal::from_str(&r.trim_start_matches('£').replace(',', ""))
                    .ok()
                    .filter(|v| *v >= Decimal::ZERO && v.scale() <= 2)
                    .ok_or_else(|| {
                        format!(
                            "Enter an amount such as 25 or 12.50 for \"{}\"",
                            self.options[i]
                        )
                    })?
            };
            parts.push(v.normalize());
        }
        let sum: Decimal = parts.iter().sum();
        if sum != total {
            return Err(format!(
                "Your amounts for \"{}\" add up to {} but must add up to {}",
                self.prompt,
                sum.normalize(),
                total.normalize()
            ));
        }
        Ok(Some(
            parts
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ))
    }

    /// A stored answer in words, for the office's view of one response and exports.
    pub fn describe(&self, stored: &str) -> String {
        let opt = |s: &str| {
            s.parse::<usize>()
                .ok()
                .and_then(|i| self.options.get(i))
                .cloned()
                .unwrap_or_default()
        };
        match self.kind {
            Kind::Single => opt(stored),
            Kind::Multiple | Kind::Ranking => {
                stored.split(',').map(opt).collect::<Vec<_>>().join("; ")
            }
            Kind::Text | Kind::Rating => stored.to_string(),
            Kind::Budget => stored
                .split(',')
                .zip(&self.options)
                .map(|(v, o)| format!("{o}: {v}"))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

fn join(v: &[usize]) -> String {
    v.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

/// The optional equality monitoring questions: each a field, its question and its options
/// (the last always "Prefer not to say"). The answers are special category data: seen by the
/// office only, and only as counts; erased with the respondent's other personal data.
pub const EQUALITY: [(&str, &str, &[&str]); 4] = [
    (
        "eq_age",
        "What is your age?",
        &[
            "Under 18",
            "18 to 24",
            "25 to 44",
            "45 to 64",
            "65 or over",
            "Prefer not to say",
        ],
    ),
    (
        "eq_sex",
        "What is your sex?",
        &["Female", "Male", "Prefer not to say"],
    ),
    (
        "eq_ethnicity",
        "What is your ethnic group?",
        &[
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Other ethnic group",
            "Prefer not to say",
        ],
    ),
    (
        "eq_disability",
        "Do you have a physical or mental health condition or illness lasting or expected to last 12 months or more?",
        &["Yes", "No", "Prefer not to say"],
    ),
];

/// Reads the equality answers given (each optional) as `field=option` lines.
pub fn read_equality(fields: &Fields) -> Result<String, String> {
    let mut out = Vec::new();
    for (name, question, options) in EQUALITY {
        let v = first(fields, name);
        if v.is_empty() {
            continue;
        }
        if !options.contains(&v) {
            return Err(format!("Choose one of the answers to \"{question}\""));
        }
        out.push(format!("{name}={v}"));
    }
    Ok(out.join("\n"))
}

/// A person's name and email for a named survey: both needed, the email plausibly one.
pub fn read_respondent(
    name: &str,
    email: &str,
) -> Result<(String, String), Vec<(&'static str, String)>> {
    let (name, email) = (name.trim(), email.trim());
    let mut errors = Vec::new();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(("name", "Enter your name (up to 200 characters)".to_string()));
    }
    if crate::accounts::Email::parse(email).is_err() {
        errors.push((
            "email",
            "Enter an email address like name@example.com".to_string(),
        ));
    }
    if errors.is_empty() {
        Ok((name.to_string(), email.to_lowercase()))
    } else {
        Err(errors)
    }
}

/// The kinds of engagement event the office records.
pub const EVENT_KINDS: [(&str, &str); 6] = [
    ("walkabout", "Community walkabout"),
    ("faith", "Faith and community event"),
    ("action", "Community action day"),
    ("surgery", "Drop-in surgery"),
    ("youth", "Youth engagement"),
    ("meeting", "Public meeting"),
];

pub fn event_kind_label(kind: &str) -> &'static str {
    EVENT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("Event", |(_, l)| l)
}

/// A UK postcode, normalised to upper case with one space before the inward code.
pub fn parse_postcode(s: &str) -> Result<String, String> {
    let compact: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bad = || format!("{s:?} is not a postcode like CH1 2HU");
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return Err(bad());
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inb = inward.as_bytes();
    let ob = outward.as_bytes();
    let ok = inb[0].is_ascii_digit()
        && inb[1].is_ascii_alphabetic()
        && inb[2].is_ascii_alphabetic()
        && ob[0].is_ascii_alphabetic()
        && ob.iter().all(u8::is_ascii_alphanumeric)
        && ob.iter().any(u8::is_ascii_digit);
    if ok {
        Ok(format!("{outward} {inward}"))
    } else {
        Err(bad())
    }
}

/// The youth commission takes members aged 14 to 25 on the day they join.
pub const YOUTH_AGES: std::ops::RangeInclusive<i32> = 14..=25;

/// A person's age in whole years on a day.
pub fn age_on(born: Date, day: Date) -> i32 {
    let mut age = day.year() - born.year();
    if (day.month() as u8, day.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age
}

/// How long a youth commission member's personal data is kept after they leave.
pub const YOUTH_PERSONAL_DATA_DAYS: i64 = 365;
