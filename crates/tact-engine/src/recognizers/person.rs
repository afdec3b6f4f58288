//! Names of people. Every word gets a prior from the name lists (Census given names and
//! surnames, common English words, words that are never names); runs of name words become
//! candidates, and the context around them — titles ("Mrs."), relations ("my husband"),
//! greetings ("Thanks"), possessives, the verbs that follow, capitalisation — sets the score.
//! Text in ALL CAPS or all lower case carries no capitalisation signal, so there the lists and
//! the context decide alone; in mixed-case text a lower-case given name still counts after a
//! family word ("my husband tom") or before an O'-surname ("siobhan o'rourke"). Accented names
//! are looked up with their accents folded ("Józef Wiśniewski"). Well-known people
//! (`data/lexicons/public_figures.txt`: "Taylor Swift", "Mr. Rogers") and names followed by a
//! business word ("Fox News", "Hunter Douglas blinds") are not patients.

use super::Recognizer;
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon::{self, PhraseKind, WordInfo};
use crate::text::{shape, Scan, Word};

/// Titles that introduce a name.
const TITLES: &[&str] = &[
    "doctor",
    "dr",
    "miss",
    "mr",
    "mrs",
    "ms",
    "mx",
    "nurse",
    "prof",
    "professor",
];

/// Words for people that introduce a name ("my husband Tom", "patient Ana").
const RELATIONS: &[&str] = &[
    "aide",
    "assistant",
    "aunt",
    "auntie",
    "baby",
    "bestie",
    "boy",
    "boyfriend",
    "bro",
    "brother",
    "caregiver",
    "chiropractor",
    "client",
    "coach",
    "counsellor",
    "counselor",
    "cousin",
    "coworker",
    "dad",
    "daddy",
    "daughter",
    "dietitian",
    "doula",
    "dtr",
    "father",
    "fiance",
    "fiancee",
    "friend",
    "girl",
    "girlfriend",
    "goddaughter",
    "godson",
    "grandchild",
    "granddaughter",
    "grandfather",
    "grandma",
    "grandmother",
    "grandpa",
    "grandson",
    "hubby",
    "husband",
    "hygienist",
    "kid",
    "kiddo",
    "little",
    "mama",
    "manager",
    "midwife",
    "mom",
    "mommy",
    "mother",
    "nanny",
    "neighbor",
    "neighbour",
    "nephew",
    "niece",
    "nutritionist",
    "optician",
    "paramedic",
    "partner",
    "patient",
    "pharmacist",
    "phlebotomist",
    "pt",
    "receptionist",
    "resident",
    "roommate",
    "scribe",
    "sis",
    "sister",
    "sitter",
    "son",
    "spouse",
    "stepdad",
    "stepdaughter",
    "stepmom",
    "stepson",
    "teacher",
    "tech",
    "therapist",
    "toddler",
    "twin",
    "uncle",
    "wife",
];

/// Words before a name in direct address and introductions.
const INTRODUCERS: &[&str] = &[
    "ask",
    "bye",
    "call",
    "called",
    "congrats",
    "congratulate",
    "congratulations",
    "dear",
    "email",
    "goodbye",
    "hello",
    "hey",
    "hi",
    "hug",
    "im",
    "love",
    "meet",
    "message",
    "name's",
    "named",
    "tell",
    "text",
    "thank",
    "thanks",
    "thx",
    "ty",
    "welcome",
    "xoxo",
];

/// Lower-case words after a name that show a person acted or was acted on.
const PERSON_VERBS: &[&str] = &[
    "admitted",
    "and",
    "arrived",
    "asked",
    "brought",
    "called",
    "came",
    "comes",
    "complained",
    "cried",
    "did",
    "died",
    "does",
    "felt",
    "gets",
    "got",
    "had",
    "has",
    "is",
    "left",
    "looked",
    "loves",
    "missed",
    "needed",
    "needs",
    "passed",
    "presented",
    "reported",
    "said",
    "says",
    "seemed",
    "showed",
    "started",
    "stated",
    "states",
    "still",
    "told",
    "took",
    "turned",
    "turns",
    "wants",
    "was",
    "went",
    "who",
];

/// Nouns after "the NAME" that make NAME a family name ("the Okoro twins").
const FAMILY_NOUNS: &[&str] = &[
    "baby",
    "boy",
    "boys",
    "brothers",
    "clan",
    "crew",
    "family",
    "girl",
    "girls",
    "household",
    "kid",
    "kids",
    "sisters",
    "triplets",
    "twins",
];

/// Capitalised words in or after a name that make it part of a place, an organisation or an
/// event ("Mercy General", "Hope Baptist Church", "Lawrence Ave", "Lincoln Marathon").
const NOT_PERSON_NEXT: &[&str] = &[
    "academy",
    "agency",
    "airport",
    "alliance",
    "ambulance",
    "arena",
    "assisted",
    "associates",
    "association",
    "authority",
    "ave",
    "avenue",
    "bank",
    "baptist",
    "behavioral",
    "bend",
    "blvd",
    "board",
    "boulevard",
    "bridge",
    "building",
    "bureau",
    "cafe",
    "camp",
    "care",
    "carnival",
    "cathedral",
    "catholic",
    "center",
    "centre",
    "chapel",
    "chiropractic",
    "church",
    "city",
    "civic",
    "class",
    "clinic",
    "clinics",
    "club",
    "co",
    "coalition",
    "college",
    "committee",
    "commons",
    "community",
    "company",
    "convalescent",
    "corp",
    "council",
    "county",
    "court",
    "creek",
    "ct",
    "day",
    "dental",
    "dentistry",
    "department",
    "dept",
    "disease",
    "district",
    "dr",
    "drive",
    "elementary",
    "ems",
    "estates",
    "eve",
    "expo",
    "fair",
    "falls",
    "fest",
    "festival",
    "field",
    "fire",
    "foundation",
    "fund",
    "gala",
    "gardens",
    "general",
    "group",
    "hall",
    "health",
    "healthcare",
    "heights",
    "high",
    "highway",
    "home",
    "homes",
    "hospice",
    "hospital",
    "hospitals",
    "hwy",
    "imaging",
    "inc",
    "institute",
    "island",
    "jamboree",
    "laboratory",
    "labs",
    "lake",
    "land",
    "lane",
    "league",
    "library",
    "living",
    "llc",
    "ln",
    "lutheran",
    "mall",
    "manor",
    "marathon",
    "market",
    "medical",
    "memorial",
    "methodist",
    "middle",
    "mountain",
    "museum",
    "network",
    "nursing",
    "office",
    "orthopedics",
    "palsy",
    "parade",
    "park",
    "parkway",
    "partners",
    "pediatrics",
    "pharmacy",
    "physicians",
    "pkwy",
    "pl",
    "place",
    "plaza",
    "pointe",
    "police",
    "presbyterian",
    "program",
    "project",
    "public",
    "rd",
    "regional",
    "rehab",
    "rehabilitation",
    "rescue",
    "residence",
    "residences",
    "retirement",
    "ridge",
    "river",
    "road",
    "school",
    "senior",
    "services",
    "sign",
    "society",
    "springs",
    "square",
    "st",
    "stadium",
    "station",
    "street",
    "suites",
    "surgery",
    "surgical",
    "syndrome",
    "team",
    "temple",
    "terrace",
    "theater",
    "theatre",
    "therapy",
    "tower",
    "township",
    "trail",
    "union",
    "university",
    "urgent",
    "valley",
    "village",
    "way",
    "wellness",
    "ymca",
];

/// Capitalised words right after a name that make it a business or a brand ("Fox News",
/// "Hunter Douglas Blinds", "Rivera Law"). Unlike [`NOT_PERSON_NEXT`], they do not count
/// inside the name: "Jude Law" stays a name.
const ORG_NEXT: &[&str] = &[
    "airlines",
    // "Bethel AME": an African Methodist Episcopal church.
    "ame",
    "auto",
    "autos",
    "bakery",
    "blinds",
    "boutique",
    "brands",
    "brewery",
    "brewing",
    "capital",
    "cinema",
    "cinemas",
    "cleaners",
    "communications",
    "construction",
    "corporation",
    "dealership",
    "diner",
    "electric",
    "enterprises",
    "entertainment",
    "financial",
    "foods",
    "furniture",
    "grill",
    "hardware",
    "holdings",
    "hotel",
    "incorporated",
    "industries",
    "insurance",
    "jewelers",
    "law",
    "llp",
    "logistics",
    "ltd",
    "media",
    "mortgage",
    "motors",
    "news",
    "outlet",
    "pizza",
    "pllc",
    "plumbing",
    "productions",
    "properties",
    "realty",
    "records",
    "restaurant",
    "roofing",
    "salon",
    "shop",
    "showroom",
    "store",
    "stores",
    "studio",
    "studios",
    "supply",
    "tavern",
];

/// Business words that make the name before them a business even in lower case ("the
/// Hunter Douglas blinds shop").
const ORG_NEXT_ANY_CASE: &[&str] = &[
    "blinds",
    "boutique",
    "dealership",
    "realty",
    "shop",
    "showroom",
    "store",
];

/// Family and friends: a name after one of them is the writer's relative or friend, not
/// the practice's staff member of that name ("my husband tom"); in mixed-case text a
/// lower-case given name after one still counts.
pub(crate) const FAMILY: &[&str] = &[
    "aunt",
    "auntie",
    "bestie",
    "boyfriend",
    "bro",
    "brother",
    "cousin",
    "dad",
    "daddy",
    "daughter",
    "father",
    "fiance",
    "fiancee",
    "friend",
    "girlfriend",
    "goddaughter",
    "godson",
    "granddaughter",
    "grandfather",
    "grandma",
    "grandmother",
    "grandpa",
    "grandson",
    "hubby",
    "husband",
    "mama",
    "mom",
    "mommy",
    "mother",
    "nephew",
    "niece",
    "partner",
    "roommate",
    "sis",
    "sister",
    "son",
    "spouse",
    "stepdad",
    "stepdaughter",
    "stepmom",
    "stepson",
    "twin",
    "uncle",
    "wife",
];

/// Words before a capitalised word that make it part of a place ("St. Luke's", "Lake Forest").
const NOT_PERSON_PREV: &[&str] = &[
    "fort", "lake", "mount", "mt", "port", "saint", "san", "santa", "st",
];

/// Prepositions before a place.
const LOCATIVES: &[&str] = &[
    "at", "from", "in", "into", "near", "outside", "to", "toward", "towards",
];

