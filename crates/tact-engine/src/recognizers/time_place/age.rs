//! AGE: ages over 89, and birth years that imply one.
//!
//! An age is a number (digits, or spelled out: "ninety-two", "one hundred and one") in an
//! age construction: "94-year-old", "94 years old", "94 y/o", "94yo", "aged 91", "age 95",
//! "94 years young", "turned 100", "100th birthday", "in her 90s", "in his nineties", or a
//! bare number next to a person: "my mom is 92 and…", "Ruth is 91." (a person, "is", the
//! number, then the end of the clause), "Joe Tate (96)", "Ms. Ortiz, 93, was…", "EDNA
//! HOLLOWAY, 91 F", "at 91 she still drives", "passed away at 97", and "98, navy vet, …"
//! at the start of a sentence right after one that names a person. A person is a pronoun, a
//! person noun ("grandpa", "pt"), a word after a title, or a name word (from the name
//! lists and not an everyday word, or capitalised mid-sentence). The span is the number.
//! A birth year after "born (in)", "b.", "DOB" or "year of birth" is an AGE when the
//! reference year of the scan puts the person over 89; the span is the year.
//!
//! Validation: the age must be 90–125 (ages of 89 and under are not identifiers and are
//! not reported); aggregated groups ("aged 90+", "90 and older", "over age 90") are not an
//! individual's age; "a 100-year-old house" is the age of a thing.

use super::util::{
    case_free, char_at, char_before, continues_number, follows_number, gap, has_digit,
    is_stop_word, is_unit_word, next_word_lower, parse_digits, prev_word_lower, ShapeFilter,
};
use crate::entity::{Entity, EntityType, Explanation};
use crate::lexicon;
use crate::recognizers::Recognizer;
use crate::text::{shape, Scan};

const ID: &str = "age-over-89";

/// Finds ages over 89.
#[derive(Default)]
pub struct AgeRecognizer;

impl AgeRecognizer {
    pub fn new() -> Self {
        AgeRecognizer
    }
}

/// A number found in the text: its value, its words (inclusive) and its byte span.
#[derive(Clone, Copy, Debug)]
struct Number {
    value: u32,
    last: usize,
    start: usize,
    end: usize,
}

/// The value of a digit word, one to nine.
pub(crate) fn unit_value(w: &str) -> Option<u32> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        _ => return None,
    })
}

fn small_value(w: &str) -> Option<u32> {
    if let Some(v) = unit_value(w) {
        return Some(v);
    }
    Some(match w {
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        _ => return None,
    })
}

fn ordinal_unit_value(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        _ => return None,
    })
}

/// Gap between two words of one spelled number: a space or a hyphen.
fn joins(g: &str) -> bool {
    matches!(g, " " | "-")
}

/// Who "will be 95" can be said of.
fn is_elder_subject(lower: &str) -> bool {
    matches!(
        lower,
        "she"
            | "he"
            | "mom"
            | "mum"
            | "mother"
            | "dad"
            | "father"
            | "grandma"
            | "grandpa"
            | "grandmother"
            | "grandfather"
            | "granny"
            | "gramps"
            | "nana"
            | "papa"
            | "aunt"
            | "uncle"
    )
}

/// Nouns after "N-year-old" that make it the age of a thing.
fn is_thing(lower: &str) -> bool {
    matches!(
        lower,
        "house"
            | "home"
            | "building"
            | "buildings"
            | "tradition"
            | "tree"
            | "trees"
            | "oak"
            | "company"
            | "business"
            | "practice"
            | "clinic"
            | "hospital"
            | "church"
            | "bridge"
            | "car"
            | "recipe"
            | "quilt"
            | "photo"
            | "photograph"
            | "piano"
            | "barn"
            | "farm"
            | "farmhouse"
            | "institution"
            | "school"
            | "store"
            | "shop"
            | "firm"
            | "brand"
            | "law"
            | "rule"
            | "mystery"
            | "question"
            | "debate"
            | "bottle"
            | "wine"
            | "whiskey"
            | "furniture"
            | "painting"
            | "map"
            | "letter"
            | "book"
            | "bible"
            | "clock"
            | "watch"
            | "ring"
            | "statue"
            | "theater"
            | "theatre"
            | "hotel"
            | "inn"
            | "mill"
            | "library"
            | "organization"
            | "organisation"
            | "event"
            | "festival"
            | "parade"
            | "record"
    )
}

/// The words a spelled-out age starts with.
static NUMBER_WORDS: ShapeFilter =
    ShapeFilter::new(&["ninety", "ninetieth", "hundredth", "hundred", "one", "a"]);

/// Pronouns and nouns for a person: "she is 92", "my grandpa (96)", "PT IS 91".
fn is_person_noun(lower: &str) -> bool {
    matches!(
        lower,
        "she"
            | "he"
            | "i"
            | "who"
            | "mom"
            | "mum"
            | "mother"
            | "dad"
            | "father"
            | "grandma"
            | "grandpa"
            | "grandmother"
            | "grandfather"
            | "granny"
            | "gran"
            | "grandad"
            | "granddad"
            | "grandpop"
            | "gramps"
            | "grammy"
            | "gramma"
            | "grandmom"
            | "meemaw"
            | "mawmaw"
            | "pawpaw"
            | "nanna"
            | "nonna"
            | "nonno"
            | "oma"
            | "opa"
            | "bubbe"
            | "lola"
            | "lolo"
            | "sister"
            | "brother"
            | "son"
            | "daughter"
            | "cousin"
            | "mama"
            | "mommy"
            | "daddy"
            | "grandparent"
            | "nana"
            | "nan"
            | "papa"
            | "pop"
            | "pops"
            | "abuela"
            | "abuelo"
            | "abuelita"
            | "abuelito"
            | "vovó"
            | "vovô"
            | "vovo"
            | "avó"
            | "avô"
            | "husband"
            | "wife"
            | "aunt"
            | "auntie"
            | "uncle"
            | "patient"
            | "pt"
            | "resident"
            | "neighbor"
            | "neighbour"
            | "veteran"
            | "vet"
            | "lady"
            | "gentleman"
            | "man"
            | "woman"
            | "widow"
            | "widower"
            | "friend"
            | "centenarian"
    )
}

