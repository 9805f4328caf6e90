//! The listening layer: what the person listens for and what is counted of it. Watch queries (watch/),
//! tallies by day, hour, site and item (tally.rs), rising terms and alerts (trends.rs), authors and
//! their badges (influence.rs). Uses the base, the text and the analysis; knows nothing of the store.
pub mod influence;
pub mod tally;
pub mod trends;
pub mod watch;
