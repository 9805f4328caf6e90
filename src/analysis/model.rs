//! The learned component: a 3-class linear model (multinomial logistic regression) over
//! hashed word uni/bigrams (negation-marked) plus the rule engine's outputs as dense features.
//!
//! The rules carry the lexicons, negation, contrast and emphasis; the model learns what the
//! lexicons miss in real posts (topic words, slang, how much to trust the French lexicon) and
//! where the neutral class begins. Weights are int8 with one scale, embedded with
//! `include_bytes!` (data/sentiment_model.bin); trained deterministically by
//! examples/train_sentiment.rs (scripts/analysis/train.sh). Model card: models/README.md.
//! Feature extraction lives here only, so training and inference cannot drift apart.
use std::sync::OnceLock;

use super::facts::{self, Facts};
use super::sentiment::Rules;
use super::tokens::{Kind, Token};
use super::Label;

/// Hashed feature space: features hash to 32 bits and each model folds them into its own 2^bits
/// buckets per class (the low bits), so the size is the model file's choice (its header says it),
/// chosen by measurement (models/README.md). Sizes a file may declare:
pub const MIN_BITS: u32 = 10;
pub const MAX_BITS: u32 = 22;
/// Dense features (see `dense`).
pub const DENSE: usize = 14;
/// Class order in the weight matrix.
pub const CLASSES: [Label; 3] = [Label::Negative, Label::Neutral, Label::Positive];

/// File magic: weights one byte each, or two to a byte (`PACKED`) when they fit in 4 bits, as the
/// shipped 15-level weights do (10 KB less gzipped in the wasm).
const MAGIC: &[u8; 4] = b"ECM1";
const PACKED: &[u8; 4] = b"ECM2";

/// Model weights: hashed (int8, times `scale`), `dense[c * DENSE + k]`, `bias[c]`.
pub struct Model {
    /// 2^bits buckets per class; a feature's hash is masked by `mask` = 2^bits - 1.
    bits: u32,
    mask: u32,
    pub scale: f32,
    /// Hashed weights as `[bucket][class]` (padded to 4): one cache line per feature at inference
    /// instead of three. The file stores them class-major (`hashed()`).
    interleaved: Vec<[i8; 4]>,
    pub dense: Vec<f32>,
    pub bias: [f32; 3],
}

static MODEL: OnceLock<Option<Model>> = OnceLock::new();

/// The embedded model, parsed on first use; `None` if the file is absent or malformed (the rules
/// then decide alone).
pub fn get() -> Option<&'static Model> {
    MODEL.get_or_init(|| Model::from_bytes(include_bytes!("data/sentiment_model.bin"))).as_ref()
}

/// Tuning only (examples/train_sentiment.rs, cross-validation): makes `m` the model that `analyze`
/// uses in this process, instead of the embedded one. Must come before the first analysis; false
/// if a model was already loaded.
#[doc(hidden)]
pub fn install(m: Model) -> bool {
    MODEL.set(Some(m)).is_ok()
}

