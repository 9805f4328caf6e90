//! The watchlist: what the person listens for (brands, products, keywords, #hashtags, @handles), each a
//! boolean query (query.rs) over the post's tokens (text/tokens.rs). Stored under the `watchlist` key; tallies
//! are keyed by each item's query string exactly as the person wrote it.
pub mod query;

use serde::{Deserialize, Serialize};

pub use query::{Doc, Problem, Query, QueryError};

use crate::text::fold::push_folded;

/// Most watch items kept: each costs a little per post and per hour of tallies.
pub const MAX_ITEMS: usize = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchItem {
    /// The item's identity in the kept posts' marks and the aggregates (store/kept.rs): stays when its
    /// query or label is edited. 0 for an item the engine has not numbered yet (a new one).
    #[serde(default)]
    pub id: u32,
    /// Bumped when the query changes: the posts kept are then recounted against the new revision.
    #[serde(default)]
    pub rev: u32,
    /// The query as written.
    pub query: String,
    /// Optional display name ("Décathlon (brand)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Watchlist {
    items: Vec<(WatchItem, Query)>,
}

impl Watchlist {
    /// Compiles every item; the first bad one is an error naming the item and where its query is wrong.
    /// Duplicate queries are kept once (they would share a tally anyway).
    pub fn new(items: Vec<WatchItem>) -> crate::base::Result<Watchlist> {
        if items.len() > MAX_ITEMS {
            return Err(crate::base::Error::Query {
                query: String::new(),
                error: QueryError::new(1, query::Problem::TooManyItems { max: MAX_ITEMS }),
            });
        }
        let mut list = Watchlist::default();
        for item in items {
            if list.items.iter().any(|(i, _)| i.query == item.query) {
                continue;
            }
            let q = Query::parse(&item.query).map_err(|error| crate::base::Error::Query {
                query: item.query.clone(),
                error,
            })?;
            list.items.push((item, q));
        }
        Ok(list)
    }

