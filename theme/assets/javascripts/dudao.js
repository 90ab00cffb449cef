/* dudao: header search (Pagefind), the search page, the school finder and the
   large-text mode. Plain ES2017, no libraries; everything is loaded from this site. */
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
      else if (k === "html") node.innerHTML = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  /* ---------------------------------------------------------------- large text */
  var toggle = document.querySelector(".dd-large-toggle");
  function setLarge(on) {
    document.documentElement.classList.toggle("dd-large", on);
    if (toggle) toggle.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("dudao.large", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  if (toggle) {
    toggle.setAttribute("aria-pressed", document.documentElement.classList.contains("dd-large") ? "true" : "false");
    toggle.addEventListener("click", function () {
      setLarge(!document.documentElement.classList.contains("dd-large"));
    });
  }

  /* ---------------------------------------------------------------- search */
  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        // No web worker: one file fewer to fetch on a first search (searching a chunk or two
        // takes milliseconds on the main thread, even on a cheap phone).
        return pf.options({ baseUrl: base.pathname, noWorker: true }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  var CJK_GAP = /([\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])/g;

  // Pages also carry their names with spaced characters (桃 林 小 学). When the browser cuts a
  // query into other words than the indexer cut the page (桃|林 against 桃林) nothing matches;
  // the query is then tried once more character by character.
  function spaced(query) {
    var chars = query.replace(/\s+/g, "").split("");
    return chars.length > 1 && CJK.test(query) ? chars.join(" ") : null;
  }

  function search(query, limit) {
    var pf;
    var retried = false;
    return loadPagefind().then(function (loaded) {
      pf = loaded;
      return pf.debouncedSearch(query, {}, 200);
    }).then(function (found) {
      if (!found) return null; // superseded by a newer query
      var retry = !found.results.length && spaced(query);
      if (!retry) return found;
      retried = true;
      return pf.search(retry);
    }).then(function (found) {
      if (!found) return null;
      // Pagefind matches word beginnings, so 苏公网安备 can find a page with 苏… and 公网…
      // far apart; keep the pages that contain what was typed, each term as typed.
      var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
      var take = found.results.slice(0, limit + (retried ? 8 : 0));
      return Promise.all(take.map(function (r) { return r.data(); })).then(function (data) {
        var kept = data.filter(function (d) {
          var text = (d.content + " " + ((d.meta && d.meta.title) || "")).toLowerCase().replace(/\s+/g, "");
          return terms.every(function (term) { return text.indexOf(term) >= 0; });
        });
        var more = found.results.length > take.length ? found.results.length - take.length : 0;
        return { total: kept.length + more, items: kept.slice(0, limit) };
      });
    });
  }

  // Excerpts of the spaced names read as written: 桃 林 → 桃林.
  function tidy(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(function (t, i) {
      var v = t.nodeValue.replace(CJK_GAP, "$1");
      var next = texts[i + 1];
      if (next && /[\u3400-\u9fff]\s+$/.test(v) && CJK.test(next.nodeValue.trim().charAt(0))) v = v.replace(/\s+$/, "");
      var prev = texts[i - 1];
      if (prev && /^\s+[\u3400-\u9fff]/.test(v) && CJK.test(prev.nodeValue.slice(-1))) v = v.replace(/^\s+/, "");
      t.nodeValue = v;
    });
    return node;
  }

  function resultList(items) {
    return el("ol", { class: "dd-results" }, items.map(function (d) {
      var kind = (d.meta && d.meta.kind) || words.page;
      return el("li", {}, [
        el("a", { href: d.url, class: "dd-results__link" }, [
          el("span", { class: "dd-results__kind", text: kind }),
          el("span", { class: "dd-results__title", text: (d.meta && d.meta.title) || d.url })
        ]),
        tidy(el("p", { class: "dd-results__excerpt", html: d.excerpt }))
      ]);
    }));
  }

  if (form) {
    var input = form.querySelector("input");
    var popup = form.querySelector(".dd-search__popup");
    var close = function () { popup.hidden = true; };
    input.addEventListener("focus", loadPagefind);
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (!q) { close(); return; }
      search(q, 8).then(function (res) {
        if (!res || input.value.trim() !== q) return;
        popup.innerHTML = "";
        if (!res.items.length) {
          popup.appendChild(el("p", { class: "dd-results__none", text: words.no_results }));
        } else {
          popup.appendChild(resultList(res.items));
          if (res.total > res.items.length) {
            popup.appendChild(el("a", { class: "dd-results__more", href: new URL("search/?q=" + encodeURIComponent(q), base).href,
              text: words.all_results.replace("{n}", res.total) }));
          }
        }
        popup.hidden = false;
      });
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { close(); input.blur(); } });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
  }

  // The search page: full results for ?q=
  var page = document.getElementById("dd-search-page");
  if (page) {
    var pageInput = page.querySelector("input");
    var out = document.getElementById("dd-search-page-results");
    var run = function () {
      var q = pageInput.value.trim();
      out.innerHTML = "";
      if (!q) return;
      search(q, 50).then(function (res) {
        if (!res || pageInput.value.trim() !== q) return;
        out.innerHTML = "";
        out.appendChild(el("p", { role: "status", text: words.n_results.replace("{n}", res.total) }));
        if (res.items.length) out.appendChild(resultList(res.items));
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
      document.getElementById("dd-page-size").textContent = "@page { size: " + size + " portrait; margin: 8mm; }";
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
    fetch(new URL("assets/finder.json", base).href).then(function (r) { return r.json(); }).then(function (data) {
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
      var norm = function (s) { return s.toLowerCase().replace(/[\s'·]/g, ""); };
      // one searchable string per school: names, former names, pinyin, initials, township, supervisor
      var schools = data.schools.map(function (s) {
        return { s: s, hay: norm([s[1], s[2], s[3], s[4], data.towns[s[5]] || "", s[9], s[10], s[11]].join("|")) };
      });
      var render = function () {
        var query = norm(q.value);
        var f = {};
        selects.forEach(function (sel) { f[sel.name] = sel.value; });
        var active = query || f.type || f.zone || f.township || f.status;
        list.innerHTML = "";
        if (!active) { status.textContent = ""; list.hidden = true; return; }
        var hits = schools.filter(function (x) {
          var s = x.s;
          if (f.type && String(s[6]) !== f.type) return false;
          if (f.zone && String(s[7]) !== f.zone) return false;
          if (f.township && String(s[5]) !== f.township) return false;
          if (f.status && String(s[8]) !== f.status) return false;
          return !query || x.hay.indexOf(query) >= 0;
        });
        status.textContent = words.n_schools.replace("{n}", hits.length);
        hits.slice(0, 100).forEach(function (x) {
          var s = x.s;
          var meta = [data.types[s[6]][1], data.towns[s[5]] || "", s[9] ? words.supervisor + " " + s[9] : ""]
            .filter(Boolean).join(" · ");
          list.appendChild(el("li", { class: s[8] ? "dd-closed" : "" }, [
            el("a", { href: new URL("schools/" + s[0] + "/", base).href, text: s[1] }),
            s[8] ? el("span", { class: "dd-badge", text: words.closed }) : null,
            el("span", { class: "dd-school-list__meta", text: meta }),
            s[12] ? el("a", { class: "dd-tel", href: s[12], text: words.call + " " + s[9] }) : null
          ]));
        });
        list.hidden = false;
      };
      q.addEventListener("input", render);
      selects.forEach(function (sel) { sel.addEventListener("change", render); });
      finder.hidden = false;
      render();
    }).catch(function () { /* the grouped list below still works */ });
  }
})();
