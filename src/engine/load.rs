//! Loading the engine from every stored key (migrations first, unreadable values set aside), and the
//! saved posts a host gives later (`hydrate`).
use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::time::parse_iso8601;
use crate::listening::influence::{AuthorStats, Owned};
use crate::listening::tally::DayTally;
use crate::listening::trends::{Alert, HourTerms, Rise, TrendState};
use crate::listening::watch::{WatchItem, Watchlist};
use crate::store::saved::SavedPost;
use crate::store::{self, Meta};

use super::{BatchResult, Engine, Recovery};

impl Engine {
    /// Rebuilds the engine from every stored key (e.g. `chrome.storage.local.get(null)`), migrating older
    /// schemas first (their rewritten keys are in the returned writes). Unknown keys are ignored;
    /// unreadable ones are contained: the returned writes keep the bad value under `corrupt:KEY:NOW`
    /// (nothing lost) and the key starts afresh. A store from a newer schema is an error: this version
    /// must not overwrite what it cannot read.
    pub fn load(
        mut entries: BTreeMap<String, Value>,
        now_ms: i64,
    ) -> crate::base::Result<(Engine, BatchResult, Vec<Recovery>)> {
        let migrated = store::migrate(&mut entries, now_ms)?;
        let mut engine = Engine::new();
        let mut fix = BatchResult {
            removals: migrated.removed,
            agg_puts: migrated.aggs,
            legacy: migrated.legacy,
            ..Default::default()
        };
        for key in &migrated.changed {
            if let Some(v) = entries.get(key) {
                fix.writes.insert(key.clone(), v.clone());
            }
        }
        let mut recoveries = Vec::new();
        let mut contain = |key: &str, value: &Value, problem: String, fix: &mut BatchResult| {
            let moved_to = format!("{}{key}:{now_ms}", store::CORRUPT);
            fix.writes.insert(moved_to.clone(), value.clone());
            fix.writes.remove(key);
            fix.removals.push(key.to_string());
            recoveries.push(Recovery {
                key: key.to_string(),
                problem,
                moved_to,
            });
        };
        for (key, value) in &entries {
            let problem = if key == store::META {
                match serde_json::from_value::<Meta>(value.clone()) {
                    // A retention outside its bounds (a hand-edited or damaged store) would prune everything
                    // or overflow: the meta is set aside and replaced, like an unreadable one.
                    Ok(m) if !store::RETENTION_RANGE.contains(&m.retention_days) => Some(format!("retention of {} days is out of range", m.retention_days)),
                    Ok(m) => {
                        engine.meta = m;
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::WATCHLIST {
                match serde_json::from_value::<Vec<WatchItem>>(value.clone()) {
                    Ok(items) => Watchlist::new(items).map(|w| engine.watchlist = w).err().map(|e| e.to_string()),
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::TRENDS {
                match serde_json::from_value::<Vec<Rise>>(value.clone()) {
                    Ok(log) => {
                        let alerts = engine.trends.alerts().to_vec();
                        engine.trends.restore_log(log, alerts);
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::ALERTS {
                match serde_json::from_value::<Vec<Alert>>(value.clone()) {
                    Ok(alerts) => {
                        let log = engine.trends.log().to_vec();
                        engine.trends.restore_log(log, alerts);
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::OWNED {
                match serde_json::from_value::<Owned>(value.clone()) {
                    Ok(owned) => {
                        engine.authors.set_owned(owned.bounded());
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if key == store::TREND_STATE {
                match serde_json::from_value::<TrendState>(value.clone()) {
                    Ok(state) => {
                        engine.trends.restore_state(state, now_ms);
                        None
                    }
                    Err(e) => Some(e.to_string()),
                }
            } else if let Some(day) = key.strip_prefix(store::TALLY) {
                // A day key is what pruning goes by: a malformed one would be kept forever.
                if !crate::base::time::is_hour_or_day_key(day) || day.len() != 10 {
                    Some("not a YYYY-MM-DD day".to_string())
                } else {
                    serde_json::from_value::<DayTally>(value.clone())
                        .map(|t| {
                            engine.days.insert(day.to_string(), t);
                        })
                        .err()
                        .map(|e| e.to_string())
                }
            } else if key == store::ADAPT {
                serde_json::from_value::<crate::analysis::adapt::Adjustment>(value.clone())
                    .map(|a| engine.adapt = a.ready())
                    .err()
                    .map(|e| e.to_string())
            } else if key.starts_with(store::SEEN) || key.starts_with(store::HASHES) {
                Some("an older layout's value that could not be migrated".to_string())
            } else if let Some(author) = key.strip_prefix(store::AUTHOR) {
                serde_json::from_value::<AuthorStats>(value.clone())
                    .map(|a| engine.authors.insert(author.to_string(), a))
                    .err()
                    .map(|e| e.to_string())
            } else if let Some(hour) = key.strip_prefix(store::TERMS) {
                // The hour key orders the trend windows: a malformed one would sit in "now" forever.
                let valid = match hour.len() {
                    13 => parse_iso8601(&format!("{hour}:00Z")).is_some(),
                    10 => parse_iso8601(hour).is_some(),
                    _ => false,
                };
                if !valid {
                    Some("not a YYYY-MM-DDTHH hour or YYYY-MM-DD day".to_string())
                } else {
                    serde_json::from_value::<HourTerms>(value.clone())
                        .map(|t| engine.trends.restore_hour(hour.to_string(), t))
                        .err()
                        .map(|e| e.to_string())
                }
            } else if let Some(id) = key.strip_prefix(store::SAVED) {
                serde_json::from_value::<SavedPost>(value.clone())
                    .map(|s| {
                        engine.saved.insert(id.to_string(), s);
                    })
                    .err()
                    .map(|e| e.to_string())
            } else {
                None
            };
            if let Some(problem) = problem {
                contain(key, value, problem, &mut fix);
            }
        }
        if fix.removals.iter().any(|k| k == store::META) {
            // The host sets the writes before it removes the removals: a rewritten key is not removed.
            fix.removals.retain(|k| k != store::META);
            engine.meta = Meta::fresh(now_ms);
            fix.write(store::META.into(), &engine.meta);
        }
        engine.prune(now_ms, &mut fix);
        fix.unseen_alerts = engine.trends.unseen_alerts();
        Ok((engine, fix.settle(), recoveries))
    }

    /// Takes the saved posts (`saved:` keys) that a host keeps out of the start's read: the extension
    /// keeps them in IndexedDB and gives them before the first operation that reads or writes saved
    /// posts, so that a start reads no more than the small state. An unreadable value is set aside under
    /// `corrupt:` as at load. Keys of other kinds are ignored (they belong to [`Engine::load`]).
    pub fn hydrate(&mut self, entries: BTreeMap<String, Value>, now_ms: i64) -> BatchResult {
        let mut out = BatchResult::default();
        for (key, value) in entries {
            let Some(id) = key.strip_prefix(store::SAVED) else { continue };
            match serde_json::from_value::<SavedPost>(value.clone()) {
                Ok(s) => {
                    self.saved.insert(id.to_string(), s);
                }
                Err(_) => {
                    out.writes.insert(format!("{}{key}:{now_ms}", store::CORRUPT), value);
                    out.removals.push(key);
                }
            }
        }
        out.settle()
    }
}