impl Model {
    /// Layout: "ECM1", u32 bits, u32 DENSE, f32 scale, 3 f32 bias, 3*DENSE f32, 3 * 2^bits i8 (LE);
    /// or "ECM2", the same with the 3 * 2^bits weights two to a byte (low nibble first, value + 8).
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        if b.len() < 16 || (&b[0..4] != MAGIC && &b[0..4] != PACKED) {
            return None;
        }
        let packed = &b[0..4] == PACKED;
        let u32_at = |o: usize| b.get(o..o + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
        let f32_at = |o: usize| u32_at(o).map(f32::from_bits);
        let bits = u32_at(4)?;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) || u32_at(8)? as usize != DENSE {
            return None;
        }
        let buckets = 1usize << bits;
        let scale = f32_at(12)?;
        let mut off = 16;
        let mut bias = [0f32; 3];
        for v in bias.iter_mut() {
            *v = f32_at(off)?;
            off += 4;
        }
        let mut dense = Vec::with_capacity(3 * DENSE);
        for _ in 0..3 * DENSE {
            dense.push(f32_at(off)?);
            off += 4;
        }
        if packed {
            let nibbles = b.get(off..off + 3 * buckets / 2)?;
            let at = |i: usize| ((nibbles[i / 2] >> (4 * (i % 2))) & 0xF) as i8 - 8;
            return Some(Model::interleave(bits, scale, at, dense, bias));
        }
        let hashed = b.get(off..off + 3 * buckets)?;
        Some(Model::interleave(bits, scale, |i| hashed[i] as i8, dense, bias))
    }

    /// `hashed[c * buckets + b]`, class-major, as trained, with `buckets` = 2^`bits`
    /// (`bits` in `MIN_BITS..=MAX_BITS`; `hashed.len()` = 3 * buckets).
    pub fn new(bits: u32, scale: f32, hashed: Vec<i8>, dense: Vec<f32>, bias: [f32; 3]) -> Model {
        assert!((MIN_BITS..=MAX_BITS).contains(&bits) && hashed.len() == 3 << bits, "model size");
        Model::interleave(bits, scale, |i| hashed[i], dense, bias)
    }

    fn interleave(bits: u32, scale: f32, at: impl Fn(usize) -> i8, dense: Vec<f32>, bias: [f32; 3]) -> Model {
        let n = 1usize << bits;
        let interleaved = (0..n).map(|b| [at(b), at(n + b), at(2 * n + b), 0]).collect();
        Model { bits, mask: (n - 1) as u32, scale, interleaved, dense, bias }
    }

    /// Buckets per class (2^bits).
    pub fn buckets(&self) -> usize {
        1 << self.bits
    }

    /// The bucket a feature's 32-bit hash falls in, for this model's size.
    #[inline]
    pub fn bucket(&self, hash: u32) -> usize {
        (hash & self.mask) as usize
    }

    /// The hashed weights class-major (`[c * buckets + b]`), as stored in the file.
    pub fn hashed(&self) -> Vec<i8> {
        (0..3).flat_map(|c| self.interleaved.iter().map(move |w| w[c])).collect()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let hashed = self.hashed();
        let packed = hashed.iter().all(|&w| (-8..=7).contains(&w));
        let mut out = Vec::with_capacity(16 + 4 * (3 + 3 * DENSE) + hashed.len());
        out.extend_from_slice(if packed { PACKED } else { MAGIC });
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(DENSE as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_bits().to_le_bytes());
        for v in self.bias.iter().chain(self.dense.iter()) {
            out.extend_from_slice(&v.to_bits().to_le_bytes());
        }
        if packed {
            out.extend(hashed.chunks(2).map(|p| (p[0] + 8) as u8 | ((p[1] + 8) as u8) << 4));
        } else {
            out.extend(hashed.iter().map(|&x| x as u8));
        }
        out
    }

    /// Class probabilities (neg, neu, pos).
    pub fn probs(&self, f: &Features) -> [f32; 3] {
        let mut s = [0i32; 3];
        for &h in &f.hashed {
            self.add(&mut s, h);
        }
        self.finish(s, &f.dense)
    }

    /// Adds one hashed feature's weights (by its 32-bit hash) to the per-class sums.
    #[inline]
    fn add(&self, s: &mut [i32; 3], hash: u32) {
        if let Some(w) = self.interleaved.get(self.bucket(hash)) {
            s[0] += w[0] as i32;
            s[1] += w[1] as i32;
            s[2] += w[2] as i32;
        }
    }

    /// Probabilities from the hashed features' integer sums and the dense features.
    fn finish(&self, s: [i32; 3], dense: &[f32; DENSE]) -> [f32; 3] {
        softmax(self.logits(s, dense))
    }

    /// Logits from the hashed features' integer sums and the dense features.
    fn logits(&self, s: [i32; 3], dense: &[f32; DENSE]) -> [f32; 3] {
        let mut z = self.bias;
        for (c, zc) in z.iter_mut().enumerate() {
            *zc += s[c] as f32 * self.scale;
            for (k, x) in dense.iter().enumerate() {
                *zc += self.dense[c * DENSE + k] * x;
            }
        }
        z
    }
}

