//! The text layer: folding (case, accents), the word tokenizer shared by watch queries and trend terms,
//! and the stopwords. Above the base, below everything that reads posts. The analysis keeps its own
//! richer tokenizer (analysis/tokens.rs: negations, emoji, elongations), which folds through this layer.
pub mod fold;
pub mod stopwords;
pub mod tokens;
