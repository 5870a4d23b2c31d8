//! Routing one lead: the rules in order, the first match decides.

use chrono::{DateTime, Utc};

use crate::attribute::{AttributeValue, Attributes};
use crate::lead::Lead;
use crate::owner::Owner;
use crate::routing::config::QueueDelivery;
use crate::routing::cursor::{PoolKey, RoundRobinState};
use crate::routing::decision::{
    Because, FallbackCause, NoMatch, RoutingDecision, RuleOutcome, RuleTrace, SkipReason,
};
use crate::routing::error::RoutingError;
use crate::routing::roster::{Rep, Roster};
use crate::routing::router::{Compiled, Pool, Router};
use crate::routing::territory::country_key;

/// What one rule made of the lead, before the trace line is written.
enum Step<'a> {
    NoMatch(NoMatch),
    OwnerUnavailable(&'a crate::id::UserId, SkipReason),
    Pool(&'a Pool),
    EmptyPool(PoolKey),
    Decided(Owner, Because),
}

/// The owner a lead goes to when handed to `rep`: the user, in the rep's team.
pub(crate) fn rep_owner(rep: &Rep) -> Owner {
    let owner = Owner::user(rep.id.clone());
    match &rep.team {
        Some(team) => owner.in_team(team.clone()),
        None => owner,
    }
}

impl Router {
    /// Routes `lead` at `now`: the rules in order, the first match decides; within the
    /// matched pool the rule's strategy picks among available reps; when nobody qualifies,
    /// the fallback applies. Pure: `roster` and `cursor` are read, never changed; persist
    /// the decision's [`cursor`](RoutingDecision::cursor) update.
    ///
    /// # Errors
    /// A [`RoutingError`] when `roster` is not the roster the router was built from (reps
    /// added, removed or reordered).
    pub fn route(
        &self,
        lead: &Lead,
        roster: &Roster,
        cursor: &RoundRobinState,
        now: DateTime<Utc>,
    ) -> Result<RoutingDecision, RoutingError> {
        self.route_attributes(lead.attributes(), roster, cursor, now)
    }

    /// Routes a lead given by its attributes (what [`Router::route`] reads of a lead).
    ///
    /// # Errors
    /// As [`Router::route`].
    pub fn route_attributes(
        &self,
        attributes: &Attributes,
        roster: &Roster,
        cursor: &RoundRobinState,
        now: DateTime<Utc>,
    ) -> Result<RoutingDecision, RoutingError> {
        if roster.reps.len() != self.rep_ids.len() {
            return Err(RoutingError::RosterLength {
                expected: self.rep_ids.len(),
                actual: roster.reps.len(),
            });
        }
        let mut rules = Vec::new();
        let mut territory = None;
        for (index, (rule, compiled)) in self.config.rules.iter().zip(&self.rules).enumerate() {
            let step = match compiled {
                Compiled::Territory { listed } => {
                    let found = territory.get_or_insert_with(|| self.territory_of(attributes));
                    match found {
                        Err(why) => Step::NoMatch(why.clone()),
                        Ok(t) => match self.territories.get(*t) {
                            Some(pool) if listed.get(*t).copied().unwrap_or(false) => {
                                Step::Pool(pool)
                            }
                            _ => Step::NoMatch(match self.config.territories.get(*t) {
                                Some(def) => NoMatch::TerritoryNotListed {
                                    territory: def.id.clone(),
                                },
                                None => NoMatch::NoTerritory,
                            }),
                        },
                    }
                }
                Compiled::Segment { listed } => {
                    let name = &self.config.attributes.segment;
                    match text(attributes, name) {
                        None => Step::NoMatch(missing(name)),
                        Some(segment) if listed.contains(segment) => {
                            match self.segments.get(segment) {
                                Some(pool) => Step::Pool(pool),
                                None => Step::EmptyPool(PoolKey::segment(segment)),
                            }
                        }
                        Some(segment) => Step::NoMatch(NoMatch::SegmentNotListed {
                            segment: segment.to_owned(),
                        }),
                    }
                }
                Compiled::AccountOwner => self.account_step(attributes, roster, now)?,
                Compiled::Queue { queue, deliver } => match (deliver, self.queues.get(queue)) {
                    (QueueDelivery::ToMember, Some(pool)) => Step::Pool(pool),
                    _ => Step::Decided(
                        self.queue_owner(queue),
                        Because::Queue {
                            queue: queue.clone(),
                        },
                    ),
                },
            };
            let trace = |outcome| RuleTrace {
                index,
                name: rule.name.clone(),
                outcome,
            };
            match step {
                Step::NoMatch(why) => rules.push(trace(RuleOutcome::NotMatched { why })),
                Step::OwnerUnavailable(owner, reason) => {
                    rules.push(trace(RuleOutcome::OwnerUnavailable {
                        owner: owner.clone(),
                        reason,
                    }));
                }
                Step::Decided(owner, because) => {
                    rules.push(trace(RuleOutcome::Matched { pool: None }));
                    return Ok(RoutingDecision {
                        owner: Some(owner),
                        because,
                        rules,
                        skipped: Vec::new(),
                        cursor: None,
                    });
                }
                Step::EmptyPool(key) => {
                    rules.push(trace(RuleOutcome::Matched { pool: Some(key) }));
                    let cause = FallbackCause::EmptyPool { rule: index };
                    return Ok(self.fall_back(Some(index), cause, rules, Vec::new()));
                }
                Step::Pool(pool) => {
                    rules.push(trace(RuleOutcome::Matched {
                        pool: Some(pool.key.clone()),
                    }));
                    return self.pick(index, pool, roster, cursor, now, rules);
                }
            }
        }
        Ok(self.fall_back(None, FallbackCause::NoRuleMatched, rules, Vec::new()))
    }

    /// The lead's territory: from its country, else its region.
    fn territory_of(&self, attributes: &Attributes) -> Result<usize, NoMatch> {
        let names = &self.config.attributes;
        let country = text(attributes, &names.country);
        let region = text(attributes, &names.region);
        if country.is_none() && region.is_none() {
            return Err(missing(&names.country));
        }
        country
            .and_then(|c| self.countries.get(&country_key(c)))
            .or_else(|| region.and_then(|r| self.regions.get(r)))
            .copied()
            .ok_or(NoMatch::NoTerritory)
    }

    fn account_step<'a>(
        &self,
        attributes: &Attributes,
        roster: &'a Roster,
        now: DateTime<Utc>,
    ) -> Result<Step<'a>, RoutingError> {
        let name = &self.config.attributes.account;
        let Some(account) = text(attributes, name) else {
            return Ok(Step::NoMatch(missing(name)));
        };
        let Some(owner) = roster.account_owners.get(account) else {
            return Ok(Step::NoMatch(NoMatch::NoAccountOwner {
                account: account.to_owned(),
            }));
        };
        let Some(&index) = self.by_id.get(owner) else {
            return Ok(Step::OwnerUnavailable(owner, SkipReason::NotInRoster));
        };
        let rep = self.rep_at(roster, index)?;
        Ok(match rep.unavailability(now) {
            Some(reason) => Step::OwnerUnavailable(owner, reason),
            None => Step::Decided(
                rep_owner(rep),
                Because::AccountOwner {
                    account: account.to_owned(),
                },
            ),
        })
    }
}

fn text<'a>(attributes: &'a Attributes, name: &str) -> Option<&'a str> {
    attributes.get(name).and_then(AttributeValue::as_text)
}

fn missing(name: &str) -> NoMatch {
    NoMatch::MissingAttribute {
        attribute: name.to_owned(),
    }
}
