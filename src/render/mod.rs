//! Render: the site as files in memory.
//!
//! Input: the checked [`Site`], its [`Sources`], the [`Config`] and the
//! [`Theme`]. Output: an [`Output`] — every page, `404.html`,
//! `sitemap.xml`, the theme's assets and the course's assets — and any
//! warnings or template errors. Pages render in parallel (rayon); nothing is
//! written to disk here.

pub mod context;
pub mod highlight;
pub mod markdown;
pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::Context;

use crate::config::Config;
use crate::error::{Diagnostic, Location};
use crate::load::Sources;
use crate::model::links::relative;
use crate::model::Site;
use context::{CourseInfo, Link, PageContext, PageInfo, TocEntry};
use theme::{Origin, Theme};

/// A file of the built site.
#[derive(Debug)]
pub struct OutputFile {
    /// Path in the output folder, `/`-separated.
    pub path: String,
    pub content: Content,
}

/// What a file of the output holds.
#[derive(Debug)]
pub enum Content {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// Bytes built into the binary.
    Static(&'static [u8]),
    /// A file copied as it is.
    Copy(PathBuf),
}

/// The whole built site, in memory.
#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutputFile>,
}

impl Output {
    /// How many HTML pages it holds.
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with("index.html"))
            .count()
    }
}

const GENERATOR: &str = concat!("induct ", env!("CARGO_PKG_VERSION"));

/// Renders every published page and gathers every output file.
pub fn render_site(
    config: &Config,
    site: &Site,
    sources: &Sources,
    theme: &Theme,
) -> (Output, Vec<Diagnostic>) {
    let results: Vec<Result<(OutputFile, Vec<Diagnostic>), Diagnostic>> = site
        .order
        .par_iter()
        .map(|&page| render_page(config, site, sources, theme, page))
        .collect();
    let mut output = Output::default();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((file, warnings)) => {
                output.files.push(file);
                problems.extend(warnings);
            }
            Err(d) => problems.push(d),
        }
    }
    let has_code = site.order.iter().any(|&p| site.pages[p].scan.has_code);

    match render_not_found(config, site, theme) {
        Ok(file) => output.files.push(file),
        Err(d) => problems.push(d),
    }
    output.files.push(OutputFile {
        path: "sitemap.xml".into(),
        content: Content::Bytes(sitemap(config, site).into_bytes()),
    });
    if has_code {
        output.files.push(OutputFile {
            path: highlight::STYLESHEET_PATH.into(),
            content: Content::Bytes(highlight::stylesheet().into_bytes()),
        });
    }
    for asset in &theme.assets {
        output.files.push(OutputFile {
            path: format!("assets/{}", asset.rel),
            content: match &asset.origin {
                Origin::BuiltIn => Content::Static(asset.bytes),
                Origin::Course(path) => Content::Copy(path.clone()),
            },
        });
    }
    let generated: HashMap<String, ()> =
        output.files.iter().map(|f| (f.path.clone(), ())).collect();
    for asset in &sources.assets {
        if generated.contains_key(&asset.rel) {
            problems.push(
                Diagnostic::error(
                    "output-conflict",
                    Some(Location::file(format!("content/{}", asset.rel))),
                    format!(
                        "this file would overwrite `{}`, which induct generates",
                        asset.rel
                    ),
                )
                .with_help("rename or move the file"),
            );
            continue;
        }
        output.files.push(OutputFile {
            path: asset.rel.clone(),
            content: Content::Copy(asset.source.clone()),
        });
    }
    (output, problems)
}

