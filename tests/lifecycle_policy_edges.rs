//! Tests added from mutation testing (`scripts/mutants.sh policy machine`) of the policy and
//! the state machine: the deny reasons' messages, action sets that add and remove exactly
//! one kind, a rep locked out of their own lead once it is back in a marketing stage, an
//! admin's acceptance that leaves a queued lead with its queue, and a closure as the policy.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use leadflow::{
    Action, ActionKind, ActionSet, Actor, Attributes, DefaultPolicy, DenyReason, Event, Machine,
    Owner, Reason, Refusal, Role, Stage,
};
use support::{admin, ana, given, given_machine, manager, path_to, rep, sales_sourced};

#[test]
fn the_deny_reasons_read_as_documented() {
    let messages = [
        (DenyReason::RoleNotPermitted, "role not permitted"),
        (
            DenyReason::StageOwnedByOtherTeam,
            "stage owned by the other team",
        ),
        (DenyReason::NotOwner, "not the lead's owner"),
        (DenyReason::OutsideTeam, "outside the actor's team"),
        (
            DenyReason::NotAllowedForSystem,
            "not allowed for the system actor",
        ),
    ];
    for (reason, message) in messages {
        assert_eq!(reason.to_string(), message);
    }
}

#[test]
fn adding_a_kind_twice_keeps_it() {
    let set = ActionSet::empty()
        .with(ActionKind::Win)
        .with(ActionKind::Win);
    assert!(set.contains(ActionKind::Win));
    assert_eq!(set, ActionSet::of(&[ActionKind::Win]));
}

#[test]
fn removing_a_kind_removes_that_kind_only() {
    let both = ActionSet::of(&[ActionKind::Capture, ActionKind::Win]);
    let capture_only = ActionSet::of(&[ActionKind::Capture]);
    // Win is bit 10: the removal must clear it and keep Capture (bit 0).
    assert_eq!(both.without(ActionKind::Win), capture_only);
    assert!(!both.without(ActionKind::Win).contains(ActionKind::Win));
    assert!(both.without(ActionKind::Win).contains(ActionKind::Capture));
    // Removing a kind that is not there changes nothing (and adds nothing).
    assert_eq!(capture_only.without(ActionKind::Win), capture_only);
    for kind in ActionKind::ALL {
        assert_eq!(
            capture_only.without(ActionKind::Win).contains(kind),
            kind == ActionKind::Capture,
            "{kind:?}"
        );
    }
    assert_eq!(
        ActionSet::empty().without(ActionKind::Win),
        ActionSet::empty()
    );
}

#[test]
fn a_system_action_taken_out_of_the_default_set_is_refused() {
    let policy = DefaultPolicy {
        system_actions: DefaultPolicy::default()
            .system_actions
            .without(ActionKind::Reassign),
    };
    let system = Actor::new("router", Role::System);
    let mut scenario = given_machine(Machine::new().with_policy(policy)).in_stage(Stage::Inquiry);
    scenario
        .when(
            system.clone(),
            Action::Reassign {
                to: Owner::user("bob"),
            },
        )
        .then_refused_with(Refusal::NotAuthorized {
            actor: "router".into(),
            role: Role::System,
            action: ActionKind::Reassign,
            reason: DenyReason::NotAllowedForSystem,
        });
    // The rest of the default set stays: the system still disqualifies.
    scenario
        .when(
            system,
            Action::Disqualify {
                reason: Reason::new("spam"),
            },
        )
        .then_stage(Stage::Disqualified);
}

#[test]
fn a_rep_may_not_work_their_lead_once_it_is_back_with_marketing() {
    // Sourced by ana (Sal, owned by her), recycled by her to Nurture: she still owns it,
    // but Nurture is a marketing stage.
    let mut scenario = given().and(admin(), sales_sourced(ana())).and(
        rep(),
        Action::Recycle {
            reason: Reason::new("bad_timing"),
        },
    );
    let lead = scenario.lead().unwrap();
    assert_eq!(lead.stage(), Stage::Nurture);
    assert_eq!(lead.owner(), Some(&ana()));
    let refused = |actor: &str, role, action| Refusal::NotAuthorized {
        actor: actor.into(),
        role,
        action,
        reason: DenyReason::StageOwnedByOtherTeam,
    };
    scenario
        .when(
            rep(),
            Action::UpdateAttributes {
                set: Attributes::from([("country".to_owned(), "DE".into())]),
                remove: vec![],
            },
        )
        .then_refused_with(refused("ana", Role::SalesRep, ActionKind::UpdateAttributes));
    scenario
        .when(
            rep(),
            Action::SetSubStatus {
                sub_status: Some("long_term".into()),
            },
        )
        .then_refused_with(refused("ana", Role::SalesRep, ActionKind::SetSubStatus));
    // Her manager may not reassign it within the team either.
    scenario
        .when(
            manager(),
            Action::Reassign {
                to: Owner::user("bob").in_team("emea"),
            },
        )
        .then_refused_with(refused("max", Role::SalesManager, ActionKind::Reassign));
}

#[test]
fn an_admin_accepting_a_queued_lead_leaves_it_with_the_queue() {
    let queue = Owner::queue("inbound-emea").in_team("emea");
    let mut scenario = given();
    for action in &path_to(Stage::Mql) {
        scenario = scenario.and(admin(), action.clone());
    }
    let scenario = scenario.and(admin(), Action::HandOff { to: queue.clone() });
    let mut by_admin = scenario;
    let lead = by_admin
        .when(admin(), Action::Accept)
        .then_events(&[Event::Accepted {
            owner: queue.clone(),
        }]);
    assert_eq!(lead.owner(), Some(&queue));
    // A rep working from the queue takes it, in the queue's team.
    by_admin
        .when(rep(), Action::Accept)
        .then_events(&[Event::Accepted {
            owner: Owner::user("ana").in_team("emea"),
        }]);
}

#[test]
fn a_closure_is_a_policy_and_its_denial_is_the_refusal() {
    // Only admins, by a closure: the default policy would let the marketer qualify.
    let only_admins = |actor: &Actor, _: &Action, _: Option<&leadflow::Lead>| {
        if actor.role == Role::Admin {
            Ok(())
        } else {
            Err(DenyReason::RoleNotPermitted)
        }
    };
    let mut scenario =
        given_machine(Machine::new().with_policy(only_admins)).and(admin(), Action::capture());
    scenario
        .when(support::marketer(), Action::QualifyMql)
        .then_refused_with(Refusal::NotAuthorized {
            actor: "mia".into(),
            role: Role::Marketer,
            action: ActionKind::QualifyMql,
            reason: DenyReason::RoleNotPermitted,
        });
    scenario
        .when(admin(), Action::QualifyMql)
        .then_stage(Stage::Mql);
}
