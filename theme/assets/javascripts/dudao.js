/* dudao: header search (names first, then the full-text index), the search page, the school finder and the
   large-text mode. Plain ES2018, no libraries; everything is loaded from this site. */
(function () {
  "use strict";
  var words = JSON.parse(document.getElementById("dd-words").textContent);
  var form = document.querySelector(".dd-search");
  // The site's root, as an absolute path: works at / and under any sub-path.
  var base = new URL(form ? form.getAttribute("data-dd-base") || "." : ".", location.href);
  if (!/\/$/.test(base.pathname)) base = new URL(base.pathname + "/", base);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function empty(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  /* ------------------------------------------------- large text, high contrast */
  // Each switch sets a class on <html>, remembered in this browser (the page's head applies
  // it before the first paint, so no page flashes the other way).
  function switchOf(selector, cls, key) {
    var button = document.querySelector(selector);
    if (!button) return;
    var root = document.documentElement;
    button.setAttribute("aria-pressed", root.classList.contains(cls) ? "true" : "false");
    button.addEventListener("click", function () {
      var on = !root.classList.contains(cls);
      root.classList.toggle(cls, on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
      try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  }
  switchOf(".dd-large-toggle", "dd-large", "dudao.large");
  switchOf(".dd-contrast-toggle", "dd-contrast", "dudao.contrast");

  /* ---------------------------------------------------------------- names */
  // Schools, supervisors and zones as a visitor remembers them: any part of a name, a former
  // name, pinyin in full or by initials, the township, the supervisor, a phone number. One
  // small file (the finder's data) answers the finder and the first part of every search,
  // so finding a school never waits for the full-text index.
  var namesData = null;
  function loadNames() {
    if (!namesData) {
      namesData = fetch(new URL(form ? form.getAttribute("data-dd-names") : "assets/finder.json", base).href)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(indexNames);
    }
    return namesData;
  }

  // "拨打 陆清禾 0512-60002100": the number itself is shown, for a desk phone as well as a tap.
  function callLink(e) {
    return el("a", { class: "dd-tel", href: e.tel,
                     text: [words.call, e.telName, e.phone].filter(Boolean).join(" ") });
  }

  // Spaces, apostrophes (xi'an), middle dots and the dashes and brackets of phone numbers
  // are left out on both sides, so 0512-6000 2100 finds tel:051260002100.
  function norm(s) { return String(s).toLowerCase().replace(/[\s'·\-－—()（）]/g, ""); }

  // `qing xi shi yan|tao lin xiao xue` → `qingxishiyan|taolinxiaoxue|qxsy|tlxx`
  function spellings(spelled) {
    var names = spelled.split("|");
    return names.map(function (n) { return n.replace(/ /g, ""); })
      .concat(names.map(function (n) { return n.split(" ").map(function (w) { return w.charAt(0); }).join(""); }))
      .join("|");
  }

  function indexNames(data) {
    var url = function (kind, id) { return new URL(data.urls[kind].replace("{id}", id), base).pathname; };
    // Each entry: what it is, its name (`key`: normalised, as matched), its address, the
    // names it is found by (`own`: its names and their pinyin; `hay`: those and what it is
    // found through), and how a result shows it.
    // `inactive`: a closed school or a former supervisor, listed after the others.
    var entries = [];
    var p = data.people;
    var people = p.id.map(function (id, i) {
      var zone = data.zones[p.zone[i]] ? data.zones[p.zone[i]][1] : "";
      var own = norm([p.name[i], spellings(p.pinyin[i]), p.tel[i]].join("|"));
      return {
        kind: "supervisor", title: p.name[i], key: norm(p.name[i]), url: url("supervisor", id), inactive: !!p.former[i],
        own: own, hay: own + "|" + norm(zone),
        line: [zone, p.former[i] ? words.former : ""].filter(Boolean).join(" · "),
        tel: p.former[i] ? "" : p.tel[i], telName: p.name[i], phone: p.phone ? p.phone[i] : ""
      };
    });
    var s = data.schools;
    s.id.forEach(function (id, i) {
      var type = data.types[s.type[i]][1];
      var town = data.towns[s.town[i]] || "";
      var sup = people[s.supervisor[i]];
      var own = norm([s.name[i], s.former[i], spellings(s.pinyin[i])].join("|"));
      entries.push({
        kind: "school", title: s.name[i], key: norm(s.name[i]), url: url("school", id), inactive: !!s.closed[i],
        type: s.type[i], zone: s.zone[i], town: s.town[i],
        lat: s.lat ? s.lat[i] : null, lon: s.lon ? s.lon[i] : null,
        own: own, hay: [own, norm(town), sup ? sup.own : ""].join("|"),
        line: [type, town, sup ? words.supervisor + " " + sup.title : ""].filter(Boolean).join(" · "),
        tel: sup ? sup.tel : "", telName: sup ? sup.title : "", phone: sup ? sup.phone : ""
      });
    });
    entries.push.apply(entries, people);
    data.zones.forEach(function (z) {
      var key = norm(z[1]);
      entries.push({ kind: "zone", title: z[1], key: key, url: url("zone", z[0]), own: key, hay: key, line: "" });
    });
    return { data: data, entries: entries };
  }

  var KIND_ORDER = { school: 0, supervisor: 1, zone: 2 };

  // Every term typed must be in the record somewhere; the record's own name comes first when
  // it is what was typed, then names that begin with it, then names that contain it, then
  // its former names and the pinyin of its names, then matches by township, zone or
  // supervisor (a school is found by its supervisor's name, after the supervisor).
  function matchNames(entries, query) {
    var terms = query.split(/\s+/).map(norm).filter(Boolean);
    if (!terms.length) return [];
    var whole = terms.join("");
    var hits = [];
    entries.forEach(function (e, i) {
      if (!terms.every(function (t) { return e.hay.indexOf(t) >= 0; })) return;
      var at = e.key.indexOf(whole);
      var rank = e.key === whole ? 0 : at === 0 ? 1 : at > 0 ? 2
        : terms.every(function (t) { return e.own.indexOf(t) >= 0; }) ? 3 : 4;
      hits.push({ e: e, rank: rank * 4 + (e.inactive ? 2 : 0) + (KIND_ORDER[e.kind] > 0 ? 1 : 0), i: i });
    });
    hits.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    return hits.map(function (h) { return h.e; });
  }

  function findNames(query) {
    return loadNames().then(function (names) { return matchNames(names.entries, query); },
                            function () { return []; }); // without the file, search still works
  }

  /* ---------------------------------------------------------------- full-text search */
  // dudao's own index (generator/fulltext.py): each letter, digit or Chinese character and
  // each pair of neighbours is a key; keys are spread over small files by a hash. A query
  // fetches the files of its keys, then the documents it shows. keysOf and shardOf must
  // give what the generator's keys() and shard_of() give.
  var INDEX = "assets/search/";
  var MAX_KEYS = 16;
  var RUN = /[\p{L}\p{N}]+/gu;
  var fetched = {};
  function getJSON(path) {
    if (!fetched[path]) {
      fetched[path] = fetch(new URL(INDEX + path, base).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      fetched[path].catch(function () { delete fetched[path]; }); // tried again next time
    }
    return fetched[path];
  }

  function normal(s) { return String(s).normalize("NFKC").toLowerCase(); }
  function compact(s) { return normal(s).replace(/\s+/g, ""); }

  // A typed word's keys: the pairs of neighbours of each run (one character alone: itself).
  function keysOf(term) {
    var found = [];
    (normal(term).match(RUN) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) found.push(chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) found.push(chars[i] + chars[i + 1]);
    });
    return found;
  }

  var encoder = new TextEncoder();
  function shardOf(key, shards) {
    var h = 0x811c9dc5;
    encoder.encode(key).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    return h % shards;
  }

  function ungap(gaps) {
    var n = 0;
    return gaps.map(function (g) { n += g; return n; });
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  // The documents holding every typed word: those whose title or names hold more of the
  // words first, then in the index's own order (newest reports and bulletins first).
  function candidates(terms) {
    return getJSON("meta.json").then(function (meta) {
      // A long query (a pasted sentence) reads at most MAX_KEYS keys, spread along each word:
      // fewer files, more candidates, and the text of each shown result is checked anyway.
      var perTerm = terms.map(keysOf).filter(function (k) { return k.length; });
      var each = Math.max(1, Math.floor(MAX_KEYS / Math.max(1, perTerm.length)));
      perTerm = perTerm.slice(0, MAX_KEYS).map(function (k) {
        if (k.length <= each) return k;
        return Array.from({ length: each }, function (_, i) { return k[Math.round(i * (k.length - 1) / (each - 1 || 1))]; });
      });
      var all = [].concat.apply([], perTerm);
      var shards = {};
      all.forEach(function (k) { shards[shardOf(k, meta.shards)] = true; });
      return Promise.all(Object.keys(shards).map(function (n) {
        return getJSON("k/" + n + ".json").then(function (entries) { shards[n] = entries; });
      })).then(function () {
        if (!perTerm.length) return [];
        var lists = function (key) { return shards[shardOf(key, meta.shards)][key] || [[], []]; };
        var docs = null;
        var inTitle = {};
        perTerm.forEach(function (termKeys) {
          var has = null, titled = null;
          termKeys.forEach(function (key) {
            var l = lists(key);
            has = has ? intersect(has, ungap(l[0])) : ungap(l[0]);
            titled = titled ? intersect(titled, ungap(l[1])) : ungap(l[1]);
          });
          docs = docs ? intersect(docs, has) : has;
          titled.forEach(function (d) { inTitle[d] = (inTitle[d] || 0) + 1; });
        });
        return docs.map(function (d, i) { return { d: d, rank: -(inTitle[d] || 0) * 1e7 + i }; })
          .sort(function (a, b) { return a.rank - b.rank; })
          .map(function (c) { return c.d; });
      });
    });
  }

  // A stretch of the text around the first word found, the words marked: built as text
  // nodes and <mark> elements, so nothing in a record can become markup here.
  function excerpt(text, terms) {
    var p = el("p", { class: "dd-results__excerpt" });
    var lower = text.toLowerCase();
    var first = terms.reduce(function (at, t) {
      var i = lower.indexOf(t);
      return i >= 0 && (at < 0 || i < at) ? i : at;
    }, -1);
    var from = Math.max(0, first - 20);
    var to = Math.min(text.length, from + 90);
    var part = text.slice(from, to), partLower = lower.slice(from, to);
    var at = 0;
    while (at < part.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) {
        var i = partLower.indexOf(t, at);
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = t.length; }
      });
      if (next < 0) { p.appendChild(document.createTextNode(part.slice(at))); break; }
      if (next > at) p.appendChild(document.createTextNode(part.slice(at, next)));
      p.appendChild(el("mark", { text: part.slice(next, next + len) }));
      at = next + len;
    }
    if (from > 0) p.insertBefore(document.createTextNode("…"), p.firstChild);
    if (to < text.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // Up to `limit` documents that contain each typed word as typed (the keys only say that
  // its pairs of characters are there), fetched a few at a time, best first. `wanted()`
  // says whether the field it came from still asks for this query (each field its own: the
  // header's typing does not cut short the search page's results).
  function fullText(query, limit, wanted) {
    var terms = query.split(/\s+/).map(compact).filter(Boolean);
    return candidates(terms).then(function (docs) {
      var kept = [], tried = 0;
      function more() {
        if (!wanted()) return null; // superseded by a newer query
        if (kept.length >= limit || tried >= docs.length || tried >= limit * 4) {
          return { total: kept.length + Math.max(0, docs.length - tried), items: kept.slice(0, limit) };
        }
        var batch = docs.slice(tried, tried + Math.max(limit - kept.length, 4));
        tried += batch.length;
        return Promise.all(batch.map(function (d) { return getJSON("d/" + d + ".json"); })).then(function (found) {
          found.forEach(function (doc) {
            var text = compact([doc.t].concat(doc.n, [doc.x]).join(" "));
            if (!terms.every(function (t) { return text.indexOf(t) >= 0; })) return;
            kept.push({ url: new URL(doc.u, base).pathname, kind: doc.k, title: doc.t,
                        excerpt: excerpt(doc.x, terms) });
          });
          return more();
        });
      }
      return more();
    });
  }

  function asItem(e) {
    return { url: e.url, kind: words["kind_" + e.kind], title: e.title, line: e.line, tel: e.tel, telName: e.telName,
             phone: e.phone };
  }

  function resultList(items) {
    return el("ol", { class: "dd-results" }, items.map(function (d) {
      return el("li", {}, [
        el("a", { href: d.url, class: "dd-results__link" }, [
          el("span", { class: "dd-results__kind", text: d.kind }),
          el("span", { class: "dd-results__title", text: d.title })
        ]),
        d.excerpt ? d.excerpt
          : d.line ? el("p", { class: "dd-results__excerpt", text: d.line }) : null,
        d.tel ? callLink(d) : null
      ]);
    }));
  }

  function searchPageUrl(q) { return new URL("search/?q=" + encodeURIComponent(q), base).href; }

  if (form) {
    var input = form.querySelector("input");
    var popup = form.querySelector(".dd-search__popup");
    var close = function () { popup.hidden = true; };
    var show = function (children) {
      empty(popup);
      children.forEach(function (c) { if (c) popup.appendChild(c); });
      popup.hidden = false;
    };
    input.addEventListener("focus", function () { loadNames().catch(function () {}); });
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (!q) { close(); return; }
      findNames(q).then(function (named) {
        if (input.value.trim() !== q) return;
        if (named.length) {
          // A name was typed: answer from the names, and leave the full-text index (and its
          // runtime) unloaded unless the visitor asks for everything.
          show([resultList(named.slice(0, 8).map(asItem)),
                el("a", { class: "dd-results__more", href: searchPageUrl(q), text: words.search_everything })]);
          return;
        }
        fullText(q, 8, function () { return input.value.trim() === q; }).then(function (res) {
          if (!res || input.value.trim() !== q) return;
          if (!res.items.length) { show([el("p", { class: "dd-results__none", text: words.no_results })]); return; }
          show([resultList(res.items), res.total > res.items.length
            ? el("a", { class: "dd-results__more", href: searchPageUrl(q), text: words.all_results.replace("{n}", res.total) })
            : null]);
        });
      });
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { close(); input.blur(); } });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
  }

  // The search page: names, then everything else, for ?q=
  var page = document.getElementById("dd-search-page");
  if (page) {
    var pageInput = page.querySelector("input");
    var out = document.getElementById("dd-search-page-results");
    var run = function () {
      var q = pageInput.value.trim();
      empty(out);
      if (!q) return;
      // names still show if the full-text index cannot be loaded
      var everything = fullText(q, 50, function () { return pageInput.value.trim() === q; })
        .catch(function () { return { total: 0, items: [] }; });
      Promise.all([findNames(q), everything]).then(function (both) {
        var res = both[1];
        if (!res || pageInput.value.trim() !== q) return;
        var named = both[0].slice(0, 50).map(asItem);
        var seen = {};
        named.forEach(function (d) { seen[d.url] = true; });
        var rest = res.items.filter(function (d) { return !seen[new URL(d.url, location.href).pathname]; });
        var total = named.length + res.total - (res.items.length - rest.length);
        empty(out);
        out.appendChild(el("p", { role: "status", text: words.n_results.replace("{n}", total) }));
        if (named.length || rest.length) out.appendChild(resultList(named.concat(rest)));
      });
    };
    pageInput.value = new URLSearchParams(location.search).get("q") || "";
    pageInput.addEventListener("input", run);
    page.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    run();
  }

  /* ---------------------------------------------------------------- signs: paper size */
  var paperButtons = document.querySelectorAll("[data-dd-paper]");
  paperButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.getAttribute("data-dd-paper");
      document.documentElement.setAttribute("data-dd-paper-size", size);  // picks the named @page in dudao.css
      document.querySelectorAll(".dd-signsheet").forEach(function (sheet) {
        sheet.style.setProperty("--dd-sign-scale", size === "A3" ? "1.41" : "1");
      });
      paperButtons.forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
    });
  });
  document.querySelectorAll("[data-dd-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  /* ---------------------------------------------------------------- school finder */
  var finder = document.querySelector(".dd-finder");
  if (finder) {
    loadNames().then(function (names) {
      var data = names.data;
      var schools = names.entries.filter(function (e) { return e.kind === "school"; });
      var q = finder.querySelector("input");
      var selects = finder.querySelectorAll("select");
      var list = finder.querySelector(".dd-finder__results");
      var status = finder.querySelector(".dd-finder__status");
      var fill = function (select, options) {
        options.forEach(function (o, i) { select.appendChild(el("option", { value: String(i), text: o })); });
      };
      fill(finder.querySelector("[name=type]"), data.types.map(function (t) { return t[1]; }));
      fill(finder.querySelector("[name=zone]"), data.zones.map(function (z) { return z[1]; }));
      fill(finder.querySelector("[name=township]"), data.towns);
      var render = function () {
        var query = q.value.trim();
        var f = {};
        selects.forEach(function (sel) { f[sel.name] = sel.value; });
        var active = query || f.type || f.zone || f.township || f.status;
        empty(list);
        if (!active) { status.textContent = ""; list.hidden = true; return; }
        var hits = (query ? matchNames(schools, query) : schools).filter(function (e) {
          if (f.type && String(e.type) !== f.type) return false;
          if (f.zone && String(e.zone) !== f.zone) return false;
          if (f.township && String(e.town) !== f.township) return false;
          return !(f.status && String(e.inactive ? 1 : 0) !== f.status);
        });
        status.textContent = words.n_schools.replace("{n}", hits.length);
        hits.slice(0, 100).forEach(function (e) { list.appendChild(item(e)); });
        list.hidden = false;
      };
      var item = function (e, extra) {
        return el("li", { class: e.inactive ? "dd-closed" : "" }, [
          el("a", { href: e.url, text: e.title }),
          e.inactive ? el("span", { class: "dd-badge", text: words.closed }) : null,
          extra ? el("span", { class: "dd-finder__distance", text: extra }) : null,
          el("span", { class: "dd-school-list__meta", text: e.line }),
          e.tel ? callLink(e) : null
        ]);
      };
      q.addEventListener("input", render);
      selects.forEach(function (sel) { sel.addEventListener("change", render); });
      // 附近的学校: the nearest open schools to where the browser says it is, worked out here;
      // the location never leaves the page, and no map is fetched.
      var near = finder.querySelector(".dd-finder__near");
      var placed = schools.filter(function (e) { return e.lat !== null && e.lon !== null && !e.inactive; });
      if (near && placed.length && navigator.geolocation) {
        near.parentNode.hidden = false;
        near.addEventListener("click", function () {
          status.textContent = words.locating;
          navigator.geolocation.getCurrentPosition(function (where) {
            var lat = where.coords.latitude, lon = where.coords.longitude;
            var rad = Math.PI / 180;
            var km = function (e) {  // great-circle distance
              var a = Math.pow(Math.sin((e.lat - lat) * rad / 2), 2) +
                Math.cos(lat * rad) * Math.cos(e.lat * rad) * Math.pow(Math.sin((e.lon - lon) * rad / 2), 2);
              return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
            };
            var nearest = placed.map(function (e) { return { e: e, d: km(e) }; })
              .sort(function (a, b) { return a.d - b.d; }).slice(0, 10);
            empty(list);
            nearest.forEach(function (n) {
              list.appendChild(item(n.e, words.km.replace("{n}", n.d < 10 ? n.d.toFixed(1) : Math.round(n.d))));
            });
            status.textContent = words.nearest.replace("{n}", nearest.length);
            list.hidden = false;
          }, function () { status.textContent = words.no_location; }, { timeout: 15000, maximumAge: 60000 });
        });
      }
      finder.hidden = false;
      render();
    }).catch(function () { /* the grouped list below still works */ });
  }
})();
