//! GraphiQL, served whole by the server: the npm release in `assets/graphiql/dist` (pinned by
//! `assets/graphiql/package-lock.json`, copied by `assets/graphiql/vendor.sh`) is compiled into
//! the binary, so the page works on a machine without internet and never loads a CDN. Its
//! Content-Security-Policy lets it load nothing from anywhere else.

use std::sync::LazyLock;

use axum::{
    Router,
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

/// The release's version: part of the assets' paths, so that browsers may keep them for good.
pub const VERSION: &str = "3.8.3";

/// Where the assets are served.
fn assets_path() -> String {
    format!("/assets/graphiql-{VERSION}")
}

/// Each asset: its name under [`assets_path`], media type and bytes.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "graphiql.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/dist/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/graphiql/dist/graphiql.min.css"),
    ),
    (
        "react.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/dist/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/dist/react-dom.production.min.js"),
    ),
    (
        "LICENSES.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../assets/graphiql/dist/LICENSES.txt"),
    ),
    (
        "init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/graphiql/init.js"),
    ),
];

/// Scripts and styles from this server only (GraphiQL's editor sets inline styles and its fonts
/// are data: URLs); requests to this server's HTTP and WebSocket endpoints only (`'self'` takes in
/// its `ws:`/`wss:` address).
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

static PAGE: LazyLock<String> = LazyLock::new(|| {
    include_str!("../assets/graphiql/index.html").replace("{{ASSETS}}", &assets_path())
});

/// `/` (the page) and the assets it loads.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(page))
        .route(&format!("{}/{{name}}", assets_path()), get(asset))
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, POLICY),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        PAGE.as_str(),
    )
        .into_response()
}

async fn asset(Path(name): Path<String>) -> Response {
    let Some((_, media, bytes)) = ASSETS.iter().find(|(n, _, _)| *n == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = (*bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // The path names the version: the bytes behind it never change.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}

#[cfg(test)]
mod tests {
    /// The version in the assets' paths is the one vendored: new bytes under an old `immutable`
    /// path would stay in browsers' caches for a year.
    #[test]
    fn the_version_is_the_vendored_one() {
        let manifest = include_str!("../assets/graphiql/package.json");
        assert!(
            manifest.contains(&format!("\"graphiql\": \"{}\"", super::VERSION)),
            "assets/graphiql/package.json pins another GraphiQL than graphiql::VERSION"
        );
    }
}