/// True when word `k` is a title. In mixed-case text a title in capitals ("MS got worse",
/// "DR visit") is an abbreviation, unless a period follows it ("DR. LEE").
fn is_title(scan: &Scan, casing: Casing, k: usize) -> bool {
    let w = scan.words[k];
    // Every title is 2 to 9 letters and starts with d, m, n or p: most words stop here.
    let len = w.end - w.start;
    if !(2..=9).contains(&len)
        || !matches!(scan.lower.as_bytes()[w.start], b'd' | b'm' | b'n' | b'p')
    {
        return false;
    }
    is_in(TITLES, scan.word_lower(k))
        && (casing != Casing::Mixed
            || !w.has(shape::UPPER)
            || scan.text.as_bytes().get(w.end) == Some(&b'.'))
        && !missing_not_title(scan, k)
}

/// "miss seeing mr. henderson", "miss you guys": "miss" in lower case before a verb form or
/// a pronoun is the verb, not the title.
fn missing_not_title(scan: &Scan, k: usize) -> bool {
    // "We miss Mrs. Abernathy": a title after it.
    if scan.word_lower(k) == "miss"
        && k + 1 < scan.words.len()
        && matches!(scan.word_lower(k + 1), "mr" | "mrs" | "ms" | "dr" | "miss")
    {
        return true;
    }
    if scan.word_lower(k) != "miss"
        || scan.text.as_bytes()[scan.words[k].start].is_ascii_uppercase()
    {
        return false;
    }
    k + 1 < scan.words.len() && {
        let next = scan.word_lower(k + 1);
        next.ends_with("ing")
            || matches!(
                next,
                "you"
                    | "u"
                    | "her"
                    | "him"
                    | "them"
                    | "it"
                    | "the"
                    | "my"
                    | "our"
                    | "your"
                    | "out"
                    | "that"
                    | "this"
                    | "having"
                    | "being"
            )
    }
}

/// "E. MARCHETTI" in capitals, "h. okonkwo" in lower case: an initial with its period,
/// then a word that may be a surname.
fn initial_then_name(scan: &Scan, priors: &[Prior], i: usize) -> bool {
    let words = &scan.words;
    priors[i].initial
        && i + 1 < words.len()
        && &scan.text[words[i].end..words[i + 1].start] == ". "
        && !priors[i + 1].initial
        && priors[i + 1].p >= 0.25
}

/// Membership in one of the sorted word lists above.
fn is_in(list: &[&str], w: &str) -> bool {
    crate::text::in_sorted(list, w)
}

/// True for a given name that may stand in lower case where the context says it is a name:
/// a Census given name that is not an everyday word (Tom, Siobhan), or a rarer given name
/// that is not an English word at all (Aisling).
fn lower_case_given_name(lower: &str) -> bool {
    let info = lexicon::word_info(lower);
    if lower.len() < 3 || info.is_ambiguous_name() || info.is_never_name() {
        return false;
    }
    let level = info.english_level();
    (info.is_first_name() && level.is_none_or(|l| l > 35))
        || (info.is_rare_first_name() && !info.is_not_name() && level.is_none_or(|l| l > 60))
}

/// Verbs after which a relation's name that is also a word is their subject (sorted).
const SUBJECT_VERBS: &[&str] = &[
    "asked", "ate", "broke", "called", "came", "can't", "cant", "cried", "didn't", "didnt",
    "doesn't", "doesnt", "fell", "gets", "got", "had", "has", "hated", "hates", "is", "isn't",
    "keeps", "liked", "likes", "loved", "loves", "needed", "needs", "said", "says", "slept",
    "started", "threw", "told", "took", "wanted", "wants", "was", "wasn't", "went", "woke",
];

/// Modal verbs that are also names ("will", "may"): a name before a verb is never one.
fn is_modal(lower: &str) -> bool {
    matches!(
        lower,
        "will" | "may" | "can" | "must" | "might" | "should" | "would"
    )
}

/// "my husband rich needs his refill": a lower-case word that is also a name ("rich",
/// "frank", "grace"), right after a relation word and right before a verb whose subject it
/// is, or before "and me". Modal words ("my son will need") never are.
fn relation_subject_name(scan: &Scan, k: usize) -> bool {
    let words = &scan.words;
    let lower = scan.word_base_lower(k);
    k >= 1
        && k + 1 < words.len()
        && lower.len() >= 3
        && !words[k].has(shape::CAP)
        && !is_modal(lower)
        && lexicon::word_info(lower).is_ambiguous_name()
        && &scan.text[words[k - 1].end..words[k].start] == " "
        && &scan.text[words[k].end..words[k + 1].start] == " "
        && is_in(FAMILY, scan.word_lower(k - 1))
        && !words[k - 1].is_possessive()
        && (is_in(SUBJECT_VERBS, scan.word_lower(k + 1))
            // "my wife crystal and me can't thank them enough"
            || (scan.word_lower(k + 1) == "and"
                && k + 2 < words.len()
                && matches!(scan.word_lower(k + 2), "me" | "i")))
}

/// "summer had her first asthma attack", "Grace got his shots": a word that is also a name,
/// the subject of a verb whose object is "her" or "his" — a person, not a season or a virtue.
fn pronoun_subject_name(scan: &Scan, k: usize) -> bool {
    let words = &scan.words;
    // The object first: the cheapest test and the rarest.
    k + 2 < words.len()
        && matches!(scan.word_lower(k + 2), "her" | "his")
        // "my bill had her social on it": after a determiner, a thing.
        && !(k > 0
            && matches!(
                scan.word_lower(k - 1),
                "my" | "your" | "our" | "their" | "his" | "her" | "the" | "a" | "an" | "this"
                    | "that" | "every" | "each" | "no"
            ))
        && &scan.text[words[k].end..words[k + 1].start] == " "
        && &scan.text[words[k + 1].end..words[k + 2].start] == " "
        && is_in(SUBJECT_VERBS, scan.word_lower(k + 1))
        && lexicon::word_info(scan.word_base_lower(k)).is_ambiguous_name()
        && !is_modal(scan.word_base_lower(k))
}

/// "will grace be at the flu clinic?", "will Reed need a booster?": a given name between a
/// question's auxiliary and its verb is its subject.
fn question_subject_name(scan: &Scan, k: usize) -> bool {
    let words = &scan.words;
    k >= 1
        && k + 1 < words.len()
        && matches!(
            scan.word_lower(k + 1),
            "be" | "need" | "have" | "get" | "still" | "ever" | "want" | "come" | "like"
        )
        && matches!(
            scan.word_lower(k - 1),
            "will" | "does" | "did" | "can" | "could" | "should" | "would" | "has"
        )
        && &scan.text[words[k - 1].end..words[k].start] == " "
        && lexicon::word_info(scan.word_base_lower(k)).is_first_name()
}

/// True for an Irish O'-surname in lower case ("o'rourke"), not "o'clock".
fn is_o_surname(lower: &str) -> bool {
    let rest = lower
        .strip_prefix("o'")
        .or_else(|| lower.strip_prefix("o\u{2019}"));
    rest.is_some_and(|r| r.len() >= 3 && r.bytes().all(|b| b.is_ascii_lowercase()))
        && lexicon::word_info(lower).english_level().is_none()
        && lexicon::word_info(rest.unwrap_or_default())
            .english_level()
            .is_none_or(|l| l > 50)
}

/// How much a word looks like part of a name, from the lists alone.
#[derive(Clone, Copy, Debug)]
struct Prior {
    /// Chance the word is a name.
    p: f32,
    /// A Census given name.
    first: bool,
    /// A Census surname.
    surname: bool,
    /// A single capital letter ("J" in "J. Smith").
    initial: bool,
}

fn prior(info: WordInfo, lower: &str) -> Prior {
    let first = info.is_first_name();
    let freq = info.first_name_frequency();
    let common_first = first && freq >= 20;
    let surname = info.is_surname();
    let rank = info.surname_rank();
    let level = info.english_level();
    let initial = false;
    // "o'clock", "jack o'lantern": an O' before an everyday word.
    let o_word = lower
        .strip_prefix("o'")
        .is_some_and(|rest| lexicon::word_info(rest).is_common_word());
    if info.is_never_name() || lower.len() < 2 || o_word {
        return Prior {
            p: 0.0,
            first,
            surname,
            initial,
        };
    }
    if info.is_ambiguous_name() {
        return Prior {
            p: 0.15,
            first,
            surname,
            initial,
        };
    }
    let very_common_word = level.is_some_and(|l| l <= 20);
    let common_word = level.is_some_and(|l| l <= 35);
    // SCOWL's larger lists (70 and up) hold many names and rare words: not evidence of an
    // everyday word.
    let english = level.is_some_and(|l| l <= 60);
    let p = if common_first && !very_common_word {
        if freq >= 100 {
            0.8
        } else {
            0.72
        }
    } else if first && !common_word && !info.is_not_name() {
        0.6
    } else if info.is_rare_first_name() && !english && !info.is_not_name() {
        // Given names outside the Census list (Ngozi, Arjun, Olena).
        0.56
    } else if surname && rank > 0 && rank < 0xF_FFFF && !common_word {
        if rank <= 5000 {
            0.62
        } else {
            0.5
        }
    } else if surname && rank <= 3000 && !very_common_word {
        // Common surnames that are also words: Miller, Baker, Taylor.
        0.45
    } else if (info.is_rare_first_name() || surname) && !english && !info.is_not_name() {
        0.42
    } else if !english && !info.is_not_name() && !info.is_any_name() {
        // Not a word at all: a rare name, a brand, a typo.
        0.28
    } else if first || surname {
        0.12
    } else {
        0.02
    };
    Prior {
        p,
        first,
        surname,
        initial,
    }
}

/// Finds people's names.
pub struct PersonRecognizer;

/// How the text is cased.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Casing {
    Mixed,
    Caps,
    Lower,
}

impl PersonRecognizer {
    /// True when the word can be part of a name given the text's casing.
    fn name_shaped(scan: &Scan, casing: Casing, w: &Word) -> bool {
        if !w.has(shape::ALPHA) {
            return false;
        }
        let cased = match casing {
            Casing::Mixed => w.has(shape::CAP),
            Casing::Caps | Casing::Lower => true,
        };
        cased
            && !(w.has(shape::APOSTROPHE) && is_contraction(&scan.text[w.start..w.end]))
            && !is_embedded(scan.text, w.start, w.end)
    }
}

/// True when the gap between two words of one name is a plain separator; a period only after
/// an initial ("J. Smith").
fn joins_name(gap: &str, after_initial: bool) -> bool {
    matches!(gap, " " | "-") || (after_initial && matches!(gap, ". " | "."))
}

/// True for contractions ("I'm", "we're"): apostrophes in names follow a one-letter prefix
/// ("O'Brien", "D'Angelo") or make a possessive.
fn is_contraction(word: &str) -> bool {
    let Some(pos) = word.find(['\'', '\u{2019}']) else {
        return false;
    };
    let tail = &word[pos..];
    let is_possessive =
        tail.len() <= 4 && tail.to_ascii_lowercase().ends_with('s') && tail.chars().count() == 2;
    !((pos == 1 && tail.chars().count() >= 4) || is_possessive)
}

