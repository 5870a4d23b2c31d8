//! The validated router: a configuration checked against a roster, with the indexes that
//! keep each decision proportional to the matched pool, not the roster.

use std::collections::{BTreeMap, BTreeSet};

use crate::id::{QueueId, TeamId, UserId};
use crate::owner::Owner;
use crate::routing::config::{Fallback, QueueDelivery, RoutingConfig, RuleKind, Strategy};
use crate::routing::cursor::PoolKey;
use crate::routing::error::{ConfigError, RoutingError};
use crate::routing::roster::{Rep, Roster};
use crate::routing::territory::{TerritoryId, country_key};

/// A rule, compiled against the indexes.
#[derive(Debug, Clone)]
pub(crate) enum Compiled {
    /// `listed[t]`: whether territory `t` is routed by the rule.
    Territory {
        listed: Vec<bool>,
    },
    Segment {
        listed: BTreeSet<String>,
    },
    AccountOwner,
    Queue {
        queue: QueueId,
        deliver: QueueDelivery,
    },
}

/// A pool: its key and its reps' indexes in `Roster::reps`, in rep id order.
#[derive(Debug, Clone)]
pub(crate) struct Pool {
    pub(crate) key: PoolKey,
    pub(crate) reps: Vec<usize>,
}

/// A [`RoutingConfig`] validated against a [`Roster`], with indexes (country and region to
/// territory, territory, segment and queue to reps, rep id to index) so a decision costs
/// O(rules + size of the matched pool), not O(roster).
///
/// Build it again when reps join or leave or change what they cover; between builds the host
/// may change reps' `active`, `out_of_office`, `load`, `capacity` and `weight`, and the
/// roster's account owners, and pass the updated roster to [`Router::route`].
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadflow::routing::{Rep, RoundRobinState, Roster, Router, RoutingConfig, Rule, Territory};
/// use leadflow::{AttributeValue, Attributes, Owner};
///
/// let config = RoutingConfig::new()
///     .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
///     .with_rule(Rule::territory("dach reps", ["dach"]));
/// let roster = Roster::new()
///     .with_rep(Rep::new("ana").covering("dach"))
///     .with_rep(Rep::new("ben").covering("dach"));
/// let router = Router::new(config, &roster)?;
///
/// let mut lead = Attributes::new();
/// lead.insert("country".into(), AttributeValue::text("AT"));
/// let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
/// let mut cursor = RoundRobinState::new();
/// let first = router.route_attributes(&lead, &roster, &cursor, now)?;
/// assert_eq!(first.owner, Some(Owner::user("ana")));
/// assert_eq!(first.matched_rule(), Some((0, "dach reps")));
/// cursor.apply(first.cursor.as_ref());
/// let second = router.route_attributes(&lead, &roster, &cursor, now)?;
/// assert_eq!(second.owner, Some(Owner::user("ben")));
///
/// // Bad input is a typed error.
/// let bad = RoutingConfig::new().with_rule(Rule::territory("nowhere", ["atlantis"]));
/// assert!(Router::new(bad, &roster).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Router {
    pub(crate) config: RoutingConfig,
    pub(crate) rules: Vec<Compiled>,
    pub(crate) rep_ids: Vec<UserId>,
    pub(crate) by_id: BTreeMap<UserId, usize>,
    pub(crate) countries: BTreeMap<String, usize>,
    pub(crate) regions: BTreeMap<String, usize>,
    pub(crate) territories: Vec<Pool>,
    pub(crate) segments: BTreeMap<String, Pool>,
    pub(crate) queues: BTreeMap<QueueId, Pool>,
    pub(crate) queue_teams: BTreeMap<QueueId, Option<TeamId>>,
}

