//! Typst markup for a pack. Every piece of text goes in as a typst string literal, so nothing
//! typed into the service (a commentary with `#` or `*`, say) can act as markup.

use crate::PackDoc;
use std::fmt::Write;

/// A typst string literal.
pub(crate) fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn pack_markup(doc: &PackDoc) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "#set document(title: {})\n\
         #set page(paper: \"a4\", margin: 2cm, numbering: \"1 of 1\", footer: context [#set text(size: 8pt); #{} #h(1fr) #counter(page).display(\"1 of 1\", both: true)])\n\
         #set text(font: \"Liberation Sans\", size: 10pt, lang: \"en\", region: \"gb\")\n\
         #set table(stroke: 0.5pt + luma(180), inset: 4pt)\n\
         #show heading: set block(above: 1.2em, below: 0.6em)",
        lit(&doc.title),
        lit(&doc.title)
    );
    let _ = writeln!(
        s,
        "#text(size: 20pt, weight: \"bold\", {})\n",
        lit(&doc.title)
    );
    let _ = writeln!(s, "#text(size: 12pt, {})\n", lit(&doc.subtitle));
    if doc.draft {
        let _ = writeln!(
            s,
            "#block(fill: rgb(\"#fff7bf\"), inset: 8pt, width: 100%, [*#{}*])\n",
            lit("Draft: this quarter is not published. Its figures may still change.")
        );
    }
    let _ = writeln!(s, "#{}\n", lit(&doc.intro));
    if !doc.summary.is_empty() {
        let _ = writeln!(s, "= #{}\n", lit("Summary"));
        let _ = writeln!(
            s,
            "{}\n",
            table(
                "(3fr, 2fr, 2.2fr, 2.8fr)",
                &["Measure", "Latest value", "Variation", "Assurance"],
                doc.summary.iter().map(|r| r.as_slice()),
                9
            )
        );
    }
    if !doc.without_values.is_empty() {
        let _ = writeln!(
            s,
            "#{}\n",
            lit(&format!(
                "No values recorded by the end of the quarter: {}.",
                doc.without_values.join("; ")
            ))
        );
    }
    if !doc.measures.is_empty() {
        let _ = writeln!(s, "= #{}\n", lit("Measures"));
    }
    for (i, m) in doc.measures.iter().enumerate() {
        let _ = writeln!(s, "== #{}\n", lit(&m.heading));
        let _ = writeln!(s, "#text(size: 9pt, fill: luma(80), {})\n", lit(&m.item));
        if m.chart_svg.is_some() {
            let _ = writeln!(
                s,
                "#figure(image(\"/chart-{i}.svg\", width: 100%, alt: {}))\n",
                lit(&format!("Chart of {}", m.heading))
            );
        }
        if !m.reading.is_empty() {
            let cells: Vec<String> = m
                .reading
                .iter()
                .flat_map(|(k, v)| [format!("[*#{}*]", lit(k)), format!("[#{}]", lit(v))])
                .collect();
            let _ = writeln!(s, "#table(columns: (2fr, 5fr), {})\n", cells.join(", "));
        }
        if let Some(c) = &m.commentary {
            let _ = writeln!(
                s,
                "#block(inset: (left: 8pt), stroke: (left: 2pt + luma(160)), [#{}])\n",
                lit(c)
            );
        }
        if let [header, rows @ ..] = m.table.as_slice()
            && !rows.is_empty()
        {
            let widths = "(1.3fr, 1fr, 1fr, 1fr, 1fr, 2.4fr)";
            let head: Vec<&str> = header.iter().map(String::as_str).collect();
            let _ = writeln!(
                s,
                "{}\n",
                table(widths, &head, rows.iter().map(|r| r.as_slice()), 8)
            );
        }
    }
    let _ = writeln!(s, "= #{}\n", lit("Commitments"));
    if doc.commitments.is_empty() {
        let _ = writeln!(s, "#{}\n", lit("The plan has no commitments."));
    } else {
        let _ = writeln!(
            s,
            "{}",
            table(
                "(2.2fr, 4fr, 1.6fr, 1.8fr)",
                &["Where", "Commitment", "Owner", "Status"],
                doc.commitments.iter().map(|r| r.as_slice()),
                8
            )
        );
    }
    s
}

/// A table with explicit column widths (fractions of the page, so no column can squeeze
/// another to a word per line) and a header row that repeats on every page it spans.
fn table<'a>(
    widths: &str,
    header: &[&str],
    rows: impl Iterator<Item = &'a [String]>,
    size_pt: u8,
) -> String {
    let head: Vec<String> = header.iter().map(|h| format!("[*#{}*]", lit(h))).collect();
    let body: Vec<String> = rows
        .flat_map(|r| r.iter().map(|c| format!("[#{}]", lit(c))))
        .collect();
    format!(
        "#text(size: {size_pt}pt, table(columns: {widths}, table.header(repeat: true, {}), {}))",
        head.join(", "),
        body.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::lit;

    #[test]
    fn text_cannot_escape_its_string() {
        assert_eq!(
            lit(r#"a "quote" \ #emph[x]"#),
            r#""a \"quote\" \\ #emph[x]""#
        );
        assert_eq!(lit("two\nlines"), "\"two\\nlines\"");
    }
}
