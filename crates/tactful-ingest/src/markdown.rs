//! Markdown structure via pulldown-cmark's offset iterator: prose blocks (headings, list
//! items, paragraphs) with code, HTML and link targets cut out of them.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use tactful_core::{Segment, SegmentKind, Span};

use crate::lines::trim_span;
use crate::segment::push_with_inline_code;

struct Block {
    kind: SegmentKind,
    start: usize,
    end: usize,
    cuts: Vec<(SegmentKind, Span)>,
}

#[derive(PartialEq)]
enum Container {
    Quote,
    Item,
    Other,
}

pub fn markdown_segments(text: &str) -> Vec<Segment> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    let mut block: Option<Block> = None;
    // Open links: (range, end of their visible text so far).
    let mut links: Vec<(Span, usize)> = Vec::new();
    // Inside an image or a code/HTML/metadata block, inline events are not prose.
    let mut opaque = 0usize;

    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        let span = Span::new(range.start, range.end);
        let in_quote = stack.contains(&Container::Quote);
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell => {
                    flush(text, &mut block, &mut out);
                    let kind = if in_quote {
                        SegmentKind::Quoted
                    } else if matches!(tag, Tag::Heading { .. }) {
                        SegmentKind::Heading
                    } else if stack.last() == Some(&Container::Item) {
                        SegmentKind::ListItem
                    } else {
                        SegmentKind::Body
                    };
                    block = Some(Block {
                        kind,
                        start: span.start,
                        end: span.end,
                        cuts: Vec::new(),
                    });
                }
                Tag::BlockQuote(_) => {
                    flush(text, &mut block, &mut out);
                    stack.push(Container::Quote);
                }
                Tag::Item => {
                    flush(text, &mut block, &mut out);
                    stack.push(Container::Item);
                }
                Tag::List(_) | Tag::FootnoteDefinition(_) | Tag::Table(_) => {
                    flush(text, &mut block, &mut out);
                    stack.push(Container::Other);
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    flush(text, &mut block, &mut out);
                    let kind = match tag {
                        Tag::CodeBlock(_) => SegmentKind::Code,
                        Tag::HtmlBlock => SegmentKind::Markup,
                        _ => SegmentKind::Header,
                    };
                    push_trimmed(text, kind, span, &mut out);
                    opaque += 1;
                }
                Tag::Image { .. } => {
                    inline(&mut block, &stack, in_quote, span);
                    if let Some(b) = block.as_mut() {
                        b.cuts.push((SegmentKind::Markup, span));
                    }
                    opaque += 1;
                }
                Tag::Link { link_type, .. } => {
                    inline(&mut block, &stack, in_quote, span);
                    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        if let Some(b) = block.as_mut() {
                            b.cuts.push((SegmentKind::Code, span));
                        }
                        opaque += 1;
                        links.push((Span::new(usize::MAX, 0), 0));
                    } else {
                        links.push((span, span.start + 1));
                    }
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                    flush(text, &mut block, &mut out)
                }
                TagEnd::BlockQuote(_)
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::Table => {
                    flush(text, &mut block, &mut out);
                    stack.pop();
                }
                TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::Image => opaque = opaque.saturating_sub(1),
                TagEnd::Link => {
                    if let Some((link, text_end)) = links.pop() {
                        if link.start == usize::MAX {
                            opaque = opaque.saturating_sub(1);
                        } else if let Some(b) = block.as_mut() {
                            // "](target)" after the visible text is markup.
                            b.cuts
                                .push((SegmentKind::Markup, Span::new(text_end, link.end)));
                        }
                    }
                }
                _ => {}
            },
            Event::Text(_) | Event::SoftBreak | Event::HardBreak | Event::FootnoteReference(_) => {
                if opaque == 0 {
                    inline(&mut block, &stack, in_quote, span);
                    if let Some(l) = links.last_mut() {
                        l.1 = l.1.max(span.end);
                    }
                }
            }
            Event::TaskListMarker(_) => inline(&mut block, &stack, in_quote, span),
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                inline(&mut block, &stack, in_quote, span);
                if let Some(b) = block.as_mut() {
                    b.cuts.push((SegmentKind::Code, span));
                }
                if let Some(l) = links.last_mut() {
                    l.1 = l.1.max(span.end);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                if opaque == 0 {
                    match block.as_mut() {
                        Some(b) => {
                            b.end = b.end.max(span.end);
                            b.cuts.push((SegmentKind::Markup, span));
                        }
                        None => push_trimmed(text, SegmentKind::Markup, span, &mut out),
                    }
                }
            }
            Event::Rule => flush(text, &mut block, &mut out),
        }
    }
    flush(text, &mut block, &mut out);
    out.sort_by_key(|s| (s.span.start, s.span.end));
    // Containers' ranges can overlap their children's in odd inputs: keep the first.
    let mut last_end = 0;
    out.retain(|s| {
        let keep = s.span.start >= last_end;
        if keep {
            last_end = s.span.end;
        }
        keep
    });
    out
}

/// An inline event: extends the open block, or opens one for tight list items and loose
/// text in block quotes.
fn inline(block: &mut Option<Block>, stack: &[Container], in_quote: bool, span: Span) {
    match block {
        Some(b) => b.end = b.end.max(span.end),
        None => {
            let kind = if in_quote {
                SegmentKind::Quoted
            } else if stack.last() == Some(&Container::Item) {
                SegmentKind::ListItem
            } else {
                SegmentKind::Body
            };
            *block = Some(Block {
                kind,
                start: span.start,
                end: span.end,
                cuts: Vec::new(),
            });
        }
    }
}

fn flush(text: &str, block: &mut Option<Block>, out: &mut Vec<Segment>) {
    let Some(mut b) = block.take() else { return };
    if b.kind == SegmentKind::Heading {
        // Drop ATX markers and setext underlines: they are not words.
        let s = &text[b.start..b.end];
        let body = s.trim_start().trim_start_matches('#');
        b.start += s.len() - body.len();
        let s = &text[b.start..b.end];
        let body = s.trim_end().trim_end_matches(['=', '-', '#']);
        b.end = b.start + body.len();
    }
    b.cuts
        .retain(|(_, c)| c.start >= b.start && c.end <= b.end && c.start < c.end);
    push_with_inline_code(text, b.kind, b.start, b.end, &b.cuts, out);
}

fn push_trimmed(text: &str, kind: SegmentKind, span: Span, out: &mut Vec<Segment>) {
    let (s, e) = trim_span(text, span.start, span.end);
    if s < e {
        out.push(Segment {
            kind,
            span: Span::new(s, e),
        });
    }
}
