//! Tools built on the engine: benchmarks that print their figures.

pub mod bench;
