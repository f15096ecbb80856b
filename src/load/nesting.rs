//! How deeply a YAML text nests, found by a cheap scan before it is
//! parsed: front matter and `support.yaml` hold a few levels at most, and
//! the YAML parser takes time that grows faster than the text on a value
//! nested thousands of levels deep (`[[[[…]]]]`). Past [`MAX_DEPTH`] the
//! file is refused with the place where it went too deep.
//!
//! The scan counts block levels by indentation (and `- ` entries that
//! start on one line) and flow levels by `[` and `{` that open a value,
//! passing over quoted text, comments and block scalars (`|`, `>`). It
//! errs on the side of counting fewer levels than the parser would, so it
//! never refuses YAML that nests within the limit.

use crate::error::{line_col, Code, Diagnostic, Location};

/// The deepest nesting read; front matter needs a handful of levels.
pub const MAX_DEPTH: usize = 64;

/// Too deep: the deepest level found and the byte offset in the text where
/// the nesting first went past [`MAX_DEPTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub depth: usize,
    pub offset: usize,
}

/// Checks that `yaml` nests at most [`MAX_DEPTH`] levels deep.
pub fn check(yaml: &str) -> Result<(), TooDeep> {
    let mut scan = Scan::default();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        scan.line(line, offset);
        offset += line.len();
    }
    match scan.first_over {
        Some(offset) => Err(TooDeep {
            depth: scan.deepest,
            offset,
        }),
        None => Ok(()),
    }
}

/// The error for YAML nested too deeply: `yaml` starts at byte
/// `yaml_start` of `text`, the file at `path`; `what` names it in the
/// message (`front matter`) and `code` is the diagnostic's code.
pub fn refuse(
    path: &str,
    text: &str,
    yaml_start: usize,
    yaml: &str,
    (code, what): (Code, &str),
) -> Result<(), Diagnostic> {
    let Err(deep) = check(yaml) else {
        return Ok(());
    };
    let (line, col) = line_col(text, yaml_start + deep.offset);
    Err(Diagnostic::error(
        code,
        Some(Location::at(path, line, col)),
        format!(
            "{what} is nested {} levels deep; induct reads at most {MAX_DEPTH}",
            deep.depth
        ),
    )
    .with_help(
        "look for a `[` or `{` that is never closed here; if the value is text, put it in quotes",
    ))
}

#[derive(Default)]
struct Scan {
    /// Columns of the block nodes open on the lines so far.
    blocks: Vec<usize>,
    /// `[` and `{` open now.
    flow: usize,
    /// The quote of a quoted scalar still open at the end of a line.
    quote: Option<u8>,
    /// In a block scalar begun on a line indented this far: its text is
    /// every following line indented further (or blank).
    block_scalar: Option<usize>,
    deepest: usize,
    first_over: Option<usize>,
}

impl Scan {
    /// Notes the depth now, at byte `offset` of the text.
    fn depth_at(&mut self, offset: usize) {
        let depth = self.blocks.len() + self.flow;
        self.deepest = self.deepest.max(depth);
        if depth > MAX_DEPTH && self.first_over.is_none() {
            self.first_over = Some(offset);
        }
    }

    fn line(&mut self, line: &str, offset: usize) {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let content = line.trim_end();
        if let Some(parent) = self.block_scalar {
            if content.trim().is_empty() || indent > parent {
                return;
            }
            self.block_scalar = None;
        }
        let mut at = 0;
        if self.quote.is_none() && self.flow == 0 {
            let rest = content.trim_start();
            if rest.is_empty() || rest.starts_with('#') {
                return;
            }
            while self.blocks.last().is_some_and(|&col| col >= indent) {
                self.blocks.pop();
            }
            at = indent;
            // `- - - x`: each entry starts a level at its column.
            while bytes.get(at) == Some(&b'-')
                && matches!(bytes.get(at + 1), None | Some(b' ' | b'\n' | b'\r'))
            {
                self.blocks.push(at);
                self.depth_at(offset + at);
                at += 1;
                while bytes.get(at) == Some(&b' ') {
                    at += 1;
                }
            }
            // A key starts a mapping at its column.
            let start = at;
            if self.value(bytes, &mut at, indent) {
                self.blocks.push(start);
                self.depth_at(offset + start);
            }
        }
        self.rest(bytes, at, indent, offset);
    }

    /// At the start of a block value (`at`): a flow collection, a block
    /// scalar or a quoted scalar begins the value, else it is plain text,
    /// possibly a key whose own value follows its `: `. Moves `at` to where
    /// [`Scan::rest`] goes on; true when the text was a plain key.
    fn value(&mut self, bytes: &[u8], at: &mut usize, indent: usize) -> bool {
        let mut keyed = false;
        for _ in 0..2 {
            while bytes.get(*at) == Some(&b' ') {
                *at += 1;
            }
            // Anchors and tags come before the value they name.
            while matches!(bytes.get(*at), Some(b'&' | b'!')) {
                while bytes.get(*at).is_some_and(|b| !b.is_ascii_whitespace()) {
                    *at += 1;
                }
                while bytes.get(*at) == Some(&b' ') {
                    *at += 1;
                }
            }
            match bytes.get(*at) {
                Some(b'[' | b'{' | b'"' | b'\'') => return keyed,
                Some(b'|' | b'>') => {
                    self.block_scalar = Some(indent);
                    *at = bytes.len();
                    return keyed;
                }
                _ => {}
            }
            // Plain text up to `: ` (a key) or a comment.
            loop {
                match bytes.get(*at) {
                    None => return keyed,
                    Some(b':')
                        if matches!(bytes.get(*at + 1), None | Some(b' ' | b'\n' | b'\r')) =>
                    {
                        *at += 1;
                        break;
                    }
                    Some(b'#') if *at > 0 && bytes[*at - 1] == b' ' => {
                        *at = bytes.len();
                        return keyed;
                    }
                    _ => *at += 1,
                }
            }
            keyed = true;
        }
        // `a: b: c` is not YAML; the parser says so.
        *at = bytes.len();
        keyed
    }

