//! HTML mail to readable text. Block quotes become `> ` lines so the quote splitter sees
//! them; scripts, styles and the head are dropped; entities are decoded.

pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut depth = 0usize; // <blockquote> nesting
    let mut skip: Option<String> = None; // inside <style>/<script>/<head>
    let mut at_line_start = true;
    let mut pending_space = false;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with('<') {
            let Some(close) = rest.find('>') else { break };
            let tag = &rest[1..close];
            rest = &rest[close + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if let Some(s) = &skip {
                if closing && *s == name {
                    skip = None;
                }
                continue;
            }
            match name.as_str() {
                "style" | "script" | "head" | "title" if !closing => skip = Some(name),
                "blockquote" => {
                    newline(&mut out, &mut at_line_start);
                    depth = if closing {
                        depth.saturating_sub(1)
                    } else {
                        depth + 1
                    };
                }
                "br" => newline(&mut out, &mut at_line_start),
                "p" | "div" | "tr" | "table" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5"
                | "h6" | "pre" | "hr" => {
                    newline(&mut out, &mut at_line_start);
                    if closing && matches!(name.as_str(), "p" | "h1" | "h2" | "h3" | "table") {
                        newline(&mut out, &mut at_line_start);
                    }
                }
                "li" if !closing => {
                    newline(&mut out, &mut at_line_start);
                    put(&mut out, "- ", depth, &mut at_line_start);
                }
                "td" | "th" => pending_space = true,
                _ => {}
            }
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let chunk = &rest[..end];
        rest = &rest[end..];
        if skip.is_some() {
            continue;
        }
        let decoded = decode_entities(chunk);
        pending_space |= decoded.starts_with(char::is_whitespace);
        let mut first = true;
        for word in decoded.split_whitespace() {
            if (!first || pending_space) && !at_line_start {
                out.push(' ');
            }
            put(&mut out, word, depth, &mut at_line_start);
            first = false;
        }
        if !decoded.trim().is_empty() {
            pending_space = decoded.ends_with(char::is_whitespace);
        }
    }
    // No more than one blank line in a row.
    let mut clean = String::with_capacity(out.len());
    let mut blank_run = 0;
    for line in out.lines() {
        let l = line.trim_end();
        let is_blank = l.trim_start_matches(['>', ' ']).is_empty();
        blank_run = if is_blank { blank_run + 1 } else { 0 };
        if blank_run <= 1 {
            clean.push_str(l);
            clean.push('\n');
        }
    }
    clean.trim().to_string() + "\n"
}

fn newline(out: &mut String, at_line_start: &mut bool) {
    out.push('\n');
    *at_line_start = true;
}

fn put(out: &mut String, s: &str, depth: usize, at_line_start: &mut bool) {
    if *at_line_start {
        for _ in 0..depth {
            out.push_str("> ");
        }
        *at_line_start = false;
    }
    out.push_str(s);
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = semi.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "ldquo" => Some('“'),
                "rdquo" => Some('”'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blockquotes_become_quote_lines_and_styles_vanish() {
        let html = "<html><head><style>p{x:1}</style></head><body><p>Hola&nbsp;Ana &amp; equipo,</p>\
                    <div>On Mon, Bob wrote:</div><blockquote><p>old text<br>more</p></blockquote></body></html>";
        let t = html_to_text(html);
        assert!(t.starts_with("Hola Ana & equipo,\n"), "{t}");
        assert!(t.contains("> old text\n> more"), "{t}");
        assert!(!t.contains("x:1"));
    }
}