/// True when the word is glued to an address, handle or link ("jane" in "jane@x.com",
/// "doe" in "facebook.com/jane.doe").
fn is_embedded(text: &str, start: usize, end: usize) -> bool {
    // Most words stand between spaces: only the characters tested below can glue a word.
    let bytes = text.as_bytes();
    let glue_before = start > 0
        && matches!(
            bytes[start - 1],
            b'@' | b'/' | b'_' | b'#' | b'\\' | b'=' | b':' | b'.'
        );
    let glue_after = bytes
        .get(end)
        .is_some_and(|b| matches!(b, b'@' | b'/' | b'_' | b'=' | b'.'));
    if !glue_before && !glue_after {
        return false;
    }
    let mut before = text[..start].chars().rev();
    let b1 = before.next();
    let b2 = before.next();
    let b3 = before.next();
    let mut after = text[end..].chars();
    let a1 = after.next();
    let a2 = after.next();
    let long_word = text[start..end].chars().count() >= 2;
    // "x.doe" but not "J.R": a period glued to a longer word before it.
    let dotted_before = b1 == Some('.')
        && b2.is_some_and(char::is_alphanumeric)
        && b3.is_some_and(char::is_alphanumeric);
    matches!(b1, Some('@' | '/' | '_' | '#' | '\\' | '=' | ':'))
        || dotted_before
        || matches!(a1, Some('@' | '/' | '_' | '='))
        || (long_word && a1 == Some('.') && a2.is_some_and(char::is_alphanumeric))
}

impl Recognizer for PersonRecognizer {
    fn id(&self) -> &'static str {
        "person"
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let words = &scan.words;
        if words.is_empty() {
            return;
        }
        let casing = if scan.all_caps {
            Casing::Caps
        } else if scan.all_lower {
            Casing::Lower
        } else {
            Casing::Mixed
        };
        // Spans of phrases that look like names but are not people, and health terms.
        let spans_of = |kind: PhraseKind| -> Vec<(usize, usize)> {
            scan.phrases()
                .iter()
                .filter(|(_, _, k)| *k == kind)
                .map(|&(s, e, _)| (s, e))
                .collect()
        };
        let blocked = spans_of(PhraseKind::NotPerson);
        // Well-known people ("Taylor Swift", "Mr. Rogers", "Jack and Jill"), and later
        // mentions of the words of their names ("… and Jill came in").
        let figures = spans_of(PhraseKind::PublicFigure);
        let figure_words: Vec<&str> = figures
            .iter()
            .flat_map(|&(s, e)| {
                scan.lower[s..e]
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|t| t.len() >= 3 && !matches!(*t, "and" | "the" | "mrs" | "jr"))
            })
            .collect();
        let in_blocked = |s: usize, e: usize| {
            blocked
                .iter()
                .chain(&figures)
                .any(|&(bs, be)| bs <= s && e <= be)
                || (!figure_words.is_empty()
                    && scan.lower[s..e]
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter(|t| !t.is_empty())
                        .all(|t| figure_words.contains(&t)))
        };
        let first_new = out.len();

        let titles: Vec<bool> = (0..words.len())
            .map(|k| is_title(scan, casing, k))
            .collect();
        let mut shaped: Vec<bool> = words
            .iter()
            .map(|w| Self::name_shaped(scan, casing, w))
            .collect();
        if casing == Casing::Mixed {
            mark_lower_case_names(scan, &mut shaped);
        }
        let priors: Vec<Prior> = (0..words.len())
            .map(|i| {
                let w = &words[i];
                let lower = scan.word_base_lower(i);
                if w.end - w.start == 1 && w.has(shape::CAP) && w.has(shape::ALPHA) {
                    // An initial counts only inside a name.
                    return Prior {
                        p: 0.0,
                        first: false,
                        surname: false,
                        initial: true,
                    };
                }
                // In mixed-case text only capitalised words (and a word after a title) can be
                // names: skip the look-up for the rest.
                let after_title = i > 0 && titles[i - 1];
                if !shaped[i] && !after_title {
                    return Prior {
                        p: 0.0,
                        first: false,
                        surname: false,
                        initial: false,
                    };
                }
                if lower.is_ascii() {
                    return prior(lexicon::word_info(lower), lower);
                }
                // The lists are ASCII: "Józef Wiśniewski" is looked up as "jozef wisniewski".
                match lexicon::fold_to_ascii(lower) {
                    Some(folded) => {
                        let mut p = prior(lexicon::word_info(&folded), &folded);
                        // Short accented words are mostly other languages' everyday words
                        // ("Tôi là …"): inside a name they count, alone they do not.
                        if folded.len() <= 3 {
                            p.p = p.p.min(0.3);
                        }
                        p
                    }
                    None => prior(lexicon::word_info(&lower.to_lowercase()), lower),
                }
            })
            .collect();

        let mut i = 0;
        while i < words.len() {
            // "mrs. park": after Mr, Mrs, Ms or Miss any word may be a surname.
            let after_title = i > 0
                && titles[i - 1]
                && words[i].has(shape::ALPHA)
                // "the best doctor we've had"
                && !is_contraction(scan.word(i))
                && (priors[i].p >= 0.25
                    || (matches!(scan.word_lower(i - 1), "mr" | "mrs" | "ms" | "miss")
                        && priors[i].p >= 0.02));
            // Without capitals a run starts on a name-like word, or on any given name ("bill",
            // "GRACE") that a surname-like word follows.
            let given_then_surname = priors[i].first
                && priors[i].p >= 0.1
                && i + 1 < words.len()
                && priors[i + 1].p >= 0.28
                && matches!(&scan.text[words[i].end..words[i + 1].start], " " | "-");
            let relation_subject = || {
                relation_subject_name(scan, i)
                    || pronoun_subject_name(scan, i)
                    || question_subject_name(scan, i)
            };
            if !(shaped[i] || after_title)
                || (priors[i].p < if casing == Casing::Mixed { 0.1 } else { 0.25 }
                    && !priors[i].initial
                    && !given_then_surname
                    && !after_title
                    && !relation_subject())
                || (casing != Casing::Mixed
                    && !after_title
                    && words[i].end - words[i].start < 3
                    && !initial_then_name(scan, &priors, i))
            {
                i += 1;
                continue;
            }
            // Grow a run of name words: initials and name-shaped words joined by a space,
            // hyphen or an initial's period, at most four, ending at a possessive.
            let mut j = i;
            while j + 1 < words.len()
                && j - i < 3
                && !words[j].is_possessive()
                && joins_name(
                    &scan.text[words[j].end..words[j + 1].start],
                    priors[j].initial,
                )
                && shaped[j + 1]
                && (priors[j + 1].p >= if casing == Casing::Mixed { 0.1 } else { 0.25 }
                    || priors[j + 1].initial)
                && (casing == Casing::Mixed || !words[j + 1].has(shape::SENTENCE_START))
                // "Mon–F. Send your resume": a period after a capital, then an everyday word,
                // ends a sentence, not an initial.
                && !(priors[j].initial
                    && scan.text[words[j].end..words[j + 1].start].starts_with('.')
                    && priors[j + 1].p < 0.2
                    && !priors[j + 1].initial
                    && lexicon::word_info(scan.word_base_lower(j + 1)).is_common_word())
            {
                j += 1;
            }
            // Trailing initials are not part of a name.
            while j > i && priors[j].initial {
                j -= 1;
            }
            // Leading everyday words are not either: "Tell Ava-Grace", "Dear Maria Lopez".
            // A relation word that is also a rare given name ("son", "sis") leads the name
            // in lower-case text: "my son ethan".
            while i < j
                && priors[i].p < 0.2
                && (!priors[i].first || is_in(RELATIONS, scan.word_lower(i)))
                && !priors[i].initial
            {
                i += 1;
            }
            if priors[i].initial && j == i {
                // "Mrs. G brought us cookies": a surname cut to its initial after Mr, Mrs,
                // Ms or Miss still points at one person.
                let titled = i > 0
                    && titles[i - 1]
                    && matches!(scan.word_lower(i - 1), "mr" | "mrs" | "ms" | "miss")
                    && matches!(&scan.text[words[i - 1].end..words[i].start], ". " | " ")
                    && !in_blocked(words[i].start, words[i].end);
                if titled {
                    out.push(Entity::new(
                        EntityType::Person,
                        words[i].start,
                        words[i].end,
                        0.6,
                        "person",
                        Explanation::pattern("title+initial")
                            .with_context(Some((words[i - 1].start, words[i - 1].end))),
                    ));
                }
                i += 1;
                continue;
            }
            // "PRZYBYLSKI, HENRYK": surname, comma, given name.
            let mut comma_form = false;
            if j == i
                && j + 1 < words.len()
                && &scan.text[words[j].end..words[j + 1].start] == ", "
                && shaped[j + 1]
                && (priors[j + 1].first || priors[j + 1].p >= 0.5)
                && priors[i].p >= 0.28
                && (casing == Casing::Caps || (priors[i].surname && !priors[i].first))
                && (casing == Casing::Caps
                    || !lexicon::word_info(scan.word_base_lower(i)).is_city())
                && !(j + 2 < words.len()
                    && scan.text[words[j + 1].end..words[j + 2].start].starts_with(','))
            {
                j += 1;
                comma_form = true;
            }
            let (mut score, mut pattern, ctx) =
                self.score_run(scan, casing, &priors, &titles, i, j);
            if comma_form && score > 0.0 {
                score = score.max(0.8);
                pattern = "surname,given-name";
            }
            let start = words[i].start;
            let end = words[j].base_end;
            // "rob dot delgado at …": words of a spelled-out e-mail address.
            let spelled_dot = |k: Option<usize>| k.is_some_and(|k| scan.word_lower(k) == "dot");
            let in_address = (spelled_dot(i.checked_sub(1))
                || spelled_dot((j + 1 < words.len()).then_some(j + 1))
                || (i..=j).any(|k| spelled_dot(Some(k))))
                && crate::recognizers::contact::email::in_obfuscated_email(scan, start, end);
            if score >= 0.3 && !in_blocked(start, end) && !in_address {
                out.push(Entity::new(
                    EntityType::Person,
                    start,
                    end,
                    score,
                    "person",
                    Explanation::pattern(pattern).with_context(ctx),
                ));
            }
            i = j + 1;
        }
        add_name_and_initial(scan, out, first_new);
        add_bare_initials(scan, out, first_new);
        add_greeted_names(scan, out, first_new);
        add_hyphenated_given_names(scan, out, first_new);
        if casing != Casing::Caps {
            add_lower_case_full_names(scan, out, first_new);
        }
        // "dolores de cabeza todos los días desde…": in all-lower text of another language
        // its everyday words fill the name lists; only context makes a name there.
        if casing == Casing::Lower && another_language(scan) {
            for e in &mut out[first_new..] {
                if matches!(
                    &*e.explanation.pattern,
                    "given-name" | "surname-or-name" | "name-words" | "given-name+surname"
                ) {
                    e.score *= 0.6;
                }
            }
        }
        add_names_in_native_script(scan, out, first_new);
        out[first_new..].sort_by_key(|e| e.start);
        boost_coordinated(scan, &mut out[first_new..]);
        add_repeated_names(scan, casing, out, first_new);
    }
}

