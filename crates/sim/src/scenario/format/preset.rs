//! Presets (`presets/NAME.json`): a name, a caption, the expected outcome and the scenario.

use crate::scenario::json::{Fields, FromJson, Json};
use crate::scenario::presets::{Claim, Expect, Preset};
use crate::scenario::ScenarioError;

impl FromJson for Preset {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Preset {
                name: fields.required("name")?,
                title: fields.required("title")?,
                caption: fields.required("caption")?,
                expect: fields.required("expect")?,
                scenario: fields.required("scenario")?,
            })
        })
    }
}

impl FromJson for Expect {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Expect {
                violation: fields.or("violation", None)?,
                leader: fields.or("leader", false)?,
                elections_min: fields.or("elections_min", None)?,
                elections_max: fields.or("elections_max", None)?,
                campaigns_min: fields.or("campaigns_min", None)?,
                logs_converge: fields.or("logs_converge", false)?,
                commands_min: fields.or("commands_min", None)?,
                claims: fields.or("claims", Vec::new())?,
            })
        })
    }
}

impl FromJson for Claim {
    fn from_value(value: &Json) -> Result<Self, ScenarioError> {
        Fields::read(value, |fields| {
            Ok(Claim {
                says: fields.required("says")?,
                trace: fields.required("trace")?,
                trace_not: fields.or("trace_not", Vec::new())?,
            })
        })
    }
}
