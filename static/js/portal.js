// portal.widgets.FileInput: show the chosen file names in the page's language
// (the native input is hidden; without JavaScript the form works the same).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!input.matches || !input.matches(".file-input input[type=file]")) return;
  var shown = input.parentNode.querySelector(".file-name");
  if (!shown) return;
  var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
  shown.textContent = names.length ? names.join(", ") : shown.getAttribute("data-none");
});

// the registry's printable list: a Print button (hidden without JavaScript,
// where the browser's own Print command does the same)
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
