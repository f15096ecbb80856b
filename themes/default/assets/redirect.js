// induct: a page left at an old or short address. Send the reader on to
// the new page at once, keeping the #section of the address they followed
// (the meta refresh, for browsers without JavaScript, cannot keep it).
(function () {
  var link = document.querySelector("a.induct-moved");
  if (!link) return;
  var parts = link.href.split("#");
  var to = parts[0];
  // Opened from disk, a folder shows a file listing: go to its index.html.
  if (location.protocol === "file:" && to.slice(-1) === "/") to += "index.html";
  if (parts.length > 1) to += "#" + parts.slice(1).join("#");
  else if (location.hash) to += location.hash;
  location.replace(to);
})();