pub fn softmax(z: [f32; 3]) -> [f32; 3] {
    let m = z[0].max(z[1]).max(z[2]);
    let e = [(z[0] - m).exp(), (z[1] - m).exp(), (z[2] - m).exp()];
    let s = e[0] + e[1] + e[2];
    [e[0] / s, e[1] / s, e[2] / s]
}

/// What the model reads from a post.
pub struct Features {
    /// 32-bit feature hashes (duplicates kept: counts); a model masks them to its buckets.
    pub hashed: Vec<u32>,
    pub dense: [f32; DENSE],
}

/// FNV-1a, seeded per feature family so "w:x" and "b:x" land apart. Unmasked: each model keeps
/// the low bits it has buckets for (`Model::bucket`), so one hash serves every model size.
fn hash(family: u8, a: &str, b: &str) -> u32 {
    fnv(fnv(0x811c_9dc5 ^ family as u32, a.bytes().chain([0xff])), b.bytes())
}

/// FNV-1a steps over `bytes` from state `h` (unmasked, so a hash can be continued).
#[inline]
fn fnv(mut h: u32, bytes: impl Iterator<Item = u8>) -> u32 {
    for byte in bytes {
        h ^= byte as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The model's share of one word's features, computed once per distinct word (`facts.rs`
/// remembers it): what `features` hashes for the word, summed where it can be.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WordShare {
    /// The word's unigram hash, plain and negation-marked.
    unigram: [u32; 2],
    /// Its character 4-grams' weights, summed (they count for `Kind::Word` tokens only).
    grams: [i32; 3],
    /// The FNV state of a bigram with this word first, to be continued over the second word.
    bigram_prefix: u32,
}

/// `WordShare` of `w` under the embedded model (zero sums without one).
pub fn word_share(w: &str) -> WordShare {
    let mut grams = [0i32; 3];
    if let Some(m) = get() {
        let mut buckets = Vec::new();
        char_grams(w, &mut buckets);
        for b in buckets {
            m.add(&mut grams, b);
        }
    }
    WordShare {
        unigram: [hash(1, w, ""), hash(2, w, "")],
        grams,
        bigram_prefix: fnv(0x811c_9dc5 ^ 4, w.bytes().chain([0xff])),
    }
}

/// Negators for feature marking (the rule engine has the full logic; here only the scope).
pub(super) fn marks_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "no" | "never" | "ne" | "n" | "pas" | "jamais" | "rien" | "aucun" | "aucune" | "sans"
            | "without" | "nothing" | "cannot" | "cant" | "dont"
    ) || w.ends_with("n't")
}

/// Character 4-grams of a word with boundary marks ("<bien>" → "<bie", "bien", "ien>"): shared
/// stems and endings across inflections ("déçu", "déçue", "décevant"), typos and elongations.
fn char_grams(w: &str, out: &mut Vec<u32>) {
    const N: usize = 4;
    // Char boundaries of "<" + w + ">" as byte offsets into w, with the marks as virtual chars:
    // hash each window's bytes directly, no allocation.
    let mut bounds = [0usize; 26];
    let mut nb = 0;
    for (i, _) in w.char_indices().take(24) {
        bounds[nb] = i;
        nb += 1;
    }
    let end = if nb == 24 { w.char_indices().nth(24).map_or(w.len(), |(i, _)| i) } else { w.len() };
    // Positions 0..=nb+1 over the marked word: 0 is '<', 1..=nb are chars, nb+1 is '>'.
    let total = nb + 2;
    if total <= N {
        return;
    }
    for start in 0..=total - N {
        let mut h: u32 = 0x811c_9dc5 ^ 5;
        let mut eat = |b: u8| {
            h ^= b as u32;
            h = h.wrapping_mul(0x0100_0193);
        };
        for pos in start..start + N {
            if pos == 0 {
                eat(b'<');
            } else if pos == total - 1 {
                eat(b'>');
            } else {
                let s = bounds[pos - 1];
                let e = if pos < nb { bounds[pos] } else { end };
                w.as_bytes()[s..e].iter().for_each(|&b| eat(b));
            }
        }
        eat(0xff); // the separator `hash` puts after its first part: same buckets as `hash(5, ..)`
        out.push(h);
    }
}

