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
    /// Daily tallies: one row per day and site (CSV, NDJSON `tally_day`); NDJSON and JSON also carry the
    /// store's nested day records (`tally`) that an import reads back.
    Tallies,
    Authors,
    Saved,
    Trends,
    /// The kept posts with their annotations (store/kept.rs), one record each.
    Posts,
    /// Hourly tallies: one row per day and hour (NDJSON `tally_hour`).
    Hours,
    /// Watch items' mentions: one row per day, watch item and site (NDJSON `tally_watch`).
    Mentions,
}

/// Which columns a CSV has: Écoute's own, 4CAT's custom CSV import (`id, thread_id, author, body,
/// timestamp` first, then ours), or the médialab tools' habits (every list joined with `|`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    #[default]
    Ecoute,
    #[serde(rename = "4cat")]
    FourCat,
    Medialab,
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
    /// CSV only: the columns' profile.
    pub profile: Profile,
    /// CSV only: for a spreadsheet in French (Excel, LibreOffice in a French locale): a UTF-8 byte order
    /// mark (without it Excel reads the file as Windows-1252), `;` between cells and a decimal comma.
    pub french: bool,
    /// Authors replaced by a keyed hash of site and handle (the store's own key, never exported): the
    /// same author is the same pseudonym in every export of this install, and no one without the key
    /// can tell who it is. Authors' names, profile links and the posts' permalinks (which name the
    /// author on most sites) are left out; the posts' text is kept as written.
    pub pseudonymise: bool,
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
