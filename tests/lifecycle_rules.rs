//! The rules of `decide` one by one, replay's checks, and what the lead state exposes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use chrono::TimeDelta;
use leadflow::{
    Action, ActionKind, AttributeValue, Attributes, Command, CommandId, Currency, Event,
    EventEnvelope, Lead, LeadId, Machine, Money, Owner, Reason, Refusal, RejectTo, ReplayError,
    Stage, TransitionGraph, UnmetCriterion, replay,
};
use support::*;

#[test]
fn a_stale_version_is_a_conflict() {
    let mut scenario = given().in_stage(Stage::Mql);
    let mut command = scenario.command(marketer(), Action::HandOff { to: ana() });
    command.expected_version = 1;
    scenario
        .when_command(&command)
        .then_refused_with(Refusal::Conflict {
            expected: 1,
            actual: 2,
        });
    command.expected_version = 3;
    scenario
        .when_command(&command)
        .then_refused_with(Refusal::Conflict {
            expected: 3,
            actual: 2,
        });
}

#[test]
fn a_repeated_command_id_is_a_duplicate_even_with_a_stale_version() {
    let scenario = given().in_stage(Stage::HandedOff);
    // Re-send the hand-off command (id 3, expected version 2) after it was applied.
    let resent = Command::new(
        LEAD,
        CommandId::from_u128(3),
        admin(),
        t0(),
        2,
        Action::HandOff { to: ana() },
    );
    scenario.when_command(&resent).then_duplicate();
}

#[test]
fn reasons_are_required() {
    let blank = Reason::new("  ");
    let cases = [
        (
            Stage::HandedOff,
            Action::Reject {
                reason: blank.clone(),
                to: RejectTo::Nurture,
            },
            ActionKind::Reject,
        ),
        (
            Stage::Opportunity,
            Action::Lose {
                reason: blank.clone(),
            },
            ActionKind::Lose,
        ),
        (
            Stage::Lost,
            Action::Recycle {
                reason: blank.clone(),
            },
            ActionKind::Recycle,
        ),
        (
            Stage::Inquiry,
            Action::Disqualify {
                reason: blank.clone(),
            },
            ActionKind::Disqualify,
        ),
    ];
    for (stage, action, kind) in cases {
        given()
            .in_stage(stage)
            .when(admin(), action)
            .then_refused_with(Refusal::ReasonRequired { action: kind });
    }
}

#[test]
fn amounts_must_be_positive_and_in_the_opportunity_currency() {
    for minor in [0, -5] {
        let refusal = given()
            .in_stage(Stage::Sql)
            .when(
                rep(),
                Action::ConvertToOpportunity {
                    amount: eur(minor),
                    expected_close: None,
                },
            )
            .then_refused();
        assert!(
            matches!(refusal, Refusal::InvalidAmount { .. }),
            "{refusal}"
        );
    }
    let usd = Money::new(100, Currency::new("USD").unwrap());
    let refusal = given()
        .in_stage(Stage::Opportunity)
        .when(rep(), Action::Win { amount: Some(usd) })
        .then_refused();
    assert!(matches!(refusal, Refusal::InvalidAmount { .. }));
    let lead = given()
        .in_stage(Stage::Opportunity)
        .when(
            rep(),
            Action::Win {
                amount: Some(eur(12_500_00)),
            },
        )
        .then_stage(Stage::Customer);
    assert_eq!(lead.won_amount(), Some(eur(12_500_00)));
    let lead = given()
        .in_stage(Stage::Opportunity)
        .when(rep(), Action::Win { amount: None })
        .then_stage(Stage::Customer);
    assert_eq!(
        lead.won_amount(),
        Some(eur(10_000_00)),
        "defaults to the opportunity"
    );
}

#[test]
fn non_finite_attributes_are_refused() {
    let set = Attributes::from([("employees".to_owned(), AttributeValue::Number(f64::NAN))]);
    given()
        .in_stage(Stage::Inquiry)
        .when(
            marketer(),
            Action::UpdateAttributes {
                set,
                remove: vec![],
            },
        )
        .then_refused_with(Refusal::InvalidAttribute {
            name: "employees".to_owned(),
        });
}

