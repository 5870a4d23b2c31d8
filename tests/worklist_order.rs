//! Worklists with hand-computed orderings: urgency, score and id ties, scopes, next actions,
//! business time, the manager view and the plain-text rendering.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod sla_support;

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::routing::{Rep, Roster};
use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard};
use leadflow::sla::{Calendars, Escalation, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::worklist::{
    Capacities, Holder, ManagerView, NextAction, Scope, Urgency, Worklist, WorklistBuilder,
    is_open_stage, rep_top, worklist,
};
use leadflow::{EventEnvelope, LeadId, Owner, Stage, replay};
use sla_support::*;

fn evaluator() -> SlaEvaluator {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(4))))
        .goal(SlaGoal::time_to_first_touch(Target::calendar(hours(8))))
        .goal(SlaGoal::follow_up_cadence(3, Target::calendar(hours(24))));
    SlaEvaluator::new(&[policy], &Calendars::new()).unwrap()
}

/// 50 points for `fit = high`, else 10.
fn scorer(profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
    let high = profile
        .attributes
        .get("fit")
        .is_some_and(|v| v.as_text() == Some("high"));
    let points = if high { 50 } else { 10 };
    ScoreCard::new(
        vec![Contribution::new("fit", Part::Fit, points, "fit")],
        &GradeThresholds::default(),
        &BandThresholds::default(),
    )
}

fn handed(id: u128, at: DateTime<Utc>, to: Owner) -> Story {
    let mut story = Story::captured(id, at - minutes(30));
    story.qualify(at - minutes(15)).hand_off(at, to);
    story
}

fn bob_owner() -> Owner {
    Owner::user("bob").in_team("emea")
}

/// The leads of the hand-computed example; evaluated at Monday 14:00.
fn leads() -> Vec<Vec<EventEnvelope>> {
    let l1 = handed(1, monday(9, 0), ana_owner());
    let l2 = handed(2, monday(8, 0), ana_owner());
    let l3 = handed(3, monday(11, 0), ana_owner());
    let mut l4 = handed(4, monday(9, 0), ana_owner());
    l4.accept(monday(9, 30), ana()).touch(monday(10, 0), "ana");
    let l5 = handed(5, monday(13, 0), ana_owner());
    let l6 = handed(6, monday(9, 0), bob_owner());
    let mut l7 = Story::captured_with(7, monday(12, 30), None, attrs("fit", "high"));
    l7.qualify(monday(12, 45))
        .hand_off(monday(13, 0), ana_owner());
    let mut l8 = handed(8, monday(9, 0), ana_owner());
    l8.reject(monday(10, 0), ana());
    let l9 = Story::captured(9, monday(9, 0));
    [l1, l2, l3, l4, l5, l6, l7, l8, l9]
        .into_iter()
        .map(|s| s.history)
        .collect()
}

fn ids(list: &Worklist) -> Vec<u128> {
    list.entries()
        .iter()
        .map(|e| e.lead_id.as_uuid().as_u128())
        .collect()
}

#[test]
fn a_reps_list_is_ordered_by_urgency_then_score_then_id() {
    let list = worklist(
        &Scope::user("ana"),
        leads(),
        &evaluator(),
        &scorer,
        monday(14, 0),
    );
    // L2 breached by 2 h, L1 by 1 h; L3 at risk (3 h of 4 used, 1 h left); L7 and L5 running
    // with 3 h left (L7 scores 50, L5 10); L4's follow-up running with 19 h 30 left.
    // L6 is bob's, L8 was rejected to nurture, L9 is only an inquiry.
    assert_eq!(ids(&list), [2, 1, 3, 7, 5, 4]);
    assert_eq!(list.len(), 6);
    assert!(!list.is_empty());
    let e = list.entries();
    assert_eq!(e[0].urgency, Urgency::Breached { overdue: hours(2) });
    assert_eq!(e[0].deadline, Some(monday(12, 0)));
    assert_eq!(&*e[0].goal, "time_to_accept");
    assert_eq!(e[0].next_action, NextAction::AcceptOrReject);
    assert_eq!(
        e[0].escalations,
        [Escalation::NotifyOwner, Escalation::EscalateToManager]
    );
    assert_eq!(
        e[2].urgency,
        Urgency::AtRisk {
            remaining: hours(1)
        }
    );
    assert_eq!(
        e[3].urgency,
        Urgency::Running {
            remaining: hours(3)
        }
    );
    assert_eq!((e[3].score, e[4].score), (50, 10));
    assert_eq!(e[3].grade.to_string(), "B4");
    assert_eq!(e[4].grade.to_string(), "D4");
    assert_eq!(e[5].stage, Stage::Sal);
    assert_eq!(&*e[5].goal, "follow_up_cadence");
    assert_eq!(
        e[5].urgency,
        Urgency::Running {
            remaining: hours(19) + minutes(30)
        }
    );
    assert_eq!(e[5].deadline, Some(monday(9, 30) + hours(24)));
    assert_eq!(e[5].next_action, NextAction::FollowUp { number: 2, of: 3 });
    // Keys strictly increase.
    assert!(e.windows(2).all(|w| w[0].key() < w[1].key()));
}

