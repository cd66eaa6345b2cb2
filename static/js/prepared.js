/* Files being prepared by a task: ask the server for each one's state every few seconds and,
 * when ready, show the download button (and start the download once); on failure, show the
 * server's Vietnamese message. The server decides when waiting has lasted too long. */
(function () {
  "use strict";

  var FIRST_DELAY = 800;
  var MAX_DELAY = 4000;
  var NETWORK_MESSAGE = "Mất kết nối với máy chủ khi chờ tệp. Vui lòng tải lại trang.";

  function show(box, state, text) {
    box.classList.remove("alert-info", "alert-success", "alert-danger");
    box.classList.add(state === "ready" ? "alert-success" : state === "failed" ? "alert-danger" : "alert-info");
    var spinner = box.querySelector("[data-prepared-spinner]");
    if (spinner && state !== "pending") spinner.remove();
    box.querySelector("[data-prepared-text]").textContent = text;
  }

  function watch(box) {
    var url = box.getAttribute("data-prepared-status");
    var delay = FIRST_DELAY;
    var failures = 0;

    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          failures = 0;
          if (data.state === "ready") {
            show(box, "ready", "Tệp đã sẵn sàng.");
            var link = box.querySelector("[data-prepared-link]");
            link.href = data.url;
            link.textContent = "Tải tệp " + data.filename;
            link.classList.remove("d-none");
            window.location.assign(data.url);
          } else if (data.state === "failed") {
            show(box, "failed", data.message);
          } else {
            delay = Math.min(MAX_DELAY, delay * 1.5);
            window.setTimeout(poll, delay);
          }
        })
        .catch(function () {
          failures += 1;
          if (failures >= 3) {
            show(box, "failed", NETWORK_MESSAGE);
          } else {
            window.setTimeout(poll, MAX_DELAY);
          }
        });
    }

    window.setTimeout(poll, delay);
  }

  document.querySelectorAll("[data-prepared-status]").forEach(function (box) {
    if (box.querySelector("[data-prepared-spinner]")) watch(box);
  });
})();
