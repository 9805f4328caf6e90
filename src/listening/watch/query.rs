//! Boolean watch queries, written as on listening platforms (Brandwatch, Talkwalker), in English or in
//! French:
//!
//! | write | matches |
//! | --- | --- |
//! | `brioche phone` | both words, anywhere (adjacent terms mean AND) |
//! | `"brioche phone"`, `«brioche phone»` | the words in that order |
//! | `#BriochePhone`, `@fnac` | the hashtag; a mention of the handle or a post by it |
//! | `a AND b`, `a ET b` | both |
//! | `a OR b`, `a OU b` | either |
//! | `a NOT b`, `a AND NOT b`, `a SAUF b`, `a ET NON b` | `a` without `b` (NOT excludes the rest: below) |
//! | `-b`, or `NOT b` where a term is expected | not `b`: that term or parenthesised group only |
//! | `a NEAR/3 b` | `a` and `b` with at most 3 words between them, in either order |
//! | `recharg*` | any word that starts with `recharg` (at least [`MIN_STEM_CHARS`] letters before the `*`) |
//!
//! Operator words count only in capitals: `AND` `ET` `&&`, `OR` `OU` `||`, `NOT` `NON` `SAUF`, `NEAR/n`.
//! Written in lowercase they are searched like any word, so the French "et" or "ou" in a query (or in a
//! phrase) still searches, and a quoted `"NOT"` too. Matching is case- and accent-insensitive and on word
//! boundaries (see text/tokens.rs).
//!
//! Precedence, loosest first:
//! 1. A NOT that follows a term (`a NOT b`, `a AND NOT b`, `a SAUF b`, `a ET NON b`) excludes everything
//!    after it, up to the next such NOT or the end of the query (or of the enclosing parentheses), from
//!    everything before it, as Brandwatch and Talkwalker read it: `"Brioche Phone" OR #BriochePhone NOT
//!    promo OR pub` reads as `("brioche phone" OR #briochephone) AND NOT (promo OR pub)`. Each further NOT
//!    excludes its own part: `a NOT b NOT c` is `a AND NOT b AND NOT c`. Parentheses limit its reach.
//! 2. OR.
//! 3. AND, written or implicit.
//! 4. NEAR/n, between words, phrases, #hashtags, wildcards or a parenthesised OR of those.
//! 5. `-` and a NOT where a term is expected (at the start, after OR, after another NOT): the next term or
//!    parenthesised group only.
//!
//! [`Query`]'s `Display` ([`Query::reads_as`]) writes the query back in one canonical form: folded
//! terms, every operator in capitals and in English, and the parentheses that show what each NOT
//! excludes. That reading parses back to the same query (property tests below, fuzz/fuzz_targets/query.rs),
//! unless the query is at the limits: the reading spells out implicit ANDs and puts what a NOT excludes
//! in parentheses, so it can be a little longer or deeper than [`MAX_QUERY_CHARS`] or [`MAX_DEPTH`].
use std::collections::HashSet;
use std::fmt;

use crate::text::tokens::{self, Kind};

/// Longest query, in characters: queries come from the person, but also from restored backups and
/// imported watchlists, and parsing and matching recurse over them.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Deepest nesting of parentheses and NOTs: a bound on the parser's recursion (the wasm stack is small).
pub const MAX_DEPTH: usize = 32;
/// Fewest letters before a trailing `*`: `re*` or `co*` would match a good part of both languages.
pub const MIN_STEM_CHARS: usize = 3;
/// Largest n in `NEAR/n`: beyond a few sentences, two words are not "near" in any useful sense.
pub const MAX_NEAR: usize = 50;

// The query's error and its problems are typed errors of the core: they live with the others
// (base/error.rs), which the layers above watch/ can name without reaching up.
pub use crate::base::error::{Problem, QueryError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// One or more words in sequence (a phrase, or a term such as "coca-cola" that splits into words).
    Words(Vec<String>),
    /// Any word that starts with this folded stem (`recharg*`).
    Prefix(String),
    Hashtag(String),
    Handle(String),
    /// Both sides with at most `.2` words between them, in either order. The sides are `Words`, `Prefix`,
    /// `Hashtag`, or `Or`s of those ([`Query::has_places`]): things with places in the text.
    Near(Box<Query>, Box<Query>, usize),
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Open,
    Close,
    /// Operators keep the word as written, for errors: the person wrote `OU`, the error says `OU`.
    And(String),
    Or(String),
    Not(String),
    /// `-term`: always the tight NOT.
    Minus,
    Near(usize, String),
    Atom(Query),
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»')
}

/// Lexes with 1-based character positions for error messages.
fn lex(src: &str) -> Result<Vec<(usize, Lex)>, QueryError> {
    let chars: Vec<char> = src.chars().collect();
    let err = |position: usize, problem: Problem| Err(QueryError::new(position, problem));
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push((pos, Lex::Open));
                i += 1;
            }
            ')' => {
                out.push((pos, Lex::Close));
                i += 1;
            }
            c if is_quote(c) => {
                let Some(len) = chars[i + 1..].iter().position(|&c| is_quote(c)) else {
                    return err(pos, Problem::UnclosedQuote);
                };
                let inner: String = chars[i + 1..i + 1 + len].iter().collect();
                let words = tokens::words(&inner);
                if words.is_empty() {
                    return err(pos, Problem::EmptyPhrase);
                }
                out.push((pos, Lex::Atom(Query::Words(words))));
                i += len + 2;
            }
            '-' if chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) => {
                out.push((pos, Lex::Minus));
                i += 1;
            }
            _ => {
                let len = chars[i..]
                    .iter()
                    .position(|&c| c.is_whitespace() || c == '(' || c == ')' || is_quote(c))
                    .unwrap_or(chars.len() - i);
                let word: String = chars[i..i + len].iter().collect();
                i += len;
                // Capitals only: "et", "ou", "not" in lowercase are words to search.
                let lex = match word.as_str() {
                    "AND" | "ET" | "&&" => Lex::And(word),
                    "OR" | "OU" | "||" => Lex::Or(word),
                    "NOT" | "NON" | "SAUF" => Lex::Not(word),
                    w if w.starts_with("NEAR/") => Lex::Near(near_distance(&word, pos)?, word),
                    _ => Lex::Atom(atom(&word, pos)?),
                };
                out.push((pos, lex));
            }
        }
    }
    Ok(out)
}

