//! `Lead::evolve` enters, for every event, the stage `Event::target_stage` names (it maps the
//! events to stages in its own match, so the two must agree), and keeps the stage otherwise.
#![cfg(feature = "proptest")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use leadflow::strategies;
use leadflow::{Lead, replay};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evolve_enters_the_events_target_stage(history in strategies::history(30)) {
        let mut lead: Option<Lead> = None;
        for envelope in &history {
            match &mut lead {
                None => lead = Some(Lead::start(envelope)),
                Some(lead) => {
                    let before = lead.stage();
                    let visits = lead.visits().len();
                    lead.evolve(envelope);
                    let target = envelope.event.target_stage();
                    prop_assert_eq!(lead.stage(), target.unwrap_or(before));
                    prop_assert_eq!(lead.visits().len(), visits + usize::from(target.is_some()));
                }
            }
            let lead = lead.as_ref().unwrap();
            if let Some(stage) = envelope.event.target_stage() {
                prop_assert_eq!(lead.visits().last().map(|v| v.stage), Some(stage));
            }
        }
        prop_assert_eq!(lead, replay(&history).unwrap());
    }
}
