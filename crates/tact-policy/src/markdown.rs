//! Markdown escaping for values put into the documents.

/// Escapes a value so that Markdown shows it as written: the characters that start emphasis,
/// code, links or raw HTML are backslash-escaped, a line start that would open a block is
/// escaped, and line breaks become spaces (a value never opens a new block).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    for (i, c) in one_line.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&'
        ) || (i == 0 && matches!(c, '#' | '+' | '-' | '=' | '!'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Removes backslash escapes (for a title shown outside Markdown).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for s in ["Smith & *Jones* <b>", "# not a heading", "a\\b", "[x](y)"] {
            assert_eq!(unescape(&escape(s)), s);
        }
        assert_eq!(escape("line\n# two"), "line # two");
    }
}