/// The n of `NEAR/n`.
fn near_distance(word: &str, pos: usize) -> Result<usize, QueryError> {
    let digits = &word["NEAR/".len()..];
    let n = (!digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<usize>().ok())
        .flatten()
        .filter(|&n| n <= MAX_NEAR);
    n.ok_or_else(|| QueryError::new(pos, Problem::NearDistance { word: word.to_string(), max: MAX_NEAR }))
}

/// One bare term: `#tag`, `@handle`, `stem*`, or words.
fn atom(word: &str, pos: usize) -> Result<Query, QueryError> {
    if word.contains('*') {
        return wildcard(word, pos);
    }
    if let Some(sigil) = word.chars().next().filter(|c| matches!(c, '#' | '@')) {
        let first = tokens::tokenize(word).into_iter().next();
        return match first {
            Some(t) if t.start == 0 && t.kind == Kind::Hashtag => Ok(Query::Hashtag(t.text)),
            Some(t) if t.start == 0 && t.kind == Kind::Handle => Ok(Query::Handle(t.text)),
            _ => Err(QueryError::new(pos, Problem::BareSigil { word: word.to_string(), sigil: sigil.to_string() })),
        };
    }
    let words = tokens::words(word);
    if words.is_empty() {
        return Err(QueryError::new(pos, Problem::NoLetters { word: word.to_string() }));
    }
    Ok(Query::Words(words))
}

/// `stem*`: one word's beginning, `*` right after its letters, at least [`MIN_STEM_CHARS`] of them.
fn wildcard(word: &str, pos: usize) -> Result<Query, QueryError> {
    let placement = || QueryError::new(pos, Problem::WildcardPlacement { word: word.to_string() });
    let Some(stem) = word.strip_suffix('*') else { return Err(placement()) };
    if stem.contains('*') || stem.starts_with(['#', '@']) {
        return Err(placement());
    }
    let toks = tokens::tokenize(stem);
    let short = || QueryError::new(pos, Problem::ShortStem { word: word.to_string(), min: MIN_STEM_CHARS });
    match toks.as_slice() {
        [] => Err(short()),
        [t] if t.kind == Kind::Word && t.end == stem.len() => {
            if t.text.chars().count() < MIN_STEM_CHARS {
                Err(short())
            } else {
                Ok(Query::Prefix(t.text.clone()))
            }
        }
        _ => Err(placement()),
    }
}

/// Recursive descent over the lexemes; one method per level of the precedence in the module doc.
struct Parser {
    toks: Vec<(usize, Lex)>,
    i: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lex> {
        self.toks.get(self.i).map(|(_, l)| l)
    }
    fn peek2(&self) -> Option<&Lex> {
        self.toks.get(self.i + 1).map(|(_, l)| l)
    }
    fn pos(&self) -> usize {
        self.toks.get(self.i).map_or(self.end, |(p, _)| *p)
    }

