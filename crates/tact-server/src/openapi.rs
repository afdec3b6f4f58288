//! The OpenAPI 3.1 document served at `/api/openapi.json`, written by hand from the table
//! below. A test checks that every route of the router is described here.

use serde_json::{json, Map, Value};

/// (method, path, tag, summary, request body schema, success status)
type Op = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    u16,
);

const OPERATIONS: &[Op] = &[
    ("get", "/healthz", "meta", "Liveness: the database answers.", None, 200),
    ("get", "/api/openapi.json", "meta", "This document.", None, 200),
    ("post", "/api/v1/session", "auth", "Sign in with e-mail and password; sets the session cookie and returns the CSRF token. Rate limited per IP address and e-mail (429).", Some("LoginRequest"), 200),
    ("delete", "/api/v1/session", "auth", "Sign out (cookie and X-CSRF-Token).", None, 204),
    ("post", "/api/v1/setup", "auth", "First-run set-up with the one-time token printed by `tact serve`: organization, first practice, first admin.", Some("SetupRequest"), 201),
    ("get", "/api/v1/me", "auth", "The caller: user, organization, roles, and the CSRF token when signed in with a cookie.", None, 200),
    ("post", "/api/v1/check", "check", "Check a text with the practice's profile; returns the engine's report (docs/report-schema.md). `?practice=ID` picks the practice (default: the caller's first). Nothing is stored.", Some("CheckRequest"), 200),
    ("get", "/api/v1/drafts", "drafts", "List drafts, newest first. Filters: practice, account, status, rule, author, from, to (YYYY-MM-DD or ms, by last update), q (text), limit.", None, 200),
    ("post", "/api/v1/drafts", "drafts", "Create a draft (post or reply) and check it.", Some("CreateDraft"), 201),
    ("get", "/api/v1/drafts/{id}", "drafts", "A draft with its versions (each with its frozen report), decisions and audit events.", None, 200),
    ("put", "/api/v1/drafts/{id}", "drafts", "Replace the working text and check it again.", Some("EditDraft"), 200),
    ("post", "/api/v1/drafts/{id}/submit", "drafts", "Freeze the working text as the next version with its report. Pass → approved; review/block → in review.", None, 200),
    ("post", "/api/v1/drafts/{id}/decide", "drafts", "approve, reject, send_back (reviewer or compliance) or override (compliance, with a reason; the only way to approve a block). Nobody decides on their own draft.", Some("DecideRequest"), 200),
    ("post", "/api/v1/drafts/{id}/publish", "drafts", "Record the published link of an approved draft.", Some("PublishRequest"), 200),
    ("post", "/api/v1/drafts/{id}/take-down", "drafts", "Mark a published draft as taken down, with the reason. Nothing is erased.", Some("TakeDownRequest"), 200),
    ("get", "/api/v1/drafts/{id}/versions/{number}", "drafts", "One version with its report.", None, 200),
    ("get", "/api/v1/outbox", "drafts", "Approved drafts ready to publish, with the approved text.", None, 200),
    ("get", "/api/v1/audit/head", "audit", "The audit chain's head (sequence number and hash). Compliance or admin.", None, 200),
    ("post", "/api/v1/audit/verify", "audit", "Walk the whole chain: `{ok, head}` or `{ok: false, broken: {seq, problem}}`. Compliance or admin.", None, 200),
    ("get", "/api/v1/audit/export", "audit", "The organization's events in [from, to) as JSON lines with their hashes; recorded as an export event. Compliance or admin.", None, 200),
    ("get", "/api/v1/dashboard", "dashboard", "Drafts by status, findings by rule per day, overrides, take-downs, who waits on whom. `?days=` (default 30).", None, 200),
    ("get", "/api/v1/practices", "settings", "The organization's practices.", None, 200),
    ("post", "/api/v1/practices", "settings", "Create a practice (admin).", Some("CreatePractice"), 201),
    ("get", "/api/v1/practices/{id}", "settings", "A practice.", None, 200),
    ("get", "/api/v1/practices/{id}/profile", "settings", "The practice's profile (tact.toml text).", None, 200),
    ("put", "/api/v1/practices/{id}/profile", "settings", "Replace the profile (admin or compliance). Invalid text is a 400 naming the line and key.", Some("ProfileRequest"), 200),
    ("get", "/api/v1/practices/{id}/accounts", "settings", "The practice's social accounts.", None, 200),
    ("post", "/api/v1/practices/{id}/accounts", "settings", "Add a social account (admin).", Some("CreateAccount"), 201),
    ("get", "/api/v1/accounts/{id}", "settings", "A social account.", None, 200),
    ("get", "/api/v1/practices/{id}/webhooks", "webhooks", "The practice's outbound webhooks (admin).", None, 200),
    ("post", "/api/v1/practices/{id}/webhooks", "webhooks", "Add an outbound webhook for approved items (admin); the answer holds the HMAC-SHA256 signing secret, shown once.", Some("CreateWebhook"), 201),
    ("get", "/api/v1/webhooks/{id}", "webhooks", "A webhook with its delivery log (admin).", None, 200),
    ("delete", "/api/v1/webhooks/{id}", "webhooks", "Disable a webhook; it stays, with its delivery log (admin).", None, 204),
    ("get", "/api/v1/practices/{id}/policy", "policy", "The practice's policy versions (newest first), the current one, whether the caller acknowledged it, and (compliance, admin) every staff member's acknowledgement and who is pending.", None, 200),
    ("post", "/api/v1/practices/{id}/policy", "policy", "Generate the public social media policy and procedures guide from the stored profile and keep them as the next version (compliance or admin); 200 with `created: false` when identical to the current version.", Some("GeneratePolicy"), 201),
    ("get", "/api/v1/policy/{id}", "policy", "One policy version with both documents' Markdown; (compliance, admin) acknowledgements.", None, 200),
    ("post", "/api/v1/policy/{id}/acknowledge", "policy", "The caller acknowledges the practice's current version (once; an audit event). Staff of the practice only.", None, 200),
    ("get", "/api/v1/policy/{id}/download", "policy", "A document of the version: `?document=public|guide&format=md|html|pdf`, as an attachment.", None, 200),
    ("get", "/api/v1/users", "users", "The organization's users with their roles.", None, 200),
    ("post", "/api/v1/users", "users", "Create a user, optionally with roles in a practice (admin).", Some("CreateUser"), 201),
    ("get", "/api/v1/users/{id}", "users", "A user with their roles.", None, 200),
    ("put", "/api/v1/users/{id}", "users", "Disable/enable (admin) or set a password (admin, or yourself).", Some("UpdateUser"), 200),
    ("get", "/api/v1/users/{id}/roles", "users", "A user's roles.", None, 200),
    ("post", "/api/v1/users/{id}/roles", "users", "Grant a role in a practice (admin of that practice).", Some("RoleRequest"), 201),
    ("delete", "/api/v1/users/{id}/roles", "users", "Revoke a role in a practice (admin of that practice).", Some("RoleRequest"), 204),
    ("get", "/api/v1/tokens", "tokens", "The caller's API tokens (revoked ones included).", None, 200),
    ("post", "/api/v1/tokens", "tokens", "Create an API token; the secret is shown in this answer only.", Some("CreateToken"), 201),
    ("delete", "/api/v1/tokens/{id}", "tokens", "Revoke an API token.", None, 204),
    ("get", "/api/v1/practices/{id}/roster", "settings", "The known-patient roster's size, time and uploader; never names or hashes (admin or compliance).", None, 200),
    ("put", "/api/v1/practices/{id}/roster", "settings", "Replace the known-patient roster: names one per line, hashed at once with a fresh key (HMAC-SHA256); only the hashes are kept, never the names. Answers the count and the numbers of the lines not taken (admin or compliance).", Some("RosterRequest"), 200),
    ("delete", "/api/v1/practices/{id}/roster", "settings", "Remove the known-patient roster (admin or compliance).", None, 204),
    ("get", "/api/v1/practices/{id}/replies", "settings", "The practice's own reply templates (null: the built-in ones), and the built-in file.", None, 200),
    ("put", "/api/v1/practices/{id}/replies", "settings", "Replace the practice's reply templates (empty: back to the built-in ones); a bad file is a 400 `invalid_templates` (admin or compliance).", Some("RepliesRequest"), 200),
];

