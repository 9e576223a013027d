/* The portal's search, run in the browser on the static shards in search/.
   Analysis and ranking are those of portal/index (analysis.py, query.py), so `build.py search`
   and the page agree; tests keep the two in step. A query fetches meta.json.gz once, the few
   term shards its words fall in, and the entry blocks of the results it shows: never the whole index. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+/gu;
  var NUMBER = /(?<![\p{L}\p{N}_])\p{Nd}+(?:\/\p{Nd}{4})?\/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
  var KINDS = { document: "Văn bản", procedure: "Thủ tục", guide: "Hướng dẫn", post: "Tin bài", page: "Trang" };
  var FILTERS = { site: "site", kind: "kind", type: "doc_type", year: "year", issuer: "issuer", status: "status" };

  /* ---- Analysis: analysis.py ---- */
  function normalize(text) { return text.normalize("NFC").toLowerCase(); }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đð]/g, "d").replace(/[ĐÐ]/g, "D").normalize("NFC");
  }
  function unique(items) { return items.filter(function (item, index) { return items.indexOf(item) === index; }); }
  function terms(query) {
    var text = normalize(query);
    var exact = unique(text.match(WORD) || []);
    var tokens = (text.match(WORD) || []).map(fold);
    var pairs = [];
    for (var i = 1; i < tokens.length; i++) { pairs.push(tokens[i - 1] + " " + tokens[i]); }
    return {
      syllables: unique(exact.map(fold)),
      exact: exact.filter(function (term) { return fold(term) !== term; }),
      pairs: unique(pairs),
      numbers: unique((text.match(NUMBER) || []).map(function (number) { return fold(normalize(number)); }))
    };
  }

  /* Python sorts terms by code point; JavaScript compares UTF-16 units. They differ only beyond U+FFFF. */
  function less(a, b) {
    if (!/[\ud800-\udfff]/.test(a + b)) { return a < b; }
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) { return x[i].codePointAt(0) < y[i].codePointAt(0); }
    }
    return x.length < y.length;
  }
  function shardOf(firsts, term) { /* bisect_right(firsts, term) - 1 */
    var low = 0, high = firsts.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (less(term, firsts[middle])) { high = middle; } else { low = middle + 1; }
    }
    return low - 1;
  }

  /* ---- Shards: fetched once each, gzip inflated unless the server already did it ---- */
  var FROM_DISK = window.location.protocol === "file:";
  var waiting = {};
  /* Pages opened from disk may not fetch; they load each shard's .js twin, which calls this. */
  window.portalSearchShard = function (name, data) {
    if (waiting[name]) { waiting[name](data); delete waiting[name]; }
  };
  function script(base, name) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      waiting[name] = resolve;
      tag.src = base + name.replace(/\.json\.gz$/, ".js");
      tag.onload = function () { tag.remove(); };
      tag.onerror = function () { delete waiting[name]; tag.remove(); reject(new Error(name)); };
      document.head.appendChild(tag);
    });
  }
  /* A folder URL opened from disk shows a file listing: point at its index.html instead. */
  function page(url) { return FROM_DISK && /(^|\/)$/.test(url) ? url + "index.html" : url; }

  function Index(base) {
    this.base = base;
    this.files = {};
  }
  Index.prototype.load = function (name) {
    var files = this.files;
    if (!files[name] && FROM_DISK) {
      files[name] = script(this.base, name).catch(function (error) {
        delete files[name];
        throw error;
      });
    } else if (!files[name]) {
      files[name] = fetch(this.base + name).then(function (response) {
        if (!response.ok) { throw new Error(name + ": " + response.status); }
        return response.arrayBuffer();
      }).then(function (buffer) {
        var bytes = new Uint8Array(buffer);
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
          var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          return new Response(stream).text();
        }
        return new TextDecoder().decode(bytes);
      }).then(JSON.parse).catch(function (error) {
        delete files[name];
        throw error;
      });
    }
    return files[name];
  };
  Index.prototype.meta = function () { return this.load("meta.json.gz"); };

  /* ---- Ranking: query.py ---- */
  Index.prototype.search = function (query, filters, limit) {
    var self = this;
    var q = terms(query);
    if (!q.syllables.length) { return Promise.resolve({ total: 0, results: [], terms: q }); }
    var wanted = []
      .concat(q.syllables.map(function (t) { return "s" + t; }), q.exact.map(function (t) { return "e" + t; }))
      .concat(q.pairs.map(function (t) { return "p" + t; }), q.numbers.map(function (t) { return "n" + t; }));
    wanted = unique(wanted);
    return this.meta().then(function (meta) {
      var byShard = {};
      wanted.forEach(function (term) {
        var position = shardOf(meta.shards, term);
        if (position >= 0) { (byShard[position] = byShard[position] || []).push(term); }
      });
      var positions = Object.keys(byShard);
      var active = Object.keys(filters || {}).filter(function (key) { return filters[key]; });
      var loads = positions.map(function (position) { return self.load("t/" + meta.names[position] + ".json.gz"); });
      loads.push(active.length ? self.load("f.json.gz") : Promise.resolve(null));
      return Promise.all(loads).then(function (loaded) {
        var codes = loaded.pop();
        var wantedCodes = active.map(function (key) {  /* a facet value's code is its position, from 1 */
          var facet = FILTERS[key];
          return [codes[facet], meta.facets[facet].indexOf(filters[key]) + 1];
        });
        var scores = new Map(), matched = new Map(), postings = {};
        positions.forEach(function (position, index) {
          byShard[position].forEach(function (term) {
            var encoded = loaded[index][term] || [], doc = 0, found = new Map();
            for (var i = 0; i < encoded.length; i += 2) {
              doc += encoded[i];
              found.set(doc, encoded[i + 1]);
            }
            postings[term] = found;
            found.forEach(function (impact, entry) {
              scores.set(entry, (scores.get(entry) || 0) + impact);
              if (term[0] === "s") {
                if (!matched.has(entry)) { matched.set(entry, new Set()); }
                matched.get(entry).add(term.slice(1));
              }
            });
          });
        });
        q.numbers.forEach(function (number) { /* a whole number typed covers its syllables */
          (postings["n" + number] || new Map()).forEach(function (impact, entry) {
            if (!matched.has(entry)) { matched.set(entry, new Set()); }
            q.syllables.forEach(function (syllable) { matched.get(entry).add(syllable); });
          });
        });
        var shares = new Map(), complete = false, ranked = [];
        scores.forEach(function (score, entry) {
          if (!wantedCodes.every(function (pair) { return pair[0][entry] === pair[1]; })) { return; }
          var have = matched.get(entry) || new Set();
          var share = q.syllables.filter(function (s) { return have.has(s); }).length / q.syllables.length;
          shares.set(entry, share);
          complete = complete || share === 1;
        });
        /* Entries with every word typed, when there are any; otherwise the nearest, missing words costing much. */
        shares.forEach(function (share, entry) {
          if (!complete || share === 1) { ranked.push([scores.get(entry) * share * share, entry]); }
        });
        ranked.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
        var shown = ranked.slice(0, limit);
        return self.entries(meta, shown.map(function (item) { return item[1]; })).then(function (rows) {
          return {
            total: ranked.length,
            terms: q,
            results: shown.map(function (item) {
              var row = rows[item[1]];
              return { url: row[0], site: row[1], siteName: meta.sites[row[1]] || row[1], kind: row[2],
                title: row[3], snippet: row[4], number: row[5], score: item[0] };
            })
          };
        });
      });
    });
  };
  Index.prototype.entries = function (meta, docs) {
    var self = this, size = meta.docsPerShard, blocks = unique(docs.map(function (doc) { return Math.floor(doc / size); }));
    return Promise.all(blocks.map(function (block) { return self.load("d/" + block + ".json.gz"); })).then(function (loaded) {
      var rows = {};
      docs.forEach(function (doc) { rows[doc] = loaded[blocks.indexOf(Math.floor(doc / size))][doc % size]; });
      return rows;
    });
  };

  /* ---- Display ---- */
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }
  /* Text with the query's syllables in <mark>, built as nodes: nothing from the index is parsed as HTML. */
  function highlighted(node, text, syllables) {
    var last = 0, match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      if (syllables.indexOf(fold(normalize(match[0]))) >= 0) {
        node.appendChild(document.createTextNode(text.slice(last, match.index)));
        node.appendChild(element("mark", "", match[0]));
        last = match.index + match[0].length;
      }
    }
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }
  function badge(result) {
    var meta = element("span", "portal-search__meta");
    meta.appendChild(element("span", "portal-search__site", result.siteName));
    meta.appendChild(document.createTextNode(" " + (KINDS[result.kind] || "")));
    if (result.number) { meta.appendChild(document.createTextNode(" · Số " + result.number)); }
    return meta;
  }
  function debounce(action, wait) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(action, wait); };
  }

  /* ---- The header box: live results as a combobox, Enter opens the results page ---- */
  function box(form, index) {
    var input = form.querySelector("input[name=q]");
    var root = form.getAttribute("data-portal-root");
    var results = page(form.getAttribute("data-portal-results"));
    form.setAttribute("action", results);
    var list = element("ul", "portal-search-box__list");
    list.id = "portal-search-box-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Kết quả tìm nhanh");
    list.hidden = true;
    var status = element("p", "portal-visually-hidden");
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var options = [], active = -1, asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function select(position) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === position)); });
      active = position;
      if (position < 0) { input.removeAttribute("aria-activedescendant"); return; }
      input.setAttribute("aria-activedescendant", options[position].id);
      options[position].scrollIntoView({ block: "nearest" });
    }
    /* Options hold no link (a listbox may not nest interactive elements): choosing one navigates. */
    function option(href, build) {
      var item = element("li", "portal-search-box__option");
      item.id = "portal-search-box-option-" + options.length;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-href", new URL(href, window.location.href).href);
      build(item);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { window.location.href = item.getAttribute("data-href"); });
      list.appendChild(item);
      options.push(item);
    }
    function show(query, found) {
      /* Results shown again (more typed, a late answer): the option chosen with the arrows stays chosen. */
      var chosen = active >= 0 ? options[active].getAttribute("data-href") : null;
      list.textContent = "";
      options = [];
      found.results.forEach(function (result) {
        option(page(root + result.url), function (item) {
          item.appendChild(highlighted(element("span", "portal-search__title"), result.title, found.terms.syllables));
          item.appendChild(badge(result));
        });
      });
      option(results + "?q=" + encodeURIComponent(query), function (item) {
        item.classList.add("portal-search-box__all");
        item.textContent = found.total ? "Xem tất cả " + found.total + " kết quả" : "Không tìm thấy kết quả cho «" + query + "»";
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = found.total ? found.total + " kết quả; dùng phím mũi tên để chọn." : "Không có kết quả.";
      select(options.findIndex(function (item) { return item.getAttribute("data-href") === chosen; }));
    }
    var run = debounce(function () {
      var query = input.value.trim(), ask = ++asked;
      if (query.length < 2) { close(); return; }
      index.search(query, {}, 6).then(function (found) {
        if (ask === asked && document.activeElement === input) { show(query, found); }
      }).catch(function () { status.textContent = "Chưa tải được chỉ mục tìm kiếm; hãy thử lại."; });
    }, 120);

    input.addEventListener("input", run);
    input.addEventListener("focus", function () { if (options.length && input.value.trim().length >= 2) { run(); } });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { return; }
        event.preventDefault();
        var next = active + (event.key === "ArrowDown" ? 1 : -1);  /* -1 is the box itself */
        select(next >= options.length ? -1 : next < -1 ? options.length - 1 : next);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-href");
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) { close(); }
    });
    form.addEventListener("submit", function (event) {
      if (!input.value.trim()) { event.preventDefault(); }
    });
  }

  /* ---- The results page ---- */
  function resultsPage(container, index, root) {
    var form = container.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var filterBox = form.querySelector("details");
    var status = container.querySelector(".portal-search__status");
    var list = container.querySelector(".portal-search__results");
    var more = container.querySelector(".portal-search__more");
    var selects = {};
    Object.keys(FILTERS).forEach(function (key) { selects[key] = form.querySelector("select[name=" + key + "]"); });
    var params = new URLSearchParams(window.location.search);
    var limit = 20, asked = 0;
    input.value = params.get("q") || "";

    function fill(meta) {
      Object.keys(FILTERS).forEach(function (key) {
        var facet = FILTERS[key], select = selects[key];
        var values = meta.facets[facet].slice();
        if (key === "site") { values = Object.keys(meta.sites).filter(function (slug) { return values.indexOf(slug) >= 0; }); }
        if (key === "year") { values.reverse(); }
        [["", "Tất cả"]].concat(values.map(function (value) {
          return [value, key === "site" ? meta.sites[value] : key === "kind" ? KINDS[value] || value : value];
        })).forEach(function (pair) {
          var choice = element("option", "", pair[1]);
          choice.value = pair[0];
          select.appendChild(choice);
        });
        select.value = params.get(key) || "";
      });
      filterBox.hidden = false;
      filterBox.open = Object.keys(filters()).length > 0 || window.matchMedia("(min-width: 60em)").matches;
    }
    function filters() {
      var chosen = {};
      Object.keys(selects).forEach(function (key) { if (selects[key].value) { chosen[key] = selects[key].value; } });
      return chosen;
    }
    function remember(query, chosen) {
      var next = new URLSearchParams();
      if (query) { next.set("q", query); }
      Object.keys(chosen).forEach(function (key) { next.set(key, chosen[key]); });
      var search = next.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }
    function render(query, found) {
      list.textContent = "";
      found.results.forEach(function (result) {
        var item = element("li", "portal-search__result");
        var heading = element("h2", "portal-search__heading");
        var link = element("a");
        link.href = page(root + result.url);
        highlighted(link, result.title, found.terms.syllables);
        heading.appendChild(link);
        item.appendChild(heading);
        item.appendChild(badge(result));
        if (result.snippet) {
          item.appendChild(highlighted(element("p", "portal-search__snippet"), result.snippet, found.terms.syllables));
        }
        list.appendChild(item);
      });
      more.hidden = found.total <= found.results.length;
      status.textContent = found.total
        ? "Tìm thấy " + found.total + " kết quả cho «" + query + "»" +
          (found.total > found.results.length ? ", hiện " + found.results.length + " kết quả đầu." : ".")
        : "Không tìm thấy kết quả cho «" + query + "». Hãy thử ít từ hơn, bỏ bớt bộ lọc hoặc kiểm tra chính tả.";
    }
    function run() {
      var query = input.value.trim(), chosen = filters(), ask = ++asked;
      remember(query, chosen);
      if (!query) {
        list.textContent = "";
        more.hidden = true;
        status.textContent = "Nhập từ khóa để tìm trên toàn cổng.";
        return;
      }
      status.textContent = "Đang tìm…";
      index.search(query, chosen, limit).then(function (found) {
        if (ask === asked) { render(query, found); }
      }).catch(function () { status.textContent = "Chưa tải được chỉ mục tìm kiếm; hãy thử lại."; });
    }
    var later = debounce(function () { limit = 20; run(); }, 200);
    input.addEventListener("input", later);
    Object.keys(selects).forEach(function (key) {
      selects[key].addEventListener("change", function () { limit = 20; run(); });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); limit = 20; run(); });
    more.addEventListener("click", function () {
      limit += 20;
      run();
    });
    index.meta().then(fill).then(run).catch(function () {
      status.textContent = "Chưa tải được chỉ mục tìm kiếm; hãy thử lại.";
    });
  }

  var form = document.querySelector("form[data-portal-root]");
  if (!form) { return; }
  var root = form.getAttribute("data-portal-root");
  var index = new Index(root + "search/");
  window.portalSearch = { terms: terms, fold: fold, index: index };
  box(form, index);
  var container = document.querySelector("[data-portal-search-page]");
  if (container) { resultsPage(container, index, root); }
})();