    /// Enters one level of nesting (a parenthesis or a NOT), refusing beyond [`MAX_DEPTH`].
    fn nest(&mut self, at: usize) -> Result<(), QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(QueryError::new(at, Problem::TooDeep { max: MAX_DEPTH }));
        }
        Ok(())
    }

    /// The whole query, or what is inside parentheses: `kept NOT excluded NOT excluded…`. The loop
    /// (not recursion) keeps a long run of exclusions within the nesting bound.
    fn group(&mut self) -> Result<Query, QueryError> {
        let mut kept = self.or()?;
        loop {
            let (at, op) = match (self.peek(), self.peek2()) {
                (Some(Lex::Not(op)), _) => (self.pos(), op.clone()),
                (Some(Lex::And(_)), Some(Lex::Not(op))) => {
                    let op = op.clone();
                    self.i += 1;
                    (self.pos(), op)
                }
                _ => return Ok(kept),
            };
            self.i += 1;
            let excluded = self.operand(&op, at, Parser::or)?;
            kept = Query::And(Box::new(kept), Box::new(Query::Not(Box::new(excluded))));
        }
    }

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut left = self.and()?;
        while let Some(Lex::Or(op)) = self.peek() {
            let (op, at) = (op.clone(), self.pos());
            self.i += 1;
            let right = self.operand(&op, at, Parser::and)?;
            left = Query::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut left = self.near()?;
        loop {
            match self.peek() {
                // `AND NOT` is the exclusion: the group's.
                Some(Lex::And(_)) if matches!(self.peek2(), Some(Lex::Not(_))) => return Ok(left),
                Some(Lex::And(op)) => {
                    let (op, at) = (op.clone(), self.pos());
                    self.i += 1;
                    let right = self.operand(&op, at, Parser::near)?;
                    left = Query::And(Box::new(left), Box::new(right));
                }
                // Implicit AND: `apple iphone`, `apple -pie`, `apple (a OR b)`. A NOT after a term is
                // the exclusion, not an implicit AND.
                Some(Lex::Atom(_) | Lex::Minus | Lex::Open) => {
                    let right = self.near()?;
                    left = Query::And(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn near(&mut self) -> Result<Query, QueryError> {
        let mut left = self.unary()?;
        while let Some(Lex::Near(n, op)) = self.peek() {
            let (n, op, at) = (*n, op.clone(), self.pos());
            self.i += 1;
            if !left.has_places() {
                return Err(QueryError::new(at, Problem::NearOperand { op }));
            }
            let right_at = self.pos();
            let right = self.operand(&op, at, Parser::unary)?;
            if !right.has_places() {
                return Err(QueryError::new(right_at, Problem::NearOperand { op }));
            }
            left = Query::Near(Box::new(left), Box::new(right), n);
        }
        Ok(left)
    }

    /// The tight NOT: `-term`, or NOT where a term is expected.
    fn unary(&mut self) -> Result<Query, QueryError> {
        let op = match self.peek() {
            Some(Lex::Not(op)) => op.clone(),
            Some(Lex::Minus) => "-".to_string(),
            _ => return self.primary(),
        };
        let at = self.pos();
        self.i += 1;
        self.nest(at)?;
        let inner = self.operand(&op, at, Parser::unary)?;
        self.depth -= 1;
        Ok(Query::Not(Box::new(inner)))
    }

    fn primary(&mut self) -> Result<Query, QueryError> {
        let at = self.pos();
        match self.toks.get(self.i).map(|(_, l)| l.clone()) {
            Some(Lex::Atom(q)) => {
                self.i += 1;
                Ok(q)
            }
            Some(Lex::Open) => {
                self.i += 1;
                self.nest(at)?;
                if self.peek() == Some(&Lex::Close) {
                    return Err(QueryError::new(at, Problem::EmptyParentheses));
                }
                let inner = self.group()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err(QueryError::new(at, Problem::UnclosedParenthesis));
                }
                self.i += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Lex::Close) => Err(QueryError::new(at, Problem::UnmatchedClose)),
            Some(Lex::And(op) | Lex::Or(op) | Lex::Near(_, op)) => Err(QueryError::new(at, Problem::NoLeftTerm { op })),
            Some(Lex::Not(_) | Lex::Minus) => self.unary(),
            None => Err(QueryError::new(at, Problem::TermExpected)),
        }
    }

    /// The right side of `op` (at `at`), read by `next`; an error naming the operator when it is missing.
    fn operand(&mut self, op: &str, at: usize, next: fn(&mut Parser) -> Result<Query, QueryError>) -> Result<Query, QueryError> {
        match self.peek() {
            None | Some(Lex::Close | Lex::And(_) | Lex::Or(_) | Lex::Near(..)) => {
                Err(QueryError::new(at, Problem::NoRightTerm { op: op.into() }))
            }
            _ => next(self),
        }
    }
}

impl Query {
    pub fn parse(src: &str) -> Result<Query, QueryError> {
        let end = src.chars().count() + 1;
        if end > MAX_QUERY_CHARS + 1 {
            return Err(QueryError::new(MAX_QUERY_CHARS + 1, Problem::TooLong { max: MAX_QUERY_CHARS }));
        }
        let toks = lex(src)?;
        if toks.is_empty() {
            return Err(QueryError::new(1, Problem::Empty));
        }
        let mut p = Parser { toks, i: 0, end, depth: 0 };
        let q = p.group()?;
        if p.i < p.toks.len() {
            let (position, lex) = &p.toks[p.i];
            let problem = match lex {
                Lex::Close => Problem::UnmatchedClose,
                _ => Problem::TrailingText,
            };
            return Err(QueryError::new(*position, problem));
        }
        Ok(q)
    }

    pub fn matches(&self, doc: &Doc) -> bool {
        match self {
            Query::Words(words) => doc.has_words(words),
            Query::Prefix(stem) => doc.words.iter().any(|w| w.starts_with(stem.as_str())),
            Query::Hashtag(t) => doc.hashtags.contains(t),
            Query::Handle(h) => doc.handles.contains(h),
            Query::Near(a, b, within) => doc.near(a, b, *within),
            Query::And(a, b) => a.matches(doc) && b.matches(doc),
            Query::Or(a, b) => a.matches(doc) || b.matches(doc),
            Query::Not(a) => !a.matches(doc),
        }
    }

    /// Whether this can be a side of NEAR/n: something found at places in the post's sequence of words
    /// (an @handle is not in it: a mention, or the author).
    fn has_places(&self) -> bool {
        match self {
            Query::Words(_) | Query::Prefix(_) | Query::Hashtag(_) => true,
            Query::Or(a, b) => a.has_places() && b.has_places(),
            _ => false,
        }
    }

    /// How the query was read, in the canonical form its `Display` writes (module doc): what the editor
    /// shows under the field, e.g. `("brioche phone" OR #briochephone) AND NOT promo`.
    pub fn reads_as(&self) -> String {
        self.to_string()
    }

    /// `kept AND NOT excluded`: the exclusion, written as such only where the parser reads it so.
    fn is_exclusion(&self) -> bool {
        matches!(self, Query::And(_, b) if matches!(**b, Query::Not(_)))
    }

    /// As a whole query or the inside of parentheses: the one place an exclusion is written bare, since
    /// its NOT reaches to the end of the group.
    fn write_group(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Query::And(kept, excluded) = self {
            if let Query::Not(excluded) = &**excluded {
                if kept.is_exclusion() {
                    kept.write_group(f)?;
                } else {
                    kept.write_and(f)?;
                }
                f.write_str(" AND NOT ")?;
                return excluded.write_atomic(f);
            }
        }
        self.write_or(f)
    }

    fn write_or(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Or(a, b) => {
                a.write_or(f)?;
                f.write_str(" OR ")?;
                match **b {
                    Query::Or(..) => b.write_parens(f),
                    _ => b.write_and(f),
                }
            }
            _ => self.write_and(f),
        }
    }

    /// An OR, or an exclusion, inside an AND (or lower) is parenthesised.
    fn write_and(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            _ if self.is_exclusion() => self.write_parens(f),
            Query::Or(..) => self.write_parens(f),
            Query::And(a, b) => {
                a.write_and(f)?;
                f.write_str(" AND ")?;
                b.write_near(f)
            }
            _ => self.write_near(f),
        }
    }

    /// A NOT written here is never right after `AND` (that would read as the exclusion): an AND's right
    /// side that is a NOT is an exclusion, written by `write_group` or in parentheses.
    fn write_near(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Near(a, b, within) => {
                a.write_atomic(f)?;
                write!(f, " NEAR/{within} ")?;
                b.write_atomic(f)
            }
            Query::And(..) | Query::Or(..) => self.write_parens(f),
            _ => self.write_atomic(f),
        }
    }

    /// A term, a NOT of one, or parentheses.
    fn write_atomic(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Words(words) if words.len() == 1 => f.write_str(&words[0]),
            Query::Words(words) => write!(f, "\"{}\"", words.join(" ")),
            Query::Prefix(stem) => write!(f, "{stem}*"),
            Query::Hashtag(t) => write!(f, "#{t}"),
            Query::Handle(h) => write!(f, "@{h}"),
            Query::Not(q) => {
                f.write_str("NOT ")?;
                q.write_atomic(f)
            }
            _ => self.write_parens(f),
        }
    }

    fn write_parens(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        self.write_group(f)?;
        f.write_str(")")
    }
}

