//! What is kept and for how long: the retention setting, the prune it makes, and the cap on authors.
use crate::base::error::Refusal;
use crate::base::time::day_key;
use crate::store;
use crate::store::kept::quarter;

use super::{BatchResult, Engine, ALERT_DAYS};

impl Engine {
    /// Sets how many days of tallies, dedup memory, authors and trend data are kept, and prunes now.
    pub fn set_retention(&mut self, days: i64, now_ms: i64) -> crate::base::Result<BatchResult> {
        if !store::RETENTION_RANGE.contains(&days) {
            return Err(Refusal::RetentionRange { min: *store::RETENTION_RANGE.start(), max: *store::RETENTION_RANGE.end() }.into());
        }
        self.meta.retention_days = days;
        let mut out = BatchResult::default();
        out.write(store::META.into(), &self.meta);
        self.prune(now_ms, &mut out);
        Ok(out.settle())
    }


    /// Bounded memory and store: beyond [`crate::listening::influence::MAX_AUTHORS`], forgets the least recently
    /// seen authors (the retention window is applied at load). Returns the keys forgotten.
    pub(crate) fn cap_authors(&mut self) -> Vec<String> {
        if self.authors.len() > crate::listening::influence::MAX_AUTHORS {
            self.authors.prune(i64::MIN)
        } else {
            Vec::new()
        }
    }


    /// Drops what is older than the retention window: the host prunes the kept posts and aggregates
    /// (`prune_before`), the engine its alert days, authors and trend hours.
    pub(super) fn prune(&mut self, now_ms: i64, out: &mut BatchResult) {
        let oldest_ms = now_ms - self.meta.retention_days * 86_400_000;
        out.prune_before = Some(quarter(oldest_ms));
        let oldest = day_key(oldest_ms.max(now_ms - ALERT_DAYS * 86_400_000));
        let old_days: Vec<String> = self.days.range(..oldest).map(|(k, _)| k.clone()).collect();
        for day in old_days {
            self.days.remove(&day);
            out.removals.push(format!("{}{day}", store::TALLY));
        }
        for k in self.authors.prune(oldest_ms) {
            out.removals.push(format!("{}{k}", store::AUTHOR));
        }
        let (dropped, compacted) = self.trends.prune(now_ms);
        for h in dropped {
            out.removals.push(format!("{}{h}", store::TERMS));
        }
        for d in compacted {
            if let Some(t) = self.trends.hours().get(&d) {
                out.write(format!("{}{d}", store::TERMS), t);
            }
        }
    }
}
