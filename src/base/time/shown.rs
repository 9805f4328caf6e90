//! Publication times as pages show them in words ("8 hours ago", "il y a 3 h", "1 sem.", "26w",
//! "Yesterday at 14:05", "12 mars"), read against the moment the post was seen, in English and French.
//!
//! Sites that give no machine-readable time (HN and YouTube comments, LinkedIn, Instagram, Facebook…)
//! still print one for people. Read with its precision, it keeps such a post out of the hour it was *read*
//! (issue 11: 175 of 209 posts of one session made one fake spike). The rule is never to guess: a text that
//! is not one of the forms below, or that could mean two different days, is `None`, and the post stays
//! "time unknown".
//!
//! What `ms` is, for each kind of text (the same rule for every unit):
//! - **Relative** ("3 h", "2 days ago", "il y a une heure", "26w"): sites truncate the age, so "3 h" means
//!   an age between 3 and 4 hours. `ms` is `seen − 3 h`, the most recent instant the text allows; the
//!   real instant is in `(ms − one unit, ms]`. Months and years are counted on the person's calendar
//!   ("2 mois" seen on 31 May is 31 March; seen on 30 April, 28 or 29 February).
//! - **Calendar** ("Yesterday", "lundi", "12 mars", "March 12, 2025"): the day is in the person's zone
//!   (`utc_offset_min`). Without a clock time, `ms` is that day's local noon: noon stays in the same local
//!   day whatever the zone's offset was on that date (a daylight-saving change moves it by an hour), so
//!   whoever buckets the post by local day finds the day the page showed. With a clock time ("Hier à
//!   14:05") it is that minute, precision `Minute`.
//! - Nothing is after `seen_ms`: "Today at 18:00" read at 17:00 (the site's clock or zone is off) is
//!   clamped to `seen_ms`; a date without a year that would be in the future is last year's ("Dec 31"
//!   read on 1 January); a date with a year after the day seen is refused. Nothing is before 1970 either
//!   (`None`: no social page shows such a post, so "2025 y" is noise, not a time).
//!
//! Allocation-free (it runs once per post in the wasm): the text is cut into at most [`MAX_TOKENS`]
//! borrowed tokens on the stack, words are compared folded (case and French accents) without copying.

use serde::{Deserialize, Serialize};

use super::{civil_from_days, days_from_civil};

/// How exactly the publication instant is known: the unit of the text it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// A publication time read from a page's text: the estimated instant (UTC epoch ms, never after the
/// time seen) and how exactly it is known. See the module documentation for which instant is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownTime {
    pub ms: i64,
    pub precision: Precision,
}

/// A shown time is a few words: anything longer is not one (and is not worth reading).
const MAX_BYTES: usize = 96;
/// "Tuesday 1st March 2025 at 5:15 PM" is 9 tokens.
const MAX_TOKENS: usize = 12;
/// The largest count a relative time may carry ("9999 w"); more is not a time a site shows.
const MAX_COUNT: u32 = 9_999;
/// Real offsets are -12:00 to +14:00; anything beyond ±18:00 is a caller's bug, not a zone.
const MAX_OFFSET_MIN: i32 = 18 * 60;
/// `seen_ms` must be within years 1970 to 9999 (keeps every sum below far from overflow), and so must the
/// publication time: no social page shows a post from before 1970, so "2025 y" is not a time, it is noise.
const MIN_SEEN_MS: i64 = 0;
const MAX_SEEN_MS: i64 = 253_402_300_799_999;

const SECOND: i64 = 1_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Reads the publication time a page shows as text (`text`), for a post seen at `seen_ms` (UTC epoch ms)
/// by a person whose UTC offset was then `utc_offset_min` minutes east (+60 for Paris in winter).
/// `None` when the text is not a publication time this reader knows for sure.
pub fn read_shown_time(text: &str, seen_ms: i64, utc_offset_min: i32) -> Option<ShownTime> {
    if text.len() > MAX_BYTES
        || !(MIN_SEEN_MS..=MAX_SEEN_MS).contains(&seen_ms)
        || utc_offset_min.unsigned_abs() > MAX_OFFSET_MIN.unsigned_abs()
    {
        return None;
    }
    let mut buf = [Token::EMPTY; MAX_TOKENS];
    let n = tokenize(text, &mut buf)?;
    let t = strip_edited(&buf[..n]);
    if t.is_empty() {
        return None;
    }
    let offset = i64::from(utc_offset_min) * MINUTE;
    let read = if NOW.iter().any(|form| words_are(t, form)) {
        ShownTime { ms: seen_ms, precision: Precision::Minute }
    } else if let Some((count, unit)) = relative(t) {
        ago(count, unit, seen_ms, offset)
    } else {
        calendar(t, seen_ms, offset)?
    };
    debug_assert!(read.ms <= seen_ms, "{text:?} read after it was seen");
    (read.ms >= MIN_SEEN_MS).then_some(read)
}

