//! A batch answered before the engine's state is loaded: at a cold start of the extension's worker,
//! reading the state (authors, trend terms, the alert days: megabytes after a year) takes a second or
//! more, and a page should not wait for it. Each post is validated and bounded as ingest does, and
//! analysed (sentiment, intent, language, evidence: no state needed); nothing is counted, matched or
//! written. The host keeps the batch durably (its inbox) and ingests it, once, when the engine is loaded;
//! the page gets badges and trend chips with the batches after that.
use crate::analysis::analyze;
use crate::base::limits::cap_text;
use crate::base::post::Post;

use super::{Annotation, BatchResult};

/// The annotations of `posts` from their text alone (`counted: false`: not counted yet), and the posts
/// refused, worded as ingest words them.
pub fn preview(posts: &[Post]) -> BatchResult {
    let mut out = BatchResult::default();
    for post in posts {
        if let Err(e) = post.validate() {
            out.rejected.push(format!("{}: {e}", cap_text(&post.key(), 80)));
            continue;
        }
        let post = post.bounded();
        out.annotations.push(Annotation {
            site: post.site.clone(),
            id: post.id.clone(),
            counted: false,
            watch: Vec::new(),
            trends: Vec::new(),
            site_trends: Vec::new(),
            terms: Vec::new(),
            author: None,
            badges: Vec::new(),
            analysis: analyze(post.capped_text()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    fn post(id: &str, text: &str) -> Post {
        Post { site: "x".into(), id: id.into(), text: text.into(), ..Default::default() }
    }

    #[test]
    fn labels_as_ingest_does_counts_nothing_and_refuses_the_same_posts() {
        let posts = vec![post("1", "J'adore ce téléphone, super écran"), post("", "no id"), post("2", "Service client nul")];
        let early = preview(&posts);
        let mut engine = Engine::new();
        let later = engine.ingest(&posts, 1_700_000_000_000);
        assert_eq!(early.rejected, later.rejected);
        assert_eq!(early.annotations.len(), 2);
        for (a, b) in early.annotations.iter().zip(&later.annotations) {
            assert_eq!((&a.site, &a.id, &a.analysis), (&b.site, &b.id, &b.analysis));
            assert!(!a.counted && b.counted);
        }
        assert!(early.kept.is_empty() && early.writes.is_empty() && early.deltas.is_empty(), "nothing to write");
    }
}
