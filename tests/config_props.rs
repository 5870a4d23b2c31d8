//! Properties of the pipeline configuration: transitions load exactly when they narrow the
//! default graph, sub-statuses load exactly when each is named once, and a loaded pipeline
//! survives a round trip through its JSON form.
#![cfg(feature = "config")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::collections::BTreeSet;

use leadflow::config::{ConfigErrorKind, Pipeline, PipelineSpec, Transition};
use leadflow::{Stage, TransitionGraph};
use proptest::prelude::*;

fn stage() -> impl Strategy<Value = Stage> {
    proptest::sample::select(Stage::ALL.to_vec())
}

fn transitions() -> impl Strategy<Value = Vec<Transition>> {
    proptest::collection::vec((stage(), stage()), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(from, to)| Transition { from, to })
            .collect()
    })
}

#[test]
fn a_pipeline_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Pipeline>();
    assert_send_sync::<PipelineSpec>();
    assert_send_sync::<leadflow::config::ConfigError>();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A list of transitions loads exactly when every edge is a default edge named once; the
    /// graph then has exactly those edges; otherwise the error names the first offender.
    #[test]
    fn transitions_load_exactly_when_they_narrow(list in transitions()) {
        let default = TransitionGraph::default();
        let spec = PipelineSpec { transitions: Some(list.clone()), ..PipelineSpec::new() };
        let mut seen = BTreeSet::new();
        let offender = list.iter().position(|t| {
            !default.allows(t.from, t.to) || !seen.insert((t.from, t.to))
        });
        match (Pipeline::from_spec(spec), offender) {
            (Ok(pipeline), None) => {
                let edges: BTreeSet<_> = list.iter().map(|t| (t.from, t.to)).collect();
                let graph: BTreeSet<_> = pipeline.graph().edges().into_iter().collect();
                prop_assert_eq!(graph, edges);
            }
            (Err(error), Some(index)) => {
                prop_assert_eq!(error.path, format!("transitions[{index}]"));
                let is_transition_error = matches!(
                    error.kind,
                    ConfigErrorKind::TransitionNotInDefault { .. }
                        | ConfigErrorKind::DuplicateTransition { .. }
                );
                prop_assert!(is_transition_error);
            }
            (result, offender) => prop_assert!(false, "{result:?} with offender {offender:?}"),
        }
    }

    /// Sub-statuses load exactly when none is blank or repeated within its stage, and the
    /// loaded pipeline round-trips through its JSON form unchanged.
    #[test]
    fn sub_statuses_and_round_trip(
        lists in proptest::collection::btree_map(stage(), proptest::collection::vec("[a-c ]{0,2}", 0..4), 0..4)
    ) {
        let spec = PipelineSpec { sub_statuses: lists.clone(), ..PipelineSpec::new() };
        let valid = lists.values().all(|names| {
            let mut seen = BTreeSet::new();
            names.iter().all(|n| !n.trim().is_empty() && seen.insert(n.clone()))
        });
        let result = Pipeline::from_spec(spec);
        prop_assert_eq!(result.is_ok(), valid);
        if let Ok(pipeline) = result {
            let json = serde_json::to_string(pipeline.spec()).unwrap();
            let again = Pipeline::from_json_str(&json).unwrap();
            prop_assert_eq!(again.spec(), pipeline.spec());
            prop_assert_eq!(again.sub_statuses(), pipeline.sub_statuses());
        }
    }
}
