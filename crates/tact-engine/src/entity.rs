//! Entities: what recognizers find in the text.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The kinds of thing Tact recognizes. The first eighteen are Safe Harbor identifiers
/// (45 CFR 164.514(b)(2)); the last three are health information, which is not an identifier
/// on its own but is what turns an identifier into PHI.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityType {
    Person,
    Location,
    Date,
    Age,
    Phone,
    Fax,
    Email,
    Url,
    IpAddress,
    Ssn,
    MedicalRecordNumber,
    HealthPlanId,
    AccountNumber,
    LicenseNumber,
    VehicleId,
    DeviceId,
    BiometricId,
    OtherId,
    Condition,
    Procedure,
    Medication,
}

impl EntityType {
    /// Every type, identifiers first.
    pub const ALL: [EntityType; 21] = [
        EntityType::Person,
        EntityType::Location,
        EntityType::Date,
        EntityType::Age,
        EntityType::Phone,
        EntityType::Fax,
        EntityType::Email,
        EntityType::Url,
        EntityType::IpAddress,
        EntityType::Ssn,
        EntityType::MedicalRecordNumber,
        EntityType::HealthPlanId,
        EntityType::AccountNumber,
        EntityType::LicenseNumber,
        EntityType::VehicleId,
        EntityType::DeviceId,
        EntityType::BiometricId,
        EntityType::OtherId,
        EntityType::Condition,
        EntityType::Procedure,
        EntityType::Medication,
    ];

    /// The name used in reports, e.g. `MEDICAL_RECORD_NUMBER`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Location => "LOCATION",
            EntityType::Date => "DATE",
            EntityType::Age => "AGE",
            EntityType::Phone => "PHONE",
            EntityType::Fax => "FAX",
            EntityType::Email => "EMAIL",
            EntityType::Url => "URL",
            EntityType::IpAddress => "IP_ADDRESS",
            EntityType::Ssn => "SSN",
            EntityType::MedicalRecordNumber => "MEDICAL_RECORD_NUMBER",
            EntityType::HealthPlanId => "HEALTH_PLAN_ID",
            EntityType::AccountNumber => "ACCOUNT_NUMBER",
            EntityType::LicenseNumber => "LICENSE_NUMBER",
            EntityType::VehicleId => "VEHICLE_ID",
            EntityType::DeviceId => "DEVICE_ID",
            EntityType::BiometricId => "BIOMETRIC_ID",
            EntityType::OtherId => "OTHER_ID",
            EntityType::Condition => "CONDITION",
            EntityType::Procedure => "PROCEDURE",
            EntityType::Medication => "MEDICATION",
        }
    }

    /// Parses a report name such as `PHONE` (case-insensitive).
    pub fn parse(name: &str) -> Option<EntityType> {
        EntityType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// True for the Safe Harbor identifier types, false for health information.
    pub fn is_identifier(self) -> bool {
        !self.is_health()
    }

    /// True for CONDITION, PROCEDURE and MEDICATION.
    pub fn is_health(self) -> bool {
        matches!(
            self,
            EntityType::Condition | EntityType::Procedure | EntityType::Medication
        )
    }

    /// A short phrase for messages: "a phone number".
    pub fn describe(self) -> &'static str {
        match self {
            EntityType::Person => "a person's name",
            EntityType::Location => "a place smaller than a state",
            EntityType::Date => "a date",
            EntityType::Age => "an age over 89",
            EntityType::Phone => "a phone number",
            EntityType::Fax => "a fax number",
            EntityType::Email => "an email address",
            EntityType::Url => "a web address",
            EntityType::IpAddress => "an IP address",
            EntityType::Ssn => "a Social Security number",
            EntityType::MedicalRecordNumber => "a medical record number",
            EntityType::HealthPlanId => "a health plan ID",
            EntityType::AccountNumber => "an account number",
            EntityType::LicenseNumber => "a license or certificate number",
            EntityType::VehicleId => "a vehicle identifier",
            EntityType::DeviceId => "a device identifier",
            EntityType::BiometricId => "a biometric identifier",
            EntityType::OtherId => "an identifying code or handle",
            EntityType::Condition => "a health condition",
            EntityType::Procedure => "a medical procedure",
            EntityType::Medication => "a medication",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a recognizer produced an entity. Byte spans refer to the analysed text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Explanation {
    /// Which pattern or lexicon matched, e.g. `ssn-dashed` or `first-name+surname`.
    pub pattern: Cow<'static, str>,
    /// The result of a validation step, e.g. `luhn ok`, `area 000 is never assigned`.
    pub validation: Option<Cow<'static, str>>,
    /// The byte span of the context word that raised (or confirmed) the entity.
    pub context: Option<(usize, usize)>,
}

impl Explanation {
    /// An explanation naming only the pattern.
    pub fn pattern(pattern: impl Into<Cow<'static, str>>) -> Self {
        Explanation {
            pattern: pattern.into(),
            validation: None,
            context: None,
        }
    }

    /// Adds a validation result.
    pub fn validated(mut self, validation: impl Into<Cow<'static, str>>) -> Self {
        self.validation = Some(validation.into());
        self
    }

    /// Adds the context word's byte span.
    pub fn with_context(mut self, context: Option<(usize, usize)>) -> Self {
        self.context = context;
        self
    }
}

/// A recognized entity. `start` and `end` are byte offsets into the analysed text (end
/// exclusive); reports convert them to code points.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub entity_type: EntityType,
    pub start: usize,
    pub end: usize,
    /// Confidence in 0..=1. Findings are made only from entities at or above
    /// [`crate::FINDING_THRESHOLD`]; weaker candidates are still listed in the report.
    pub score: f32,
    /// The recognizer's id, e.g. `us-ssn`.
    pub recognizer: Cow<'static, str>,
    pub explanation: Explanation,
}

impl Entity {
    /// A new entity from a built-in recognizer.
    pub fn new(
        entity_type: EntityType,
        start: usize,
        end: usize,
        score: f32,
        recognizer: &'static str,
        explanation: Explanation,
    ) -> Self {
        Entity {
            entity_type,
            start,
            end,
            score: score.clamp(0.0, 1.0),
            recognizer: Cow::Borrowed(recognizer),
            explanation,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span is empty (never produced by a recognizer).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Entity) -> bool {
        self.start < other.end && other.start < self.end
    }
}
