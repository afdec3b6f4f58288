//! `tact`: the command line. Thin: it parses arguments, reads files and calls the libraries.

mod check;
mod commands;
mod desk;
mod input;
mod output;
mod policy;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mimalloc: analysing a post makes many small, short-lived allocations, which it serves
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when every item passes.
pub const EXIT_PASS: u8 = 0;
/// Exit status when an item needs review or is blocked.
pub const EXIT_FLAGGED: u8 = 1;
/// Exit status on a usage or input error.
pub const EXIT_ERROR: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "tact",
    version,
    about = "Keeps a medical practice's social media inside HIPAA",
    long_about = "Tact checks posts, replies to comments and answers to online reviews before they \
go out: patient identifiers, health details next to them, and the practice's own red lines. \
Everything runs on this machine; no text leaves it.\n\n\
Exit status: 0 when every item passes, 1 when any item needs review or is blocked, \
2 on a usage or input error.",
    after_help = "Examples:\n  \
tact check post.txt\n  \
echo 'Call Mrs. Garcia at 312-555-0188' | tact check -\n  \
tact check --kind reply --replying-to review.txt reply.txt\n  \
tact check --jsonl drafts.jsonl > reports.jsonl\n  \
tact rule patient-name\n  \
tact redact --mode generalize note.txt"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check posts, replies, comments or reviews and report what would break patient privacy.
    #[command(after_help = "Examples:\n  \
tact check post.txt                      # one post, compiler-style output\n  \
tact check --format json post.txt        # the JSON report (docs/report-schema.md)\n  \
tact check --format sarif *.txt          # SARIF 2.1.0 for CI systems\n  \
tact check --kind reply --replying-to review.txt reply.txt\n  \
tact check --jsonl items.jsonl           # one JSON object per line in, one report per line out\n\n\
JSONL input lines look like {\"id\": \"42\", \"text\": \"...\", \"kind\": \"reply\", \"replying_to\": \"...\", \"authorization_ids\": [\"auth-7\"]};\n\
kind, replying_to and authorization_ids are optional. A bad line gets an error record in its place and the rest go on.")]
    Check(CheckArgs),
    /// Replace the identifiers in a text: by their type, a mask, a keyed hash, or a general word.
    #[command(after_help = "Examples:\n  \
tact redact note.txt                       # Mrs. [PERSON] came in on [DATE]\n  \
tact redact --mode generalize note.txt     # someone came in recently\n  \
TACT_REDACT_KEY=secret tact redact --mode hash note.txt")]
    Redact(RedactArgs),
    /// List every rule with its id, severity and one-line summary.
    Rules {
        /// `text` for a table, `markdown` for the full reference (docs/rules.md), `json`.
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Print a rule's documentation: what it catches, why it matters, an example and what to use instead.
    Rule {
        /// The rule id, e.g. patient-name (see `tact rules`).
        id: String,
    },
    /// Manage the known-patient roster (keyed hashes of patient names, never the names).
    #[command(subcommand)]
    Roster(RosterCommand),
    /// Score the engine on labeled text and print precision and recall per entity type.
    #[command(
        after_help = "The labeled format is described in tests/corpus/README.md.\n\n\
Example:\n  tact eval --profile examples/demo-practice/tact.toml tests/corpus/identifiers"
    )]
    Eval(EvalArgs),
    /// Classify an incoming comment or review and propose safe replies.
    #[command(
        after_help = "Classes: crisis, spam, medical-question, office-request, complaint, \
health-disclosure, praise (the first that fits wins).\n\n\
Example:\n  echo 'Is it normal to feel dizzy on this new medication?' | tact triage --profile tact.toml"
    )]
    Triage(TriageArgs),
    /// Rewrite a draft post or reply into a safe one, printed on standard output.
    #[command(
        after_help = "Sentences that acknowledge a patient, describe a case, give advice or \
argue are removed; identifiers are generalised; when nothing safe remains, the right template \
from the profile's reply templates is used. The result passes `tact check`. What changed is \
listed on standard error.\n\n\
Example:\n  tact fix --replying-to review.txt draft.txt --profile tact.toml > safe.txt"
    )]
    Fix(FixArgs),
    /// Start the review desk: the web pages and the JSON API.
    #[command(after_help = "Examples:\n  \
tact serve --demo                               # the demo practice on SQLite in ./tact-data\n  \
tact serve --bind 0.0.0.0:8080 --data-dir /var/lib/tact\n  \
TACT_DATABASE_URL=postgres://tact@db/tact tact serve\n\n\
On the first start with an empty database, a one-time set-up link is printed for the first \
admin, organization and practice. SIGINT or SIGTERM stops the desk gracefully.")]
    Serve(desk::ServeArgs),
    /// Verify the audit chain, or export an audit bundle for an investigator.
    #[command(subcommand)]
    Audit(desk::AuditCommand),
    /// Write the practice's public social media policy and its internal procedures guide.
    #[command(
        after_help = "Writes social-media-policy.{md,html,pdf} (post it on the practice's pages) and \
procedures-guide.{md,html,pdf} (for staff) into --out. Both come from the profile (name, phones, \
contact details, office manager, rule settings), from Tact's own rules (every rule with what it \
catches, why, an example and a safe alternative, from the rules' documentation) and from the \
reply templates, so the guide always says what `tact check` enforces. Each document is stamped \
with a version (Tact's version and a hash of every input) and the effective date.\n\n\
Examples:\n  \
tact policy --profile tact.toml --out policy/                    # all formats, effective today\n  \
tact policy --profile tact.toml --format pdf --effective-date 2027-01-01\n  \
tact policy --profile tact.toml --format md,html --templates my-wording/\n\n\
The wording is data: copy data/policy/*.md.j2 and print.css to a folder, edit them and pass \
--templates FOLDER. Exit status 2 on a bad profile, date, template or an unwritable folder."
    )]
    Policy(policy::PolicyArgs),
}