/// "Tyler 12, Brooke 10, Joy 8": the capitalised name at words `first..=last` followed by an
/// age of one or two digits and a comma, in a list of at least two such names.
fn in_name_age_list(scan: &Scan, first: usize, last: usize) -> bool {
    let words = &scan.words;
    let name_then_age = |k: usize| {
        let rest = &scan.text[words[k].end..];
        let n = rest
            .strip_prefix(' ')
            .map_or(0, |r| r.chars().take_while(char::is_ascii_digit).count());
        words[k].has(shape::CAP)
            && words[k].has(shape::ALPHA)
            && (1..=2).contains(&n)
            && rest[1 + n..].starts_with([',', ')', ';', '.'])
    };
    words[first].has(shape::CAP)
        && name_then_age(last)
        && (0..words.len()).filter(|&k| name_then_age(k)).count() >= 2
}

/// "hunter b. 8:30 / summer k. 8:50", "update for Chase W.": a given name and a surname cut to
/// its initial, in any casing, even when the name is also an everyday word.
fn add_name_and_initial(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let words = &scan.words;
    for k in 0..words.len().saturating_sub(1) {
        let (w, next) = (words[k], words[k + 1]);
        let initial = &scan.text[next.start..next.end];
        if next.end - next.start != 1
            || !initial.as_bytes()[0].is_ascii_alphabetic()
            || !scan.text[next.end..].starts_with('.')
            || &scan.text[w.end..next.start] != " "
            || !w.has(shape::ALPHA)
            || w.end - w.start < 3
            || is_modal(scan.word_lower(k))
            || out[first_new..]
                .iter()
                .any(|e| e.start < next.end && w.start < e.end)
        {
            continue;
        }
        // The name ends the clause with its initial: "Chase W. - wait", "hunter b. 8:30".
        let after = scan.text[next.end + 1..].trim_start();
        let ends = after.is_empty()
            || after.starts_with(|c: char| {
                c.is_ascii_digit() || matches!(c, '-' | '/' | ',' | '(' | '–' | '—' | '|')
            })
            || (k + 2 < words.len()
                && words[k + 2].has(shape::LOWER)
                && !words[k + 2].has(shape::CAP));
        let info = lexicon::word_info(scan.word_base_lower(k));
        if !ends || !(info.is_first_name() || info.is_rare_first_name()) {
            continue;
        }
        let ctx = (next.start, next.end + 1);
        out.push(Entity::new(
            EntityType::Person,
            w.start,
            next.end + 1,
            0.7,
            "person",
            Explanation::pattern("given-name+initial").with_context(Some(ctx)),
        ));
    }
}

/// "Park Sung-ho", "Kim Min-jun", "Min-jun Kim": a given name written as two syllables joined
/// by a hyphen (a capital, then two to four lower-case letters) beside a surname. A name
/// already found around it is extended over the syllables.
fn add_hyphenated_given_names(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let text = scan.text;
    let words = &scan.words;
    let n = words.len();
    if !text.contains('-') {
        return;
    }
    let surname = |m: usize| {
        words[m].has(shape::CAP) && words[m].has(shape::ALPHA) && !words[m].has(shape::DIGIT) && {
            let lower = scan.word_base_lower(m);
            let info = lexicon::word_info(lower);
            // "Walk-ins Tue": a weekday or a month, not a surname.
            (info.is_surname() || info.is_rare_surname())
                && crate::recognizers::time_place::util::weekday_of(lower).is_none()
                && crate::recognizers::time_place::util::month_of(lower).is_none()
        }
    };
    for k in 0..n.saturating_sub(1) {
        let (a, b) = (words[k], words[k + 1]);
        let first_len = a.end - a.start;
        let second_len = b.end - b.start;
        if &text[a.end..b.start] != "-"
            || !(2..=5).contains(&first_len)
            || !(2..=4).contains(&second_len)
            || !text.as_bytes()[a.start].is_ascii_uppercase()
            || !text[a.start + 1..a.end]
                .bytes()
                .all(|c| c.is_ascii_lowercase())
            || !text[b.start..b.end].bytes().all(|c| c.is_ascii_lowercase())
        {
            continue;
        }
        // "Co-pay", "Re-check": a word of its own, not two syllables of a name.
        let joined = format!("{}{}", scan.word_lower(k), scan.word_lower(k + 1));
        if lexicon::word_info(&joined).english_level().is_some() {
            continue;
        }
        let (start, end) = if k > 0 && &text[words[k - 1].end..a.start] == " " && surname(k - 1) {
            (words[k - 1].start, b.end)
        } else if k + 2 < n && &text[b.end..words[k + 2].start] == " " && surname(k + 2) {
            (a.start, words[k + 2].base_end)
        } else {
            continue;
        };
        // Names found around the syllables become one ("Min" and "Kim" in "Min-jun Kim").
        let (mut start, mut end, mut score) = (start, end, 0.85f32);
        let mut m = first_new;
        while m < out.len() {
            let e = &out[m];
            if e.entity_type == EntityType::Person && e.start < end && start < e.end {
                start = start.min(e.start);
                end = end.max(e.end);
                score = score.max(e.score);
                out.remove(m);
            } else {
                m += 1;
            }
        }
        out.push(Entity::new(
            EntityType::Person,
            start,
            end,
            score,
            "person",
            Explanation::pattern("surname+hyphenated-given-name"),
        ));
    }
}

/// "Park Sung-ho (박성호)", "Wang Wei (王伟)": a name written again in its own script, two to
/// four Hangul or Han characters in brackets right after a name found.
fn add_names_in_native_script(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let text = scan.text;
    let native = |c: char| matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{4E00}'..='\u{9FFF}');
    let mut found = Vec::new();
    for e in out[first_new..]
        .iter()
        .filter(|e| e.entity_type == EntityType::Person)
    {
        let rest = &text[e.end..];
        let Some(inner) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix('(')) else {
            continue;
        };
        let len: usize = inner
            .chars()
            .take_while(|&c| native(c))
            .map(char::len_utf8)
            .sum();
        let count = inner[..len].chars().count();
        if (2..=4).contains(&count) && inner[len..].starts_with(')') {
            let start = text.len() - inner.len();
            found.push((start, start + len));
        }
    }
    for (start, end) in found {
        out.push(Entity::new(
            EntityType::Person,
            start,
            end,
            0.8,
            "person",
            Explanation::pattern("name-in-native-script"),
        ));
    }
}

/// True when the text reads as Spanish (two of its everyday words) or Vietnamese (two words
/// with letters only Vietnamese writes).
fn another_language(scan: &Scan) -> bool {
    let mut spanish = 0;
    let mut vietnamese = 0;
    for k in 0..scan.words.len() {
        let w = scan.word_lower(k);
        if matches!(
            w,
            "que"
                | "los"
                | "las"
                | "del"
                | "para"
                | "por"
                | "con"
                | "una"
                | "desde"
                | "cuando"
                | "pero"
                | "muy"
                | "tengo"
                | "tiene"
                | "está"
                | "todos"
                | "todas"
                | "gracias"
                | "usted"
                | "nuestro"
                | "nuestra"
                | "mañana"
                | "hoy"
                | "porque"
                | "también"
        ) {
            spanish += 1;
        }
        if w.contains([
            'ư', 'ơ', 'đ', 'ă', 'ạ', 'ả', 'ấ', 'ầ', 'ậ', 'ắ', 'ế', 'ề', 'ệ', 'ố', 'ồ', 'ộ', 'ớ',
            'ờ', 'ợ', 'ứ', 'ừ', 'ự', 'ị', 'ọ', 'ụ', 'ỏ', 'ủ', 'ẻ', 'ỉ',
        ]) {
            vietnamese += 1;
        }
        if spanish >= 2 || vietnamese >= 2 {
            return true;
        }
    }
    false
}

/// Initials that are credentials or everyday abbreviations, never a person ("M.D.", "P.S.").
const NOT_INITIALS: &[&str] = &[
    "a.m.", "b.a.", "b.s.", "d.c.", "d.o.", "e.r.", "l.a.", "m.a.", "m.d.", "m.s.", "n.p.", "o.k.",
    "p.a.", "p.m.", "p.s.", "p.t.", "r.n.", "u.k.", "u.s.",
];

/// "my neighbor's kid J.J.", "Good visit, short wait. -T.K.": a person's initials alone, two
/// or three capitals with their periods, right after a word for a person or as the
/// signature that ends the text.
fn add_bare_initials(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let text = scan.text;
    let bytes = text.as_bytes();
    let words = &scan.words;
    let mut k = 0;
    while k < words.len() {
        let initial = |m: usize| {
            m < words.len()
                && words[m].end - words[m].start == 1
                && bytes[words[m].start].is_ascii_uppercase()
                && bytes.get(words[m].end) == Some(&b'.')
        };
        if !initial(k) {
            k += 1;
            continue;
        }
        let mut last = k;
        while last - k < 2
            && initial(last + 1)
            && matches!(&text[words[last].end..words[last + 1].start], "." | ". ")
        {
            last += 1;
        }
        let (start, end) = (words[k].start, words[last].end + 1);
        let next_k = last + 1;
        if last == k
            || is_in(
                NOT_INITIALS,
                &text[start..end].to_ascii_lowercase().replace(' ', ""),
            )
            || out[first_new..]
                .iter()
                .any(|e| e.start < end && start < e.end)
        {
            k = next_k;
            continue;
        }
        let before = text[..start].trim_end_matches(' ');
        let signature = text[end..].trim().is_empty()
            && (before.ends_with(['-', '~', '\u{2014}', '\u{2013}']) || before.ends_with("\n"));
        let after_relation = k > 0
            && &text[words[k - 1].end..start] == " "
            && is_in(RELATIONS, scan.word_base_lower(k - 1));
        if signature || after_relation {
            out.push(Entity::new(
                EntityType::Person,
                start,
                end,
                0.75,
                "person",
                Explanation::pattern(if signature {
                    "signed-initials"
                } else {
                    "relation+initials"
                }),
            ));
        }
        k = next_k;
    }
}

