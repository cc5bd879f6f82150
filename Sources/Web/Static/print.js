// Shows the "Print" buttons of printable pages (hidden without JavaScript, where the browser's own
// print command remains) and prints the page when one is pressed.
(function () {
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
