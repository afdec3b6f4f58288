//! Web addresses and social profile links.
//!
//! Three shapes: URLs with a scheme (`https://…`, `ftp://…`), `www.` addresses, and bare
//! domains (`myblog.net`, `google.co.il`, `gofundme.com/f/…`). The host must end in a real
//! top-level domain from the IANA root zone (the list below), or be an IP literal after a
//! scheme; `www.microsoft` and `http://microsoft` have none and are not URLs. Trailing
//! punctuation, closing brackets without an opening one inside, and surrounding quotes are
//! not part of the span.
//!
//! Bare domains need more care, since a missing space after a period ("it.Best") or a file
//! name ("photos.zip", "main.rs") looks the same: a capitalised, uncommon top-level label
//! after a dot is a sentence break; file-extension TLDs need a path; an English-word
//! country code ("it", "me", "so") or a newer generic TLD after a common English word
//! ("done.so", "it.best") is not taken. Domains inside an e-mail address (before or after the
//! `@`) or a social handle belong to those recognizers.
//!
//! Links to a person's social profile or fundraiser (facebook.com/<name>, instagram.com/
//! <name>, x.com/<name>, tiktok.com/@<name>, linkedin.com/in/<name>, youtube.com/@<name>,
//! gofundme.com/f/<slug>, …) are reported with the `profile-link` pattern and a high score.

use super::email::inside_obfuscated_email;
use super::group::{Facts, Member};
use super::{char_at, char_before, is_wordish};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::Scan;
use regex::Regex;
use std::cmp::Ordering;
use std::net::{Ipv4Addr, Ipv6Addr};

const ID: &str = "url";

/// Top-level domains that are everyday on the web: bare domains ending in one need no more
/// evidence.
const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "int", "io", "co", "ai", "app", "dev", "info", "biz",
    "uk", "ca", "au", "de", "fr", "nl", "es", "ie", "nz", "ly", "gg", "tv", "fm", "xyz", "online",
    "site", "store", "shop", "blog", "health", "care", "clinic", "dental", "page",
];

/// Country codes that are also English words: after a common word ("done.so") they are a
/// missing space, not a domain.
const WORD_CCTLDS: &[&str] = &[
    "am", "as", "at", "be", "by", "do", "id", "in", "is", "it", "me", "my", "no", "so", "to", "us",
];

/// Top-level domains that are also file extensions: a bare "name.ext" needs a path.
const FILE_EXT_TLDS: &[&str] = &[
    "zip", "mov", "py", "sh", "rs", "md", "pl", "ps", "cc", "so", "cat", "bz", "tf", "mobi",
];

/// Facebook paths that are site pages, not people.
const FACEBOOK_PAGES: &[&str] = &[
    "sharer",
    "sharer.php",
    "share",
    "share.php",
    "login",
    "login.php",
    "help",
    "pages",
    "groups",
    "events",
    "watch",
    "marketplace",
    "hashtag",
    "photo",
    "photo.php",
    "photos",
    "story.php",
    "permalink.php",
    "policies",
    "privacy",
    "settings",
    "business",
    "gaming",
    "reel",
    "dialog",
    "plugins",
    "home.php",
    "l.php",
    "search",
    "messages",
    "notifications",
    "friends",
    "bookmarks",
    "legal",
    "about",
    "ads",
    "fundraisers",
    "terms",
    "signup",
    "recover",
    "watchparty",
    "tr",
];

/// Instagram, X / Twitter, Pinterest and GitHub paths that are site pages, not people.
const SITE_PAGES: &[&str] = &[
    "p",
    "reel",
    "reels",
    "explore",
    "accounts",
    "about",
    "legal",
    "direct",
    "tv",
    "home",
    "search",
    "i",
    "intent",
    "share",
    "hashtag",
    "settings",
    "login",
    "messages",
    "notifications",
    "tos",
    "privacy",
    "pin",
    "ideas",
    "today",
    "features",
    "pricing",
    "orgs",
    "topics",
    "marketplace",
    "sponsors",
    "help",
    "terms",
    "developers",
    "signup",
    "web",
];

/// Finds URLs and profile links.
pub struct UrlRecognizer {
    scheme: Regex,
    bare: Regex,
    /// The host part of `bare` on its own, anchored: it reads the host of a match without
    /// the cost of a capture search.
    host: Regex,
}

impl Default for UrlRecognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// True when a stretch may hold a bare address that is kept: a dot followed by a top-level
/// domain, that is by a run of letters from the list or an IDN label ("xn--"). A kept
/// address's host ends in such a label (perhaps before a capitalised word glued on after
/// another dot), so a stretch without one is passed over without running the regex.
fn may_hold_domain(s: &[u8]) -> bool {
    s.iter().enumerate().any(|(p, &b)| {
        b == b'.' && {
            let rest = &s[p + 1..];
            let letters = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
            (letters >= 2 && std::str::from_utf8(&rest[..letters]).is_ok_and(is_tld))
                || rest
                    .get(..4)
                    .is_some_and(|x| x.eq_ignore_ascii_case(b"xn--"))
        }
    })
}

/// True for the bytes no address contains: ASCII white space and the quotes and angle
/// brackets that a path may not hold either.
fn ends_address(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'<' | b'>' | b'"' | b'`'
    )
}

/// A host name: labels of letters, digits and inner hyphens, each followed by a dot, then a
/// top-level label.
const HOST: &str =
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+(?:xn--[A-Za-z0-9\-]+|[A-Za-z]{2,})";

