//! Offline: the service worker `sw.js`, which keeps a copy of the whole
//! site in the reader's browser.
//!
//! Input: every file of the site as it reaches the [`Sink`] (through
//! [`Recording`], which notes each path and a hash of its bytes). Output:
//! `sw.js` at the site root, handed to the sink last, once every other
//! file is known. Its list of files is sorted and its hashes depend only
//! on the files' bytes, so the same site always gives the same `sw.js`,
//! and any change to any file gives a new one — which is how a browser
//! learns that the site changed and fetches what changed (see
//! `worker.js`).
//!
//! A build without `offline = true` (and the preview) writes instead a
//! worker that removes itself and the copy ([`RETIRE`]), so turning the
//! option off, or previewing at the address of an earlier offline build,
//! never strands a reader on an old copy.

use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::{Content, Sink};
use crate::error::Error;

/// Where the worker is written, from the site root. Its scope is the
/// folder it is in: the whole site, under whatever sub-path it is served.
pub const WORKER_PATH: &str = "sw.js";

/// The worker's code, after the list of files it is given.
const WORKER: &str = include_str!("worker.js");

/// The worker of a site that is not kept offline: it deletes the copy an
/// earlier build's worker made, unregisters itself and loads open pages
/// again from the site.
pub const RETIRE: &[u8] = include_bytes!("retire.js");

/// How many hex digits of each file's SHA-256 the worker is given: enough
/// to tell any change, short enough to keep `sw.js` small.
const HASH_DIGITS: usize = 16;

/// A sink that passes every file on to another and notes its path and hash.
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, String)>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recording {
            inner,
            files: Mutex::new(Vec::new()),
        }
    }

    /// Writes `sw.js`, listing every file handed over so far, to the sink
    /// this one passes files to.
    pub fn finish(self) -> Result<(), Error> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.inner
            .put(WORKER_PATH, Content::Bytes(worker(files).into_bytes()))
    }
}

impl Sink for Recording<'_> {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        let hash = match &content {
            Content::Bytes(bytes) => hash(bytes),
            Content::Shared(bytes) => hash(bytes),
            Content::Static(bytes) => hash(bytes),
            Content::Pieces(pieces) => hash(pieces.concat().as_bytes()),
            Content::Copy(from) => hash(&crate::fs::read(from)?),
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), hash));
        self.inner.put(path, content)
    }

    fn keeps_files(&self) -> bool {
        self.inner.keeps_files()
    }
}

/// The first 16 hex digits of the SHA-256 of `bytes` (what
/// the worker checks each fetched file against).
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(HASH_DIGITS);
    for b in digest.iter().take(HASH_DIGITS / 2) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The address of a file for the worker, from the site root: a page's
/// `x/index.html` is `x/` (how the site links to it), the home page `""`.
pub fn address(path: &str) -> &str {
    if path == "index.html" {
        ""
    } else {
        path.strip_suffix("index.html")
            .filter(|folder| folder.ends_with('/'))
            .unwrap_or(path)
    }
}

/// The text of `sw.js` for a site made of `files` (paths from the root,
/// each with its hash).
pub fn worker(mut files: Vec<(String, String)>) -> String {
    let mut list: Vec<(&str, &str)> = files
        .iter_mut()
        .map(|(path, hash)| (address(path), hash.as_str()))
        .collect();
    list.sort_unstable();
    list.dedup_by(|a, b| a.0 == b.0);
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_string());
    let mut out = String::with_capacity(json.len() + WORKER.len() + 200);
    out.push_str("// induct: the offline copy of this site. Every file of the site, by its\n");
    out.push_str("// address from the site root, with the start of the SHA-256 of its bytes.\n");
    out.push_str("const FILES = new Map(");
    out.push_str(&json);
    out.push_str(");\n");
    out.push_str(WORKER);
    out
}

/// The files of the site, as `sw.js` lists them: each address with its
/// hash (for tests and tools that read a built site).
pub fn listed(worker: &str) -> Option<Vec<(String, String)>> {
    let start = worker.find("new Map(")? + "new Map(".len();
    let end = start + worker[start..].find(");\n")?;
    serde_json::from_str(&worker[start..end]).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_listed_at_their_folder_address() {
        assert_eq!(address("index.html"), "");
        assert_eq!(address("modules/stigma/index.html"), "modules/stigma/");
        assert_eq!(address("404.html"), "404.html");
        assert_eq!(address("assets/induct.css"), "assets/induct.css");
        assert_eq!(address("notindex.html"), "notindex.html");
    }

    #[test]
    fn the_list_is_sorted_and_the_same_for_the_same_files() {
        let files = vec![
            ("b/index.html".to_string(), hash(b"b")),
            ("index.html".to_string(), hash(b"home")),
            ("a.png".to_string(), hash(b"a")),
        ];
        let mut reversed = files.clone();
        reversed.reverse();
        let text = worker(files);
        assert_eq!(text, worker(reversed));
        let listed = listed(&text).unwrap();
        let names: Vec<&str> = listed.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["", "a.png", "b/"]);
        assert_eq!(listed[0].1, hash(b"home"));
    }

    #[test]
    fn the_hash_is_the_start_of_sha256() {
        // SHA-256 of "abc".
        assert_eq!(hash(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn a_recording_passes_files_on() {
        let memory = crate::serve::memory::Memory::default();
        let recording = Recording::new(&memory);
        recording
            .put("index.html", Content::Bytes(b"home".to_vec()))
            .unwrap();
        recording.finish().unwrap();
        let files = memory.into_files();
        assert!(files.contains_key("index.html"));
        let sw = String::from_utf8(files.get(WORKER_PATH).unwrap().read().unwrap()).unwrap();
        assert_eq!(listed(&sw).unwrap(), [(String::new(), hash(b"home"))]);
    }
}