pub fn features(tokens: &[Token], lang: &str, r: &Rules) -> Features {
    let mut hashed = Vec::with_capacity(tokens.len() * 2 + 2);
    let mut prev: Option<&str> = None;
    let mut neg_left = 0u8;
    for t in tokens {
        let Some(w) = facts::word_of(t) else {
            // Punctuation ends a negation scope and a bigram chain; "!" and "?" are features.
            neg_left = 0;
            if t.norm.contains('!') {
                hashed.push(hash(3, "!", ""));
            }
            if t.norm.contains('?') {
                hashed.push(hash(3, "?", ""));
            }
            prev = None;
            continue;
        };
        let negated = neg_left > 0;
        hashed.push(hash(if negated { 2 } else { 1 }, w, ""));
        if t.kind == Kind::Word {
            char_grams(w, &mut hashed);
        }
        if let Some(p) = prev {
            hashed.push(hash(4, p, w));
        }
        if marks_negation(w) {
            neg_left = 3;
        } else {
            neg_left = neg_left.saturating_sub(1);
        }
        prev = Some(w);
    }
    hashed.extend(post_buckets(lang, r));
    Features { hashed, dense: dense(tokens.len(), lang, r) }
}

/// The rules' compound in ten bins of 0.2, per language and per kind of sentence (question,
/// contrast, other): the model can then read the compound non-linearly (neutral lives in the
/// middle; how far a middling score is trusted differs by language, and for questions and
/// contrasts). Two hashed features a post. Cross-validated on the training tweets (QUALITY.md):
/// +0.015 English macro-recall, +0.02 French macro-F1.
fn post_buckets(lang: &str, r: &Rules) -> [u32; 2] {
    let bin = [b'A' + ((r.compound + 1.0) * 5.0).floor().clamp(0.0, 9.0) as u8];
    let bin = std::str::from_utf8(&bin).unwrap_or("");
    let sentence = if r.question {
        "q"
    } else if r.contrast {
        "c"
    } else {
        "-"
    };
    [hash(6, lang, bin), hash(9, sentence, bin)]
}

/// The dense features: the rules' outputs, the language and the post's length.
fn dense(n_tokens: usize, lang: &str, r: &Rules) -> [f32; DENSE] {
    let (fr, en) = ((lang == "fr") as u8 as f32, (lang == "en") as u8 as f32);
    let other = 1.0 - fr - en;
    let c = r.compound;
    [
        fr,
        en,
        c * en,
        c * fr,
        c * other,
        r.pos / 4.0,
        r.neg / 4.0,
        r.question as u8 as f32,
        (r.exclamations > 0) as u8 as f32,
        r.contrast as u8 as f32,
        (r.negations > 0) as u8 as f32,
        (c.abs() < 0.05) as u8 as f32,
        (r.pos > 0.0 && r.neg < 0.0) as u8 as f32,
        // Longer posts say more: log length in tokens, small.
        ((n_tokens as f32) + 1.0).ln() / 4.0,
    ]
}

/// Label and score from the rules alone (VADER-style thresholds on the compound).
pub fn rules_only(r: &Rules) -> (Label, f32) {
    let s = r.compound;
    let label = if s >= 0.25 {
        Label::Positive
    } else if s <= -0.2 {
        Label::Negative
    } else {
        Label::Neutral
    };
    (label, s)
}

