//! Identifying numbers: SSN and ITIN, cards and bank accounts, provider and licence numbers,
//! record and plan numbers, vehicles and devices.

use super::Recognizer;

pub mod aba_routing;
pub mod bank_account;
pub mod biometric;
pub mod dea;
pub mod device;
pub mod drivers_license;
mod group;
pub mod health_plan;
pub mod iban;
pub mod itin;
pub mod medical_record;
pub mod npi;
pub mod other_code;
pub mod passport;
pub mod payment_card;
pub mod ssn;
mod util;
pub mod vehicle;
pub(crate) mod words;

/// The recognizers of this group, run together (see `group.rs`).
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![Box::new(group::Numbers::new(members()))]
}

/// The recognizers of this group, in the order they run.
fn members() -> Vec<Box<dyn group::Member>> {
    vec![
        Box::new(ssn::UsSsn::new()),
        Box::new(itin::UsItin::new()),
        Box::new(payment_card::PaymentCard::new()),
        Box::new(iban::Iban::new()),
        Box::new(aba_routing::AbaRouting::new()),
        Box::new(bank_account::BankAccount::new()),
        Box::new(npi::UsNpi::new()),
        Box::new(dea::DeaNumber::new()),
        Box::new(drivers_license::DriversLicense::new()),
        Box::new(passport::UsPassport::new()),
        Box::new(medical_record::MedicalRecord::new()),
        Box::new(health_plan::HealthPlan::new()),
        Box::new(vehicle::Vehicle::new()),
        Box::new(device::Device::new()),
        Box::new(biometric::Biometric::new()),
        Box::new(other_code::OtherCode::new()),
    ]
}

#[cfg(test)]
mod tests {
    use crate::entity::EntityType;
    use crate::{Analyzer, Input, FINDING_THRESHOLD};

    /// The types this group reports.
    const TYPES: &[EntityType] = &[
        EntityType::Ssn,
        EntityType::AccountNumber,
        EntityType::LicenseNumber,
        EntityType::MedicalRecordNumber,
        EntityType::HealthPlanId,
        EntityType::VehicleId,
        EntityType::DeviceId,
        EntityType::BiometricId,
        EntityType::OtherId,
    ];

    fn findings(text: &str) -> Vec<(EntityType, String, f32)> {
        let (entities, _) = Analyzer::default().entities(&Input::post(text)).unwrap();
        entities
            .iter()
            .filter(|e| TYPES.contains(&e.entity_type) && e.score >= FINDING_THRESHOLD)
            .map(|e| (e.entity_type, text[e.start..e.end].to_string(), e.score))
            .collect()
    }

    #[test]
    fn everyday_practice_posts_have_no_identifying_numbers() {
        let posts = [
            "Call us at (217) 555-0142 or 217-555-0142 to book.",
            "Call 1-800-555-0199 or fax 217.555.0199.",
            "Flu shots on 10/14/2024 from 9:00-11:30 in Room 204.",
            "Copay is $25.00; new patient visits are $150, or $1,250 for the package.",
            "Take 500 mg twice daily; max 3,000 mg per day.",
            "ICD-10 E11.9 and CPT 99213 were billed correctly.",
            "Our office: 1234 Main St, Springfield, IL 62704-1234.",
            "Order #112-3345567-8890123 has shipped, tracking 1Z999AA10123456784.",
            "Tracking number 9400 1000 0000 0000 0000 00 for the brochures.",
            "Version 2.4.1 of our patient app is out.",
            "Serving the community since 1987. Happy 2024!",
            "We saw 12,345 patients in 2023 and 5,000,000 steps were walked.",
            "Open Mon-Fri 8am-5pm, Sat 9-12. Ext. 12345.",
            "Use code SAVE20 for 20% off at the pharmacy.",
            "Dexcom G7 and Omnipod 5 supplies are back in stock.",
            "BP 120/80, HR 72, temperature 98.6 F, A1C down from 9.1 to 6.8.",
            "Medicare Part B covers the annual wellness visit.",
            "Our group practice has 12 providers and 3 locations.",
            "HIPAA: see 45 CFR 164.514 for the Safe Harbor list.",
            "ISBN 978-3-16-148410-0 is a great read on sleep.",
            "Confirmation # 12345678 for the seminar booking.",
            "Event on 2024-03-14, registration closes 20240310.",
            "Tag us in your photos! Plate of 12 cookies for the staff.",
            "In case 2 people show up, we have 40 chairs.",
            "Suite 400, Room 12B; parking lot level 3.",
            "Our insulin pump class meets every Tuesday at 6.",
            "Public health update 2024: vaccination rates rose 12%.",
        ];
        for post in posts {
            assert!(findings(post).is_empty(), "{post}: {:?}", findings(post));
        }
    }

