//! The preview's HTTP side: from a parsed request head ([`Head`]) to its
//! answer ([`Response`]): the files of the current snapshot, the
//! live-reload script and its long-poll endpoint ([`Reply::Poll`], which
//! [`super::server`] parks until the site changes).
//!
//! On loopback a request is answered only when its `Host` header — and the
//! host of a target in absolute form — is one of this computer's names; a
//! request with no `Host` gets 400.
//!
//! Only files of the built site can be served: a request names a key of
//! the in-memory site, never a path on disk, so `..`, encoded `..`,
//! absolute paths and symbolic links lead nowhere. A missing file gets
//! `404.html` with status 404; a request that cannot be understood gets
//! 400; nothing is cached (`Cache-Control: no-store`).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::memory::Stored;
use super::{Shared, Snapshot};

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__induct/live.js";
/// The long-poll endpoint: `?since=N` answers when the generation is not N.
pub const POLL_PATH: &str = "/__induct/poll";

const LIVE_JS: &str = include_str!("live.js");
/// How long a long-poll waits before answering with no change.
pub const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// What the server needs of a request head.
#[derive(Debug, Clone)]
pub struct Head {
    pub method: String,
    /// The request target as sent: origin form (`/x?y`) or absolute form.
    pub target: String,
    /// The minor version: 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub version: u8,
    /// The values of every `Host` header field.
    pub hosts: Vec<String>,
    /// The request said `Connection: close`.
    pub close: bool,
    /// The request has a body (which the preview never reads).
    pub has_body: bool,
}

impl Head {
    /// The parts of a parsed request head the preview uses.
    pub fn of(request: &httparse::Request) -> Head {
        let mut head = Head {
            method: request.method.unwrap_or_default().to_string(),
            target: request.path.unwrap_or_default().to_string(),
            version: request.version.unwrap_or(1),
            hosts: Vec::new(),
            close: false,
            has_body: false,
        };
        for field in request.headers.iter() {
            let value = String::from_utf8_lossy(field.value);
            let value = value.trim();
            if field.name.eq_ignore_ascii_case("host") {
                head.hosts.push(value.to_ascii_lowercase());
            } else if field.name.eq_ignore_ascii_case("connection") {
                head.close |= value
                    .split(',')
                    .any(|t| t.trim().eq_ignore_ascii_case("close"));
            } else if field.name.eq_ignore_ascii_case("transfer-encoding")
                || (field.name.eq_ignore_ascii_case("content-length") && value != "0")
            {
                head.has_body = true;
            }
        }
        head
    }

    /// A `HEAD` request: the answer's head only.
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    /// Whether the connection may carry another request after this one:
    /// HTTP/1.1 without `Connection: close`, and no body to skip.
    pub fn keep_alive(&self) -> bool {
        self.version == 1 && !self.close && !self.has_body
    }
}

/// Bytes of an answer held in memory and shared, not copied, between the
/// snapshot and every connection sending them: `start..end` of `held`.
#[derive(Debug, Clone)]
pub struct Piece {
    held: Held,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone)]
enum Held {
    Shared(Arc<[u8]>),
    Static(&'static [u8]),
    Text(Arc<str>),
}

impl Piece {
    fn new(held: Held) -> Piece {
        let end = match &held {
            Held::Shared(b) => b.len(),
            Held::Static(b) => b.len(),
            Held::Text(t) => t.len(),
        };
        Piece {
            held,
            start: 0,
            end,
        }
    }

    /// The bytes not yet sent.
    pub fn as_slice(&self) -> &[u8] {
        let all: &[u8] = match &self.held {
            Held::Shared(b) => b,
            Held::Static(b) => b,
            Held::Text(t) => t.as_bytes(),
        };
        &all[self.start..self.end]
    }

    /// `range` of these bytes, sharing them.
    fn slice(&self, range: std::ops::Range<usize>) -> Piece {
        Piece {
            held: self.held.clone(),
            start: self.start + range.start,
            end: self.start + range.end,
        }
    }

