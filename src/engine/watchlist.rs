//! Watchlist edits (ids, revisions, the recounts they start) and watch items by name.
use std::collections::{HashMap, HashSet};

use crate::listening::tally::DayTally;
use crate::listening::watch::{WatchItem, Watchlist};
use crate::store;
use crate::store::kept::WatchMark;

use super::{BatchResult, Engine};

impl Engine {
    /// Replaces the watchlist. A bad query is an error naming the item, the position and the problem,
    /// and nothing changes. Items keep their id (a new one, id 0, gets the next); an item whose query
    /// changed gets a new revision. Both are recounted over the kept posts (`recount`), after their old
    /// sums are cleared (`clear_items`, with the deleted items'); the pending recounts are stored
    /// (`recounts`) so that a stopped worker resumes them.
    pub fn set_watchlist(&mut self, mut items: Vec<WatchItem>) -> crate::base::Result<BatchResult> {
        let old: HashMap<u32, WatchItem> = self.watchlist.items().map(|i| (i.id, i.clone())).collect();
        let mut next = self.meta.next_item_id.max(old.keys().max().map_or(1, |m| m + 1));
        let mut recount = Vec::new();
        for item in items.iter_mut() {
            match old.get(&item.id).filter(|_| item.id != 0) {
                Some(o) if o.query == item.query => item.rev = o.rev,
                Some(o) => {
                    item.rev = o.rev + 1;
                    recount.push([item.id, item.rev]);
                }
                None => {
                    item.id = next;
                    item.rev = 1;
                    next += 1;
                    recount.push([item.id, item.rev]);
                }
            }
        }
        let list = Watchlist::new(items)?;
        let kept_ids: HashSet<u32> = list.items().map(|i| i.id).collect();
        let mut out = BatchResult::default();
        out.clear_items = recount.iter().map(|m| m[0]).chain(old.keys().copied().filter(|id| !kept_ids.contains(id))).collect();
        out.clear_items.sort_unstable();
        out.clear_items.dedup();
        self.watchlist = list;
        self.meta.next_item_id = next;
        self.meta.recounts.retain(|m| kept_ids.contains(&m[0]) && !recount.iter().any(|r| r[0] == m[0]));
        self.meta.recounts.extend(recount.iter().copied());
        out.recount = self.meta.recounts.clone();
        out.write(store::WATCHLIST.into(), &self.watchlist());
        out.write(store::META.into(), &self.meta);
        Ok(out)
    }


    /// Day tallies folded from the aggregates (watch items by id) with each item named by its query, as
    /// the pages and exports show them; items no longer watched are left out.
    pub fn named_days(&self, days: &[DayTally]) -> Vec<DayTally> {
        let names: HashMap<String, &str> = self.watchlist.items().map(|i| (i.id.to_string(), i.query.as_str())).collect();
        days.iter()
            .map(|d| {
                let mut d = d.clone();
                d.watch = std::mem::take(&mut d.watch)
                    .into_iter()
                    .filter_map(|(id, t)| names.get(&id).map(|q| (q.to_string(), t)))
                    .collect();
                d
            })
            .collect()
    }

    /// The names (label, else query) of the watch items behind these marks; gone items are left out.
    pub fn item_names(&self, marks: &[WatchMark]) -> Vec<String> {
        marks
            .iter()
            .filter_map(|[id, _]| self.watchlist.by_id(*id).map(|(i, _)| self.watchlist.display_name(&i.query).to_string()))
            .collect()
    }
}