/// "hey hope 👋 is that you…", "hi jen, quick question": a given name greeted at the start of
/// a sentence, in any case and even when it is an everyday word, when punctuation or an emoji
/// closes the greeting ("hi hope you're well" is a wish, not a name).
fn add_greeted_names(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let text = scan.text;
    let words = &scan.words;
    for k in 0..words.len().saturating_sub(1) {
        if !matches!(
            scan.word_lower(k),
            "hey" | "hi" | "hello" | "hiya" | "heyy" | "heya"
        ) || !(k == 0 || words[k].has(shape::SENTENCE_START))
            || &text[words[k].end..words[k + 1].start] != " "
        {
            continue;
        }
        let name = words[k + 1];
        let closed = text[name.end..]
            .trim_start_matches(' ')
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '\''));
        let lower = scan.word_base_lower(k + 1);
        let info = lexicon::word_info(lower);
        if !closed
            || name.end - name.start < 3
            || !name.has(shape::ALPHA)
            || name.has(shape::DIGIT)
            || !(info.is_first_name() || info.is_rare_first_name())
            || matches!(
                lower,
                "there"
                    | "all"
                    | "guys"
                    | "everyone"
                    | "everybody"
                    | "folks"
                    | "team"
                    | "friends"
                    | "doc"
                    | "again"
                    | "yall"
                    | "y'all"
                    | "ladies"
                    | "mama"
                    | "mom"
                    | "dad"
                    | "sis"
                    | "girl"
                    | "hon"
                    | "honey"
                    | "love"
                    | "dear"
                    | "babe"
            )
            || out[first_new..]
                .iter()
                .any(|e| e.start < name.end && name.start < e.end)
        {
            continue;
        }
        out.push(Entity::new(
            EntityType::Person,
            name.start,
            name.base_end,
            0.7,
            "person",
            Explanation::pattern("greeted-name").with_context(Some((words[k].start, words[k].end))),
        ));
    }
}

/// "labs back: grace obi a1c 8.9", "pt m. delgado 92yo": a given name or an initial, then a
/// surname that is no English word at all, both in lower case. The surname's foreignness to
/// the dictionary is what makes the pair a name where capitals are missing.
fn add_lower_case_full_names(scan: &Scan, out: &mut Vec<Entity>, first_new: usize) {
    let text = scan.text;
    let words = &scan.words;
    let lower_alpha = |m: usize| {
        let w = words[m];
        w.has(shape::LOWER) && !w.has(shape::CAP) && w.has(shape::ALPHA) && !w.has(shape::DIGIT)
    };
    let foreign_surname = |m: usize| {
        let info = lexicon::word_info(scan.word_base_lower(m));
        words[m].end - words[m].start >= 3
            && (info.is_surname() || info.is_rare_surname())
            && info.english_level().is_none()
            && !info.is_not_name()
            && !info.is_never_name()
    };
    for k in 0..words.len().saturating_sub(1) {
        let (w, next) = (words[k], words[k + 1]);
        if !lower_alpha(k) || !lower_alpha(k + 1) || w.is_possessive() {
            continue;
        }
        let gap = &text[w.end..next.start];
        let initial = w.end - w.start == 1 && gap == ". ";
        let given = gap == " " && w.end - w.start >= 3 && {
            let info = lexicon::word_info(scan.word_lower(k));
            (info.is_first_name() || info.is_rare_first_name())
                && !info.is_never_name()
                // "rob dot delgado at …": an e-mail address spelled out.
                && scan.word_lower(k) != "dot"
                // "my son ethan": a relation word before a name.
                && !is_in(RELATIONS, scan.word_lower(k))
                && !is_in(FAMILY, scan.word_lower(k))
        };
        // Spanish function words are in the name lists ("Todo", "Nuestro") but never one here.
        let function_word = |m: usize| {
            matches!(
                scan.word_lower(m),
                "todo"
                    | "toda"
                    | "todos"
                    | "todas"
                    | "nuestro"
                    | "nuestra"
                    | "nuestros"
                    | "para"
                    | "con"
                    | "por"
                    | "muy"
                    | "sus"
                    | "los"
                    | "las"
                    | "del"
                    | "una"
                    | "uno"
                    | "como"
                    | "pero"
                    | "mas"
                    | "esta"
                    | "este"
                    | "ese"
                    | "esa"
                    | "que"
            )
        };
        if !(initial || given)
            || !foreign_surname(k + 1)
            || function_word(k)
            || function_word(k + 1)
        {
            continue;
        }
        // "okafor-ellis": a hyphenated surname is one.
        let mut last = k + 1;
        if last + 1 < words.len()
            && &text[words[last].end..words[last + 1].start] == "-"
            && lower_alpha(last + 1)
        {
            last += 1;
        }
        let (start, end) = (w.start, words[last].base_end);
        // A surname already found takes its given name or initial.
        if let Some(e) = out[first_new..].iter_mut().find(|e| e.start == next.start) {
            e.start = start;
            continue;
        }
        if out[first_new..]
            .iter()
            .any(|e| e.start < end && start < e.end)
        {
            continue;
        }
        out.push(Entity::new(
            EntityType::Person,
            start,
            end,
            0.7,
            "person",
            Explanation::pattern(if initial {
                "initial+surname"
            } else {
                "given-name+surname"
            }),
        ));
    }
}

/// In mixed-case text, lower-case given names that the context makes names: after a family
/// word ("my husband tom"), before an O'-surname ("siobhan o'rourke", which is marked too),
/// or after "and" following one of those ("… and aisling").
fn mark_lower_case_names(scan: &Scan, shaped: &mut [bool]) {
    let words = &scan.words;
    for k in 0..words.len() {
        let w = words[k];
        if shaped[k]
            || !w.has(shape::LOWER)
            || !w.has(shape::ALPHA)
            || is_embedded(scan.text, w.start, w.end)
        {
            continue;
        }
        let space_before = k > 0 && &scan.text[words[k - 1].end..w.start] == " ";
        let family_before =
            space_before && is_in(FAMILY, scan.word_lower(k - 1)) && !words[k - 1].is_possessive();
        let and_before = space_before
            && k >= 2
            && scan.word_lower(k - 1) == "and"
            && shaped[k - 2]
            && words[k - 2].has(shape::LOWER);
        let o_after = k + 1 < words.len()
            && &scan.text[w.end..words[k + 1].start] == " "
            && is_o_surname(scan.word_base_lower(k + 1));
        // The context first: it is cheaper than the look-up and rarely there.
        if ((family_before || and_before || o_after)
            && lower_case_given_name(scan.word_base_lower(k)))
            || relation_subject_name(scan, k)
            || pronoun_subject_name(scan, k)
        {
            shaped[k] = true;
            if o_after {
                shaped[k + 1] = true;
            }
        }
    }
}

/// "Ray Dombrowski collapsed … Ray says hi": a word of a confident full name, seen again
/// alone and name-shaped, is the same person.
fn add_repeated_names(scan: &Scan, casing: Casing, out: &mut Vec<Entity>, first_new: usize) {
    let mut tokens: Vec<&str> = Vec::new();
    // Single words the context made sure of ("his name is Bill"): seen again capitalised in
    // mixed-case text ("Bill got a bill"), they are the same person.
    let mut single: Vec<&str> = Vec::new();
    for e in &out[first_new..] {
        if e.score >= 0.8 && scan.text[e.start..e.end].contains(' ') {
            tokens.extend(
                scan.lower[e.start..e.end]
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|t| t.len() >= 3),
            );
        } else if e.score >= 0.85 && casing == Casing::Mixed && e.end - e.start >= 3 {
            single.push(&scan.lower[e.start..e.end]);
        }
    }
    if tokens.is_empty() && single.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for (k, w) in scan.words.iter().enumerate() {
        // Cheapest first: most words are not names seen before.
        let shaped = casing != Casing::Mixed || w.has(shape::CAP);
        if !shaped {
            continue;
        }
        let lower = scan.word_base_lower(k);
        let again = tokens.contains(&lower)
            || (w.has(shape::CAP) && !w.has(shape::UPPER) && single.contains(&lower));
        let covered = || {
            out[first_new..]
                .iter()
                .any(|e| e.start <= w.start && w.end <= e.end)
        };
        if again && !covered() {
            added.push(Entity::new(
                EntityType::Person,
                w.start,
                w.base_end,
                0.8,
                "person",
                Explanation::pattern("repeated name"),
            ));
        }
    }
    out.extend(added);
}

/// "Chioma and Ifeoma", "Arjun, Anika": a weak candidate joined by "and", "&" or a comma to
/// a confident name is a name too.
fn boost_coordinated(scan: &Scan, found: &mut [Entity]) {
    for k in 1..found.len() {
        let (a, b) = (found[k - 1].clone(), found[k].clone());
        let gap = scan.text[a.end..b.start].trim();
        let gap = gap.strip_prefix("'s").unwrap_or(gap).trim();
        if !matches!(gap, "and" | "&" | "," | "or" | "y") {
            continue;
        }
        // "and" joins two people more surely than a comma joins items of a list.
        let strong_at = if matches!(gap, "and" | "&") {
            0.55
        } else {
            0.6
        };
        let weak_strong = |weak: &Entity, strong: &Entity| {
            strong.score >= strong_at && (0.3..crate::FINDING_THRESHOLD).contains(&weak.score)
        };
        if weak_strong(&a, &b) {
            found[k - 1].score = 0.6;
        } else if weak_strong(&b, &a) {
            found[k].score = 0.6;
        }
    }
}