// ---- Tokens -------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    /// A run of ASCII digits (at most 6): its value and how many digits were written.
    Num { value: u32, digits: usize },
    /// Digits joined by ':', '/', '-' or '.': a clock time ("14:05") or a numeric date ("12/03/2025").
    Joined(&'a str),
    /// Letters (ASCII, or Latin-1 letters French uses), as written and folded.
    Word(&'a str, Folded),
}

/// The longest word any table holds ("aujourdhui", "maintenant").
const MAX_WORD: usize = 10;

/// A word folded once (lowercase, no accents), so each of the ~150 table look-ups a text may take is a
/// plain byte comparison. A longer word is left empty: it matches nothing.
#[derive(Debug, Clone, Copy)]
struct Folded {
    bytes: [u8; MAX_WORD],
    len: u8,
}

impl Folded {
    fn of(word: &str) -> Folded {
        let mut f = Folded { bytes: [0; MAX_WORD], len: 0 };
        for (i, c) in word.chars().enumerate() {
            match (f.bytes.get_mut(i), fold_letter(c)) {
                (Some(slot), Some(b)) => *slot = b,
                _ => return Folded { bytes: [0; MAX_WORD], len: 0 },
            }
            f.len += 1;
        }
        f
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    tok: Tok<'a>,
    /// No separator before it: the "er" of "1er", the "h" of "3h".
    glued: bool,
}

impl Token<'_> {
    const EMPTY: Token<'static> = Token { tok: Tok::Num { value: 0, digits: 0 }, glued: false };
}

/// Cuts `text` into tokens; `None` for a character that is neither a letter, a digit nor a separator (a
/// "+", an emoji, another script: not a shown time) or for more than [`MAX_TOKENS`] tokens.
fn tokenize<'a>(text: &'a str, out: &mut [Token<'a>; MAX_TOKENS]) -> Option<usize> {
    let b = text.as_bytes();
    let (mut n, mut i, mut glued) = (0, 0, false);
    while let Some(c) = text[i..].chars().next() {
        let start = i;
        let tok = if c.is_ascii_digit() {
            let mut joined = false;
            i += 1;
            while i < b.len() {
                if b[i].is_ascii_digit() {
                    i += 1;
                } else if matches!(b[i], b':' | b'/' | b'-' | b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    joined = true;
                    i += 2;
                } else {
                    break;
                }
            }
            let s = &text[start..i];
            if joined {
                Tok::Joined(s)
            } else if s.len() > 6 {
                return None;
            } else {
                Tok::Num { value: s.parse().ok()?, digits: s.len() }
            }
        } else if fold_letter(c).is_some() {
            i += c.len_utf8();
            while let Some(c) = text[i..].chars().next().filter(|&c| fold_letter(c).is_some()) {
                i += c.len_utf8();
            }
            Tok::Word(&text[start..i], Folded::of(&text[start..i]))
        } else if is_separator(c) {
            i += c.len_utf8();
            glued = false;
            continue;
        } else {
            return None;
        };
        *out.get_mut(n)? = Token { tok, glued };
        n += 1;
        glued = true;
    }
    Some(n)
}

/// What pages put around and inside shown times: spaces of every width (NBSP, narrow NBSP in French),
/// "·" and "•" between the time and "Edited", dots of abbreviations ("sem.", "hr."), commas, brackets
/// ("(edited)"), apostrophes ("l'instant", "aujourd’hui"), dashes, and the invisible marks (bidi, zero
/// width) pages sprinkle in.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ','
                | ':'
                | '('
                | ')'
                | '['
                | ']'
                | '|'
                | '\''
                | '-'
                | '\u{b7}'
                | '\u{2022}'
                | '\u{22c5}'
                | '\u{2010}'..='\u{2015}'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2060}'
                | '\u{feff}'
        )
}

/// A letter's folded form (lowercase, French accents removed), or `None` if `c` is not a letter of the
/// Latin alphabet as English and French write it.
fn fold_letter(c: char) -> Option<u8> {
    Some(match c {
        'a'..='z' => c as u8,
        'A'..='Z' => c.to_ascii_lowercase() as u8,
        'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => b'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
        'î' | 'ï' | 'Î' | 'Ï' => b'i',
        'ô' | 'ö' | 'Ô' | 'Ö' => b'o',
        'û' | 'ù' | 'ü' | 'Û' | 'Ù' | 'Ü' => b'u',
        'ç' | 'Ç' => b'c',
        'ÿ' | 'Ÿ' => b'y',
        _ => return None,
    })
}

/// Is `tok` the word `folded` (given lowercase, without accents), whatever its case and accents?
fn is(tok: &Token, folded: &str) -> bool {
    matches!(&tok.tok, Tok::Word(_, f) if f.as_bytes() == folded.as_bytes())
}

fn is_any(tok: &Token, words: &[&str]) -> bool {
    words.iter().any(|w| is(tok, w))
}

fn words_are(t: &[Token], words: &[&str]) -> bool {
    t.len() == words.len() && t.iter().zip(words).all(|(tok, w)| is(tok, w))
}

fn lookup<T: Copy>(tok: &Token, table: &[(&str, T)]) -> Option<T> {
    table.iter().find(|(w, _)| is(tok, w)).map(|&(_, v)| v)
}

/// "Edited", "last edited", "(modifié)" around the time say the post changed, not when it was published.
fn strip_edited<'t, 'a>(mut t: &'t [Token<'a>]) -> &'t [Token<'a>] {
    const EDITED: &[&str] = &["edited", "modified", "modifie", "modifiee"];
    loop {
        match t {
            [last, edited, rest @ ..] if is(last, "last") && is_any(edited, EDITED) => t = rest,
            [edited, rest @ ..] if is_any(edited, EDITED) => t = rest,
            [rest @ .., edited] if is_any(edited, EDITED) => t = rest,
            _ => return t,
        }
    }
}

// ---- Relative times -----------------------------------------------------------------------------------

