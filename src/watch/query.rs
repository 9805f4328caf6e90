//! Boolean watch queries: `decathlon OR "vélo électrique"`, `(apple OR iphone) NOT pineapple`,
//! `#soldes AND @fnac`. Operators `AND`, `OR`, `NOT` (any case; quote a term to search those words),
//! parentheses, "exact phrases", and implicit AND between adjacent terms. `-term` is short for `NOT term`.
//! Matching is case- and accent-insensitive and on word boundaries (see tokens.rs).
//!
//! Precedence, loosest first: OR, AND (explicit or implicit), NOT.
use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use super::tokens::{self, Kind};

/// Longest query, in characters: queries come from the person, but also from restored backups and
/// imported watchlists, and parsing and matching recurse over them.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Deepest nesting of parentheses and NOTs: a bound on the parser's recursion (the wasm stack is small).
pub const MAX_DEPTH: usize = 32;

/// A malformed query: where (1-based character position in the query) and what, in English (`problem`:
/// the CLI and the error's text) and as a code with its figures (`args`: the extension says it in the
/// person's language, extension/shared/words.js, messages `query_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub position: usize,
    pub problem: String,
    pub args: Problem,
}

impl QueryError {
    pub fn new(position: usize, args: Problem) -> QueryError {
        QueryError { position, problem: args.to_string(), args }
    }
}

/// What is wrong with a query. Serialized tagged by `kind` (docs/listening.md); the names are stable.
/// `word`, `op` and `sigil` are the person's own text: shown as text only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A quote that is never closed.
    UnclosedQuote,
    /// `""`: a phrase without words.
    EmptyPhrase,
    /// `#` or `@` without letters or digits after it.
    BareSigil { word: String, sigil: String },
    /// A term without letters or digits (`!!!`).
    NoLetters { word: String },
    /// Parentheses and NOTs nested deeper than `max`.
    TooDeep { max: usize },
    EmptyParentheses,
    UnclosedParenthesis,
    /// A `)` without its `(`.
    UnmatchedClose,
    /// `op` (AND, OR) with nothing on its left.
    NoLeftTerm { op: String },
    /// `op` (AND, OR, NOT) with nothing on its right.
    NoRightTerm { op: String },
    TermExpected,
    /// Longer than `max` characters.
    TooLong { max: usize },
    Empty,
    TrailingText,
    /// A watchlist of more than `max` items.
    TooManyItems { max: usize },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnclosedQuote => write!(f, "this quote is never closed"),
            Problem::EmptyPhrase => write!(f, "empty phrase: put words between the quotes"),
            Problem::BareSigil { word, sigil } => write!(f, "`{word}` needs letters or digits after its `{sigil}`"),
            Problem::NoLetters { word } => write!(f, "`{word}` has no letters or digits to match"),
            Problem::TooDeep { max } => write!(f, "nested more than {max} deep"),
            Problem::EmptyParentheses => write!(f, "empty parentheses"),
            Problem::UnclosedParenthesis => write!(f, "this parenthesis is never closed"),
            Problem::UnmatchedClose => write!(f, "`)` without a matching `(`"),
            Problem::NoLeftTerm { op } => write!(f, "{op} needs a term on its left"),
            Problem::NoRightTerm { op } => write!(f, "{op} needs a term on its right"),
            Problem::TermExpected => write!(f, "a term was expected here"),
            Problem::TooLong { max } => write!(f, "a query is at most {max} characters"),
            Problem::Empty => write!(f, "the query is empty"),
            Problem::TrailingText => write!(f, "unexpected text after the query"),
            Problem::TooManyItems { max } => write!(f, "at most {max} watch items"),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at position {}: {}", self.position, self.problem)
    }
}

impl std::error::Error for QueryError {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// One or more words in sequence (a phrase, or a term such as "coca-cola" that splits into words).
    Words(Vec<String>),
    Hashtag(String),
    Handle(String),
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Open,
    Close,
    And,
    Or,
    Not,
    Atom(Query),
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
            '"' | '“' | '”' | '«' | '»' => {
                let close = |c: char| matches!(c, '"' | '“' | '”' | '«' | '»');
                let Some(len) = chars[i + 1..].iter().position(|&c| close(c)) else {
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
                out.push((pos, Lex::Not));
                i += 1;
            }
            _ => {
                let len = chars[i..]
                    .iter()
                    .position(|&c| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”' | '«' | '»'))
                    .unwrap_or(chars.len() - i);
                let word: String = chars[i..i + len].iter().collect();
                i += len;
                let lex = match word.as_str() {
                    w if w.eq_ignore_ascii_case("and") || w == "&&" => Lex::And,
                    w if w.eq_ignore_ascii_case("or") || w == "||" => Lex::Or,
                    w if w.eq_ignore_ascii_case("not") => Lex::Not,
                    _ => Lex::Atom(atom(&word, pos)?),
                };
                out.push((pos, lex));
            }
        }
    }
    Ok(out)
}