/// The canonical reading (module doc, [`Query::reads_as`]).
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_group(f)
    }
}

/// A post prepared for matching many queries: tokenised once.
#[derive(Debug, Default)]
pub struct Doc {
    /// Words and hashtag bodies in order: `#Décathlon` is a mention of the word `decathlon`.
    seq: Vec<String>,
    /// Which entries of `seq` are hashtags (for `#tag NEAR/n …`).
    tags: Vec<bool>,
    words: HashSet<String>,
    hashtags: HashSet<String>,
    /// Handles mentioned in the text, and the author's own handle (`@fnac` matches what @fnac posts).
    handles: HashSet<String>,
}

impl Doc {
    pub fn new(text: &str, author_handle: &str) -> Doc {
        let mut doc = Doc::default();
        for t in tokens::tokenize(text) {
            match t.kind {
                Kind::Word => {
                    doc.words.insert(t.text.clone());
                    doc.seq.push(t.text);
                    doc.tags.push(false);
                }
                Kind::Hashtag => {
                    doc.words.insert(t.text.clone());
                    doc.hashtags.insert(t.text.clone());
                    doc.seq.push(t.text);
                    doc.tags.push(true);
                }
                Kind::Handle => {
                    doc.handles.insert(t.text);
                }
            }
        }
        let handle = crate::text::fold::fold(author_handle.trim_start_matches('@'));
        if !handle.is_empty() {
            doc.handles.insert(handle);
        }
        doc
    }

    fn has_words(&self, words: &[String]) -> bool {
        match words {
            [] => false,
            [w] => self.words.contains(w),
            _ => {
                self.words.contains(&words[0])
                    && self.seq.windows(words.len()).any(|win| win == words)
            }
        }
    }

    /// Where `q` is in `seq`, as `[start, end)` spans of entries (see [`Query::has_places`]).
    fn places(&self, q: &Query, out: &mut Vec<(usize, usize)>) {
        match q {
            Query::Words(words) if !words.is_empty() && self.words.contains(&words[0]) => {
                let n = words.len();
                out.extend(self.seq.windows(n).enumerate().filter(|(_, w)| *w == words.as_slice()).map(|(i, _)| (i, i + n)));
            }
            Query::Prefix(stem) => {
                out.extend(self.seq.iter().enumerate().filter(|(_, w)| w.starts_with(stem.as_str())).map(|(i, _)| (i, i + 1)));
            }
            Query::Hashtag(t) if self.hashtags.contains(t) => {
                out.extend((0..self.seq.len()).filter(|&i| self.tags[i] && self.seq[i] == *t).map(|i| (i, i + 1)));
            }
            Query::Or(a, b) => {
                self.places(a, out);
                self.places(b, out);
            }
            _ => {}
        }
    }

