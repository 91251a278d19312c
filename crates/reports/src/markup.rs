//! Typst markup for a pack. Every piece of text goes in as a typst string literal, so nothing
//! typed into the service (a commentary with `#` or `*`, say) can act as markup.

use crate::PackDoc;
use std::fmt::Write;

/// A typst string literal.
fn lit(s: &str) -> String {
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
         #set text(font: \"DejaVu Sans\", size: 10pt, lang: \"en\", region: \"gb\")\n\
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
    let _ = writeln!(s, "= #{}\n", lit("Measures"));
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
            let _ = writeln!(s, "#table(columns: (auto, 1fr), {})\n", cells.join(", "));
        }
        if let Some(c) = &m.commentary {
            let _ = writeln!(
                s,
                "#block(inset: (left: 8pt), stroke: (left: 2pt + luma(160)), [#{}])\n",
                lit(c)
            );
        }
        if m.table.len() > 1 {
            let cols = m.table[0].len();
            let cells: Vec<String> = m
                .table
                .iter()
                .enumerate()
                .flat_map(|(r, row)| {
                    row.iter().map(move |c| {
                        if r == 0 {
                            format!("[*#{}*]", lit(c))
                        } else {
                            format!("[#{}]", lit(c))
                        }
                    })
                })
                .collect();
            let _ = writeln!(
                s,
                "#text(size: 8pt, table(columns: {cols}, table.header(..({}).map(c => c)), {}))\n",
                cells[..cols].join(", "),
                cells[cols..].join(", ")
            );
        }
    }
    let _ = writeln!(s, "= #{}\n", lit("Commitments"));
    if !doc.commitments.is_empty() {
        let mut cells = vec![
            "[*Where*]".to_string(),
            "[*Commitment*]".to_string(),
            "[*Owner*]".to_string(),
            "[*Status*]".to_string(),
        ];
        for c in &doc.commitments {
            cells.extend(c.iter().map(|v| format!("[#{}]", lit(v))));
        }
        let _ = writeln!(
            s,
            "#text(size: 8pt, table(columns: (auto, 2fr, auto, auto), table.header({}), {}))",
            cells[..4].join(", "),
            cells[4..].join(", ")
        );
    }
    s
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
