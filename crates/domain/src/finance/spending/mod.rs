//! The monthly file of spending over £500 (the Specified Information Order): read from
//! whatever the finance system exports, with its quirks named rather than guessed at.
//! `read` turns bytes into rows within bounds, `values` reads dates and amounts, `parse`
//! finds the header and turns rows into payments.

pub mod parse;
pub mod read;
pub mod values;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use parse::{Parsed, TotalsRow, parse};
pub use read::{Encoding, Limits, csv_rows, decode};

/// What a column of the file means to us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Date,
    Amount,
    Supplier,
    ExpenseType,
    Service,
    Reference,
    SupplierType,
    RedactionReason,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Date,
        Field::Amount,
        Field::Supplier,
        Field::ExpenseType,
        Field::Service,
        Field::Reference,
        Field::SupplierType,
        Field::RedactionReason,
    ];

    pub const REQUIRED: [Field; 3] = [Field::Date, Field::Amount, Field::Supplier];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Amount => "amount",
            Field::Supplier => "supplier",
            Field::ExpenseType => "expense_type",
            Field::Service => "service",
            Field::Reference => "reference",
            Field::SupplierType => "supplier_type",
            Field::RedactionReason => "redaction_reason",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Headers publishers use for the field, in order of preference (normalised: lower
    /// case, single spaces). Misspellings seen in real files are listed as they are.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Date => &[
                "date paid",
                "paid date",
                "payment date",
                "date of payment",
                "transaction date",
                "invoice date",
                "date",
            ],
            Field::Amount => &[
                "net amount",
                "amount",
                "amount paid",
                "amount (£)",
                "amount £",
                "value",
                "value (£)",
                "net value",
            ],
            Field::Supplier => &[
                "supplier name",
                "supplier",
                "payee",
                "payee name",
                "vendor",
                "vendor name",
                "beneficiary",
            ],
            Field::ExpenseType => &[
                "expense type",
                "expenditure type",
                "detailed expenditure type",
                "expense category",
                "expenditure category",
                "expenditure catergory",
                "purpose of spend",
                "account description",
            ],
            Field::Service => &[
                "service",
                "service area",
                "service label",
                "department",
                "directorate",
                "expense area",
                "cost centre",
            ],
            Field::Reference => &[
                "transaction number",
                "transaction no",
                "trans no",
                "transaction id",
                "reference",
                "invoice number",
                "invoice no",
                "document number",
            ],
            Field::SupplierType => &["supplier type", "payee type", "vendor type"],
            Field::RedactionReason => &[
                "redaction reason",
                "reason for redaction",
                "reason withheld",
            ],
        }
    }
}

/// Which header of a publisher's file holds each field, saved per source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub BTreeMap<Field, String>);

impl Mapping {
    pub fn get(&self, f: Field) -> Option<&str> {
        self.0.get(&f).map(|s| s.as_str())
    }

    /// "date ← Date paid, amount ← Net amount, ..."
    pub fn describe(&self) -> String {
        self.0
            .iter()
            .map(|(f, h)| format!("{} ← {h}", f.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A header as compared: trimmed, lower case, one space between words, no BOM.
pub fn normalise_header(s: &str) -> String {
    s.trim_start_matches('\u{feff}')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A payment read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The row in the file (1 is the first line), for errors and for the office.
    pub line: usize,
    pub paid_on: time::Date,
    /// "Redacted" when withheld; empty when the file gives none.
    pub supplier: String,
    pub withheld_reason: Option<String>,
    pub amount: Decimal,
    pub expense_type: String,
    pub service: String,
    pub reference: String,
}

pub const REDACTED: &str = "Redacted";

/// A problem with a file, by row and column where it has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at(row: usize, column: Option<&str>, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: column.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.row, &self.column) {
            (Some(r), Some(c)) => write!(f, "row {r}, column \"{c}\": {}", self.message),
            (Some(r), None) => write!(f, "row {r}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}
