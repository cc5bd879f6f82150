// Keeps the dashboard's headline figures fresh: every 30 seconds it asks the JSON API for the
// same unit and period and rewrites the numbers. Without script the page is complete as sent.
(function () {
  var root = document.getElementById('ops-dashboard');
  if (!root || !window.fetch) { return; }
  var api = root.getAttribute('data-api');
  var vi = document.documentElement.lang !== 'en';
  function percent(rate) {
    if (!rate || !rate.denominator) { return '—'; }
    var text = (rate.numerator * 100 / rate.denominator).toFixed(1);
    return vi ? text.replace('.', ',') + ' %' : text + '%';
  }
  function set(key, value) {
    var el = root.querySelector('[data-kpi="' + key + '"]');
    if (el) { el.textContent = value; }
  }
  function refresh() {
    fetch(api, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) { return; }
        var f = d.flows, p = d.pending;
        set('received', f.received); set('resolved', f.resolved); set('returned', f.returned);
        set('pending', p.withinDeadline + p.pastDeadline + p.paused); set('pendingLate', p.pastDeadline);
        var good = f.resolved_early + f.resolved_on_time;
        set('onTime', percent({ numerator: good, denominator: good + f.resolved_late }));
        set('online', percent({ numerator: f.received_online, denominator: f.received }));
        set('onlinePayment', percent({ numerator: f.paid_online, denominator: f.paid }));
        var stamp = document.getElementById('ops-updated');
        if (stamp) { stamp.textContent = new Date().toLocaleTimeString(vi ? 'vi-VN' : 'en-GB'); }
      })
      .catch(function () { /* the next pass tries again */ });
  }
  setInterval(refresh, 30000);
})();