/// True when word `k` is a person's name: after a title ("Mrs. Ortiz", "mr castellanos"),
/// a name from the lists that is not an everyday word ("ruth", "HOLLOWAY"), or a
/// capitalised word mid-sentence that is a name or not a dictionary word.
/// With `towns` false a town's name is not taken ("Tucson is 110 today").
fn is_name(scan: &Scan, k: usize, towns: bool) -> bool {
    let w = scan.words[k];
    if !w.has(shape::ALPHA) {
        return false;
    }
    let lower = scan.word_base_lower(k);
    if is_stop_word(lower) {
        return false;
    }
    if k >= 1
        && matches!(gap(scan, k - 1), " " | ". ")
        && matches!(scan.word_lower(k - 1), "mr" | "mrs" | "ms" | "miss" | "mx")
    {
        return true;
    }
    let info = lexicon::word_info(lower);
    if !towns && info.is_city() && !info.is_first_name() {
        return false;
    }
    let named = info.is_first_name() || info.is_surname();
    let mid_cap = !case_free(scan) && w.has(shape::CAP) && !w.has(shape::SENTENCE_START);
    if info.is_common_word() {
        return named && mid_cap;
    }
    named || (mid_cap && info.english_level().is_none())
}

/// True when word `k` designates a person: a pronoun, a person noun or a name.
fn person_ref(scan: &Scan, k: usize, towns: bool) -> bool {
    is_person_noun(scan.word_base_lower(k))
        || is_name(scan, k, towns)
        // "my father in law (93)"
        || (k >= 2
            && scan.word_lower(k) == "law"
            && scan.word_lower(k - 1) == "in"
            && is_person_noun(scan.word_base_lower(k - 2)))
}

/// "Grandma is going to be", "dad's gonna be": `be` at word `k` after "going to" or
/// "gonna", said of a person.
fn going_to_be(scan: &Scan, k: usize) -> bool {
    let word = |j: usize| scan.word_base_lower(j);
    let lead = if k >= 3 && word(k - 1) == "to" && word(k - 2) == "going" {
        k - 3
    } else if k >= 2 && word(k - 1) == "gonna" {
        k - 2
    } else {
        return false;
    };
    let contracted = matches!(scan.word_lower(lead), "she's" | "he's" | "shes" | "hes")
        || scan.word_lower(lead).ends_with("'s") && person_ref(scan, lead, false);
    contracted
        || (matches!(word(lead), "is" | "was") && lead >= 1 && person_ref(scan, lead - 1, false))
}

/// "93M" at word `k` as a note's age and sex: after a dash or comma, or followed by
/// the words a note goes on with ("91F w/ CHF", "90M presents with").
fn clinical_age_sex(scan: &Scan, k: usize) -> bool {
    const MARKS: [char; 5] = ['-', ',', '|', '\u{2014}', '\u{2013}'];
    let before = if k == 0 {
        ""
    } else {
        &scan.text[scan.words[k - 1].end..scan.words[k].start]
    };
    before
        .trim()
        .chars()
        .next()
        .is_some_and(|c| MARKS.contains(&c))
        || next_word_lower(scan, k).is_some_and(|w| {
            matches!(
                w,
                "w" | "with" | "presents" | "presenting" | "hx" | "pmh" | "admitted" | "c" | "s"
            )
        })
}

/// Words before an age that turn it into a bound ("over age 90", "older than 90").
fn is_bound(lower: &str) -> bool {
    matches!(
        lower,
        "over" | "above" | "under" | "below" | "than" | "past" | "beyond" | "least" | "ages"
    )
}

impl AgeRecognizer {
    /// Parses a number at word `i`: two or three digits, or a spelled-out number of 90 or
    /// more.
    fn number_at(&self, scan: &Scan, i: usize) -> Option<Number> {
        let w = scan.words[i];
        let lower = scan.word_lower(i);
        let b = lower.as_bytes();
        if b[0].is_ascii_digit() {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(2..=3).contains(&digits) {
                return None;
            }
            let value = parse_digits(&lower[..digits])?;
            if follows_number(scan.text, w.start)
                || matches!(char_before(scan.text, w.start), Some('$' | '#' | '.' | ','))
            {
                return None;
            }
            return Some(Number {
                value,
                last: i,
                start: w.start,
                end: w.start + digits,
            });
        }
        let n = scan.words.len();
        let next = |k: usize| -> Option<&str> {
            (k + 1 < n && joins(gap(scan, k))).then(|| scan.word_lower(k + 1))
        };
        match lower {
            "ninety" => {
                if let Some(u) = next(i).and_then(unit_value) {
                    return Some(Number {
                        value: 90 + u,
                        last: i + 1,
                        start: w.start,
                        end: scan.words[i + 1].end,
                    });
                }
                Some(Number {
                    value: 90,
                    last: i,
                    start: w.start,
                    end: w.end,
                })
            }
            "one" | "a" | "hundred" => {
                let h = if lower == "hundred" {
                    i
                } else if next(i) == Some("hundred") {
                    i + 1
                } else {
                    return None;
                };
                let start = if lower == "a" {
                    scan.words[h].start
                } else {
                    w.start
                };
                let mut value = 100;
                let mut last = h;
                // "one hundred and two", "one hundred two"
                let mut k = h;
                if next(k) == Some("and") {
                    k += 1;
                }
                if let Some(v) = next(k).and_then(small_value) {
                    value += v;
                    last = k + 1;
                }
                Some(Number {
                    value,
                    last,
                    start,
                    end: scan.words[last].end,
                })
            }
            _ => None,
        }
    }

