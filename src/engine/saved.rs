//! Saved posts: save, edit, delete, each held to its limits (store/saved.rs).
use crate::base::error::Refusal;
use crate::store::saved::{SaveRequest, SavedPost, SavedUpdate, MAX_SAVED};

use super::{BatchResult, Engine};

impl Engine {
    /// Saves (or re-saves, keeping its tags and note unless given) a post to a collection.
    pub fn save_post(&mut self, req: SaveRequest, now_ms: i64) -> crate::base::Result<BatchResult> {
        let mut new = SavedPost::from_request(req, now_ms)?;
        if let Some(old) = self.saved.get(&new.id) {
            new.saved_at = old.saved_at;
            if new.tags.is_empty() {
                new.tags = old.tags.clone();
            }
            if new.note.is_empty() {
                new.note = old.note.clone();
            }
        } else if self.saved.len() >= MAX_SAVED {
            return Err(Refusal::SavedFull { max: MAX_SAVED }.into());
        }
        let mut out = BatchResult::default();
        out.write(new.store_key(), &new);
        self.saved.insert(new.id.clone(), new);
        Ok(out)
    }

    pub fn update_saved(&mut self, id: &str, update: SavedUpdate, now_ms: i64) -> crate::base::Result<BatchResult> {
        let Some(s) = self.saved.get_mut(id) else {
            return Err(Refusal::NoSavedPost { id: id.to_string() }.into());
        };
        let mut changed = s.clone();
        changed.apply(update, now_ms)?;
        *s = changed;
        let mut out = BatchResult::default();
        out.write(s.store_key(), &*s);
        Ok(out)
    }

    pub fn delete_saved(&mut self, id: &str) -> crate::base::Result<BatchResult> {
        let Some(s) = self.saved.remove(id) else {
            return Err(Refusal::NoSavedPost { id: id.to_string() }.into());
        };
        let mut out = BatchResult::default();
        out.removals.push(s.store_key());
        Ok(out)
    }


    pub(crate) fn is_saved(&self, id: &str) -> bool {
        self.saved.contains_key(id)
    }
}
