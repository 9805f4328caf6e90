//! The person's corrections of a kept post's label and intent (issue 13): kept on the post, and taught
//! to the engine's adjustment of the learned model (analysis/adapt.rs).
use crate::analysis::adapt::Correction;
use crate::store::{self, kept::KeptPost};

use super::{BatchResult, Engine};

impl Engine {
    /// The person corrects a kept post's label and intent: the correction is kept on the post (shown
    /// and exported beside the model's label; the figures keep the model's) and teaches the engine's
    /// adjustment, so posts like it read as corrected from now on. Returns the post to put and the
    /// adjustment to write.
    pub fn correct(&mut self, mut post: KeptPost, c: Correction) -> BatchResult {
        let mut out = BatchResult::default();
        crate::analysis::correct(&mut self.adapt, &post.text, c.label, Some(c.intent));
        if self.durable {
            out.write(store::ADAPT.into(), &self.adapt);
        }
        post.corrected = Some(c);
        out.kept.push(post);
        out
    }
}
