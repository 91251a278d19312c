//! Rows to payments: the header found below any preamble, the columns mapped (as saved for
//! the source, or found by their usual names and then stated), totals rows checked against
//! the sum instead of imported, credit notes kept negative, and payments to individuals
//! withheld by rule. Every problem is collected; any problem refuses the whole file.

use super::values::{parse_amount, parse_date};
use super::{Field, Item, Mapping, Problem, REDACTED, normalise_header};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// How far down a preamble may push the header.
const HEADER_SEARCH_ROWS: usize = 30;
/// Enough problems to fix a file by; more would bury the first.
const MAX_PROBLEMS: usize = 50;

/// A totals row and what it was checked against.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TotalsRow {
    pub line: usize,
    pub stated: Decimal,
    pub summed: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parsed {
    /// The header's row in the file (preamble lines are above it).
    pub header_row: usize,
    pub mapping: Mapping,
    pub items: Vec<Item>,
    pub totals: Vec<TotalsRow>,
}

impl Parsed {
    pub fn total(&self) -> Decimal {
        self.items.iter().map(|i| i.amount).sum()
    }

    pub fn credit_notes(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.amount < Decimal::ZERO)
            .count()
    }

    pub fn withheld(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.withheld_reason.is_some())
            .count()
    }
}

/// Finds the mapping's columns in a header row; with no mapping, each field's first
/// synonym present. None if a required field is missing.
fn columns_in(
    row: &[String],
    mapping: Option<&Mapping>,
) -> Option<(Mapping, BTreeMap<Field, usize>)> {
    let headers: Vec<String> = row.iter().map(|c| normalise_header(c)).collect();
    let mut found = Mapping::default();
    let mut index = BTreeMap::new();
    for f in Field::ALL {
        let at = match mapping {
            Some(m) => m
                .get(f)
                .and_then(|h| headers.iter().position(|x| *x == normalise_header(h))),
            None => f
                .synonyms()
                .iter()
                .find_map(|s| headers.iter().position(|x| x == s)),
        };
        if let Some(i) = at {
            found
                .0
                .insert(f, row[i].trim().trim_start_matches('\u{feff}').to_string());
            index.insert(f, i);
        }
    }
    let required = match mapping {
        // A saved mapping's every column must be there: a changed export is not guessed at.
        Some(m) => m.0.keys().copied().collect::<Vec<_>>(),
        None => Field::REQUIRED.to_vec(),
    };
    required
        .iter()
        .all(|f| index.contains_key(f))
        .then_some((found, index))
}

fn is_blank(row: &[String]) -> bool {
    row.iter().all(|c| c.trim().is_empty())
}

fn is_totals_label(cell: &str) -> bool {
    let c = cell.trim().to_lowercase();
    c == "total"
        || c.starts_with("total ")
        || c.starts_with("total:")
        || c.starts_with("grand total")
        || c == "totals"
        || c.starts_with("sub total")
        || c.starts_with("subtotal")
}

/// Why a supplier is withheld, by rule: the publisher redacted it, its type says it is a
/// person, its name starts with a personal title, or its expense type is one the source
/// lists as payments to individuals.
fn withheld(
    supplier: &str,
    supplier_type: &str,
    expense_type: &str,
    reason: &str,
    personal_types: &[String],
) -> Option<String> {
    let lower = supplier.trim().to_lowercase();
    if lower.contains("redacted") || lower.contains("withheld") || lower == "personal data" {
        let given = reason.trim();
        if !given.is_empty() {
            return Some(given.to_string());
        }
        let rest = supplier
            .trim()
            .trim_start_matches(|c: char| c.is_alphabetic())
            .trim_start_matches([' ', '-', ':', '–', '(', ')'])
            .trim_end_matches(')')
            .trim();
        return Some(if rest.is_empty() {
            "Redacted by the publisher".to_string()
        } else {
            format!("Redacted by the publisher: {rest}")
        });
    }
    let person = "Payment to an individual: personal data withheld".to_string();
    let t = supplier_type.trim().to_lowercase();
    if ["individual", "private individual", "person", "employee"].contains(&t.as_str()) {
        return Some(person);
    }
    let first = lower.split([' ', '.']).next().unwrap_or("");
    if ["mr", "mrs", "ms", "miss", "mx", "dr"].contains(&first)
        && lower.split_whitespace().count() > 1
    {
        return Some(person);
    }
    if personal_types
        .iter()
        .any(|p| !p.trim().is_empty() && p.trim().eq_ignore_ascii_case(expense_type.trim()))
    {
        return Some(person);
    }
    None
}

