//! SLA properties over the crate's exported strategies (feature `proptest`): arbitrary
//! histories, mostly refused commands included.
#![cfg(feature = "proptest")]
#![allow(clippy::unwrap_used, clippy::panic, clippy::pedantic)]

use chrono::{TimeDelta, TimeZone, Utc};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::strategies;
use leadflow::{EventEnvelope, Stage};
use proptest::prelude::*;

fn evaluator() -> SlaEvaluator {
    let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let policy = SlaPolicy::new(1, from)
        .goal(SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(
            4,
        ))))
        .goal(SlaGoal::time_to_first_touch(Target::calendar(
            TimeDelta::hours(8),
        )))
        .goal(
            SlaGoal::follow_up_cadence(2, Target::calendar(TimeDelta::hours(24))).paused_when(
                leadflow::sla::PauseCondition::Stage {
                    stage: Stage::Nurture,
                },
            ),
        )
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(2),
        )));
    SlaEvaluator::new(&[policy], &Calendars::new()).unwrap()
}

fn instant(minutes: i64) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap() + TimeDelta::minutes(minutes)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_past_now_sees_only_the_past(history in strategies::history(40), minutes in 0i64..20_000) {
        let evaluator = evaluator();
        let now = instant(minutes);
        let known: Vec<EventEnvelope> =
            history.iter().filter(|e| e.occurred_at <= now).cloned().collect();
        prop_assert_eq!(evaluator.evaluate(&history, now), evaluator.evaluate(&known, now));
    }

    #[test]
    fn summaries_merge_into_the_whole(
        all in strategies::histories(8, 30),
        split in 0usize..9,
        minutes in 0i64..20_000,
    ) {
        let evaluator = evaluator();
        let now = instant(minutes);
        let (a, b) = all.split_at(split.min(all.len()));
        let merged = evaluator.summarize(a, now).merged(&evaluator.summarize(b, now));
        prop_assert_eq!(merged, evaluator.summarize(&all, now));
    }
}
