//! The 360Giving Data Standard 1.4.3: awards written as a JSON package and as the flattened
//! CSV (the spreadsheet template's column titles), and past grants read back from either.
//! Recipients are organisations only: a grant to an individual is never written, and one read
//! from a file is counted and left out, its person's details never kept.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};
use std::str::FromStr;

/// One grant as the standard needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Grant {
    pub identifier: String,
    pub title: String,
    pub description: String,
    pub currency: String,
    pub amount: Decimal,
    /// YYYY-MM-DD.
    pub award_date: String,
    pub recipient_org_id: String,
    pub recipient_name: String,
    pub recipient_charity_number: String,
    pub recipient_company_number: String,
    pub funder_org_id: String,
    pub funder_name: String,
    pub programme_title: String,
    /// A GSS code, or empty.
    pub local_authority: String,
    pub local_authority_name: String,
}

/// The flattened columns, titled as the official template titles them.
pub const CSV_COLUMNS: [&str; 15] = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "Funding Org:Identifier",
    "Funding Org:Name",
];
const PROGRAMME: &str = "Grant Programme:Title";

/// The geoCodeType codelist's name for a local authority's GSS code.
pub fn geo_code_type(gss: &str) -> &'static str {
    match gss.get(..3) {
        Some("E06" | "W06") => "UA",
        Some("E07") => "NMD",
        Some("E08") => "MD",
        Some("E09") => "LONB",
        _ => "",
    }
}

fn number(d: Decimal) -> Value {
    let d = d.normalize();
    if d.scale() == 0
        && let Some(i) = d.to_i64()
    {
        return json!(i);
    }
    // Two decimal places at most: the shortest float text is the decimal itself.
    json!(d.to_f64().unwrap_or_default())
}

fn grant_json(g: &Grant, modified: &str) -> Value {
    let mut org = json!({"id": g.recipient_org_id, "name": g.recipient_name});
    if !g.recipient_charity_number.is_empty() {
        org["charityNumber"] = json!(g.recipient_charity_number);
    }
    if !g.recipient_company_number.is_empty() {
        org["companyNumber"] = json!(g.recipient_company_number);
    }
    let mut v = json!({
        "id": g.identifier,
        "title": g.title,
        "description": g.description,
        "currency": g.currency,
        "amountAwarded": number(g.amount),
        "awardDate": g.award_date,
        "recipientOrganization": [org],
        "fundingOrganization": [{"id": g.funder_org_id, "name": g.funder_name}],
        "dateModified": modified,
    });
    if !g.programme_title.is_empty() {
        v["grantProgramme"] = json!([{"title": g.programme_title}]);
    }
    if !g.local_authority.is_empty() {
        let mut loc = json!({"name": g.local_authority_name, "countryCode": "GB", "geoCode": g.local_authority});
        let t = geo_code_type(&g.local_authority);
        if !t.is_empty() {
            loc["geoCodeType"] = json!(t);
        }
        v["beneficiaryLocation"] = json!([loc]);
    }
    v
}

/// A 360Giving package: the grants and the publisher's metadata. `modified` is a date-time.
pub fn package(grants: &[Grant], publisher_name: &str, modified: &str) -> Value {
    json!({
        "version": "1.4",
        "title": format!("Grants awarded by the {publisher_name}"),
        "modified": modified,
        "license": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "publisher": {"name": publisher_name},
        "grants": grants.iter().map(|g| grant_json(g, modified)).collect::<Vec<_>>(),
    })
}

/// The flattened rows, one a grant, under [`CSV_COLUMNS`] and the programme's title.
pub fn flat_rows(grants: &[Grant]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut headers = CSV_COLUMNS.to_vec();
    headers.push(PROGRAMME);
    let rows = grants
        .iter()
        .map(|g| {
            vec![
                g.identifier.clone(),
                g.title.clone(),
                g.description.clone(),
                g.currency.clone(),
                g.amount.normalize().to_string(),
                g.award_date.clone(),
                g.recipient_org_id.clone(),
                g.recipient_name.clone(),
                g.recipient_charity_number.clone(),
                g.recipient_company_number.clone(),
                g.local_authority_name.clone(),
                g.local_authority.clone(),
                geo_code_type(&g.local_authority).to_string(),
                g.funder_org_id.clone(),
                g.funder_name.clone(),
                g.programme_title.clone(),
            ]
        })
        .collect();
    (headers, rows)
}

/// What a file held: the grants to organisations, and how many to individuals were left out.
#[derive(Debug, Default)]
pub struct Read {
    pub grants: Vec<Grant>,
    pub individuals_left_out: usize,
}