    /// Drops the first `n` bytes (sent).
    pub fn advance(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }
}

impl From<Vec<u8>> for Piece {
    fn from(bytes: Vec<u8>) -> Piece {
        Piece::new(Held::Shared(bytes.into()))
    }
}

/// The bytes of a file kept in memory, shared; `None` for a course file.
fn in_memory(stored: &Stored) -> Option<Vec<Piece>> {
    match stored {
        Stored::Bytes(b) => Some(vec![Piece::new(Held::Shared(Arc::clone(b)))]),
        Stored::Static(b) => Some(vec![Piece::new(Held::Static(b))]),
        Stored::Pieces(p) => Some(
            p.iter()
                .map(|t| Piece::new(Held::Text(Arc::clone(t))))
                .collect(),
        ),
        Stored::File(_) => None,
    }
}

/// The body of an answer.
#[derive(Debug, Clone)]
pub enum Body {
    /// In memory: these pieces, one after another.
    Memory(Vec<Piece>),
    /// A file of the course, `len` bytes long when it was looked at, read
    /// from disk a chunk at a time as the client takes it.
    File { path: PathBuf, len: u64 },
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Memory(pieces) => pieces.iter().map(|p| p.as_slice().len() as u64).sum(),
            Body::File { len, .. } => *len,
        }
    }
}

/// An answer as it goes out: the pieces in memory still to send, then
/// what is left of a file.
pub struct Outgoing {
    pub pieces: VecDeque<Piece>,
    /// The file being sent and how many of its bytes are still to read.
    pub file: Option<(File, u64)>,
}

/// How much of a file is read at a time: all a connection holds of it.
const FILE_CHUNK: usize = 64 * 1024;

impl Outgoing {
    /// Drops the first `n` bytes of the pieces (sent).
    pub fn advance(&mut self, mut n: usize) {
        while n > 0 {
            let Some(front) = self.pieces.front_mut() else {
                return;
            };
            let len = front.as_slice().len();
            if n < len {
                front.advance(n);
                return;
            }
            n -= len;
            self.pieces.pop_front();
        }
    }