#[test]
fn a_team_list_breaks_equal_urgency_and_score_by_lead_id() {
    let list = worklist(
        &Scope::team("emea"),
        leads(),
        &evaluator(),
        &scorer,
        monday(14, 0),
    );
    // L6 (bob) is breached by 1 h like L1, scores the same, and comes after it by id.
    assert_eq!(ids(&list), [2, 1, 6, 3, 7, 5, 4]);
    assert_eq!(ids(&list.slice(&Scope::user("bob"))), [6]);
    let everyone = worklist(&Scope::All, leads(), &evaluator(), &scorer, monday(14, 0));
    assert_eq!(everyone, list);
    assert!(
        worklist(
            &Scope::queue("inbound"),
            leads(),
            &evaluator(),
            &scorer,
            monday(14, 0)
        )
        .is_empty()
    );
}

#[test]
fn the_list_moves_with_now() {
    // At 9:30, L1, L2, L4 and L8 are handed off (L8 not yet rejected; L4 accepted at 9:30:
    // its follow-up clock has 24 h left and its first touch 7 h 30). L2 has 2 h 30 of 4
    // left, L1 and L8 3 h 30 each (tied on score too, so by id).
    let list = worklist(
        &Scope::user("ana"),
        leads(),
        &evaluator(),
        &scorer,
        monday(9, 30),
    );
    assert_eq!(ids(&list), [2, 1, 8, 4]);
    let l4 = &list.entries()[3];
    assert_eq!(&*l4.goal, "time_to_first_touch");
    assert_eq!(l4.next_action, NextAction::FirstTouch);
    assert_eq!(
        l4.urgency,
        Urgency::Running {
            remaining: hours(7) + minutes(30)
        }
    );
}

#[test]
fn business_time_orders_by_remaining_business_time() {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90)).goal(
        SlaGoal::time_to_accept(Target::business(hours(4), "office")),
    );
    let calendars = Calendars::new().with("office", OfficeHours);
    let evaluator = SlaEvaluator::new(&[policy], &calendars).unwrap();
    let friday = |h, m| monday(h, m) - TimeDelta::days(3);
    // Now Monday 10:00. A: Friday 16:00 -> 1 h Friday + 1 h Monday used, 2 h left.
    // B: Monday 9:45 -> 15 min used, 3 h 45 left. C: Friday 12:00 -> 5 h + 1 h used,
    // breached by 2 h. D: Friday 14:30 -> 2 h 30 + 1 h used, at risk with 30 min left.
    let histories = vec![
        handed(1, friday(16, 0), ana_owner()).history,
        handed(2, monday(9, 45), ana_owner()).history,
        handed(3, friday(12, 0), ana_owner()).history,
        handed(4, friday(14, 30), ana_owner()).history,
    ];
    let list = worklist(
        &Scope::user("ana"),
        &histories,
        &evaluator,
        &scorer,
        monday(10, 0),
    );
    assert_eq!(ids(&list), [3, 4, 1, 2]);
    let urgencies: Vec<Urgency> = list.entries().iter().map(|e| e.urgency).collect();
    assert_eq!(
        urgencies,
        [
            Urgency::Breached { overdue: hours(2) },
            Urgency::AtRisk {
                remaining: minutes(30)
            },
            Urgency::Running {
                remaining: hours(2)
            },
            Urgency::Running {
                remaining: hours(3) + minutes(45)
            },
        ]
    );
    assert_eq!(list.entries()[2].deadline, Some(monday(12, 0)));
}

#[test]
fn the_builder_takes_cached_state_and_histories_alike() {
    let evaluator = evaluator();
    let now = monday(14, 0);
    let mut cached = WorklistBuilder::new(Scope::user("ana"), &evaluator, &scorer, now);
    for history in leads() {
        let lead = replay(&history).unwrap().unwrap();
        let sla = evaluator.evaluate(&history, now);
        cached.add_evaluated(&lead, &sla);
    }
    assert_eq!(
        cached.build(),
        worklist(&Scope::user("ana"), leads(), &evaluator, &scorer, now)
    );
    let top = rep_top("ana", 2, leads(), &evaluator, &scorer, now);
    assert_eq!(ids(&top), [2, 1]);
}

