
document.querySelectorAll('.legend-item').forEach(function (button) {
  button.addEventListener('click', function () {
    var off = button.classList.toggle('off');
    document.querySelectorAll('[data-theme="' + CSS.escape(button.dataset.theme) + '"].series, '
      + '[data-theme="' + CSS.escape(button.dataset.theme) + '"].segment').forEach(function (el) {
      el.classList.toggle('off', off);
    });
  });
});
document.querySelectorAll('#coverage-chart .series').forEach(function (g) {
  g.addEventListener('click', function () {
    var target = document.getElementById('sentences-' + g.dataset.theme);
    if (target) { target.open = true; target.scrollIntoView({behavior: 'smooth'}); }
  });
});
document.documentElement.dataset.ready = '1';
