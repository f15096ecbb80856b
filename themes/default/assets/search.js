// induct: search as you type, from the index the build writes in search/
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
    if (fromDisk) form.setAttribute("action", base + "index.html");
    var onPage = form.classList.contains("search-form") && form.parentNode.classList.contains("search-on-page");
    var run = function () {
      var q = input.value;
      if (!q.trim()) {
        panel.hidden = true;
        panel.textContent = "";
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
      var note = document.querySelector(".search-nojs");
      if (note) note.hidden = true;
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

  function postings(stem) {
    var list = index.postings[stem];
    if (list) return list;
    list = [];
    var last = 0;
    var raw = index.data.postings[stem];
    if (raw) raw.split(" ").forEach(function (d) { last += parseInt(d, 36); list.push(last); });
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
  function show(panel, query, limit, onPage) {
    var found = search(query);
    var results = found.results;
    var shown = results.slice(0, limit);
    panel.textContent = "";
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    status.textContent = results.length === 0 ? "No pages match \u201c" + query.trim() + "\u201d."
      : results.length === 1 ? "1 result" : results.length + " results";
    panel.appendChild(status);
    if (shown.length) {
      var list = document.createElement("ol");
      list.className = "search-results";
      shown.forEach(function (r) { list.appendChild(item(r.section, found.words)); });
      panel.appendChild(list);
    }
    if (!onPage && results.length > shown.length) {
      var more = document.createElement("a");
      more.className = "search-more";
      more.href = base + (fromDisk ? "index.html" : "") + "?q=" + encodeURIComponent(query.trim());
      more.textContent = "See all " + results.length + " results";
      panel.appendChild(more);
    }
    panel.hidden = false;
    panel.setAttribute("data-query", query);
    withTexts(shown.map(function (r) { return r.section; }), function () {
      shown.forEach(function (r, i) {
        var snippet = list && list.children[i] && list.children[i].querySelector(".search-snippet");
        if (snippet && !snippet.firstChild) fillSnippet(snippet, texts[r.section] || "", found.words);
      });
    });
  }

  // One result: the page's title (and the section's heading), where it is,
  // a snippet with the matching words marked, and a story's content note.
  function item(sec, words) {
    var s = index.data.sections[sec];
    var page = index.data.pages[s[0]];
    var li = document.createElement("li");
    var a = document.createElement("a");
    var url = page[1];
    if (fromDisk && (url === "" || url.slice(-1) === "/")) url += "index.html";
    a.href = root + url + (s[2] ? "#" + s[2] : "");
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
      shard.texts.forEach(function (t, i) { texts[shard.first + i] = t; });
      var waiting = waitingForText;
      waitingForText = [];
      waiting.forEach(function (w) { if (w.ready()) w.then(); else waitingForText.push(w); });
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
