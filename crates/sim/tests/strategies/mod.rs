//! Strategies shared by the scenario codec's property tests (`json_properties.rs`, which checks
//! the codec against itself, and `json_vs_serde.rs`, which checks it against serde_json).

use proptest::prelude::*;
use sim::engine::kv::KvOp;
use sim::scenario::action::{Action, TimedAction};
use sim::scenario::json::Json;
use sim::scenario::{
    ClientSettings, InitialState, NetworkSettings, ProtocolOptions, Scenario, Timing,
};
use sim::ProtocolKind;

pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_-]{0,12}",
        any::<String>(),
        // What needs escaping, and characters beyond the Basic Multilingual Plane.
        "[\\x00-\\x1f\"\\\\/\u{7f}\u{80}-\u{10ffff}]{0,6}",
    ]
}

/// A number that is not a whole number in 64 bits, written as JSON allows.
pub fn other_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<i32>(), "[0-9]{1,5}").prop_map(|(whole, fraction)| format!("{whole}.{fraction}")),
        (any::<i16>(), "[eE][+-]?[0-9]{1,3}")
            .prop_map(|(whole, exponent)| format!("{whole}{exponent}")),
        "[1-9][0-9]{20,30}",
        Just("-0".to_string()),
    ]
}

pub fn value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<u64>().prop_map(Json::Unsigned),
        (i64::MIN..0).prop_map(Json::Negative),
        other_number().prop_map(Json::OtherNumber),
        text().prop_map(Json::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            proptest::collection::vec((text(), inner), 0..6).prop_map(Json::Object),
        ]
    })
}

pub fn protocol() -> impl Strategy<Value = ProtocolKind> {
    prop_oneof![Just(ProtocolKind::Raft), Just(ProtocolKind::Paxos)]
}

pub fn network() -> impl Strategy<Value = NetworkSettings> {
    (
        any::<u64>(),
        any::<u64>(),
        any::<u8>(),
        any::<u8>(),
        any::<bool>(),
    )
        .prop_map(
            |(delay_min_ms, delay_jitter_ms, loss_percent, duplicate_percent, manual)| {
                NetworkSettings {
                    delay_min_ms,
                    delay_jitter_ms,
                    loss_percent,
                    duplicate_percent,
                    manual,
                }
            },
        )
}

pub fn op() -> impl Strategy<Value = KvOp> {
    prop_oneof![
        (any::<u8>(), any::<u32>()).prop_map(|(key, value)| KvOp::Put { key, value }),
        (any::<u8>(), any::<u32>()).prop_map(|(key, value)| KvOp::Append { key, value }),
        any::<u8>().prop_map(|key| KvOp::Get { key }),
    ]
}

pub fn action() -> impl Strategy<Value = Action> {
    let node = any::<u8>();
    prop_oneof![
        node.prop_map(|node| Action::Crash { node }),
        node.prop_map(|node| Action::Restart { node }),
        node.prop_map(|node| Action::Pause { node }),
        node.prop_map(|node| Action::Resume { node }),
        node.prop_map(|node| Action::Timeout { node }),
        (node, any::<i8>()).prop_map(|(node, percent)| Action::Skew { node, percent }),
        (node, node).prop_map(|(from, to)| Action::Transfer { from, to }),
        (node, op()).prop_map(|(node, op)| Action::Request { node, op }),
        (node, node, any::<bool>()).prop_map(|(from, to, one_way)| Action::Cut {
            from,
            to,
            one_way
        }),
        (node, node, any::<bool>()).prop_map(|(from, to, one_way)| Action::Heal {
            from,
            to,
            one_way
        }),
        proptest::collection::vec(proptest::collection::vec(node, 0..4), 0..4)
            .prop_map(|groups| Action::Partition { groups }),
        Just(Action::HealAll),
        any::<u64>().prop_map(|message| Action::Deliver { message }),
        any::<u64>().prop_map(|message| Action::Drop { message }),
        any::<u64>().prop_map(|message| Action::Duplicate { message }),
        network().prop_map(|settings| Action::Network { settings }),
    ]
}

/// Durable states are stored with their fields sorted (see `Json::with_sorted_fields`).
pub fn durable() -> impl Strategy<Value = Json> {
    value().prop_filter_map("a field given twice", |value| {
        value.with_sorted_fields().ok()
    })
}

/// Any scenario (valid or not), with its servers' durable states drawn from `durable`.
pub fn scenario(durable: impl Strategy<Value = Json>) -> impl Strategy<Value = Scenario> {
    let timing = (any::<u64>(), any::<u64>(), any::<u64>(), any::<u64>()).prop_map(
        |(
            tick_ms,
            election_timeout_ticks_min,
            election_timeout_ticks_max,
            heartbeat_interval_ticks,
        )| {
            Timing {
                tick_ms,
                election_timeout_ticks_min,
                election_timeout_ticks_max,
                heartbeat_interval_ticks,
            }
        },
    );
    let options = any::<[bool; 4]>().prop_map(
        |[pre_vote, check_quorum, noop_on_election, fast_backtrack]| ProtocolOptions {
            pre_vote,
            check_quorum,
            noop_on_election,
            fast_backtrack,
        },
    );
    let clients = (
        any::<u16>(),
        any::<u64>(),
        any::<u8>(),
        any::<u64>(),
        any::<u8>(),
    )
        .prop_map(
            |(count, interval_ms, keys, timeout_ms, attempts)| ClientSettings {
                count,
                interval_ms,
                keys,
                timeout_ms,
                attempts,
            },
        );
    let initial =
        (any::<u8>(), protocol(), durable).prop_map(|(node, protocol, durable)| InitialState {
            node,
            protocol,
            durable,
        });
    let timed = (any::<u64>(), action()).prop_map(|(at_ms, action)| TimedAction { at_ms, action });
    (
        (protocol(), any::<u8>(), any::<u64>(), any::<u64>()),
        (timing, network(), options, clients),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(initial, 0..3),
        proptest::collection::vec(timed, 0..12),
    )
        .prop_map(
            |(
                (protocol, nodes, seed, run_until_ms),
                (timing, network, options, clients),
                bugs,
                initial,
                actions,
            )| {
                Scenario {
                    protocol,
                    nodes,
                    seed,
                    timing,
                    network,
                    options,
                    bugs,
                    clients,
                    initial,
                    actions,
                    run_until_ms,
                    ..Scenario::default()
                }
            },
        )
}
