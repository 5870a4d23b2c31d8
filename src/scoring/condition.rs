//! Evaluating conditions on attribute values: the shared matcher of fit rules and
//! qualification exclusions, and the e-mail domain helpers.

use std::cmp::Ordering;

use crate::attribute::AttributeValue;

use super::config::Condition;

/// Free-mail providers, lower case, sorted (binary search).
const FREE_MAIL: &[&str] = &[
    "126.com",
    "163.com",
    "aim.com",
    "aol.com",
    "fastmail.com",
    "free.fr",
    "gmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "googlemail.com",
    "hey.com",
    "hotmail.co.uk",
    "hotmail.com",
    "hotmail.de",
    "hotmail.fr",
    "icloud.com",
    "laposte.net",
    "libero.it",
    "live.com",
    "mac.com",
    "mail.com",
    "mail.ru",
    "me.com",
    "msn.com",
    "orange.fr",
    "outlook.com",
    "pm.me",
    "proton.me",
    "protonmail.com",
    "qq.com",
    "rediffmail.com",
    "t-online.de",
    "tutanota.com",
    "web.de",
    "yahoo.co.uk",
    "yahoo.com",
    "yahoo.de",
    "yahoo.fr",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
];

/// The domain of an e-mail address (after the last `@`, trimmed), or the text itself when it
/// holds no `@`.
#[must_use]
pub fn email_domain(text: &str) -> &str {
    let domain = text.rsplit_once('@').map_or(text, |(_, d)| d);
    domain.trim().trim_end_matches('.')
}