/// Read as the moment seen (precision minute).
const NOW: &[&[&str]] = &[
    &["now"],
    &["just", "now"],
    &["right", "now"],
    &["a", "moment", "ago"],
    &["moments", "ago"],
    &["a", "few", "seconds", "ago"],
    &["maintenant"],
    &["a", "l", "instant"],
    &["il", "y", "a", "quelques", "secondes"],
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

const UNITS: &[(&str, Unit)] = &[
    ("s", Unit::Second),
    ("sec", Unit::Second),
    ("secs", Unit::Second),
    ("second", Unit::Second),
    ("seconds", Unit::Second),
    ("seconde", Unit::Second),
    ("secondes", Unit::Second),
    ("m", Unit::Minute),
    ("min", Unit::Minute),
    ("mins", Unit::Minute),
    ("mn", Unit::Minute),
    ("minute", Unit::Minute),
    ("minutes", Unit::Minute),
    ("h", Unit::Hour),
    ("hr", Unit::Hour),
    ("hrs", Unit::Hour),
    ("hour", Unit::Hour),
    ("hours", Unit::Hour),
    ("heure", Unit::Hour),
    ("heures", Unit::Hour),
    ("d", Unit::Day),
    ("day", Unit::Day),
    ("days", Unit::Day),
    ("j", Unit::Day),
    ("jr", Unit::Day),
    ("jrs", Unit::Day),
    ("jour", Unit::Day),
    ("jours", Unit::Day),
    ("w", Unit::Week),
    ("wk", Unit::Week),
    ("wks", Unit::Week),
    ("week", Unit::Week),
    ("weeks", Unit::Week),
    ("sem", Unit::Week),
    ("semaine", Unit::Week),
    ("semaines", Unit::Week),
    ("mo", Unit::Month),
    ("mos", Unit::Month),
    ("mth", Unit::Month),
    ("mths", Unit::Month),
    ("month", Unit::Month),
    ("months", Unit::Month),
    ("mois", Unit::Month),
    ("y", Unit::Year),
    ("yr", Unit::Year),
    ("yrs", Unit::Year),
    ("year", Unit::Year),
    ("years", Unit::Year),
    ("an", Unit::Year),
    ("ans", Unit::Year),
    ("annee", Unit::Year),
    ("annees", Unit::Year),
];

fn unit(tok: &Token) -> Option<Unit> {
    // A capital "M" is a million ("27M" members) or a month, never minutes, and "Mo" is French for
    // megabytes: refuse them rather than guess.
    if matches!(tok.tok, Tok::Word("M" | "Mo", _)) {
        return None;
    }
    lookup(tok, UNITS)
}

/// `[il y a] N unit [ago]`, "a/an/one unit ago", "il y a un/une unit": the count and the unit.
fn relative(t: &[Token]) -> Option<(u32, Unit)> {
    let (french, t) = match t {
        [il, y, a, rest @ ..] if is(il, "il") && is(y, "y") && is(a, "a") => (true, rest),
        _ => (false, t),
    };
    let (first, rest) = t.split_first()?;
    let (count, article) = match first.tok {
        Tok::Num { value, .. } => (value, false),
        _ if french && is_any(first, &["un", "une"]) => (1, true),
        _ if !french && is_any(first, &["a", "an", "one"]) => (1, true),
        _ => return None,
    };
    let (unit_tok, rest) = rest.split_first()?;
    let unit = unit(unit_tok)?;
    let ago = match rest {
        [] => false,
        [ago] if !french && is(ago, "ago") => true,
        _ => return None,
    };
    // "an hour" alone is a duration, not a time ("an hour ago" is).
    if (article && !french && !ago) || count > MAX_COUNT {
        return None;
    }
    Some((count, unit))
}

/// `seen − count × unit` (months and years on the person's calendar), with the unit's precision.
fn ago(count: u32, unit: Unit, seen_ms: i64, offset: i64) -> ShownTime {
    let n = i64::from(count);
    let (step, precision) = match unit {
        Unit::Second => (SECOND, Precision::Minute),
        Unit::Minute => (MINUTE, Precision::Minute),
        Unit::Hour => (HOUR, Precision::Hour),
        Unit::Day => (DAY, Precision::Day),
        Unit::Week => (7 * DAY, Precision::Week),
        Unit::Month => return ShownTime { ms: months_before(seen_ms, offset, n), precision: Precision::Month },
        Unit::Year => return ShownTime { ms: months_before(seen_ms, offset, 12 * n), precision: Precision::Year },
    };
    ShownTime { ms: seen_ms - n * step, precision }
}

/// The same local day of the month and time of day, `months` months earlier; the day is clamped to the
/// month's length (31 May − 3 months = 28 or 29 February), so the result is never after `seen_ms`.
fn months_before(seen_ms: i64, offset: i64, months: i64) -> i64 {
    let local = seen_ms + offset;
    let (day, in_day) = (local.div_euclid(DAY), local.rem_euclid(DAY));
    let (y, m, d) = civil_from_days(day);
    let total = y * 12 + (m - 1) - months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    days_from_civil(y, m, d.min(days_in_month(y, m))) * DAY + in_day - offset
}

// ---- Calendar times -----------------------------------------------------------------------------------

const MONTHS: &[(&str, i64)] = &[
    ("jan", 1),
    ("january", 1),
    ("janv", 1),
    ("janvier", 1),
    ("feb", 2),
    ("february", 2),
    ("fev", 2),
    ("fevr", 2),
    ("fevrier", 2),
    ("mar", 3),
    ("march", 3),
    ("mars", 3),
    ("apr", 4),
    ("april", 4),
    ("avr", 4),
    ("avril", 4),
    ("may", 5),
    ("mai", 5),
    ("jun", 6),
    ("june", 6),
    ("juin", 6),
    ("jul", 7),
    ("july", 7),
    ("juil", 7),
    ("juillet", 7),
    ("aug", 8),
    ("august", 8),
    ("aout", 8),
    ("sep", 9),
    ("sept", 9),
    ("september", 9),
    ("septembre", 9),
    ("oct", 10),
    ("october", 10),
    ("octobre", 10),
    ("nov", 11),
    ("november", 11),
    ("novembre", 11),
    ("dec", 12),
    ("december", 12),
    ("decembre", 12),
];

/// Monday = 0. French "mar." (mardi) is also English "Mar" (March): a date's grammar tells them apart.
const WEEKDAYS: &[(&str, i64)] = &[
    ("mon", 0),
    ("monday", 0),
    ("lun", 0),
    ("lundi", 0),
    ("tue", 1),
    ("tues", 1),
    ("tuesday", 1),
    ("mar", 1),
    ("mardi", 1),
    ("wed", 2),
    ("wednesday", 2),
    ("mer", 2),
    ("mercredi", 2),
    ("thu", 3),
    ("thur", 3),
    ("thurs", 3),
    ("thursday", 3),
    ("jeu", 3),
    ("jeudi", 3),
    ("fri", 4),
    ("friday", 4),
    ("ven", 4),
    ("vendredi", 4),
    ("sat", 5),
    ("saturday", 5),
    ("sam", 5),
    ("samedi", 5),
    ("sun", 6),
    ("sunday", 6),
    ("dim", 6),
    ("dimanche", 6),
];

/// A local day (days since 1970-01-01 in the person's zone) and maybe a time of day, then the instant.
fn calendar(t: &[Token], seen_ms: i64, offset: i64) -> Option<ShownTime> {
    let today = (seen_ms + offset).div_euclid(DAY);
    // "on March 12" (HN), "le 12 mars".
    let t = match t {
        [on, rest @ ..] if is_any(on, &["on", "le"]) && !rest.is_empty() => rest,
        _ => t,
    };
    // The day is at most the first 5 tokens ("Tuesday 1st March 2025"); what follows must be a time of
    // day. Longest first, so "Mar 12 2025" is a year, not a day followed by garbage. A time starts with
    // a number or "at": other cuts are not tried.
    let (day, time) = (1..=t.len().min(5))
        .rev()
        .filter(|&k| t.get(k).map_or(true, |next| !matches!(next.tok, Tok::Word(..)) || is_any(next, &["at", "a"])))
        .find_map(|k| Some((day_of(&t[..k], today)?, time_of_day(&t[k..])?)))?;
    let local = day * DAY + time.unwrap_or(12 * HOUR);
    Some(ShownTime {
        ms: (local - offset).min(seen_ms),
        precision: if time.is_some() { Precision::Minute } else { Precision::Day },
    })
}

fn weekday_of(day: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7)
}

