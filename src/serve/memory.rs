//! The preview's copy of the site: every file a build hands over, kept in
//! memory (files of the course are kept as their path and read when
//! asked for), so preview never writes into the course or its `site/`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use crate::error::Error;
use crate::render::{Content, Sink};

/// One file of the previewed site.
#[derive(Debug, Clone)]
pub enum Stored {
    Bytes(std::sync::Arc<[u8]>),
    Static(&'static [u8]),
    /// A file of the course, read when it is requested.
    File(PathBuf),
}

impl Stored {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Stored::Bytes(b) => Ok(b.to_vec()),
            Stored::Static(b) => Ok(b.to_vec()),
            Stored::File(path) => std::fs::read(path),
        }
    }
}

/// A sink that keeps the site in memory.
#[derive(Default)]
pub struct Memory {
    files: Mutex<HashMap<String, Stored>>,
}

impl Memory {
    /// The files received, by path from the site root.
    pub fn into_files(self) -> HashMap<String, Stored> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, content: Content) -> Result<(), Error> {
        let stored = match content {
            Content::Bytes(b) => Stored::Bytes(b.into()),
            Content::Shared(b) => Stored::Bytes(b),
            Content::Static(b) => Stored::Static(b),
            Content::Copy(p) => Stored::File(p),
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), stored);
        Ok(())
    }
}
