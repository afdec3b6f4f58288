//! Server-rendered pages.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Router;

use crate::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
}

pub(crate) fn not_found_page() -> Response {
    (StatusCode::NOT_FOUND, Html("<h1>Not found</h1>")).into_response()
}
