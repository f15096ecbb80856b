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
})();