/// Compares two strings like `str::cmp`, byte by byte inline: attribute names and
/// categories are short, and a call to `memcmp` per comparison costs more than the loop.
#[inline]
pub(crate) fn cmp_short(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Whether two short strings are equal, lengths first, then byte by byte inline.
#[inline]
pub(crate) fn eq_short(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

fn cmp_ignore_ascii_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Whether an e-mail address or bare domain is at a well-known free-mail provider (Gmail,
/// Outlook, Yahoo, iCloud, Proton, GMX, …), ASCII case-insensitively.
///
/// ```
/// use leadflow::scoring::is_free_mail_domain;
/// assert!(is_free_mail_domain("Jane.Doe@GMail.com"));
/// assert!(is_free_mail_domain("outlook.com"));
/// assert!(!is_free_mail_domain("jane@acme.io"));
/// ```
#[must_use]
pub fn is_free_mail_domain(email_or_domain: &str) -> bool {
    let domain = email_domain(email_or_domain);
    FREE_MAIL
        .binary_search_by(|probe| cmp_ignore_ascii_case(probe, domain))
        .is_ok()
}

/// Whether `domain` is `parent` or one of its subdomains, ASCII case-insensitively.
fn is_within(domain: &str, parent: &str) -> bool {
    if parent.is_empty() {
        return false;
    }
    if domain.len() == parent.len() {
        return domain.eq_ignore_ascii_case(parent);
    }
    domain.len() > parent.len()
        && domain
            .get(domain.len() - parent.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(parent))
        && domain
            .as_bytes()
            .get(domain.len() - parent.len() - 1)
            .is_some_and(|&b| b == b'.')
}

/// Whether an e-mail address or bare domain is at one of `domains` or a subdomain of one.
///
/// ```
/// use leadflow::scoring::is_domain_in;
/// let rivals = ["rival.com".to_owned()];
/// assert!(is_domain_in("ceo@eu.Rival.com", &rivals));
/// assert!(!is_domain_in("ceo@notrival.com", &rivals));
/// ```
#[must_use]
pub fn is_domain_in(email_or_domain: &str, domains: &[String]) -> bool {
    let domain = email_domain(email_or_domain);
    domains.iter().any(|parent| is_within(domain, parent))
}

impl Condition {
    /// Whether an attribute's value (`None` when absent) meets the condition. A value of
    /// another type than the condition expects does not match.
    ///
    /// ```
    /// use leadflow::AttributeValue;
    /// use leadflow::scoring::Condition;
    /// let big = Condition::Range { min: Some(200.0), max: None };
    /// assert!(big.matches(Some(&AttributeValue::number(500.0)?)));
    /// assert!(!big.matches(Some(&AttributeValue::text("500"))));
    /// assert!(!big.matches(None));
    /// assert!(Condition::Missing.matches(None));
    /// # Ok::<(), leadflow::ValueError>(())
    /// ```
    #[must_use]
    pub fn matches(&self, value: Option<&AttributeValue>) -> bool {
        let Some(value) = value else {
            return matches!(self, Condition::Missing);
        };
        match self {
            Condition::Equals { value: expected } => match (value, expected) {
                (AttributeValue::Text(a), AttributeValue::Text(b)) => eq_short(a, b),
                _ => value == expected,
            },
            Condition::OneOf { values } => match value {
                AttributeValue::Text(text) => values.iter().any(|v| eq_short(v, text)),
                AttributeValue::List(items) => {
                    items.iter().any(|i| values.iter().any(|v| eq_short(v, i)))
                }
                _ => false,
            },
            Condition::Range { min, max } => match value {
                AttributeValue::Number(n) => {
                    n.is_finite()
                        && min.is_none_or(|min| *n >= min)
                        && max.is_none_or(|max| *n < max)
                }
                _ => false,
            },
            Condition::Exists => true,
            Condition::Missing => false,
            Condition::Contains { value: needle } => match value {
                AttributeValue::Text(text) => text.contains(needle.as_str()),
                AttributeValue::List(items) => items.iter().any(|i| eq_short(i, needle)),
                _ => false,
            },
            Condition::FreeMail => value.as_text().is_some_and(is_free_mail_domain),
            Condition::DomainIn { domains } => value
                .as_text()
                .is_some_and(|text| is_domain_in(text, domains)),
        }
    }

    /// The condition in words, about `attribute`: `"industry is one of [saas, software]"`.
    /// It shows the configuration, never the lead's value (attribute values are personal
    /// data).
    #[must_use]
    pub fn describe(&self, attribute: &str) -> String {
        match self {
            Condition::Equals { value } => match value {
                AttributeValue::Text(t) => format!("{attribute} is {t:?}"),
                AttributeValue::Number(n) => format!("{attribute} = {n}"),
                AttributeValue::Bool(b) => format!("{attribute} is {b}"),
                AttributeValue::Date(d) => format!("{attribute} is {d}"),
                AttributeValue::List(l) => format!("{attribute} is {l:?}"),
            },
            Condition::OneOf { values } => format!("{attribute} is one of {values:?}"),
            Condition::Range { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("{attribute} in [{min}, {max})"),
                (Some(min), None) => format!("{attribute} >= {min}"),
                (None, Some(max)) => format!("{attribute} < {max}"),
                (None, None) => format!("{attribute} is any number"),
            },
            Condition::Exists => format!("{attribute} is present"),
            Condition::Missing => format!("{attribute} is missing"),
            Condition::Contains { value } => format!("{attribute} contains {value:?}"),
            Condition::FreeMail => format!("{attribute} is at a free-mail domain"),
            Condition::DomainIn { domains } => format!("{attribute} is at one of {domains:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_mail_list_is_sorted_and_lower_case() {
        assert!(FREE_MAIL.windows(2).all(|w| w[0] < w[1]));
        assert!(FREE_MAIL.iter().all(|d| d.to_ascii_lowercase() == *d));
    }

    proptest::proptest! {
        #[test]
        fn cmp_short_is_str_cmp(a in "[a-c_0-9]{0,6}", b in "[a-c_0-9]{0,6}") {
            proptest::prop_assert_eq!(cmp_short(&a, &b), a.cmp(&b));
            proptest::prop_assert_eq!(eq_short(&a, &b), a == b);
        }
    }

    #[test]
    fn domains() {
        assert_eq!(email_domain("a@b@Example.com. "), "Example.com");
        assert!(is_free_mail_domain("x@YAHOO.com"));
        assert!(!is_free_mail_domain("x@yahoo.com.evil.io"));
        let list = vec!["acme.io".to_owned()];
        assert!(is_domain_in("acme.io", &list));
        assert!(is_domain_in("x@sales.acme.io", &list));
        assert!(!is_domain_in("x@xacme.io", &list));
        assert!(!is_domain_in("x@io", &list));
    }
}