#[test]
fn commands_cannot_go_back_in_time() {
    let mut scenario = given().in_stage(Stage::Mql);
    let mut command = scenario.command(marketer(), Action::HandOff { to: ana() });
    command.at = t0() - TimeDelta::seconds(1);
    let refusal = scenario.when_command(&command).then_refused();
    assert!(matches!(refusal, Refusal::TimeWentBackwards { .. }));
}

#[test]
fn the_guard_lists_every_unmet_criterion() {
    let guard = |lead: &Lead, _now| {
        let mut unmet = Vec::new();
        if !lead.attributes().contains_key("company") {
            unmet.push(UnmetCriterion::new(
                "required_attribute",
                "company",
                "missing",
            ));
        }
        if !lead.attributes().contains_key("country") {
            unmet.push(UnmetCriterion::new(
                "required_attribute",
                "country",
                "missing",
            ));
        }
        unmet
    };
    let mut scenario = given_machine(Machine::new().with_guard(guard)).in_stage(Stage::Inquiry);
    let refusal = scenario.when(marketer(), Action::QualifyMql).then_refused();
    assert_eq!(
        refusal,
        Refusal::GuardUnmet {
            unmet: vec![
                UnmetCriterion::new("required_attribute", "company", "missing"),
                UnmetCriterion::new("required_attribute", "country", "missing"),
            ]
        }
    );
    assert!(refusal.to_string().contains("company"));
    // Satisfy the guard, then qualify.
    let set = Attributes::from([
        ("company".to_owned(), "Acme".into()),
        ("country".to_owned(), "DE".into()),
    ]);
    let mut scenario = scenario.and(
        marketer(),
        Action::UpdateAttributes {
            set,
            remove: vec![],
        },
    );
    scenario
        .when(marketer(), Action::QualifyMql)
        .then_stage(Stage::Mql);
}

#[test]
fn a_narrowed_graph_disables_transitions() {
    let machine =
        Machine::new().with_graph(TransitionGraph::default().without(Stage::Lost, Stage::Nurture));
    let mut scenario = given_machine(machine).in_stage(Stage::Lost);
    scenario
        .when(
            admin(),
            Action::Recycle {
                reason: Reason::new("later"),
            },
        )
        .then_refused_with(Refusal::TransitionDisabled {
            from: Stage::Lost,
            to: Stage::Nurture,
        });
}

#[test]
fn a_command_for_another_lead_is_a_mismatch() {
    let scenario = given().in_stage(Stage::Inquiry);
    let command = Command::new(
        LeadId::from_u128(99),
        CommandId::from_u128(50),
        admin(),
        t0() + TimeDelta::hours(1),
        1,
        Action::QualifyMql,
    );
    scenario
        .when_command(&command)
        .then_refused_with(Refusal::LeadMismatch {
            command: LeadId::from_u128(99),
            state: LEAD,
        });
}

#[test]
fn replay_checks_lead_sequence_and_capture() {
    let scenario = given().in_stage(Stage::Sal);
    let history = scenario.history().to_vec();
    assert_eq!(replay(&[] as &[EventEnvelope]).unwrap(), None);

    let mut gap = history.clone();
    gap.remove(1);
    assert_eq!(
        replay(&gap),
        Err(ReplayError::Gap {
            expected: 2,
            found: 3
        })
    );

    let mut mixed = history.clone();
    mixed[2].lead_id = LeadId::from_u128(7);
    assert!(matches!(
        replay(&mixed),
        Err(ReplayError::WrongLead { seq: 3, .. })
    ));

    assert!(matches!(
        replay(&history[1..]),
        Err(ReplayError::NotStartedByCapture {
            found: "qualified_mql"
        })
    ));

    let mut twice = history.clone();
    let mut capture = history[0].clone();
    capture.seq = 5;
    twice.push(capture);
    assert_eq!(replay(&twice), Err(ReplayError::SecondCapture { seq: 5 }));
}

