//! A small, valid one-page PDF of plain lines, for the demo's papers: enough for a browser to
//! open and a test to check the bytes and content type, without a typesetting dependency.

fn escape(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_control())
        .flat_map(|c| match c {
            '(' | ')' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// Lines are wrapped at 90 characters; the page holds about 60 of them.
pub fn pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    let mut text = format!("BT /F1 14 Tf 56 790 Td ({}) Tj /F1 10 Tf", escape(title));
    let mut first = true;
    for l in lines {
        let mut rest = l.trim();
        loop {
            let cut = if rest.len() <= 90 {
                rest.len()
            } else {
                rest[..90].rfind(' ').unwrap_or(90)
            };
            let gap = if first { 24 } else { 14 };
            first = false;
            text.push_str(&format!(" 0 -{gap} Td ({}) Tj", escape(&rest[..cut])));
            rest = rest[cut..].trim_start();
            if rest.is_empty() {
                break;
            }
        }
    }
    text.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
