//! Evaluating conditions on attribute values: the shared matcher of fit rules and
//! qualification exclusions, and the e-mail domain helpers.

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
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .rposition(|&b| b == b'@')
        .map_or(0, |at| at + 1);
    let domain = text.get(start..).unwrap_or(text);
    // Fast path: nothing to trim (no edge whitespace, no trailing dot).
    match (domain.as_bytes().first(), domain.as_bytes().last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() && *l != b'.' => domain,
        _ => domain.trim().trim_end_matches('.'),
    }
}

/// The first eight bytes of `bytes` as a big-endian word (`None` when shorter): comparing
/// two such words compares the eight bytes lexicographically.
#[inline]
fn word(bytes: &[u8]) -> Option<u64> {
    let head: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(head))
}

/// Compares two strings like `str::cmp`, inline, eight bytes at a time: attribute names and
/// categories are short, and a call to `memcmp` per comparison costs more than the loop.
#[inline]
pub(crate) fn cmp_short(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    while let (Some(x), Some(y)) = (word(a), word(b)) {
        if x != y {
            return x.cmp(&y);
        }
        a = a.get(8..).unwrap_or_default();
        b = b.get(8..).unwrap_or_default();
    }
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Whether two short strings are equal: lengths first, then eight bytes at a time, inline.
#[inline]
pub(crate) fn eq_short(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    while let (Some(x), Some(y)) = (word(a), word(b)) {
        if x != y {
            return false;
        }
        a = a.get(8..).unwrap_or_default();
        b = b.get(8..).unwrap_or_default();
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// Whether `haystack` contains `needle`: a plain scan for the short texts of attributes
/// (job titles), `str::contains` for long ones.
#[inline]
pub(crate) fn contains_short(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    if h.len() > 64 {
        return haystack.contains(needle);
    }
    let Some(last_start) = h.len().checked_sub(n.len()) else {
        return false;
    };
    (0..=last_start).any(|i| {
        h.get(i) == Some(&first)
            && h.get(i + 1..i + n.len())
                .is_some_and(|tail| tail.iter().zip(rest).all(|(x, y)| x == y))
    })
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
        .iter()
        .any(|d| d.len() == domain.len() && d.eq_ignore_ascii_case(domain))
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
                AttributeValue::Text(text) => contains_short(text, needle),
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

        #[test]
        fn cmp_short_is_str_cmp_on_long_strings(
            a in "[ab\\x00é]{0,20}", b in "[ab\\x00é]{0,20}", prefix in "[a-z]{0,17}"
        ) {
            let (a, b) = (format!("{prefix}{a}"), format!("{prefix}{b}"));
            proptest::prop_assert_eq!(cmp_short(&a, &b), a.cmp(&b));
            proptest::prop_assert_eq!(eq_short(&a, &b), a == b);
        }

        #[test]
        fn contains_short_is_str_contains(h in "[abé ]{0,80}", n in "[abé ]{0,4}") {
            proptest::prop_assert_eq!(contains_short(&h, &n), h.contains(n.as_str()));
        }

        #[test]
        fn email_domain_is_the_trimmed_tail(text in "[a@. \\t\u{a0}é]{0,12}") {
            let reference = text
                .rsplit_once('@')
                .map_or(text.as_str(), |(_, d)| d)
                .trim()
                .trim_end_matches('.');
            proptest::prop_assert_eq!(email_domain(&text), reference);
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
