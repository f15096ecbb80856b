// induct: small enhancements only. Every page works without this script.
(function () {
  "use strict";
  var script = document.currentScript;
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
  // On a small screen, start with the contents folded away.
  var nav = document.querySelector(".nav-toggle");
  if (nav && window.matchMedia("(max-width: 59.99rem)").matches) {
    nav.removeAttribute("open");
  }
  var step = document.querySelector("article.scenario[data-scenario]");
  if (step) scenario(step);
  copyButtons();
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
      a.parentNode.insertBefore(button, a.nextSibling);
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
    var list = document.createElement("ul");
    list.className = "support-filter";
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
    var add = function (tag, label) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("aria-pressed", String(!tag));
      button.addEventListener("click", function () { choose(tag, button); });
      buttons.push(button);
      item.appendChild(button);
      list.appendChild(item);
    };
    add("", "All");
    box.querySelectorAll("li[data-need]").forEach(function (li) {
      var label = li.querySelector(".need-label");
      add(li.getAttribute("data-need"), label ? label.textContent : li.getAttribute("data-need"));
    });
    box.insertBefore(list, box.querySelector(".needs"));
    box.appendChild(status);
    box.classList.add("filtering");
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
    input.select();
    input.scrollLeft = 0; // show the start of it
    announce("Copying did not work: the text is selected in the box that appeared, copy it from there");
  }

  // The live region is emptied first so the same news is told again.
  function announce(message) {
    live.textContent = "";
    clearTimeout(live.inductTimer);
    live.inductTimer = setTimeout(function () { live.textContent = message; }, 100);
  }

  // A scenario step: remember the path taken in this tab (sessionStorage
  // only, never sent anywhere), show it, keep the chosen feedback in view,
  // and move focus to the new step.
  //
  // The stored path is the steps taken, each with the choice that led
  // there. A choice cuts it back to the step it is made at, then adds the
  // next step; going back and forward only changes how much of it shows.
  function scenario(article) {
    var scenarioKey = article.getAttribute("data-scenario");
    var key = "induct:path:" + scenarioKey;
    var pendingKey = "induct:chose:" + scenarioKey;
    var id = article.getAttribute("data-step");
    var store = null;
    try { store = window.sessionStorage; store.getItem(key); } catch (e) { store = null; }
    if (!store) return;
    var read = function (k, fallback) {
      try { var v = JSON.parse(store.getItem(k)); return v === null ? fallback : v; } catch (e) { return fallback; }
    };
    var at = 0; // this step's place in the stored path

    function arrive(revisit) {
      var here = { id: id, title: article.getAttribute("data-step-title") };
      var path = read(key, []);
      if (!Array.isArray(path)) path = [];
      var pending = read(pendingKey, null);
      store.removeItem(pendingKey);
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
      store.setItem(key, JSON.stringify(path));
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
      var hash = window.location.hash.slice(1);
      if (!hash) return;
      var target = document.getElementById(decodeURIComponent(hash));
      if (target && target.classList.contains("scenario-feedback")) target.classList.add("chosen");
    }

    var entry = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var chosen = arrive(!!entry && (entry.type === "back_forward" || entry.type === "reload"));
    // Back and forward may show this page from the browser's cache without
    // running the script again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) arrive(true); });

    article.querySelectorAll(".scenario-choices a[data-to]").forEach(function (a) {
      a.addEventListener("click", function () {
        store.setItem(pendingKey, JSON.stringify({ to: a.getAttribute("data-to"), label: a.textContent, at: at }));
      });
    });
    article.querySelectorAll("a[data-restart]").forEach(function (a) {
      a.addEventListener("click", function () { store.removeItem(key); });
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
