
(function () {
  // Filters of the coverage section: date range, source, theme -> stories and copies per week and theme.
  var block = document.getElementById('coverage-data');
  if (!block) { return; }
  var data = JSON.parse(block.textContent);
  var from = document.getElementById('f-from'), to = document.getElementById('f-to');
  var source = document.getElementById('f-source'), theme = document.getElementById('f-theme');
  function week(day) {
    var d = new Date(day + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return d.toISOString().slice(0, 10);
  }
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }
  function bar(td, value, top) {
    var span = document.createElement('span');
    span.className = 'bar';
    span.style.width = (top ? Math.round(100 * value / top) : 0) + '%';
    td.appendChild(span);
  }
  function fill(tbody, rows, label, labelClass) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    var top = 0;
    rows.forEach(function (r) { top = Math.max(top, r[2]); });
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      cell(tr, label(r[0]), labelClass);
      bar(cell(tr, String(r[1]), 'num wide'), r[1], top);
      var c = cell(tr, String(r[2]), 'num wide');
      bar(c, r[2], top);
      c.lastChild.className = 'bar copies';
      tbody.appendChild(tr);
    });
  }
  function update() {
    var lo = from.value, hi = to.value, s = source.value, t = theme.value;
    var weeks = {}, themes = {}, docs = 0, stories = {};
    // the whole date range (as the page opens) keeps the undated documents; a narrower one leaves them out
    var whole = (!lo || lo <= from.min) && (!hi || hi >= to.max);
    data.docs.forEach(function (d) {
      if (!d[0] && !whole) { return; }
      if (d[0] && lo && d[0] < lo) { return; }
      if (d[0] && hi && d[0] > hi) { return; }
      if (s !== '' && d[1] !== Number(s)) { return; }
      if (t !== '' && d[3].indexOf(Number(t)) < 0) { return; }
      docs += 1;
      stories[d[2]] = 1;
      if (d[0]) {
        var w = week(d[0]);
        weeks[w] = weeks[w] || [{}, 0];
        weeks[w][0][d[2]] = 1;
        weeks[w][1] += 1;
      }
      d[3].forEach(function (i) {
        if (t !== '' && i !== Number(t)) { return; }
        themes[i] = themes[i] || [{}, 0];
        themes[i][0][d[2]] = 1;
        themes[i][1] += 1;
      });
    });
    document.getElementById('f-totals').textContent =
      Object.keys(stories).length + ' câu chuyện, ' + docs + ' bài';
    var wrows = Object.keys(weeks).sort().map(function (w) {
      return [w, Object.keys(weeks[w][0]).length, weeks[w][1]];
    });
    fill(document.getElementById('f-weeks'), wrows, function (w) { return w; }, 'id');
    var trows = Object.keys(themes).map(function (i) {
      return [Number(i), Object.keys(themes[i][0]).length, themes[i][1]];
    }).sort(function (a, b) { return b[1] - a[1]; });
    // a week is an id (one line); a theme label is text and may wrap
    fill(document.getElementById('f-themes'), trows, function (i) { return data.theme_names[i]; }, '');
  }
  [from, to, source, theme].forEach(function (el) { el.addEventListener('change', update); });
  // the filters change the page, they submit nothing (an inline handler would break the page's CSP)
  from.form.addEventListener('submit', function (e) { e.preventDefault(); });
  update();
})();