    /// The rest of a line from `at`: quoted text, and flow collections
    /// (whose plain text cannot hold brackets).
    fn rest(&mut self, bytes: &[u8], mut at: usize, indent: usize, offset: usize) {
        while let Some(&b) = bytes.get(at) {
            match self.quote {
                Some(b'\'') => {
                    if b == b'\'' {
                        if bytes.get(at + 1) == Some(&b'\'') {
                            at += 1;
                        } else {
                            self.quote = None;
                        }
                    }
                }
                Some(_) => {
                    if b == b'\\' {
                        at += 1;
                    } else if b == b'"' {
                        self.quote = None;
                    }
                }
                None => match b {
                    // A quote opens quoted text only where a value starts
                    // (`don't` in `[don't, x]` is plain text).
                    b'"' | b'\'' if value_starts(&bytes[..at]) => self.quote = Some(b),
                    b'#' if at == 0 || bytes[at - 1].is_ascii_whitespace() => return,
                    b'[' | b'{' => {
                        self.flow += 1;
                        self.depth_at(offset + at);
                    }
                    b']' | b'}' => {
                        self.flow = self.flow.saturating_sub(1);
                        if self.flow == 0 {
                            // After a flow collection: a key's `: ` and its value.
                            at += 1;
                            if bytes.get(at) == Some(&b':') {
                                at += 1;
                                self.value(bytes, &mut at, indent);
                                continue;
                            }
                            return;
                        }
                    }
                    _ if self.flow == 0 => {
                        // After a quoted key: its `: ` and its value.
                        if b == b':' {
                            at += 1;
                            self.value(bytes, &mut at, indent);
                            continue;
                        }
                        if !b.is_ascii_whitespace() {
                            return;
                        }
                    }
                    _ => {}
                },
            }
            at += 1;
        }
    }
}

/// Whether a value may start after `before`, the line up to here: at the
/// start of the line, or after `[`, `{`, `,` or `:` and spaces.
fn value_starts(before: &[u8]) -> bool {
    match before.iter().rev().find(|b| !b.is_ascii_whitespace()) {
        None => true,
        Some(b) => matches!(b, b'[' | b'{' | b',' | b':' | b'-' | b'?'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(yaml: &str) -> usize {
        let mut scan = Scan::default();
        let mut offset = 0;
        for line in yaml.split_inclusive('\n') {
            scan.line(line, offset);
            offset += line.len();
        }
        scan.deepest
    }

    #[test]
    fn counts_block_levels() {
        assert_eq!(depth("title: A\nsummary: B\n"), 1);
        assert_eq!(depth("a:\n  b:\n    c: x\n"), 3);
        assert_eq!(depth("aliases:\n  - a/\n  - b/\n"), 2);
        assert_eq!(depth("x: 1\n- - - y\n"), 3);
    }

    #[test]
    fn counts_flow_levels_that_open_values() {
        assert_eq!(depth("title: A\nscope: [site]\n"), 2);
        assert_eq!(depth("a: [[1, {b: [2]}]]\n"), 5);
        assert_eq!(depth("a: [\n  [1,\n   [2]]]\n"), 4);
        assert_eq!(depth("- [x]\n"), 2);
    }

    #[test]
    fn passes_over_text_that_only_looks_nested() {
        assert_eq!(depth("title: Notes [[[[ draft\n"), 1);
        assert_eq!(depth("title: \"[[[[\"\nsummary: '{{{{'\n"), 1);
        assert_eq!(depth("title: A # [[[[\n"), 1);
        assert_eq!(depth("summary: |\n  [[[[\n  {{{{\ntitle: A\n"), 1);
        assert_eq!(depth("summary: \"a\n  [[[[ b\"\n"), 1);
        assert_eq!(depth("summary: 'it''s [[[['\n"), 1);
        assert_eq!(depth("a: [\"]]]\", '[[[']\n"), 2);
        assert_eq!(depth("a: [don't, x]\nb: [[y]]\n"), 3);
    }

    #[test]
    fn refuses_past_the_limit_where_it_goes_too_deep() {
        let ok = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(check(&ok), Ok(()));
        let deep = format!("title: T\na: {}{}\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            check(&deep),
            Err(TooDeep {
                depth: 101,
                offset: 12 + MAX_DEPTH - 1
            })
        );
        let dashes = format!("a: 1\n{}x\n", "- ".repeat(70));
        assert_eq!(
            check(&dashes),
            Err(TooDeep {
                depth: 70,
                offset: 5 + 2 * MAX_DEPTH
            })
        );
    }
}
