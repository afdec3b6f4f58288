//! The PDF: the Markdown laid out on US Letter pages in the standard Helvetica fonts (no font
//! embedded, so any reader draws them), wrapped with the fonts' own widths, each page footed
//! with the title, version, effective date and page number. No clock and no random id: the
//! same document gives the same bytes.

use crate::metrics::{text_width, win_ansi, Face};
use crate::Stamp;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN_X: f32 = 66.0;
const MARGIN_TOP: f32 = 64.0;
const MARGIN_BOTTOM: f32 = 72.0;
const BODY: f32 = 10.5;
const INDENT: f32 = 16.0;

/// A run of text in one face.
#[derive(Clone, Debug)]
struct Run {
    text: String,
    face: Face,
}

/// A block as laid out: its runs, size, indent, bullet and spacing.
#[derive(Clone, Debug)]
struct Block {
    runs: Vec<Run>,
    size: f32,
    indent: f32,
    bullet: Option<String>,
    space_before: f32,
    /// A gray bar left of the block (quotations).
    quote: bool,
    /// Keep the lines as they are (code blocks).
    preformatted: bool,
    /// A horizontal rule.
    rule: bool,
    /// Headings stay with the next block.
    keep_with_next: bool,
}

impl Block {
    fn new(size: f32, indent: f32, space_before: f32) -> Block {
        Block {
            runs: Vec::new(),
            size,
            indent,
            bullet: None,
            space_before,
            quote: false,
            preformatted: false,
            rule: false,
            keep_with_next: false,
        }
    }
}

