//! The print-friendly HTML page: one self-contained file (inline CSS, no script, no external
//! resource), the Markdown's own structure, the version and effective date on every printed
//! page's footer.

use crate::Stamp;
use pulldown_cmark::{html, CowStr, Event, Options, Parser};

/// Markdown parser options shared by the HTML and PDF renderers.
pub(crate) fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The body: Markdown to HTML, with any raw HTML in the Markdown shown as text (a template or
/// a profile value can never inject markup or script).
pub fn body(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        e => e,
    });
    let mut out = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut out, events);
    out
}

/// Only http, https, mailto and tel links and in-page anchors keep their target.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "tel:", "#"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// The whole page.
pub fn render(markdown: &str, stamp: &Stamp, css: &str) -> String {
    // A stylesheet cannot close its own element.
    let css = css.replace("</", "<\\/");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Tact {tact}\">\n\
         <meta name=\"version\" content=\"{version}\">\n\
         <title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         <footer><p>{title} · version {version} · effective {date}</p></footer>\n</body>\n</html>\n",
        tact = crate::TACT_VERSION,
        version = escape(&stamp.version),
        title = escape(&stamp.title),
        date = escape(&stamp.effective_date),
        body = body(markdown),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_and_script_links_are_neutralised() {
        let b = body("Hi <script>alert(1)</script> [x](javascript:alert(1))\n\n<div onclick=x>\n");
        assert!(!b.contains("<script"), "{b}");
        assert!(!b.contains("<div"), "{b}");
        assert!(!b.contains("javascript:"), "{b}");
        assert!(b.contains("&lt;script&gt;"), "{b}");
    }

    #[test]
    fn page_is_self_contained() {
        let stamp = Stamp {
            title: "T <1>".into(),
            version: "0.1.0+abc".into(),
            effective_date: "2026-12-01".into(),
        };
        let page = render("# T\n\nHello.\n", &stamp, "body{}</style><script>");
        assert!(page.contains("<title>T &lt;1&gt;</title>"));
        assert!(!page.contains("</style><script>"));
        assert!(!page.contains("src="), "no external resource");
        assert!(page.contains("effective 2026-12-01"));
    }
}
