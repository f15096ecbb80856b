// induct: a page left at an old or short address. Send the reader on to
// the new page at once, keeping the #section of the address they followed
// (the meta refresh, for browsers without JavaScript, cannot keep it).
(function () {
  var link = document.querySelector("a.induct-moved");
  if (!link) return;
  var to = link.href;
  if (location.hash && to.indexOf("#") < 0) to += location.hash;
  location.replace(to);
})();
