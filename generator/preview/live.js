// Live reload for `decide serve`: wait until the preview moves on, then reload the page where the reader was.
(function () {
  "use strict";

  var version = document.currentScript.getAttribute("data-decide-version");
  var place = "decide-preview-place";

  function restorePlace() {
    var saved = JSON.parse(sessionStorage.getItem(place) || "null");
    sessionStorage.removeItem(place);
    if (saved && saved.path === location.pathname) {
      window.scrollTo(0, saved.y);
    }
  }

  function reload() {
    sessionStorage.setItem(place, JSON.stringify({ path: location.pathname, y: window.scrollY }));
    location.reload();
  }

  function waitForChange() {
    fetch("/.decide/changes?since=" + encodeURIComponent(version), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview server answered " + response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        if (String(answer.version) !== version) {
          reload();
        } else {
          waitForChange();
        }
      })
      .catch(function () {
        // The server is restarting or stopped: ask again in a moment.
        setTimeout(waitForChange, 1000);
      });
  }

  restorePlace();
  waitForChange();
})();