/// Compares a TLD from the list (lower case) with a label in any case.
fn cmp_tld(listed: &str, label: &str) -> Ordering {
    listed
        .bytes()
        .cmp(label.bytes().map(|b| b.to_ascii_lowercase()))
}

/// True when `label` (any case) is a top-level domain of the IANA root zone.
pub(crate) fn is_tld(label: &str) -> bool {
    !label.is_empty() && label.len() <= 63 && TLDS.binary_search_by(|t| cmp_tld(t, label)).is_ok()
}

fn in_list(list: &[&str], s: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(s))
}

/// The end of a URL candidate once trailing punctuation and unbalanced closing brackets are
/// dropped.
fn trim_url_end(s: &str) -> usize {
    let mut end = s.len();
    loop {
        let Some(c) = s[..end].chars().next_back() else {
            return end;
        };
        let drop = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '*' | '…' | '>' | '\u{2019}'
            | '\u{201D}' => true,
            ')' => s[..end].matches('(').count() < s[..end].matches(')').count(),
            ']' => s[..end].matches('[').count() < s[..end].matches(']').count(),
            '}' => s[..end].matches('{').count() < s[..end].matches('}').count(),
            _ => false,
        };
        if !drop {
            return end;
        }
        end -= c.len_utf8();
    }
}

/// True for a host name of at least two LDH labels ending in a real TLD, not `www.<tld>`.
fn domain_ok(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if !labels.iter().all(label_ok) {
        return false;
    }
    let tld = labels[labels.len() - 1];
    if !is_tld(tld) {
        return false;
    }
    !(labels.len() == 2 && labels[0].eq_ignore_ascii_case("www"))
}