/// Rule compound beyond which the rules overrule an opposite model label (0.3-0.5 measured alike
/// on the dev tweets; 0.4 best on French reviews; 5-fold cross-validation on the training tweets:
/// 0.3 / 0.4 / 0.5 / none within 0.003 of each other).
const VETO: f32 = 0.4;

/// The same, when the rules applied a negation (see `conclude`).
const NEGATION_VETO: f32 = 0.3;

/// Weight of the neutral class in the decision (its probability is multiplied by this before the
/// argmax; the score is unchanged). Class re-weighting in training makes a model trained on few
/// tweets under-call neutral; the model trained on the 47,676 SemEval tweets (45% neutral) calls
/// it enough. Chosen by 5-fold cross-validation on the in-domain training tweets
/// (examples/train_sentiment.rs, CV=5, pooled out-of-fold, full `analyze`; QUALITY.md,
/// 2026-12): 0.8 / 0.9 / 1.0 / 1.1 / 1.2 give English macro-recall 0.654 / 0.651 / 0.648 / 0.643
/// / 0.638 and French macro-F1 0.647 / 0.654 / 0.653 / 0.649 / 0.644 (2^16 buckets; the 2^18
/// model: 0.654 / 0.652 English at 0.9 / 1.0): 0.9 is the best for both together.
/// (1.2 for the previous model, trained on 1,839 English tweets.)
pub const NEUTRAL_PRIOR: f32 = 0.9;

/// Class index decided from probabilities (neg, neu, pos), neutral weighted by [`NEUTRAL_PRIOR`].
pub fn decide(p: &[f32; 3]) -> usize {
    let q = [p[0], p[1] * NEUTRAL_PRIOR, p[2]];
    let mut best = 0;
    for c in 1..3 {
        if q[c] > q[best] {
            best = c;
        }
    }
    best
}

/// Label and score in [-1, 1]: the model's argmax, score = P(pos) - P(neg) (so its sign agrees
/// with the label); the rules alone when no model is embedded.
pub fn predict(tokens: &[Token], lang: &str, r: &Rules) -> (Label, f32) {
    let Some(m) = get() else { return rules_only(r) };
    conclude(m.probs(&features(tokens, lang, r)), r)
}

/// `predict` from the tokens' remembered facts (`facts::of_tokens`): the same sums as
/// `features` + `probs`, without hashing every word's n-grams again (equality is tested in
/// tests/analysis_fast_path.rs). Keep the two in step.
pub fn predict_with(tokens: &[Token], facts: &[Facts], lang: &str, r: &Rules) -> (Label, f32) {
    predict_adjusted(tokens, facts, lang, r, None)
}

/// `predict_with` with a per-person adjustment's extra logits (`adapt.rs`) added to the model's.
/// The rules' veto still applies (lifting it for strong adjustments cost 1-2 points on a domain's
/// other posts: QUALITY.md).
pub fn predict_adjusted(tokens: &[Token], facts: &[Facts], lang: &str, r: &Rules, extra: Option<[f32; 3]>) -> (Label, f32) {
    let Some(z) = logits_with(tokens, facts, lang, r) else { return rules_only(r) };
    let Some(x) = extra else { return conclude(softmax(z), r) };
    conclude(softmax([z[0] + x[0], z[1] + x[1], z[2] + x[2]]), r)
}