    /// When the pieces are all sent, reads the file's next chunk into
    /// them; false when there is nothing more to send. A file that ends
    /// before the length its answer announced is an error.
    pub fn refill(&mut self) -> std::io::Result<bool> {
        if self.pieces.iter().any(|p| !p.as_slice().is_empty()) {
            return Ok(true);
        }
        self.pieces.clear();
        let Some((file, left)) = &mut self.file else {
            return Ok(false);
        };
        if *left == 0 {
            self.file = None;
            return Ok(false);
        }
        let mut chunk = vec![0; usize::try_from(*left).unwrap_or(FILE_CHUNK).min(FILE_CHUNK)];
        let n = loop {
            match file.read(&mut chunk) {
                Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                Ok(n) => break n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        chunk.truncate(n);
        *left -= n as u64;
        self.pieces.push_back(chunk.into());
        Ok(true)
    }
}

/// An answer: status, header fields and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    /// The answer as sent: status line, header fields, and the body unless
    /// `head_only`; `close` says the connection closes after it. The
    /// body's bytes are shared, not copied; a file is opened here and read
    /// as it is sent.
    pub fn encode(&self, head_only: bool, close: bool) -> std::io::Result<Outgoing> {
        use std::fmt::Write;
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            let _ = write!(head, "{name}: {value}\r\n");
        }
        // For HEAD too, the length a GET would get (RFC 9110, section 8.6).
        let _ = write!(head, "Content-Length: {}\r\n", self.body.len());
        if close {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let mut out = Outgoing {
            pieces: VecDeque::from([Piece::from(head.into_bytes())]),
            file: None,
        };
        if head_only {
            return Ok(out);
        }
        match &self.body {
            Body::Memory(pieces) => out.pieces.extend(pieces.iter().cloned()),
            Body::File { path, len } => out.file = Some((File::open(path)?, *len)),
        }
        Ok(out)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// What to do with a request.
pub enum Reply {
    /// Answer this, now.
    Now(Response),
    /// A long poll that saw this generation: answer when the site has
    /// another, or when [`POLL_TIMEOUT`] has passed.
    Poll(u64),
}

/// The answer to one request, after checking whom it is addressed to.
pub fn respond(shared: &Shared, head: &Head) -> Reply {
    // A target in absolute form names the host itself (RFC 9112, section
    // 3.2.2); on loopback both it and the `Host` header must be this
    // computer's names.
    let (authority, url) = match split_absolute(&head.target) {
        Some((authority, path)) => (Some(authority.to_ascii_lowercase()), path),
        None => (None, head.target.clone()),
    };
    let host = match head.hosts.as_slice() {
        [host] => host,
        [] => {
            return Reply::Now(plain(
                400,
                "the request has no Host header: name the server, e.g. `Host: 127.0.0.1`",
            ))
        }
        _ => return Reply::Now(plain(400, "the request has more than one Host header")),
    };
    if let Some(names) = shared.hosts.get() {
        let ours = |h: &String| names.contains(h);
        if !ours(host) || !authority.as_ref().is_none_or(ours) {
            return Reply::Now(plain(
                403,
                "this preview answers only to 127.0.0.1 and localhost",
            ));
        }
    }
    answer(shared, &head.method, &url)
}

/// The answer when [`crate::serve::server::Limits::max_connections`] are
/// open already.
pub fn too_many_connections(max: usize) -> Response {
    with(
        plain(
            503,
            &format!("the preview has {max} connections open, as many as it takes: close some tabs or programs connected to it and reload"),
        ),
        "Retry-After",
        "2",
    )
}

/// The answer to a request refused before it was read in full.
pub fn refusal(status: u16, text: &str) -> Response {
    plain(status, text)
}

/// The answer when a file of the course found for a request cannot be
/// opened after all (it was deleted since).
pub fn gone() -> Response {
    plain(404, "not found")
}

/// The long-poll answer for `snapshot`.
pub fn poll_answer(snapshot: &Snapshot) -> Response {
    bytes(200, poll_body(snapshot).into_bytes(), "application/json")
}

/// The answer to a `method` request for `url`.
pub fn answer(shared: &Shared, method: &str, url: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::Now(with(
            plain(405, "only GET and HEAD are served"),
            "Allow",
            "GET, HEAD",
        ));
    }
    Reply::Now(match get(shared, url) {
        Ok(response) => response,
        Err(since) => return Reply::Poll(since),
    })
}

/// The answer to a GET of `url`, or the generation a long poll saw.
fn get(shared: &Shared, url: &str) -> Result<Response, u64> {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == SCRIPT_PATH {
        return Ok(answer_with(
            200,
            Body::Memory(vec![Piece::new(Held::Static(LIVE_JS.as_bytes()))]),
            "text/javascript; charset=utf-8",
        ));
    }
    if path == POLL_PATH {
        let since = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|n| n.parse::<u64>().ok());
        return match since {
            Some(seen) => Err(seen),
            None => Ok(poll_answer(&shared.current())),
        };
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Ok(plain(400, "the path is not valid UTF-8"));
    };
    let Some(key) = site_key(&decoded) else {
        return Ok(plain(400, "the path is not a path of the site"));
    };
    if key.starts_with(crate::model::permalinks::SEARCH_FOLDER) && key.ends_with(".js") {
        // The search index is made when it is first asked for.
        shared.search();
    }
    let snapshot = shared.current();
    if snapshot.files.is_empty() {
        // No build has succeeded yet: a page that shows the errors and
        // reloads when they are fixed.
        let shell = format!("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><meta name=\"referrer\" content=\"no-referrer\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>induct: the course has not built yet</title></head>\n<body>\n<h1>The course has not built yet</h1>\n<p>The errors are below; this page reloads when they are fixed.</p>\n</body>\n</html>\n", crate::render::CONTENT_SECURITY_POLICY);
        return Ok(page(
            &snapshot,
            "index.html",
            vec![shell.into_bytes().into()],
            503,
        ));
    }
    let found = snapshot.files.get(&key);
    if found.is_none() && !key.is_empty() && !key.ends_with("index.html") {
        // A folder asked for without its slash: send the browser to it, so
        // the page's relative links work.
        if snapshot.files.contains_key(&format!("{key}/index.html")) {
            let encoded: String = key
                .split('/')
                .map(|seg| {
                    percent_encoding::utf8_percent_encode(seg, percent_encoding::NON_ALPHANUMERIC)
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("/");
            let mut location = format!("/{encoded}/");
            if !query.is_empty() {
                location.push('?');
                location.push_str(query);
            }
            return Ok(with(plain(301, "moved"), "Location", &location));
        }
    }
    let file_key = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key
    };
    Ok(file(&snapshot, &file_key, 200)
        .or_else(|| file(&snapshot, "404.html", 404))
        .unwrap_or_else(|| plain(404, "not found")))
}

/// The answer with the file `key` of the site, `None` when there is no
/// such file or it cannot be read. A course file that is not a page is
/// only looked at here (its length), and read as it is sent.
fn file(snapshot: &Snapshot, key: &str, status: u16) -> Option<Response> {
    let stored = snapshot.files.get(key)?;
    let kind = content_type(key);
    let body = match (in_memory(stored), stored) {
        (Some(body), _) => body,
        (None, Stored::File(path)) if !kind.starts_with("text/html") => {
            let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
            let body = Body::File {
                path: path.clone(),
                len: meta.len(),
            };
            return Some(answer_with(status, body, kind));
        }
        (None, _) => vec![stored.read().ok()?.into()],
    };
    Some(page(snapshot, key, body, status))
}

/// A request target in absolute form (`http://127.0.0.1:3000/x?y`) split
/// into its authority (`127.0.0.1:3000`) and its path and query (`/x?y`);
/// `None` for the usual origin form (`/x?y`).
pub fn split_absolute(target: &str) -> Option<(&str, String)> {
    let scheme = target.get(..7)?;
    if !scheme.eq_ignore_ascii_case("http://") {
        return None;
    }
    let rest = &target[7..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path = if tail.starts_with('/') {
        tail.to_string()
    } else {
        format!("/{tail}")
    };
    Some((authority, path))
}

/// The key in the site of a request path (`/modules/x/` → `modules/x/`),
/// or `None` for a path no file of the site can have: one with `..`, `.`,
/// a backslash, a NUL or an empty segment in the middle.
pub fn site_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    if rest.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        if *segment == ".." || *segment == "." || (segment.is_empty() && i != last) {
            return None;
        }
    }
    Some(rest.to_string())
}

/// A file of the site; HTML gets the live-reload script (the file's
/// bytes are still shared: the script goes between two slices of them).
fn page(snapshot: &Snapshot, key: &str, mut body: Vec<Piece>, status: u16) -> Response {
    let kind = content_type(key);
    if !kind.starts_with("text/html") {
        return answer_with(status, Body::Memory(body), kind);
    }
    let script = format!(
        "<script src=\"{SCRIPT_PATH}\" data-generation=\"{}\" data-server=\"{}\" defer></script>\n",
        snapshot.generation,
        server_id()
    );
    // Before the last `</body>`, in the last piece that has one (else at
    // the end).
    let found = body
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, p)| find_last(p.as_slice(), b"</body>").map(|at| (i, at)));
    let (i, at) = found.unwrap_or((body.len(), 0));
    let rest = match body.get(i) {
        Some(piece) => {
            let len = piece.as_slice().len();
            let (before, after) = (piece.slice(0..at), piece.slice(at..len));
            body.splice(i..=i, [before, script.into_bytes().into(), after]);
            return answer_with(status, Body::Memory(body), kind);
        }
        None => script.into_bytes().into(),
    };
    body.push(rest);
    answer_with(status, Body::Memory(body), kind)
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The long-poll answer: the generation and the latest build's problems.
fn poll_body(snapshot: &Snapshot) -> String {
    let failed = snapshot.problems.iter().any(|d| d.is_error());
    serde_json::json!({
        "generation": snapshot.generation,
        "server": server_id(),
        "failed": failed,
        "diagnostics": crate::error::json_list(&snapshot.problems),
    })
    .to_string()
}

