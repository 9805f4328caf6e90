//! Counting kept posts again: a watch item added or edited, searched for in the posts' text and
//! recounted chunk by chunk over the kept posts, and the posts of an import adopted into the counts.
use crate::listening::watch::Doc;
use crate::store;
use crate::store::kept::{self, quarter, AggDeltas, KeptPost, WatchMark};

use super::{BatchResult, Engine, Recounted};

impl Engine {
    /// Recounts watch item `mark` (`[id, rev]`) over one chunk of kept posts: a post already marked with
    /// this revision was counted at ingest and is skipped; any other mark of the item is replaced. The
    /// host cleared the item's sums when the recount began (`clear_items`), so the deltas rebuild them.
    pub fn recount(&self, mark: WatchMark, chunk: Vec<KeptPost>) -> Recounted {
        let [id, _] = mark;
        let query = self.watchlist.by_id(id).filter(|(i, _)| i.rev == mark[1]).map(|(_, q)| q);
        let mut out = Recounted::default();
        let mut deltas = AggDeltas::new();
        for mut post in chunk {
            if post.has_mark(mark) {
                continue;
            }
            let before = post.watch.len();
            post.watch.retain(|m| m[0] != id);
            let matches = query.is_some_and(|q| q.matches(&Doc::new(&post.text, &post.author.handle)));
            if matches {
                post.watch.push(mark);
                out.matched += 1;
                kept::contribute(&mut deltas, &post, &[id], true);
            }
            if matches || post.watch.len() != before {
                out.kept.push(post);
            }
        }
        out.deltas = deltas.into_values().collect();
        out
    }


    /// The positions of the posts in a search projection that watch item `mark` matches
    /// ([`crate::listening::watch::Watchlist::search`]): the recount's first pass, over text only.
    pub fn search(&self, mark: WatchMark, docs: &str) -> Vec<u32> {
        self.watchlist.search(mark[0], mark[1], docs)
    }

    /// Posts from an import that the host does not keep yet: marked with the watch items they mention
    /// now, placed in the retention window, and counted (`kept`, `deltas`).
    pub fn adopt(&self, posts: Vec<KeptPost>, now_ms: i64) -> BatchResult {
        let oldest_ms = now_ms - self.meta.retention_days * 86_400_000;
        let mut out = BatchResult::default();
        let mut deltas = AggDeltas::new();
        for mut p in posts {
            let items = self.watchlist.matching_items(&Doc::new(&p.text, &p.author.handle));
            p.watch = items.iter().map(|i| [i.id, i.rev]).collect();
            p.published = p.published.map(|t| t.min(now_ms));
            p.pq = p.published.filter(|&t| t >= oldest_ms && !kept::coarse(p.precision.as_deref())).map(quarter);
            p.hourless = p.precision.as_deref() == Some("day");
            p.first_seen = p.first_seen.min(now_ms);
            p.last_seen = p.last_seen.clamp(p.first_seen, now_ms);
            p.sq = quarter(p.first_seen);
            p.legacy = false;
            if p.sq < quarter(oldest_ms) {
                continue; // seen before the retention window: it would be pruned at once
            }
            let ids: Vec<u32> = items.iter().map(|i| i.id).collect();
            kept::contribute(&mut deltas, &p, &ids, false);
            out.kept.push(p);
        }
        out.add_deltas(deltas);
        out
    }

    /// A recount ran over every kept post: it is no longer pending.
    pub fn recount_done(&mut self, mark: WatchMark) -> BatchResult {
        let mut out = BatchResult::default();
        let before = self.meta.recounts.len();
        self.meta.recounts.retain(|m| *m != mark);
        if self.meta.recounts.len() != before {
            out.write(store::META.into(), &self.meta);
        }
        out
    }

    /// The recounts still to run (resumed by the host after a restart).
    pub fn pending_recounts(&self) -> &[WatchMark] {
        &self.meta.recounts
    }
}