/// A profile or fundraiser link: the host (lower case, without `www.`/`m.`) and the path.
fn is_profile_link(host: &str, path: &str) -> bool {
    let host = host
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("mobile.")
        .trim_start_matches("web.");
    let rest = path.strip_prefix('/').unwrap_or("");
    let mut segs = rest.split(['/', '?', '#']);
    let first = segs.next().unwrap_or("");
    let second = segs.next().unwrap_or("");
    let user = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    let at_user = |s: &str| s.strip_prefix('@').is_some_and(user);
    match host {
        "facebook.com" | "fb.com" => {
            (first.eq_ignore_ascii_case("profile.php") && rest.contains("id="))
                || (first == "people" && user(second))
                || (user(first) && !in_list(FACEBOOK_PAGES, first))
        }
        "instagram.com" | "twitter.com" | "x.com" | "pinterest.com" | "github.com"
        | "patreon.com" | "linktr.ee" | "t.me" | "venmo.com" | "paypal.me" | "onlyfans.com"
        | "tumblr.com" | "soundcloud.com" | "twitch.tv" | "flickr.com" | "vimeo.com"
        | "cash.app" => {
            (first == "stories" && user(second))
                || (first == "u" && user(second))
                || ((user(first) || first.starts_with('$') && user(&first[1..]))
                    && !in_list(SITE_PAGES, first))
        }
        "tiktok.com" | "threads.net" | "threads.com" | "medium.com" | "youtube.com" => {
            at_user(first)
                || (host == "youtube.com"
                    && matches!(first, "c" | "user" | "channel")
                    && user(second))
        }
        "linkedin.com" => matches!(first, "in" | "pub") && user(second),
        "gofundme.com" => first == "f" && user(second),
        "reddit.com" => matches!(first, "u" | "user") && user(second),
        "snapchat.com" => first == "add" && user(second),
        "wa.me" => !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

impl UrlRecognizer {
    pub fn new() -> Self {
        let tail = r#"[^\s<>"`\u{201C}\u{201D}\u{2018}\u{2019}\u{AB}\u{BB}]"#;
        UrlRecognizer {
            scheme: Regex::new(&format!(r"(?i:https?|ftps?|sftp|wss?)://{tail}+"))
                .expect("valid regex"),
            bare: Regex::new(&format!(
                r"(?P<host>{HOST})(?P<port>:[0-9]{{1,5}})?(?P<path>[/?#]{tail}*)?"
            ))
            .expect("valid regex"),
            host: Regex::new(&format!("^{HOST}")).expect("valid regex"),
        }
    }

    fn push(
        out: &mut Vec<Entity>,
        start: usize,
        end: usize,
        score: f32,
        profile: bool,
        pattern: &'static str,
        validation: &'static str,
    ) {
        let (score, pattern) = if profile {
            (0.95, "profile-link")
        } else {
            (score, pattern)
        };
        out.push(Entity::new(
            EntityType::Url,
            start,
            end,
            score,
            ID,
            Explanation::pattern(pattern).validated(validation),
        ));
    }

    fn find_with_scheme(&self, text: &str, out: &mut Vec<Entity>, spans: &mut Vec<(usize, usize)>) {
        for m in self.scheme.find_iter(text) {
            let start = m.start();
            if char_before(text, start).is_some_and(is_wordish) {
                continue;
            }
            let end = start + trim_url_end(m.as_str());
            let url = &text[start..end];
            let Some(after_scheme) = url.find("://").map(|i| i + 3) else {
                continue;
            };
            let rest = &url[after_scheme..];
            let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let authority = &rest[..authority_len];
            let path = &rest[authority_len..];
            let host_port = authority.rsplit('@').next().unwrap_or("");
            let (host, validation) = if let Some(inner) = host_port.strip_prefix('[') {
                let Some(close) = inner.find(']') else {
                    continue;
                };
                if inner[..close].parse::<Ipv6Addr>().is_err() {
                    continue;
                }
                (&host_port[..close + 2], "IPv6 host")
            } else {
                let host = match host_port.rfind(':') {
                    Some(i) if host_port[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
                        &host_port[..i]
                    }
                    _ => host_port,
                };
                if host.parse::<Ipv4Addr>().is_ok() {
                    (host, "IPv4 host")
                } else if domain_ok(host) {
                    (host, "known top-level domain")
                } else {
                    continue;
                }
            };
            let host_lower = host.to_ascii_lowercase();
            let profile = is_profile_link(&host_lower, path);
            spans.push((start, end));
            Self::push(out, start, end, 0.9, profile, "url-scheme", validation);
        }
    }

    fn find_bare(&self, facts: &Facts, out: &mut Vec<Entity>, spans: &[(usize, usize)]) {
        // A bare address has a dot between a letter or digit and the ASCII letter that starts
        // its top-level label: a dot between two words. No address holds white space, so the
        // regex runs only on the stretch around such a dot.
        let scan = facts.scan;
        let bytes = scan.text.as_bytes();
        let mut searched_to = 0;
        for k in facts.dot_letter.iter() {
            let (a, n) = (scan.words[k], scan.words[k + 1]);
            if a.end < searched_to {
                continue;
            }
            let mut from = a.end;
            while from > 0 && !ends_address(bytes[from - 1]) {
                from -= 1;
            }
            let mut to = n.start;
            while to < bytes.len() && !ends_address(bytes[to]) {
                to += 1;
            }
            searched_to = to;
            if may_hold_domain(&bytes[from..to]) {
                self.find_bare_in(scan, from, to, out, spans);
            }
        }
    }

    /// Bare addresses in `from..to`, a stretch that no address reaches out of.
    fn find_bare_in(
        &self,
        scan: &Scan,
        from: usize,
        to: usize,
        out: &mut Vec<Entity>,
        spans: &[(usize, usize)],
    ) {
        let text = scan.text;
        let mut at = from;
        while let Some(m) = self.bare.find_at(&text[..to], at) {
            // The groups of the match. Port and path are optional and come after the host,
            // so the match's host is the host pattern's own match at the same start; then a
            // port of up to five digits, if any, and the path is what is left.
            let start = m.start();
            let Some(host_m) = self.host.find(&text[start..m.end()]) else {
                break;
            };
            let host_end = start + host_m.end();
            let port_digits = match text.as_bytes().get(host_end..m.end()) {
                Some([b':', rest @ ..]) => rest
                    .iter()
                    .take(5)
                    .take_while(|b| b.is_ascii_digit())
                    .count(),
                _ => 0,
            };
            let port_end = if port_digits > 0 {
                host_end + 1 + port_digits
            } else {
                host_end
            };
            let port = (port_end > host_end).then_some(port_end);
            let path_group = port_end < m.end();
            at = m.end().max(start + 1);
            if spans.iter().any(|&(s, e)| s < m.end() && start < e) {
                continue;
            }
            if char_before(text, start).is_some_and(|ch| {
                is_wordish(ch)
                    || matches!(
                        ch,
                        '@' | '.' | '-' | '/' | '\\' | '#' | '$' | '%' | '&' | '=' | '+' | '~'
                    )
            }) {
                continue;
            }
            let mut host_end = host_end;
            let mut has_path = path_group;
            let mut end = start + trim_url_end(m.as_str());
            // "example.com.Thanks": a capitalised word glued after the domain.
            let mut host = &text[start..host_end];
            if !domain_ok(host) {
                let Some(dot) = host.rfind('.') else { continue };
                let next = &host[dot + 1..];
                if !next.starts_with(|ch: char| ch.is_ascii_uppercase()) || path_group {
                    continue;
                }
                host_end = start + dot;
                host = &text[start..host_end];
                end = host_end;
                has_path = false;
                if !domain_ok(host) {
                    continue;
                }
            } else if host_end == end
                && char_at(text, end)
                    .is_some_and(|ch| is_wordish(ch) || matches!(ch, '@' | '-' | '_'))
            {
                continue;
            }
            if end < host_end {
                end = host_end;
            }
            let labels: Vec<&str> = host.split('.').collect();
            let tld = labels[labels.len() - 1];
            let sld = labels[labels.len() - 2];
            let www = labels[0].eq_ignore_ascii_case("www");
            if !www && !has_path && inside_obfuscated_email(scan, start, host_end) {
                continue;
            }
            let host_lower = host.to_ascii_lowercase();
            let path = &text[port.unwrap_or(host_end).min(end)..end];
            let profile = is_profile_link(&host_lower, path);
            if www {
                Self::push(
                    out,
                    start,
                    end,
                    0.9,
                    profile,
                    "url-www",
                    "known top-level domain",
                );
                continue;
            }
            if profile {
                Self::push(
                    out,
                    start,
                    end,
                    0.95,
                    true,
                    "profile-link",
                    "known top-level domain",
                );
                continue;
            }
            let capitalised = tld.starts_with(|ch: char| ch.is_ascii_uppercase())
                && tld[1..].bytes().all(|b| b.is_ascii_lowercase());
            let sld_upper = sld.bytes().all(|b| !b.is_ascii_lowercase());
            if capitalised && !sld_upper && !in_list(COMMON_TLDS, tld) {
                continue; // "it.Best": a missing space after a period
            }
            if in_list(FILE_EXT_TLDS, tld) && !has_path {
                continue; // "photos.zip"
            }
            let sld_common = labels.len() == 2
                && !has_path
                && lexicon::word_info(&sld.to_ascii_lowercase()).is_common_word();
            let score = if in_list(WORD_CCTLDS, tld) {
                if sld_common {
                    continue; // "done.so", "clinic.it"
                }
                0.75
            } else if in_list(COMMON_TLDS, tld) {
                0.8
            } else if tld.len() == 2 {
                0.75
            } else {
                if sld_common {
                    continue; // "it.best", "visit.love"
                }
                0.6
            };
            Self::push(
                out,
                start,
                end,
                score,
                false,
                "bare-domain",
                "known top-level domain",
            );
        }
    }
}

impl Recognizer for UrlRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        self.recognize_with(&Facts::new(scan), out);
    }
}