/// The model's logits (neg, neu, pos) for a post, from the tokens' remembered facts; `None` without
/// a model.
pub fn logits_with(tokens: &[Token], facts: &[Facts], lang: &str, r: &Rules) -> Option<[f32; 3]> {
    let m = get()?;
    let mut s = [0i32; 3];
    let mut prev: Option<u32> = None;
    let mut neg_left = 0u8;
    for (t, f) in tokens.iter().zip(facts) {
        let Some(w) = facts::word_of(t) else {
            neg_left = 0;
            if t.norm.contains('!') {
                m.add(&mut s, hash(3, "!", ""));
            }
            if t.norm.contains('?') {
                m.add(&mut s, hash(3, "?", ""));
            }
            prev = None;
            continue;
        };
        let share = &f.model;
        m.add(&mut s, share.unigram[(neg_left > 0) as usize]);
        if t.kind == Kind::Word {
            for (c, g) in share.grams.iter().enumerate() {
                s[c] += g;
            }
        }
        if let Some(p) = prev {
            m.add(&mut s, fnv(p, w.bytes()));
        }
        neg_left = if f.has(facts::MODEL_NEGATION) { 3 } else { neg_left.saturating_sub(1) };
        prev = Some(share.bigram_prefix);
    }
    for b in post_buckets(lang, r) {
        m.add(&mut s, b);
    }
    Some(m.logits(s, &dense(tokens.len(), lang, r)))
}


/// The features a per-person adjustment learns on (`adapt.rs`): each word's unigram hash
/// (negation-marked as the model marks it) and each word pair's, as the model hashes them.
pub fn adapt_features(tokens: &[Token], facts: &[Facts]) -> Vec<u32> {
    let mut out = Vec::with_capacity(tokens.len() * 2);
    let mut prev: Option<u32> = None;
    let mut neg_left = 0u8;
    for (t, f) in tokens.iter().zip(facts) {
        let Some(w) = facts::word_of(t) else {
            neg_left = 0;
            prev = None;
            continue;
        };
        out.push(f.model.unigram[(neg_left > 0) as usize]);
        if let Some(p) = prev {
            out.push(fnv(p, w.bytes()));
        }
        neg_left = if f.has(facts::MODEL_NEGATION) { 3 } else { neg_left.saturating_sub(1) };
        prev = Some(f.model.bigram_prefix);
    }
    out
}

/// What in the post pulled the model toward class `class` (index in [`CLASSES`]) the most: words
/// (their unigram and character n-grams) and word pairs (bigrams), as token ranges `[from, to)` with
/// their pull in logits (the class's weight minus the mean of the other two), strongest first, at
/// most `max`, not overlapping, each at least `MIN_PULL`. This is the learned model's part of the
/// evidence, shown on the badge in the post's own words ("spammy", "is here"). The same sums as
/// `predict_with`, kept per feature; empty without a model.
pub fn drivers(tokens: &[Token], facts: &[Facts], class: usize, max: usize, min_pull: f32) -> Vec<(usize, usize, f32)> {
    let Some(m) = get() else { return Vec::new() };
    let pull = |s: [i32; 3]| {
        let others: i32 = (0..3).filter(|&c| c != class).map(|c| s[c]).sum();
        m.scale * (s[class] as f32 - others as f32 / 2.0)
    };
    let mut found: Vec<(usize, usize, f32)> = Vec::new();
    let mut prev: Option<(usize, u32)> = None;
    let mut neg_left = 0u8;
    for (i, (t, f)) in tokens.iter().zip(facts).enumerate() {
        let Some(w) = facts::word_of(t) else {
            neg_left = 0;
            prev = None;
            continue;
        };
        let share = &f.model;
        let mut s = [0i32; 3];
        m.add(&mut s, share.unigram[(neg_left > 0) as usize]);
        if t.kind == Kind::Word {
            for (c, g) in share.grams.iter().enumerate() {
                s[c] += g;
            }
        }
        // Placeholders (<num>, <url>, <user>) and function words alone ("this", "our") say nothing a
        // person would call a reason; a pair of function words neither.
        let plain = f.stop == 0;
        if matches!(t.kind, Kind::Word | Kind::Hashtag | Kind::Emoji | Kind::Emoticon) && (plain || t.kind != Kind::Word) {
            found.push((i, i + 1, pull(s)));
        }
        if let Some((pi, prefix)) = prev {
            let mut b = [0i32; 3];
            m.add(&mut b, fnv(prefix, w.bytes()));
            if tokens[pi].kind == Kind::Word && t.kind == Kind::Word && (plain || facts[pi].stop == 0) {
                found.push((pi, i + 1, pull(b)));
            }
        }
        neg_left = if f.has(facts::MODEL_NEGATION) { 3 } else { neg_left.saturating_sub(1) };
        prev = Some((i, share.bigram_prefix));
    }
    found.retain(|d| d.2 >= min_pull);
    found.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut out: Vec<(usize, usize, f32)> = Vec::new();
    for d in found {
        if out.len() == max {
            break;
        }
        if out.iter().all(|o| d.1 <= o.0 || d.0 >= o.1) {
            out.push(d);
        }
    }
    out
}

