// induct: small enhancements only. Every page works without this script.
(function () {
  "use strict";
  var script = document.currentScript; // only set while this runs
  // First, so the shortcut works as soon as possible.
  var exit = document.querySelector(".quick-exit");
  if (exit && exit.querySelector("a.quick-exit-link")) quickExit(exit);
  offline();
  // Opened straight from disk, a link to a folder shows a file listing:
  // point such links at the folder's index.html instead.
  if (window.location.protocol === "file:") {
    document.querySelectorAll("a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var parts = href.split("#");
      if (parts[0] === "" || parts[0].slice(-1) !== "/") return;
      a.setAttribute("href", parts[0] + "index.html" + (parts[1] !== undefined ? "#" + parts[1] : ""));
    });
  }
  printing();
  var root = siteRoot();
  var keep = keeping(root);
  var step = document.querySelector("article.scenario[data-scenario]");
  if (step) scenario(step, keep);
  copyButtons();
  progress(root, keep);
  var linksFilter = document.getElementById("induct-links-filter");
  if (linksFilter) linksPage(linksFilter);
  var needs = document.querySelector(".support-needs");
  if (needs) supportFilter(needs);
  // A scenario's map wider than the screen scrolls sideways: begin with
  // its start in view rather than its left edge.
  document.querySelectorAll(".scenario-map-scroll").forEach(function (box) {
    var start = box.querySelector(".map-start");
    if (!start || box.scrollWidth <= box.clientWidth) return;
    var b = box.getBoundingClientRect();
    var s = start.getBoundingClientRect();
    box.scrollLeft += s.left + s.width / 2 - (b.left + b.width / 2);
  });

  // Exit this page ([quick_exit]): its links replace this page with the
  // neutral site (Back skips it), behind an overlay put up at once and
  // taken down on pageshow. With data-shortcut, Shift pressed alone 3
  // times, each within 5 s of the last, leaves too: any other key, a held
  // Shift or Shift+key resets; the status region tells the count.
  function quickExit(bar) {
    var status = bar.querySelector(".quick-exit-status");
    var say = function (text) { if (status) status.textContent = text; };
    var cover = document.createElement("div");
    cover.className = "quick-exit-overlay";
    var leave = function () {
      document.body.appendChild(cover);
      document.documentElement.classList.add("induct-leaving");
      say("Leaving this site");
      window.location.replace(bar.querySelector("a.quick-exit-link").href);
    };
    document.querySelectorAll("a.quick-exit-link, a.quick-exit-skip").forEach(function (a) {
      a.addEventListener("click", function (event) {
        if (event.button) return;
        event.preventDefault();
        leave();
      });
    });
    var presses = 0, timer, tap;
    window.addEventListener("pageshow", function () {
      document.documentElement.classList.remove("induct-leaving");
      cover.remove();
      presses = 0;
      say("");
    });
    if (!bar.hasAttribute("data-shortcut")) return;
    var hint = bar.querySelector(".quick-exit-hint");
    if (hint) hint.hidden = false;
    document.addEventListener("keydown", function (event) {
      tap = event.key === "Shift" && !event.repeat && !event.ctrlKey && !event.altKey && !event.metaKey;
      if (event.key === "Shift" || !presses) return;
      presses = 0;
      clearTimeout(timer);
      say("");
    });
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift" || !tap) return;
      tap = false;
      clearTimeout(timer);
      if (++presses > 2) return leave();
      say("Shift pressed " + (presses > 1 ? "twice: press it 1 more time" : "once: press it 2 more times") + " to leave this site");
      timer = setTimeout(function () {
        presses = 0;
        say("The exit shortcut timed out: press Shift 3 times, quickly, to leave this site");
      }, 5000);
    });
  }

  // The site's root URL: where this script came from, less its
  // `assets/induct.js`.
  function siteRoot() {
    var src = script && script.src ? script.src : "";
    var at = src.lastIndexOf("assets/induct.js");
    try {
      return new URL(at >= 0 ? src.slice(0, at) : "./", window.location.href);
    } catch (e) {
      return null;
    }
  }

  // Where the reader's progress is kept, if anywhere: the course's
  // `progress` (on <html> as data-progress) unless the reader chose in the
  // footer. "off": nowhere (nothing is marked, a scenario's path is not
  // carried between its steps); "tab": sessionStorage, gone when the tab
  // closes; "device": pages read and scenarios finished in localStorage,
  // paths still in sessionStorage. The reader's choice is kept (in
  // localStorage, naming no page) only once they make it. Every key is
  // "induct:", a kind, and the path of the site's root (then a space and a
  // scenario for a path), so two courses on one host keep apart and
  // forgetting one leaves the other. Storage the browser refuses counts
  // as none.
  function keeping(root) {
    var site = root ? root.pathname : "/";
    var usable = function (name) {
      try {
        var store = window[name];
        store.getItem("induct:");
        return store;
      } catch (e) {
        return null;
      }
    };
    var local = usable("localStorage");
    var session = usable("sessionStorage");
    var choiceKey = "induct:remember:" + site;
    var course = document.documentElement.getAttribute("data-progress");
    if (course !== "tab" && course !== "device") course = "off";
    var get = function (store, key) {
      try { return store ? store.getItem(key) : null; } catch (e) { return null; }
    };
    var mode = function () {
      var chose = get(local, choiceKey);
      var m = chose === "yes" ? "device" : chose === "no" ? "tab" : course;
      if (m === "device" && !local) m = "tab";
      return m === "tab" && !session ? "off" : m;
    };
    var ours = new RegExp("^induct:[a-z]+:" + site.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "( |$)");
    var wipe = function () {
      [local, session].forEach(function (store) {
        if (!store) return;
        try {
          for (var i = store.length - 1; i >= 0; i--) {
            if (ours.test(store.key(i) || "")) store.removeItem(store.key(i));
          }
        } catch (e) { /* nothing more can be done */ }
      });
    };
    return {
      mode: mode,
      // The course's own mode, before any choice of the reader's.
      course: course,
      local: local,
      // The store of pages read and scenarios finished, or null.
      progress: function () {
        var m = mode();
        return m === "device" ? local : m === "tab" ? session : null;
      },
      progressKey: "induct:progress:" + site,
      // The store of paths through scenarios, or null, and their keys.
      paths: function () { return mode() === "off" ? null : session; },
      pathKey: function (kind, scenario) { return "induct:" + kind + ":" + site + " " + scenario; },
      // Every key of this site's, the reader's choice too: back to the
      // course's mode.
      forget: wipe,
      // The reader ticks "Remember" (`on`) or unticks it.
      remember: function (on) {
        var key = "induct:progress:" + site;
        try {
          if (on) {
            // What this tab kept moves to the device.
            var kept = get(session, key);
            local.setItem(choiceKey, "yes");
            if (kept) local.setItem(key, kept);
            if (session) session.removeItem(key);
            return;
          }
          wipe();
          if (course === "device") local.setItem(choiceKey, "no");
        } catch (e) { /* nothing more can be done */ }
      },
    };
  }

  // Progress, kept only as `keep` says (and never sent anywhere): the
  // pages read and the scenarios finished, marked in the contents. A page
  // counts as read once the end of its main text has been on the screen
  // (at once for a page that fits on it); a scenario's steps and overview
  // are not pages read: the scenario is finished once one of its endings
  // is shown. The footer's controls, shown by this script, let the reader
  // keep it on this device or forget it; its privacy note says what is
  // kept in the mode in force. Where the browser refuses storage, nothing
  // is marked and nothing is offered.
  function progress(root, keep) {
    if (!root) return;
    var key = keep.progressKey;
    var load = function () {
      var store = keep.progress();
      var kept = null;
      try { kept = store ? JSON.parse(store.getItem(key)) : null; } catch (e) { kept = null; }
      kept = kept && typeof kept === "object" ? kept : {};
      return { read: kept.read || {}, finished: kept.finished || {} };
    };
    var save = function (kind, page) {
      var store = keep.progress();
      var kept = load();
      if (!store || page === null || kept[kind][page]) return;
      kept[kind][page] = 1;
      try { store.setItem(key, JSON.stringify(kept)); } catch (e) { return; }
      progressMarks(root, load(), keep.mode());
    };
    // What this page adds, once it counts (kept in memory, so that it
    // counts when the reader asks to remember after reading it).
    var here = [];
    var count = function (kind, page) {
      here.push([kind, page]);
      save(kind, page);
    };
    var ending = document.querySelector("article.scenario[data-ending][data-scenario]");
    if (ending) count("finished", ending.getAttribute("data-scenario"));
    var main = document.getElementById("main");
    var reading = null;
    if (main && document.querySelector(".site-nav") && !document.querySelector(".scenario, .scenario-overview") &&
        "IntersectionObserver" in window) {
      var end = document.createElement("div");
      end.className = "progress-end";
      var article = main.querySelector("article");
      if (article && article.parentNode === main) main.insertBefore(end, article.nextSibling);
      else main.appendChild(end);
      reading = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        reading.disconnect();
        count("read", sitePath(root, window.location.href));
      });
      reading.observe(end);
    }

    var control = document.querySelector(".progress-control");
    var box = control && control.querySelector("input[type=checkbox]");
    var status = control && control.querySelector("[role=status]");
    var note = document.querySelector("#induct-privacy .privacy-progress");
    var said = {
      off: "It keeps no record on this device of what you read.",
      tab: "The pages you read are marked for this tab only, and forgotten when you close it.",
      device: "Your progress (pages read, scenarios finished) is kept in this browser, on this device, until you forget it, and never sent anywhere.",
    };
    var refresh = function () {
      var mode = keep.mode();
      if (note) note.textContent = said[mode];
      if (box) box.checked = mode === "device";
      progressMarks(root, load(), mode);
    };
    var tell = function (words) {
      if (!status) return;
      status.textContent = "";
      setTimeout(function () { status.textContent = words; }, 100);
    };
    refresh();
    // Another tab, or this page shown again by Back, may have changed it.
    window.addEventListener("storage", function (event) {
      if (event.key === null || /^induct:/.test(event.key)) refresh();
    });
    window.addEventListener("pageshow", function (event) { if (event.persisted) refresh(); });

    // The controls need this script and a browser that lets it keep things.
    if (!control || !box || !keep.local) return;
    control.hidden = false;
    box.addEventListener("change", function () {
      keep.remember(box.checked);
      if (box.checked) {
        here.forEach(function (h) { save(h[0], h[1]); });
        tell("Your progress is now kept in this browser, on this device, until you forget it.");
      } else {
        if (reading) reading.disconnect(); // this page is not read again now
        here = [];
        tell("Your progress is forgotten, and no longer kept on this device.");
      }
      refresh();
    });
    control.querySelector("button.progress-forget").addEventListener("click", function () {
      if (reading) reading.disconnect();
      here = [];
      keep.forget();
      refresh();
      tell("Your progress is forgotten: this browser keeps none of it now.");
    });
  }

  // The path from the site root of `href` (`modules/stigma/`), or null
  // for an address outside the site.
  function sitePath(root, href) {
    var url;
    try { url = new URL(href, window.location.href); } catch (e) { return null; }
    if (url.protocol !== root.protocol || url.host !== root.host || url.pathname.indexOf(root.pathname) !== 0) return null;
    return url.pathname.slice(root.pathname.length).replace(/(^|\/)index\.html$/, "$1");
  }

  // Marks the pages read and scenarios finished in the contents (a tick,
  // and "(read)" or "(finished)" for screen readers), and counts them at
  // its end, saying where they are kept (`mode`: "tab" or "device").
  function progressMarks(root, kept, mode) {
    var nav = document.querySelector(".site-nav");
    if (!nav) return;
    nav.querySelectorAll("li:not(.more) > a[href]").forEach(function (a) {
      var old = a.querySelector(".progress-mark");
      if (old) a.removeChild(old);
      var page = sitePath(root, a.getAttribute("href"));
      var what = page === null ? "" : kept.finished[page] ? "finished" : kept.read[page] ? "read" : "";
      if (!what) return;
      var mark = made("span", "progress-mark", "");
      mark.appendChild(unspoken("\u2713"));
      mark.appendChild(made("span", "induct-visually-hidden", " (" + what + ")"));
      a.appendChild(mark);
    });
    var read = Object.keys(kept.read).length;
    var finished = Object.keys(kept.finished).length;
    var count = nav.querySelector(".progress-count");
    if (!read && !finished) {
      if (count) count.parentNode.removeChild(count);
      return;
    }
    if (!count) {
      // Made once and then only its words change, so the link in it stays
      // the same element (and keeps focus) as the counts go up.
      count = made("p", "progress-count", "");
      count.appendChild(unspoken("\u2713 "));
      count.appendChild(document.createTextNode(""));
      var about = made("a", "", "");
      about.href = "#induct-privacy";
      count.appendChild(about);
      (nav.querySelector("details") || nav).appendChild(count);
    }
    count.lastChild.textContent = mode === "tab" ? "kept in this tab only" : "kept in this browser only";
    var parts = [];
    if (read) parts.push(read + (read === 1 ? " page" : " pages") + " read");
    if (finished) parts.push(finished + (finished === 1 ? " scenario" : " scenarios") + " finished");
    count.childNodes[1].textContent = parts.join(", ") + ", ";
  }

  // A new element with a class and text (either may be "").
  function made(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = text;
    return element;
  }

  // Text for the eye only (a tick): screen readers are told in words.
  function unspoken(text) {
    var span = made("span", "", text);
    span.setAttribute("aria-hidden", "true");
    return span;
  }

  // Offline: a site built with `offline = true` (marked on <html>) asks
  // the browser to keep a copy of it, through the worker at its root,
  // once the page has loaded. Any other page removes a worker an earlier
  // build left at this site's address (and only this site's). Workers
  // need http(s): opened from disk, nothing happens.
  function offline() {
    if (!/^https?:$/.test(location.protocol) || !navigator.serviceWorker || !script) return;
    var root = new URL("../", script.src).href; // the script is at assets/induct.js
    if (document.documentElement.hasAttribute("data-offline")) {
      window.addEventListener("load", function () {
        navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});
      });
    } else {
      navigator.serviceWorker.getRegistration(root).then(function (r) {
        if (r && r.scope === root) r.unregister();
      }).catch(function () {});
    }
  }

  // Printing. On paper each link shows its address after it (the
  // stylesheet adds `data-print-url`): the site's public address, from the
  // canonical link, even when the page was opened from disk or a preview.
  // Links within the page, a heading's own "#" and links whose text is
  // their address already get none. Disclosures print open, and close
  // again after.
  function printing() {
    document.querySelectorAll("main a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) === "#" || a.classList.contains("induct-anchor")) return;
      var url = /^(mailto|tel):/i.test(href) ? href.replace(/^[a-z]+:/i, "")
        : linkUrl(href).replace(/\/index\.html(?=$|[?#])/, "/");
      if (a.textContent.replace(/\s+/g, "").indexOf(url.replace(/^https?:\/\//, "").replace(/\/$/, "")) < 0) a.setAttribute("data-print-url", url);
    });
    document.documentElement.setAttribute("data-print-links", "");
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  // Copying links. Each heading's "#" link gets a "Copy link" button
  // beside it, holding the section's absolute URL; any button[data-copy]
  // (on any page) copies its value. Such buttons only work with this
  // script, so a page may ship them `hidden`: they are shown here. The
  // text goes to the clipboard and nowhere else.
  var live; // the live region that tells screen readers what was copied
  function copyButtons() {
    live = document.createElement("div");
    live.className = "induct-visually-hidden";
    live.setAttribute("aria-live", "polite");
    document.body.appendChild(live);
    document.querySelectorAll("a.induct-anchor").forEach(function (a) {
      var label = a.getAttribute("aria-label") || "";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "induct-copy";
      button.textContent = "Copy link";
      // "Link to this section: X" → "Copy link to this section: X".
      button.setAttribute("aria-label", "Copy l" + label.slice(1));
      button.setAttribute("data-copy", linkUrl(a.getAttribute("href")));
      // In the place the page kept for it, when it kept one.
      var slot = a.nextElementSibling;
      if (slot && slot.classList.contains("induct-copy-slot")) a.parentNode.replaceChild(button, slot);
      else a.parentNode.insertBefore(button, a.nextSibling);
    });
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      copyLabels(button);
      button.hidden = false;
    });
    // One listener for all, so buttons added later work too.
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[data-copy], button.link-copy") : null;
      if (!button) return;
      if (button.hasAttribute("data-copy")) return copyText(button.getAttribute("data-copy"), button);
      // links/: the address or the email text of the button's item.
      var item = button.closest(".link-item");
      if (!item) return;
      var blurb = button.getAttribute("data-what") === "blurb";
      button.setAttribute("data-copied", blurb ? "Email text copied" : "Link copied");
      copyText(blurb ? emailText(item) : item.querySelector("code").textContent, button);
    });
  }

  // links/: an item's email text, from its page's (shown under "Email
  // text"): its own title, the lines between (the page's summary, a
  // story's content notes) and its own address.
  function emailText(item) {
    var group = item.closest(".link-group");
    var page = group.querySelector(".link-blurb pre").textContent.split("\n");
    var pageTitle = group.querySelector("h2 a").textContent;
    var label = item.querySelector("a").textContent;
    var kindOf = item.querySelector(".link-kind");
    var kind = kindOf ? kindOf.textContent : "";
    var title = item.hasAttribute("data-whole") ? pageTitle : kind === "section" ? pageTitle + ": " + label : label;
    return [title].concat(page.slice(1, -1), [item.querySelector("code").textContent]).join("\n");
  }

  // support/: buttons that show only the services for one need. The list
  // of needs with their services stays (it is the filter without script).
  function supportFilter(box) {
    var services = Array.prototype.slice.call(document.querySelectorAll(".service[data-tags]"));
    var list = box.querySelector(".needs");
    var allRow = list && list.querySelector(".need-all");
    if (!list || !allRow) return;
    // The list itself becomes the filter: nothing is added above or taken
    // away, so the services below stay where they were drawn.
    list.classList.add("support-filter");
    list.setAttribute("aria-label", "Show services for");
    var status = document.createElement("p");
    status.className = "induct-visually-hidden";
    status.setAttribute("aria-live", "polite");
    var buttons = [];
    var choose = function (tag, pressed) {
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === pressed)); });
      var shown = 0;
      services.forEach(function (s) {
        var match = !tag || (" " + s.getAttribute("data-tags") + " ").indexOf(" " + tag + " ") >= 0;
        s.hidden = !match;
        if (match) shown++;
      });
      var count = shown + (shown === 1 ? " service" : " services");
      status.textContent = (tag ? count + " for " + pressed.textContent.toLowerCase() : "All " + count) + " shown";
    };
    var button = function (tag, label) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.setAttribute("aria-pressed", String(!tag));
      b.addEventListener("click", function () { choose(tag, b); });
      buttons.push(b);
      return b;
    };
    allRow.appendChild(button("", "All"));
    allRow.hidden = false;
    list.querySelectorAll("li[data-need]").forEach(function (li) {
      var label = li.querySelector(".need-label");
      if (!label) return;
      label.parentNode.replaceChild(button(li.getAttribute("data-need"), label.textContent), label);
    });
    box.appendChild(status);
  }

  // links/: show the copy buttons (the page ships them hidden, as they
  // need this script) and filter the list as the reader types. Every
  // link stays in the page; filtering only hides.
  function linksPage(input) {
    document.querySelectorAll(".link-item").forEach(function (item) {
      var title = item.querySelector("a").textContent;
      [["url", "Copy link"], ["blurb", "Copy for email"]].forEach(function (what) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-copy";
        button.setAttribute("data-what", what[0]);
        button.setAttribute("aria-label", what[1] + ": " + title);
        button.textContent = what[1];
        item.appendChild(document.createTextNode(" "));
        item.appendChild(button);
      });
    });
    var box = input.closest(".links-filter");
    if (box) box.hidden = false;
    var count = document.getElementById("induct-links-count");
    var groups = Array.prototype.map.call(document.querySelectorAll(".link-group"), function (group) {
      var title = (group.querySelector("h2") || group).textContent.toLowerCase();
      return {
        element: group,
        items: Array.prototype.map.call(group.querySelectorAll(".link-item"), function (item) {
          var url = item.querySelector("code");
          var name = item.querySelector("a");
          return {
            element: item,
            text: title + " " + (name ? name.textContent : "").toLowerCase() + " " + (url ? url.textContent : "").toLowerCase()
          };
        })
      };
    });
    var total = groups.reduce(function (n, g) { return n + g.items.length; }, 0);
    var pending = 0;
    var apply = function () {
      pending = 0;
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      groups.forEach(function (g) {
        var any = false;
        g.items.forEach(function (item) {
          var match = words.every(function (w) { return item.text.indexOf(w) >= 0; });
          item.element.hidden = !match;
          if (match) { any = true; shown++; }
        });
        g.element.hidden = !any;
      });
      if (count) {
        count.textContent = words.length ? shown + " of " + total + " links match" : "";
      }
    };
    input.addEventListener("input", function () {
      if (!pending) pending = window.requestAnimationFrame(apply);
    });
    if (input.value) apply();
  }

  // The absolute URL of a link `href` on this page: from the canonical
  // link (the site's base_url), else from where the page was opened.
  function linkUrl(href) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var page = (canonical && canonical.href ? canonical.href
      : window.location.protocol === "file:" ? window.location.href
      : window.location.origin + window.location.pathname).split("#")[0];
    try {
      return new URL(href, page).href;
    } catch (e) {
      return page + href;
    }
  }

  // A copy button holds its label and "Copied" one over the other (the
  // stylesheet keeps the wider one's space), so neither moves the page.
  function copyLabels(button) {
    if (button.querySelector(".induct-copy-done")) return;
    var label = document.createElement("span");
    label.className = "induct-copy-label";
    while (button.firstChild) label.appendChild(button.firstChild);
    var done = document.createElement("span");
    done.className = "induct-copy-done";
    done.textContent = "Copied";
    done.hidden = true;
    button.appendChild(label);
    button.appendChild(done);
  }

  // Copies `text`, then says so on `button` and to screen readers (its
  // `data-copied` attribute, else "Link copied"). Where the browser
  // refuses, the text is shown selected beside the button to copy by hand.
  function copyText(text, button) {
    var copied = function () {
      copyLabels(button);
      var label = button.querySelector(".induct-copy-label");
      var done = button.querySelector(".induct-copy-done");
      label.hidden = true;
      done.hidden = false;
      clearTimeout(button.inductCopied);
      button.inductCopied = setTimeout(function () { label.hidden = false; done.hidden = true; }, 2000);
      var manual = button.nextElementSibling;
      if (manual && manual.classList.contains("induct-copy-url")) manual.parentNode.removeChild(manual);
      announce(button.getAttribute("data-copied") || "Link copied");
    };
    var fallback = function () {
      if (copyWithSelection(text)) copied();
      else showToCopy(text, button);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(copied, fallback);
    } else {
      fallback();
    }
  }

  // Browsers without the clipboard API (or outside a secure context):
  // copy from a selected, off-screen text area.
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "-9999px";
    area.style.fontSize = "16px"; // no zoom on phones
    var focused = document.activeElement;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (focused && focused.focus) focused.focus({ preventScroll: true });
    return ok;
  }

  function showToCopy(text, button) {
    var input = button.nextElementSibling;
    if (!input || !input.classList.contains("induct-copy-url")) {
      input = document.createElement("input");
      input.type = "text";
      input.readOnly = true;
      input.className = "induct-copy-url";
      input.setAttribute("aria-label", "Text to copy");
      button.parentNode.insertBefore(input, button.nextSibling);
    }
    input.value = text;
    input.focus();
    // All of it selected, from its end back to its start, so the start is
    // what shows: Firefox scrolls a box to the end of a selection made
    // forwards, even after a scrollLeft set here.
    input.setSelectionRange(0, text.length, "backward");
    announce("Copying did not work: the text is selected in the box that appeared, copy it from there");
  }

  // The live region is emptied first so the same news is told again.
  function announce(message) {
    live.textContent = "";
    clearTimeout(live.inductTimer);
    live.inductTimer = setTimeout(function () { live.textContent = message; }, 100);
  }

  // A scenario step: remember the path taken in this tab (sessionStorage
  // only, never sent anywhere, and only where `keep` keeps anything), show
  // it, keep the chosen feedback in view, and move focus to the new step.
  // Where nothing is kept, the step still shows the feedback the URL's
  // #fragment names, and takes focus when one was chosen.
  //
  // The stored path is the steps taken, each with the choice that led
  // there. A choice cuts it back to the step it is made at, then adds the
  // next step; going back and forward only changes how much of it shows.
  function scenario(article, keep) {
    var scenarioKey = article.getAttribute("data-scenario");
    var key = keep.pathKey("path", scenarioKey);
    var pendingKey = keep.pathKey("chose", scenarioKey);
    var id = article.getAttribute("data-step");
    var read = function (store, k, fallback) {
      try { var v = JSON.parse(store.getItem(k)); return v === null ? fallback : v; } catch (e) { return fallback; }
    };
    var at = 0; // this step's place in the stored path

    function arrive(revisit) {
      var store = keep.paths();
      if (!store) {
        pinFeedback();
        return !!chosenFeedback();
      }
      var here = { id: id, title: article.getAttribute("data-step-title") };
      var path = read(store, key, []);
      if (!Array.isArray(path)) path = [];
      var pending = read(store, pendingKey, null);
      try { store.removeItem(pendingKey); } catch (e) { /* read again next time */ }
      var chosen = !!pending && pending.to === id && typeof pending.at === "number";
      if (chosen) {
        here.choice = pending.label;
        path = path.slice(0, pending.at + 1).concat([here]);
        at = path.length - 1;
      } else {
        at = -1;
        for (var i = path.length - 1; i >= 0; i--) { if (path[i] && path[i].id === id) { at = i; break; } }
        if (!revisit || at < 0) { path = [here]; at = 0; }
      }
      try { store.setItem(key, JSON.stringify(path)); } catch (e) { /* shown, not kept */ }
      show(path.slice(0, at + 1));
      pinFeedback();
      return chosen;
    }

    function show(shown) {
      var crumbs = article.querySelector(".scenario-path");
      if (crumbs) {
        crumbs.textContent = "";
        crumbs.hidden = shown.length < 2;
        if (shown.length > 1) {
          var ol = document.createElement("ol");
          shown.forEach(function (p, n) {
            var li = document.createElement("li");
            li.textContent = p.title;
            if (n === shown.length - 1) li.setAttribute("aria-current", "step");
            ol.appendChild(li);
          });
          crumbs.appendChild(ol);
        }
      }
      var yours = article.querySelector(".scenario-your-path");
      if (yours) {
        yours.textContent = "";
        yours.hidden = shown.length < 2;
        if (shown.length > 1) {
          var h = document.createElement("h2");
          h.textContent = "Your path";
          var list = document.createElement("ol");
          shown.forEach(function (p) {
            var li = document.createElement("li");
            if (p.choice) {
              var chose = document.createElement("span");
              chose.className = "chose";
              chose.textContent = "You chose: " + p.choice;
              li.appendChild(chose);
            }
            li.appendChild(document.createTextNode(p.title));
            list.appendChild(li);
          });
          yours.appendChild(h);
          yours.appendChild(list);
        }
      }
    }

    // The feedback the URL points at stays shown when the reader follows
    // another link on the page (a footnote), which would change :target.
    function pinFeedback() {
      article.querySelectorAll(".scenario-feedback.chosen").forEach(function (f) { f.classList.remove("chosen"); });
      var target = chosenFeedback();
      if (target) target.classList.add("chosen");
    }

    // The feedback the URL's #fragment names, or null.
    function chosenFeedback() {
      var hash = window.location.hash.slice(1);
      var target = null;
      try { target = hash ? document.getElementById(decodeURIComponent(hash)) : null; } catch (e) { target = null; }
      return target && target.classList.contains("scenario-feedback") && article.contains(target) ? target : null;
    }

    var entry = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var chosen = arrive(!!entry && (entry.type === "back_forward" || entry.type === "reload"));
    // Back and forward may show this page from the browser's cache without
    // running the script again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) arrive(true); });

    article.querySelectorAll(".scenario-choices a[data-to]").forEach(function (a) {
      a.addEventListener("click", function () {
        var store = keep.paths();
        try {
          if (store) store.setItem(pendingKey, JSON.stringify({ to: a.getAttribute("data-to"), label: a.textContent, at: at }));
        } catch (e) { /* the next step starts a path */ }
      });
    });
    article.querySelectorAll("a[data-restart]").forEach(function (a) {
      a.addEventListener("click", function () {
        var store = keep.paths();
        try { if (store) store.removeItem(key); } catch (e) { /* nothing kept */ }
      });
    });
    if (chosen) {
      // After the load: the browser focuses the URL's #fragment (the
      // feedback) as it scrolls to it, which would undo an earlier focus.
      var focusHeading = function () {
        var heading = document.getElementById(id);
        if (!heading) return;
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: !!window.location.hash });
      };
      if (document.readyState === "complete") setTimeout(focusHeading, 0);
      else window.addEventListener("load", function () { setTimeout(focusHeading, 0); });
    }
  }
})();