    /// A spelled ordinal of 90 or more at word `i` ("ninetieth", "ninety-first",
    /// "hundredth", "one hundredth"); returns its last word.
    fn spelled_ordinal(&self, scan: &Scan, i: usize) -> Option<usize> {
        let n = scan.words.len();
        match scan.word_lower(i) {
            "ninetieth" | "hundredth" => Some(i),
            "ninety" if i + 1 < n && joins(gap(scan, i)) => {
                ordinal_unit_value(scan.word_lower(i + 1)).map(|_| i + 1)
            }
            "one" if i + 1 < n && joins(gap(scan, i)) && scan.word_lower(i + 1) == "hundredth" => {
                Some(i + 1)
            }
            _ => None,
        }
    }

    /// The age construction after a number ending at word `last`: "-year-old", " years
    /// old", " y/o", "yo". Returns the word index where the construction ends.
    fn year_old_after(&self, scan: &Scan, num: &Number) -> Option<usize> {
        let n = scan.words.len();
        let k = num.last;
        let w = scan.words[k];
        // Glued: "94yo", "94y/o", "94y.o."
        if num.end < w.end {
            let rest = &scan.lower[num.end..w.end];
            return match rest {
                "yo" | "yom" | "yof" => Some(k),
                // A clinical note's age and sex: "- 93M -", "91F, w/ CHF".
                "m" | "f" if clinical_age_sex(scan, k) => Some(k),
                "y" | "yr" => {
                    let after = scan.lower.get(w.end..).unwrap_or("");
                    if after.starts_with("/o") || after.starts_with(".o") {
                        Some((k + 1).min(n - 1))
                    } else {
                        None
                    }
                }
                _ => None,
            };
        }
        if k + 1 >= n {
            return None;
        }
        let g = gap(scan, k);
        if !matches!(g, " " | "-" | " - " | "  ") {
            return None;
        }
        let w1 = scan.word_lower(k + 1);
        match w1 {
            // Vietnamese "91 tuổi": years of age.
            "yo" | "tuổi" => Some(k + 1),
            "y" => {
                let after = scan.lower.get(scan.words[k + 1].end..).unwrap_or("");
                ((after.starts_with("/o") || after.starts_with(".o")) && k + 2 < n).then_some(k + 2)
            }
            "year" | "years" | "yr" | "yrs" | "yrold" => {
                if w1 == "yrold" {
                    return Some(k + 1);
                }
                if k + 2 < n && matches!(gap(scan, k + 1), " " | "-") {
                    let w2 = scan.word_lower(k + 2);
                    // "94 years young", "a 95-years-young dancer"
                    if w2 == "old" || w2 == "olds" || w2 == "young" {
                        return Some(k + 2);
                    }
                    if w2 == "of" && k + 3 < n && scan.word_lower(k + 3) == "age" {
                        return Some(k + 3);
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// True when the number is followed by "+", "and older", "or over", "plus".
    fn is_group(&self, scan: &Scan, num: &Number, after: usize) -> bool {
        if char_at(scan.text, scan.words[after].end.max(num.end)) == Some('+')
            || char_at(scan.text, num.end) == Some('+')
        {
            return true;
        }
        match next_word_lower(scan, after) {
            Some("plus") => true,
            Some("and" | "or") => {
                after + 2 < scan.words.len()
                    && matches!(
                        scan.word_lower(after + 2),
                        "older" | "over" | "up" | "above" | "beyond"
                    )
            }
            _ => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        out: &mut Vec<Entity>,
        start: usize,
        end: usize,
        score: f32,
        pattern: &'static str,
        validation: &'static str,
        context: Option<(usize, usize)>,
    ) {
        if out
            .iter()
            .rev()
            .take_while(|e| e.recognizer == ID)
            .any(|e| e.start < end && start < e.end)
        {
            return;
        }
        out.push(Entity::new(
            EntityType::Age,
            start,
            end,
            score,
            ID,
            Explanation::pattern(pattern)
                .validated(validation)
                .with_context(context),
        ));
    }

    fn word_span(scan: &Scan, k: usize) -> (usize, usize) {
        (scan.words[k].start, scan.words[k].end)
    }

    /// Ages written as numbers or words in an age construction.
    fn ages(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let n = scan.words.len();
        let lower = scan.lower.as_bytes();
        let mut i = 0;
        while i < n {
            // A number starts with a digit or is a number word.
            let w = scan.words[i];
            let candidate = lower[w.start].is_ascii_digit()
                || NUMBER_WORDS.may_contain_bytes(&lower[w.start..w.end]);
            if !candidate {
                i += 1;
                continue;
            }
            if let Some(last) = self.spelled_ordinal(scan, i) {
                if next_word_lower(scan, last)
                    .is_some_and(|w| matches!(w, "birthday" | "bday" | "birthdays"))
                {
                    let ctx = Self::word_span(scan, last + 1);
                    self.push(
                        out,
                        scan.words[i].start,
                        scan.words[last].end,
                        0.85,
                        "nth-birthday",
                        "age over 89",
                        Some(ctx),
                    );
                }
                i = last + 1;
                continue;
            }
            let Some(num) = self.number_at(scan, i) else {
                i += 1;
                continue;
            };
            let next_i = num.last + 1;
            if !(90..=125).contains(&num.value) {
                i = next_i;
                continue;
            }
            // "94-year-old", "94 y/o"
            if let Some(end_k) = self.year_old_after(scan, &num) {
                let thing = next_word_lower(scan, end_k).is_some_and(is_thing);
                let bound = prev_word_lower(scan, i).is_some_and(is_bound);
                if !thing && !bound && !self.is_group(scan, &num, end_k) {
                    self.push(
                        out,
                        num.start,
                        num.end,
                        0.9,
                        "n-year-old",
                        "age over 89",
                        Some((scan.words[num.last].end.min(num.end), scan.words[end_k].end)),
                    );
                }
                i = end_k + 1;
                continue;
            }
            let glued = num.end < scan.words[num.last].end;
            if glued {
                // "100th birthday"
                let rest = &scan.lower[num.end..scan.words[num.last].end];
                // "Happy 104th to your great-grandpa!": a birthday wish without the word.
                let wished = prev_word_lower(scan, i) == Some("happy")
                    && !next_word_lower(scan, num.last).is_some_and(|w| {
                        matches!(
                            w,
                            "anniversary"
                                | "year"
                                | "annual"
                                | "season"
                                | "episode"
                                | "edition"
                                | "day"
                                | "jubilee"
                                | "celebration"
                                | "post"
                                | "show"
                        )
                    });
                if matches!(rest, "th" | "st" | "nd" | "rd")
                    && (wished
                        || next_word_lower(scan, num.last)
                            .is_some_and(|w| matches!(w, "birthday" | "bday" | "birthdays")))
                {
                    let ctx = Self::word_span(scan, num.last + 1);
                    self.push(
                        out,
                        num.start,
                        num.end,
                        0.85,
                        "nth-birthday",
                        "age over 89",
                        Some(ctx),
                    );
                }
                i = next_i;
                continue;
            }
            let after_bad = continues_number(scan.text, num.end)
                || char_at(scan.text, num.end) == Some('%')
                || next_word_lower(scan, num.last).is_some_and(is_unit_word);
            // "aged 91", "age 95", "age: 95", "at the age of 95"
            let mut k = i;
            let mut cue: Option<usize> = None;
            if k >= 1 {
                let g = gap(scan, k - 1);
                let p = scan.word_lower(k - 1);
                if p == "of" && k >= 2 && scan.word_lower(k - 2) == "age" {
                    cue = Some(k - 2);
                } else if matches!(p, "age" | "aged") && matches!(g, " " | ": " | ":" | " : ") {
                    cue = Some(k - 1);
                }
            }
            if let Some(c) = cue {
                k = c;
                let bound = prev_word_lower(scan, k).is_some_and(is_bound);
                if !after_bad && !bound && !self.is_group(scan, &num, num.last) {
                    self.push(
                        out,
                        num.start,
                        num.end,
                        0.9,
                        "aged-n",
                        "age over 89",
                        Some(Self::word_span(scan, c)),
                    );
                }
                i = next_i;
                continue;
            }
            // "turned 100", "turns 95", "will turn 90", "she'll be 95"
            if let Some(p) = prev_word_lower(scan, i) {
                let will_be = p == "be"
                    && prev_word_lower(scan, i - 1).is_some_and(|q| {
                        let q = q.replace('\u{2019}', "'");
                        matches!(
                            q.as_str(),
                            "she'll" | "he'll" | "she'd" | "he'd" | "i'll" | "you'll"
                        ) || (matches!(q.as_str(), "will" | "would")
                            && i >= 2
                            && prev_word_lower(scan, i - 2).is_some_and(is_elder_subject))
                            // "Grandma is going to be 92", "my dad's gonna be 90"
                            || going_to_be(scan, i - 1)
                    });
                // "Grandma would have been 100 today"
                let would_have_been = p == "been"
                    && i >= 3
                    && prev_word_lower(scan, i - 1) == Some("have")
                    && prev_word_lower(scan, i - 2).is_some_and(|q| {
                        matches!(q, "would" | "she'd" | "he'd" | "she\u{2019}d" | "he\u{2019}d")
                    })
                    && self.clause_ends(scan, &num)
                    // "the clinic would have been 100": the age of a thing.
                    && !(i >= 4 && prev_word_lower(scan, i - 3).is_some_and(is_thing));
                let will_be = will_be || would_have_been;
                // "mom is pushing 95", "going on 93"; "nearly 91" (not "almost 90": 89)
                let close_to = matches!(p, "pushing")
                    || (p == "on" && i >= 2 && prev_word_lower(scan, i - 1) == Some("going"))
                    || (matches!(p, "nearly" | "almost") && num.value >= 91);
                if will_be || close_to || matches!(p, "turned" | "turns" | "turning" | "turn") {
                    let next_noun = next_word_lower(scan, num.last).is_some_and(|w| {
                        is_unit_word(w)
                            || matches!(w, "pages" | "degrees" | "corners" | "heads" | "cars")
                    });
                    // "our clinic turns 100": the age of a thing.
                    let thing = (2..=3).any(|back| {
                        i >= back && prev_word_lower(scan, i + 1 - back).is_some_and(is_thing)
                    });
                    if !after_bad && !next_noun && !thing && !self.is_group(scan, &num, num.last) {
                        self.push(
                            out,
                            num.start,
                            num.end,
                            0.8,
                            "turned-n",
                            "age over 89",
                            Some(Self::word_span(scan, i - 1)),
                        );
                    }
                }
            }
            if !after_bad {
                self.bare_number(scan, i, &num, out);
            }
            i = next_i;
        }
    }

    /// Ages told in Spanish after "cumple", "cumplió" or "tiene": "cumple noventa y tres",
    /// "tiene 95 años". Spelled numbers from "noventa" to "ciento veinticinco".
    fn spanish_ages(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let n = scan.words.len();
        for k in 0..n.saturating_sub(1) {
            let cue = scan.word_lower(k);
            if !matches!(
                cue,
                "cumple"
                    | "cumplió"
                    | "cumplio"
                    | "cumplirá"
                    | "cumplira"
                    | "cumplir"
                    | "tiene"
                    | "tenía"
                    | "tenia"
            ) {
                continue;
            }
            let i = k + 1;
            let first = scan.word_lower(i);
            let spanish_unit = |w: &str| -> Option<u32> {
                Some(match w {
                    "uno" | "una" | "un" => 1,
                    "dos" => 2,
                    "tres" => 3,
                    "cuatro" => 4,
                    "cinco" => 5,
                    "seis" => 6,
                    "siete" => 7,
                    "ocho" => 8,
                    "nueve" => 9,
                    _ => return None,
                })
            };
            let (value, last) = match first {
                "noventa" => match (scan.words.get(i + 2), i + 2 < n) {
                    (Some(_), true) if scan.word_lower(i + 1) == "y" => {
                        match spanish_unit(scan.word_lower(i + 2)) {
                            Some(u) => (90 + u, i + 2),
                            None => (90, i),
                        }
                    }
                    _ => (90, i),
                },
                "cien" => (100, i),
                "ciento" if i + 1 < n => match spanish_unit(scan.word_lower(i + 1)) {
                    Some(u) => (100 + u, i + 1),
                    None => continue,
                },
                _ if scan.words[i].has(shape::DIGIT) => {
                    // "tiene 95 años": digits need "años" after them.
                    let years = i + 1 < n && matches!(scan.word_lower(i + 1), "años" | "anos");
                    match parse_digits(scan.word(i)) {
                        Some(v) if years => (v, i),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            if !(90..=125).contains(&value) {
                continue;
            }
            self.push(
                out,
                scan.words[i].start,
                scan.words[last].end,
                0.8,
                "cumple-n",
                "age over 89",
                Some(Self::word_span(scan, k)),
            );
        }
    }

    /// A bare number next to a person: "my mom is 92 and still drives", "she's 94!",
    /// "Harold (96) loves", "Ms. Ortiz, 93, was", "at 91 she still drives", "died at 97",
    /// "…her husband Sam. 98, navy vet, …".
    fn bare_number(&self, scan: &Scan, i: usize, num: &Number, out: &mut Vec<Entity>) {
        let mut hit = |score: f32, pattern: &'static str, ctx: usize| {
            self.push(
                out,
                num.start,
                num.end,
                score,
                pattern,
                "age over 89",
                Some(Self::word_span(scan, ctx)),
            );
        };
        if let Some(ctx) = self.person_is(scan, i) {
            if self.clause_ends(scan, num) {
                hit(0.75, "person-is-n", ctx);
            }
            return;
        }
        if i == 0 {
            return;
        }
        let before = &scan.text[scan.words[i - 1].end..num.start];
        let rest = &scan.text[num.end..];
        // "Joe Tate (96!!)", "grandpa (101)"
        if before.trim() == "(" {
            let close = rest.trim_start_matches(['!', '?']).trim_start();
            if (close.starts_with(')') || close.starts_with(", ")) && person_ref(scan, i - 1, true)
            {
                hit(0.75, "person-(n)", i - 1);
            }
            return;
        }
        // "Ms. Abernathy, 90, sundowning", "EDNA HOLLOWAY, 91 F"
        if before == ", " {
            // "Aurelia Dunbar, 97 - Linden Court": a dash ends the field too.
            let after_ok = rest.is_empty()
                || rest.starts_with([',', '.', ';', ')', ':'])
                || rest.starts_with(" - ")
                || rest.starts_with(" – ")
                || rest.starts_with(" — ")
                || next_word_lower(scan, num.last)
                    .is_some_and(|w| matches!(w, "f" | "m" | "female" | "male"));
            if after_ok && person_ref(scan, i - 1, true) {
                hit(0.75, "person,-n", i - 1);
            }
            return;
        }
        // "a woman of 94", "a gentleman of 101"
        if let Some("of") = prev_word_lower(scan, i) {
            if i >= 2
                && prev_word_lower(scan, i - 1)
                    .is_some_and(|p| matches!(p, "woman" | "man" | "lady" | "gentleman"))
                && self.clause_ends(scan, num)
            {
                hit(0.75, "person-of-n", i - 2);
            }
            return;
        }
        // "at 91 she still drives", "passed away at 97"
        if let Some("at") = prev_word_lower(scan, i) {
            // "died at", "passed away peacefully at"
            let died = (2..=3).any(|back| {
                i >= back
                    && prev_word_lower(scan, i + 1 - back).is_some_and(|p| {
                        matches!(
                            p,
                            "passed" | "away" | "died" | "dies" | "death" | "retired" | "widowed"
                        )
                    })
                    && (back == 2
                        || prev_word_lower(scan, i - 1).is_some_and(|a| a.ends_with("ly")))
            })
                // "passed on the 3rd at 102": the date of death between.
                // (words: "passed" "on" "the" "3rd" "at" N)
                || (i >= 5
                    && matches!(
                        prev_word_lower(scan, i - 4),
                        Some("passed" | "died" | "away")
                    )
                    && prev_word_lower(scan, i - 3) == Some("on")
                    && prev_word_lower(scan, i - 2) == Some("the"));
            let comma = rest.starts_with(", ");
            let rest = rest.strip_prefix(',').unwrap_or(rest);
            let pronoun = rest.starts_with(' ')
                && scan.words.get(num.last + 1).is_some_and(|w| {
                    matches!(
                        &scan.lower[w.start..w.end],
                        "she" | "he" | "i" | "they" | "she's" | "he's"
                    )
                });
            // "after a stroke at 93, Ruth taught herself to paint"
            let named =
                comma && num.last + 1 < scan.words.len() && is_name(scan, num.last + 1, false);
            // "Mr. Ames, who at 98 beat Dr. Bell at checkers"
            let who = i >= 2 && prev_word_lower(scan, i - 1) == Some("who") && !comma;
            if died || pronoun || named || who {
                hit(0.75, "at-n", i - 1);
            }
            return;
        }
        // "98, navy vet, told the same joke" after a sentence about a named person.
        if scan.words[i].has(shape::SENTENCE_START)
            && rest.starts_with(", ")
            && num.last + 1 < scan.words.len()
        {
            let w = scan.words[num.last + 1];
            // "that's" reads as "that"
            let next = &scan.lower[w.start..w.base_end];
            let describes = w.has(shape::ALPHA)
                && (w.has(shape::LOWER) || case_free(scan))
                && !is_stop_word(next)
                && !is_unit_word(next);
            if describes {
                if let Some(k) = self.person_in_previous_sentence(scan, i) {
                    hit(0.6, "n,-description", k);
                }
            }
        }
    }

    /// A named person in the sentence before word `i` (at most 15 words back).
    fn person_in_previous_sentence(&self, scan: &Scan, i: usize) -> Option<usize> {
        let lo = i.saturating_sub(15);
        for k in (lo..i).rev() {
            let w = scan.words[k];
            if is_name(scan, k, true) {
                return Some(k);
            }
            if w.has(shape::SENTENCE_START) {
                break;
            }
        }
        None
    }

    /// The word that makes the number at word `i` a person's age: "she is", "mom was",
    /// "Ruth is", "Mr. Ortiz is", "he's", "I'm", "shes".
    fn person_is(&self, scan: &Scan, i: usize) -> Option<usize> {
        let p = prev_word_lower(scan, i)?;
        if matches!(
            p,
            "she's"
                | "he's"
                | "i'm"
                | "she\u{2019}s"
                | "he\u{2019}s"
                | "i\u{2019}m"
                | "shes"
                | "hes"
        ) {
            return Some(i - 1);
        }
        // "im ninety-one": "I'm" without its apostrophe, not "IM" (intramuscular).
        if p == "im" && !scan.words[i - 1].has(shape::UPPER) {
            return Some(i - 1);
        }
        // "a patient who's ninety"
        if matches!(p, "who's" | "whos" | "who\u{2019}s") && i >= 2 {
            return person_ref(scan, i - 2, false).then_some(i - 2);
        }
        if !matches!(p, "is" | "was" | "am") || i < 2 {
            return None;
        }
        // "My grandpa Park Sung-ho (박성호) is 91": the person before a bracketed aside.
        if scan.text[scan.words[i - 2].end..scan.words[i - 1].start] == *") " {
            let open = (0..i - 2)
                .rev()
                .take(4)
                .find(|&k| scan.text[scan.words[k].end..scan.words[k + 1].start].ends_with('('))?;
            // The name may run over several words ("Park Sung-ho"), after a person noun.
            return (open.saturating_sub(3)..=open)
                .rev()
                .find(|&k| person_ref(scan, k, false));
        }
        prev_word_lower(scan, i - 1)?;
        person_ref(scan, i - 2, false).then_some(i - 2)
    }

    /// True when nothing but the end of a clause follows the number ("92 and still",
    /// "94!", "95 now").
    fn clause_ends(&self, scan: &Scan, num: &Number) -> bool {
        match next_word_lower(scan, num.last) {
            None => {
                let rest = scan.text[num.end..].trim_start();
                rest.is_empty() || rest.starts_with(['.', '!', '?', ',', ';', ')'])
            }
            Some(w) => matches!(
                w,
                "and"
                    | "but"
                    | "yet"
                    | "so"
                    | "now"
                    | "today"
                    | "this"
                    | "next"
                    | "last"
                    | "when"
                    | "in"
                    | "on"
                    | "with"
                    | "still"
            ),
        }
    }

    /// "in her 90s", "in his mid-nineties", "in their late 90's".
    fn decades(&self, scan: &Scan, out: &mut Vec<Entity>) {
        for i in 1..scan.words.len() {
            let w = scan.words[i];
            // "90s", "90's", "90’s", "nineties"
            let first = scan.lower.as_bytes()[w.start];
            if !(first == b'9' || (first == b'n' && w.end - w.start == 8)) {
                continue;
            }
            let lower = scan.word_lower(i);
            let is_decade = matches!(lower, "90s" | "nineties" | "90's" | "90\u{2019}s");
            if !is_decade {
                continue;
            }
            let mut k = i - 1;
            if matches!(scan.word_lower(k), "early" | "mid" | "late") {
                if k == 0 || !matches!(gap(scan, k), " " | "-") {
                    continue;
                }
                k -= 1;
            } else if !matches!(gap(scan, k), " ") {
                continue;
            }
            if !matches!(
                scan.word_lower(k),
                "her" | "his" | "their" | "my" | "your" | "our"
            ) {
                continue;
            }
            self.push(
                out,
                w.start,
                w.end,
                0.85,
                "in-her-90s",
                "age over 89",
                Some(Self::word_span(scan, k)),
            );
        }
    }

    /// "born in 1931", "b. 1929", "DOB 1930".
    fn birth_years(&self, scan: &Scan, out: &mut Vec<Entity>) {
        for i in 1..scan.words.len() {
            let w = scan.words[i];
            if w.end - w.start != 4 {
                continue;
            }
            let Some(year) = parse_digits(scan.word(i)) else {
                continue;
            };
            let year = year as i32;
            if year < 1850 || year > scan.reference_year {
                continue;
            }
            if continues_number(scan.text, w.end) || follows_number(scan.text, w.start) {
                continue;
            }
            let Some(cue) = self.birth_cue(scan, i) else {
                continue;
            };
            if scan.reference_year - year <= 89 {
                continue;
            }
            self.push(
                out,
                w.start,
                w.end,
                0.85,
                "birth-year",
                "the birth year implies an age over 89",
                Some(cue),
            );
        }
    }

    /// The span of the words that make the year at `i` a birth year.
    fn birth_cue(&self, scan: &Scan, i: usize) -> Option<(usize, usize)> {
        let word = |k: usize| scan.word_lower(k);
        let span = |a: usize, b: usize| (scan.words[a].start, scan.words[b].end);
        let g = gap(scan, i - 1);
        let p = word(i - 1);
        let colon_ok = matches!(g, " " | ": " | ":" | " : " | ". " | ".");
        // "DOB 1930", "DOB: 1930", "YOB 1930", "b. 1929"
        if matches!(p, "dob" | "yob") && colon_ok {
            return Some(span(i - 1, i - 1));
        }
        if p == "b" && matches!(g, ". " | ".") {
            // Only the single letter "b.", not the end of a word.
            return Some(span(i - 1, i - 1));
        }
        if g != " " && !(p == "born" && g == ", ") {
            return None;
        }
        let near = match p {
            "born" => Some(span(i - 1, i - 1)),
            // "born in 1931", "born back in 1931"
            "in" if i >= 2 => {
                if word(i - 2) == "born" {
                    return Some(span(i - 2, i - 1));
                }
                if i >= 3 && word(i - 2) == "back" && word(i - 3) == "born" {
                    return Some(span(i - 3, i - 1));
                }
                None
            }
            // "born in the year 1931", "birth year 1930"
            "year" if i >= 2 => {
                if word(i - 2) == "birth" {
                    return Some(span(i - 2, i - 1));
                }
                if i >= 4 && word(i - 2) == "the" && word(i - 3) == "in" && word(i - 4) == "born" {
                    return Some(span(i - 4, i - 1));
                }
                None
            }
            // "year of birth 1930"
            "birth" if i >= 3 && word(i - 2) == "of" && word(i - 3) == "year" => {
                Some(span(i - 3, i - 1))
            }
            _ => None,
        };
        // "born on Christmas Day 1931", "born in Chicago in 1931": "born" a few words before
        // the year, in the same clause.
        near.or_else(|| {
            (2..=5).filter(|&back| i >= back).find_map(|back| {
                let k = i - back;
                let clause = scan.text[scan.words[k].end..scan.words[i].start]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '\'' || c == '’');
                (word(k) == "born" && clause).then(|| span(k, i - 1))
            })
        })
    }
}

impl Recognizer for AgeRecognizer {
    fn id(&self) -> &'static str {
        ID
    }

    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>) {
        let lower = scan.lower.as_str();
        if has_digit(scan) {
            self.ages(scan, out);
            self.decades(scan, out);
            self.birth_years(scan, out);
        } else if lower.contains("ninet") || lower.contains("hundred") {
            self.ages(scan, out);
            self.decades(scan, out);
        }
        if lower.contains("cumpl") || lower.contains("tiene") || lower.contains("ten\u{ed}a") {
            self.spanish_ages(scan, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Analyzer, Input, Kind, FINDING_THRESHOLD};

    fn all_with_year(text: &str, year: i32) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post).with_reference_year(year);
        let mut out = Vec::new();
        AgeRecognizer::new().recognize(&scan, &mut out);
        out.sort_by_key(|e| e.start);
        for e in &out {
            assert!(e.start < e.end && e.end <= text.len());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    fn found(text: &str) -> Vec<String> {
        all_with_year(text, 2026)
            .into_iter()
            .filter(|(_, s)| *s >= FINDING_THRESHOLD)
            .map(|(t, _)| t)
            .collect()
    }

    fn one(text: &str, want: &str) {
        assert_eq!(found(text), vec![want.to_string()], "in {text:?}");
    }

    fn none(text: &str) {
        assert!(
            all_with_year(text, 2026).is_empty(),
            "{text:?} gave {:?}",
            all_with_year(text, 2026)
        );
    }

    #[test]
    fn numeric_ages() {
        one("Our 94-year-old patient walks daily", "94");
        one("a 94 year old woman", "94");
        one("94 y/o F with CHF", "94");
        one("94yo male", "94");
        one("94 yo F", "94");
        one("94 YO", "94");
        one("94 y.o. man", "94");
        one("She is 95 years old today", "95");
        one("95 years of age", "95");
        one("a 101 year old", "101");
        one("ages: age 95", "95");
        one("aged 91, she still gardens", "91");
        one("at the age of 97 he", "97");
        one("She turned 100 last week!", "100");
        one("Happy 100th birthday, Rose!", "100");
        one("WISH HER A HAPPY 103RD BIRTHDAY", "103");
        one("My mom is 92 and still drives to Peoria", "92");
        one("She's 94!", "94");
        one("Grandpa was 96 when he passed", "96");
        one("Her birthday is June 3rd and she'll be 95", "95");
        one("my dad will be 91 next month", "91");
        one("Grandma is going to be 92 on the 21st", "92");
        one("my pops is ninety one, still mows", "ninety one");
        one("SOAP NOTE - OKONKWO, C - 93M - ADMIT FROM HOME", "93");
        one("pt 91F w/ CHF", "91");
    }

    #[test]
    fn born_a_few_words_before_the_year() {
        let f = all_with_year("she was born on christmas day 1931 in Ohio", 2026);
        assert!(f.iter().any(|(t, s)| t == "1931" && *s >= 0.5), "{f:?}");
        let f = all_with_year("born in 1990, moved here in 1931", 2026);
        assert!(f.iter().all(|(t, s)| t != "1931" || *s < 0.5), "{f:?}");
    }

    #[test]
    fn close_to_an_age_and_a_field_ended_by_a_dash() {
        one("mom is pushing 95 and still gardens", "95");
        one("grandpa is going on 93", "93");
        none("He's almost 90");
        one("3) Aurelia Dunbar, 97 - Linden Court Assisted Living", "97");
    }

    #[test]
    fn bare_numbers_next_to_a_person() {
        one("My grandfather Walter (97!) still mows his lawn", "97");
        one("grandpa (101) was the guest of honor", "101");
        one("Mrs. Adeyemi, 93, was admitted overnight", "93");
        one("PT MARGARET OLSEN, 94 F, FALL AT HOME", "94");
        one("Visited Desmond Achterberg, 96.", "96");
        one("at 92 he still plays golf", "92");
        one("At 95, she still bakes for the staff", "95");
        one("Grandma passed away peacefully at 99 last spring", "99");
        one("Her uncle died at 103 in his sleep", "103");
        one("theodora is 96 and sharp as a tack", "96");
        one("Shes 93 and still gardening", "93");
        one("mr delacroix is 97.", "97");
        one("PT IS 91 AND LIVES ALONE", "91");
        one("Our patient Imelda Sorensen is 98 today", "98");
        one("She was 95 years young and loved to dance", "95");
        one("a lovely woman of 94, sharp as ever", "94");
        one(
            "We said goodbye to Otis Kemperman. 99, army medic, loved crosswords.",
            "99",
        );
    }

    #[test]
    fn ages_told_in_spanish_and_after_a_name() {
        one(
            "Mi papá cumple noventa y tres el 15 de diciembre.",
            "noventa y tres",
        );
        one("Mi abuela tiene 95 años.", "95");
        none("Hace 95 años que abrió la tienda.");
        one("my neighbor Mrs. Ybarra, 95: she needs a ride", "95");
        one("Mr. Ames, who at 98 beat Dr. Bell at checkers", "98");
        one("My grandmother would have been 100 today.", "100");
        one(
            "My grandpa Park Sung-ho (박성호) is 91 and needs help",
            "91",
        );
        one("bn trần văn minh, 91 tuổi, ho 2 tuần", "91");
        one("Will they see a patient who's ninety?", "ninety");
        one("My father in law (93) lives with us", "93");
        one("my grandma passed on the 3rd at 102.", "102");
        none("The clinic would have been 100 today.");
    }

    #[test]
    fn bare_numbers_that_are_not_ages() {
        for t in [
            "My sugar was 98 this morning",
            "Her sat was 92 and HR 110",
            "The temp is 99 and rising",
            "Grace is 100% better",
            "Sarah, 95 of our patients loved it",
            "We scored 92, 95 and 98 on surveys",
            "Chapter 100 (page 95) covers it",
            "the clinic (100 beds) opened",
            "meet at 100 Oak Ave",
            "At 90 degrees outside, stay hydrated",
            "at 95 mph he was speeding",
            "The patient in bed 96 is stable",
            "Our practice turns 100 this year",
            "The total will be 95 after the discount",
            "It'll be 90 degrees tomorrow",
            "The hospital turned 125 in May",
            "Room 92 is ready. 95, maybe more, came to the fair.",
            "Mr. Tran, 81, is stable",
            "Smith, 98.6 temp",
            "Thanks Sarah, 100!",
            "Tucson is 110 today and humid",
            "Thanks to Dr. Patel. 100, that's how many shots we gave!",
            "The temperature is going to be 95 tomorrow",
            "Revenue: 95M, up from last year",
            "We raised 93M last year",
        ] {
            none(t);
        }
    }

    #[test]
    fn decades_and_words() {
        one("a lady in her 90s", "90s");
        one("a lady in her 90's", "90's");
        one("a man in his nineties", "nineties");
        one("a man in his mid-90s", "90s");
        one("both in their late nineties", "nineties");
        one("a ninety-two-year-old veteran", "ninety-two");
        one("a ninety two year old veteran", "ninety two");
        one("aged ninety-one", "ninety-one");
        one("im ninety-one and i typed this myself", "ninety-one");
        one("Grandad is 97 and still golfs", "97");
        one("Im 93 and still driving", "93");
        one("one hundred and two years old", "one hundred and two");
        one("a hundred-year-old great-grandma", "hundred");
        one("her ninetieth birthday", "ninetieth");
        one("his ninety-fifth birthday", "ninety-fifth");
        one("IN HER NINETIES AND SHARP", "NINETIES");
    }

    #[test]
    fn birth_years() {
        one("born in 1931 in Ohio", "1931");
        one("Mr. K (b. 1929)", "1929");
        one("DOB 1930", "1930");
        one("DOB: 1930", "1930");
        one("born 1932", "1932");
        one("year of birth 1933", "1933");
        // Depends on the reference year.
        assert!(all_with_year("born in 1931", 2010).is_empty());
        assert_eq!(all_with_year("born in 1950", 2045).len(), 1);
        none("born in 1990");
        none("born in 1960");
    }

    #[test]
    fn not_ages() {
        for t in [
            "94 mg",
            "room 94",
            "94%",
            "1930s music",
            "since 1931",
            "open since 1925",
            "founded in 1931",
            "a 45-year-old man",
            "aged 89",
            "an 89 y/o",
            "she turned 60",
            "in the 90s we",
            "back in the 90s",
            "a 100-year-old house",
            "our 125 year old church",
            "patients aged 90+",
            "adults 90 and older",
            "aged 90 and over",
            "over age 90",
            "ages 90 and up",
            "turned 100 pages",
            "turn 90 degrees",
            "a 150-year-old tradition",
            "$95 year old",
            "age 95%",
            "born on 3/4/1931",
            "the 1990s",
            "page 100",
            "ninety days",
            "one hundred patients",
            "she is 95 pounds",
            "the wait is 92 minutes",
            "He is 100% better",
            "it is 98.6",
            "room is 94",
            "she is 95 years younger",
        ] {
            none(t);
        }
    }

    #[test]
    fn odd_input() {
        for t in [
            "",
            "90",
            "ninety",
            "one hundred",
            "a",
            "94y",
            "94y/",
            "born",
            "b.",
            "9999 year old",
        ] {
            let _ = all_with_year(t, 2026);
        }
    }

    #[test]
    fn through_the_analyzer() {
        let a = Analyzer::default();
        let (ents, _) = a
            .entities(&Input::post("Celebrating our 97-year-old patient today!"))
            .unwrap();
        assert!(ents
            .iter()
            .any(|e| e.entity_type == EntityType::Age && e.score >= 0.85));
        let (ents, _) = a.entities(&Input::post("She was born in 1931.")).unwrap();
        let age: Vec<_> = ents
            .iter()
            .filter(|e| e.entity_type == EntityType::Age)
            .collect();
        assert_eq!(age.len(), 1);
        // The weak year candidate loses to the age.
        assert!(!ents
            .iter()
            .any(|e| e.entity_type == EntityType::Date && e.start == age[0].start));
    }
}