impl Router {
    /// Validates `config` against `roster` and builds the indexes.
    ///
    /// # Errors
    /// A [`ConfigError`] for: an empty roster, duplicate rep, queue or territory ids, a
    /// country or region in two territories, a rule or rep naming an unknown territory, a
    /// rule, fallback or rep naming an unknown queue, a territory or segment rule listing
    /// nothing, every rep at weight 0, an absence that does not end after it starts;
    /// [`ConfigError::TooMany`] for more rules, territories, reps or queues than the caps.
    pub fn new(config: RoutingConfig, roster: &Roster) -> Result<Self, ConfigError> {
        crate::routing::limits::check(&config, roster)?;
        if roster.reps.is_empty() {
            return Err(ConfigError::EmptyRoster);
        }
        if roster.reps.iter().all(|rep| rep.weight == 0) {
            return Err(ConfigError::AllWeightsZero);
        }
        let mut by_id = BTreeMap::new();
        for (index, rep) in roster.reps.iter().enumerate() {
            if by_id.insert(rep.id.clone(), index).is_some() {
                return Err(ConfigError::DuplicateRep {
                    rep: rep.id.clone(),
                });
            }
            if let Some(absence) = rep.out_of_office.iter().find(|a| a.end <= a.start) {
                return Err(ConfigError::InvalidAbsence {
                    rep: rep.id.clone(),
                    start: absence.start,
                    end: absence.end,
                });
            }
        }
        let mut queue_teams = BTreeMap::new();
        for queue in &roster.queues {
            if queue_teams
                .insert(queue.id.clone(), queue.team.clone())
                .is_some()
            {
                return Err(ConfigError::DuplicateQueue {
                    queue: queue.id.clone(),
                });
            }
        }
        let (countries, regions, territory_index) = index_territories(&config)?;
        let mut territories: Vec<Pool> = config
            .territories
            .iter()
            .map(|t| Pool {
                key: PoolKey::territory(&t.id),
                reps: Vec::new(),
            })
            .collect();
        let mut segments: BTreeMap<String, Pool> = BTreeMap::new();
        let mut queues: BTreeMap<QueueId, Pool> = queue_teams
            .keys()
            .map(|id| {
                let pool = Pool {
                    key: PoolKey::queue(id),
                    reps: Vec::new(),
                };
                (id.clone(), pool)
            })
            .collect();
        // In rep id order, so every pool is sorted by rep id (ties go to the smallest id).
        for &index in by_id.values() {
            let Some(rep) = roster.reps.get(index) else {
                continue;
            };
            index_rep(rep, index, &territory_index, &mut territories, &mut queues)?;
            for segment in dedup(&rep.segments) {
                segments
                    .entry(segment.clone())
                    .or_insert_with(|| Pool {
                        key: PoolKey::segment(segment),
                        reps: Vec::new(),
                    })
                    .reps
                    .push(index);
            }
        }
        let rules = compile_rules(&config, &territory_index, &queue_teams)?;
        Ok(Self {
            config,
            rules,
            rep_ids: roster.reps.iter().map(|rep| rep.id.clone()).collect(),
            by_id,
            countries,
            regions,
            territories,
            segments,
            queues,
            queue_teams,
        })
    }

    /// The validated configuration.
    #[must_use]
    pub fn config(&self) -> &RoutingConfig {
        &self.config
    }

    /// The strategy of rule `rule`.
    pub(crate) fn strategy(&self, rule: usize) -> Strategy {
        self.config
            .rules
            .get(rule)
            .and_then(|r| r.strategy)
            .unwrap_or(self.config.strategy)
    }

    /// The fallback of rule `rule` (`None`: the default one).
    pub(crate) fn fallback(&self, rule: Option<usize>) -> &Fallback {
        rule.and_then(|i| self.config.rules.get(i))
            .and_then(|r| r.fallback.as_ref())
            .unwrap_or(&self.config.fallback)
    }

    /// The owner for a queue, with the queue's team.
    pub(crate) fn queue_owner(&self, queue: &QueueId) -> Owner {
        let owner = Owner::queue(queue.clone());
        match self.queue_teams.get(queue) {
            Some(Some(team)) => owner.in_team(team.clone()),
            _ => owner,
        }
    }

    /// The rep at `index` in `roster`, checked against the rep the router was built with.
    pub(crate) fn rep_at<'r>(
        &self,
        roster: &'r Roster,
        index: usize,
    ) -> Result<&'r Rep, RoutingError> {
        let (Some(rep), Some(expected)) = (roster.reps.get(index), self.rep_ids.get(index)) else {
            return Err(RoutingError::RosterLength {
                expected: self.rep_ids.len(),
                actual: roster.reps.len(),
            });
        };
        if rep.id == *expected {
            Ok(rep)
        } else {
            Err(RoutingError::RepMoved {
                index,
                expected: expected.clone(),
                found: rep.id.clone(),
            })
        }
    }
}

/// The distinct items of `items`, in first-seen order.
fn dedup<T: Ord>(items: &[T]) -> impl Iterator<Item = &T> {
    let mut seen = BTreeSet::new();
    items.iter().filter(move |item| seen.insert(*item))
}

type TerritoryIndexes = (
    BTreeMap<String, usize>,
    BTreeMap<String, usize>,
    BTreeMap<String, usize>,
);

