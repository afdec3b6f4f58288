//! Other codes that identify a person: case, incident and police report numbers, prior
//! authorization references, employee and staff IDs, badge numbers, student, client and
//! customer IDs, user names, and generic "ID #" / "ID number" codes. Context is required: a
//! code of 4–20 letters and digits (dashes allowed, at least three digits, any letter case)
//! placed
//!
//! - right after "case number", "incident number", "employee ID", "badge number", "auth ref",
//!   "ID number" (confident), or after "case", "incident", "employee", "badge", "client",
//!   "customer", "report", "ID" followed by `#`, `:` or "number"/"no.";
//! - right after "case", "incident", "docket", "employee", "badge" or "student" when the code
//!   looks like an identifier ("order of protection case 2025-OP-000381"), never in "in
//!   case";
//! - a few words after "case number", "incident report", "police report" in the same
//!   sentence when the code looks like an identifier (after "police", "report", "complaint"
//!   only a code with letters and five digits); codes listed after one share its context;
//! - after "reference number" / "ref #" only when the reference belongs to someone ("your
//!   reference number is MGF-CR-0912", "her ref # 88412"): order and tracking numbers
//!   identify a transaction, not a person;
//! - right after "confirmation" or "ticket" when the code mixes letters and digits
//!   ("confirmation code QX7-44RT", "support ticket INC-0048213"): it leads to one person's
//!   appointment, payment or request;
//! - after "username", "user ID", "login": a user name with a digit, `_` or `.` ("CWEI_1957").
//!
//! A bare "ID" owned by a more specific word ("patient ID", "member ID", "tax ID", "device
//! ID") is left to the recognizer of that identifier. Reported as OTHER_ID.

use super::group::member_recognizer;
use super::group::{needed, Facts, Member};
use super::util::Index;
use super::util::{self, Level};
use super::words::Phrases;
use crate::entity::{Entity, EntityType, Explanation};
use crate::recognizers::Recognizer;
use crate::text::Scan;

/// Words that make "ID" a specific identifier another recognizer handles.
const OWNED_ID: &[&str] = &[
    "patient",
    "pt",
    "member",
    "subscriber",
    "insurance",
    "plan",
    "policy",
    "group",
    "tax",
    "device",
    "provider",
    "medicare",
    "medicaid",
    "beneficiary",
    "enrollee",
    "insured",
    "hospital",
    "chart",
    "biometric",
    "template",
    "iris",
    "face",
    "claim",
    "employer",
    "photo",
    "apple",
];

/// Identifying codes of people.
pub struct OtherCode {
    vocab: util::Vocab,
    reference: util::Intros,
    confirmation: util::Intros,
    owner: Phrases,
    username: util::Intros,
}

