// Shows, on the counter form, the checklist of the procedure chosen and hides the others' (without the
// script every checklist stays visible and the server reads the chosen procedure's only).
(function () {
  var select = document.getElementById('procedureCode');
  var groups = document.querySelectorAll('fieldset[data-procedure]');
  function show() {
    groups.forEach(function (g) { g.hidden = g.getAttribute('data-procedure') !== select.value; });
  }
  select.addEventListener('change', show);
  show();
})();