/// This run of the server: a restarted server starts counting generations
/// again, and pages from the last run must still reload.
fn server_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        format!("{:x}-{:x}", std::process::id(), nanos)
    })
}

/// The `Content-Type` of a file of the site, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" | "md" => "text/plain; charset=utf-8",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// `response` with the header `name: value` added (ASCII induct chose).
fn with(mut response: Response, name: &'static str, value: &str) -> Response {
    response.headers.push((name, value.to_string()));
    response
}

fn bytes(status: u16, body: Vec<u8>, kind: &str) -> Response {
    answer_with(status, Body::Memory(vec![body.into()]), kind)
}

fn answer_with(status: u16, body: Body, kind: &str) -> Response {
    let response = Response {
        status,
        headers: Vec::new(),
        body,
    };
    let response = with(response, "Content-Type", kind);
    let response = with(response, "Cache-Control", "no-store");
    with(response, "X-Content-Type-Options", "nosniff")
}

fn plain(status: u16, text: &str) -> Response {
    bytes(
        status,
        format!("{text}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_the_site_only() {
        assert_eq!(site_key("/"), Some(String::new()));
        assert_eq!(site_key("/modules/x/"), Some("modules/x/".into()));
        assert_eq!(
            site_key("/assets/induct.css"),
            Some("assets/induct.css".into())
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../b",
            "/./a",
            "//etc/passwd",
            "/a\\..\\b",
            "relative",
            "/a\0",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn absolute_targets_split_into_authority_and_path() {
        let split = |t| split_absolute(t).map(|(a, p)| (a.to_string(), p));
        assert_eq!(
            split("http://127.0.0.1:3000/modules/x/?a=1"),
            Some(("127.0.0.1:3000".into(), "/modules/x/?a=1".into()))
        );
        assert_eq!(
            split("HTTP://localhost"),
            Some(("localhost".into(), "/".into()))
        );
        assert_eq!(
            split("http://localhost?since=3"),
            Some(("localhost".into(), "/?since=3".into()))
        );
        assert_eq!(split("/modules/x/"), None);
        assert_eq!(split("http:/"), None);
        assert_eq!(split("ftp://localhost/"), None);
    }

    #[test]
    fn an_answer_goes_out_in_pieces_and_a_file_in_chunks() {
        let body: Piece = b"<p>hi</p></body>".to_vec().into();
        let mut out = Outgoing {
            pieces: VecDeque::from([
                body.slice(0..9),
                "<s>".as_bytes().to_vec().into(),
                body.slice(9..16),
            ]),
            file: None,
        };
        let all = |out: &Outgoing| -> Vec<u8> {
            out.pieces
                .iter()
                .flat_map(|p| p.as_slice().to_vec())
                .collect()
        };
        assert_eq!(all(&out), b"<p>hi</p><s></body>");
        out.advance(10);
        assert_eq!(all(&out), b"s></body>");
        out.advance(9);
        assert!(!out.refill().unwrap(), "all sent");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let bytes: Vec<u8> = (0..FILE_CHUNK * 2 + 5).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut out = Outgoing {
            pieces: VecDeque::new(),
            file: Some((File::open(&path).unwrap(), bytes.len() as u64)),
        };
        let mut sent = Vec::new();
        while out.refill().unwrap() {
            assert!(out.pieces.iter().all(|p| p.as_slice().len() <= FILE_CHUNK));
            sent.extend(all(&out));
            out.pieces.clear();
        }
        assert!(sent == bytes);
        // A file shorter than its answer said is an error, not a short answer.
        let mut out = Outgoing {
            pieces: VecDeque::new(),
            file: Some((File::open(&path).unwrap(), bytes.len() as u64 + 1)),
        };
        let mut result = out.refill();
        while let Ok(true) = result {
            out.pieces.clear();
            result = out.refill();
        }
        assert_eq!(result.unwrap_err().kind(), ErrorKind::UnexpectedEof);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("leaflet.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
