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
  // only, never sent anywhere), show it, and move focus to the new step.
  function scenario(article) {
    var key = "induct:path:" + article.getAttribute("data-scenario");
    var pendingKey = "induct:chose:" + article.getAttribute("data-scenario");
    var id = article.getAttribute("data-step");
    var here = { id: id, title: article.getAttribute("data-step-title") };
    var store = null;
    try { store = window.sessionStorage; store.getItem(key); } catch (e) { store = null; }
    if (!store) return;
    var path = [];
    try { path = JSON.parse(store.getItem(key) || "[]"); } catch (e) { path = []; }
    if (!Array.isArray(path)) path = [];
    var pending = null;
    try { pending = JSON.parse(store.getItem(pendingKey) || "null"); } catch (e) { pending = null; }
    store.removeItem(pendingKey);
    var entry = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var revisit = entry && (entry.type === "back_forward" || entry.type === "reload");
    var chosen = pending && pending.to === id;
    if (chosen) {
      here.choice = pending.label;
      path.push(here);
    } else {
      var at = -1;
      for (var i = path.length - 1; i >= 0; i--) { if (path[i] && path[i].id === id) { at = i; break; } }
      if (revisit && at >= 0) path = path.slice(0, at + 1);
      else path = [here];
    }
    store.setItem(key, JSON.stringify(path));

    if (path.length > 1) {
      var crumbs = article.querySelector(".scenario-path");
      if (crumbs) {
        var ol = document.createElement("ol");
        path.forEach(function (p, n) {
          var li = document.createElement("li");
          li.textContent = p.title;
          if (n === path.length - 1) li.setAttribute("aria-current", "step");
          ol.appendChild(li);
        });
        crumbs.appendChild(ol);
        crumbs.hidden = false;
      }
    }
    var yours = article.querySelector(".scenario-your-path");
    if (yours && path.length > 1) {
      var h = document.createElement("h2");
      h.textContent = "Your path";
      var list = document.createElement("ol");
      path.forEach(function (p) {
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
      yours.hidden = false;
    }
    article.querySelectorAll(".scenario-choices a[data-to]").forEach(function (a) {
      a.addEventListener("click", function () {
        store.setItem(pendingKey, JSON.stringify({ to: a.getAttribute("data-to"), label: a.textContent }));
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
