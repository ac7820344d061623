// Upload progress for forms marked data-upload-progress (the bid form).
// Without this script the form posts as usual; with it, a post that carries
// files goes through XMLHttpRequest so the page can show how much has been
// sent, then shows the server's answer (the bid, or the form with its errors)
// as if the browser had navigated to it. No inline script: CSP allows 'self'.
(function () {
  "use strict";

  function hasFiles(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].files && inputs[i].files.length) {
        return true;
      }
    }
    return false;
  }

  function show(doc, url) {
    if (url && url !== window.location.href) {
      window.history.pushState(null, "", url);
    }
    document.title = doc.title;
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(0, 0);
    if (window.htmx) {
      window.htmx.process(document.body);
    }
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-upload-progress]") || !window.FormData) {
      return;
    }
    if (!hasFiles(form)) {
      return;
    }
    event.preventDefault();
    var box = form.querySelector("[data-progress]");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-progress-text]");
    var failed = box.querySelector("[data-progress-failed]");
    var buttons = form.querySelectorAll("button[type=submit]");
    box.hidden = false;
    failed.hidden = true;
    buttons.forEach(function (button) { button.disabled = true; });

    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.responseType = "document";
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable && progress.total) {
        var percent = Math.floor((progress.loaded / progress.total) * 100);
        bar.value = percent;
        text.textContent = percent + "%";
      }
    });
    request.addEventListener("load", function () {
      if (request.response && request.response.body) {
        show(request.response, request.responseURL);
      } else {
        form.submit();
      }
    });
    request.addEventListener("error", function () {
      failed.hidden = false;
      buttons.forEach(function (button) { button.disabled = false; });
    });
    request.send(new FormData(form));
  });
})();