impl Member for UrlRecognizer {
    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        let text = scan.text;
        if !facts.dot && !facts.scheme {
            return;
        }
        let mut spans = Vec::new();
        if facts.scheme {
            self.find_with_scheme(text, out, &mut spans);
        }
        if facts.dot {
            self.find_bare(facts, out, &spans);
        }
    }
}

/// Top-level domains of the IANA root zone (generic, country-code and brand TLDs; IDN TLDs
/// in their `xn--` form), sorted.
#[rustfmt::skip]
const TLDS: &[&str] = &[
    "aaa", "aarp", "abarth", "abb", "abbott", "abbvie", "abc", "able", "abogado", "abudhabi",
    "ac", "academy", "accenture", "accountant", "accountants", "aco", "actor", "ad", "ads",
    "adult", "ae", "aeg", "aero", "aetna", "af", "afl", "africa", "ag", "agakhan", "agency", "ai",
    "aig", "airbus", "airforce", "airtel", "akdn", "al", "alfaromeo", "alibaba", "alipay",
    "allfinanz", "allstate", "ally", "alsace", "alstom", "am", "amazon", "americanexpress",
    "americanfamily", "amex", "amfam", "amica", "amsterdam", "analytics", "android", "anquan",
    "anz", "ao", "aol", "apartments", "app", "apple", "aq", "aquarelle", "ar", "arab", "aramco",
    "archi", "army", "arpa", "art", "arte", "as", "asda", "asia", "associates", "at", "athleta",
    "attorney", "au", "auction", "audi", "audible", "audio", "auspost", "author", "auto", "autos",
    "avianca", "aw", "aws", "ax", "axa", "az", "azure", "ba", "baby", "baidu", "banamex",
    "bananarepublic", "band", "bank", "bar", "barcelona", "barclaycard", "barclays", "barefoot",
    "bargains", "baseball", "basketball", "bauhaus", "bayern", "bb", "bbc", "bbt", "bbva", "bcg",
    "bcn", "bd", "be", "beats", "beauty", "beer", "bentley", "berlin", "best", "bestbuy", "bet",
    "bf", "bg", "bh", "bharti", "bi", "bible", "bid", "bike", "bing", "bingo", "bio", "biz", "bj",
    "black", "blackfriday", "blockbuster", "blog", "bloomberg", "blue", "bm", "bms", "bmw", "bn",
    "bnpparibas", "bo", "boats", "boehringer", "bofa", "bom", "bond", "boo", "book", "booking",
    "bosch", "bostik", "boston", "bot", "boutique", "box", "br", "bradesco", "bridgestone",
    "broadway", "broker", "brother", "brussels", "bs", "bt", "build", "builders", "business",
    "buy", "buzz", "bv", "bw", "by", "bz", "bzh", "ca", "cab", "cafe", "cal", "call",
    "calvinklein", "cam", "camera", "camp", "canon", "capetown", "capital", "capitalone", "car",
    "caravan", "cards", "care", "career", "careers", "cars", "casa", "case", "cash", "casino",
    "cat", "catering", "catholic", "cba", "cbn", "cbre", "cbs", "cc", "cd", "center", "ceo",
    "cern", "cf", "cfa", "cfd", "cg", "ch", "chanel", "channel", "charity", "chase", "chat",
    "cheap", "chintai", "christmas", "chrome", "church", "ci", "cipriani", "circle", "cisco",
    "citadel", "citi", "citic", "city", "cityeats", "ck", "cl", "claims", "cleaning", "click",
    "clinic", "clinique", "clothing", "cloud", "club", "clubmed", "cm", "cn", "co", "coach",
    "codes", "coffee", "college", "cologne", "com", "comcast", "commbank", "community", "company",
    "compare", "computer", "comsec", "condos", "construction", "consulting", "contact",
    "contractors", "cooking", "cookingchannel", "cool", "coop", "corsica", "country", "coupon",
    "coupons", "courses", "cpa", "cr", "credit", "creditcard", "creditunion", "cricket", "crown",
    "crs", "cruise", "cruises", "cu", "cuisinella", "cv", "cw", "cx", "cy", "cymru", "cyou", "cz",
    "dabur", "dad", "dance", "data", "date", "dating", "datsun", "day", "dclk", "dds", "de",
    "deal", "dealer", "deals", "degree", "delivery", "dell", "deloitte", "delta", "democrat",
    "dental", "dentist", "desi", "design", "dev", "dhl", "diamonds", "diet", "digital", "direct",
    "directory", "discount", "discover", "dish", "diy", "dj", "dk", "dm", "dnp", "do", "docs",
    "doctor", "dog", "domains", "dot", "download", "drive", "dtv", "dubai", "dunlop", "dupont",
    "durban", "dvag", "dvr", "dz", "earth", "eat", "ec", "eco", "edeka", "edu", "education", "ee",
    "eg", "email", "emerck", "energy", "engineer", "engineering", "enterprises", "epson",
    "equipment", "er", "ericsson", "erni", "es", "esq", "estate", "et", "etisalat", "eu",
    "eurovision", "eus", "events", "exchange", "expert", "exposed", "express", "extraspace",
    "fage", "fail", "fairwinds", "faith", "family", "fan", "fans", "farm", "farmers", "fashion",
    "fast", "fedex", "feedback", "ferrari", "ferrero", "fi", "fiat", "fidelity", "fido", "film",
    "final", "finance", "financial", "fire", "firestone", "firmdale", "fish", "fishing", "fit",
    "fitness", "fj", "fk", "flickr", "flights", "flir", "florist", "flowers", "fly", "fm", "fo",
    "foo", "food", "foodnetwork", "football", "ford", "forex", "forsale", "forum", "foundation",
    "fox", "fr", "free", "fresenius", "frl", "frogans", "frontdoor", "frontier", "ftr", "fujitsu",
    "fun", "fund", "furniture", "futbol", "fyi", "ga", "gal", "gallery", "gallo", "gallup",
    "game", "games", "gap", "garden", "gay", "gb", "gbiz", "gd", "gdn", "ge", "gea", "gent",
    "genting", "george", "gf", "gg", "ggee", "gh", "gi", "gift", "gifts", "gives", "giving", "gl",
    "glass", "gle", "global", "globo", "gm", "gmail", "gmbh", "gmo", "gmx", "gn", "godaddy",
    "gold", "goldpoint", "golf", "goo", "goodyear", "goog", "google", "gop", "got", "gov", "gp",
    "gq", "gr", "grainger", "graphics", "gratis", "green", "gripe", "grocery", "group", "gs",
    "gt", "gu", "guardian", "gucci", "guge", "guide", "guitars", "guru", "gw", "gy", "hair",
    "hamburg", "hangout", "haus", "hbo", "hdfc", "hdfcbank", "health", "healthcare", "help",
    "helsinki", "here", "hermes", "hgtv", "hiphop", "hisamitsu", "hitachi", "hiv", "hk", "hkt",
    "hm", "hn", "hockey", "holdings", "holiday", "homedepot", "homegoods", "homes", "homesense",
    "honda", "horse", "hospital", "host", "hosting", "hot", "hoteles", "hotels", "hotmail",
    "house", "how", "hr", "hsbc", "ht", "hu", "hughes", "hyatt", "hyundai", "ibm", "icbc", "ice",
    "icu", "id", "ie", "ieee", "ifm", "ikano", "il", "im", "imamat", "imdb", "immo", "immobilien",
    "in", "inc", "industries", "infiniti", "info", "ing", "ink", "institute", "insurance",
    "insure", "int", "international", "intuit", "investments", "io", "ipiranga", "iq", "ir",
    "irish", "is", "ismaili", "ist", "istanbul", "it", "itau", "itv", "jaguar", "java", "jcb",
    "je", "jeep", "jetzt", "jewelry", "jio", "jll", "jm", "jmp", "jnj", "jo", "jobs", "joburg",
    "jot", "joy", "jp", "jpmorgan", "jprs", "juegos", "juniper", "kaufen", "kddi", "ke",
    "kerryhotels", "kerrylogistics", "kerryproperties", "kfh", "kg", "kh", "ki", "kia", "kids",
    "kim", "kinder", "kindle", "kitchen", "kiwi", "km", "kn", "koeln", "komatsu", "kosher", "kp",
    "kpmg", "kpn", "kr", "krd", "kred", "kuokgroup", "kw", "ky", "kyoto", "kz", "la", "lacaixa",
    "lamborghini", "lamer", "lancaster", "lancia", "land", "landrover", "lanxess", "lasalle",
    "lat", "latino", "latrobe", "law", "lawyer", "lb", "lc", "lds", "lease", "leclerc", "lefrak",
    "legal", "lego", "lexus", "lgbt", "li", "lidl", "life", "lifeinsurance", "lifestyle",
    "lighting", "like", "lilly", "limited", "limo", "lincoln", "linde", "link", "lipsy", "live",
    "living", "lk", "llc", "llp", "loan", "loans", "locker", "locus", "lol", "london", "lotte",
    "lotto", "love", "lpl", "lplfinancial", "lr", "ls", "lt", "ltd", "ltda", "lu", "lundbeck",
    "luxe", "luxury", "lv", "ly", "ma", "macys", "madrid", "maif", "maison", "makeup", "man",
    "management", "mango", "map", "market", "marketing", "markets", "marriott", "marshalls",
    "maserati", "mattel", "mba", "mc", "mckinsey", "md", "me", "med", "media", "meet",
    "melbourne", "meme", "memorial", "men", "menu", "merckmsd", "mg", "mh", "miami", "microsoft",
    "mil", "mini", "mint", "mit", "mitsubishi", "mk", "ml", "mlb", "mls", "mm", "mma", "mn", "mo",
    "mobi", "mobile", "moda", "moe", "moi", "mom", "monash", "money", "monster", "mormon",
    "mortgage", "moscow", "moto", "motorcycles", "mov", "movie", "mp", "mq", "mr", "ms", "msd",
    "mt", "mtn", "mtr", "mu", "museum", "music", "mutual", "mv", "mw", "mx", "my", "mz", "na",
    "nab", "nagoya", "name", "natura", "navy", "nba", "nc", "ne", "nec", "net", "netbank",
    "netflix", "network", "neustar", "new", "news", "next", "nextdirect", "nexus", "nf", "nfl",
    "ng", "ngo", "nhk", "ni", "nico", "nike", "nikon", "ninja", "nissan", "nissay", "nl", "no",
    "nokia", "northwesternmutual", "norton", "now", "nowruz", "nowtv", "np", "nr", "nra", "nrw",
    "ntt", "nu", "nyc", "nz", "obi", "observer", "office", "okinawa", "olayan", "olayangroup",
    "oldnavy", "ollo", "om", "omega", "one", "ong", "onion", "onl", "online", "ooo", "open",
    "oracle", "orange", "org", "organic", "origins", "osaka", "otsuka", "ott", "ovh", "pa",
    "page", "panasonic", "paris", "pars", "partners", "parts", "party", "passagens", "pay",
    "pccw", "pe", "pet", "pf", "pfizer", "pg", "ph", "pharmacy", "phd", "philips", "phone",
    "photo", "photography", "photos", "physio", "pics", "pictet", "pictures", "pid", "pin",
    "ping", "pink", "pioneer", "pizza", "pk", "pl", "place", "play", "playstation", "plumbing",
    "plus", "pm", "pn", "pnc", "pohl", "poker", "politie", "porn", "post", "pr", "pramerica",
    "praxi", "press", "prime", "pro", "prod", "productions", "prof", "progressive", "promo",
    "properties", "property", "protection", "pru", "prudential", "ps", "pt", "pub", "pw", "pwc",
    "py", "qa", "qpon", "quebec", "quest", "racing", "radio", "re", "read", "realestate",
    "realtor", "realty", "recipes", "red", "redstone", "redumbrella", "rehab", "reise", "reisen",
    "reit", "reliance", "ren", "rent", "rentals", "repair", "report", "republican", "rest",
    "restaurant", "review", "reviews", "rexroth", "rich", "richardli", "ricoh", "ril", "rio",
    "rip", "ro", "rocher", "rocks", "rodeo", "rogers", "room", "rs", "rsvp", "ru", "rugby",
    "ruhr", "run", "rw", "rwe", "ryukyu", "sa", "saarland", "safe", "safety", "sakura", "sale",
    "salon", "samsclub", "samsung", "sandvik", "sandvikcoromant", "sanofi", "sap", "sarl", "sas",
    "save", "saxo", "sb", "sbi", "sbs", "sc", "sca", "scb", "schaeffler", "schmidt",
    "scholarships", "school", "schule", "schwarz", "science", "scot", "sd", "se", "search",
    "seat", "secure", "security", "seek", "select", "sener", "services", "seven", "sew", "sex",
    "sexy", "sfr", "sg", "sh", "shangrila", "sharp", "shaw", "shell", "shia", "shiksha", "shoes",
    "shop", "shopping", "shouji", "show", "showtime", "si", "silk", "sina", "singles", "site",
    "sj", "sk", "ski", "skin", "sky", "skype", "sl", "sling", "sm", "smart", "smile", "sn",
    "sncf", "so", "soccer", "social", "softbank", "software", "sohu", "solar", "solutions",
    "song", "sony", "soy", "spa", "space", "sport", "spot", "sr", "srl", "ss", "st", "stada",
    "staples", "star", "statebank", "statefarm", "stc", "stcgroup", "stockholm", "storage",
    "store", "stream", "studio", "study", "style", "su", "sucks", "supplies", "supply", "support",
    "surf", "surgery", "suzuki", "sv", "swatch", "swiss", "sx", "sy", "sydney", "systems", "sz",
    "tab", "taipei", "talk", "taobao", "target", "tatamotors", "tatar", "tattoo", "tax", "taxi",
    "tc", "tci", "td", "tdk", "team", "tech", "technology", "tel", "temasek", "tennis", "teva",
    "tf", "tg", "th", "thd", "theater", "theatre", "tiaa", "tickets", "tienda", "tiffany", "tips",
    "tires", "tirol", "tj", "tjmaxx", "tjx", "tk", "tkmaxx", "tl", "tm", "tmall", "tn", "to",
    "today", "tokyo", "tools", "top", "toray", "toshiba", "total", "tours", "town", "toyota",
    "toys", "tr", "trade", "trading", "training", "travel", "travelchannel", "travelers",
    "travelersinsurance", "trust", "trv", "tt", "tube", "tui", "tunes", "tushu", "tv", "tvs",
    "tw", "tz", "ua", "ubank", "ubs", "ug", "uk", "unicom", "university", "uno", "uol", "ups",
    "us", "uy", "uz", "va", "vacations", "vana", "vanguard", "vc", "ve", "vegas", "ventures",
    "verisign", "versicherung", "vet", "vg", "vi", "viajes", "video", "vig", "viking", "villas",
    "vin", "vip", "virgin", "visa", "vision", "viva", "vivo", "vlaanderen", "vn", "vodka",
    "volkswagen", "volvo", "vote", "voting", "voto", "voyage", "vu", "vuelos", "wales", "walmart",
    "walter", "wang", "wanggou", "watch", "watches", "weather", "weatherchannel", "webcam",
    "weber", "website", "wedding", "weibo", "weir", "wf", "whoswho", "wien", "wiki",
    "williamhill", "win", "windows", "wine", "winners", "wme", "wolterskluwer", "woodside",
    "work", "works", "world", "wow", "ws", "wtc", "wtf", "xbox", "xerox", "xfinity", "xihuan",
    "xin", "xn--11b4c3d", "xn--1ck2e1b", "xn--1qqw23a", "xn--2scrj9c", "xn--30rr7y",
    "xn--3bst00m", "xn--3ds443g", "xn--3e0b707e", "xn--3hcrj9c", "xn--3pxu8k", "xn--42c2d9a",
    "xn--45br5cyl", "xn--45brj9c", "xn--45q11c", "xn--4dbrk0ce", "xn--4gbrim", "xn--54b7fta0cc",
    "xn--55qw42g", "xn--55qx5d", "xn--5su34j936bgsg", "xn--5tzm5g", "xn--6frz82g",
    "xn--6qq986b3xl", "xn--80adxhks", "xn--80ao21a", "xn--80aqecdr1a", "xn--80asehdb",
    "xn--80aswg", "xn--8y0a063a", "xn--90a3ac", "xn--90ae", "xn--90ais", "xn--9dbq2a",
    "xn--9et52u", "xn--9krt00a", "xn--b4w605ferd", "xn--bck1b9a5dre4c", "xn--c1avg", "xn--c2br7g",
    "xn--cck2b3b", "xn--cckwcxetd", "xn--cg4bki", "xn--clchc0ea0b2g2a9gcd", "xn--czr694b",
    "xn--czrs0t", "xn--czru2d", "xn--d1acj3b", "xn--d1alf", "xn--e1a4c", "xn--eckvdtc9d",
    "xn--efvy88h", "xn--fct429k", "xn--fhbei", "xn--fiq228c5hs", "xn--fiq64b", "xn--fiqs8s",
    "xn--fiqz9s", "xn--fjq720a", "xn--flw351e", "xn--fpcrj9c3d", "xn--fzc2c9e2c",
    "xn--fzys8d69uvgm", "xn--g2xx48c", "xn--gckr3f0f", "xn--gecrj9c", "xn--gk3at1e",
    "xn--h2breg3eve", "xn--h2brj9c", "xn--h2brj9c8c", "xn--hxt814e", "xn--i1b6b1a6a2e",
    "xn--imr513n", "xn--io0a7i", "xn--j1aef", "xn--j1amh", "xn--j6w193g", "xn--jlq480n2rg",
    "xn--jvr189m", "xn--kcrx77d1x4a", "xn--kprw13d", "xn--kpry57d", "xn--kput3i", "xn--l1acc",
    "xn--lgbbat1ad8j", "xn--mgb2ddes", "xn--mgb9awbf", "xn--mgba3a3ejt", "xn--mgba3a4f16a",
    "xn--mgba3a4fra", "xn--mgba7c0bbn0a", "xn--mgbaakc7dvf", "xn--mgbaam7a8h", "xn--mgbab2bd",
    "xn--mgbah1a3hjkrd", "xn--mgbai9a5eva00b", "xn--mgbai9azgqp6j", "xn--mgbayh7gpa",
    "xn--mgbbh1a", "xn--mgbbh1a71e", "xn--mgbc0a9azcg", "xn--mgbca7dzdo", "xn--mgbcpq6gpa1a",
    "xn--mgberp4a5d4a87g", "xn--mgberp4a5d4ar", "xn--mgbgu82a", "xn--mgbi4ecexp", "xn--mgbpl2fh",
    "xn--mgbqly7c0a67fbc", "xn--mgbqly7cvafr", "xn--mgbt3dhd", "xn--mgbtf8fl", "xn--mgbtx2b",
    "xn--mgbx4cd0ab", "xn--mix082f", "xn--mix891f", "xn--mk1bu44c", "xn--mxtq1m", "xn--ngbc5azd",
    "xn--ngbe9e0a", "xn--ngbrx", "xn--nnx388a", "xn--node", "xn--nqv7f", "xn--nqv7fs00ema",
    "xn--nyqy26a", "xn--o3cw4h", "xn--ogbpf8fl", "xn--otu796d", "xn--p1acf", "xn--p1ai",
    "xn--pgbs0dh", "xn--pssy2u", "xn--q7ce6a", "xn--q9jyb4c", "xn--qcka1pmc", "xn--qxa6a",
    "xn--qxam", "xn--rhqv96g", "xn--rovu88b", "xn--rvc1e0am3e", "xn--s9brj9c", "xn--ses554g",
    "xn--t60b56a", "xn--tckwe", "xn--tiq49xqyj", "xn--unup4y", "xn--vermgensberater-ctb",
    "xn--vermgensberatung-pwb", "xn--vhquv", "xn--vuq861b", "xn--w4r85el8fhu5dnra", "xn--w4rs40l",
    "xn--wgbh1c", "xn--wgbl6a", "xn--xhq521b", "xn--xkc2al3hye2a", "xn--xkc2dl3a5ee0h",
    "xn--y9a3aq", "xn--yfro4i67o", "xn--ygbi2ammx", "xn--zfr164b", "xxx", "xyz", "yachts",
    "yahoo", "yamaxun", "yandex", "ye", "yodobashi", "yoga", "yokohama", "you", "youtube", "yt",
    "yun", "za", "zappos", "zara", "zero", "zip", "zm", "zone", "zuerich", "zw",
];