/// The least pull (logits) a learned feature needs to be named as a reason: below it a word's weight
/// is noise from hashing and training (most words pull less than 0.1).
pub const MIN_PULL: f32 = 0.15;

/// Label and score from the class probabilities, with the rules' veto.
fn conclude(p: [f32; 3], r: &Rules) -> (Label, f32) {
    let best = decide(&p);
    let score = (p[2] - p[0]).clamp(-1.0, 1.0);
    // Veto: when the rules are sure of a polarity (negation, set phrases and contrast handled) and
    // the model reads the opposite from its word features ("pas mal" has "mal" in it), the rules win.
    let opposite = (best == 0 && r.compound >= VETO) || (best == 2 && r.compound <= -VETO);
    // A negation the rules applied is what the model's word features read worst ("je ne regrette
    // pas", "I'm not disappointed"): there the rules' polarity stands from a lower threshold.
    let negation_overruled = r.negations > 0 && r.compound.abs() >= NEGATION_VETO && CLASSES[best] != rules_only(r).0;
    if opposite || negation_overruled {
        return rules_only(r);
    }
    (CLASSES[best], score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        const BITS: u32 = 16;
        const BUCKETS: usize = 1 << BITS;
        let hashed: Vec<i8> = (0..3 * BUCKETS).map(|i| (i % 251) as i8).collect();
        let m = Model::new(
            BITS,
            0.01,
            hashed.clone(),
            (0..3 * DENSE).map(|i| i as f32).collect(),
            [0.1, 0.2, 0.3],
        );
        let b = m.to_bytes();
        let back = Model::from_bytes(&b).expect("round trip");
        assert_eq!(back.hashed(), hashed);
        assert_eq!(back.dense, m.dense);
        assert_eq!(back.bias, m.bias);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_none());
        assert!(Model::from_bytes(b"nope").is_none());
        // 15-level weights, as shipped, go two to a byte.
        let small: Vec<i8> = (0..3 * BUCKETS).map(|i| (i % 15) as i8 - 7).collect();
        let m = Model::new(BITS, 0.01, small.clone(), vec![0.5; 3 * DENSE], [0.0; 3]);
        let b = m.to_bytes();
        assert_eq!(&b[0..4], PACKED);
        assert_eq!(b.len(), 16 + 4 * (3 + 3 * DENSE) + 3 * BUCKETS / 2);
        assert_eq!(Model::from_bytes(&b).expect("packed round trip").hashed(), small);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_none());
        // Other sizes: the header's bits decide the buckets; a size out of range is refused.
        let big: Vec<i8> = (0..3 << 18).map(|i| (i % 15) as i8 - 7).collect();
        let m = Model::new(18, 0.01, big.clone(), vec![0.5; 3 * DENSE], [0.0; 3]);
        let back = Model::from_bytes(&m.to_bytes()).expect("2^18 round trip");
        assert_eq!((back.buckets(), back.hashed()), (1 << 18, big));
        assert_eq!(back.bucket(0xFFFF_FFFF), (1 << 18) - 1);
        let mut bad = m.to_bytes();
        bad[4..8].copy_from_slice(&(MAX_BITS + 1).to_le_bytes());
        assert!(Model::from_bytes(&bad).is_none());
    }
}
