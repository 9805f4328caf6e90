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

/// What the person says a post's label and intent are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub label: Label,
    pub intent: Intent,
}