impl PersonRecognizer {
    /// Scores the run of words `i..=j`.
    fn score_run(
        &self,
        scan: &Scan,
        casing: Casing,
        priors: &[Prior],
        titles: &[bool],
        i: usize,
        j: usize,
    ) -> (f32, &'static str, Option<(usize, usize)>) {
        let words = &scan.words;
        let real: Vec<usize> = (i..=j).filter(|&k| !priors[k].initial).collect();
        if real.is_empty() {
            return (0.0, "", None);
        }
        let first_real = real[0];
        let last_real = *real.last().unwrap();
        let p_max = real.iter().map(|&k| priors[k].p).fold(0.0f32, f32::max);

        // The words around the run.
        let prev = i.checked_sub(1);
        let prev_lower = prev.map(|k| scan.word_base_lower(k));
        let prev2_lower = i.checked_sub(2).map(|k| scan.word_base_lower(k));
        let next = (j + 1 < words.len()).then_some(j + 1);
        let next_lower = next.map(|k| scan.word_lower(k));
        let gap_before = prev.map_or("", |k| &scan.text[words[k].end..words[i].start]);

        // A title right before ("Mrs. Garcia", "DR SMITH").
        let title = prev_lower
            .filter(|_| prev.is_some_and(|k| titles[k]))
            .filter(|_| matches!(gap_before, " " | ". " | "."));
        // A relation or introducer within two words ("my husband Tom", "Thank you, Sarah").
        // A capitalised relation word inside a title ("Patient Choice Awards") is not one.
        let relation_cased = prev.is_some_and(|k| {
            casing != Casing::Mixed
                || !words[k].has(shape::CAP)
                || words[k].has(shape::SENTENCE_START)
                // "Grandma Rose", "Aunt Lou": kinship words are titles before names.
                || is_in(FAMILY, scan.word_lower(k))
        });
        // "the patient's tiktok": after a possessive comes a thing, not a name.
        let relation_possessive = prev.is_some_and(|k| words[k].is_possessive());
        let relation = prev_lower
            .filter(|w| relation_cased && !relation_possessive && is_in(RELATIONS, w))
            .map(|_| prev.unwrap())
            .or_else(|| {
                prev2_lower
                    .filter(|w| is_in(RELATIONS, w) && matches!(gap_before, ", " | " "))
                    .filter(|_| prev_lower.is_some_and(|w| w == "named"))
                    .map(|_| i - 2)
            });
        // Context must stand in the same sentence: "You are so welcome! Hope the little one…"
        let same_sentence = !gap_before.contains(['.', '!', '?', '\n']);
        let introducer = prev_lower
            .filter(|w| same_sentence && is_in(INTRODUCERS, w))
            .map(|_| prev.unwrap())
            .or_else(|| {
                // "thank you Sarah", "my name is Ana", "this is Ana"
                let two = (prev2_lower?, prev_lower?);
                matches!(
                    two,
                    ("thank", "you")
                        | ("thank", "u")
                        | ("name", "is")
                        | ("this", "is")
                        | ("thanks", "to")
                        | ("shout", "out")
                        | ("out", "to")
                )
                .then(|| i - 2)
            });
        // Run in a place or organisation name.
        // A place or organisation word right after the run, or after one more capitalised
        // word ("Golden Oaks Nursing Home", "Hope Baptist Church").
        let place_word_at = |k: usize, prev_end: usize| {
            k < words.len()
                && (casing != Casing::Mixed || words[k].has(shape::CAP))
                && matches!(&scan.text[prev_end..words[k].start], " " | "  " | "-")
                && is_in(NOT_PERSON_NEXT, scan.word_base_lower(k))
        };
        let place_next = next.is_some_and(|k| {
            place_word_at(k, words[j].end)
                || (casing == Casing::Mixed
                    && words[k].has(shape::CAP)
                    && place_word_at(k + 1, words[k].end))
        }) || (i + 1..=j).any(|k| is_in(NOT_PERSON_NEXT, scan.word_base_lower(k)));
        // "Fox News", "the Hunter Douglas blinds shop": a business.
        let org_next = !words[j].is_possessive()
            && next.is_some_and(|k| {
                let w = scan.word_base_lower(k);
                &scan.text[words[j].end..words[k].start] == " "
                    && ((is_in(ORG_NEXT, w)
                        && (casing != Casing::Mixed || words[k].has(shape::CAP)))
                        || is_in(ORG_NEXT_ANY_CASE, w))
            });
        // "Fox News", "Acme Realty": a business word ending the run, unless it is a real
        // surname ("Jude Law").
        let org_last = real.len() >= 2 && {
            let w = scan.word_base_lower(last_real);
            let rank = lexicon::word_info(w).surname_rank();
            // "Rivera Law" is a firm: a surname before it, not a given name.
            let real_surname = rank > 0 && rank < 0xF_FFFF;
            is_in(ORG_NEXT, w) && !(real_surname && priors[first_real].first)
        };
        // "Jan 5", "May 3rd": a month, not a person.
        let number_next = next.is_some_and(|k| {
            words[k].has(shape::DIGIT) && scan.text[words[j].end..words[k].start].trim().is_empty()
        });
        let place_prev = prev_lower.is_some_and(|w| is_in(NOT_PERSON_PREV, w));
        let locative_prev = prev_lower.is_some_and(|w| is_in(LOCATIVES, w));
        let verb_next = next_lower.is_some_and(|w| is_in(PERSON_VERBS, w))
            && next.is_some_and(|k| casing != Casing::Mixed || !words[k].has(shape::CAP));
        let possessive = words[j].is_possessive();
        // A vocative at the end of a greeting ("Thanks so much, Sarah!").
        let sentence_start = words[i].has(shape::SENTENCE_START);

        // "in Syria we never had…": a country is a place.
        let country = real.len() == 1
            && crate::recognizers::time_place::util::is_country(scan.word_base_lower(first_real));
        // "in Osgood Mills", "Ashby Falls": a town's name, though its words may be names.
        let town = real.len() >= 2 && {
            let last = scan.word_base_lower(last_real);
            crate::recognizers::time_place::city::is_town_suffix(last)
                && (!crate::recognizers::time_place::city::is_surname_like_suffix(last)
                    || prev_lower.is_some_and(crate::recognizers::time_place::city::is_town_cue))
        };
        if place_next
            || org_next
            || org_last
            || place_prev
            || country
            || town
            || (number_next && real.len() == 1 && !in_name_age_list(scan, first_real, j))
        {
            return (0.0, "", None);
        }

        let mut score;
        let pattern;
        if real.len() >= 2 {
            // Several name words: a given name followed by a surname is the strongest shape.
            let a = priors[first_real];
            let b = priors[last_real];
            let any_first = a.first || a.p >= if casing == Casing::Mixed { 0.28 } else { 0.5 };
            if any_first && b.p >= 0.12 {
                score = 1.0 - (1.0 - a.p.max(0.3)) * (1.0 - b.p.max(0.3));
                if a.first && (b.surname || b.p >= 0.42) {
                    score = score.max(0.86);
                } else if a.first && b.p >= 0.28 {
                    // A given name and a word no list knows: "Frank Dellucci".
                    score = score.max(0.8);
                }
                pattern = "given-name+surname";
            } else {
                score = p_max * 0.8;
                pattern = "name-words";
            }
            // A run of ordinary capitalised words in a heading ("Happy National Nurses Week").
            if casing == Casing::Mixed
                && !a.first
                && real.iter().filter(|&&k| priors[k].p < 0.3).count() * 2 > real.len()
            {
                score *= 0.6;
            }
        } else {
            score = p_max;
            pattern = if priors[first_real].first {
                "given-name"
            } else {
                "surname-or-name"
            };
            if casing == Casing::Mixed && sentence_start {
                score *= 0.85;
            }
            if casing != Casing::Mixed {
                // Without capitalisation a lone word needs more.
                score *= if words[first_real].end - words[first_real].start < 3 {
                    0.3
                } else {
                    0.75
                };
            }
            if casing == Casing::Mixed
                && words[first_real].has(shape::UPPER)
                && words[first_real].end - words[first_real].start <= 4
            {
                // "HTN", "MRN", "COPD": acronyms in mixed-case text.
                score *= 0.4;
            }
        }

        let mut ctx = None;
        let mut pat = pattern;
        // "Vitamin C IV therapy": an initial before an acronym in mixed-case text.
        let acronym_only = casing == Casing::Mixed
            && real
                .iter()
                .all(|&k| words[k].has(shape::UPPER) && words[k].end - words[k].start <= 4);
        if real.len() < j + 1 - i && p_max >= 0.1 && !acronym_only {
            // Initials with a name: "J. R. Miller", "Sarah K. Lee".
            score = score.max(0.8);
            pat = "initials+name";
        }
        if let (Some(_), Some(k)) = (title, prev) {
            // "mrs. park": Mr, Mrs, Ms and Miss are titles only; "dr" or "nurse" may be other
            // words without capitals.
            let strict_title = title.is_some_and(|t| matches!(t, "mr" | "mrs" | "ms" | "miss"));
            let enough = if casing == Casing::Mixed {
                p_max >= 0.1 || priors[last_real].p >= 0.02
            } else {
                p_max >= 0.28 || (strict_title && priors[last_real].p >= 0.02)
            };
            if enough {
                score = score.max(if p_max >= 0.28 { 0.92 } else { 0.85 });
                ctx = Some((words[k].start, words[k].end));
                pat = "title+name";
            }
        }
        // Without capitalisation, context alone cannot make an ordinary word a name.
        let min_p_with_context = if casing == Casing::Mixed { 0.12 } else { 0.28 };
        // "We're hiring a medical assistant! Full time": a relation in another sentence.
        if let Some(k) = relation.filter(|_| same_sentence) {
            if p_max >= min_p_with_context || (i == j && relation_subject_name(scan, i)) {
                score = score.max(0.55 + 0.4 * p_max);
                ctx = ctx.or(Some((words[k].start, words[i - 1].end)));
                pat = "relation+name";
            }
        }
        // A capitalised word that is also a name ("Hope", "Amber", "June"), alone in the run.
        let ambiguous_cap = real.len() == 1
            && casing == Casing::Mixed
            && words[first_real].has(shape::CAP)
            && !words[first_real].has(shape::UPPER)
            && lexicon::word_info(scan.word_base_lower(first_real)).is_ambiguous_name();
        let is_month = |w: &str| matches!(w, "april" | "may" | "june" | "august");
        if let Some(k) = introducer {
            // A greeting before an everyday word that is also a surname ("Congrats Class of
            // 2025") is not enough; before a name that is also a word ("Thanks, Hope") it is.
            if p_max >= min_p_with_context.max(0.15) || ambiguous_cap {
                score = score.max(0.5 + 0.45 * p_max);
                ctx = ctx.or(Some((words[k].start, words[i - 1].end)));
                pat = "greeting+name";
            }
        }
        // "the Okoro twins", "the Hunter family".
        let next_base = next.map(|k| scan.word_base_lower(k));
        let family_next =
            next_base.is_some_and(|w| is_in(FAMILY_NOUNS, w)) && prev_lower == Some("the");
        // "Sipho's mom asked…": a possessive name followed by a relative.
        let possessive_relation = words[j].is_possessive()
            && next_base.is_some_and(|w| is_in(RELATIONS, w) || is_in(FAMILY_NOUNS, w));
        if possessive_relation && p_max >= 0.25 {
            score = score.max(0.85);
            pat = "name's+relative";
        }
        if family_next && (p_max >= 0.25 || (casing == Casing::Mixed && p_max >= 0.1)) {
            score = score.max(0.85);
            pat = "the+name+family";
        }
        // "Jasmine, 34, from ...": a name followed by an age.
        let after = &scan.text[words[j].end..];
        let age_next = after.starts_with(", ")
            && after[2..].chars().take_while(char::is_ascii_digit).count() == 2
            && after[2..]
                .chars()
                .nth(2)
                .is_some_and(|c| c == ',' || c == ' ');
        // "Hunter (14) needs a physical": an age in brackets.
        let bracket_age = after.strip_prefix(" (").is_some_and(|r| {
            let n = r.chars().take_while(char::is_ascii_digit).count();
            (1..=3).contains(&n)
                && !r.starts_with('0')
                && r[n..].starts_with(')')
                && r[n + 1..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'))
        });
        // "Hunter (my 6yo) had his tubes out", "hope and faith (my twins)": a relation or an
        // age in brackets after the name.
        let bracket_relation = after
            .strip_prefix(" (")
            .and_then(|r| r.strip_prefix("my ").or_else(|| r.strip_prefix("our ")))
            .is_some_and(|r| {
                let word: String = r
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '-')
                    .collect::<String>()
                    .to_lowercase();
                let digits = word.chars().take_while(char::is_ascii_digit).count();
                is_in(RELATIONS, &word)
                    || is_in(FAMILY_NOUNS, &word)
                    || matches!(
                        word.as_str(),
                        "twins" | "twin" | "triplets" | "oldest" | "youngest"
                    )
                    || ((1..=2).contains(&digits)
                        && matches!(&word[digits..], "yo" | "y" | "-year-old" | "-yr-old" | ""))
            });
        // "Sunny at the front handled my refill", "Joy in billing fixed it": a person
        // placed at a desk of the office.
        let at_desk = casing == Casing::Mixed
            && words[first_real].has(shape::CAP)
            && [
                " at the front",
                " at the lab",
                " in the lab",
                " at check-in",
                " at checkout",
                " in radiology",
                " in x-ray",
                " at the desk",
                " at reception",
                " at the counter",
                " at the window",
                " at the pharmacy",
                " in billing",
                " in scheduling",
                " in the billing",
                " from billing",
                " from the front desk",
            ]
            .iter()
            .any(|p| {
                after.len() >= p.len()
                    && after.is_char_boundary(p.len())
                    && after[..p.len()].eq_ignore_ascii_case(p)
            });
        // "Sky (age 5)", "Hope is now 12", "Princess is turning 18", "Tyler 12, Brooke 10,
        // Joy 8": an age told right after the name.
        let age_words = |r: &str| -> bool {
            let n = r.chars().take_while(char::is_ascii_digit).count();
            (1..=3).contains(&n)
                && r[n..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() || matches!(c, 'y' | 'm'))
        };
        let told_age = after
            .strip_prefix(" (age ")
            .or_else(|| after.strip_prefix(" (aged "))
            .is_some_and(age_words)
            || [
                " is now ",
                " is turning ",
                " turns ",
                " just turned ",
                " turned ",
            ]
            .iter()
            .any(|p| after.strip_prefix(p).is_some_and(age_words));
        let listed_age = priors[first_real].first && in_name_age_list(scan, first_real, j);
        // "Dad, 78, lives on…": a relation word told with an age is no name.
        let relation_word = real.len() == 1
            && (is_in(RELATIONS, scan.word_base_lower(first_real))
                || is_in(FAMILY, scan.word_base_lower(first_real)));
        let age_next =
            age_next || bracket_age || bracket_relation || at_desk || told_age || listed_age;
        if age_next && p_max >= 0.1 && !relation_word {
            score = score.max(0.85);
            pat = "name+age";
        }
        // "Bogdan, thanks for ...": a name addressed at the start of a sentence.
        let vocative = sentence_start && after.starts_with(", ") && real.len() <= 2;
        // "Grace, thank you for…", "June, you're right": a word that is also a name, addressed.
        let addressed = vocative
            && ambiguous_cap
            && next.is_some_and(|k| {
                matches!(
                    scan.word_lower(k),
                    "you"
                        | "your"
                        | "you're"
                        | "thank"
                        | "thanks"
                        | "we"
                        | "we're"
                        | "welcome"
                        | "congrats"
                        | "congratulations"
                        | "happy"
                )
            });
        if vocative && (p_max >= min_p_with_context.max(0.25) || addressed) {
            score = score.max(0.5 + 0.45 * p_max);
            if pat == pattern {
                pat = "vocative";
            }
        }
        // "Grace and I both got our shots": one of two people the writer counts with.
        let and_i_next = real.len() == 1
            && (after.starts_with(" and I ") || after.starts_with(" & I "))
            && prev_lower != Some("the")
            && (casing != Casing::Mixed
                || (words[first_real].has(shape::CAP) && !words[first_real].has(shape::UPPER)));
        if and_i_next && p_max >= 0.02 {
            score = score.max(0.8);
            pat = "name+and-I";
        }
        // "yes his name is Bill", "a boy named Hope": the words say a name follows.
        let named = matches!((prev2_lower, prev_lower), (Some("name"), Some("is")))
            || prev_lower == Some("named");
        if named
            && real.len() <= 2
            && p_max >= 0.02
            && (casing != Casing::Mixed || words[first_real].has(shape::CAP))
        {
            score = score.max(0.85);
            pat = "named";
        }
        // "Rich and Amber", "Hunter and Skye say…": joined by "and" to a given name.
        let given_at = |k: usize| {
            k < words.len()
                && words[k].has(shape::CAP)
                && !words[k].has(shape::UPPER)
                && priors[k].first
                && !is_month(scan.word_base_lower(k))
        };
        // Beside a name that is no everyday word the pair is sure; beside another such word
        // ("Jade and Amber are my favorite scrub colors") only a weak candidate, which a
        // confident neighbour can still lift.
        let plain_given_at = |k: usize| {
            given_at(k) && !lexicon::word_info(scan.word_base_lower(k)).is_ambiguous_name()
        };
        let coordinated = (matches!(prev_lower, Some("and" | "&")) && i >= 2 && given_at(i - 2))
            || (matches!(next_lower, Some("and" | "&"))
                && given_at(j + 2)
                // "Grace and Mercy Church": a place named by both.
                && !(j + 3 < words.len() && is_in(NOT_PERSON_NEXT, scan.word_base_lower(j + 3))));
        // "Hunter and Skye say thank you": the pair does what people do.
        let pair_acts = |k: usize| {
            k < words.len()
                && matches!(
                    scan.word_lower(k),
                    "say"
                        | "says"
                        | "said"
                        | "send"
                        | "sends"
                        | "sent"
                        | "thank"
                        | "thanks"
                        | "want"
                        | "wants"
                        | "love"
                        | "loved"
                        | "miss"
                        | "came"
                        | "visited"
                        | "stopped"
                        | "dropped"
                        | "brought"
                        | "were"
                        | "had"
                        | "got"
                )
        };
        if coordinated && ambiguous_cap && !is_month(scan.word_base_lower(first_real)) {
            let sure = (i >= 2 && plain_given_at(i - 2))
                || plain_given_at(j + 2)
                || (matches!(prev_lower, Some("and" | "&")) && pair_acts(j + 1))
                || (matches!(next_lower, Some("and" | "&")) && pair_acts(j + 3));
            score = score.max(if sure { 0.6 } else { 0.4 });
            pat = "coordinated-names";
        }
        // "the video of Autumn's first steps": a capitalised season or virtue that owns
        // something mid-sentence is a person (months are capitalised anyway).
        if ambiguous_cap
            && possessive
            && !sentence_start
            && !is_month(scan.word_base_lower(first_real))
        {
            score = score.max(0.7);
            pat = "name's";
        }
        // "will grace be at the flu clinic?", "will Reed need a booster?": the subject of a
        // question, between its auxiliary and its verb.
        if i == j && question_subject_name(scan, i) {
            score = score.max(0.7);
            pat = "subject-of-question";
        }
        // "Frank says thank you…", "Hunter finally stopped wheezing": a name that is also a
        // word, at the start of a sentence, doing what people do.
        if ambiguous_cap
            && sentence_start
            && matches!(
                next_lower,
                Some("says" | "said" | "finally" | "wants" | "loves" | "loved" | "asked" | "told")
            )
            && !is_month(scan.word_base_lower(first_real))
            // "Guy walks into a clinic… Guy says…": a joke's everyman.
            && scan.word_base_lower(first_real) != "guy"
        {
            score = score.max(0.65);
            pat = "name+verb";
        }
        // "took the Lincoln to the appointment": after "the", a single word is a thing.
        if prev_lower == Some("the") && real.len() == 1 && !family_next && title.is_none() {
            score *= 0.6;
        }
        if i == j && pronoun_subject_name(scan, i) {
            score = score.max(0.8);
            pat = "name+verb+pronoun";
        }
        // "Tomasz here, the guy with the bad back", "Oksana from Sherman here", "it's Mercedes
        // from the 2:15 appt": writers introducing themselves by a given name.
        let here_at = |k: usize| {
            k < words.len()
                && scan.word_lower(k) == "here"
                && scan.text[words[k].end..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        };
        let intro_prev = prev.is_some_and(|k| {
            let w = &scan.text[words[k].start..words[k].end];
            ["it's", "its", "it\u{2019}s"]
                .iter()
                .any(|x| w.eq_ignore_ascii_case(x))
        });
        let self_intro = real.len() <= 2
            && (priors[first_real].first || p_max >= 0.1)
            && next.is_some_and(|k| {
                (sentence_start && here_at(k))
                    || (scan.word_lower(k) == "from"
                        && (sentence_start || intro_prev)
                        && (k + 2..k + 5).any(here_at))
                    || (intro_prev && matches!(scan.word_lower(k), "from" | "here" | "again"))
            });
        if self_intro {
            score = score.max(0.8);
            pat = "self-introduction";
        }
        if (verb_next || possessive) && p_max >= 0.25 {
            score = (score + 0.1).min(0.97);
        }
        // "flights from Addis Ababa": a large city abroad after a place word.
        if locative_prev
            && lexicon::is_world_city(&scan.lower[words[i].start..words[j].base_end])
            && !priors[first_real].first
        {
            score *= 0.4;
        }
        if locative_prev && real.len() == 1 {
            // "moved to Jackson", "in Austin": more likely a place.
            let info = lexicon::word_info(scan.word_base_lower(first_real));
            if info.is_city() || info.is_state_name() {
                score *= 0.4;
            }
        }
        if real.len() == 1 && title.is_none() && relation.is_none() {
            let info = lexicon::word_info(scan.word_base_lower(first_real));
            if info.is_state_name() {
                score *= 0.3;
            } else if info.is_city() && !priors[first_real].first && real.len() == j + 1 - i {
                // "Lincoln", "Rochester": a place as often as a surname.
                score *= 0.6;
            }
        }
        (score.min(0.97), pat, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn names(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        PersonRecognizer.recognize(&scan, &mut out);
        out.into_iter()
            .filter(|e| e.score >= crate::FINDING_THRESHOLD)
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    fn found(text: &str) -> Vec<String> {
        names(text).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn full_names_titles_relations_possessives() {
        assert_eq!(
            found("Congrats to Maria Delgado on finishing chemo!"),
            ["Maria Delgado"]
        );
        assert_eq!(found("Mrs. Kowalczyk came in again today."), ["Kowalczyk"]);
        assert_eq!(found("my husband Tom had his knee done"), ["Tom"]);
        assert_eq!(found("Sarah's surgery went great"), ["Sarah"]);
        assert_eq!(found("Thank you, Jasmine!"), ["Jasmine"]);
        assert_eq!(
            found("shoutout to mr. and mrs. okafor who come every fall"),
            ["okafor"]
        );
        assert_eq!(
            found("Aww we get it! Tell Ava-Grace we have numbing spray."),
            ["Ava-Grace"]
        );
        assert_eq!(
            found("Our patient Ray Dombrowski had a stent placed. Ray says hi to everyone!"),
            ["Ray Dombrowski", "Ray"]
        );
        assert_eq!(found("BABY GIRL OYELAKIN BORN AT 0233"), ["OYELAKIN"]);
        assert_eq!(
            found("ROWS MISSING: ABERNATHY, COLE | 00772104"),
            ["ABERNATHY, COLE"]
        );
        assert_eq!(
            found("Seen today with J. R. Miller for follow-up."),
            ["J. R. Miller"]
        );
    }

    #[test]
    fn caps_and_lower_case() {
        assert_eq!(
            found("PT JOHN MILLER SEEN IN CLINIC FOR HTN F/U"),
            ["JOHN MILLER"]
        );
        assert_eq!(
            found("had mrs kowalski in today again, her sugar was 300"),
            ["kowalski"]
        );
        assert_eq!(
            found("saw maria gonzalez at the desk this morning"),
            ["maria gonzalez"]
        );
        assert_eq!(found("my son ethan broke his arm at practice"), ["ethan"]);
    }

    #[test]
    fn accents_and_lower_case_names_in_context() {
        assert_eq!(
            found("Chào! Tôi là Nguyễn Thị Hoa. I need an appointment."),
            ["Nguyễn Thị Hoa"]
        );
        assert_eq!(
            found("My father-in-law, Józef Wiśniewski, has a hearing test."),
            ["Józef Wiśniewski"]
        );
        assert_eq!(
            found("My husband tom had his knee scoped, he says hi"),
            ["tom"]
        );
        assert_eq!(
            found("my husband rich needs his bp meds refilled"),
            ["rich"]
        );
        assert_eq!(found("My wife grace said the shot hurt"), ["grace"]);
        assert_eq!(
            found("siobhan o'rourke and aisling from the running club say hi to the PT guy"),
            ["siobhan o'rourke", "aisling"]
        );
    }

    #[test]
    fn titles_fit_the_quick_check_in_is_title() {
        for t in TITLES {
            assert!((2..=9).contains(&t.len()), "{t}");
            assert!(matches!(t.as_bytes()[0], b'd' | b'm' | b'n' | b'p'), "{t}");
        }
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [
            TITLES,
            RELATIONS,
            INTRODUCERS,
            PERSON_VERBS,
            FAMILY_NOUNS,
            NOT_PERSON_NEXT,
            NOT_PERSON_PREV,
            LOCATIVES,
            ORG_NEXT,
            ORG_NEXT_ANY_CASE,
            FAMILY,
            SUBJECT_VERBS,
            NOT_INITIALS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "Will you be open on Memorial Day?",
            "my son will need his shots before camp",
            "my daughter rose early for the appointment",
            "my mom's bill is overdue again",
            "May is Mental Health Awareness Month.",
            "Grace period for copays ends Friday.",
            "Happy Dr. Seuss Day from all of us!",
            "Living with Parkinson's disease is hard.",
            "We are open Monday through Friday.",
            "Our new HTN clinic opens in March.",
            "Please bring your insurance card and photo ID.",
            "Hope you have a wonderful weekend!",
            "Happy National Nurses Week To Our Amazing Team",
            "the patient was seen for a follow up and is doing well",
            "Brown rice and green beans are great choices.",
            "my husband uses a wheelchair since his MS got worse",
            "Ask Alexa to call us, or use our online scheduler.",
            "Congrats Class of 2025 from all of us!",
            "Thank you Springfield Fire Department for the tour!",
            "The radio was playing Taylor Swift all morning.",
            "Who painted Mr. Rogers on the wall?",
            "Jack and Jill went up the hill and Jill fell down.",
            "The TV was stuck on Fox News again.",
            "the lobby TV is always on Fox News lol",
            "next to the Hunter Douglas blinds shop",
            "Ten o'clock and Jack o'lantern",
            "ten o'clock appointment with jack o'lantern decorations",
            "Call Rivera Law about the accident",
        ] {
            assert!(found(text).is_empty(), "{text:?} gave {:?}", names(text));
        }
    }

    #[test]
    fn initials_greetings_and_lower_case_full_names() {
        assert_eq!(found("Good visit, short wait. -T.K."), ["T.K."]);
        assert_eq!(found("my neighbor's kid J.J. needs a physical"), ["J.J."]);
        assert_eq!(found("hey hope 👋 is that you in the photo?"), ["hope"]);
        assert_eq!(
            found("lab callback for hodan farah - potassium 3.1"),
            ["hodan farah"]
        );
        assert_eq!(found("pt m. delgado 92yo F c/o dizziness"), ["m. delgado"]);
        assert_eq!(
            found("d. okafor-ellis here, results please"),
            ["d. okafor-ellis"]
        );
        assert_eq!(
            found("1) E. MARCHETTI, MAIL TO PO BOX 214 2) D. PHAM TURNS 100"),
            ["E. MARCHETTI", "D. PHAM"]
        );
        assert_eq!(
            found("miss seeing mr. henderson at the flu shots"),
            ["henderson"]
        );
        assert_eq!(
            found("My grandpa Park Sung-ho (박성호) needs an interpreter"),
            ["Park Sung-ho", "박성호"]
        );
        assert_eq!(found("Min-jun Kim needs a refill"), ["Min-jun Kim"]);
        assert_eq!(found("Wang Wei (王伟) called"), ["Wang Wei", "王伟"]);
        for text in [
            "Walk-ins Tue and Thu",
            "Smith Co-pay is due",
            "hi hope you're well!",
            "Hey there, quick question",
            "Proudly made in the U.S.",
            "Seen by our P.A. today",
            "¡Gracias por sus palabras! Se las pasaremos a todo nuestro equipo.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn names_the_words_around_them_make_sure_of() {
        assert_eq!(found("Hunter (14) needs a sports physical"), ["Hunter"]);
        assert_eq!(found("Grace and I both got our flu shots"), ["Grace"]);
        assert_eq!(
            found("Bill got a bill for $900. yes his name is Bill. no he is not amused"),
            ["Bill", "Bill"]
        );
        assert_eq!(
            found("summer had her first asthma attack last night"),
            ["summer"]
        );
        for text in [
            "My bill had HER social on it",
            "the app asked for the IP and I don't know what that is",
            "STEM UDI (01)00881776004122(17)271130(10)HX4471",
            "email me at rob dot delgado at yeahmail dot com",
            "Summer is here and so is sunscreen season",
            "Tai chi for balance on Wednesdays",
            "any tips to convince a stubborn Yoruba man",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn words_that_are_names_where_the_context_says_so() {
        assert_eq!(
            found("Grace, thank you for your grace and patience"),
            ["Grace"]
        );
        assert_eq!(found("thank u Hope for the sunflowers"), ["Hope"]);
        assert_eq!(
            found("Hunter (my 6yo) had his ear tubes out and he's doing great!"),
            ["Hunter"]
        );
        assert_eq!(
            found("Sunny at the front handled my refill question in seconds"),
            ["Sunny"]
        );
        assert!(found("Open M–F. Send your resume to the office").is_empty());
        assert!(found("We're hiring a medical assistant! Full time, 40 hours.").is_empty());
        assert!(found("Vitamin C IV therapy boosts immunity").is_empty());
        assert_eq!(
            found("tmrw: hunter b. 8:30 / summer k. 8:50 all sports physicals"),
            ["hunter b.", "summer k."]
        );
        assert!(found("Take vitamin D. It helps.").is_empty());
        assert_eq!(
            found("Family of five. Tyler 12, Brooke 10, Joy 8, plus me."),
            ["Tyler", "Brooke", "Joy"]
        );
        assert_eq!(
            found("Me: nervous wreck. Sky (age 5): 'just a pinch'"),
            ["Sky"]
        );
        assert_eq!(
            found("We've been coming since 2016 and Hope is now 12."),
            ["Hope"]
        );
        assert!(found("Route 66, Highway 9, and more").is_empty());
        assert_eq!(
            found("Throwback to when Mrs. G brought us cookies after her hip replacement!"),
            ["G"]
        );
        assert_eq!(found("Thank you Rich and Amber! Enjoy"), ["Rich", "Amber"]);
        assert_eq!(
            found("Hunter and Skye say thank you for the stickers!!"),
            ["Hunter", "Skye"]
        );
        assert_eq!(
            found("Thanks for the video of Autumn's first steps"),
            ["Autumn"]
        );
        assert_eq!(
            found("my wife crystal and me cant thank them enough"),
            ["crystal"]
        );
        for text in [
            "Jade and Amber are my favorite scrub colors",
            "April, May and June: the months of allergy flare-ups",
            "Grace and Mercy Church is hosting a food drive",
            "Oof, moving weekend is no joke!",
            "flights from Addis Ababa were late",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn subjects_of_questions_and_things_that_are_not_people() {
        assert_eq!(
            found("will grace be at the flu clinic saturday?"),
            ["grace"]
        );
        assert_eq!(
            found("will Reed need a booster before kindergarten?"),
            ["Reed"]
        );
        assert_eq!(
            found("Frank says thank you for the ride, Tom!"),
            ["Frank", "Tom"]
        );
        for text in [
            "We are from Homs, in Syria we never had doctor who explain so much.",
            "we took the Lincoln to the appointment and someone dinged it",
            "Eid Mubarak to you and yours too!",
            "Tay-Sachs carrier screening, do you do that here?",
            "Guy walks into a clinic. Guy says doc, I think I'm a moth.",
        ] {
            assert!(
                found(text).iter().all(|n| n != "Syria"
                    && n != "Lincoln"
                    && n != "Eid Mubarak"
                    && n != "Tay-Sachs"
                    && n != "Guy"),
                "{text}: {:?}",
                found(text)
            );
        }
    }
}
