//! What the engine analyses.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of text is being checked. Replies and review answers speak to a person the
/// platform already shows by name, so some rules read them differently from posts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A post written by the practice.
    #[default]
    Post,
    /// The practice's reply to a comment or its answer to a review.
    Reply,
    /// An incoming comment from the public.
    Comment,
    /// An incoming online review.
    Review,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Post, Kind::Reply, Kind::Comment, Kind::Review];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Reply => "reply",
            Kind::Comment => "comment",
            Kind::Review => "review",
        }
    }

    /// Parses `post`, `reply`, `comment` or `review` (case-insensitive).
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// True for text the practice writes (posts and replies), false for incoming text.
    pub fn is_outgoing(self) -> bool {
        matches!(self, Kind::Post | Kind::Reply)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One item to analyse.
#[derive(Clone, Copy, Debug, Default)]
pub struct Input<'a> {
    /// The caller's id for the item, echoed in the report.
    pub id: Option<&'a str>,
    pub text: &'a str,
    pub kind: Kind,
    /// The comment or review this item answers, when it is a reply.
    pub replying_to: Option<&'a str>,
    /// Ids of the patient authorizations on file for this item (a testimonial or a patient
    /// photo needs one).
    pub authorization_ids: &'a [String],
}

impl<'a> Input<'a> {
    /// A post with no id.
    pub fn post(text: &'a str) -> Self {
        Input {
            text,
            ..Input::default()
        }
    }

    /// An item of the given kind.
    pub fn new(text: &'a str, kind: Kind) -> Self {
        Input {
            text,
            kind,
            ..Input::default()
        }
    }
}
