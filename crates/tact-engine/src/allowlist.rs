//! The practice's own details, normalised for matching: an entity that is one of them never
//! counts against a post.

use crate::entity::{Entity, EntityType};
use crate::profile::Practice;

/// Titles and suffixes dropped when comparing names.
const NAME_NOISE: &[&str] = &[
    "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "md", "do", "np", "pa", "rn", "dds",
    "dmd", "phd", "fnp", "aprn", "lpn", "dc", "pt", "dpt", "od", "jr", "sr", "ii", "iii", "c",
];

/// Role words people put before a staff member's first name ("front desk lady jenna", "nurse
/// karen"), also dropped when comparing names.
const ROLE_WORDS: &[&str] = &[
    "nurse",
    "lady",
    "guy",
    "gal",
    "girl",
    "receptionist",
    "hygienist",
    "tech",
    "assistant",
];

fn is_name_noise(token: &str) -> bool {
    NAME_NOISE.contains(&token) || ROLE_WORDS.contains(&token)
}

/// The lower-cased tokens of a person's name, without titles and degrees ("Dr. Marcus
/// Bell, MD" gives "marcus", "bell").
pub fn name_tokens(name: &str) -> Vec<String> {
    normalize_phrase(name)
        .split_whitespace()
        .filter(|t| !is_name_noise(t))
        .map(str::to_string)
        .collect()
}