/// A recipient's identifier: org-id form, or a publisher's own 360G- prefixed one.
fn recipient_id(s: &str) -> Result<String, String> {
    if s.starts_with("360G-") && s.len() > 5 {
        return Ok(s.to_string());
    }
    super::parse_org_id(s)
}

fn date_of(s: &str) -> Result<String, String> {
    let d = s.get(..10).unwrap_or(s);
    time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE)
        .map(|_| d.to_string())
        .map_err(|_| format!("{s:?} is not a date written YYYY-MM-DD"))
}

/// Checks one grant's fields as read; the error names the field by its 360Giving title.
fn check(fields: &[(&str, &str)]) -> Result<Grant, String> {
    let f = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    for required in [
        "Identifier",
        "Title",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
    ] {
        if f(required).is_empty() {
            return Err(format!("{required}: this is required"));
        }
    }
    let amount = Decimal::from_str(&f("Amount Awarded"))
        .map_err(|_| format!("Amount Awarded: {:?} is not a number", f("Amount Awarded")))?;
    let la = f("Beneficiary Location:Geographic Code");
    Ok(Grant {
        identifier: f("Identifier"),
        title: f("Title"),
        description: f("Description"),
        currency: f("Currency"),
        amount,
        award_date: date_of(&f("Award Date")).map_err(|e| format!("Award Date: {e}"))?,
        recipient_org_id: recipient_id(&f("Recipient Org:Identifier"))
            .map_err(|e| format!("Recipient Org:Identifier: {e}"))?,
        recipient_name: f("Recipient Org:Name"),
        recipient_charity_number: f("Recipient Org:Charity Number"),
        recipient_company_number: f("Recipient Org:Company Number"),
        funder_org_id: f("Funding Org:Identifier"),
        funder_name: f("Funding Org:Name"),
        programme_title: f(PROGRAMME),
        local_authority: if super::is_local_authority(&la) {
            la
        } else {
            String::new()
        },
        local_authority_name: f("Beneficiary Location:Name"),
    })
}

const MAX_GRANTS: usize = 100_000;

/// Grants from a table: its header's titles and its rows (numbered as the file numbers them);
/// each error names the file, row and column.
fn read_table(
    file: &str,
    headers: &[String],
    rows: impl Iterator<Item = (usize, Result<Vec<String>, String>)>,
) -> Result<Read, Vec<String>> {
    let mut out = Read::default();
    let mut errors = Vec::new();
    for (n, (row, rec)) in rows.enumerate() {
        if n >= MAX_GRANTS {
            return Err(vec![format!("{file}: more than {MAX_GRANTS} grants")]);
        }
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                errors.push(format!("{file}, row {row}: {e}"));
                break;
            }
        };
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let fields: Vec<(&str, &str)> = headers
            .iter()
            .map(String::as_str)
            .zip(rec.iter().map(String::as_str))
            .collect();
        if fields
            .iter()
            .any(|(k, v)| k.starts_with("Recipient Ind:") && !v.trim().is_empty())
        {
            out.individuals_left_out += 1;
            continue;
        }
        match check(&fields) {
            Ok(g) => out.grants.push(g),
            Err(e) => errors.push(format!("{file}, row {row}, column {e}")),
        }
        if errors.len() >= 50 {
            break;
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Grants from a flattened CSV (UTF-8, a byte-order mark allowed): columns by title.
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Read, Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![format!("{file}: the header row cannot be read: {e}")]),
    };
    let rows = r.records().enumerate().map(|(i, rec)| {
        (
            i + 2,
            rec.map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string()),
        )
    });
    read_table(file, &headers, rows)
}

/// Grants from the official spreadsheet template (XLSX or ODS): its first sheet, header in
/// row 1, read within the sheet reader's limits.
pub fn read_sheet(file: &str, bytes: &[u8]) -> Result<Read, Vec<String>> {
    let sheets = crate::sheets::read(file, bytes).map_err(|e| vec![e])?;
    let Some((_, rows)) = sheets.into_iter().next() else {
        return Err(vec![format!("{file}: the workbook has no sheet")]);
    };
    let mut rows = rows.into_iter();
    let headers: Vec<String> = rows
        .next()
        .unwrap_or_default()
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    read_table(
        file,
        &headers,
        rows.enumerate().map(|(i, r)| (i + 2, Ok(r))),
    )
}

/// A 360Giving file by its name: JSON package, flattened CSV, or the spreadsheet template.
pub fn read_file(file: &str, bytes: &[u8]) -> Result<Read, Vec<String>> {
    let lower = file.to_lowercase();
    if lower.ends_with(".json") {
        read_json(file, bytes)
    } else if lower.ends_with(".csv") {
        read_csv(file, bytes)
    } else if lower.ends_with(".xlsx") || lower.ends_with(".ods") {
        read_sheet(file, bytes)
    } else {
        Err(vec![format!(
            "{file}: give a 360Giving JSON package (.json), a flattened CSV (.csv) or the spreadsheet template (.xlsx)"
        )])
    }
}

