//! Where a lead's territory comes from: an attribute, or a host function.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::attribute::AttributeValue;
use crate::lead::Lead;
use crate::metrics::NONE;

type TerritoryFn = dyn Fn(&Lead) -> Option<String> + Send + Sync;

/// How the forecast finds a lead's territory. A lead without one is grouped under
/// [`NONE`](crate::metrics::NONE).
///
/// ```
/// use leadflow::forecast::TerritoryOf;
/// let by_region = TerritoryOf::attribute("region");
/// let everyone_in_emea = TerritoryOf::function(|_lead| Some("emea".to_owned()));
/// # let _ = (by_region, everyone_in_emea);
/// ```
#[derive(Clone)]
pub enum TerritoryOf {
    /// The text value of the named attribute (numbers and dates as text; lists ignored).
    Attribute(String),
    /// A host-supplied function.
    Function(Arc<TerritoryFn>),
}

impl TerritoryOf {
    /// The territory is the value of attribute `name`.
    #[must_use]
    pub fn attribute(name: impl Into<String>) -> Self {
        TerritoryOf::Attribute(name.into())
    }

    /// The territory is what `f` returns.
    #[must_use]
    pub fn function(f: impl Fn(&Lead) -> Option<String> + Send + Sync + 'static) -> Self {
        TerritoryOf::Function(Arc::new(f))
    }

    /// The lead's territory, or [`NONE`].
    #[must_use]
    pub fn of(&self, lead: &Lead) -> String {
        self.key(lead).into_owned()
    }

    /// The lead's territory, borrowed from the lead when it is a text attribute (no
    /// allocation on the hot path).
    pub(crate) fn key<'a>(&self, lead: &'a Lead) -> Cow<'a, str> {
        let found = match self {
            TerritoryOf::Attribute(name) => {
                lead.attributes().get(name).and_then(|value| match value {
                    AttributeValue::Text(text) => Some(Cow::Borrowed(text.as_str())),
                    AttributeValue::Number(n) => Some(Cow::Owned(n.to_string())),
                    AttributeValue::Date(d) => Some(Cow::Owned(d.to_string())),
                    AttributeValue::Bool(b) => Some(Cow::Owned(b.to_string())),
                    AttributeValue::List(_) => None,
                })
            }
            TerritoryOf::Function(f) => f(lead).map(Cow::Owned),
        };
        found.unwrap_or(Cow::Borrowed(NONE))
    }
}

impl fmt::Debug for TerritoryOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TerritoryOf::Attribute(name) => f.debug_tuple("Attribute").field(name).finish(),
            TerritoryOf::Function(_) => f.write_str("Function(..)"),
        }
    }
}