#[test]
fn the_manager_view_counts_and_flags_by_rep() {
    let list = worklist(
        &Scope::team("emea"),
        leads(),
        &evaluator(),
        &scorer,
        monday(14, 0),
    );
    let mut limits = BTreeMap::new();
    limits.insert("ana".into(), 5);
    limits.insert("bob".into(), 2);
    limits.insert("cy".into(), 4);
    let view = ManagerView::new(&list, &Capacities::from_limits(&limits));
    let holders: Vec<String> = view.lines.iter().map(|l| l.holder.to_string()).collect();
    assert_eq!(holders, ["ana", "bob", "cy"]);
    let ana = &view.lines[0];
    assert_eq!((ana.breached, ana.at_risk, ana.running), (2, 1, 3));
    assert_eq!((ana.load, ana.limit, ana.over_capacity), (6, Some(5), true));
    assert_eq!(ana.entries.len(), 6);
    let bob = &view.lines[1];
    assert_eq!((bob.breached, bob.open(), bob.over_capacity), (1, 1, false));
    let cy = &view.lines[2];
    assert_eq!((cy.open(), cy.load, cy.over_capacity), (0, 0, false));
    assert_eq!(view.over_capacity().count(), 1);

    // From a roster: the roster's period load counts, not the open entries.
    let roster = Roster::new()
        .with_rep(Rep::new("ana").with_capacity(10).with_load(7))
        .with_rep(Rep::new("bob").with_capacity(10).with_load(12));
    let view = ManagerView::new(&list, &Capacities::from_roster(&roster));
    let flagged: Vec<&Holder> = view.over_capacity().map(|l| &l.holder).collect();
    assert_eq!(flagged, [&Holder::User { id: "bob".into() }]);
}

#[test]
fn queues_and_unowned_leads_have_their_own_lines() {
    let histories = vec![
        handed(1, monday(9, 0), Owner::queue("inbound").in_team("emea")).history,
        handed(2, monday(9, 0), ana_owner()).history,
    ];
    let list = worklist(
        &Scope::All,
        &histories,
        &evaluator(),
        &scorer,
        monday(10, 0),
    );
    let view = ManagerView::new(&list, &Capacities::new());
    let holders: Vec<&Holder> = view.lines.iter().map(|l| &l.holder).collect();
    assert_eq!(
        holders,
        [
            &Holder::User { id: "ana".into() },
            &Holder::Queue {
                id: "inbound".into()
            }
        ]
    );
    assert!(
        view.lines
            .iter()
            .all(|l| !l.over_capacity && l.limit.is_none())
    );
}

#[test]
fn the_plain_text_tables_read_well() {
    let list = worklist(
        &Scope::team("emea"),
        leads(),
        &evaluator(),
        &scorer,
        monday(14, 0),
    );
    let text = list.clone().top(3).to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].contains("goal") && lines[0].contains("next"));
    assert!(lines[1].starts_with("   1  00000000-0000-0000-0000-000000000002"));
    assert!(lines[1].contains("breached, 2h 00m overdue"));
    assert!(lines[1].contains("2026-03-02 12:00"));
    assert!(lines[1].ends_with("accept or reject"));
    assert!(lines[3].contains("00000000-0000-0000-0000-000000000006"));
    let full = list.to_string();
    assert!(full.contains("running, 19h 30m left"));
    assert!(full.contains("follow-up 2 of 3"));

    let view = ManagerView::new(&list, &Capacities::new().with_limit("ana", 5));
    let text = view.to_string();
    assert!(text.lines().nth(1).unwrap().starts_with("ana"));
    assert!(text.lines().nth(1).unwrap().ends_with("6/5  OVER CAPACITY"));
    assert!(text.lines().nth(2).unwrap().ends_with("1/-"));
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Worklist>();
    check::<leadflow::worklist::WorklistEntry>();
    check::<leadflow::worklist::WorklistKey>();
    check::<ManagerView>();
    check::<Capacities>();
    check::<Scope>();
    check::<WorklistBuilder<'static>>();
    let _ = LeadId::from_u128(0);
}

#[test]
fn only_open_sales_stages_can_be_on_a_list() {
    let open: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|&s| is_open_stage(s))
        .collect();
    assert_eq!(
        open,
        [Stage::HandedOff, Stage::Sal, Stage::Sql, Stage::Opportunity]
    );
}

#[test]
fn urgencies_read_in_hours_minutes_or_seconds() {
    let running = |d| Urgency::Running { remaining: d }.to_string();
    assert_eq!(running(hours(2) + minutes(5)), "running, 2h 05m left");
    assert_eq!(running(minutes(45)), "running, 45m left");
    assert_eq!(running(TimeDelta::seconds(30)), "running, 30s left");
    assert_eq!(
        Urgency::Breached {
            overdue: minutes(1)
        }
        .to_string(),
        "breached, 1m overdue"
    );
}

#[test]
fn the_follow_up_number_counts_the_owners_touches() {
    // Accepted 9:30; touched by ana at 10:00 and 11:00 (and once by bob, who does not
    // count): the next follow-up is the third of three.
    let mut lead = handed(1, monday(9, 0), ana_owner());
    lead.accept(monday(9, 30), ana())
        .touch(monday(10, 0), "ana")
        .touch(monday(10, 30), "bob")
        .touch(monday(11, 0), "ana");
    let list = worklist(
        &Scope::user("ana"),
        vec![lead.history],
        &evaluator(),
        &scorer,
        monday(12, 0),
    );
    assert_eq!(list.len(), 1);
    let entry = &list.entries()[0];
    assert_eq!(&*entry.goal, "follow_up_cadence");
    assert_eq!(entry.next_action, NextAction::FollowUp { number: 3, of: 3 });
}