fn string() -> Value {
    json!({"type": "string"})
}

fn object(required: &[&str], props: &[(&str, Value)]) -> Value {
    let mut p = Map::new();
    for (k, v) in props {
        p.insert((*k).to_owned(), v.clone());
    }
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": p})
}

fn schemas() -> Value {
    let opt = || json!({"type": ["string", "null"]});
    json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {"code": string(), "message": string()}}}},
        "LoginRequest": object(&["email", "password"], &[("email", string()), ("password", string())]),
        "SetupRequest": object(&["token", "organization", "practice", "email", "name", "password"], &[("token", string()), ("organization", string()), ("practice", string()), ("email", string()), ("name", string()), ("password", string())]),
        "CheckRequest": object(&["text"], &[("text", string()), ("kind", json!({"enum": ["post", "reply", "comment", "review"]})), ("replying_to", opt())]),
        "CreateDraft": object(&["body"], &[("body", string()), ("practice_id", opt()), ("account_id", opt()), ("kind", json!({"enum": ["post", "reply"]})), ("replying_to", opt())]),
        "EditDraft": object(&["body"], &[("body", string())]),
        "DecideRequest": object(&["decision"], &[("decision", json!({"enum": ["approve", "reject", "send_back", "override"]})), ("reason", opt())]),
        "PublishRequest": object(&["link"], &[("link", string())]),
        "TakeDownRequest": object(&["reason"], &[("reason", string())]),
        "CreatePractice": object(&["name"], &[("name", string()), ("profile", opt())]),
        "ProfileRequest": object(&["profile"], &[("profile", string())]),
        "RosterRequest": object(&["names"], &[("names", string())]),
        "RepliesRequest": object(&[], &[("templates", opt())]),
        "CreateAccount": object(&["platform", "handle"], &[("platform", string()), ("handle", string()), ("account_type", json!({"enum": ["business", "personal"]}))]),
        "CreateUser": object(&["email", "name", "password"], &[("email", string()), ("name", string()), ("password", string()), ("practice_id", opt()), ("roles", json!({"type": "array", "items": {"enum": ["writer", "reviewer", "compliance", "admin"]}}))]),
        "UpdateUser": object(&[], &[("disabled", json!({"type": "boolean"})), ("password", string())]),
        "RoleRequest": object(&["practice_id", "role"], &[("practice_id", string()), ("role", json!({"enum": ["writer", "reviewer", "compliance", "admin"]}))]),
        "CreateToken": object(&["name"], &[("name", string())]),
        "CreateWebhook": object(&["url"], &[("url", string())]),
        "GeneratePolicy": object(&[], &[("effective_date", string())]),
        "Report": report_schema(),
    })
}

