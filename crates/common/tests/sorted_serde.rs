//! `SortedMap` and `SortedSet` read and write JSON exactly as `BTreeMap` and `BTreeSet` do.

use std::collections::{BTreeMap, BTreeSet};

use common::{SortedMap, SortedSet};
use proptest::prelude::*;

#[test]
fn a_map_with_number_keys_reads_and_writes_like_btree_map() {
    let text = r#"{"3":"c","1":"a","2":"b"}"#;
    let ours: SortedMap<u64, String> = serde_json::from_str(text).unwrap();
    let theirs: BTreeMap<u64, String> = serde_json::from_str(text).unwrap();
    assert_eq!(json(&ours), json(&theirs));
    assert_eq!(json(&ours), r#"{"1":"a","2":"b","3":"c"}"#);
}

#[test]
fn a_repeated_key_keeps_its_last_value_like_btree_map() {
    let text = r#"{"b":1,"a":2,"b":3}"#;
    let ours: SortedMap<String, u8> = serde_json::from_str(text).unwrap();
    let theirs: BTreeMap<String, u8> = serde_json::from_str(text).unwrap();
    assert_eq!(json(&ours), json(&theirs));
}

#[test]
fn a_set_reads_and_writes_like_btree_set() {
    let text = "[4,1,4,2]";
    let ours: SortedSet<u8> = serde_json::from_str(text).unwrap();
    let theirs: BTreeSet<u8> = serde_json::from_str(text).unwrap();
    assert_eq!(json(&ours), json(&theirs));
}

#[test]
fn type_errors_read_like_btree_ones() {
    let ours = serde_json::from_str::<SortedMap<u8, u8>>("[]").unwrap_err();
    let theirs = serde_json::from_str::<BTreeMap<u8, u8>>("[]").unwrap_err();
    assert_eq!(ours.to_string(), theirs.to_string());
    let ours = serde_json::from_str::<SortedSet<u8>>("{}").unwrap_err();
    let theirs = serde_json::from_str::<BTreeSet<u8>>("{}").unwrap_err();
    assert_eq!(ours.to_string(), theirs.to_string());
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    /// Any list of entries, keys repeated or not, in any order, written as a JSON object:
    /// both maps read it to the same map and write it back to the same text.
    #[test]
    fn json_round_trips_like_btree_map(input in prop::collection::vec((0u16..64, any::<i32>()), 0..40)) {
        let members: Vec<String> = input.iter().map(|(key, value)| format!("\"{key}\":{value}")).collect();
        let text = format!("{{{}}}", members.join(","));
        let ours: SortedMap<u16, i32> = serde_json::from_str(&text).unwrap();
        let theirs: BTreeMap<u16, i32> = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(json(&ours), json(&theirs));
        let again: SortedMap<u16, i32> = serde_json::from_str(&json(&ours)).unwrap();
        prop_assert_eq!(again, ours);
    }
}
