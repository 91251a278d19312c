//! Small-number suppression for published counts (docs/engagement.md): a count from 1 to 4
//! is shown as "fewer than 5", and when the cells of a table add up to a total that is also
//! shown, further cells are withheld (secondary suppression) until no suppressed cell can be
//! worked out from the total and the cells still shown. Zero is shown: it says no one, not
//! who.

use serde::Serialize;

/// Counts below this are never shown.
pub const THRESHOLD: i64 = 5;

/// One published count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "shown", content = "count")]
pub enum Cell {
    Count(i64),
    /// From 1 to 4 (primary suppression).
    FewerThan5,
    /// Withheld so that a smaller count beside it cannot be worked out from the total.
    Withheld,
}

impl Cell {
    pub fn count(self) -> Option<i64> {
        match self {
            Cell::Count(n) => Some(n),
            _ => None,
        }
    }

    /// What a page, CSV or spreadsheet shows.
    pub fn text(self) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::FewerThan5 => "fewer than 5".into(),
            Cell::Withheld => "withheld".into(),
        }
    }

    /// Why it is not shown, for the API; none when it is.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Cell::Count(_) => None,
            Cell::FewerThan5 => Some("fewer than 5"),
            Cell::Withheld => Some("withheld"),
        }
    }

    pub fn suppressed(self) -> bool {
        !matches!(self, Cell::Count(_))
    }
}

/// One count on its own (a total, a number who answered).
pub fn one(n: i64) -> Cell {
    if (1..THRESHOLD).contains(&n) {
        Cell::FewerThan5
    } else {
        Cell::Count(n)
    }
}

/// The cells of a table. With `total` (the shown total the counts add up to), cells are
/// withheld, smallest first, until every suppressed cell's possible values, given the total,
/// the shown cells and what each label says (1 to 4, or 5 or more), are more than one.
pub fn cells(counts: &[i64], total: Option<i64>) -> Vec<Cell> {
    let mut out: Vec<Cell> = counts.iter().map(|n| one(*n)).collect();
    let Some(total) = total else { return out };
    while pinned(counts, &out, total) {
        // The smallest cell still shown, a non-zero one first: withholding a zero would
        // leave the suppressed sum as small as before.
        let next = (0..counts.len())
            .filter(|i| !out[*i].suppressed())
            .min_by_key(|i| (counts[*i] == 0, counts[*i]));
        match next {
            Some(i) => out[i] = Cell::Withheld,
            None => break,
        }
    }
    out
}

/// Whether some suppressed cell has exactly one possible value.
fn pinned(counts: &[i64], cells: &[Cell], total: i64) -> bool {
    let hidden: i64 = total
        - counts
            .iter()
            .zip(cells)
            .filter_map(|(n, c)| (!c.suppressed()).then_some(*n))
            .sum::<i64>();
    // A withheld non-zero cell is at least 5 (smaller ones are "fewer than 5"): a reader who
    // knows the rule knows that much, so the check assumes it.
    let bounds: Vec<(i64, i64)> = cells
        .iter()
        .zip(counts)
        .filter_map(|(c, n)| match c {
            Cell::Count(_) => None,
            Cell::FewerThan5 => Some((1, THRESHOLD - 1)),
            Cell::Withheld => Some((if *n == 0 { 0 } else { THRESHOLD }, hidden)),
        })
        .collect();
    let lo_sum: i64 = bounds.iter().map(|b| b.0).sum();
    let hi_sum: i64 = bounds.iter().map(|b| b.1).sum();
    bounds.iter().any(|(lo, hi)| {
        let low = (*lo).max(hidden - (hi_sum - hi));
        let high = (*hi).min(hidden - (lo_sum - lo));
        low >= high
    })
}