#[cfg(test)]
mod tests {
    use super::super::test_util::{analyzed, flagged, found, run};
    use super::*;

    fn urls(text: &str) -> Vec<&str> {
        found(&UrlRecognizer::new(), text, EntityType::Url)
    }

    fn flagged_urls(text: &str) -> Vec<&str> {
        flagged(&UrlRecognizer::new(), text, EntityType::Url)
    }

    #[test]
    fn tld_list_is_sorted_and_usable() {
        assert!(TLDS.windows(2).all(|w| w[0] < w[1]));
        for t in [
            "com",
            "COM",
            "site",
            "webcam",
            "vlaanderen",
            "il",
            "xn--p1ai",
        ] {
            assert!(is_tld(t), "{t}");
        }
        for t in ["pdf", "jpg", "thanks", "", "c"] {
            assert!(!is_tld(t), "{t}");
        }
    }

    #[test]
    fn urls_with_scheme() {
        for text in [
            "https://www.microsoft.com/",
            "http://www.microsoft.com",
            "http://microsoft.com",
            "http://microsoft.site",
            "http://microsoft.webcam",
            "http://microsoft.vlaanderen",
            "https://webhook.site/a8eedfd6-9d8a-44e0-b0fc-cc7d517db5dc?q=1&b=2",
            "https://www.microsoft.com/store/abc/",
            "http://192.168.1.20:8080/admin",
            "Visit http://[2001:db8::1]/path",
        ] {
            let want = &text[text.find("http").unwrap()..];
            assert_eq!(flagged_urls(text), vec![want], "{text}");
        }
        assert_eq!(
            urls("\"https://presidio.dataprivacystack.org/\""),
            vec!["https://presidio.dataprivacystack.org/"]
        );
        assert_eq!(
            urls("(see https://en.wikipedia.org/wiki/Foo_(bar))."),
            vec!["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            urls("Link: https://example.org/a?b=c, thanks!"),
            vec!["https://example.org/a?b=c"]
        );
    }

    #[test]
    fn bare_and_www() {
        assert_eq!(urls("microsoft.com"), vec!["microsoft.com"]);
        assert_eq!(
            urls("my domains: microsoft.com google.co.il"),
            vec!["microsoft.com", "google.co.il"]
        );
        assert_eq!(flagged_urls("read myblog.net."), vec!["myblog.net"]);
        assert_eq!(
            flagged_urls("Visit www.example.com/about."),
            vec!["www.example.com/about"]
        );
        assert_eq!(
            flagged_urls("it's on example.com.Thanks!"),
            vec!["example.com"]
        );
        assert_eq!(flagged_urls("try Bit.ly/xyz"), vec!["Bit.ly/xyz"]);
    }

    #[test]
    fn profile_links() {
        let r = UrlRecognizer::new();
        for (text, want) in [
            ("facebook.com/jane.doe.77", "facebook.com/jane.doe.77"),
            ("IG instagram.com/jenny_runs!", "instagram.com/jenny_runs"),
            ("https://x.com/jenny_r", "https://x.com/jenny_r"),
            ("tiktok.com/@jenny.runs", "tiktok.com/@jenny.runs"),
            (
                "https://www.linkedin.com/in/jane-doe-123/",
                "https://www.linkedin.com/in/jane-doe-123/",
            ),
            ("youtube.com/@JennyRuns", "youtube.com/@JennyRuns"),
            (
                "please share gofundme.com/f/help-jane-beat-cancer",
                "gofundme.com/f/help-jane-beat-cancer",
            ),
            (
                "https://m.facebook.com/profile.php?id=100012345",
                "https://m.facebook.com/profile.php?id=100012345",
            ),
        ] {
            let got = run(&r, text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(&text[got[0].start..got[0].end], want);
            assert!(got[0].explanation.pattern.contains("profile"), "{text}");
            assert!(got[0].score >= 0.9);
        }
        // Site pages are URLs but not profiles.
        let got = run(&r, "https://www.facebook.com/sharer/sharer.php?u=x");
        assert_eq!(got.len(), 1);
        assert!(!got[0].explanation.pattern.contains("profile"));
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "www.microsoft",
            "http://microsoft",
            "'www.microsoft'",
            "see report.pdf and IMG_2231.jpg",
            "photos.zip",
            "run main.rs",
            "update to v2.4.1",
            "e.g. a.m. St. Dr. i.e.",
            "it costs 3.50 dollars",
            "jenny.r@gmail.com",
            "mary.jo@clinic.com",
            "I loved it.Best doctor ever",
            "we were done.so happy",
            "great clinic.it was fun",
            "@jane.doe",
            "http://localhost:8080",
            "U.S.A. and Ph.D.",
            "",
        ] {
            assert!(urls(text).is_empty(), "{text}: {:?}", urls(text));
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "http://",
            "https://[",
            "https://[::1",
            "a.b",
            "ü.com",
            "x.ü",
            "http://é.com/é",
            "www.é",
        ] {
            run(&UrlRecognizer::new(), text);
        }
    }

    #[test]
    fn through_the_analyzer() {
        let got = analyzed("Donate at gofundme.com/f/help-jane or email jane@gmail.com");
        assert!(got.contains(&(EntityType::Url, "gofundme.com/f/help-jane".to_string())));
        assert!(got.contains(&(EntityType::Email, "jane@gmail.com".to_string())));
        assert_eq!(got.iter().filter(|(t, _)| *t == EntityType::Url).count(), 1);
    }
}
