//! What to export: which records (dataset), in which format, filtered by dates, site and watch item.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::listening::tally::{DayTally, ItemTally};
use crate::store::kept::KeptPost;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dataset {
    #[default]
    All,
    Tallies,
    Authors,
    Saved,
    Trends,
    /// The kept posts with their annotations (store/kept.rs), one record each.
    Posts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    Ndjson,
    Csv,
}

/// Which records to export; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// First day (`YYYY-MM-DD`), inclusive.
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    pub site: Option<String>,
    /// A watch query, as written in the watchlist.
    pub watch: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportRequest {
    pub dataset: Dataset,
    pub format: Format,
    pub filter: Filter,
    /// The figures of the filter's period in the person's days and hours, folded by the host from the
    /// kept posts' aggregates (store/kept.rs). Without it (the CLI), the engine's own tallies.
    #[serde(skip_serializing)]
    pub view: Option<crate::store::kept::LocalView>,
    /// For the `posts` dataset: the kept posts of the filter's period, read by the host, and for each
    /// its UTC offsets (minutes east) at publication, first and last seen, for ISO 8601 local times.
    #[serde(skip_serializing)]
    pub posts: Vec<KeptPost>,
    #[serde(skip_serializing)]
    pub offsets: Vec<[i32; 3]>,
}

impl Filter {
    pub(crate) fn day_in(&self, day: &str) -> bool {
        self.from.as_deref().map_or(true, |f| day >= f) && self.to.as_deref().map_or(true, |t| day <= t)
    }
}

/// A day's tally seen through the filter: only that site and/or that watch item.
pub(crate) fn filtered_day(t: &DayTally, f: &Filter) -> Option<DayTally> {
    let mut out = t.clone();
    if let Some(item) = &f.watch {
        let it = t.watch.get(item)?;
        out.total = it.total.clone();
        out.hours = it.hours.clone();
        out.sites = it.sites.clone();
        out.watch = BTreeMap::from([(item.clone(), it.clone())]);
    }
    if let Some(site) = &f.site {
        // Hours are not split by site in the store: a site filter exports that site's daily counts.
        out.total = out.sites.get(site)?.clone();
        out.hours.clear();
        out.sites.retain(|s, _| s == site);
        out.watch = out
            .watch
            .iter()
            .filter_map(|(q, it)| {
                let c = it.sites.get(site)?.clone();
                Some((
                    q.clone(),
                    ItemTally {
                        total: c.clone(),
                        hours: BTreeMap::new(),
                        sites: BTreeMap::from([(site.clone(), c)]),
                    },
                ))
            })
            .collect();
    }
    Some(out)
}