/// Reads rows (as `read` gives them) into payments.
pub fn parse(
    rows: &[Vec<String>],
    mapping: Option<&Mapping>,
    personal_types: &[String],
) -> Result<Parsed, Vec<Problem>> {
    let Some((h, (mapping, col))) = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, r)| columns_in(r, mapping).map(|m| (i, m)))
    else {
        let wanted = match mapping {
            Some(m) => format!("the saved columns ({})", m.0.values().cloned().collect::<Vec<_>>().join(", ")),
            None => "a date, an amount and a supplier column (e.g. \"Date paid\", \"Amount\", \"Supplier name\")".into(),
        };
        return Err(vec![Problem::file(format!(
            "no header row with {wanted} in the first {HEADER_SEARCH_ROWS} rows"
        ))]);
    };
    let name = |f: Field| mapping.get(f).unwrap_or("").to_string();
    let cell = |row: &[String], f: Field| -> String {
        col.get(&f)
            .and_then(|&i| row.get(i))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut items = Vec::new();
    let mut totals = Vec::new();
    let mut problems = Vec::new();
    let mut since_totals = Decimal::ZERO;
    for (i, row) in rows.iter().enumerate().skip(h + 1) {
        let line = i + 1;
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
        if is_blank(row) {
            continue;
        }
        let date_text = cell(row, Field::Date);
        let amount_text = cell(row, Field::Amount);
        let amount_at = col[&Field::Amount];
        if date_text.is_empty()
            && row
                .iter()
                .enumerate()
                .any(|(c, v)| c != amount_at && is_totals_label(v))
        {
            let Some(stated) = parse_amount(&amount_text) else {
                problems.push(Problem::at(
                    line,
                    Some(&name(Field::Amount)),
                    format!("a totals row with {amount_text:?}, which is not an amount"),
                ));
                continue;
            };
            let all: Decimal = items.iter().map(|x: &Item| x.amount).sum();
            if stated != all && stated != since_totals {
                problems.push(Problem::at(
                    line,
                    Some(&name(Field::Amount)),
                    format!("the totals row says {stated} but the payments above add up to {all}"),
                ));
            }
            totals.push(TotalsRow {
                line,
                stated,
                summed: if stated == all { all } else { since_totals },
            });
            since_totals = Decimal::ZERO;
            continue;
        }
        let paid_on = parse_date(&date_text);
        if paid_on.is_none() {
            problems.push(Problem::at(
                line,
                Some(&name(Field::Date)),
                if date_text.is_empty() {
                    "no date".to_string()
                } else {
                    format!("{date_text:?} is not a date (day first, e.g. 26/05/2011 or 26-May-11)")
                },
            ));
        }
        let amount = parse_amount(&amount_text);
        if amount.is_none() {
            problems.push(Problem::at(
                line,
                Some(&name(Field::Amount)),
                if amount_text.is_empty() {
                    "no amount".to_string()
                } else {
                    format!("{amount_text:?} is not an amount in pounds")
                },
            ));
        }
        let (Some(paid_on), Some(amount)) = (paid_on, amount) else {
            continue;
        };
        let supplier = cell(row, Field::Supplier);
        let expense_type = cell(row, Field::ExpenseType);
        let reason = withheld(
            &supplier,
            &cell(row, Field::SupplierType),
            &expense_type,
            &cell(row, Field::RedactionReason),
            personal_types,
        );
        since_totals += amount;
        items.push(Item {
            line,
            paid_on,
            supplier: if reason.is_some() {
                REDACTED.to_string()
            } else {
                supplier
            },
            withheld_reason: reason,
            amount,
            expense_type,
            service: cell(row, Field::Service),
            reference: cell(row, Field::Reference),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if items.is_empty() {
        return Err(vec![Problem::file(
            "the file holds no payments below its header",
        )]);
    }
    Ok(Parsed {
        header_row: h + 1,
        mapping,
        items,
        totals,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> Vec<Vec<String>> {
        csv.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn preamble_totals_credit_notes_and_redactions() {
        let file = rows(
            "Office of the Police and Crime Commissioner,,,\n\
             Spending over £500: May 2024,,,\n\
             ,,,\n\
             Payment date,Supplier,Amount,Expense type\n\
             01/05/2024,Acme Ltd,\"1,000.00\",Premises\n\
             02/05/2024,Acme Ltd,(200.00),Premises\n\
             03/05/2024,REDACTED - personal data,600.00,Legal\n\
             03/05/2024,Mrs Jane Smith,550.00,Compensation\n\
             04/05/2024,Some Person,700.00,Witness expenses\n\
             ,Total,2650.00,\n",
        );
        // The quoted "1,000.00" was split by the naive test reader: rejoin it.
        let mut file = file;
        file[4] = vec![
            "01/05/2024".into(),
            "Acme Ltd".into(),
            "1,000.00".into(),
            "Premises".into(),
        ];
        let p = parse(&file, None, &["Witness expenses".to_string()]).unwrap();
        assert_eq!(p.header_row, 4);
        assert_eq!(p.items.len(), 5);
        assert_eq!(p.total(), "2650.00".parse().unwrap());
        assert_eq!(p.credit_notes(), 1);
        assert_eq!(p.withheld(), 3);
        assert_eq!(p.items[2].supplier, "Redacted");
        assert_eq!(
            p.items[2].withheld_reason.as_deref(),
            Some("Redacted by the publisher: personal data")
        );
        assert!(
            p.items
                .iter()
                .all(|i| !i.supplier.contains("Smith") && !i.supplier.contains("Person"))
        );
        assert_eq!(p.totals.len(), 1);
        assert_eq!(p.totals[0].line, 10);
        assert_eq!(p.mapping.get(Field::Date), Some("Payment date"));
    }

    #[test]
    fn a_wrong_total_and_bad_cells_are_named_by_row_and_column() {
        let file = rows("Date,Supplier,Amount\n01/05/2024,A,10\n32/05/2024,B,ten\n,Total,99\n");
        let errs = parse(&file, None, &[]).unwrap_err();
        let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            text[0],
            "row 3, column \"Date\": \"32/05/2024\" is not a date (day first, e.g. 26/05/2011 or 26-May-11)"
        );
        assert_eq!(
            text[1],
            "row 3, column \"Amount\": \"ten\" is not an amount in pounds"
        );
        assert!(text[2].starts_with("row 4, column \"Amount\": the totals row says 99"));
    }

    #[test]
    fn a_saved_mapping_is_followed_and_a_changed_export_refused() {
        let mut m = Mapping::default();
        m.0.insert(Field::Date, "When".into());
        m.0.insert(Field::Amount, "Paid".into());
        m.0.insert(Field::Supplier, "Who".into());
        let ok = rows("When,Who,Paid\n1-Jan-24,A,5\n");
        assert_eq!(
            parse(&ok, Some(&m), &[]).unwrap().items[0].amount,
            Decimal::from(5)
        );
        let changed = rows("Date,Who,Paid\n1-Jan-24,A,5\n");
        assert!(
            parse(&changed, Some(&m), &[]).unwrap_err()[0]
                .message
                .contains("When, Paid, Who")
        );
    }
}
