//! The transition graph: which stage changes a pipeline allows. A pipeline may narrow the
//! default graph, never widen it, and the graph never makes `evolve` fail: it is checked in
//! `decide` only.

use crate::stage::Stage;

/// The default edges between stages.
const DEFAULT_EDGES: [(Stage, Stage); 16] = [
    (Stage::Inquiry, Stage::Mql),
    (Stage::Inquiry, Stage::Disqualified),
    (Stage::Mql, Stage::HandedOff),
    (Stage::Mql, Stage::Disqualified),
    (Stage::HandedOff, Stage::Sal),
    (Stage::HandedOff, Stage::Nurture),
    (Stage::HandedOff, Stage::Disqualified),
    (Stage::Sal, Stage::Sql),
    (Stage::Sal, Stage::Nurture),
    (Stage::Sql, Stage::Opportunity),
    (Stage::Sql, Stage::Nurture),
    (Stage::Opportunity, Stage::Customer),
    (Stage::Opportunity, Stage::Lost),
    (Stage::Customer, Stage::Advocate),
    (Stage::Nurture, Stage::Mql),
    (Stage::Lost, Stage::Nurture),
];

/// The extra default edge out of Nurture: marketing may rule a nurtured lead out.
const NURTURE_DISQUALIFY: (Stage, Stage) = (Stage::Nurture, Stage::Disqualified);

/// A set of allowed stage-to-stage transitions.
///
/// ```
/// use leadflow::{Stage, TransitionGraph};
/// let graph = TransitionGraph::default();
/// assert!(graph.allows(Stage::HandedOff, Stage::Sal));
/// assert!(!graph.allows(Stage::Inquiry, Stage::Customer));
///
/// // A pipeline without the nurture loop after a loss:
/// let narrowed = graph.without(Stage::Lost, Stage::Nurture);
/// assert!(!narrowed.allows(Stage::Lost, Stage::Nurture));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TransitionGraph {
    /// Bit `to` of `rows[from]` is set when `from -> to` is allowed.
    rows: [u16; Stage::COUNT],
}

impl Default for TransitionGraph {
    fn default() -> Self {
        let mut graph = Self::empty();
        for (from, to) in DEFAULT_EDGES.iter().chain([NURTURE_DISQUALIFY].iter()) {
            graph.rows[from.index()] |= 1 << to.index();
        }
        graph
    }
}

impl TransitionGraph {
    /// A graph with no edge at all.
    #[must_use]
    pub const fn empty() -> Self {
        Self {
            rows: [0; Stage::COUNT],
        }
    }

    /// Whether `from -> to` is allowed.
    #[must_use]
    pub const fn allows(&self, from: Stage, to: Stage) -> bool {
        self.rows[from.index()] & (1 << to.index()) != 0
    }

    /// The same graph without `from -> to`.
    #[must_use]
    pub const fn without(mut self, from: Stage, to: Stage) -> Self {
        self.rows[from.index()] &= !(1 << to.index());
        self
    }

    /// The default graph narrowed to `edges`.
    ///
    /// # Errors
    /// The first edge that the default graph does not have: a pipeline may narrow the graph,
    /// never widen it.
    pub fn narrowed_to(edges: &[(Stage, Stage)]) -> Result<Self, (Stage, Stage)> {
        let default = Self::default();
        let mut graph = Self::empty();
        for &(from, to) in edges {
            if !default.allows(from, to) {
                return Err((from, to));
            }
            graph.rows[from.index()] |= 1 << to.index();
        }
        Ok(graph)
    }

    /// Every allowed edge, in stage order.
    #[must_use]
    pub fn edges(&self) -> Vec<(Stage, Stage)> {
        Stage::ALL
            .iter()
            .flat_map(|from| {
                Stage::ALL
                    .iter()
                    .filter(|to| self.allows(*from, **to))
                    .map(move |to| (*from, *to))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_refuses_new_edges() {
        assert_eq!(
            TransitionGraph::narrowed_to(&[(Stage::Inquiry, Stage::Customer)]),
            Err((Stage::Inquiry, Stage::Customer))
        );
        let g = TransitionGraph::narrowed_to(&[(Stage::Inquiry, Stage::Mql)]).unwrap();
        assert_eq!(g.edges(), vec![(Stage::Inquiry, Stage::Mql)]);
    }

    #[test]
    fn default_has_the_documented_edges() {
        assert_eq!(TransitionGraph::default().edges().len(), 17);
    }
}
