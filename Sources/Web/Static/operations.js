// Keeps the dashboard fresh between the big screen's full reloads: every 30 seconds it reads the
// same page again (same unit, period and filters) and swaps in the headline figures, the late list
// and the time of the figures, so every tile is drawn by the server exactly as on a full load.
// Without script the page is complete as sent (and the big screen reloads itself every minute).
(function () {
  var root = document.getElementById('ops-dashboard');
  if (!root || !window.fetch || !window.DOMParser) { return; }
  var parts = ['ops-kpis', 'ops-late', 'ops-updated'];
  function refresh() {
    fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        parts.forEach(function (id) {
          var now = document.getElementById(id), next = fresh.getElementById(id);
          if (now && next) { now.innerHTML = next.innerHTML; }
        });
      })
      .catch(function () { /* the next pass tries again */ });
  }
  setInterval(refresh, 30000);
})();