impl OtherCode {
    pub fn new() -> Self {
        let mut reference = util::Intros::new(&[
            "reference number",
            "reference no",
            "reference",
            "ref",
            "ref number",
            "ref no",
        ]);
        // An appointment's or a payment's confirmation code and a support ticket lead to one
        // person's record ("confirmation code QX7-44RT"); a number alone may be the
        // practice's own booking or a raffle ticket.
        let mut confirmation = util::Intros::new(&[
            "confirmation",
            "confirmation code",
            "confirmation number",
            "confirmation no",
            "support ticket",
            "ticket",
            "ticket number",
            "ticket no",
        ]);
        let mut username = util::Intros::new(&[
            "username",
            "user name",
            "user id",
            "userid",
            "login",
            "login id",
            "screen name",
            "screenname",
        ]);
        OtherCode {
            vocab: util::Vocab {
                strong: util::Intros::new(&[
                    "case number",
                    "case no",
                    "case id",
                    "case file",
                    "incident number",
                    "incident no",
                    "incident id",
                    "incident report",
                    "report number",
                    "police report",
                    "docket number",
                    "docket no",
                    "file number",
                    "claimant id",
                    "authorization number",
                    "authorization no",
                    "authorization ref",
                    "auth number",
                    "auth no",
                    "auth ref",
                    "auth reference",
                    "auth id",
                    "prior auth",
                    "prior authorization",
                    "complaint number",
                    "grievance number",
                    "appeal number",
                    "employee id",
                    "employee number",
                    "employee no",
                    "emp id",
                    "staff id",
                    "staff number",
                    "badge number",
                    "badge no",
                    "badge id",
                    "student id",
                    "student number",
                    "client id",
                    "client number",
                    "customer id",
                    "customer number",
                    "inmate number",
                    "dod id",
                    "edipi",
                    "military id",
                    "service number",
                    "id number",
                    "id no",
                    "identification number",
                    "prescription number",
                    "prescription no",
                    "rx number",
                    "rx no",
                ]),
                marked: util::Intros::new(&[
                    "rx",
                    "prescription",
                    "client",
                    "customer",
                    "id",
                    "report",
                    "complaint",
                    "grievance",
                    "appeal",
                    "auth",
                    "authorization",
                ]),
                label: util::Intros::new(&[
                    "case", "incident", "docket", "badge", "employee", "student",
                ]),
                near: util::Intros::new(&[
                    "case number",
                    "case no",
                    "case id",
                    "incident number",
                    "incident report",
                    "police report",
                    "report number",
                    // "My employee ID for the injury form is EMP-00731", "Rx # for my
                    // refill is 6623419".
                    "employee id",
                    "employee number",
                    "staff id",
                    "badge number",
                    "student id",
                    "prescription number",
                    "rx number",
                    "rx",
                ]),
                loose: util::Intros::new(&["police", "report", "complaint", "authorization"]),
                strong_filler: 2,
                near_gap: 8,
                index: util::Index::default(),
            }
            .indexed(&mut [&mut reference, &mut username, &mut confirmation]),
            reference,
            confirmation,
            owner: Phrases::new(&[
                "your",
                "his",
                "her",
                "my",
                "their",
                "our",
                "patient's",
                "pt's",
            ]),
            username,
        }
    }

    /// A user name after "username", "login": letters, digits, `_`, `.` and `-` with a
    /// digit, `_` or `.` in it.
    fn user_name(&self, scan: &Scan, hits: &util::Hits, i: usize) -> Option<Entity> {
        let intro = util::introduced_by(scan, hits, i, &self.username, 2)?;
        let code = util::code_at(scan, i, b"_.-", 32)?;
        // A digit, "_" or "." marks a user name; a dash alone joins words ("the
        // controlled-drug cabinet").
        let marked = code.digits > 0 || scan.text[code.start..code.end].contains(['_', '.']);
        if code.len < 4 || !marked || code.letters == 0 {
            return None;
        }
        Some(Entity::new(
            EntityType::OtherId,
            code.start,
            code.end,
            0.75,
            self.id(),
            Explanation::pattern("user-name-after-context")
                .validated("letters with digits, _ or . after a user name word")
                .with_context(Some(intro.span)),
        ))
    }

    /// A reference number that belongs to someone ("your reference number is …").
    fn owned_reference(
        &self,
        scan: &Scan,
        hits: &util::Hits,
        i: usize,
        code: &util::Code,
    ) -> Option<(usize, usize)> {
        let intro = util::introduced_by(scan, hits, i, &self.reference, 2)?;
        let numbered = matches!(
            scan.word_lower(scan.word_containing(intro.span.1 - 1)?),
            "number" | "no"
        );
        if !(intro.marked || numbered || util::shape_of(scan, code) >= util::Shape::Id) {
            return None;
        }
        // A reference that names itself an authorization ("ref# PA-7781204", "Ref
        // AUTH-2026-55817") is one patient's, whoever owns it in the sentence.
        let text = scan.text[code.start..code.end].to_ascii_uppercase();
        let authorization = ["PA-", "AUTH-", "PRIORAUTH-", "PAR-"]
            .iter()
            .any(|p| text.starts_with(p))
            && code.digits >= 5;
        if !authorization {
            self.owner.before(scan, intro.span.0, 2)?;
        }
        Some(intro.span)
    }