    #[test]
    fn identifying_numbers_in_posts_are_found() {
        let cases = [
            (
                "Sarah's SSN is 219-09-9999, please update.",
                EntityType::Ssn,
                "219-09-9999",
            ),
            (
                "Updated her file: SSN 219-09-9999.",
                EntityType::Ssn,
                "219-09-9999",
            ),
            (
                "Please update acct 00123456789 for John.",
                EntityType::AccountNumber,
                "00123456789",
            ),
            (
                "Card on file 4111 1111 1111 1111.",
                EntityType::AccountNumber,
                "4111 1111 1111 1111",
            ),
            (
                "Her MRN is 00482913.",
                EntityType::MedicalRecordNumber,
                "00482913",
            ),
            (
                "Member ID XYZ123456789 was denied.",
                EntityType::HealthPlanId,
                "XYZ123456789",
            ),
            (
                "Medicare 1EG4-TE5-MK73 on file.",
                EntityType::HealthPlanId,
                "1EG4-TE5-MK73",
            ),
            (
                "Pacemaker serial PJN123456H checked.",
                EntityType::DeviceId,
                "PJN123456H",
            ),
            (
                "DL D400-7720-1190 expired.",
                EntityType::LicenseNumber,
                "D400-7720-1190",
            ),
            (
                "Dr. Lee's NPI 1234567893.",
                EntityType::LicenseNumber,
                "1234567893",
            ),
            (
                "His VIN 1HGCM82633A004352 was in the report.",
                EntityType::VehicleId,
                "1HGCM82633A004352",
            ),
            (
                "Case #: 2024-00123 closed.",
                EntityType::OtherId,
                "2024-00123",
            ),
            (
                "Wire to DE89 3704 0044 0532 0130 00.",
                EntityType::AccountNumber,
                "DE89 3704 0044 0532 0130 00",
            ),
        ];
        for (text, ty, want) in cases {
            let f = findings(text);
            assert!(
                f.iter().any(|(t, s, _)| *t == ty && s == want),
                "{text}: {f:?}"
            );
        }
    }

    #[test]
    fn nearest_context_decides_the_type() {
        let text = "pt wu: MRN 00441927, member ID QX44120931 and claim CLQ-2025-0041.";
        let f = findings(text);
        let has = |ty: EntityType, s: &str| f.iter().any(|(t, x, _)| *t == ty && x == s);
        assert!(has(EntityType::MedicalRecordNumber, "00441927"), "{f:?}");
        assert!(has(EntityType::HealthPlanId, "QX44120931"), "{f:?}");
        assert!(has(EntityType::AccountNumber, "CLQ-2025-0041"), "{f:?}");
        assert_eq!(f.len(), 3, "{f:?}");
        let text = "Saw the license plate 7ABC1234 leave. Her serial number is on the pump. \
                    It's NGX5512093H.";
        let f = findings(text);
        assert_eq!(
            f.iter()
                .map(|(t, s, _)| (*t, s.as_str()))
                .collect::<Vec<_>>(),
            [
                (EntityType::VehicleId, "7ABC1234"),
                (EntityType::DeviceId, "NGX5512093H")
            ]
        );
        let text = "HAND GEOMETRY ID HG-44120 LINKED TO WRONG CHART. INCIDENT #IR-2024-0418.";
        let f = findings(text);
        let has = |ty: EntityType, s: &str| f.iter().any(|(t, x, _)| *t == ty && x == s);
        assert!(has(EntityType::BiometricId, "HG-44120"), "{f:?}");
        assert!(has(EntityType::OtherId, "IR-2024-0418"), "{f:?}");
        assert_eq!(f.len(), 2, "{f:?}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_spans_are_sound(text in "[0-9A-Za-z #:()\\-./$@%,'é٣\u{301}\n]{0,60}") {
            let scan = crate::text::Scan::new(&text, crate::input::Kind::Post);
            let mut out = Vec::new();
            for r in super::all() {
                r.recognize(&scan, &mut out);
            }
            for e in &out {
                proptest::prop_assert!(e.start < e.end && e.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                proptest::prop_assert!((0.0..=1.0).contains(&e.score));
                if let Some((s, t)) = e.explanation.context {
                    proptest::prop_assert!(s < t && t <= text.len());
                }
            }
        }

        #[test]
        fn context_soup_never_panics(text in "((chart|member|claim|case|serial|plate|license|voice ID|DOB|It's|and|MRN|lol|ABC|é|٣)[ .,:#|;()!?\\n/_-]{0,2}|[0-9]{1,8}[/._-]?|[A-Za-z]{1,4}[_.-]?){0,14}") {
            let scan = crate::text::Scan::new(&text, crate::input::Kind::Post);
            let mut out = Vec::new();
            for r in super::all() {
                r.recognize(&scan, &mut out);
            }
            for e in &out {
                proptest::prop_assert!(e.start < e.end && e.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                proptest::prop_assert!((0.0..=1.0).contains(&e.score));
                if let Some((s, t)) = e.explanation.context {
                    proptest::prop_assert!(s < t && t <= text.len());
                }
            }
        }

        #[test]
        fn digit_soup_never_panics(text in "([0-9]{1,20}[ \\-./]?){0,8}( ?(SSN|MRN|NPI|acct|IBAN|DE89|VIN|plate|serial|ID #|(01))[: ]?)?([0-9A-Z]{1,18}[ \\-]?){0,4}") {
            let scan = crate::text::Scan::new(&text, crate::input::Kind::Post);
            let mut out = Vec::new();
            for r in super::all() {
                r.recognize(&scan, &mut out);
            }
            for e in &out {
                proptest::prop_assert!(e.start < e.end && e.end <= text.len());
            }
        }
    }
}