#[test]
fn the_state_records_stages_times_reasons_and_owners() {
    let mut scenario = given().and(marketer(), Action::capture()).and(
        marketer(),
        Action::SetSubStatus {
            sub_status: Some("researching".to_owned()),
        },
    );
    assert_eq!(scenario.lead().unwrap().sub_status(), Some("researching"));
    scenario = scenario
        .and(marketer(), Action::QualifyMql)
        .and(marketer(), Action::HandOff { to: ana() })
        .and(
            rep(),
            Action::Reject {
                reason: Reason::new("bad_timing").with_note("call in Q3"),
                to: RejectTo::Nurture,
            },
        )
        .and(marketer(), Action::QualifyMql);
    let lead = scenario.lead().unwrap();
    assert_eq!(lead.stage(), Stage::Mql);
    assert_eq!(
        lead.sub_status(),
        None,
        "a stage change clears the sub-status"
    );
    assert_eq!(lead.highest_stage(), Stage::HandedOff);
    assert_eq!(lead.last_rejection().unwrap().code, "bad_timing");
    assert_eq!(lead.owner(), Some(&ana()));
    let stages: Vec<Stage> = lead.visits().iter().map(|v| v.stage).collect();
    assert_eq!(
        stages,
        [
            Stage::Inquiry,
            Stage::Mql,
            Stage::HandedOff,
            Stage::Nurture,
            Stage::Mql
        ]
    );
    // Commands are one minute apart: Inquiry 1→3, Mql 3→4 and 6→now.
    let now = t0() + TimeDelta::minutes(10);
    assert_eq!(
        lead.time_in_stage(Stage::Inquiry, now),
        TimeDelta::minutes(2)
    );
    assert_eq!(
        lead.time_in_stage(Stage::Mql, now),
        TimeDelta::minutes(1 + 4)
    );
    assert_eq!(
        lead.entered_at(Stage::Mql),
        Some(t0() + TimeDelta::minutes(6))
    );
    assert_eq!(
        lead.exited_at(Stage::HandedOff),
        Some(t0() + TimeDelta::minutes(5))
    );
    assert_eq!(lead.time_in_stage(Stage::Customer, now), TimeDelta::zero());
}

#[test]
fn reassignment_records_both_owners() {
    let lead = given()
        .in_stage(Stage::Sal)
        .when(
            manager(),
            Action::Reassign {
                to: Owner::user("bob").in_team("emea"),
            },
        )
        .then_events(&[Event::Reassigned {
            from: Some(ana()),
            to: Owner::user("bob").in_team("emea"),
        }]);
    assert_eq!(
        lead.owner().and_then(Owner::user_id).map(|u| u.as_str()),
        Some("bob")
    );
}

#[test]
fn the_owner_updates_the_opportunity_and_closing_sets_the_category() {
    use leadflow::ForecastCategory;
    let mut scenario = given().in_stage(Stage::Opportunity);
    scenario
        .when(
            rep(),
            Action::UpdateOpportunity {
                amount: None,
                expected_close: None,
                forecast_category: None,
            },
        )
        .then_refused_with(Refusal::NothingToUpdate {
            action: ActionKind::UpdateOpportunity,
        });
    let usd = Money::new(100, Currency::new("USD").unwrap());
    let refusal = scenario
        .when(
            rep(),
            Action::UpdateOpportunity {
                amount: Some(usd),
                expected_close: None,
                forecast_category: None,
            },
        )
        .then_refused();
    assert!(matches!(refusal, Refusal::InvalidAmount { .. }));
    let close = chrono::NaiveDate::from_ymd_opt(2026, 5, 31);
    let mut scenario = scenario.and(
        rep(),
        Action::UpdateOpportunity {
            amount: Some(eur(12_000_00)),
            expected_close: close,
            forecast_category: Some(ForecastCategory::Commit),
        },
    );
    let opportunity = *scenario.lead().unwrap().opportunity().unwrap();
    assert_eq!(opportunity.amount, eur(12_000_00));
    assert_eq!(opportunity.expected_close, close);
    assert_eq!(opportunity.forecast_category, ForecastCategory::Commit);
    let lead = scenario
        .when(rep(), Action::Win { amount: None })
        .then_stage(Stage::Customer);
    assert_eq!(lead.won_amount(), Some(eur(12_000_00)));
    assert_eq!(
        lead.opportunity().unwrap().forecast_category,
        ForecastCategory::Closed
    );
}
