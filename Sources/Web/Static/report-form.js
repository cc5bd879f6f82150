// Fills the report form's coordinates from the phone's location, when the browser can tell.
(function () {
  var button = document.getElementById('use-location');
  if (!('geolocation' in navigator)) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById('latitude').value = p.coords.latitude.toFixed(6);
      document.getElementById('longitude').value = p.coords.longitude.toFixed(6);
    });
  });
})();
