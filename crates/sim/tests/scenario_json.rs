//! What the scenario codec refuses, it refuses naming the field path; what it keeps as the
//! cores' own JSON (durable states) it keeps as serde_json did. (That every scenario is written
//! byte for byte as before is checked against the golden links, in `golden_links.rs`.)

use sim::scenario::action::Action;
use sim::{Scenario, Simulation};

#[test]
fn durable_states_are_kept_with_sorted_fields_as_before() {
    // Figure 8's preset lists `term, voted_for, log`; serde_json's map-backed value sorted
    // them, and links have carried them sorted since.
    let preset = sim::scenario::presets::find("figure-8").unwrap();
    let text = preset.scenario.to_json();
    assert!(
        text.contains(r#"{"log":[{"index":1,"payload":"Noop","term":1},"#),
        "{text}"
    );
}

#[test]
fn errors_name_the_field_path() {
    let cases = [
        (r#"{"format":1,"nodes":300}"#, "nodes", "expected a whole number from 0 to 255, found 300"),
        (r#"{"format":1,"nodes":"3"}"#, "nodes", "found a string"),
        (r#"{"format":1,"seed":1.5}"#, "seed", "found 1.5"),
        (r#"{"format":1,"seed":-1}"#, "seed", "found -1"),
        (r#"{"format":1,"network":{"loss_percent":150}}"#, "network.loss_percent", "0 to 100, not 150"),
        (r#"{"format":1,"network":{"loss_percent":1e2}}"#, "network.loss_percent", "found 1e2"),
        (r#"{"format":1,"network":{"colour":1}}"#, "network.colour", "not known here; the known fields are delay_min_ms, delay_jitter_ms, loss_percent, duplicate_percent, manual"),
        (r#"{"format":1,"colour":"red"}"#, "colour", "not known here"),
        (r#"{"format":1,"nodes":3,"nodes":4}"#, "nodes", "given twice"),
        (r#"{"format":1,"protocol":"Raft"}"#, "protocol", r#"no protocol is called "Raft"; expected one of raft, paxos"#),
        (r#"{"format":1,"options":{"pre_vote":1}}"#, "options.pre_vote", "expected true or false, found 1"),
        (r#"{"format":1,"timing":null}"#, "timing", "expected an object, found null"),
        (r#"{"format":1,"bugs":[1]}"#, "bugs[0]", "expected a string, found 1"),
        (r#"{"format":"1"}"#, "format", "expected a version number, found a string"),
        (r#"{"format":2,"colour":"red"}"#, "format", "version 2 is not known"),
        (r#"{"nodes":3}"#, "format", "missing"),
        (r#"[]"#, "", "expected an object, found an array"),
        (r#"{"format":1,"actions":[{"do":"crash","node":1}]}"#, "actions[0].at_ms", "missing"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"crash"}]}"#, "actions[0].node", "missing"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"explode"}]}"#, "actions[0].do", r#"no action is called "explode"; expected one of crash, restart"#),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"crash","node":1,"extra":1}]}"#, "actions[0].extra", "the known fields are at_ms, do, node"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"partition","groups":[[1,2],[3,"x"]]}]}"#, "actions[0].groups[1][1]", "found a string"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"skew","node":1,"percent":-200}]}"#, "actions[0].percent", "from -128 to 127, found -200"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"request","node":1,"op":{"op":"get","key":0,"value":7}}]}"#, "actions[0].op.value", "the known fields are op, key"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"request","node":1,"op":{"op":"del","key":0}}]}"#, "actions[0].op.op", "no operation is called"),
        (r#"{"format":1,"actions":[{"at_ms":1,"do":"network","settings":{"manual":"yes"}}]}"#, "actions[0].settings.manual", "expected true or false"),
        (r#"{"format":1,"initial":[{"node":1,"protocol":"raft"}]}"#, "initial[0].durable", "missing"),
        (r#"{"format":1,"initial":[{"node":1,"protocol":"raft","durable":{"log":[{"a":1,"a":2}]}}]}"#, "initial[0].durable.log[0].a", "given twice"),
    ];
    for (text, field, problem) in cases {
        let error = Scenario::from_json(text).unwrap_err();
        assert_eq!(error.field, field, "{text} → {error}");
        assert!(error.problem.contains(problem), "{text} → {error}");
    }
    let syntax = Scenario::from_json("{\"format\":1,\n \"nodes\":}").unwrap_err();
    assert_eq!(syntax.field, "");
    assert_eq!(
        syntax.problem,
        "not valid JSON: expected a value at line 2, column 10"
    );
}

#[test]
fn a_hostile_field_name_is_echoed_cut_short() {
    let name = "<img src=x onerror=alert(1)>".repeat(1000);
    let error = Scenario::from_json(&format!(r#"{{"format":1,"{name}":1}}"#)).unwrap_err();
    assert!(error.to_string().len() < 400, "{error}");
    assert!(error.field.ends_with('…'), "{error}");
}

#[test]
fn durable_states_are_read_when_the_world_starts_naming_the_path() {
    let with_durable = |protocol: &str, durable: &str| {
        let text = format!(
            r#"{{"format":1,"protocol":"{protocol}","nodes":3,"initial":[{{"node":2,"protocol":"{protocol}","durable":{durable}}}]}}"#
        );
        let scenario = Scenario::from_json(&text).unwrap();
        Simulation::new(scenario).err()
    };
    let command = r#"{"Command":{"client":1,"seq":2,"op":{"op":"put","key":1,"value":3}}}"#;
    let raft = format!(
        r#"{{"term":3,"voted_for":2,"log":[{{"index":1,"term":1,"payload":"Noop"}},{{"index":2,"term":3,"payload":{command}}}]}}"#
    );
    assert_eq!(with_durable("raft", &raft), None);
    let paxos = format!(
        r#"{{"promised":{{"round":2,"node":2}},"accepted":{{"1":{{"ballot":{{"round":1,"node":1}},"value":"Noop"}},"12":{{"ballot":{{"round":2,"node":2}},"value":{command}}}}}}}"#
    );
    assert_eq!(with_durable("paxos", &paxos), None);
    let cases = [
        (
            "raft",
            r#"{"log":[]}"#,
            "initial[0].durable.term",
            "missing",
        ),
        (
            "raft",
            r#"{"term":1,"votedFor":2,"log":[]}"#,
            "initial[0].durable.votedFor",
            "the known fields are term, voted_for, log",
        ),
        (
            "raft",
            r#"{"term":1,"log":[{"index":1,"term":1,"payload":"noop"}]}"#,
            "initial[0].durable.log[0].payload",
            r#"expected "Noop" or {"Command": …}, found a string"#,
        ),
        (
            "raft",
            r#"{"term":1,"log":[{"index":1,"term":1,"payload":{"Command":{"client":1,"seq":1}}}]}"#,
            "initial[0].durable.log[0].payload.Command.op",
            "missing",
        ),
        (
            "paxos",
            r#"{"promised":{"round":1,"node":1},"accepted":{"01":{"ballot":{"round":1,"node":1},"value":"Noop"}}}"#,
            "initial[0].durable.accepted.01",
            "a slot is a whole number",
        ),
        (
            "paxos",
            r#"{"promised":{"round":1,"node":1},"accepted":[]}"#,
            "initial[0].durable.accepted",
            "expected an object of accepted proposals by slot",
        ),
        (
            "paxos",
            r#"{"promised":{"round":1},"accepted":{}}"#,
            "initial[0].durable.promised.node",
            "missing",
        ),
    ];
    for (protocol, durable, field, problem) in cases {
        let error = with_durable(protocol, durable).unwrap();
        assert_eq!(error.field, field, "{durable} → {error}");
        assert!(error.problem.contains(problem), "{durable} → {error}");
    }
}

#[test]
fn a_lone_action_is_read_as_the_page_sends_it() {
    assert_eq!(
        Action::from_json(r#"{"do":"cut","from":1,"to":2}"#).unwrap(),
        Action::Cut {
            from: 1,
            to: 2,
            one_way: false
        }
    );
    assert_eq!(
        Action::from_json(r#"{"do":"heal_all"}"#).unwrap(),
        Action::HealAll
    );
    let cases = [
        (r#"{"do":"crash","node":1.5}"#, "node", "found 1.5"),
        (
            r#"{"do":"crash","node":1,"at_ms":5}"#,
            "at_ms",
            "the known fields are do, node",
        ),
        (r#"{"node":1}"#, "do", "missing"),
        ("42", "", "expected an object, found 42"),
        ("{", "", "not valid JSON"),
    ];
    for (text, field, problem) in cases {
        let error = Action::from_json(text).unwrap_err();
        assert_eq!(error.field, field, "{text} → {error}");
        assert!(error.problem.contains(problem), "{text} → {error}");
    }
}