    /// Some place of `a` and some place of `b` with at most `within` entries between them, either order,
    /// not overlapping (`brioche NEAR/2 brioche` needs the word twice). Sorted ends and starts of `b`'s
    /// places, so a long post with many places costs n log n, not n².
    fn near(&self, a: &Query, b: &Query, within: usize) -> bool {
        let mut pa = Vec::new();
        self.places(a, &mut pa);
        if pa.is_empty() {
            return false;
        }
        let mut pb = Vec::new();
        self.places(b, &mut pb);
        let mut starts: Vec<usize> = pb.iter().map(|p| p.0).collect();
        let mut ends: Vec<usize> = pb.iter().map(|p| p.1).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        pa.iter().any(|&(start, end)| {
            // `b` after `a`: the first start at or after `a`'s end.
            let after = starts.partition_point(|&s| s < end);
            let b_after = starts.get(after).is_some_and(|&s| s - end <= within);
            // `b` before `a`: the last end at or before `a`'s start.
            let before = ends.partition_point(|&e| e <= start);
            let b_before = before > 0 && start - ends[before - 1] <= within;
            b_after || b_before
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(src: &str) -> Query {
        Query::parse(src).unwrap_or_else(|e| panic!("{src}: {e}"))
    }

    fn m(src: &str, text: &str) -> bool {
        q(src).matches(&Doc::new(text, ""))
    }

    fn err(src: &str) -> QueryError {
        Query::parse(src).unwrap_err()
    }

    fn reads(src: &str) -> String {
        q(src).reads_as()
    }

    #[test]
    fn folds_case_and_accents_both_ways() {
        assert!(m("Décathlon", "j'adore DECATHLON"));
        assert!(m("decathlon", "Décathlon c'est top"));
        assert!(m("\"vélo électrique\"", "mon Velo Electrique est arrivé"));
    }

    #[test]
    fn matches_on_word_boundaries() {
        assert!(!m("apple", "I love pineapple"));
        assert!(m("apple", "Apple's new phone"));
        assert!(m("coca-cola", "a Coca Cola please"));
        assert!(!m("coca-cola", "coca then cola"));
    }

    #[test]
    fn boolean_operators_and_precedence() {
        let query = "(apple OR iphone) NOT pineapple";
        assert!(m(query, "new iPhone"));
        assert!(!m(query, "apple and pineapple"));
        assert!(!m(query, "samsung"));
        // Implicit AND.
        assert!(m("apple watch", "my watch from Apple"));
        assert!(!m("apple watch", "apple pie"));
        assert_eq!(q("apple watch"), q("apple AND watch"));
        // OR binds looser than AND: a OR (b AND c).
        assert!(m("a OR b c", "a"));
        assert!(!m("a OR b c", "b"));
        assert_eq!(q("a OR b c"), q("a OR (b AND c)"));
        assert!(m("fnac -darty", "fnac"));
        assert!(!m("fnac -darty", "fnac darty"));
        assert!(m("\"not\" bad", "not bad"));
        assert_eq!(q("a && b || c"), q("a AND b OR c"));
    }

    #[test]
    fn french_operators_mean_the_english_ones() {
        assert_eq!(q("\"Brioche Phone\" OU #BriochePhone"), q("\"Brioche Phone\" OR #BriochePhone"));
        assert_eq!(q("Brioche ET NON promo"), q("Brioche AND NOT promo"));
        assert_eq!(q("\"Brioche Phone\" SAUF promo"), q("\"Brioche Phone\" NOT promo"));
        assert_eq!(q("vélo ET (lumen OU cargo)"), q("vélo AND (lumen OR cargo)"));
        assert!(m("\"Brioche Phone\" OU #BriochePhone", "trop bien #briochephone"));
        assert!(m("Brioche ET NON promo", "brioche au beurre"));
        assert!(!m("Brioche ET NON promo", "brioche en promo"));
        assert!(!m("\"Brioche Phone\" SAUF promo", "Brioche Phone en PROMO"));
        // The operator as the person wrote it names the error.
        assert_eq!(err("brioche OU").args, Problem::NoRightTerm { op: "OU".into() });
        assert_eq!(err("ET brioche").args, Problem::NoLeftTerm { op: "ET".into() });
        assert_eq!(err("brioche SAUF").problem, "SAUF needs a term on its right");
        assert_eq!(err("brioche ET NON").args, Problem::NoRightTerm { op: "NON".into() });
    }

    /// Lowercase operator words are words: the French "et" and "ou" search, in a phrase or not.
    #[test]
    fn operator_words_count_only_in_capitals() {
        assert_eq!(q("pain et chocolat"), q("pain AND et AND chocolat"));
        assert!(m("pain et chocolat", "pain au chocolat et café"));
        assert!(!m("pain et chocolat", "pain au chocolat"));
        assert!(m("\"pain et chocolat\"", "du pain et chocolat"));
        assert!(!m("\"pain et chocolat\"", "pain, chocolat et café"));
        assert!(m("thé ou café", "thé ou café ?"));
        assert!(!m("thé ou café", "thé"));
        assert!(!m("decathlon not intersport", "Décathlon"), "lowercase not is the word `not`");
        assert!(m("decathlon not intersport", "not decathlon, intersport"));
        assert_eq!(q("a Or b"), q("a or b"));
        assert_eq!(q("\"ET\""), q("et"));
        assert_eq!(reads("near/3"), "\"near 3\"");
    }

    /// The README's example, as listening platforms read it: NOT excludes from everything before it.
    #[test]
    fn not_after_a_term_excludes_the_rest_of_the_query() {
        let readme = "\"Brioche Phone\" OR #BriochePhone NOT promo";
        assert_eq!(q(readme), q("(\"Brioche Phone\" OR #BriochePhone) AND NOT promo"));
        assert!(m(readme, "Brioche Phone 2 is here"));
        assert!(m(readme, "Love my #BriochePhone"));
        assert!(!m(readme, "Brioche Phone 2 -20% : code promo BRIOCHE20"));
        assert!(!m(readme, "#BriochePhone promo de printemps"));
        // To the end of the query, and each NOT its own part.
        assert_eq!(q("a NOT b OR c"), q("a AND NOT (b OR c)"));
        assert!(!m("a NOT b OR c", "a c"));
        assert_eq!(q("a NOT b NOT c"), q("(a AND NOT b) AND NOT c"));
        assert_eq!(q("a b NOT c d"), q("(a AND b) AND NOT (c AND d)"));
        assert!(m("a b NOT c d", "a b c"), "only posts with both c and d are excluded");
        // `AND NOT`, `ET NON` and `SAUF` are the same NOT.
        assert_eq!(q("a OR b AND NOT c"), q("a OR b NOT c"));
        assert_eq!(q("a OU b ET NON c"), q("a OR b NOT c"));
        assert_eq!(q("a OU b SAUF c"), q("a OR b NOT c"));
        // Parentheses limit its reach.
        assert_eq!(q("(a NOT b) OR c"), Query::Or(Box::new(q("a NOT b")), Box::new(q("c"))));
        assert!(m("(a NOT b) OR c", "b c"));
        assert_eq!(q("x (a OR b NOT c) y"), q("x AND ((a OR b) AND NOT c) AND y"));
        // `-` and a NOT where a term is expected take one term.
        assert_eq!(q("a -b OR c"), q("(a AND NOT b) OR c"));
        assert!(m("a -b OR c", "b c"));
        assert_eq!(q("NOT promo brioche"), q("brioche NOT promo").and_commuted());
        assert_eq!(q("a OR NOT b c"), q("a OR ((NOT b) AND c)"));
        assert_eq!(q("a NOT NOT b"), q("a AND NOT (NOT b)"));
        assert!(m("NOT promo", "brioche"));
        assert!(!m("NOT promo", "promo"));
    }

    impl Query {
        fn and_commuted(self) -> Query {
            match self {
                Query::And(a, b) => Query::And(b, a),
                q => q,
            }
        }
    }

    #[test]
    fn near_finds_two_terms_within_n_words_either_order() {
        let query = "batterie NEAR/3 brioche";
        assert!(m(query, "la batterie du Brioche Phone"));
        assert!(m(query, "Brioche Phone : la batterie"), "either order");
        assert!(m(query, "batterie a b c brioche"), "3 words between");
        assert!(!m(query, "batterie a b c d brioche"), "4 words between");
        assert!(!m(query, "batterie"));
        assert!(m("a NEAR/0 b", "b a"));
        assert!(!m("a NEAR/0 b", "a x b"));
        // Phrases, hashtags, wildcards and parenthesised ORs of them.
        assert!(m("\"brioche phone\" NEAR/1 batterie", "brioche phone, sa batterie"));
        assert!(!m("\"brioche phone\" NEAR/1 batterie", "brioche, la batterie du phone"));
        assert!(m("#briochephone NEAR/2 recharg*", "#BriochePhone se recharge vite"));
        assert!(!m("#briochephone NEAR/2 recharg*", "briochephone se recharge vite"), "the hashtag, not the word");
        assert!(m("(batterie OR battery) NEAR/2 brioche", "Brioche battery life"));
        // Two places, not one word twice.
        assert!(!m("brioche NEAR/2 brioche", "brioche"));
        assert!(m("brioche NEAR/2 brioche", "brioche, brioche"));
        // In a larger query, tighter than AND.
        assert_eq!(q("x a NEAR/2 b"), Query::And(Box::new(q("x")), Box::new(q("a NEAR/2 b"))));
        assert!(m("promo NOT a NEAR/1 b", "promo b x x a"));
        assert!(!m("promo NOT a NEAR/1 b", "promo b a"));
    }

    #[test]
    fn near_errors_are_typed() {
        let far = Problem::NearDistance { word: "NEAR/51".into(), max: MAX_NEAR };
        assert_eq!(err("a NEAR/51 b"), QueryError::new(3, far));
        for bad in ["NEAR/", "NEAR/x", "NEAR/-1", "NEAR/3b", "NEAR/0003"] {
            assert!(matches!(err(&format!("a {bad} b")).args, Problem::NearDistance { .. }), "{bad}");
        }
        assert_eq!(err("@fnac NEAR/2 promo"), QueryError::new(7, Problem::NearOperand { op: "NEAR/2".into() }));
        assert_eq!(err("promo NEAR/2 @fnac").position, 14);
        assert_eq!(err("a NEAR/2 b NEAR/2 c").position, 12);
        assert_eq!(err("a NEAR/2 (b c)").args, Problem::NearOperand { op: "NEAR/2".into() });
        assert_eq!(err("a NEAR/2 -b").args, Problem::NearOperand { op: "NEAR/2".into() });
        assert_eq!(err("NEAR/2 b").args, Problem::NoLeftTerm { op: "NEAR/2".into() });
        assert_eq!(err("a NEAR/2").args, Problem::NoRightTerm { op: "NEAR/2".into() });
        assert!(err("a NEAR/2 @b").problem.starts_with("NEAR/2 joins words"));
    }

    #[test]
    fn a_trailing_wildcard_matches_word_beginnings() {
        assert_eq!(q("Recharg*"), Query::Prefix("recharg".into()));
        assert!(m("recharg*", "il se recharge vite"));
        assert!(m("recharg*", "RECHARGEABLE"));
        assert!(m("recharg*", "#rechargeable"));
        assert!(!m("recharg*", "la charge"));
        assert!(m("éco*", "Écologique"), "folded like any term");
        assert!(m("brioche recharg* NOT promo", "ma brioche recharge"));
        assert!(m("\"recharg*\"", "recharg"), "in quotes, `*` is punctuation: quotes are exact");
    }

    #[test]
    fn wildcard_errors_are_typed() {
        assert_eq!(err("a re*"), QueryError::new(3, Problem::ShortStem { word: "re*".into(), min: MIN_STEM_CHARS }));
        assert_eq!(err("re*").problem, "`re*`: put at least 3 letters before the `*`");
        assert!(matches!(err("*").args, Problem::ShortStem { .. }));
        assert!(matches!(err("!!*").args, Problem::ShortStem { .. }));
        for bad in ["re*charge", "recharg**", "coca-co*", "#promo*", "@fnac*", "rech.*", "*charge"] {
            assert_eq!(err(bad).args, Problem::WildcardPlacement { word: bad.into() }, "{bad}");
        }
        assert_eq!(err("a re*charge").position, 3);
    }

    #[test]
    fn phrases_are_exact_sequences() {
        assert!(m("\"battery life\"", "the Battery-life is poor"));
        assert!(!m("\"battery life\"", "life of the battery"));
        assert!(m("«service client»", "le service client ne répond pas"));
    }

    #[test]
    fn hashtags_and_handles_match_as_such() {
        assert!(m("#soldes", "Les #Soldes commencent"));
        assert!(!m("#soldes", "les soldes commencent"));
        assert!(m("soldes", "les #soldes"));
        assert!(m("@fnac", "merci @FNAC !"));
        assert!(!m("@fnac", "merci fnac"));
        let query = Query::parse("@fnac").unwrap();
        assert!(query.matches(&Doc::new("nouvelle promo", "Fnac")));
    }

    /// The reading under the editor's field: folded terms, operators in capitals and in English, the
    /// parentheses that show what each NOT excludes.
    #[test]
    fn the_reading_shows_how_the_query_was_read() {
        let cases = [
            ("\"Brioche Phone\" OR #BriochePhone NOT promo", "(\"brioche phone\" OR #briochephone) AND NOT promo"),
            ("\"Brioche Phone\" OU #BriochePhone SAUF promo OU pub", "(\"brioche phone\" OR #briochephone) AND NOT (promo OR pub)"),
            ("Brioche ET NON promo", "brioche AND NOT promo"),
            ("pain et chocolat", "pain AND et AND chocolat"),
            ("a NOT b NOT c", "a AND NOT b AND NOT c"),
            ("(a NOT b) OR c", "(a AND NOT b) OR c"),
            ("a -b c", "(a AND NOT b) AND c"),
            ("fnac -darty", "fnac AND NOT darty"),
            ("NOT promo", "NOT promo"),
            ("NOT promo brioche", "NOT promo AND brioche"),
            ("a OR NOT b", "a OR NOT b"),
            ("a OR (b OR c)", "a OR (b OR c)"),
            ("(a OR b) OR c", "a OR b OR c"),
            ("a (b c)", "a AND (b AND c)"),
            ("-(a b)", "NOT (a AND b)"),
            ("Batterie NEAR/3 (Brioche OR #BriochePhone)", "batterie NEAR/3 (brioche OR #briochephone)"),
            ("Recharg* @Fnac coca-cola «Vélo»", "recharg* AND @fnac AND \"coca cola\" AND velo"),
            ("((a))", "a"),
        ];
        for (src, want) in cases {
            assert_eq!(reads(src), want, "{src}");
            assert_eq!(q(want), q(src), "{want} re-parses to the query of {src}");
        }
    }

    #[test]
    fn errors_name_the_position_and_problem() {
        assert_eq!(err("apple AND"), QueryError::new(7, Problem::NoRightTerm { op: "AND".into() }));
        assert_eq!(err("apple AND").problem, "AND needs a term on its right");
        assert_eq!(err("OR apple").position, 1);
        assert!(err("OR apple").problem.contains("left"));
        let e = err("(apple OR pear");
        assert_eq!((e.position, e.problem.as_str()), (1, "this parenthesis is never closed"));
        assert_eq!(err("apple)").position, 6);
        assert_eq!(err("a \"vélo").position, 3);
        assert!(err("a \"vélo").to_string().contains("at position 3: this quote is never closed"));
        assert_eq!(err("  ").problem, "the query is empty");
        assert!(err("#").problem.contains("after its `#`"));
        assert_eq!(err("x ()").position, 3);
        assert_eq!(err("apple NOT").position, 7);
        assert_eq!(err("apple AND NOT").args, Problem::NoRightTerm { op: "NOT".into() });
        assert_eq!(err("apple AND NOT").position, 11);
        assert_eq!(err("a -)").args, Problem::NoRightTerm { op: "-".into() });
        assert_eq!(err("a NOT OR b").args, Problem::NoRightTerm { op: "NOT".into() });
        assert_eq!(err("!!!").position, 1);
    }

    /// A restored backup or an imported watchlist can hold any query: deep nesting or a huge query is a
    /// clear error, never a stack overflow (which in the extension would take the engine down at every
    /// start, since the watchlist is read at load).
    #[test]
    fn deep_or_huge_queries_are_refused_not_overflowed() {
        let deep = format!("{}a{}", "(".repeat(50_000), ")".repeat(50_000));
        assert!(err(&deep).problem.contains("at most"), "{}", err(&deep));
        let nested = format!("{}a{}", "(".repeat(MAX_DEPTH + 1), ")".repeat(MAX_DEPTH + 1));
        assert_eq!(err(&nested), QueryError::new(MAX_DEPTH + 1, Problem::TooDeep { max: MAX_DEPTH }));
        assert_eq!(err(&("NOT ".repeat(MAX_DEPTH + 1) + "a")).position, 4 * MAX_DEPTH + 1);
        assert_eq!(err(&("-".repeat(200) + "a")).problem, format!("nested more than {MAX_DEPTH} deep"));
        // As deep as allowed still parses, and many terms side by side are fine, and so are many NOTs
        // one after the other (a loop, not a recursion).
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Query::parse(&ok).unwrap().matches(&Doc::new("a", "")));
        let many = "a ".repeat(MAX_QUERY_CHARS / 2);
        assert!(Query::parse(&many).unwrap().matches(&Doc::new("a", "")));
        let excluded = format!("a{}", " NOT b".repeat(MAX_QUERY_CHARS / 7));
        assert!(Query::parse(&excluded).unwrap().matches(&Doc::new("a", "")));
        assert!(err(&"a ".repeat(MAX_QUERY_CHARS)).problem.contains("at most"));
    }

    /// Pieces a query is made of, operators of both languages and their lowercase forms included, and a
    /// few that are always wrong, so that random sequences of them are often valid queries, not always.
    const TERMS: &[&str] = &[
        "brioche", "Phone", "\"Brioche Phone\"", "«vélo électrique»", "#BriochePhone", "@fnac", "recharg*",
        "coca-cola", "Été", "et", "ou", "not", "near/2", "-promo", "ß", "İstanbul", "l'apple", "jʼaime",
    ];
    const OPERATORS: &[&str] = &[
        "AND", "ET", "OR", "OU", "NOT", "NON", "SAUF", "&&", "||", "NEAR/2", "NEAR/0", "-", "(", ")", "(", ")",
    ];
    const WRONG: &[&str] = &["re*", "#", "\"", "NEAR/x", "()", "*"];

    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            6 => prop::sample::select(TERMS),
            4 => prop::sample::select(OPERATORS),
            1 => prop::sample::select(WRONG),
        ];
        let flat = proptest::collection::vec(piece, 1..14).prop_map(|p| p.join(" "));
        // Nested, so balanced: groups in groups, NOTs before and after terms.
        const JOINS: &[&str] = &[
            " ", " AND ", " ET ", " OR ", " OU ", " NOT ", " SAUF ", " AND NOT ", " ET NON ", " NEAR/1 ", " || ",
        ];
        let nested = prop::sample::select(TERMS).prop_map(str::to_string).prop_recursive(5, 24, 2, |inner| {
            prop_oneof![
                (inner.clone(), prop::sample::select(JOINS), inner.clone()).prop_map(|(a, op, b)| format!("{a}{op}{b}")),
                inner.clone().prop_map(|a| format!("({a})")),
                inner.clone().prop_map(|a| format!("NOT {a}")),
                inner.prop_map(|a| format!("-({a})")),
            ]
        });
        prop_oneof![flat, nested]
    }