fn render_page(
    config: &Config,
    site: &Site,
    sources: &Sources,
    theme: &Theme,
    index: usize,
) -> Result<(OutputFile, Vec<Diagnostic>), Diagnostic> {
    let page = &site.pages[index];
    let (content, warnings) = match page.source.and_then(|s| sources.files.get(s)) {
        Some(file) => {
            let r = markdown::render(site, index, &file.text, file.body_start);
            (r.html, r.warnings)
        }
        None => (String::new(), Vec::new()),
    };
    let root = relative(&page.url, "");
    let link = |p: usize| Link {
        title: &site.pages[p].title,
        href: relative(&page.url, &site.pages[p].url),
    };
    let (previous, next) = site.neighbours(index);
    let is_home = index == site.home;
    let ctx = PageContext {
        course: CourseInfo::new(config),
        page: PageInfo {
            title: &page.title,
            summary: page.summary.as_deref(),
            canonical: format!("{}{}", config.base_url, page.url),
            content,
            toc: page
                .scan
                .headings
                .iter()
                .filter(|h| (2..=3).contains(&h.level))
                .map(|h| TocEntry {
                    level: h.level,
                    title: &h.text,
                    id: &h.id,
                })
                .collect(),
            is_home,
        },
        home: root.clone(),
        root,
        nav: context::nav(site, index),
        breadcrumbs: site.ancestors(index).into_iter().map(link).collect(),
        previous: previous.map(link),
        next: next.map(link),
        children: context::children(site, index, index, if is_home { 2 } else { 1 }),
        has_code: page.scan.has_code,
        generator: GENERATOR,
    };
    let template = if is_home { "index.html" } else { "page.html" };
    let html = render_template(theme, template, &ctx, &page.path)?;
    Ok((
        OutputFile {
            path: format!("{}index.html", page.url),
            content: Content::Bytes(html.into_bytes()),
        },
        warnings,
    ))
}

/// `404.html` is served for any missing path, at any depth, so its links
/// are absolute (from `base_url`) rather than relative.
fn render_not_found(config: &Config, site: &Site, theme: &Theme) -> Result<OutputFile, Diagnostic> {
    let absolute = |p: usize| Link {
        title: &site.pages[p].title,
        href: format!("{}{}", config.base_url, site.pages[p].url),
    };
    let ctx = PageContext {
        course: CourseInfo::new(config),
        page: PageInfo {
            title: "Page not found",
            summary: None,
            canonical: format!("{}404.html", config.base_url),
            content: String::new(),
            toc: Vec::new(),
            is_home: false,
        },
        root: config.base_url.clone(),
        home: config.base_url.clone(),
        nav: Vec::new(),
        breadcrumbs: Vec::new(),
        previous: None,
        next: None,
        children: site.pages[site.home]
            .children
            .iter()
            .filter(|&&c| site.pages[c].published)
            .map(|&c| {
                let l = absolute(c);
                context::Child {
                    title: l.title,
                    href: l.href,
                    summary: site.pages[c].summary.as_deref(),
                    children: Vec::new(),
                }
            })
            .collect(),
        has_code: false,
        generator: GENERATOR,
    };
    let html = render_template(theme, "404.html", &ctx, "404.html")?;
    Ok(OutputFile {
        path: "404.html".into(),
        content: Content::Bytes(html.into_bytes()),
    })
}

fn render_template(
    theme: &Theme,
    template: &str,
    ctx: &PageContext<'_>,
    page_path: &str,
) -> Result<String, Diagnostic> {
    let fail = |message: String| {
        Diagnostic::error(
            "template",
            Some(Location::file(theme.template_path(template))),
            message,
        )
        .with_help("check the variable names against the template reference in README.md")
    };
    let context = Context::from_serialize(ctx).map_err(|e| fail(theme::error_chain(&e)))?;
    theme.tera.render(template, &context).map_err(|e| {
        fail(format!(
            "cannot render `{page_path}` with `{template}`: {}",
            theme::error_chain(&e)
        ))
    })
}

/// `sitemap.xml`: the canonical URL of every published page.
fn sitemap(config: &Config, site: &Site) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for &p in &site.order {
        out.push_str("  <url><loc>");
        out.push_str(&markdown::escape(&format!(
            "{}{}",
            config.base_url, site.pages[p].url
        )));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