/// The local day a day-naming text points to, or `None`.
fn day_of(t: &[Token], today: i64) -> Option<i64> {
    match t {
        [w] if is_any(w, &["yesterday", "hier"]) => return Some(today - 1),
        [w] if is_any(w, &["today", "aujourdhui"]) => return Some(today),
        [a, b] if is(a, "aujourd") && is(b, "hui") => return Some(today),
        // The most recent such day before today: "Monday" read on a Monday is a week ago.
        // "Mar" alone is March to some, mardi to others: only a date can tell (below).
        [w] if !is(w, "mar") => {
            if let Some(wd) = lookup(w, WEEKDAYS) {
                return Some(today - 1 - (weekday_of(today) - 1 - wd).rem_euclid(7));
            }
        }
        _ => {}
    }
    if let Some(day) = date(t, today) {
        return Some(day);
    }
    // "Tuesday, December 19, 2023", "mar. 12 mars": the weekday must be the date's, or the text is refused.
    let (w, rest) = t.split_first()?;
    let wd = lookup(w, WEEKDAYS)?;
    date(rest, today).filter(|&day| weekday_of(day) == wd)
}

/// A date: "12 mars [2025]", "1er mars", "Mar 12[, 2025]", "March 1st", "25/12/2024", "2025-03-12".
fn date(t: &[Token], today: i64) -> Option<i64> {
    match t {
        [Token { tok: Tok::Joined(s), .. }] => numeric_date(s, today),
        [d, rest @ ..] if matches!(d.tok, Tok::Num { .. }) => {
            let (d, rest) = day_number(d, rest)?;
            let (m, rest) = rest.split_first()?;
            ymd(year(rest)?, lookup(m, MONTHS)?, d, today)
        }
        [m, d, rest @ ..] => {
            let m = lookup(m, MONTHS)?;
            let (d, rest) = day_number(d, rest)?;
            ymd(year(rest)?, m, d, today)
        }
        _ => None,
    }
}

/// A day of the month, 1 or 2 digits, with its ordinal suffix if glued ("1er", "1st", "22nd").
fn day_number<'t, 'a>(d: &Token, rest: &'t [Token<'a>]) -> Option<(i64, &'t [Token<'a>])> {
    let Tok::Num { value, digits } = d.tok else { return None };
    if digits > 2 || !(1..=31).contains(&value) {
        return None;
    }
    let rest = match rest {
        [suffix, more @ ..] if suffix.glued && is_any(suffix, &["er", "st", "nd", "rd", "th"]) => more,
        _ => rest,
    };
    Some((i64::from(value), rest))
}

/// Nothing (`Some(None)`), a 4-digit year, or `None` for anything else.
fn year(t: &[Token]) -> Option<Option<i64>> {
    match t {
        [] => Some(None),
        [Token { tok: Tok::Num { value, digits: 4 }, .. }] => Some(Some(i64::from(*value))),
        _ => None,
    }
}

/// "2025-03-12" (ISO), or day and month separated by '/' where only one order is possible: "25/12/2024"
/// is 25 December, "12/25/2024" too, "03/03/2025" is 3 March either way, but "12/03/2025" is refused
/// (12 March in France, 3 December in the US). Dotted dates are refused too.
fn numeric_date(s: &str, today: i64) -> Option<i64> {
    let mut parts = [0i64; 3];
    let mut lens = [0usize; 3];
    let mut n = 0;
    let sep = if s.contains('/') { '/' } else { '-' };
    for part in s.split(sep) {
        if n == 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[n] = part.parse().ok()?;
        lens[n] = part.len();
        n += 1;
    }
    match (sep, n) {
        ('-', 3) if lens == [4, 2, 2] => ymd(Some(parts[0]), parts[1], parts[2], today),
        ('/', 2 | 3) if lens[0] <= 2 && lens[1] <= 2 && (n == 2 || lens[2] == 4) => {
            let (a, b) = (parts[0], parts[1]);
            let (d, m) = if a == b || (a > 12 && b <= 12) {
                (a, b)
            } else if b > 12 && a <= 12 {
                (b, a)
            } else {
                return None;
            };
            ymd(if n == 3 { Some(parts[2]) } else { None }, m, d, today)
        }
        _ => None,
    }
}

