//! The person's corrections, and what the engine learns from them on the device.
//!
//! A correction says what a post's label and intent should have been. It is kept on the post (shown
//! and exported beside the model's label) and it teaches: [`Adjustment`] is a small per-person weight
//! table over the learned model's own hashed features (the same word, bigram and character n-gram
//! hashes, `model::features`), trained online, one perceptron-style step per correction, and added
//! to the model's class scores in `analyze`. A person who corrects "charge" in their domain a few
//! times no longer sees it read as they said it is not.
use serde::{Deserialize, Serialize};

use super::{Intent, Label};

/// Intent order in [`Adjustment::exact`] rows; `INTENTS.len()` for "not said".
const INTENTS: [Intent; 5] = [Intent::Praise, Intent::Complaint, Intent::Request, Intent::Question, Intent::None];

/// What the person says a post's label and intent are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub label: Label,
    pub intent: Intent,
}

/// Buckets of the adjustment's feature space: the learned model's word and word-pair hashes folded to
/// 2^18, as the shipped model folds them (a correction then moves the same features the model reads).
const BITS: u32 = 18;
/// Learning rate of one step (logistic loss on the corrected class).
const RATE: f32 = 0.5;
/// Steps at most per correction: until the post reads as the person said, the same mistake gone.
const STEPS: usize = 8;
/// Entries kept at most (about 40 bytes each in storage): past this the smallest go first.
pub const MAX_ENTRIES: usize = 20_000;
/// A weight this small is dropped (so the table stays the size of what was learned).
const EPSILON: f32 = 0.005;

/// A per-person adjustment of the learned model: extra class weights (neg, neu, pos) on the post's
/// word and word-pair features, added to the model's logits in `analyze_adjusted`. Trained online by
/// [`Adjustment::learn`], one correction at a time; stored by the engine under the `adapt` key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Adjustment {
    /// Corrections learned from.
    pub corrections: u32,
    /// `[bucket, neg, neu, pos]` rows, sorted by bucket (weights rounded to 1/1000).
    pub w: Vec<[f32; 4]>,
    /// The corrected posts themselves, `[text hash, class, intent]` (`text_hash`; class index in
    /// `model::CLASSES`, intent index in `INTENTS`), most recent last: the same post seen again (a
    /// repost, a re-read) reads as corrected, its intent too, even where the rules would overrule the
    /// weights (measured: lifting the rules' veto for the weights costs 1-2 points on a domain's
    /// other posts, QUALITY.md).
    pub exact: Vec<[u32; 3]>,
    #[serde(skip)]
    index: super::lexicon::FastMap<u32, [f32; 3]>,
}

/// Corrected posts remembered as themselves at most (8 bytes each).
pub const MAX_EXACT: usize = 5_000;

/// The hash a corrected post is remembered by: FNV-1a over its folded text, spaces trimmed.
pub fn text_hash(text: &str) -> u32 {
    crate::text::fold::fold(text.trim()).bytes().fold(0x811c_9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x0100_0193))
}

impl Adjustment {
    pub fn is_empty(&self) -> bool {
        self.w.is_empty() && self.index.is_empty() && self.exact.is_empty()
    }

    /// The label (and intent, when said) the person gave this very post, if they corrected it.
    pub fn corrected(&self, text: &str) -> Option<(Label, Option<Intent>)> {
        if self.exact.is_empty() {
            return None;
        }
        let h = text_hash(text);
        let row = self.exact.iter().rev().find(|e| e[0] == h)?;
        Some((*super::model::CLASSES.get(row[1] as usize)?, INTENTS.get(row[2] as usize).copied()))
    }

    /// Remembers that the post `text` is `label`, with `intent` if said (see `exact`).
    pub fn remember(&mut self, text: &str, label: Label, intent: Option<Intent>) {
        let h = text_hash(text);
        let class = super::model::CLASSES.iter().position(|&c| c == label).unwrap_or(1) as u32;
        let intent = intent.and_then(|i| INTENTS.iter().position(|&x| x == i)).unwrap_or(INTENTS.len()) as u32;
        self.exact.retain(|e| e[0] != h);
        self.exact.push([h, class, intent]);
        if self.exact.len() > MAX_EXACT {
            self.exact.remove(0);
        }
    }

    /// Rebuilds the look-up table after deserialising (rows with a bad bucket or value are skipped).
    pub fn ready(mut self) -> Adjustment {
        self.index = self
            .w
            .iter()
            .filter(|r| r.iter().all(|v| v.is_finite()) && r[0] >= 0.0 && (r[0] as u64) < 1 << BITS)
            .map(|r| (r[0] as u32, [r[1], r[2], r[3]]))
            .collect();
        self
    }

