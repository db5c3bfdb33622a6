// The studio's progressive enhancement. Every form works without it, as a plain POST.
(function () {
  "use strict";

  // A colour's picker and its hex field show the same colour.
  document.querySelectorAll("[data-colour]").forEach(function (pair) {
    var picker = pair.querySelector("input[type=color]");
    var typed = pair.querySelector("input[type=text]");
    picker.addEventListener("input", function () {
      typed.value = picker.value;
    });
    // A code typed with or without '#', in six digits or three ("05a" is "#0055aa").
    typed.addEventListener("input", function () {
      var digits = typed.value.trim().replace(/^#/, "").toLowerCase();
      if (/^[0-9a-f]{3}$/.test(digits)) {
        digits = digits.replace(/(.)/g, "$1$1");
      }
      if (/^[0-9a-f]{6}$/.test(digits)) {
        picker.value = "#" + digits;
      }
    });
  });

  // "Use #rrggbb" sets the colour and previews the whole form, so no other edit is lost.
  var form = document.getElementById("kit-form");
  var preview = document.getElementById("preview-button");
  document.querySelectorAll("button[data-fix]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var field = document.getElementById(button.getAttribute("data-fix"));
      if (!form || !field || !preview || !form.requestSubmit) {
        return;
      }
      event.preventDefault();
      field.value = button.value;
      field.dispatchEvent(new Event("input"));
      form.requestSubmit(preview);
    });
  });

  // Say what the studio is doing while it works: in the status the button names, or else
  // the one above the previews.
  //
  // A form that leaves this page (Preview, Open kit) is sent once: a double-click, or a
  // second press while the studio works, would make the studio do it all again, and the
  // browser would show only the second. Should the page still be here a while later (the
  // browser's Stop, a lost connection), a press sends it again.
  var AGAIN = 20 * 1000;
  var leaving = 0;  // when a form that leaves this page was sent
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var pending = button && button.getAttribute("aria-disabled") === "true";
    if (pending || Date.now() - leaving < AGAIN) {
      event.preventDefault();  // pressed again while its work is under way: once is enough
      return;
    }
    var working = button && document.getElementById(button.getAttribute("data-status") || "working");
    if (working && button.getAttribute("data-working")) {
      working.textContent = button.getAttribute("data-working");
    }
    if (working && button.getAttribute("data-done")) {
      awaitDownload(event.target, working, button);
    } else {
      leaving = Date.now();
      // The button itself says the studio is at work (Preview takes a few seconds), and
      // is pressable again when a press would send the form again.
      if (button && button.getAttribute("data-busy")) {
        busy(button, true);
        window.setTimeout(function () { busy(button, false); }, AGAIN);
      }
    }
  });

  // A download leaves the page as it is: the pack's response sets a cookie to the token its
  // form carried, and its arrival means the browser has the pack. Until then its button
  // says it is working, and pressing it again makes no second pack. A pack refused, or a
  // failure, comes back as a page of its own, with the button as new.
  var GIVE_UP = 10 * 60 * 1000;  // the cookie's own life: no pack takes longer
  function awaitDownload(form, working, button) {
    var token = Math.random().toString(36).slice(2, 12);
    var field = form.querySelector("input[name=pack_token]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "pack_token";
      form.appendChild(field);
    }
    field.value = token;
    busy(button, true);
    var started = Date.now();
    var timer = window.setInterval(function () {
      var arrived = document.cookie.split("; ").indexOf("mythprint-pack=" + token) !== -1;
      if (arrived || Date.now() - started > GIVE_UP) {
        window.clearInterval(timer);
        busy(button, false);
        if (arrived) {
          working.textContent = button.getAttribute("data-done");
        }
      }
    }, 500);
  }

  function busy(button, isBusy) {
    if (isBusy) {
      button.setAttribute("data-label", button.textContent);
      button.setAttribute("aria-disabled", "true");
      button.textContent = button.getAttribute("data-busy") || button.textContent;
    } else if (button.hasAttribute("data-label")) {
      button.removeAttribute("aria-disabled");
      button.textContent = button.getAttribute("data-label");
    }
  }

  // A page the browser kept, shown again by Back, comes back as it was left: a pack it was
  // making has arrived since, or never will.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = 0;
      document.querySelectorAll("button[data-label]").forEach(function (button) {
        busy(button, false);
      });
    }
  });

  // After an action with problems, take the keyboard to the list of them.
  var summary = document.getElementById("summary");
  if (summary && window.location.hash === "#summary") {
    summary.focus();
  }
})();
