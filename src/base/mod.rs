//! The base layer: the core's typed errors, the bounds on what a page gives, the `Post` record, and
//! just enough calendar. Every layer above may use it; it uses none of them (tests/layers.rs).
pub mod error;
pub mod limits;
pub mod post;
pub mod time;

pub use error::{Error, Result};
