//! The preview's copy of the site: every file a build hands over, kept in
//! memory (files of the course are kept as their path and read when
//! asked for), so preview never writes into the course or its `site/`.
//!
//! Pages are kept apart from the other files ([`Files`]): a save renders
//! a few pages again, and the served pages are those of the build before
//! with those few put in their place, not every page handed over again.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::render::{Content, Sink};

/// One file of the previewed site.
#[derive(Debug, Clone)]
pub enum Stored {
    Bytes(std::sync::Arc<[u8]>),
    Static(&'static [u8]),
    /// Text in pieces, sent one after another.
    Pieces(Arc<[Arc<str>]>),
    /// A file of the course, read when it is requested.
    File(PathBuf),
}

impl Stored {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Stored::Bytes(b) => Ok(b.to_vec()),
            Stored::Static(b) => Ok(b.to_vec()),
            Stored::Pieces(p) => Ok(p.concat().into_bytes()),
            Stored::File(path) => std::fs::read(path),
        }
    }

    /// What the preview keeps of `content`, without copying shared bytes.
    pub fn of(content: Content) -> Stored {
        match content {
            Content::Bytes(b) => Stored::Bytes(b.into()),
            Content::Shared(b) => Stored::Bytes(b),
            Content::Static(b) => Stored::Static(b),
            Content::Pieces(p) => Stored::Pieces(p),
            Content::Copy(p) => Stored::File(p),
        }
    }
}

/// Files by path from the site root.
pub type FileMap = HashMap<String, Stored>;

/// Every file of one generation of the preview: its pages (shared with
/// the generations before and after it, which change only the pages a
/// save rendered again), every other file the build made, and the search
/// index once it has been asked for.
#[derive(Debug, Clone, Default)]
pub struct Files {
    pages: Arc<FileMap>,
    rest: Arc<FileMap>,
    search: Arc<FileMap>,
}

impl Files {
    /// The file at `path`.
    pub fn get(&self, path: &str) -> Option<&Stored> {
        self.rest
            .get(path)
            .or_else(|| self.pages.get(path))
            .or_else(|| self.search.get(path))
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// No build has succeeded yet.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.rest.is_empty()
    }

    /// Every file, each path once.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Stored)> {
        self.rest.iter().chain(
            self.pages
                .iter()
                .chain(self.search.iter())
                .filter(|(path, _)| !self.rest.contains_key(*path)),
        )
    }

    /// These files with the search index's `search` added.
    pub fn with_search(&self, search: FileMap) -> Files {
        Files {
            search: Arc::new(search),
            ..self.clone()
        }
    }
}

/// A sink that keeps the site in memory.
#[derive(Default)]
pub struct Memory {
    pages: Mutex<FileMap>,
    rest: Mutex<FileMap>,
}

impl Memory {
    /// The files received.
    pub fn into_files(self) -> Files {
        Files {
            pages: Arc::new(into_inner(self.pages)),
            rest: Arc::new(into_inner(self.rest)),
            search: Arc::default(),
        }
    }

    /// The files received, with the pages of `before` that this build did
    /// not hand over again (see [`Sink::put_page`]); and what is left of
    /// `before` (its other files and search index), for the caller to
    /// drop when it is not in a hurry: freeing a large site's search
    /// index takes a while.
    pub fn into_files_after(self, before: Files) -> (Files, Files) {
        let mut pages = before.pages;
        let fresh = into_inner(self.pages);
        if !fresh.is_empty() {
            // Copies the map only while a request still holds the pages
            // of the generation before.
            Arc::make_mut(&mut pages).extend(fresh);
        }
        let files = Files {
            pages,
            rest: Arc::new(into_inner(self.rest)),
            search: Arc::default(),
        };
        let left = Files {
            pages: Arc::default(),
            rest: before.rest,
            search: before.search,
        };
        (files, left)
    }
}

fn into_inner(map: Mutex<FileMap>) -> FileMap {
    map.into_inner().unwrap_or_else(|e| e.into_inner())
}

impl Sink for Memory {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        self.rest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Stored::of(content));
        Ok(())
    }

    fn put_page(&self, path: &str, content: Content) -> Result<(), Error> {
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Stored::of(content));
        Ok(())
    }
}