    /// The reading parses back to the same query, and reads the same (it is a fixed point). The one
    /// exception: a reading a few characters or parentheses over the limits of a query at those limits.
    fn assert_reading_reparses(src: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let Ok(query) = Query::parse(src) else { return Ok(()) };
        let reading = query.reads_as();
        match Query::parse(&reading) {
            Ok(again) => {
                proptest::prop_assert_eq!(&again, &query, "{} reads as {}", src, reading);
                proptest::prop_assert_eq!(again.reads_as(), reading);
            }
            Err(e) => proptest::prop_assert!(
                matches!(e.args, Problem::TooLong { .. } | Problem::TooDeep { .. }),
                "{} reads as {}, which does not parse: {}", src, reading, e
            ),
        }
        Ok(())
    }

    proptest::proptest! {
        /// A query typed by a person, or a post from a page, is any string: never a panic; an error
        /// always points inside the query (or just past its end).
        #[test]
        fn any_query_and_any_text(q in "\\PC{0,40}", text in "\\PC{0,80}") {
            match Query::parse(&q) {
                Ok(query) => {
                    query.matches(&Doc::new(&text, &q));
                }
                Err(e) => proptest::prop_assert!(e.position >= 1 && e.position <= q.chars().count() + 1),
            }
            assert_reading_reparses(&q)?;
            for t in crate::text::tokens::tokenize(&text) {
                proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
            crate::listening::trends::terms(&text);
        }

        #[test]
        fn the_reading_of_a_query_reparses_to_it(src in pieces(), text in "[a-c ]{0,30}") {
            assert_reading_reparses(&src)?;
            if let Ok(query) = Query::parse(&src) {
                let doc = Doc::new(&text, "");
                proptest::prop_assert_eq!(Query::parse(&query.reads_as()).map(|r| r.matches(&doc)).ok(), Some(query.matches(&doc)));
            }
        }

        /// Random small queries over three words, checked against what they mean on random posts.
        #[test]
        fn small_queries_mean_what_the_doc_says(
            a in "[abc]", b in "[abc]", c in "[abc]", n in 0usize..3,
            text in proptest::collection::vec("[abcd]", 0..8),
        ) {
            let text = text.join(" ");
            let doc = Doc::new(&text, "");
            let has = |w: &str| text.split(' ').any(|t| t == w);
            proptest::prop_assert_eq!(q(&format!("{a} OR {b} NOT {c}")).matches(&doc), (has(&a) || has(&b)) && !has(&c));
            proptest::prop_assert_eq!(q(&format!("{a} OU {b} ET NON {c}")).matches(&doc), (has(&a) || has(&b)) && !has(&c));
            proptest::prop_assert_eq!(q(&format!("{a} -{b} OR {c}")).matches(&doc), (has(&a) && !has(&b)) || has(&c));
            let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            let near = (0..words.len()).any(|i| (0..words.len()).any(|j| {
                i != j && words[i] == a && words[j] == b && i.abs_diff(j) - 1 <= n
            }));
            proptest::prop_assert_eq!(q(&format!("{a} NEAR/{n} {b}")).matches(&doc), near, "{} NEAR/{} {} on {:?}", a, n, b, text);
        }
    }
}