    /// A confirmation or ticket code of letters and digits right after its phrase.
    fn confirmation_code(
        &self,
        scan: &Scan,
        hits: &util::Hits,
        i: usize,
        code: &util::Code,
    ) -> Option<(usize, usize)> {
        if code.letters < 2 || code.digits < 2 || code.len < 6 {
            return None;
        }
        util::introduced_by(scan, hits, i, &self.confirmation, 2).map(|intro| intro.span)
    }
}

impl Default for OtherCode {
    fn default() -> Self {
        Self::new()
    }
}

member_recognizer!(OtherCode, "other-id");

impl Member for OtherCode {
    fn index(&self) -> Option<&Index> {
        Some(&self.vocab.index)
    }

    fn recognize_with(&self, facts: &Facts, out: &mut Vec<Entity>) {
        let scan = facts.scan;
        if !facts.has_digit() {
            return;
        }
        let hits = util::Hits::new(facts, &self.vocab.index);
        let mut covered_to = 0usize;
        let mut last = None;
        // A user name follows a user-name phrase: without one of its last words in the text,
        // look only where other codes may start.
        let user_words = facts.needed & needed::USER_NAME != 0;
        // A user name may start at any word; other codes only where `code_starts` says.
        let mut every = 0..scan.words.len();
        let mut starts = facts.code_starts();
        loop {
            let next = if user_words {
                every.next()
            } else {
                starts.next()
            };
            let Some(i) = next else {
                break;
            };
            if scan.words[i].start < covered_to {
                continue;
            }
            if let Some(e) = user_words.then(|| self.user_name(scan, &hits, i)).flatten() {
                covered_to = e.end;
                out.push(e);
                continue;
            }
            if user_words && !util::may_start_code(scan, i) {
                continue;
            }
            // Codes are placed by a phrase or a reference word: read none where none is near.
            if !util::may_read_code(scan, i, b"-", 4)
                || (!util::may_place(scan, &hits, i, &self.vocab, last)
                    && !self.reference.near(scan, &hits, i, 2)
                    && !self.confirmation.near(scan, &hits, i, 2))
            {
                continue;
            }
            let Some(code) = util::code_at(scan, i, b"-", 24) else {
                continue;
            };
            let text = &scan.text[code.start..code.end];
            // A confirmation code may hold only two digits ("QX7M2P").
            let few_digits = code.digits < 3
                && !(code.digits == 2
                    && code.letters >= 2
                    && self.confirmation.near(scan, &hits, i, 2));
            if code.len < 4 || code.len > 20 || few_digits || util::is_year(text) {
                continue;
            }
            let (span, level) = match util::place(scan, &hits, i, &code, &self.vocab, last) {
                Some(found) => found,
                None => match self
                    .owned_reference(scan, &hits, i, &code)
                    .or_else(|| self.confirmation_code(scan, &hits, i, &code))
                {
                    Some(span) => (span, Level::Marked),
                    None => continue,
                },
            };
            // "in case", "just in case": not a case number.
            let first = scan.word_at_or_after(span.0);
            if scan.word_lower(first) == "case" && first > 0 && scan.word_lower(first - 1) == "in" {
                continue;
            }
            // "patient ID", "member ID number": another recognizer's identifier.
            let generic_id =
                scan.word_lower(first) == "id" || scan.word_lower(first) == "identification";
            if generic_id && first > 0 && OWNED_ID.contains(&scan.word_base_lower(first - 1)) {
                continue;
            }
            if code.letters == 0 && code.parts == 3 {
                if let Some(d) = util::Digits::of(text) {
                    if util::is_nanp_shape(&d) {
                        continue;
                    }
                }
            }
            let score = match (level, generic_id) {
                (_, true) => 0.65,
                (Level::Strong, false) => 0.8,
                (Level::Marked, false) => 0.7,
                (level, false) => level.score(0.8).min(0.7),
            };
            covered_to = code.end;
            last = Some(util::Prev::new(&code, span, level));
            out.push(Entity::new(
                EntityType::OtherId,
                code.start,
                code.end,
                score,
                self.id(),
                Explanation::pattern(match level {
                    Level::Strong | Level::Marked => "person-code-after-context",
                    _ => level.pattern(),
                })
                .validated("code after a case, employee, badge or ID phrase")
                .with_context(Some(span)),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Kind;

    fn find(text: &str) -> Vec<(String, f32)> {
        let scan = Scan::new(text, Kind::Post);
        let mut out = Vec::new();
        OtherCode::new().recognize(&scan, &mut out);
        out.iter()
            .map(|e| (text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn finds_person_codes() {
        let cases = [
            ("Case #: 2024-00123", "2024-00123"),
            ("employee ID E-55821", "E-55821"),
            ("Badge number 44719", "44719"),
            ("ID # A1234567", "A1234567"),
            ("her student ID is S20231145", "S20231145"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want);
            assert!(f[0].1 >= 0.6);
        }
    }

    #[test]
    fn finds_person_codes_in_looser_writing() {
        let cases = [
            (
                "ORDER OF PROTECTION CASE 2024-OP-000912 ON FILE",
                "2024-OP-000912",
            ),
            ("INCIDENT #IR-2024-0418", "IR-2024-0418"),
            ("AUTH REF PA-5512093 APPROVED", "PA-5512093"),
            ("Your reference number is KMC-CR-0415.", "KMC-CR-0415"),
            ("her ref # 88412 is on the letter", "88412"),
            ("PORTAL USERNAME jdoe_1988 LOCKED", "jdoe_1988"),
            ("employee badge 004812 was found", "004812"),
            ("police report number 2025-004412", "2025-004412"),
            ("DoD ID 1234567890 on his card", "1234567890"),
            (
                "my employee ID on the disability paperwork is WH-40217 i think",
                "WH-40217",
            ),
            ("Rx # on the bottle for the refill is 7731904", "7731904"),
        ];
        for (text, want) in cases {
            let f = find(text);
            assert_eq!(f.len(), 1, "{text}: {f:?}");
            assert_eq!(f[0].0, want, "{text}");
        }
    }

    #[test]
    fn looser_hard_negatives() {
        for t in [
            "In case 2025 brings snow, check our page.",
            "just in case 2024-OP-000912 happens",
            "Please reference invoice INV-2024-00812 when you pay.",
            "reference number 99812",
            "Username and password are required since 2024.",
            "Incident response drill at 2:00; 40 staff attended.",
            "Employee of the month: 25 years with us!",
            "case 12345",
            "Rx for amoxicillin 500 mg three times a day",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "in case 2 people come",
            "case 12345",
            "Order number 12345678",
            "Confirmation # 12345678 for the seminar booking.",
            "raffle ticket number 4471",
            "reference number 99812",
            "Patient ID: 12345",
            "member ID # 88123",
            "tax ID: 12-3456789",
            "employee since 2019",
            "ID: 312-555-0188",
            "badge # 12",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn confirmation_and_ticket_codes() {
        for (t, want) in [
            (
                "confirmation code QX7-44RT for tomorrow at 9:15",
                "QX7-44RT",
            ),
            (
                "paid 11/02, confirmation #PMT-55183027, $85.00",
                "PMT-55183027",
            ),
            ("support ticket INC-0048213", "INC-0048213"),
            ("confirmation code QX7M2P for my video visit", "QX7M2P"),
            (
                "Ozempic PA approved, ref# PA-7781204, member MQX990217734",
                "PA-7781204",
            ),
            (
                "for Humira 40 mg q2wk. Ref AUTH-2026-55817.",
                "AUTH-2026-55817",
            ),
        ] {
            let f = find(t);
            assert!(f.len() == 1 && f[0].0 == want, "{t}: {f:?}");
        }
    }
}