/// Country → territory, region → territory and name → territory indexes.
fn index_territories(config: &RoutingConfig) -> Result<TerritoryIndexes, ConfigError> {
    let mut countries: BTreeMap<String, (usize, &TerritoryId)> = BTreeMap::new();
    let mut regions: BTreeMap<String, (usize, &TerritoryId)> = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (index, territory) in config.territories.iter().enumerate() {
        if names
            .insert(territory.id.as_str().to_owned(), index)
            .is_some()
        {
            return Err(ConfigError::DuplicateTerritory {
                territory: territory.id.clone(),
            });
        }
        for (is_country, value, key) in territory
            .countries
            .iter()
            .map(|c| (true, c, country_key(c)))
            .chain(territory.regions.iter().map(|r| (false, r, r.clone())))
        {
            let map = if is_country {
                &mut countries
            } else {
                &mut regions
            };
            match map.get(&key) {
                Some(&(first, first_id)) if first != index => {
                    return Err(ConfigError::OverlappingTerritories {
                        value: value.clone(),
                        first: first_id.clone(),
                        second: territory.id.clone(),
                    });
                }
                _ => {
                    map.insert(key, (index, &territory.id));
                }
            }
        }
    }
    let strip = |map: BTreeMap<String, (usize, &TerritoryId)>| {
        map.into_iter()
            .map(|(key, (index, _))| (key, index))
            .collect()
    };
    Ok((strip(countries), strip(regions), names))
}

/// Adds rep `index` to the pools of its territories and queues.
fn index_rep(
    rep: &Rep,
    index: usize,
    territory_index: &BTreeMap<String, usize>,
    territories: &mut [Pool],
    queues: &mut BTreeMap<QueueId, Pool>,
) -> Result<(), ConfigError> {
    for territory in dedup(&rep.territories) {
        let pool = territory_index
            .get(territory.as_str())
            .and_then(|&t| territories.get_mut(t))
            .ok_or_else(|| ConfigError::RepUnknownTerritory {
                rep: rep.id.clone(),
                territory: territory.clone(),
            })?;
        pool.reps.push(index);
    }
    for queue in dedup(&rep.queues) {
        let pool = queues
            .get_mut(queue)
            .ok_or_else(|| ConfigError::RepUnknownQueue {
                rep: rep.id.clone(),
                queue: queue.clone(),
            })?;
        pool.reps.push(index);
    }
    Ok(())
}

fn check_fallback(
    fallback: &Fallback,
    rule: Option<usize>,
    queues: &BTreeMap<QueueId, Option<TeamId>>,
) -> Result<(), ConfigError> {
    match fallback {
        Fallback::Queue { queue } if !queues.contains_key(queue) => {
            Err(ConfigError::FallbackUnknownQueue {
                rule,
                queue: queue.clone(),
            })
        }
        _ => Ok(()),
    }
}

fn compile_rules(
    config: &RoutingConfig,
    territory_index: &BTreeMap<String, usize>,
    queues: &BTreeMap<QueueId, Option<TeamId>>,
) -> Result<Vec<Compiled>, ConfigError> {
    check_fallback(&config.fallback, None, queues)?;
    let mut compiled = Vec::with_capacity(config.rules.len());
    for (index, rule) in config.rules.iter().enumerate() {
        if let Some(fallback) = &rule.fallback {
            check_fallback(fallback, Some(index), queues)?;
        }
        let empty = || ConfigError::EmptyRule {
            rule: index,
            name: rule.name.clone(),
        };
        compiled.push(match &rule.kind {
            RuleKind::Territory { territories } => {
                if territories.is_empty() {
                    return Err(empty());
                }
                let mut listed = vec![false; config.territories.len()];
                for territory in territories {
                    let slot = territory_index
                        .get(territory.as_str())
                        .and_then(|&t| listed.get_mut(t))
                        .ok_or_else(|| ConfigError::UnknownTerritory {
                            rule: index,
                            territory: territory.clone(),
                        })?;
                    *slot = true;
                }
                Compiled::Territory { listed }
            }
            RuleKind::Segment { segments } => {
                if segments.is_empty() {
                    return Err(empty());
                }
                Compiled::Segment {
                    listed: segments.iter().cloned().collect(),
                }
            }
            RuleKind::AccountOwner => Compiled::AccountOwner,
            RuleKind::Queue { queue, deliver } => {
                if !queues.contains_key(queue) {
                    return Err(ConfigError::UnknownQueue {
                        rule: index,
                        queue: queue.clone(),
                    });
                }
                Compiled::Queue {
                    queue: queue.clone(),
                    deliver: *deliver,
                }
            }
        });
    }
    Ok(compiled)
}