    /// The extra logits (neg, neu, pos) for a post's features.
    pub fn logits(&self, features: &[u32]) -> [f32; 3] {
        let mut z = [0f32; 3];
        if self.index.is_empty() {
            return z;
        }
        for h in features {
            if let Some(w) = self.index.get(&(h & ((1 << BITS) - 1))) {
                for c in 0..3 {
                    z[c] += w[c];
                }
            }
        }
        z
    }

    /// Learns that the post with these features (`adapt_features`) and model logits `base` is
    /// `label`: logistic-loss steps on the features until the post reads so (at most `STEPS`).
    pub fn learn(&mut self, features: &[u32], base: [f32; 3], label: Label) {
        let target = super::model::CLASSES.iter().position(|&c| c == label).unwrap_or(1);
        let mut buckets: Vec<u32> = features.iter().map(|h| h & ((1 << BITS) - 1)).collect();
        buckets.sort_unstable();
        buckets.dedup();
        if buckets.is_empty() {
            return;
        }
        for _ in 0..STEPS {
            let extra = self.logits(&buckets);
            let z = [base[0] + extra[0], base[1] + extra[1], base[2] + extra[2]];
            let p = super::model::softmax(z);
            let decided = super::model::decide(&p);
            if decided == target && p[target] > 0.5 {
                break;
            }
            // Spread over the post's features, so a long post moves each word less.
            let rate = RATE / (buckets.len() as f32).sqrt();
            for &b in &buckets {
                let w = self.index.entry(b).or_default();
                for c in 0..3 {
                    let y = (c == target) as u8 as f32;
                    w[c] -= rate * (p[c] - y);
                }
            }
        }
        self.corrections += 1;
        self.compact();
    }

    /// Rounds, drops near-zero rows, bounds the table, and refreshes `w` for storage.
    fn compact(&mut self) {
        self.index.retain(|_, w| w.iter().any(|v| v.abs() >= EPSILON));
        let mut rows: Vec<[f32; 4]> = self
            .index
            .iter()
            .map(|(&b, w)| [b as f32, round3(w[0]), round3(w[1]), round3(w[2])])
            .collect();
        if rows.len() > MAX_ENTRIES {
            rows.sort_by(|a, b| mag(b).total_cmp(&mag(a)));
            rows.truncate(MAX_ENTRIES);
            self.index.retain(|b, _| rows.iter().any(|r| r[0] as u32 == *b));
        }
        rows.sort_by(|a, b| a[0].total_cmp(&b[0]));
        self.w = rows;
    }
}

fn round3(v: f32) -> f32 {
    (v * 1000.0).round() / 1000.0
}

fn mag(r: &[f32; 4]) -> f32 {
    r[1].abs() + r[2].abs() + r[3].abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, analyze_adjusted, correct, Label};

    #[test]
    fn a_correction_is_learned_and_the_same_mistake_does_not_come_back() {
        let text = "La charge rapide prend 20 minutes, efficace";
        let before = analyze(text).label;
        let want = if before == Some(Label::Negative) { Label::Positive } else { Label::Negative };
        let mut adj = Adjustment::default();
        correct(&mut adj, text, want, None);
        assert_eq!(analyze_adjusted(text, &adj).label, Some(want));
        assert_eq!(adj.corrections, 1);
        // Stored and read back: the same reading.
        let back: Adjustment = serde_json::from_value::<Adjustment>(serde_json::to_value(&adj).unwrap()).unwrap().ready();
        assert_eq!(analyze_adjusted(text, &back).label, Some(want));
        // A post the rules read as plainly positive (sarcasm): corrected, it reads as the person said,
        // though the rules' veto stands for other posts.
        let sarcasm = "Great, another amazing update that I love so much";
        assert_eq!(analyze(sarcasm).label, Some(Label::Positive));
        correct(&mut adj, sarcasm, Label::Negative, Some(crate::analysis::Intent::Complaint));
        let a = analyze_adjusted(sarcasm, &adj);
        assert_eq!((a.label, a.intent), (Some(Label::Negative), Some(crate::analysis::Intent::Complaint)));
        assert_eq!(analyze_adjusted(&format!("  {sarcasm} "), &adj).label, Some(Label::Negative));
        // An empty adjustment changes nothing.
        assert_eq!(analyze_adjusted(text, &Adjustment::default()), analyze(text));
    }
}