/// Grants from a JSON package; each error names the grant by its position and identifier.
pub fn read_json(file: &str, bytes: &[u8]) -> Result<Read, Vec<String>> {
    let v: Value =
        serde_json::from_slice(bytes).map_err(|e| vec![format!("{file}: not JSON: {e}")])?;
    let Some(grants) = v.get("grants").and_then(Value::as_array) else {
        return Err(vec![format!(
            "{file}: no \"grants\" list, so not a 360Giving package"
        )]);
    };
    if grants.len() > MAX_GRANTS {
        return Err(vec![format!("{file}: more than {MAX_GRANTS} grants")]);
    }
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let mut out = Read::default();
    let mut errors = Vec::new();
    for (i, g) in grants.iter().enumerate() {
        if g.get("recipientIndividual").is_some() {
            out.individuals_left_out += 1;
            continue;
        }
        let first = |k: &str| g.get(k).and_then(|a| a.get(0)).cloned().unwrap_or_default();
        let (org, funder, prog, loc) = (
            first("recipientOrganization"),
            first("fundingOrganization"),
            first("grantProgramme"),
            first("beneficiaryLocation"),
        );
        let values = [
            ("Identifier", text(&g["id"])),
            ("Title", text(&g["title"])),
            ("Description", text(&g["description"])),
            ("Currency", text(&g["currency"])),
            ("Amount Awarded", text(&g["amountAwarded"])),
            ("Award Date", text(&g["awardDate"])),
            ("Recipient Org:Identifier", text(&org["id"])),
            ("Recipient Org:Name", text(&org["name"])),
            ("Recipient Org:Charity Number", text(&org["charityNumber"])),
            ("Recipient Org:Company Number", text(&org["companyNumber"])),
            ("Beneficiary Location:Name", text(&loc["name"])),
            (
                "Beneficiary Location:Geographic Code",
                text(&loc["geoCode"]),
            ),
            ("Funding Org:Identifier", text(&funder["id"])),
            ("Funding Org:Name", text(&funder["name"])),
            (PROGRAMME, text(&prog["title"])),
        ];
        let fields: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match check(&fields) {
            Ok(g) => out.grants.push(g),
            Err(e) => errors.push(format!("{file}, grant {} ({}): {e}", i + 1, text(&g["id"]))),
        }
        if errors.len() >= 50 {
            break;
        }
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

    fn grant() -> Grant {
        Grant {
            identifier: "360G-opcc-cheshire-1".into(),
            title: "Youth boxing".into(),
            description: "Sessions".into(),
            currency: "GBP".into(),
            amount: Decimal::from_str("4999.50").unwrap(),
            award_date: "2025-06-01".into(),
            recipient_org_id: "GB-CHC-1234567".into(),
            recipient_name: "Club".into(),
            recipient_charity_number: "1234567".into(),
            recipient_company_number: String::new(),
            funder_org_id: "GB-GOR-PC000005".into(),
            funder_name: "Cheshire PCC".into(),
            programme_title: "Community Action Fund".into(),
            local_authority: "E06000049".into(),
            local_authority_name: "Cheshire East".into(),
        }
    }

    #[test]
    fn the_package_writes_money_as_a_number_and_the_area_by_its_code_type() {
        let p = package(&[grant()], "Office", "2025-07-01T00:00:00Z");
        let g = &p["grants"][0];
        assert_eq!(g["amountAwarded"], json!(4999.5));
        assert_eq!(g["beneficiaryLocation"][0]["geoCodeType"], "UA");
        assert!(g.get("recipientIndividual").is_none());
    }

    #[test]
    fn the_flat_csv_reads_back_as_written() {
        let (h, rows) = flat_rows(&[grant()]);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&h).unwrap();
        for r in rows {
            w.write_record(&r).unwrap();
        }
        let back = read_csv("g.csv", &w.into_inner().unwrap()).unwrap();
        assert_eq!(back.grants, vec![grant()]);
    }

    #[test]
    fn an_individual_is_left_out_and_a_bad_row_is_named() {
        let csv = "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,Funding Org:Identifier,Funding Org:Name,Recipient Ind:Identifier\n\
                   a,t,GBP,10,2025-01-01,,,,F,360G-x-person-1\n\
                   b,t,GBP,ten,2025-01-01,GB-CHC-1,N,GB-LAE-X,F,\n";
        let e = read_csv("g.csv", csv.as_bytes()).unwrap_err();
        assert_eq!(
            e,
            vec!["g.csv, row 3, column Amount Awarded: \"ten\" is not a number"]
        );
    }
}
