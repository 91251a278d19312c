//! A question's results from its stored answers: counts for choices and scores, the average
//! rank (and how often first) for a ranking, the average share of the total for a budget, and
//! how many wrote something for free text.

use super::suppress::{self, Cell};
use super::{Kind, Question, RATING};
use rust_decimal::Decimal;
use serde::Serialize;

/// One line of a question's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub label: String,
    /// People choosing it; for a ranking, people ranking it first.
    pub count: i64,
    /// The average rank (ranking), the average amount (budget), else none.
    pub average: Option<String>,
    /// The figure a chart draws: the count, or for a ranking the points it earned (n for
    /// first ... 1 for last), or for a budget the average amount.
    pub value: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    pub answered: i64,
    pub lines: Vec<Line>,
}

pub fn tally(q: &Question, answers: &[&str]) -> Tally {
    let idx = |s: &str| s.parse::<usize>().ok().filter(|i| *i < q.options.len());
    let answered = answers.len() as i64;
    let lines = match q.kind {
        Kind::Text => vec![],
        Kind::Single | Kind::Multiple => {
            let mut counts = vec![0i64; q.options.len()];
            for a in answers {
                for i in a.split(',').filter_map(idx) {
                    counts[i] += 1;
                }
            }
            q.options
                .iter()
                .zip(counts)
                .map(|(o, c)| Line {
                    label: o.clone(),
                    count: c,
                    average: None,
                    value: c as f64,
                })
                .collect()
        }
        Kind::Rating => {
            let mut counts = [0i64; 5];
            for a in answers {
                if let Some(n) = a.parse::<u8>().ok().filter(|n| RATING.contains(n)) {
                    counts[usize::from(n) - 1] += 1;
                }
            }
            counts
                .iter()
                .enumerate()
                .map(|(i, c)| Line {
                    label: format!("{}", i + 1),
                    count: *c,
                    average: None,
                    value: *c as f64,
                })
                .collect()
        }
        Kind::Ranking => {
            let n = q.options.len();
            let mut rank_sum = vec![0usize; n];
            let mut firsts = vec![0i64; n];
            let mut points = vec![0usize; n];
            for a in answers {
                for (pos, i) in a.split(',').filter_map(idx).enumerate() {
                    rank_sum[i] += pos + 1;
                    points[i] += n - pos;
                    if pos == 0 {
                        firsts[i] += 1;
                    }
                }
            }
            q.options
                .iter()
                .enumerate()
                .map(|(i, o)| Line {
                    label: o.clone(),
                    count: firsts[i],
                    average: (answered > 0).then(|| {
                        (Decimal::from(rank_sum[i] as i64) / Decimal::from(answered))
                            .round_dp(1)
                            .to_string()
                    }),
                    value: points[i] as f64,
                })
                .collect()
        }
        Kind::Budget => {
            let mut sums = vec![Decimal::ZERO; q.options.len()];
            for a in answers {
                for (i, v) in a.split(',').enumerate().take(sums.len()) {
                    sums[i] += v.parse::<Decimal>().unwrap_or_default();
                }
            }
            q.options
                .iter()
                .zip(sums)
                .map(|(o, s)| {
                    let avg = if answered > 0 {
                        (s / Decimal::from(answered)).round_dp(2)
                    } else {
                        Decimal::ZERO
                    };
                    Line {
                        label: o.clone(),
                        count: answered,
                        average: Some(avg.normalize().to_string()),
                        value: rust_decimal::prelude::ToPrimitive::to_f64(&avg).unwrap_or(0.0),
                    }
                })
                .collect()
        }
    };
    Tally { answered, lines }
}

/// One line of a question's results as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShownLine {
    pub label: String,
    /// `Line::count`, suppressed when small.
    pub count: Cell,
    /// The average, only when 5 or more answered.
    pub average: Option<String>,
    /// The figure the chart draws; none when it is not shown.
    pub value: Option<f64>,
}

/// A question's results as the public, the office's pages, the downloads and the API show
/// them: small counts suppressed (`super::suppress`), averages only from 5 or more answers.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub answered: Cell,
    pub lines: Vec<ShownLine>,
}

pub fn shown(q: &Question, t: &Tally) -> Shown {
    let answered = suppress::one(t.answered);
    let enough = !answered.suppressed();
    let counts: Vec<i64> = t.lines.iter().map(|l| l.count).collect();
    let sum: i64 = counts.iter().sum();
    // Choices of one option, scores and first places add up to the number who answered,
    // which is shown: that is the total a suppressed cell could be worked out from.
    let total = (enough && sum == t.answered).then_some(t.answered);
    let cells = match q.kind {
        Kind::Single | Kind::Rating | Kind::Ranking => suppress::cells(&counts, total),
        Kind::Multiple => suppress::cells(&counts, None),
        Kind::Budget => vec![answered; counts.len()],
        Kind::Text => vec![],
    };
    let lines = t
        .lines
        .iter()
        .zip(cells)
        .map(|(l, c)| ShownLine {
            label: l.label.clone(),
            count: c,
            average: l.average.clone().filter(|_| enough),
            value: match q.kind {
                Kind::Ranking | Kind::Budget => enough.then_some(l.value),
                _ => c.count().map(|n| n as f64),
            },
        })
        .collect();
    Shown { answered, lines }
}
