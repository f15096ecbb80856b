// induct: small enhancements only. Every page works without this script.
(function () {
  "use strict";
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
  // On a small screen, start with the contents folded away.
  var nav = document.querySelector(".nav-toggle");
  if (nav && window.matchMedia("(max-width: 59.99rem)").matches) {
    nav.removeAttribute("open");
  }
  var step = document.querySelector("article.scenario[data-scenario]");
  if (step) scenario(step);
  // A scenario's map wider than the screen scrolls sideways: begin with
  // its start in view rather than its left edge.
  document.querySelectorAll(".scenario-map-scroll").forEach(function (box) {
    var start = box.querySelector(".map-start");
    if (!start || box.scrollWidth <= box.clientWidth) return;
    var b = box.getBoundingClientRect();
    var s = start.getBoundingClientRect();
    box.scrollLeft += s.left + s.width / 2 - (b.left + b.width / 2);
  });

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