/// The local day of a date. With a year, a day after today is refused; without one, it is the most
/// recent such date not after today (29 February: the last leap year).
fn ymd(year: Option<i64>, m: i64, d: i64, today: i64) -> Option<i64> {
    let valid = |y: i64| (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
    match year {
        Some(y) => Some(days_from_civil(y, m, d)).filter(|&day| valid(y) && day <= today),
        None => {
            let (this_year, _, _) = civil_from_days(today);
            (this_year - 8..=this_year)
                .rev()
                .filter(|&y| valid(y))
                .map(|y| days_from_civil(y, m, d))
                .find(|&day| day <= today)
        }
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What may follow a day: nothing (`Some(None)`), or `[at|à|a] time` where time is "14:05", "14:05:18",
/// "14 h 05", "14h", "5:15 PM", "5pm" (`Some(Some(ms into the day))`); `None` for anything else,
/// including a zone name ("5:15 PM CST": which CST?).
fn time_of_day(t: &[Token]) -> Option<Option<i64>> {
    let (at, t) = match t {
        [at, rest @ ..] if is_any(at, &["at", "a"]) => (true, rest),
        _ => (false, t),
    };
    let (h, m, s, rest) = match t {
        [] if !at => return Some(None),
        [Token { tok: Tok::Joined(clock), .. }, rest @ ..] => {
            let (h, m, s) = clock_parts(clock)?;
            (h, m, s, rest)
        }
        [Token { tok: Tok::Num { value: h, digits: 1 | 2 }, .. }, hh, rest @ ..] if is(hh, "h") => match rest {
            [Token { tok: Tok::Num { value: m, digits: 2 }, .. }, rest @ ..] => (i64::from(*h), i64::from(*m), 0, rest),
            _ => (i64::from(*h), 0, 0, rest),
        },
        // "5 pm": a bare hour needs its am/pm.
        [Token { tok: Tok::Num { value: h, digits: 1 | 2 }, .. }, rest @ ..] if rest.len() == 1 => {
            (i64::from(*h), 0, 0, rest)
        }
        _ => return None,
    };
    let h = match rest {
        [] => h,
        [am] if is(am, "am") && (1..=12).contains(&h) => h % 12,
        [pm] if is(pm, "pm") && (1..=12).contains(&h) => h % 12 + 12,
        _ => return None,
    };
    (h <= 23 && m <= 59 && s <= 59).then_some(Some(h * HOUR + m * MINUTE + s * SECOND))
}

/// "14:05" or "5:15:18": hours of 1 or 2 digits, minutes and seconds of 2.
fn clock_parts(s: &str) -> Option<(i64, i64, i64)> {
    let mut parts = s.split(':');
    let mut next = |lens: &[usize]| -> Option<i64> {
        let p = parts.next()?;
        (lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    let (h, m) = (next(&[1, 2])?, next(&[2])?);
    let s = match parts.next() {
        None => 0,
        Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
        Some(_) => return None,
    };
    parts.next().is_none().then_some((h, m, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::time::parse_iso8601;
    use Precision::*;

    /// Paris in winter (UTC+1). Seen on Wednesday 12 March 2025 at 16:30 local time.
    const PARIS: i32 = 60;
    const SEEN: &str = "2025-03-12T15:30:00Z";

    fn ms(iso: &str) -> i64 {
        parse_iso8601(iso).unwrap_or_else(|| panic!("bad test time {iso}"))
    }

    fn read(text: &str) -> Option<ShownTime> {
        read_shown_time(text, ms(SEEN), PARIS)
    }

    /// Every text reads as `iso` with precision `p`.
    fn all_read_as(texts: &[&str], iso: &str, p: Precision) {
        for text in texts {
            assert_eq!(read(text), Some(ShownTime { ms: ms(iso), precision: p }), "{text:?}");
        }
    }

    fn none(texts: &[&str]) {
        for text in texts {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    #[test]
    fn now_is_the_moment_seen() {
        all_read_as(
            &[
                "now",
                "Now",
                "just now",
                "Just now",
                "right now",
                "a moment ago",
                "moments ago",
                "a few seconds ago",
                "à l'instant",
                "À l’instant",
                "A l'instant",
                "maintenant",
                "Il y a quelques secondes",
            ],
            SEEN,
            Minute,
        );
    }

    #[test]
    fn seconds_and_minutes_have_minute_precision() {
        all_read_as(
            &["5s", "5 s", "5 sec", "5 secs", "5 seconds ago", "il y a 5 secondes", "5 s."],
            "2025-03-12T15:29:55Z",
            Minute,
        );
        all_read_as(&["1 second ago", "il y a 1 seconde"], "2025-03-12T15:29:59Z", Minute);
        all_read_as(
            &[
                "45m",
                "45 m",
                "45 min",
                "45 min.",
                "45 mins",
                "45 mn",
                "45 minutes ago",
                "45 minutes",
                "il y a 45 min",
                "il y a 45 minutes",
            ],
            "2025-03-12T14:45:00Z",
            Minute,
        );
        all_read_as(
            &["a minute ago", "one minute ago", "1 minute ago", "il y a une minute", "1m"],
            "2025-03-12T15:29:00Z",
            Minute,
        );
        all_read_as(&["0s", "0 min"], SEEN, Minute);
    }

    #[test]
    fn hours_are_counted_back_from_seen() {
        // "3 h" is an age between 3 and 4 hours: the estimate is the most recent instant, seen − 3 h.
        all_read_as(
            &[
                "3h",
                "3 h",
                "3 hr",
                "3 hr.",
                "3 hr. ago",
                "3 hrs",
                "3 hours ago",
                "3 hours",
                "il y a 3 h",
                "il y a 3 heures",
                "3 heures",
            ],
            "2025-03-12T12:30:00Z",
            Hour,
        );
        all_read_as(
            &["an hour ago", "one hour ago", "1 hour ago", "1h", "il y a une heure", "il y a 1 h"],
            "2025-03-12T14:30:00Z",
            Hour,
        );
        all_read_as(&["23h", "23 hours ago", "il y a 23 h"], "2025-03-11T16:30:00Z", Hour);
    }

    #[test]
    fn days_and_weeks() {
        all_read_as(
            &["2d", "2 d", "2 days ago", "2 days", "2 j", "2j", "2 jours", "il y a 2 jours", "il y a 2 j", "2 jr"],
            "2025-03-10T15:30:00Z",
            Day,
        );
        all_read_as(&["a day ago", "one day ago", "1d", "il y a un jour", "1 jour"], "2025-03-11T15:30:00Z", Day);
        all_read_as(
            &[
                "1 sem.",
                "1 sem",
                "1sem",
                "1w",
                "1 w",
                "1 wk",
                "1 week ago",
                "a week ago",
                "il y a une semaine",
                "il y a 1 semaine",
                "1 semaine",
            ],
            "2025-03-05T15:30:00Z",
            Week,
        );
        all_read_as(&["26w", "26 sem.", "26 weeks ago", "il y a 26 semaines", "26 wks"], "2024-09-11T15:30:00Z", Week);
    }

    #[test]
    fn months_and_years_on_the_persons_calendar() {
        all_read_as(
            &["3 mo", "3 mo. ago", "3mo", "3 months ago", "3 mois", "il y a 3 mois", "3 mths"],
            "2024-12-12T15:30:00Z",
            Month,
        );
        all_read_as(&["a month ago", "1 month ago", "il y a un mois", "1 mois"], "2025-02-12T15:30:00Z", Month);
        all_read_as(
            &["1 an", "1y", "1 yr", "1 year ago", "a year ago", "il y a un an", "il y a 1 an", "1 année"],
            "2024-03-12T15:30:00Z",
            Year,
        );
        all_read_as(
            &["2 yr. ago", "2 yrs", "2 years ago", "il y a 2 ans", "2 ans", "2y"],
            "2023-03-12T15:30:00Z",
            Year,
        );
        // The day of the month is clamped to the shorter month, never pushed past it.
        let at = |text: &str, seen: &str, off: i32| read_shown_time(text, ms(seen), off).map(|r| r.ms);
        assert_eq!(at("3 mo", "2025-05-31T10:00:00Z", 0), Some(ms("2025-02-28T10:00:00Z")));
        assert_eq!(at("3 mo", "2024-05-31T10:00:00Z", 0), Some(ms("2024-02-29T10:00:00Z")));
        assert_eq!(at("1y", "2024-02-29T10:00:00Z", 0), Some(ms("2023-02-28T10:00:00Z")));
        assert_eq!(at("4 ans", "2024-02-29T10:00:00Z", 0), Some(ms("2020-02-29T10:00:00Z")));
        assert_eq!(at("2 mois", "2025-01-15T10:00:00Z", 0), Some(ms("2024-11-15T10:00:00Z")));
        // Calendar months are the person's: 00:30 on 1 April in Paris is still 31 March in UTC.
        assert_eq!(at("1 mois", "2025-03-31T22:30:00Z", 120), Some(ms("2025-02-28T22:30:00Z")));
        assert_eq!(at("1 mois", "2025-03-31T22:30:00Z", 0), Some(ms("2025-02-28T22:30:00Z")));
        assert_eq!(at("1 mois", "2025-03-31T23:30:00Z", 60), Some(ms("2025-02-28T23:30:00Z")));
    }

    #[test]
    fn case_spaces_punctuation_and_edits() {
        all_read_as(
            &[
                "8 HOURS AGO",
                "8 Hours Ago",
                "IL Y A 8 H",
                "8\u{a0}h",
                "il\u{a0}y\u{a0}a\u{a0}8\u{a0}h",
                "8\u{202f}h",
                "  8h  ",
                "· 8 h ·",
                "• 8h",
                "8h •",
                "(8h)",
                "\u{200e}8h\u{200f}",
                "Edited · 8h",
                "edited 8h",
                "8h · Edited",
                "8 h • Modifié",
                "Modifié · il y a 8 h",
                "8 hours ago (edited)",
                "last edited 8 hours ago",
                "8 hours ago - edited",
                "8 h – modifié",
                "\u{feff}8h",
                "8 h\u{2009}",
            ],
            "2025-03-12T07:30:00Z",
            Hour,
        );
        all_read_as(&["5d • Edited •", "5 j • Modifié", "5 j • modifiée"], "2025-03-07T15:30:00Z", Day);
        all_read_as(&["1 week ago (edited)", "il y a 1 semaine (modifié)"], "2025-03-05T15:30:00Z", Week);
    }

    #[test]
    fn yesterday_and_today_are_the_persons_days() {
        // A day without a clock time reads as its local noon (11:00 UTC in Paris in winter).
        all_read_as(&["Yesterday", "yesterday", "Hier", "hier", "HIER", "· Yesterday ·"], "2025-03-11T11:00:00Z", Day);
        all_read_as(
            &[
                "Yesterday at 14:05",
                "yesterday at 14:05",
                "Yesterday 14:05",
                "Yesterday, 14:05",
                "Hier à 14:05",
                "hier à 14 h 05",
                "Hier à 14h05",
                "Hier a 14h05",
                "Yesterday at 2:05 PM",
                "Yesterday at 2:05 pm",
                "Yesterday at 2:05pm",
                "Hier, 14:05",
            ],
            "2025-03-11T13:05:00Z",
            Minute,
        );
        all_read_as(
            &["Hier à 14 h", "Hier à 14h", "Yesterday at 2 PM", "Yesterday at 2pm"],
            "2025-03-11T13:00:00Z",
            Minute,
        );
        all_read_as(&["Yesterday at 12:30 AM"], "2025-03-10T23:30:00Z", Minute);
        all_read_as(&["Yesterday at 12:30 PM", "Hier à 12:30"], "2025-03-11T11:30:00Z", Minute);
        all_read_as(&["Yesterday at 5:15:18 PM"], "2025-03-11T16:15:18Z", Minute);
        all_read_as(&["Today", "Aujourd'hui", "aujourd’hui", "today"], "2025-03-12T11:00:00Z", Day);
        all_read_as(
            &["Today at 9:15 AM", "Aujourd'hui à 09:15", "aujourd'hui à 9 h 15"],
            "2025-03-12T08:15:00Z",
            Minute,
        );
    }

    #[test]
    fn days_follow_the_offset_given() {
        // 23:30 UTC on 12 March is already 13 March in Paris: "Hier" is 12 March there.
        let seen = ms("2025-03-12T23:30:00Z");
        assert_eq!(
            read_shown_time("Hier", seen, 60),
            Some(ShownTime { ms: ms("2025-03-12T11:00:00Z"), precision: Day })
        );
        assert_eq!(
            read_shown_time("Yesterday", seen, 0),
            Some(ShownTime { ms: ms("2025-03-11T12:00:00Z"), precision: Day })
        );
        // New York in winter (UTC−5): 03:00 UTC on 12 March is 22:00 on 11 March.
        let seen = ms("2025-03-12T03:00:00Z");
        assert_eq!(
            read_shown_time("Yesterday", seen, -300),
            Some(ShownTime { ms: ms("2025-03-10T17:00:00Z"), precision: Day })
        );
        assert_eq!(
            read_shown_time("Yesterday at 11:45 PM", seen, -300),
            Some(ShownTime { ms: ms("2025-03-11T04:45:00Z"), precision: Minute })
        );
        // Kolkata (UTC+5:30), a half-hour zone.
        assert_eq!(
            read_shown_time("Yesterday at 14:05", ms("2025-03-12T20:00:00Z"), 330),
            Some(ShownTime { ms: ms("2025-03-12T08:35:00Z"), precision: Minute })
        );
        // Summer in Paris (UTC+2) for a date read then: 14 July 2025.
        assert_eq!(
            read_shown_time("12 juillet à 22:10", ms("2025-07-14T09:00:00Z"), 120),
            Some(ShownTime { ms: ms("2025-07-12T20:10:00Z"), precision: Minute })
        );
        // A day's noon stays in that day even if the zone's offset then differed by an hour (DST).
        let winter_day = read_shown_time("12 mars", ms("2025-04-02T10:00:00Z"), 120).unwrap();
        assert_eq!(crate::base::time::day_key(winter_day.ms + 60 * MINUTE), "2025-03-12");
        assert_eq!(crate::base::time::day_key(winter_day.ms + 120 * MINUTE), "2025-03-12");
    }

    #[test]
    fn weekdays_are_the_most_recent_before_the_day_seen() {
        // Seen on Wednesday 12 March 2025.
        all_read_as(&["Monday", "monday", "Mon", "lundi", "Lundi", "lun.", "on Monday"], "2025-03-10T11:00:00Z", Day);
        all_read_as(&["Tuesday", "Tue", "mardi"], "2025-03-11T11:00:00Z", Day);
        // The same weekday as the day seen is a week ago (today would be shown as hours).
        all_read_as(&["Wednesday", "Wed", "mercredi", "mer."], "2025-03-05T11:00:00Z", Day);
        all_read_as(&["Thursday", "Thu", "jeudi", "jeu."], "2025-03-06T11:00:00Z", Day);
        all_read_as(&["Friday", "vendredi", "ven."], "2025-03-07T11:00:00Z", Day);
        all_read_as(&["Saturday", "Sat", "samedi", "sam."], "2025-03-08T11:00:00Z", Day);
        all_read_as(&["Sunday", "Sun", "dimanche", "dim."], "2025-03-09T11:00:00Z", Day);
        all_read_as(
            &["Monday at 14:05", "lundi à 14:05", "Mon 2:05 PM", "lundi à 14 h 05"],
            "2025-03-10T13:05:00Z",
            Minute,
        );
    }

    #[test]
    fn dates_in_english_and_french() {
        all_read_as(
            &[
                "10 mars",
                "10 mars 2025",
                "le 10 mars",
                "Mar 10",
                "Mar. 10",
                "mar 10",
                "March 10",
                "March 10, 2025",
                "Mar 10, 2025",
                "10 March 2025",
                "10 Mar",
                "on Mar 10, 2025",
                "Monday, March 10, 2025",
                "lundi 10 mars 2025",
                "lun. 10 mars",
                "2025-03-10",
            ],
            "2025-03-10T11:00:00Z",
            Day,
        );
        all_read_as(
            &["1er mars", "1er mars 2025", "March 1st", "Mar 1st, 2025", "1 mars", "sam. 1er mars"],
            "2025-03-01T11:00:00Z",
            Day,
        );
        all_read_as(&["mar. 4 mars", "Tuesday, March 4, 2025"], "2025-03-04T11:00:00Z", Day);
        all_read_as(
            &["3 févr.", "3 FÉVR.", "3 fevr", "3 février", "Feb 3", "February 3rd", "3 fév."],
            "2025-02-03T11:00:00Z",
            Day,
        );
        all_read_as(
            &["10 mars à 14:05", "Mar 10 at 2:05 PM", "March 10, 2025 at 2:05 PM", "10 mars 2025 à 14 h 05"],
            "2025-03-10T13:05:00Z",
            Minute,
        );
        // Today's date, before the time seen.
        all_read_as(&["12 mars", "Mar 12"], "2025-03-12T11:00:00Z", Day);
        // Without a year, a date that would be in the future is last year's.
        all_read_as(&["13 mars", "Mar 13"], "2024-03-13T11:00:00Z", Day);
        all_read_as(&["15 août", "15 aout", "Aug 15", "August 15th"], "2024-08-15T11:00:00Z", Day);
        all_read_as(&["31 déc.", "Dec 31", "31 décembre", "31 DÉCEMBRE"], "2024-12-31T11:00:00Z", Day);
        // 29 February: the most recent leap year.
        all_read_as(&["29 févr.", "Feb 29"], "2024-02-29T11:00:00Z", Day);
        all_read_as(&["Feb 29, 2024"], "2024-02-29T11:00:00Z", Day);
        all_read_as(&["Dec 19, 2023", "19 déc. 2023", "Tuesday, December 19, 2023"], "2023-12-19T11:00:00Z", Day);
        all_read_as(&["Tuesday, December 19, 2023 at 5:15:18 PM"], "2023-12-19T16:15:18Z", Minute);
        // Every month, both languages.
        for (i, (en, fr)) in [
            ("Jan", "janv."),
            ("Feb", "févr."),
            ("Mar", "mars"),
            ("Apr", "avr."),
            ("May", "mai"),
            ("Jun", "juin"),
            ("Jul", "juil."),
            ("Aug", "août"),
            ("Sep", "sept."),
            ("Oct", "oct."),
            ("Nov", "nov."),
            ("Dec", "déc."),
        ]
        .into_iter()
        .enumerate()
        {
            let iso = format!("2024-{:02}-05T11:00:00Z", i + 1);
            assert_eq!(read(&format!("5 {fr} 2024")).map(|r| r.ms), Some(ms(&iso)), "{fr}");
            assert_eq!(read(&format!("{en} 5, 2024")).map(|r| r.ms), Some(ms(&iso)), "{en}");
        }
    }

    #[test]
    fn numeric_dates_only_when_one_reading_is_possible() {
        all_read_as(&["25/12/2024", "12/25/2024", "25/12"], "2024-12-25T11:00:00Z", Day);
        all_read_as(&["03/03/2025", "3/3/2025"], "2025-03-03T11:00:00Z", Day);
        all_read_as(&["2025-03-10"], "2025-03-10T11:00:00Z", Day);
        all_read_as(&["25/12/2024 à 14:05", "12/25/2024 at 2:05 PM"], "2024-12-25T13:05:00Z", Minute);
        none(&["10/03/2025 à 14:05", "12/03/2025", "03/12", "1/2/2025"]);
    }

    #[test]
    fn later_the_same_day_is_clamped_to_seen() {
        // Seen at 16:30 local: a clock time after it means the site's clock or zone is off; never later than seen.
        all_read_as(
            &["Today at 18:00", "Aujourd'hui à 23:59", "12 mars à 17:00", "Mar 12, 2025 at 11:59 PM"],
            SEEN,
            Minute,
        );
        let early = ms("2025-03-12T08:00:00Z"); // 09:00 in Paris
        assert_eq!(read_shown_time("Today", early, PARIS), Some(ShownTime { ms: early, precision: Day }));
        assert_eq!(read_shown_time("12 mars", early, PARIS), Some(ShownTime { ms: early, precision: Day }));
    }

    #[test]
    fn refuses_what_it_cannot_read_for_sure() {
        none(&[
            "",
            " ",
            "·",
            "•",
            "Edited",
            "Modifié",
            "last edited",
            "3",
            "h",
            "ago",
            "il y a",
            "il y a ago",
            "hours ago",
            "3 h ago ago",
            "3 h 3 h",
            "3h 45m",
            "3 h 05",
            "in 3 hours",
            "3 hours from now",
            "dans 3 h",
            "+3h",
            "~3h",
            "3h!",
            "3.5 h",
            "3,5 h",
            "-",
            "27M",
            "3 M",
            "3 Mo",
            "une semaine",
            "an hour",
            "a day",
            "a h",
            "one",
            "il y a une",
            "il y a 3",
            "une heure",
            "a l",
            "instant",
            "just",
            "10000 h",
            "1234567 h",
            "3 likes",
            "2 replies",
            "1.2k",
            "1,2 k",
            "Sponsored",
            "Promoted",
            "Follow",
            "Yesterday at",
            "Yesterday at 25:00",
            "Yesterday at 14:60",
            "Yesterday at 14:5",
            "Yesterday at 13 PM",
            "Yesterday at 0 AM",
            "Hier à 14",
            "Hier à",
            "Yesterday at 5:15 PM CST",
            "Monday 14:05 UTC",
            "yesterday yesterday",
            "Mar",
            "mar.",
            "Mar at 14:05",
            "March 2025",
            "mars 2025",
            "12",
            "2025",
            "12 mars 1850",
            "31 déc. 1969",
            "1969-12-31",
            "12 mars 25",
            "Mar 32",
            "0 mars",
            "31 avril",
            "Feb 29, 2025",
            "Feb 30",
            "13 mars 2025",
            "2025-03-13",
            "2026-01-01",
            "12 mars 2030",
            "Wednesday, March 4, 2025",
            "mer. 4 mars",
            "12/03/2025",
            "03/12/2025",
            "12/03",
            "12.03.2025",
            "2025/03/10",
            "2025-3-10",
            "10-03-2025",
            "123/4/2025",
            "1/2/3/4",
            "14:05",
            "à 14:05",
            "at 2 PM",
            "last Monday",
            "la semaine dernière",
            "last week",
            "منذ 3 ساعات",
            "3 ч. назад",
            "3h 🔥",
            "3時間前",
            "Ⅲ h",
            "３h",
            "3 hours ago\u{0}",
            "3\u{7}h",
        ]);
        none(&[&"3 h ".repeat(30), &format!("{}3h", " ".repeat(200))]);
    }

    #[test]
    fn refuses_out_of_range_inputs() {
        assert_eq!(read_shown_time("3h", ms(SEEN), 24 * 60), None);
        assert_eq!(read_shown_time("3h", ms(SEEN), -19 * 60), None);
        assert_eq!(read_shown_time("3h", i64::MAX, 0), None);
        assert_eq!(read_shown_time("3h", i64::MIN, 0), None);
        assert_eq!(read_shown_time("now", -1, 0), None);
        assert_eq!(read_shown_time("now", 0, 0), Some(ShownTime { ms: 0, precision: Minute }));
        // Nothing published before 1970.
        assert_eq!(read_shown_time("3h", 3 * 3_600_000, 0), Some(ShownTime { ms: 0, precision: Hour }));
        assert_eq!(read_shown_time("3h", 3 * 3_600_000 - 1, 0), None);
        assert_eq!(read_shown_time("Yesterday", 86_400_000, 0), Some(ShownTime { ms: 43_200_000, precision: Day }));
        assert_eq!(read_shown_time("Yesterday", 86_400_000 - 1, 0), None);
        assert_eq!(read_shown_time("1 Jan 1970", 86_400_000, 0), Some(ShownTime { ms: 43_200_000, precision: Day }));
        assert_eq!(read_shown_time("2025 y", ms(SEEN), 0), None);
        assert_eq!(read_shown_time("55 y", ms(SEEN), 0).map(|r| r.ms), Some(ms("1970-03-12T15:30:00Z")));
        assert_eq!(read_shown_time("3h", ms(SEEN), i32::MIN), None);
        assert_eq!(read_shown_time("3h", ms(SEEN), i32::MAX), None);
        assert!(read_shown_time("3h", ms(SEEN), 14 * 60).is_some());
        assert!(read_shown_time("3h", ms(SEEN), -12 * 60).is_some());
    }

    /// Every distinct time text the real saved pages in ../shared/pages show (HN, old and new Reddit, YouTube,
    /// X, Instagram, LinkedIn), with the precision it must have.
    #[test]
    fn reads_what_real_pages_show() {
        let shown: &[(&str, Precision)] = &[
            ("8 hours ago", Hour),
            ("1 hour ago", Hour),
            ("11 hours ago", Hour),
            ("29 minutes ago", Minute),
            ("2 minutes ago", Minute),
            ("1 minute ago", Minute),
            ("last edited 2 hours ago", Hour),
            ("last edited 1 hour ago", Hour),
            ("21 hr. ago", Hour),
            ("13 hr. ago", Hour),
            ("1 week ago", Week),
            ("1 month ago", Month),
            ("3 weeks ago", Week),
            ("2 months ago", Month),
            ("1 year ago", Year),
            ("2 years ago", Year),
            ("1 day ago", Day),
            ("6 days ago", Day),
            ("10 months ago", Month),
            ("7 years ago", Year),
            ("1 week ago (edited)", Week),
            ("4m", Minute),
            ("22m", Minute),
            ("1h", Hour),
            ("14h", Hour),
            ("13h", Hour),
            ("1d", Day),
            ("8w", Week),
            ("9m", Minute),
            ("59m", Minute),
            ("26w", Week),
            ("2h ago", Hour),
            ("5d •", Day),
            ("17h •", Hour),
            ("4 minutes ago", Minute),
            ("22 hours ago", Hour),
        ];
        for &(text, p) in shown {
            let r = read(text).unwrap_or_else(|| panic!("{text:?} not read"));
            assert_eq!(r.precision, p, "{text:?}");
            assert!(r.ms < ms(SEEN), "{text:?}");
        }
    }

    #[test]
    fn precision_serializes_snake_case() {
        let names: Vec<String> =
            [Minute, Hour, Day, Week, Month, Year].iter().map(|p| serde_json::to_string(p).unwrap()).collect();
        assert_eq!(names, ["\"minute\"", "\"hour\"", "\"day\"", "\"week\"", "\"month\"", "\"year\""]);
        let t = ShownTime { ms: 1_741_793_400_000, precision: Week };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"ms":1741793400000,"precision":"week"}"#);
        assert_eq!(serde_json::from_str::<ShownTime>(&json).unwrap(), t);
    }
}
