//! How many cases the property tests of every crate run: their usual count times
//! `PROPTEST_SCALE` from the environment (`npm test -- --long` sets 40), so the same tests
//! search deeper when there is time. Test support, like [`crate::story`].

/// `cases` times `PROPTEST_SCALE` (1 when unset or not a number).
pub fn scaled(cases: u32) -> u32 {
    let scale = std::env::var("PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    cases.saturating_mul(scale.max(1))
}