#[derive(Args, Debug)]
pub struct TriageArgs {
    /// The comment or review; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// What the text is.
    #[arg(long, value_enum, default_value = "comment")]
    pub kind: KindArg,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Args, Debug)]
pub struct FixArgs {
    /// The draft; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// What the draft is (a reply when --replying-to is given).
    #[arg(long, value_enum, default_value = "post")]
    pub kind: KindArg,
    /// The comment or review the draft answers.
    #[arg(long, value_name = "FILE")]
    pub replying_to: Option<PathBuf>,
    /// The id of a patient authorization on file for the draft. Repeat for several.
    #[arg(long, value_name = "ID")]
    pub authorization: Vec<String>,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Subcommand, Debug)]
enum RosterCommand {
    /// Hash a file of patient names (one per line, "First Last" or "Last, First") into a roster file.
    #[command(
        after_help = "The key file is created (32 random bytes, owner-only) when missing. Keep it apart \
from the roster: without it the hashes cannot be tested against guesses.\n\n\
Example:\n  tact roster import patients.txt --out roster.json --key-file roster.key\n\n\
Then in tact.toml:\n  [roster]\n  file = \"roster.json\"\n  key_file = \"roster.key\""
    )]
    Import {
        /// A text file with one patient name per line (`-` for standard input).
        names: PathBuf,
        /// Where to write the roster (hashes only).
        #[arg(long)]
        out: PathBuf,
        /// The secret key file; created when missing.
        #[arg(long)]
        key_file: PathBuf,
    },
}

/// Where the practice profile comes from.
#[derive(Args, Debug, Clone)]
pub struct ProfileArgs {
    /// The practice profile. Default: ./tact.toml when it exists, else an empty profile.
    #[arg(long, env = "TACT_PROFILE", value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Refuse items larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = tact_engine::DEFAULT_MAX_INPUT_BYTES)]
    pub max_bytes: usize,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Findings quoted with carets, like a compiler.
    Text,
    /// The JSON report (an object, or an array for several inputs).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindArg {
    Post,
    Reply,
    Comment,
    Review,
}

impl KindArg {
    /// The kind of a text: `--replying-to` implies a reply unless the kind was set to
    /// something other than the default `post`.
    pub fn with_replying_to(self, replying: bool) -> tact_engine::Kind {
        if replying && self == KindArg::Post {
            tact_engine::Kind::Reply
        } else {
            self.into()
        }
    }
}

impl From<KindArg> for tact_engine::Kind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Post => tact_engine::Kind::Post,
            KindArg::Reply => tact_engine::Kind::Reply,
            KindArg::Comment => tact_engine::Kind::Comment,
            KindArg::Review => tact_engine::Kind::Review,
        }
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files to check; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// What the text is.
    #[arg(long, value_enum, default_value = "post")]
    pub kind: KindArg,
    /// The comment or review the text answers (implies --kind reply unless --kind is given).
    #[arg(long, value_name = "FILE")]
    pub replying_to: Option<PathBuf>,
    /// The id of a patient authorization on file for this text (a testimonial or patient
    /// photo needs one). Repeat for several.
    #[arg(long, value_name = "ID")]
    pub authorization: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Read JSON Lines: one item per line in, one JSON report per line out, streaming.
    #[arg(long)]
    pub jsonl: bool,
    /// Only print the summary line of each item (text format).
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedactModeArg {
    Type,
    Mask,
    Hash,
    Generalize,
}

#[derive(Args, Debug)]
pub struct RedactArgs {
    /// The file to redact; `-` or nothing reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// How to replace each identifier.
    #[arg(long, value_enum, default_value = "type")]
    pub mode: RedactModeArg,
    /// The key for --mode hash (else the TACT_REDACT_KEY environment variable).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// What the text is.
    #[arg(long, value_enum, default_value = "post")]
    pub kind: KindArg,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Labeled JSONL files or folders of them.
    #[arg(value_name = "PATH", default_value = "tests/corpus/identifiers")]
    pub paths: Vec<PathBuf>,
    /// Print every missed and spurious entity (the corpus text is printed: use on test data only).
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub profile: ProfileArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Redact(args) => commands::redact(args),
        Command::Rules { format } => commands::rules(format),
        Command::Rule { id } => commands::rule(&id),
        Command::Roster(RosterCommand::Import {
            names,
            out,
            key_file,
        }) => commands::roster_import(&names, &out, &key_file),
        Command::Eval(args) => commands::eval(args),
        Command::Triage(args) => commands::triage(args),
        Command::Fix(args) => commands::fix(args),
        Command::Serve(args) => desk::serve(args),
        Command::Audit(cmd) => desk::audit(cmd),
        Command::Policy(args) => policy::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("tact: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