fn report_schema() -> Value {
    let opt = || json!({"type": ["string", "null"]});
    json!({
            "description": "The engine's report, schema 1.1 (docs/report-schema.md), the same as `tact check --format json`.",
            "type": "object",
            "required": ["schema_version", "kind", "verdict", "findings", "entities"],
            "properties": {
                "schema_version": string(),
                "id": opt(),
                "kind": {"enum": ["post", "reply", "comment", "review"]},
                "verdict": {"enum": ["pass", "review", "block"]},
                "findings": {"type": "array", "items": {"type": "object", "required": ["rule", "category", "severity", "start", "end", "message", "fix", "score"], "properties": {
                    "rule": string(), "category": string(), "severity": {"enum": ["block", "review", "info"]},
                    "start": {"type": "integer"}, "end": {"type": "integer"}, "message": string(), "fix": string(),
                    "entity_type": string(), "score": {"type": "number"}}}},
                "entities": {"type": "array", "items": {"type": "object"}},
                "triage": {"type": "object"},
                "suggestions": {"type": "array", "items": string()},
                "rewrite": string(),
            },
    })
}

fn error_ref(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, tag, summary, body, status) in OPERATIONS {
        let mut op = json!({
            "tags": [tag],
            "summary": summary,
            "operationId": format!("{}_{}", method, path.trim_start_matches('/').replace(['/', '{', '}', '.', '-'], "_")),
            "responses": {
                status.to_string(): {"description": "success"},
                "400": error_ref("bad input: malformed JSON, unknown field, wrong type"),
                "401": error_ref("not signed in, expired session, unknown token"),
                "403": error_ref("missing CSRF token, or a role the caller lacks"),
                "404": error_ref("no such object in the caller's organization"),
                "413": error_ref("body over the size limit"),
                "415": error_ref("body not application/json"),
            },
        });
        if *path == "/api/v1/check" {
            op["responses"]["200"] = json!({"description": "the report", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}}});
        }
        if let Some(schema) = body {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
        }
        let params: Vec<Value> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        if !params.is_empty() {
            op["parameters"] = Value::Array(params);
        }
        if *path == "/healthz"
            || *path == "/api/openapi.json"
            || *path == "/api/v1/setup"
            || (*path == "/api/v1/session" && *method == "post")
        {
            op["security"] = json!([]);
        }
        let entry = paths.entry((*path).to_owned()).or_insert_with(|| json!({}));
        entry[*method] = op;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Tact review desk API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every call needs a session cookie (state-changing calls also the X-CSRF-Token header) or `Authorization: Bearer <API token>`. Errors are `{\"error\": {\"code\", \"message\"}}`. Another organization's object is a 404.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::auth::COOKIE},
            },
            "schemas": schemas(),
        },
        "paths": paths,
    })
}

/// Every (METHOD, path) the document describes.
pub fn described() -> Vec<(String, String)> {
    OPERATIONS
        .iter()
        .map(|(m, p, ..)| (m.to_uppercase(), (*p).to_owned()))
        .collect()
}
