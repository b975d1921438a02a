//! The scenario codec (`sim::json`) never panics on any input, and what it writes it reads
//! back unchanged: any JSON value, and any scenario (valid or not: validation is separate).

use proptest::prelude::*;
use sim::action::{Action, TimedAction};
use sim::json::{self, FromJson, Json, ToJson};
use sim::kv::KvOp;
use sim::scenario::{
    ClientSettings, InitialState, NetworkSettings, ProtocolOptions, Scenario, Timing,
};
use sim::Protocol;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_-]{0,12}",
        any::<String>(),
        // What needs escaping, and characters beyond the Basic Multilingual Plane.
        "[\\x00-\\x1f\"\\\\/\u{7f}\u{80}-\u{10ffff}]{0,6}",
    ]
}

/// A number that is not a whole number in 64 bits, written as JSON allows.
fn other_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<i32>(), "[0-9]{1,5}").prop_map(|(whole, fraction)| format!("{whole}.{fraction}")),
        (any::<i16>(), "[eE][+-]?[0-9]{1,3}")
            .prop_map(|(whole, exponent)| format!("{whole}{exponent}")),
        "[1-9][0-9]{20,30}",
        Just("-0".to_string()),
    ]
}

fn value() -> impl Strategy<Value = Json> {
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

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![Just(Protocol::Raft), Just(Protocol::Paxos)]
}

fn network() -> impl Strategy<Value = NetworkSettings> {
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

fn op() -> impl Strategy<Value = KvOp> {
    prop_oneof![
        (any::<u8>(), any::<u32>()).prop_map(|(key, value)| KvOp::Put { key, value }),
        (any::<u8>(), any::<u32>()).prop_map(|(key, value)| KvOp::Append { key, value }),
        any::<u8>().prop_map(|key| KvOp::Get { key }),
    ]
}

fn action() -> impl Strategy<Value = Action> {
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
fn durable() -> impl Strategy<Value = Json> {
    value().prop_filter_map("a field given twice", |value| {
        value.with_sorted_fields().ok()
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
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
        (any::<u8>(), protocol(), durable()).prop_map(|(node, protocol, durable)| InitialState {
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

/// Reads a scenario without validating it (the round trip holds for invalid ones too).
fn read(text: &str) -> Result<Scenario, sim::ScenarioError> {
    Scenario::from_value(&json::parse(text)?)
}

/// A valid scenario's text with one byte replaced, removed or inserted.
fn mutated(text: &str, at: usize, byte: u8, how: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = at % bytes.len();
    match how % 3 {
        0 => bytes[at] = byte,
        1 => {
            bytes.remove(at);
        }
        _ => bytes.insert(at, byte),
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn valid_texts() -> Vec<String> {
    let mut texts: Vec<String> = sim::presets::all()
        .iter()
        .map(|preset| preset.scenario.to_json())
        .collect();
    texts.push(Scenario::default().to_json());
    texts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: testkit::proptest_scale::scaled(256), ..ProptestConfig::default() })]

    #[test]
    fn parsing_any_text_never_panics(text in any::<String>()) {
        let _ = json::parse(&text);
        let _ = Scenario::from_json(&text);
        let _ = Action::from_json(&text);
    }

    #[test]
    fn parsing_json_like_text_never_panics(text in "[\\[\\]{}\",:0-9eE.+\\-\\\\u tfnrl\\x00-\\x1f\u{d7ff}\u{e000}-\u{10ffff}]{0,200}") {
        let _ = json::parse(&text);
        let _ = Scenario::from_json(&text);
    }

    #[test]
    fn any_value_is_read_back_as_written(value in value()) {
        prop_assert_eq!(json::parse(&value.to_text())?, value);
    }

    #[test]
    fn any_scenario_is_read_back_as_written(scenario in scenario()) {
        let text = scenario.to_json();
        let back = read(&text)?;
        prop_assert_eq!(&back, &scenario);
        prop_assert_eq!(back.to_json(), text.as_str());
        prop_assert_eq!(json::parse(&text)?, scenario.to_value());
    }

    #[test]
    fn mutated_scenarios_never_panic_and_what_is_read_round_trips(
        which in any::<usize>(),
        at in any::<usize>(),
        byte in prop_oneof![Just(b'"'), Just(b'{'), Just(b'}'), Just(b'['), Just(b']'), Just(b','), Just(b':'), Just(b'\\'), Just(b'-'), Just(b'.'), Just(b'e'), Just(b'0'), Just(b'9'), Just(b' '), any::<u8>()],
        how in any::<u8>(),
    ) {
        let texts = valid_texts();
        let text = mutated(&texts[which % texts.len()], at, byte, how);
        let _ = Action::from_json(&text);
        if let Ok(scenario) = read(&text) {
            prop_assert_eq!(read(&scenario.to_json())?, scenario);
        }
    }
}