/// Lower-cases and reduces every run of non-alphanumerics to one space, with a space at each
/// end so that substring tests respect word boundaries.
pub fn normalize_phrase(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A normalised phrase (`normalize_phrase`) with the usual street words in their USPS short
/// form ("oak street suite 210" → "oak st ste 210"), so either spelling matches the other.
fn abbreviate_street_words(normalized: &str) -> String {
    const SHORT: &[(&str, &str)] = &[
        ("apartment", "apt"),
        ("avenue", "ave"),
        ("boulevard", "blvd"),
        ("building", "bldg"),
        ("circle", "cir"),
        ("court", "ct"),
        ("drive", "dr"),
        ("east", "e"),
        ("floor", "fl"),
        ("highway", "hwy"),
        ("lane", "ln"),
        ("north", "n"),
        ("parkway", "pkwy"),
        ("place", "pl"),
        ("road", "rd"),
        ("south", "s"),
        ("square", "sq"),
        ("street", "st"),
        ("suite", "ste"),
        ("terrace", "ter"),
        ("west", "w"),
    ];
    let mut out = String::with_capacity(normalized.len());
    out.push(' ');
    for word in normalized.split_whitespace() {
        let word = SHORT
            .binary_search_by(|(long, _)| long.cmp(&word))
            .map_or(word, |i| SHORT[i].1);
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// The digits of a phone number without a leading US country code.
pub fn phone_digits(s: &str) -> String {
    let d: String = s.chars().filter(char::is_ascii_digit).collect();
    if d.len() == 11 && d.starts_with('1') {
        d[1..].to_string()
    } else {
        d
    }
}

fn host_of(url: &str) -> String {
    let s = url.trim().to_lowercase();
    let s = s.split("://").nth(1).unwrap_or(&s).to_string();
    let host = s
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_string();
    host.strip_prefix("www.").unwrap_or(&host).to_string()
}

/// The practice's details in matchable form.
#[derive(Clone, Debug, Default)]
pub struct Allowlist {
    phones: Vec<String>,
    emails: Vec<String>,
    email_domains: Vec<String>,
    hosts: Vec<String>,
    handles: Vec<String>,
    /// Normalised addresses and practice names: LOCATION or PERSON text inside one is allowed.
    places: Vec<String>,
    /// The same with street words abbreviated (`abbreviate_street_words`), so "1200 Oak St"
    /// is found in "1200 Oak Street".
    places_abbreviated: Vec<String>,
    /// Each staff member's name tokens, without titles.
    staff: Vec<Vec<String>>,
}

impl Allowlist {
    pub fn new(p: &Practice) -> Self {
        let mut a = Allowlist::default();
        for n in p.phones.iter().chain(&p.fax) {
            let d = phone_digits(n);
            if d.len() >= 7 {
                a.phones.push(d);
            }
        }
        for e in &p.emails {
            let e = e.trim().to_lowercase();
            if let Some((_, domain)) = e.split_once('@') {
                a.email_domains.push(domain.to_string());
            }
            a.emails.push(e);
        }
        for w in p.website.iter().chain(&p.websites) {
            let h = host_of(w);
            if !h.is_empty() {
                a.email_domains.push(h.clone());
                a.hosts.push(h);
            }
        }
        for h in &p.handles {
            a.handles
                .push(h.trim().trim_start_matches('@').to_lowercase());
        }
        for place in p
            .addresses
            .iter()
            .chain(std::iter::once(&p.name))
            .chain(&p.aliases)
        {
            let n = normalize_phrase(place);
            if n.trim().len() >= 2 {
                a.places_abbreviated.push(abbreviate_street_words(&n));
                a.places.push(n);
            }
        }
        for s in p.staff.iter().chain(&p.office_manager) {
            let tokens = name_tokens(s);
            if !tokens.is_empty() {
                a.staff.push(tokens);
            }
        }
        a
    }

    /// True when the entity is one of the practice's own details.
    pub fn allows(&self, e: &Entity, text: &str) -> bool {
        let s = &text[e.start..e.end];
        match e.entity_type {
            EntityType::Phone | EntityType::Fax => {
                let d = phone_digits(s);
                self.phones.contains(&d)
            }
            EntityType::Email => {
                let s = s.to_lowercase();
                self.emails.contains(&s)
                    || s.split_once('@')
                        .is_some_and(|(_, d)| self.email_domains.iter().any(|x| x == d))
            }
            EntityType::Url => {
                let h = host_of(s);
                self.hosts
                    .iter()
                    .any(|x| h == *x || h.ends_with(&format!(".{x}")))
            }
            EntityType::OtherId if s.starts_with('@') => {
                let h = s.trim_start_matches('@').to_lowercase();
                self.handles.contains(&h)
            }
            EntityType::Location => {
                let n = normalize_phrase(s);
                if n.trim().len() < 2 {
                    return false;
                }
                let short = abbreviate_street_words(&n);
                self.places.iter().any(|p| p.contains(&n))
                    || self.places_abbreviated.iter().any(|p| p.contains(&short))
            }
            EntityType::Person => {
                // "my husband tom": a relative or friend of the writer, not the staff
                // member who shares the name.
                if e.explanation.pattern == "relation+name"
                    && e.explanation.context.is_some_and(|(cs, ce)| {
                        text.get(cs..ce)
                            .and_then(|c| c.split_whitespace().next())
                            .is_some_and(|c| {
                                crate::text::in_sorted(
                                    crate::recognizers::person::FAMILY,
                                    &c.to_ascii_lowercase(),
                                )
                            })
                    })
                {
                    return false;
                }
                self.is_staff_name(s) || {
                    let n = normalize_phrase(s);
                    !n.split_whitespace().all(is_name_noise)
                        && self.places.iter().any(|p| p.contains(&n))
                }
            }
            _ => false,
        }
    }

    /// True when `name` is (part of) a staff member's name: each of its tokens, titles
    /// aside, is one of theirs.
    pub fn is_staff_name(&self, name: &str) -> bool {
        let tokens = name_tokens(name);
        !tokens.is_empty()
            && self
                .staff
                .iter()
                .any(|staff| tokens.iter().all(|t| staff.iter().any(|x| x == t)))
    }

    /// True when the text (any part of a post) names the practice itself.
    pub fn is_practice_phrase(&self, s: &str) -> bool {
        let n = normalize_phrase(s);
        n.trim().len() >= 2 && self.places.iter().any(|p| p.contains(&n))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn street_words_are_abbreviated() {
        assert_eq!(
            super::abbreviate_street_words(" 1200 oak street suite 210 "),
            " 1200 oak st ste 210 "
        );
        assert_eq!(super::abbreviate_street_words(" oak st "), " oak st ");
    }
}