/// One bare term: `#tag`, `@handle`, or words.
fn atom(word: &str, pos: usize) -> Result<Query, QueryError> {
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

    fn or(&mut self) -> Result<Query, QueryError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Lex::Or) {
            let at = self.pos();
            self.i += 1;
            let right = self.operand("OR", at)?;
            left = Query::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Query, QueryError> {
        let mut left = self.unary()?;
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    let at = self.pos();
                    self.i += 1;
                    let right = self.operand_unary("AND", at)?;
                    left = Query::And(Box::new(left), Box::new(right));
                }
                // Implicit AND: `apple iphone`, `apple NOT pie`, `apple (a OR b)`.
                Some(Lex::Atom(_) | Lex::Not | Lex::Open) => {
                    let right = self.unary()?;
                    left = Query::And(Box::new(left), Box::new(right));
                }
                _ => return Ok(left),
            }
        }
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        if self.peek() == Some(&Lex::Not) {
            let at = self.pos();
            self.i += 1;
            self.nest(at)?;
            let inner = self.operand_unary("NOT", at)?;
            self.depth -= 1;
            return Ok(Query::Not(Box::new(inner)));
        }
        self.primary()
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
                let inner = self.or()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err(QueryError::new(at, Problem::UnclosedParenthesis));
                }
                self.i += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(Lex::Close) => Err(QueryError::new(at, Problem::UnmatchedClose)),
            Some(Lex::And) => Err(QueryError::new(at, Problem::NoLeftTerm { op: "AND".into() })),
            Some(Lex::Or) => Err(QueryError::new(at, Problem::NoLeftTerm { op: "OR".into() })),
            Some(Lex::Not) => self.unary(),
            None => Err(QueryError::new(at, Problem::TermExpected)),
        }
    }

    /// The right operand of a binary operator, with an error naming the operator when it is missing.
    fn operand(&mut self, op: &str, at: usize) -> Result<Query, QueryError> {
        match self.peek() {
            None | Some(Lex::Close | Lex::And | Lex::Or) => Err(QueryError::new(at, Problem::NoRightTerm { op: op.into() })),
            _ => self.and(),
        }
    }

    fn operand_unary(&mut self, op: &str, at: usize) -> Result<Query, QueryError> {
        match self.peek() {
            None | Some(Lex::Close | Lex::And | Lex::Or) => Err(QueryError::new(at, Problem::NoRightTerm { op: op.into() })),
            _ => self.unary(),
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
        let q = p.or()?;
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
            Query::Hashtag(t) => doc.hashtags.contains(t),
            Query::Handle(h) => doc.handles.contains(h),
            Query::And(a, b) => a.matches(doc) && b.matches(doc),
            Query::Or(a, b) => a.matches(doc) || b.matches(doc),
            Query::Not(a) => !a.matches(doc),
        }
    }
}

/// A post prepared for matching many queries: tokenised once.
#[derive(Debug, Default)]
pub struct Doc {
    /// Words and hashtag bodies in order: `#Décathlon` is a mention of the word `decathlon`.
    seq: Vec<String>,
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
                }
                Kind::Hashtag => {
                    doc.words.insert(t.text.clone());
                    doc.hashtags.insert(t.text.clone());
                    doc.seq.push(t.text);
                }
                Kind::Handle => {
                    doc.handles.insert(t.text);
                }
            }
        }
        let handle = crate::fold::fold(author_handle.trim_start_matches('@'));
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, text: &str) -> bool {
        Query::parse(q).unwrap().matches(&Doc::new(text, ""))
    }

    fn err(q: &str) -> QueryError {
        Query::parse(q).unwrap_err()
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
        let q = "(apple OR iphone) NOT pineapple";
        assert!(m(q, "new iPhone"));
        assert!(!m(q, "apple and pineapple"));
        assert!(!m(q, "samsung"));
        // Implicit AND.
        assert!(m("apple watch", "my watch from Apple"));
        assert!(!m("apple watch", "apple pie"));
        // OR binds looser than AND: a OR (b AND c).
        assert!(m("a OR b c", "a"));
        assert!(!m("a OR b c", "b"));
        assert!(m("fnac -darty", "fnac"));
        assert!(!m("fnac -darty", "fnac darty"));
        assert!(m("decathlon not intersport", "Décathlon"));
        assert!(m("\"not\" bad", "not bad"));
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
        let q = Query::parse("@fnac").unwrap();
        assert!(q.matches(&Doc::new("nouvelle promo", "Fnac")));
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
        // As deep as allowed still parses, and many terms side by side are fine.
        let ok = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(Query::parse(&ok).unwrap().matches(&Doc::new("a", "")));
        let many = "a ".repeat(MAX_QUERY_CHARS / 2);
        assert!(Query::parse(&many).unwrap().matches(&Doc::new("a", "")));
        assert!(err(&"a ".repeat(MAX_QUERY_CHARS)).problem.contains("at most"));
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
            for t in super::super::tokens::tokenize(&text) {
                proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
            crate::trends::terms(&text);
        }
    }
}
