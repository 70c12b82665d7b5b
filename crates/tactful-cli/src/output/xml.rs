//! Escaping for the XML formats.

/// Text safe inside an attribute value or element content. Line breaks and tabs become
/// character references (attribute normalization would fold them to spaces), and control
/// characters XML 1.0 forbids become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`. Every char it changes is ASCII or U+FFFE/U+FFFF (EF BF BE,
/// EF BF BF), so runs of other bytes are copied whole.
pub fn escape_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let (replacement, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\n' => ("&#10;", 1),
            b'\r' => ("&#13;", 1),
            b'\t' => ("&#9;", 1),
            0..=0x1f => ("\u{fffd}", 1),
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => ("\u{fffd}", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[start..i]);
        out.push_str(replacement);
        i += len;
        start = i;
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            super::escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;\u{fffd}"
        );
    }

    #[test]
    fn escaping_agrees_with_a_char_by_char_mapping() {
        let by_char = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&apos;".to_string(),
                    '\n' => "&#10;".to_string(),
                    '\r' => "&#13;".to_string(),
                    '\t' => "&#9;".to_string(),
                    c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                        '\u{fffd}'.to_string()
                    }
                    c => c.to_string(),
                })
                .collect()
        };
        let text =
            "ok <a href='x'>&</a>\t\r\n\u{0}\u{1f} \u{7f} é \u{fffd}\u{fffe}\u{ffff}\u{fffc} Д\"";
        for start in text.char_indices().map(|(i, _)| i) {
            let mut out = String::from("kept:");
            super::escape_into(&mut out, &text[start..]);
            assert_eq!(out, format!("kept:{}", by_char(&text[start..])));
        }
    }
}
