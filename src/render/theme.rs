//! The theme: Tera templates and static assets.
//!
//! The default theme in `themes/default/` is compiled into the binary, so a
//! course without a `themes/` folder builds. A course replaces any single
//! template or asset by putting a file of the same name in its own
//! `themes/<theme>/` (`templates/page.html`, `assets/induct.css`); all
//! templates are registered in one call so inheritance resolves over the
//! final set. Template errors name the template file and, where Tera gives
//! one, the line.

use std::collections::BTreeMap;
use std::path::PathBuf;

use include_dir::{include_dir, Dir};
use tera::Tera;

use crate::config::Config;
use crate::error::{Code, Diagnostic, Error, Location};
use crate::fs;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from.
#[derive(Debug, Clone)]
pub enum Origin {
    BuiltIn,
    /// A file of the course (absolute path).
    Course(PathBuf),
}

/// A static file of the theme, copied to `assets/<rel>` in the output.
#[derive(Debug, Clone)]
pub struct ThemeAsset {
    pub rel: String,
    pub origin: Origin,
    /// The built-in bytes when `origin` is `BuiltIn`.
    pub bytes: &'static [u8],
}

/// The loaded theme.
pub struct Theme {
    pub tera: Tera,
    pub assets: Vec<ThemeAsset>,
    /// Template name → the path diagnostics show for it.
    template_paths: BTreeMap<String, String>,
    /// Every template is the built-in theme's (a course's copy of one
    /// included), so how each uses `page.content` is known.
    pub built_in_templates: bool,
}

impl Theme {
    /// How diagnostics name template `name`.
    pub fn template_path(&self, name: &str) -> String {
        self.template_paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// Loads the built-in theme with the course's overrides on top.
pub fn load(config: &Config) -> Result<Theme, Error> {
    let label = format!("themes/{}", config.theme);
    let mut templates: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut assets: BTreeMap<String, ThemeAsset> = BTreeMap::new();

    for file in embedded_files(&DEFAULT_THEME) {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            templates.insert(name.to_string(), (text, format!("(built-in theme) {rel}")));
        } else if let Some(asset) = rel.strip_prefix("assets/") {
            assets.insert(
                asset.to_string(),
                ThemeAsset {
                    rel: asset.to_string(),
                    origin: Origin::BuiltIn,
                    bytes: file.contents(),
                },
            );
        }
    }

    let built_in: BTreeMap<String, String> = templates
        .iter()
        .map(|(k, (text, _))| (k.clone(), text.clone()))
        .collect();
    let dir = config.theme_dir();
    if dir.is_dir() {
        for found in fs::walk_files(&dir, None).into_files(&dir)? {
            if let Some(name) = found.rel.strip_prefix("templates/") {
                let text = fs::read_to_string(&found.path)?;
                templates.insert(name.to_string(), (text, format!("{label}/{}", found.rel)));
            } else if let Some(asset) = found.rel.strip_prefix("assets/") {
                assets.insert(
                    asset.to_string(),
                    ThemeAsset {
                        rel: asset.to_string(),
                        origin: Origin::Course(found.path.clone()),
                        bytes: &[],
                    },
                );
            }
        }
    }

    let built_in_templates = templates
        .iter()
        .all(|(name, (text, _))| built_in.get(name) == Some(text));
    let template_paths: BTreeMap<String, String> = templates
        .iter()
        .map(|(k, (_, p))| (k.clone(), p.clone()))
        .collect();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaping also turns `/` into `&#x2F;`, which makes every
    // href unreadable; escaping `&<>"` is what HTML needs.
    tera.set_escape_fn(super::markdown::escape);
    let texts: BTreeMap<String, String> = templates.into_iter().map(|(k, (t, _))| (k, t)).collect();
    // What `Tera::add_raw_templates` does, with the check for loops
    // between templates before Tera follows them: its own walk of
    // `{% extends %}` recurses for ever on a loop it does not start in.
    let mut failed = None;
    for (name, text) in &texts {
        match tera::Template::new(name, None, text) {
            Ok(template) => {
                tera.templates.insert(name.clone(), template);
            }
            Err(e) => {
                failed = Some(tera::Error::chain(format!("Failed to parse '{name}'"), e));
                break;
            }
        }
    }
    if failed.is_none() {
        let loops = super::template_loops::check(
            &tera,
            &super::template_loops::Sources {
                texts: &texts,
                paths: &template_paths,
            },
        );
        if !loops.is_empty() {
            return Err(Error::Content(loops));
        }
        failed = tera
            .build_inheritance_chains()
            .and_then(|()| tera.check_macro_files())
            .err();
    }
    if let Some(e) = failed {
        let message = error_chain(&e);
        let location = template_paths
            .iter()
            .find(|(name, _)| {
                message.contains(&format!("'{name}'")) || message.contains(&format!("\"{name}\""))
            })
            .map(|(_, path)| {
                let (line, col) = tera_position(&message).unwrap_or((1, 1));
                Location::at(path, line, col)
            });
        return Err(Error::Content(vec![Diagnostic::error(
            Code::Template,
            location,
            format!("the template cannot be parsed: {message}"),
        )
        .with_help(
            "fix the template syntax (see https://keats.github.io/tera/docs/#templates)",
        )]));
    }
    Ok(Theme {
        tera,
        assets: assets.into_values().collect(),
        template_paths,
        built_in_templates,
    })
}

fn embedded_files(dir: &'static Dir<'static>) -> Vec<&'static include_dir::File<'static>> {
    let mut out: Vec<_> = dir.files().collect();
    for sub in dir.dirs() {
        out.extend(embedded_files(sub));
    }
    out
}

/// A Tera error and its causes in one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts
        .join(": ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `--> line:col` Tera puts in parse errors.
fn tera_position(message: &str) -> Option<(usize, usize)> {
    let rest = message.split("--> ").nth(1)?;
    let mut nums = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    Some((nums.next()?.parse().ok()?, nums.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded() {
        let names: Vec<String> = embedded_files(&DEFAULT_THEME)
            .iter()
            .map(|f| f.path().to_string_lossy().into_owned())
            .collect();
        for needed in [
            "templates/base.html",
            "templates/page.html",
            "templates/404.html",
            "assets/induct.css",
        ] {
            assert!(
                names.iter().any(|n| n == needed),
                "{needed} missing from {names:?}"
            );
        }
    }

    #[test]
    fn positions_from_tera_messages() {
        assert_eq!(
            tera_position("Failed to parse 'x.html': --> 3:12 |"),
            Some((3, 12))
        );
        assert_eq!(tera_position("nothing"), None);
    }
}