/// Reads the Markdown into blocks.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    let mut bold = 0u32;
    let mut italic = 0u32;
    let mut quote_depth = 0u32;
    // Each open list: the next number, or None for bullets.
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut pending_bullet: Option<String> = None;
    let mut in_code_block = false;

    let indent_now = |lists: &Vec<Option<u64>>, quote_depth: u32| -> f32 {
        (lists.len() as f32) * INDENT + (quote_depth as f32) * INDENT
    };
    let face = |bold: u32, italic: u32| match (bold > 0, italic > 0) {
        (true, true) => Face::BoldItalic,
        (true, false) => Face::Bold,
        (false, true) => Face::Italic,
        (false, false) => Face::Regular,
    };
    fn flush(out: &mut Vec<Block>, current: &mut Option<Block>) {
        if let Some(b) = current.take() {
            if !b.runs.iter().all(|r| r.text.trim().is_empty()) || b.rule {
                out.push(b);
            }
        }
    }
    fn push(current: &mut Option<Block>, text: &str, face: Face) {
        if let Some(b) = current {
            if let Some(last) = b.runs.last_mut() {
                if last.face == face {
                    last.text.push_str(text);
                    return;
                }
            }
            b.runs.push(Run {
                text: text.to_string(),
                face,
            });
        }
    }

    for event in Parser::new_ext(markdown, crate::html::options()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut out, &mut current);
                let (size, space) = match level {
                    HeadingLevel::H1 => (20.0, 0.0),
                    HeadingLevel::H2 => (14.5, 16.0),
                    HeadingLevel::H3 => (12.0, 12.0),
                    _ => (BODY, 10.0),
                };
                let mut b = Block::new(size, indent_now(&lists, quote_depth), space);
                b.keep_with_next = true;
                current = Some(b);
                bold += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                bold = bold.saturating_sub(1);
                flush(&mut out, &mut current);
            }
            Event::Start(Tag::Paragraph) => {
                flush(&mut out, &mut current);
                let mut b = Block::new(BODY, indent_now(&lists, quote_depth), 6.0);
                b.quote = quote_depth > 0;
                if let Some(bullet) = pending_bullet.take() {
                    b.bullet = Some(bullet);
                    b.space_before = 3.0;
                }
                current = Some(b);
            }
            Event::End(TagEnd::Paragraph) => flush(&mut out, &mut current),
            Event::Start(Tag::BlockQuote(_)) => {
                flush(&mut out, &mut current);
                quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                flush(&mut out, &mut current);
                quote_depth = quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut out, &mut current);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut out, &mut current);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut out, &mut current);
                let bullet = match lists.last_mut() {
                    Some(Some(n)) => {
                        let b = format!("{n}.");
                        *n += 1;
                        b
                    }
                    _ => "•".to_string(),
                };
                // A tight item has no paragraph: its text starts a block here.
                let mut b = Block::new(BODY, indent_now(&lists, quote_depth), 3.0);
                b.bullet = Some(bullet.clone());
                b.quote = quote_depth > 0;
                current = Some(b);
                pending_bullet = Some(bullet);
            }
            Event::End(TagEnd::Item) => {
                flush(&mut out, &mut current);
                pending_bullet = None;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut out, &mut current);
                let mut b = Block::new(9.0, indent_now(&lists, quote_depth) + INDENT, 6.0);
                b.preformatted = true;
                current = Some(b);
                in_code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                flush(&mut out, &mut current);
            }
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::TableCell)
                if current.as_ref().is_some_and(|b| !b.runs.is_empty()) =>
            {
                push(&mut current, " | ", Face::Regular);
            }
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => {
                flush(&mut out, &mut current);
                current = Some(Block::new(BODY, indent_now(&lists, quote_depth), 3.0));
            }
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                flush(&mut out, &mut current)
            }
            Event::Text(t) => {
                if current.is_none() {
                    current = Some(Block::new(BODY, indent_now(&lists, quote_depth), 6.0));
                }
                let f = if in_code_block {
                    Face::Mono
                } else {
                    face(bold, italic)
                };
                push(&mut current, &t, f);
                if pending_bullet.is_some() {
                    pending_bullet = None;
                }
            }
            Event::Code(t) => {
                if current.is_none() {
                    current = Some(Block::new(BODY, indent_now(&lists, quote_depth), 6.0));
                }
                push(&mut current, &t, Face::Mono);
                pending_bullet = None;
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                if current.is_none() {
                    current = Some(Block::new(BODY, indent_now(&lists, quote_depth), 6.0));
                }
                push(&mut current, &t, face(bold, italic));
            }
            Event::SoftBreak => push(&mut current, " ", face(bold, italic)),
            Event::HardBreak => push(&mut current, "\n", face(bold, italic)),
            Event::Rule => {
                flush(&mut out, &mut current);
                let mut b = Block::new(BODY, 0.0, 8.0);
                b.rule = true;
                out.push(b);
            }
            _ => {}
        }
        if let Some(b) = current.as_mut() {
            if b.bullet.is_none() {
                if let Some(bullet) = pending_bullet.clone() {
                    if b.runs.is_empty() {
                        b.bullet = Some(bullet);
                    }
                }
            }
        }
    }
    flush(&mut out, &mut current);
    out
}

/// A laid-out line: segments at x positions.
#[derive(Clone, Debug)]
struct Line {
    x: f32,
    segments: Vec<(String, Face)>,
    size: f32,
}

/// Words with the face they are set in; `None` is a forced line break.
fn words(runs: &[Run]) -> Vec<Option<(String, Face, bool)>> {
    // (word, face, space before it)
    let mut out = Vec::new();
    let mut space = false;
    for run in runs {
        let mut word = String::new();
        for c in run.text.chars() {
            if c == '\n' {
                if !word.is_empty() {
                    out.push(Some((std::mem::take(&mut word), run.face, space)));
                }
                out.push(None);
                space = false;
            } else if c.is_whitespace() {
                if !word.is_empty() {
                    out.push(Some((std::mem::take(&mut word), run.face, space)));
                }
                space = true;
            } else {
                word.push(c);
            }
        }
        if !word.is_empty() {
            out.push(Some((word, run.face, space)));
            space = false;
        }
    }
    out
}