    pub fn items(&self) -> impl Iterator<Item = &WatchItem> {
        self.items.iter().map(|(i, _)| i)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// What people call the item with this query: its label when one is set, else the query itself.
    pub fn display_name<'a>(&'a self, query: &'a str) -> &'a str {
        self.items
            .iter()
            .find(|(i, _)| i.query == query)
            .and_then(|(i, _)| i.label.as_deref())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .unwrap_or(query)
    }

    /// The items this post matches, in watchlist order.
    pub fn matching_items(&self, doc: &Doc) -> Vec<&WatchItem> {
        self.items.iter().filter(|(_, q)| q.matches(doc)).map(|(i, _)| i).collect()
    }

    /// The item with this id and its compiled query.
    pub fn by_id(&self, id: u32) -> Option<(&WatchItem, &Query)> {
        self.items.iter().find(|(i, _)| i.id == id).map(|(i, q)| (i, q))
    }

    /// The posts of a search projection (`docs`: one `handle` U+0001 `text` per post, separated by
    /// U+0000, as the host keeps them beside the posts) that item `id` at revision `rev` matches, by
    /// their position. Empty when the item is gone or was edited since (a newer recount takes over).
    /// One call goes over thousands of posts: a recount reads the projection, not the posts' records.
    pub fn search(&self, id: u32, rev: u32, docs: &str) -> Vec<u32> {
        let Some((_, query)) = self.by_id(id).filter(|(i, _)| i.rev == rev) else {
            return Vec::new();
        };
        search(query, docs)
    }

    /// The queries of the items this post matches, in watchlist order.
    pub fn matching(&self, doc: &Doc) -> Vec<String> {
        self.items
            .iter()
            .filter(|(_, q)| q.matches(doc))
            .map(|(i, _)| i.query.clone())
            .collect()
    }
}

/// The positions of the posts of a search projection (see [`Watchlist::search`]) that `query` matches:
/// a watch item's recount, or the editor's preview of a query being typed over the posts kept.
pub fn search(query: &Query, docs: &str) -> Vec<u32> {
    let needs = query.required_literals();
    let mut folded = String::new();
    let mut out = Vec::new();
    for (i, doc) in docs.split('\0').enumerate() {
        let (handle, text) = doc.split_once('\u{1}').unwrap_or(("", doc));
        if let Some(needs) = &needs {
            // Most posts have none of the query's words: skipped without tokenizing them.
            folded.clear();
            text.chars().chain(['\u{1}']).chain(handle.chars()).for_each(|c| push_folded(c, &mut folded));
            if !needs.iter().any(|w| folded.contains(w)) {
                continue;
            }
        }
        if query.matches(&Doc::new(text, handle)) {
            out.push(i as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(q: &str) -> WatchItem {
        WatchItem {
            query: q.into(),
            ..Default::default()
        }
    }

    #[test]
    fn matches_items_by_their_query_string() {
        let w = Watchlist::new(vec![item("Décathlon"), item("#soldes"), item("Décathlon")]).unwrap();
        assert_eq!(w.items().count(), 2);
        let doc = Doc::new("decathlon pour les #SOLDES", "");
        assert_eq!(w.matching(&doc), vec!["Décathlon", "#soldes"]);
    }

    #[test]
    fn an_item_is_shown_by_its_label_when_it_has_one() {
        let labelled = WatchItem {
            query: "\"Brioche Phone\" OR #BriochePhone".into(),
            label: Some("Brioche Phone".into()),
            ..Default::default()
        };
        let blank = WatchItem { query: "fnac".into(), label: Some("  ".into()), ..Default::default() };
        let w = Watchlist::new(vec![labelled, blank, item("#soldes")]).unwrap();
        assert_eq!(w.display_name("\"Brioche Phone\" OR #BriochePhone"), "Brioche Phone");
        assert_eq!(w.display_name("fnac"), "fnac");
        assert_eq!(w.display_name("#soldes"), "#soldes");
        assert_eq!(w.display_name("no longer watched"), "no longer watched");
    }

    #[test]
    fn searches_a_projection_by_position_for_the_current_revision_only() {
        let mut brioche = item("\"Brioche Phone\" NOT promo");
        brioche.id = 7;
        brioche.rev = 2;
        let w = Watchlist::new(vec![brioche]).unwrap();
        let docs = ["ana\u{1}Le Brioche Phone chauffe", "bob\u{1}promo Brioche Phone -20%", "\u{1}rien à voir", "brioche_fan\u{1}brioche phone !"]
            .join("\0");
        assert_eq!(w.search(7, 2, &docs), vec![0, 3]);
        assert!(w.search(7, 1, &docs).is_empty(), "an older revision is not searched");
        assert!(w.search(8, 2, &docs).is_empty(), "nor an item that is gone");
        assert_eq!(w.search(7, 2, "Brioche Phone sans poignée"), vec![0], "no handle part: all text");
        assert!(w.search(7, 2, "").is_empty());
    }

    proptest::proptest! {
        /// The search's shortcut (a post without any of the query's required words is skipped) never
        /// drops a post the query matches.
        #[test]
        fn the_search_finds_what_matching_each_post_finds(
            posts in proptest::collection::vec(proptest::collection::vec(proptest::sample::select(WORDS), 0..8), 1..12),
            handles in proptest::collection::vec(proptest::sample::select(&["", "ab", "@cd", "é_x"][..]), 12),
            q in 0usize..QUERIES.len(),
        ) {
            let mut it = item(QUERIES[q]);
            it.id = 1;
            it.rev = 1;
            let w = Watchlist::new(vec![it]).unwrap();
            let texts: Vec<String> = posts.iter().map(|w| w.join(" ")).collect();
            let docs: Vec<String> = texts.iter().zip(&handles).map(|(t, h)| format!("{h}\u{1}{t}")).collect();
            let (_, query) = w.by_id(1).unwrap();
            let brute: Vec<u32> = texts.iter().zip(&handles).enumerate()
                .filter(|(_, (t, h))| query.matches(&Doc::new(t, h)))
                .map(|(i, _)| i as u32)
                .collect();
            proptest::prop_assert_eq!(w.search(1, 1, &docs.join("\0")), brute);
        }
    }

    const WORDS: &[&str] = &["ab", "cd", "e", "Éa", "ÉA,", "#ab", "#cd", "@ab", "abcd", "abc", "a-b", "é", "x", "AB!", "(cd)"];
    const QUERIES: &[&str] = &[
        "ab", "\"ab cd\"", "abc*", "#ab", "@ab", "ab OR cd", "ab AND cd", "ab NOT cd", "NOT ab", "ab OR NOT cd",
        "ab NEAR/2 cd", "(ab OR #cd) AND NOT e", "é", "Éa", "a-b",
    ];

    #[test]
    fn a_bad_item_is_named_in_the_error() {
        let e = Watchlist::new(vec![item("ok"), item("a OR")]).unwrap_err();
        assert_eq!(e.to_string(), "watch query `a OR` at position 3: OR needs a term on its right");
    }
}
