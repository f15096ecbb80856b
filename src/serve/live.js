// induct serve: live reload and the error overlay. Added to pages only by
// the preview server, never to a built site.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = Number(me && me.getAttribute("data-generation")) || 0;
  var server = (me && me.getAttribute("data-server")) || "";
  var overlay = null;

  // A link to the review pages while any story has findings.
  var reviewLink = null;
  // The number of story findings; the link shows unless the error
  // overlay does (which then holds one).
  function review(diagnostics, overlaid) {
    var found = diagnostics.filter(function (d) {
      return /^identifier-/.test(d.code || "") || d.code === "story-changed-since-review";
    }).length;
    if (!found || overlaid || window.location.pathname.indexOf("/__induct/review/") === 0) {
      if (reviewLink) { reviewLink.remove(); reviewLink = null; }
      return found;
    }
    if (!reviewLink) {
      reviewLink = document.createElement("a");
      reviewLink.id = "induct-review-link";
      reviewLink.href = "/__induct/review/";
      reviewLink.style.cssText = "position:fixed;left:.75rem;bottom:.75rem;z-index:2147483646;background:#1b1b1f;color:#fff;" +
        "font:600 14px/1.4 system-ui,sans-serif;padding:.5rem .75rem;border-radius:4px;border:2px solid #ffbf47;text-decoration:underline";
      document.body.appendChild(reviewLink);
    }
    reviewLink.textContent = "Stories to review: " + found + " finding" + (found === 1 ? "" : "s");
    return found;
  }

  function render(diagnostics) {
    var errors = diagnostics.filter(function (d) { return d.severity === "error"; });
    var found = review(diagnostics, errors.length > 0);
    if (!errors.length) {
      if (overlay) { overlay.remove(); overlay = null; }
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "induct-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#1b1b1f;color:#f3f3f6;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:1rem 1.25rem;" +
        "border-top:4px solid #d4351c;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:700;color:#ff9a8a";
    title.textContent = "induct: the build failed (" + errors.length + " error" + (errors.length === 1 ? "" : "s") +
      "). This is the last good version of the page; it reloads when you fix the file.";
    overlay.appendChild(title);
    errors.forEach(function (d) {
      var item = document.createElement("div");
      item.className = "induct-overlay-error";
      item.style.cssText = "margin:.5rem 0;white-space:pre-wrap";
      var where = d.file ? d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "") + ": " : "";
      item.textContent = "error: " + where + d.message + (d.help ? "\n  help: " + d.help : "");
      overlay.appendChild(item);
    });
    if (found) {
      var link = document.createElement("a");
      link.href = "/__induct/review/";
      link.style.cssText = "color:#ffbf47";
      link.textContent = "Review the stories' findings (" + found + ")";
      overlay.appendChild(link);
    }
  }

  // True when the page is being reloaded.
  function handle(state) {
    var newer = state.generation !== shown || (state.server && state.server !== server);
    if (newer && !state.failed) {
      window.location.reload();
      return true;
    }
    render(state.diagnostics || []);
    return false;
  }

  var channel = "BroadcastChannel" in window ? new BroadcastChannel("induct-live") : null;
  if (channel) channel.onmessage = function (e) { handle(e.data); };

  // Long-polls the server; each answer is shared with the other tabs.
  function poll(since, delay, done) {
    fetch("/__induct/poll" + (since === null ? "" : "?since=" + since), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (channel) channel.postMessage(state);
        if (handle(state)) { if (done) done(); return; }
        poll(state.generation, 0, done);
      })
      .catch(function () {
        // The server stopped or restarted: try again, more slowly.
        var wait = Math.min(delay * 2 || 500, 5000);
        setTimeout(function () { poll(null, wait, done); }, delay || 500);
      });
  }

  // Where things stand now (answered at once).
  fetch("/__induct/poll", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(handle)
    .catch(function () {});
  // Browsers open only six connections to one server: one tab at a time
  // keeps a long-poll open and tells the others.
  if (navigator.locks && channel) {
    navigator.locks.request("induct-live", function () {
      return new Promise(function (resolve) { poll(null, 0, resolve); });
    });
  } else {
    poll(null, 0);
  }
})();
