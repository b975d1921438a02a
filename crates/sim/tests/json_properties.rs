//! The scenario codec (`sim::scenario::json`) never panics on any input, and what it writes it reads
//! back unchanged: any JSON value, and any scenario (valid or not: validation is separate).

mod strategies;

use proptest::prelude::*;
use sim::scenario::action::Action;
use sim::scenario::json::{self, FromJson, ToJson};
use sim::Scenario;
use strategies::{durable, scenario, value};

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
    let mut texts: Vec<String> = sim::scenario::presets::all()
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
    fn any_scenario_is_read_back_as_written(scenario in scenario(durable())) {
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
