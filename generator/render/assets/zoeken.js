/* The site's search (generator.render.site_search): the lunr.js index built by the site
   generator (zoekindex.js), searched in the page; nothing is fetched. Every word must occur;
   the last one may be the start of a word; passages with the words as one phrase come first. */
(function () {
  'use strict';
  var data = window.CONVENANT_ZOEK;
  var input = document.getElementById('cv-zoekterm');
  var status = document.getElementById('cv-zoekstatus');
  var list = document.getElementById('cv-resultaten');
  if (!data || !window.lunr || !input) { return; }

  // The same normalisation as the index's (site_search.normalise): no accents, lower case,
  // no punctuation at either end of a word.
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function trim(text) {
    return fold(text).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  }
  lunr.Pipeline.registerFunction(function (token) {
    return token.update(function (s) { return trim(s); });
  }, 'cvTrim');
  var index = lunr.Index.load(data.index);

  function words(query) {
    return query.replace(/["“”„]/g, ' ').split(/[\s\-]+/).map(trim).filter(Boolean);
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) { return []; }
    var hits = index.query(function (q) {
      terms.forEach(function (term, i) {
        q.term(term, {  // already normalised as the index's words are: not through the
          usePipeline: false,  // pipeline, which would take the wildcard's "*" for punctuation
          presence: lunr.Query.presence.REQUIRED,
          wildcard: i === terms.length - 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
      });
    });
    var phrase = terms.join(' ');
    return hits.map(function (hit) {
      var doc = data.docs[hit.ref];
      var at = fold(doc.t).replace(/[^\p{L}\p{N}]+/gu, ' ').indexOf(phrase);
      return { doc: doc, score: hit.score + (at >= 0 ? 1000 : 0), phrase: at >= 0 };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  // The passage around the first place the words occur, with the phrase (or first word) marked.
  function snippet(text, terms) {
    var flat = fold(text).replace(/[^\p{L}\p{N}]/gu, ' ');
    var phrase = terms.join(' ');
    var at = flat.indexOf(phrase), length = phrase.length;
    if (at < 0) { at = flat.indexOf(terms[0]); length = terms[0].length; }
    var p = document.createElement('p');
    if (at < 0) { p.textContent = text.slice(0, 240); return p; }
    var start = Math.max(0, at - 90), end = Math.min(text.length, at + length + 150);
    p.appendChild(document.createTextNode((start > 0 ? '… ' : '') + text.slice(start, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + length);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? ' …' : '')));
    return p;
  }

  function show(query) {
    list.textContent = '';
    var terms = words(query);
    if (!terms.length) { status.textContent = 'Typ een woord of zinsdeel.'; return; }
    var results = search(query);
    status.textContent = results.length
      ? results.length + (results.length === 1 ? ' passage' : ' passages') + ' met “' + query.trim() + '”'
      : 'Niets gevonden voor “' + query.trim() + '”.';
    results.slice(0, 100).forEach(function (r) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = r.doc.u;
      a.className = 'cv-where';
      a.textContent = r.doc.r + ', ' + r.doc.w + (r.doc.h ? ': ' + r.doc.h : '');
      li.appendChild(a);
      li.appendChild(snippet(r.doc.t, terms));
      list.appendChild(li);
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (e) { /* file: */ }
    }, 150);
  });
  input.form.addEventListener('submit', function (event) { event.preventDefault(); show(input.value); });
  var asked = new URLSearchParams(window.location.search).get('q');
  if (asked) { input.value = asked; show(asked); }
}());
