/* Asks once before a form with data-confirm is sent (the workflow's moves: gửi duyệt, trả lại,
   phê duyệt, mở lại, ban hành). The question is the attribute's text, with {name} replaced by
   the value typed in the form's field of that name (the issue form's number and date). A
   <dialog> with "Đồng ý" / "Hủy"; without JavaScript the form is simply sent, and the server
   still judges every move. */
(function () {
  "use strict";

  var dialog = null;
  var message = null;
  var pending = null;

  function fill(text, form) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      var field = form.elements.namedItem(name);
      var value = field && typeof field.value === "string" ? field.value.trim() : "";
      return value || "…";
    });
  }

  function button(text, value, style) {
    var element = document.createElement("button");
    element.type = "submit";
    element.value = value;
    element.className = "btn " + style;
    element.textContent = text;
    return element;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog border-0 rounded-3 shadow p-4 col-11 col-sm-9 col-md-7 col-lg-5";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-message");
    var inner = document.createElement("form");
    inner.method = "dialog";
    message = document.createElement("p");
    message.id = "confirm-dialog-message";
    message.className = "mb-3";
    var actions = document.createElement("div");
    actions.className = "d-flex flex-wrap justify-content-end gap-2";
    actions.appendChild(button("Hủy", "cancel", "btn-outline-secondary"));
    actions.appendChild(button("Đồng ý", "ok", "btn-primary"));
    inner.appendChild(message);
    inner.appendChild(actions);
    dialog.appendChild(inner);
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (form && dialog.returnValue === "ok") {
        // Sent again through the submit event (other scripts see it), this time unasked.
        form.dataset.confirmed = "yes";
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
        delete form.dataset.confirmed;
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
      return;
    }
    if (form.dataset.confirmed === "yes" || typeof HTMLDialogElement !== "function") {
      return; // confirmed already, or a browser without <dialog>: the server decides
    }
    event.preventDefault();
    if (!dialog) {
      build();
    }
    pending = form;
    message.textContent = fill(form.dataset.confirm, form);
    dialog.returnValue = "";
    dialog.showModal();
  });
})();
