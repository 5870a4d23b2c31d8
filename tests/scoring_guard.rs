//! Qualification criteria as the machine's guard on Inquiry→MQL and Nurture→MQL.
#![allow(clippy::unwrap_used, clippy::panic, clippy::float_cmp)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::scoring::{
    AttributeType, Condition, Decay, EngagementRule, Exclusion, FitRule, QualificationCriteria,
    RuleScorer, ScoringConfig,
};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId,
    EventEnvelope, LeadId, Machine, Owner, QualificationGuard, Reason, Refusal, RejectTo, Role,
    Stage, UnmetCriterion, replay,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn scorer() -> RuleScorer {
    RuleScorer::new(ScoringConfig {
        attributes: [
            ("employees".to_owned(), AttributeType::Number),
            ("job_title".to_owned(), AttributeType::Text),
        ]
        .into(),
        fit_rules: vec![
            FitRule {
                name: "mid_market".into(),
                attribute: "employees".into(),
                condition: Condition::Range {
                    min: Some(200.0),
                    max: None,
                },
                points: 30,
            },
            FitRule {
                name: "head_of".into(),
                attribute: "job_title".into(),
                condition: Condition::Contains {
                    value: "Head".into(),
                },
                points: 30,
            },
        ],
        engagement_rules: vec![EngagementRule {
            name: "forms".into(),
            kind: ActivityKind::FormFill,
            points: 20,
            cap: Some(40),
            decay: Decay::None,
        }],
        grades: leadflow::scoring::GradeThresholds::default(),
        bands: leadflow::scoring::BandThresholds::default(),
    })
    .unwrap()
}

fn criteria() -> QualificationCriteria<RuleScorer> {
    QualificationCriteria::new(scorer())
        .min_score(50)
        .min_grade("B2".parse().unwrap())
        .require("company")
        .exclude(Exclusion::free_mail("email"))
        .exclude(Exclusion::competitor("email", ["rival.com"]))
        .exclude(Exclusion::new(
            "student",
            "job_title",
            Condition::Contains {
                value: "Student".into(),
            },
        ))
}

struct World<G> {
    machine: Machine<leadflow::DefaultPolicy, G>,
    history: Vec<EventEnvelope>,
    next: u128,
}

impl<G: QualificationGuard> World<G> {
    fn run(&mut self, actor: &Actor, action: Action) -> Result<(), Refusal> {
        let lead = replay(&self.history).unwrap();
        let version = lead.as_ref().map_or(0, leadflow::Lead::version);
        self.next += 1;
        let at = t0() + TimeDelta::minutes(i64::try_from(self.next).unwrap());
        let command = Command::new(
            LeadId::from_u128(1),
            CommandId::from_u128(self.next),
            actor.clone(),
            at,
            version,
            action,
        );
        let decision = self.machine.decide(lead.as_ref(), &command)?;
        self.history.extend(decision.into_events());
        Ok(())
    }

    fn stage(&self) -> Stage {
        replay(&self.history).unwrap().unwrap().stage()
    }
}

fn world() -> World<QualificationCriteria<RuleScorer>> {
    World {
        machine: Machine::new().with_guard(criteria()),
        history: Vec::new(),
        next: 0,
    }
}

fn capture(attributes: &[(&str, &str)]) -> Action {
    let attributes: Attributes = attributes
        .iter()
        .map(|(k, v)| ((*k).to_owned(), AttributeValue::text(*v)))
        .collect();
    Action::Capture {
        entry: leadflow::Entry::Inquiry,
        source: None,
        campaign: None,
        attributes,
    }
}

#[test]
fn a_bad_lead_is_refused_with_every_unmet_criterion() {
    let marketer = Actor::new("mia", Role::Marketer);
    let mut world = world();
    world
        .run(
            &marketer,
            capture(&[("email", "kim@gmail.com"), ("job_title", "Student")]),
        )
        .unwrap();
    let refusal = world.run(&marketer, Action::QualifyMql).unwrap_err();
    let Refusal::GuardUnmet { unmet } = refusal else {
        panic!("{refusal:?}")
    };
    assert_eq!(
        unmet,
        vec![
            UnmetCriterion::new("min_score", "score >= 50", "0"),
            UnmetCriterion::new("min_grade", "grade B2 or better", "D4"),
            UnmetCriterion::new("required_attribute", "company", "missing"),
            UnmetCriterion::new(
                "exclusion",
                "not free_mail",
                "email is at a free-mail domain"
            ),
            UnmetCriterion::new("exclusion", "not student", "job_title contains \"Student\""),
        ]
    );
    // Refused: nothing changed.
    assert_eq!(world.stage(), Stage::Inquiry);
    assert_eq!(world.history.len(), 1);
}

#[test]
fn a_good_lead_qualifies_and_a_recycled_one_is_judged_again() {
    let marketer = Actor::new("mia", Role::Marketer);
    let rep = Actor::new("ana", Role::SalesRep).in_team("emea");
    let mut world = world();
    world
        .run(
            &marketer,
            capture(&[
                ("email", "lee@acme.io"),
                ("company", "Acme"),
                ("job_title", "Head of Operations"),
            ]),
        )
        .unwrap();
    // Fit 30 (title) only: grade C, total 30: refused on score and grade.
    let Err(Refusal::GuardUnmet { unmet }) = world.run(&marketer, Action::QualifyMql) else {
        panic!("expected a refusal")
    };
    let names: Vec<_> = unmet.iter().map(|u| u.criterion.as_str()).collect();
    assert_eq!(names, ["min_score", "min_grade"]);
    let mut set = Attributes::new();
    set.insert("employees".into(), AttributeValue::number(800.0).unwrap());
    world
        .run(
            &marketer,
            Action::UpdateAttributes {
                set,
                remove: vec![],
            },
        )
        .unwrap();
    for _ in 0..2 {
        let activity = Activity::new(ActivityKind::FormFill, t0());
        world
            .run(&marketer, Action::RecordActivity { activity })
            .unwrap();
    }
    // Fit 60 (A), engagement 40 (band 2): A2, total 100.
    world.run(&marketer, Action::QualifyMql).unwrap();
    assert_eq!(world.stage(), Stage::Mql);
    world
        .run(
            &marketer,
            Action::HandOff {
                to: Owner::user("ana").in_team("emea"),
            },
        )
        .unwrap();
    world
        .run(
            &rep,
            Action::Reject {
                reason: Reason::new("not_now"),
                to: RejectTo::Nurture,
            },
        )
        .unwrap();
    assert_eq!(world.stage(), Stage::Nurture);
    // The contact moved to a free-mail address: Nurture→MQL is refused for that alone.
    let mut set = Attributes::new();
    set.insert("email".into(), AttributeValue::text("lee@outlook.com"));
    world
        .run(
            &marketer,
            Action::UpdateAttributes {
                set,
                remove: vec![],
            },
        )
        .unwrap();
    let Err(Refusal::GuardUnmet { unmet }) = world.run(&marketer, Action::QualifyMql) else {
        panic!("expected a refusal")
    };
    assert_eq!(
        unmet,
        vec![UnmetCriterion::new(
            "exclusion",
            "not free_mail",
            "email is at a free-mail domain"
        )]
    );
    assert_eq!(world.stage(), Stage::Nurture);
}