// Search as you type, from the index the build writes in search/
// (index.js, and text-N.js for snippets): plain scripts, so search works
// offline and opened from disk. Without this script the search form goes
// to search/, which lists every page.
(function () {
  "use strict";
  var fromDisk = window.location.protocol === "file:";
  var forms = document.querySelectorAll("form.search-form[data-search]");
  if (!forms.length) return;
  var base = forms[0].getAttribute("data-search"); // the search/ folder
  var root = base === "./" ? "../" : base.replace(/search\/$/, "") || "./";
  var index = null; // the loaded index
  var loading = [];
  var texts = {}; // section number → text
  var shardsAsked = {};
  var PANEL = 8; // results shown as you type; the search page shows more
  var PAGE = 100;

  forms.forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var panel = form.parentNode.querySelector(".search-panel");
    if (!input || !panel) return;
    if (fromDisk) {
      form.setAttribute("action", base + "index.html");
      // Firefox gives each file opened from disk an origin of its own, so
      // the policy's `form-action 'self'` refuses to send the form on to
      // search/index.html. Go there by its address instead, which the
      // policy does not govern.
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        window.location.href = base + "index.html?" + new URLSearchParams({ q: input.value });
      });
    }
    var onPage = form.parentNode.classList.contains("search-on-page");
    // On search/, the list of every page gives way to the results (in one
    // go, so nothing on the page moves).
    var all = onPage && document.querySelector(".search-all");
    var run = function () {
      var q = input.value;
      if (!q.trim()) {
        panel.hidden = true;
        panel.textContent = "";
        if (all) all.hidden = false;
        return;
      }
      load(function () { show(panel, q, onPage ? PAGE : PANEL, onPage); });
    };
    input.addEventListener("focus", function () { load(); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && !panel.hidden) {
        var first = panel.querySelector("a");
        if (first) { first.focus(); e.preventDefault(); }
      } else if (e.key === "Escape" && !panel.hidden && !onPage) {
        panel.hidden = true;
        e.preventDefault();
      }
    });
    panel.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (at < 0) return;
      if (e.key === "ArrowDown" && at + 1 < links.length) { links[at + 1].focus(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { (at > 0 ? links[at - 1] : input).focus(); e.preventDefault(); }
      else if (e.key === "Escape" && !onPage) { panel.hidden = true; input.focus(); e.preventDefault(); }
    });
    if (!onPage) {
      // A click or focus anywhere else folds the results away.
      document.addEventListener("click", function (e) {
        if (!form.parentNode.contains(e.target)) panel.hidden = true;
      });
      document.addEventListener("focusin", function (e) {
        if (!form.parentNode.contains(e.target)) panel.hidden = true;
      });
    } else {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) { input.value = q; run(); }
    }
  });

  // Loads search/index.js once, then calls `then`.
  function load(then) {
    if (index) { if (then) then(); return; }
    if (then) loading.push(then);
    if (load.started) return;
    load.started = true;
    window.inductSearchIndex = function (data) {
      index = prepare(data);
      var waiting = loading;
      loading = [];
      waiting.forEach(function (f) { f(); });
    };
    addScript(base + "index.js");
  }

  function addScript(src) {
    var s = document.createElement("script");
    s.src = src;
    s.async = true;
    document.head.appendChild(s);
  }

  // The index as loaded, with what queries need worked out once.
  function prepare(data) {
    var words = data.words;
    var stemWords = [];
    data.stems.forEach(function (s, i) { (stemWords[s] = stemWords[s] || []).push(words[i]); });
    var sectionPages = data.sections.map(function (s) { return s[0]; });
    var firstOfPage = {};
    data.sections.forEach(function (s, i) { if (!(s[0] in firstOfPage)) firstOfPage[s[0]] = i; });
    return {
      data: data,
      words: words,
      stemWords: stemWords,
      sectionPages: sectionPages,
      firstOfPage: firstOfPage,
      postings: [], // decoded on first use
      titleWords: data.pages.map(function (p) { return setOf(split(p[0])); }),
      headingWords: data.sections.map(function (s) { return setOf(split(s[1])); }),
      english: /^en\b/i.test(data.lang || ""),
    };
  }

  function setOf(list) {
    var o = Object.create(null);
    list.forEach(function (w) { o[w] = true; });
    return o;
  }

  // Splits text into words as the build does: runs of letters and digits,
  // lower-cased, apostrophes inside words dropped, single letters left out.
  function split(text) {
    var out = [];
    var re = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
    var m;
    while ((m = re.exec(text))) {
      var w = m[0].replace(/['\u2019]/g, "").toLowerCase();
      if (w.length > 1 || /\p{N}/u.test(w)) out.push(w);
    }
    return out;
  }

  // Where `word` is, or would be, in the sorted vocabulary.
  function find(word) {
    var lo = 0, hi = index.words.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (index.words[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  var DIGIT = [];
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function postings(stem) {
    var list = index.postings[stem];
    if (list) return list;
    list = [];
    var last = 0;
    var raw = index.data.postings[stem];
    // Base 32 differences (src/render/search.rs, delta_base32): a digit
    // of the second half of the 64 continues a number, one of the first
    // half ends it.
    var n = 0;
    for (var i = 0; raw && i < raw.length; i++) {
      var d = DIGIT[raw.charCodeAt(i)];
      n = n * 32 + (d & 31);
      if (d < 32) { last += n; list.push(last); n = 0; }
    }
    return (index.postings[stem] = list);
  }

  // What one query word matches: stems, each with how well (1 the word as
  // written or another form of it, 0.7 a longer word it begins, 0.5 a word
  // sharing its root when its own form is not in the course), and every
  // word of those stems (to mark in titles and snippets).
  function expand(term, prefix) {
    var stems = {};
    var words = Object.create(null);
    var add = function (i, quality) {
      var s = index.data.stems[i];
      if (!(s in stems) || stems[s] < quality) stems[s] = quality;
      index.stemWords[s].forEach(function (w) { words[w] = true; });
    };
    var at = find(term);
    if (index.words[at] === term) add(at, 1);
    if (prefix || index.words[at] !== term) {
      var limit = 0;
      for (var i = at; i < index.words.length && index.words[i].indexOf(term) === 0 && limit < 200; i++, limit++) {
        if (index.words[i] !== term) add(i, prefix ? 0.7 : 0.5);
      }
    }
    if (!Object.keys(stems).length && index.english) {
      // Not in the course as written: try its root (studying → study…).
      var root = term.replace(/(ations?|ments?|ness|ingly|ing|edly|ed|ies|es|s|ly|er|ers)$/, "");
      if (root.length >= 3 && root !== term) {
        var from = find(root);
        for (var j = from, n = 0; j < index.words.length && index.words[j].indexOf(root) === 0 && n < 200; j++, n++) {
          add(j, 0.5);
        }
      }
    }
    return { stems: stems, words: words };
  }

  // The sections matching every word of `query`, best first.
  function search(query) {
    var terms = split(query);
    if (!terms.length) return { results: [], words: {} };
    var prefix = !/\s$/.test(query);
    var stop = index.data.stop || [];
    var kept = terms.filter(function (t) { return stop.indexOf(t) < 0; });
    var lastKept = kept.length && kept[kept.length - 1] === terms[terms.length - 1];
    if (kept.length) terms = kept; else lastKept = true;
    var total = index.data.sections.length;
    var scores = null;
    var titleHits = null;
    var marked = Object.create(null);
    for (var t = 0; t < terms.length; t++) {
      var e = expand(terms[t], prefix && lastKept && t === terms.length - 1);
      Object.keys(e.words).forEach(function (w) { marked[w] = true; });
      var here = Object.create(null);
      Object.keys(e.stems).forEach(function (s) {
        var list = postings(s);
        var idf = Math.log(1 + total / (list.length || 1));
        list.forEach(function (sec) {
          var page = index.sectionPages[sec];
          var inTitle = index.firstOfPage[page] === sec && hasAny(index.titleWords[page], e.words);
          var weight = inTitle ? 10 : hasAny(index.headingWords[sec], e.words) ? 4 : 1;
          var score = e.stems[s] * idf * weight;
          var prev = here[sec];
          if (!prev || prev.score < score) here[sec] = { score: score, title: inTitle };
        });
      });
      if (scores === null) {
        scores = here;
        titleHits = Object.create(null);
        Object.keys(here).forEach(function (sec) { titleHits[sec] = here[sec].title ? 1 : 0; });
      } else {
        var next = Object.create(null);
        Object.keys(scores).forEach(function (sec) {
          if (here[sec]) {
            next[sec] = { score: scores[sec].score + here[sec].score };
            titleHits[sec] += here[sec].title ? 1 : 0;
          }
        });
        scores = next;
      }
    }
    var results = Object.keys(scores).map(function (sec) {
      return { section: +sec, score: scores[sec].score, title: titleHits[sec] === terms.length };
    });
    // A page whose title holds every word comes first, then by score, then
    // in the course's order.
    results.sort(function (a, b) {
      return (b.title - a.title) || (b.score - a.score) || (a.section - b.section);
    });
    return { results: results, words: marked };
  }

  function hasAny(set, words) {
    for (var w in set) if (words[w]) return true;
    return false;
  }

  // Shows the results for `query` in `panel`.
  // Shows the results for `query` in `panel`, all at once when the text
  // for their snippets has loaded (so nothing moves as it arrives); a
  // newer query's results replace an older one's that arrive late.
  var shownSeq = 0;
  function show(panel, query, limit, onPage) {
    var found = search(query);
    var results = found.results;
    var shown = results.slice(0, limit);
    var seq = ++shownSeq;
    withTexts(shown.map(function (r) { return r.section; }), function () {
      if (seq !== shownSeq) return;
      panel.textContent = "";
      var status = element("p", "search-status", results.length === 0 ? "No pages match \u201c" + query.trim() + "\u201d."
        : results.length === 1 ? "1 result" : results.length + " results");
      status.setAttribute("role", "status");
      panel.appendChild(status);
      if (shown.length) {
        var list = element("ol", "search-results", "");
        shown.forEach(function (r) {
          var li = item(r.section);
          fillSnippet(li.querySelector(".search-snippet"), texts[r.section] || "", found.words);
          list.appendChild(li);
        });
        panel.appendChild(list);
      }
      if (!onPage && results.length > shown.length) {
        var more = element("a", "search-more", "See all " + results.length + " results");
        more.href = base + (fromDisk ? "index.html" : "") + "?q=" + encodeURIComponent(query.trim());
        panel.appendChild(more);
      }
      panel.hidden = false;
      var all = onPage && document.querySelector(".search-all");
      if (all) all.hidden = true;
      panel.setAttribute("data-query", query);
    });
  }

  // One result: the page's title (and the section's heading), where it is,
  // a snippet with the matching words marked, and a story's content note.
  function item(sec) {
    var s = index.data.sections[sec];
    var page = index.data.pages[s[0]];
    var li = document.createElement("li");
    var a = document.createElement("a");
    var url = page[1];
    if (fromDisk && (url === "" || url.slice(-1) === "/")) url += "index.html";
    var id = s.length > 2 ? s[2] : s[1].toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    a.href = root + url + (id ? "#" + id : "");
    a.className = "search-result";
    a.appendChild(element("span", "search-title", page[0]));
    if (s[1]) {
      a.appendChild(document.createTextNode(" \u203a "));
      a.appendChild(element("span", "search-heading", s[1]));
    }
    li.appendChild(a);
    if (page[2]) li.appendChild(element("span", "search-within", "in " + page[2]));
    li.appendChild(element("p", "search-snippet", ""));
    if (page[3]) li.appendChild(element("p", "search-note", "Content note: " + page[3]));
    return li;
  }

  function element(name, className, text) {
    var el = document.createElement(name);
    el.className = className;
    el.textContent = text;
    return el;
  }

  // Loads the text shards holding `sections`, then calls `then`.
  var waitingForText = [];
  function withTexts(sections, then) {
    var ready = function () { return sections.every(function (sec) { return sec in texts; }); };
    if (ready()) { then(); return; }
    waitingForText.push({ ready: ready, then: then });
    window.inductSearchText = function (shard) {
      var take = function (list) {
        list.forEach(function (t, i) { texts[shard.first + i] = t; });
        var waiting = waitingForText;
        waitingForText = [];
        waiting.forEach(function (w) { if (w.ready()) w.then(); else waitingForText.push(w); });
      };
      if (shard.texts) { take(shard.texts); return; }
      unpack(shard.z).then(take, function () {
        // No snippets, but the results all the same.
        var shards = index.data.shards, k = shards.indexOf(shard.first);
        var end = k + 1 < shards.length ? shards[k + 1] : index.data.sections.length;
        take(new Array(Math.max(end - shard.first, 0)).fill(""));
      });
    };
    var shards = index.data.shards;
    sections.forEach(function (sec) {
      if (sec in texts) return;
      var k = 0;
      while (k + 1 < shards.length && shards[k + 1] <= sec) k++;
      if (shardsAsked[k]) return;
      shardsAsked[k] = true;
      addScript(base + "text-" + k + ".js");
    });
  }

  // A built shard's texts: their JSON, deflated and in base 64 (the
  // preview's are plain). Fails in a browser that cannot inflate them.
  function unpack(z) {
    try {
      var bytes = Uint8Array.from(atob(z), function (c) { return c.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return new Response(stream).text().then(JSON.parse);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  // About 180 characters of `text` around the matching words, where the
  // most different ones are close together, with every match marked.
  function fillSnippet(el, text, words) {
    var re = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
    var hits = [];
    var m;
    while ((m = re.exec(text))) {
      var w = m[0].replace(/['\u2019]/g, "").toLowerCase();
      if (words[w]) hits.push([m.index, m.index + m[0].length, w]);
    }
    var best = 0, bestCount = 0;
    for (var i = 0; i < hits.length && i < 200; i++) {
      var seen = {}, count = 0;
      for (var j = i; j < hits.length && hits[j][1] - hits[i][0] < 120; j++) {
        if (!seen[hits[j][2]]) { seen[hits[j][2]] = true; count++; }
      }
      if (count > bestCount) { best = i; bestCount = count; }
    }
    var first = hits.length ? hits[best][0] : 0;
    var start = Math.max(0, first - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + 180);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > start + 80) end = back;
    }
    var at = start;
    if (start > 0) el.appendChild(document.createTextNode("\u2026"));
    hits.forEach(function (h) {
      if (h[0] < at || h[1] > end) return;
      el.appendChild(document.createTextNode(text.slice(at, h[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(h[0], h[1]);
      el.appendChild(mark);
      at = h[1];
    });
    el.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "\u2026" : "")));
  }
})();
