//! A backup file's entries held to the limits the engine keeps itself, before a restore loads them.
use std::collections::BTreeMap;

use serde_json::Value;

use crate::base::error::Refusal;
use crate::store;
use crate::store::saved::{SavedPost, MAX_SAVED};

use super::import::{latest_day, saved_as_typed, shown, Skip};

/// Holds the entries of a backup to the limits the engine keeps when it writes them itself, before they
/// are loaded: the retention setting in its range (or the restore is refused), tallies and first-seen
/// counts under real days that have come, saved posts valid as typed, under their own key, and no more
/// than can be saved. What does not hold is left out and said; unreadable values are still the
/// loader's to set aside.
pub(crate) fn check_backup(entries: &mut BTreeMap<String, Value>, now_ms: i64) -> crate::base::Result<Vec<Skip>> {
    if let Some(days) = entries.get(store::META).and_then(|m| m.get("retention_days")) {
        if !days.as_i64().is_some_and(|d| store::RETENTION_RANGE.contains(&d)) {
            let (min, max) = (*store::RETENTION_RANGE.start(), *store::RETENTION_RANGE.end());
            return Err(Refusal::BackupRetention { min, max }.into());
        }
    }
    let latest = latest_day(now_ms);
    let mut skips = Vec::new();
    let mut saved = 0usize;
    entries.retain(|key, value| {
        let day = key.strip_prefix(store::TALLY).or_else(|| key.strip_prefix(store::SEEN));
        if let Some(day) = day {
            let skip = if !crate::base::time::is_day_key(day) {
                Skip::BadDay { day: shown(day) }
            } else if day > latest.as_str() {
                Skip::FutureDay { day: day.to_string() }
            } else {
                return true;
            };
            skips.push(skip);
            return false;
        }
        let Some(id) = key.strip_prefix(store::SAVED) else { return true };
        // An unreadable one is the loader's to set aside (nothing lost).
        let Ok(s) = serde_json::from_value::<SavedPost>(value.clone()) else { return true };
        let s = match saved_as_typed(s) {
            Ok(s) if s.id == id => s,
            Ok(s) => {
                skips.push(Skip::BadSaved { id: shown(id), detail: format!("stored as `{}`", shown(&s.id)) });
                return false;
            }
            Err(skip) => {
                skips.push(skip);
                return false;
            }
        };
        if saved >= MAX_SAVED {
            skips.push(Skip::SavedFull { id: shown(id), max: MAX_SAVED });
            return false;
        }
        saved += 1;
        *value = serde_json::to_value(s).unwrap_or_default();
        true
    });
    Ok(skips)
}
