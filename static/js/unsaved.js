/* Nothing typed is lost silently. A page holding unsaved input in one of its POST forms warns
 * before it is left: closing the tab or typing another address gets the browser's own prompt
 * (beforeunload); clicking a link gets a Vietnamese prompt in the page, whose "Ở lại trang"
 * keeps everything as typed. Submitting a form ends its warning. A form the server sent back
 * refused (data-unsaved) starts out unsaved: what it shows was typed, not saved.
 * Ctrl+S (⌘S) presses the page's save button, the one marked data-shortcut="save".
 * A script that submits a form itself should use form.requestSubmit(), which fires the submit
 * event this script listens to (form.submit() does not). Plain script, no framework. */
(function () {
  "use strict";

  var NOT_INPUT = /^(hidden|submit|button|reset|image)$/;
  var leaving = false;  // the user chose to leave, or a form is being submitted

  function changed(element) {
    if (element.disabled || !element.name) return false;
    var type = (element.type || "").toLowerCase();
    if (NOT_INPUT.test(type) || element.tagName === "OUTPUT" || element.tagName === "FIELDSET") {
      return false;
    }
    if (type === "checkbox" || type === "radio") return element.checked !== element.defaultChecked;
    if (element.tagName === "SELECT") {
      var options = Array.prototype.slice.call(element.options);
      var initial = options.filter(function (o) { return o.defaultSelected; });
      if (!initial.length && options.length && !element.multiple) initial = [options[0]];
      return options.some(function (o) { return o.selected !== (initial.indexOf(o) !== -1); });
    }
    return element.value !== element.defaultValue;
  }

  function unsaved(form) {
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return false;
    if (form.hasAttribute("data-submitted")) return false;
    return form.hasAttribute("data-unsaved") || Array.prototype.some.call(form.elements, changed);
  }

  function pageUnsaved() {
    return !leaving && Array.prototype.some.call(document.forms, unsaved);
  }

  function dialog() {
    var existing = document.getElementById("unsaved-dialog");
    if (existing) return existing;
    var box = document.createElement("dialog");
    box.id = "unsaved-dialog";
    box.className = "unsaved-dialog";
    box.setAttribute("aria-labelledby", "unsaved-title");
    box.setAttribute("aria-describedby", "unsaved-text");
    box.innerHTML =
      '<h2 class="h5" id="unsaved-title">Nội dung chưa được lưu</h2>' +
      '<p id="unsaved-text">Trang này có nội dung bạn đã nhập nhưng chưa lưu. ' +
      "Nếu rời trang, nội dung đó sẽ mất.</p>" +
      '<div class="d-flex flex-wrap gap-2 justify-content-end">' +
      '<button type="button" class="btn btn-primary" data-choice="stay">Ở lại trang</button>' +
      '<button type="button" class="btn btn-outline-danger" data-choice="leave">' +
      "Rời trang, bỏ nội dung chưa lưu</button></div>";
    box.addEventListener("click", function (event) {
      var choice = event.target.closest("[data-choice]");
      if (!choice) return;
      box.close();
      if (choice.getAttribute("data-choice") === "leave") {
        leaving = true;
        window.location.assign(box.getAttribute("data-href"));
      }
    });
    document.body.appendChild(box);
    return box;
  }

  function samePage(url) {
    return url.pathname === window.location.pathname && url.search === window.location.search &&
      url.hash !== "";
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;  // new tab
    var link = event.target.closest("a[href]");
    if (!link || link.hasAttribute("download")) return;
    if (link.target && link.target !== "_self") return;
    var url = new URL(link.href, window.location.href);
    if (samePage(url) || !pageUnsaved()) return;
    event.preventDefault();
    var box = dialog();
    box.setAttribute("data-href", url.href);
    box.showModal();
  });

  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) event.target.setAttribute("data-submitted", "");
  });

  window.addEventListener("beforeunload", function (event) {
    if (!pageUnsaved()) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers show the prompt only when this is set
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;  // back to a page kept in memory: it is unsaved again
    leaving = false;
    Array.prototype.forEach.call(document.forms, function (form) {
      form.removeAttribute("data-submitted");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (event.code !== "KeyS" && (event.key || "").toLowerCase() !== "s") return;
    var button = document.querySelector('[data-shortcut="save"]');
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });
})();