/// Splits a word wider than the line into pieces that fit.
fn split_long(word: &str, face: Face, size: f32, width: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut cur = String::new();
    for c in word.chars() {
        cur.push(c);
        if text_width(face, size, &cur) > width && cur.chars().count() > 1 {
            cur.pop();
            pieces.push(std::mem::take(&mut cur));
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        pieces.push(cur);
    }
    pieces
}

fn wrap(block: &Block, x0: f32, width: f32) -> Vec<Line> {
    let size = block.size;
    let mut lines: Vec<Line> = Vec::new();
    let new_line = || Line {
        x: x0,
        segments: Vec::new(),
        size,
    };
    if block.preformatted {
        let text: String = block.runs.iter().map(|r| r.text.as_str()).collect();
        for l in text.trim_end_matches('\n').split('\n') {
            for piece in split_long(l, Face::Mono, size, width) {
                let mut line = new_line();
                line.segments.push((piece, Face::Mono));
                lines.push(line);
            }
            if l.is_empty() {
                lines.push(new_line());
            }
        }
        return lines;
    }
    let mut line = new_line();
    let mut used = 0.0f32;
    for w in words(&block.runs) {
        let Some((word, face, space)) = w else {
            lines.push(std::mem::replace(&mut line, new_line()));
            used = 0.0;
            continue;
        };
        let space_w = if space && !line.segments.is_empty() {
            text_width(face, size, " ")
        } else {
            0.0
        };
        let word_w = text_width(face, size, &word);
        if used + space_w + word_w > width && !line.segments.is_empty() {
            lines.push(std::mem::replace(&mut line, new_line()));
            used = 0.0;
        }
        let pieces = if word_w > width {
            split_long(&word, face, size, width)
        } else {
            vec![word]
        };
        let n = pieces.len();
        for (i, piece) in pieces.into_iter().enumerate() {
            let lead = if !line.segments.is_empty() && space && i == 0 {
                " "
            } else {
                ""
            };
            let text = format!("{lead}{piece}");
            used += text_width(face, size, &text);
            match line.segments.last_mut() {
                Some((t, f)) if *f == face => t.push_str(&text),
                _ => line.segments.push((text, face)),
            }
            if i + 1 < n {
                lines.push(std::mem::replace(&mut line, new_line()));
                used = 0.0;
            }
        }
    }
    if !line.segments.is_empty() {
        lines.push(line);
    }
    lines
}

/// What one page draws.
struct Page {
    content: Content,
}

impl Default for Page {
    fn default() -> Page {
        Page {
            content: Content::new(),
        }
    }
}

fn encode(s: &str) -> Vec<u8> {
    s.chars().map(win_ansi).collect()
}

fn show(content: &mut Content, x: f32, y: f32, segments: &[(String, Face)], size: f32) {
    content.begin_text();
    content.next_line(x, y);
    for (text, face) in segments {
        content.set_font(Name(face.resource()), size);
        content.show(Str(&encode(text)));
    }
    content.end_text();
}

/// Renders the Markdown as a PDF.
pub fn render(markdown: &str, stamp: &Stamp) -> Vec<u8> {
    let width = PAGE_W - 2.0 * MARGIN_X;
    let mut pages: Vec<Page> = vec![Page::default()];
    let mut y = PAGE_H - MARGIN_TOP;
    let all = blocks(markdown);
    for (i, block) in all.iter().enumerate() {
        let leading = block.size * 1.35;
        if block.rule {
            y -= block.space_before;
            if y < MARGIN_BOTTOM {
                pages.push(Page::default());
                y = PAGE_H - MARGIN_TOP;
            }
            let c = &mut pages.last_mut().expect("a page").content;
            c.set_stroke_gray(0.6);
            c.set_line_width(0.5);
            c.move_to(MARGIN_X, y);
            c.line_to(PAGE_W - MARGIN_X, y);
            c.stroke();
            y -= 4.0;
            continue;
        }
        let bullet_w = if block.bullet.is_some() { INDENT } else { 0.0 };
        let x0 = MARGIN_X + block.indent + bullet_w;
        let lines = wrap(block, x0, width - block.indent - bullet_w);
        // A heading keeps its first lines and the next block's first lines on the same page.
        let mut need = block.space_before + leading * lines.len().min(3) as f32;
        if block.keep_with_next {
            if let Some(next) = all.get(i + 1) {
                need += next.space_before + next.size * 1.35 * 2.0;
            }
        }
        y -= block.space_before;
        if y - need + block.space_before < MARGIN_BOTTOM && y < PAGE_H - MARGIN_TOP - 1.0 {
            pages.push(Page::default());
            y = PAGE_H - MARGIN_TOP;
        }
        for (n, line) in lines.iter().enumerate() {
            if y - leading < MARGIN_BOTTOM {
                pages.push(Page::default());
                y = PAGE_H - MARGIN_TOP;
            }
            y -= leading;
            let c = &mut pages.last_mut().expect("a page").content;
            if block.quote {
                c.set_fill_gray(0.75);
                c.rect(
                    MARGIN_X + block.indent - INDENT * 0.75,
                    y - 3.0,
                    2.0,
                    leading,
                );
                c.fill_nonzero();
                c.set_fill_gray(0.0);
            }
            if n == 0 {
                if let Some(b) = &block.bullet {
                    show(
                        c,
                        MARGIN_X + block.indent,
                        y,
                        &[(b.clone(), Face::Regular)],
                        block.size,
                    );
                }
            }
            show(c, line.x, y, &line.segments, line.size);
        }
    }

    let total = pages.len();
    let mut pdf = Pdf::new();
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let font_ids: Vec<Ref> = (0..Face::ALL.len() as i32)
        .map(|i| Ref::new(4 + i))
        .collect();
    let first_page = 4 + Face::ALL.len() as i32;
    let page_ids: Vec<Ref> = (0..total as i32)
        .map(|i| Ref::new(first_page + 2 * i))
        .collect();
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(total as i32);
    for (face, id) in Face::ALL.iter().zip(&font_ids) {
        pdf.type1_font(*id)
            .base_font(Name(face.base_font()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info_id)
        .title(TextStr(&stamp.title))
        .subject(TextStr(&format!(
            "version {} effective {}",
            stamp.version, stamp.effective_date
        )))
        .producer(TextStr(&format!("Tact {}", crate::TACT_VERSION)));
    for (n, (page, id)) in pages.into_iter().zip(&page_ids).enumerate() {
        let mut content = page.content;
        let footer = format!(
            "{} · version {} · effective {} · page {} of {}",
            stamp.title,
            stamp.version,
            stamp.effective_date,
            n + 1,
            total
        );
        content.set_fill_gray(0.35);
        let foot_w = width;
        let mut text = footer.clone();
        while text_width(Face::Regular, 8.0, &text) > foot_w && text.chars().count() > 1 {
            text.pop();
        }
        show(
            &mut content,
            MARGIN_X,
            MARGIN_BOTTOM - 36.0,
            &[(text, Face::Regular)],
            8.0,
        );
        let content_id = Ref::new(id.get() + 1);
        let mut p = pdf.page(*id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree_id)
            .contents(content_id);
        let mut resources = p.resources();
        let mut fonts = resources.fonts();
        for (face, fid) in Face::ALL.iter().zip(&font_ids) {
            fonts.pair(Name(face.resource()), *fid);
        }
        fonts.finish();
        resources.finish();
        p.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_the_width() {
        let b = Block {
            runs: vec![Run {
                text: "word ".repeat(200) + &"x".repeat(300),
                face: Face::Regular,
            }],
            ..Block::new(BODY, 0.0, 0.0)
        };
        let lines = wrap(&b, 0.0, 200.0);
        assert!(lines.len() > 10);
        for l in &lines {
            let w: f32 = l
                .segments
                .iter()
                .map(|(t, f)| text_width(*f, BODY, t))
                .sum();
            assert!(w <= 200.0 + 0.01, "{w}");
        }
    }

    #[test]
    fn same_input_same_bytes() {
        let stamp = Stamp {
            title: "T".into(),
            version: "v".into(),
            effective_date: "2026-12-01".into(),
        };
        let md = "# T\n\n- one\n- two\n\n> quoted *text*\n\n1. a\n2. b\n\n```\ncode\n```\n";
        assert_eq!(render(md, &stamp), render(md, &stamp));
        assert!(render(md, &stamp).starts_with(b"%PDF-1."));
    }
}
