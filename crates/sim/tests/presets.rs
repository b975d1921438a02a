//! Every preset in the gallery parses, runs, and shows what its caption promises.

#[test]
fn every_preset_meets_its_expected_outcome() {
    let presets = sim::scenario::presets::parse_all().expect("every preset parses");
    assert!(presets.len() >= 10, "{} presets", presets.len());
    let mut failures = Vec::new();
    for preset in &presets {
        if let Err(problem) = sim::scenario::presets::verify(preset) {
            failures.push(problem);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn preset_names_are_unique_and_captioned() {
    let presets = sim::scenario::presets::all();
    for preset in &presets {
        assert_eq!(
            presets.iter().filter(|p| p.name == preset.name).count(),
            1,
            "{}",
            preset.name
        );
        assert!(
            preset.caption.len() > 80,
            "{}: the caption says too little",
            preset.name
        );
        assert!(sim::scenario::presets::find(&preset.name).is_some());
    }
}

/// The list the page fetches (`xtask presets` writes it): every preset in gallery order, with
/// exactly the fields the page reads, and each scenario as the text that reads back to it.
#[test]
fn the_page_list_carries_every_preset_and_its_scenario_text() {
    use sim::scenario::json::{self, Fields, Json};
    let Json::Array(entries) =
        json::parse(&sim::scenario::presets::page_list_json()).expect("JSON")
    else {
        panic!("the page list is an array");
    };
    let presets = sim::scenario::presets::all();
    assert_eq!(entries.len(), presets.len());
    for (entry, preset) in entries.iter().zip(&presets) {
        let (name, title, caption, scenario): (String, String, String, String) =
            Fields::read(entry, |fields| {
                Ok((
                    fields.required("name")?,
                    fields.required("title")?,
                    fields.required("caption")?,
                    fields.required("scenario")?,
                ))
            })
            .expect("an entry with exactly name, title, caption and scenario");
        assert_eq!(
            (&name, &title, &caption),
            (&preset.name, &preset.title, &preset.caption)
        );
        assert_eq!(scenario, preset.scenario.to_json(), "{name}");
        let read_back = sim::Scenario::from_json(&scenario).expect("the scenario reads back");
        assert_eq!(read_back, preset.scenario, "{name}");
    }
}
