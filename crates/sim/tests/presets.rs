//! Every preset in the gallery parses, runs, and shows what its caption promises.

#[test]
fn every_preset_meets_its_expected_outcome() {
    let presets = sim::presets::parse_all().expect("every preset parses");
    assert!(presets.len() >= 10, "{} presets", presets.len());
    let mut failures = Vec::new();
    for preset in &presets {
        if let Err(problem) = sim::presets::verify(preset) {
            failures.push(problem);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn preset_names_are_unique_and_captioned() {
    let presets = sim::presets::all();
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
        assert!(sim::presets::find(&preset.name).is_some());
    }
}
