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
  // A form that leaves this page (Preview, Use #…, Open kit) is sent once: a double-click,
  // or a second press while the studio works, would make the studio start it all again,
  // and the browser would show only the second. So until its answer replaces this page,
  // its button says the studio is at work, however long that takes, and a press of any
  // such button only says so again. Should no answer come within PATIENCE (far beyond the
  // slowest preview of a busy studio: the studio stopped, or the browser's Stop pressed),
  // the page says so, and a press sends the form again: a page is never left with a button
  // that cannot be pressed. Nothing typed is lost meanwhile (see the draft, below).
  var PATIENCE = 2 * 60 * 1000;
  var pending = null;  // the button of the form on its way, if one is
  var patience = 0;
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if ((button && button.getAttribute("aria-disabled") === "true") || pending) {
      event.preventDefault();  // pressed again while its work is under way: once is enough
      var shown = pending || button;
      var status = document.getElementById(shown.getAttribute("data-status") || "working");
      if (status && shown.getAttribute("data-working")) {
        status.textContent = shown.getAttribute("data-working") + " " + STILL;
      }
      return;
    }
    var working = button && document.getElementById(button.getAttribute("data-status") || "working");
    if (working && button.getAttribute("data-working")) {
      working.textContent = button.getAttribute("data-working");
    }
    draftSent();
    if (working && button.getAttribute("data-done")) {
      awaitDownload(event.target, working, button);
    } else if (button) {
      pending = button;
      if (button.getAttribute("data-busy")) {
        busy(button, true);
      }
      patience = window.setTimeout(function () {
        pending = null;
        busy(button, false);
        if (working) {
          working.textContent = NO_ANSWER.replace("{button}", button.getAttribute("data-label") || button.textContent);
        }
      }, PATIENCE);
    }
  });
  var STILL = "It is still at work: there is no need to press again.";
  var NO_ANSWER = "The studio has not answered for two minutes. Check that its window is " +
    "still open, then press {button} again: what you typed is still in the form.";

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
          draftSaved();  // the kit in the pack is the form as it is
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
      pending = null;
      window.clearTimeout(patience);
      document.querySelectorAll("button[data-label]").forEach(function (button) {
        busy(button, false);
      });
      checkCurrent();
    }
  });

  // What is typed is kept in this tab's sessionStorage until it is sent, so that a reload
  // (F5, or a page reloaded after the studio went away) does not lose it. A draft belongs
  // to the kit it was typed against: the studio's work it was typed in (told by a
  // fingerprint of the page's token, which is that work's own), the revision its page
  // showed, and that page's id. After a reload the page shows the kit as it is now, and:
  // - the same kit (unchanged since, or changed only by that page's own pack): the fields
  //   typed in come back, and only those;
  // - the studio holds nothing (the work expired, or the studio restarted: a new work,
  //   never changed): the whole form comes back as it was, as nothing else holds it;
  // - another kit (another tab or window opened, started or changed one since): nothing
  //   of the old kit is put into it. The page says so, names what was typed, and offers
  //   to put it back; the offer is kept through a reload until the form is sent.
  // Nothing of it reaches the studio until a form is sent; the tab forgets it when it is
  // closed, or once the form is sent and its answer shown. A chosen file cannot be kept:
  // the page says to choose the logo again.
  var DRAFT = "mythprint-studio-draft";
  var tracked = form ? Array.prototype.filter.call(form.elements, function (field) {
    return /^(text|url)$/.test(field.type) || /^(TEXTAREA|SELECT)$/.test(field.tagName);
  }) : [];
  var base = {};
  tracked.forEach(function (field) { base[field.name] = field.value; });
  var here = form ? {
    work: fingerprint(hidden("csrftoken")),
    revision: hidden("revision"),
    page: hidden("page_id"),
    keptLogo: Boolean(form.elements.logo_kept)
  } : {};
  var aside = null;  // a draft typed against another kit: offered back, not put in

  function hidden(name) {
    return form.elements[name] ? form.elements[name].value : "";
  }
  // FNV-1a: tells one work from another without keeping its token.
  function fingerprint(text) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    return hash.toString(16);
  }
  // Whether the kit is still at `revision` as the page `pageId` showed it, or was changed
  // since by another tab: the studio's answer ({current: true or false}), or null.
  function askRevision(revision, pageId) {
    var query = "?revision=" + encodeURIComponent(revision) + "&page_id=" +
      encodeURIComponent(pageId);
    return window.fetch("/revision" + query, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : null; });
  }
  function readDraft() {
    try {
      return JSON.parse(window.sessionStorage.getItem(DRAFT) || "null");
    } catch (error) {
      return null;  // storage turned off: a reload loses what it always did
    }
  }
  function writeDraft(draft) {
    try {
      if (draft) {
        window.sessionStorage.setItem(DRAFT, JSON.stringify(draft));
      } else {
        window.sessionStorage.removeItem(DRAFT);
      }
    } catch (error) { /* storage turned off or full: nothing is kept */ }
  }
  function saveDraft() {
    var values = {};
    var edited = [];
    tracked.forEach(function (field) {
      values[field.name] = field.value;
      if (field.value !== base[field.name]) {
        edited.push(field.name);
      }
    });
    var logo = form.elements.logo;
    var logoName = logo && logo.files && logo.files.length ? logo.files[0].name : "";
    writeDraft(edited.length || logoName || aside ? {
      work: here.work, revision: here.revision, page: here.page, keptLogo: here.keptLogo,
      values: values, edited: edited, logo: logoName, aside: aside
    } : null);
  }
  function draftSent() {
    var draft = readDraft();
    if (draft) {
      draft.sent = true;
      writeDraft(draft);
    }
  }
  function draftSaved() {
    tracked.forEach(function (field) { base[field.name] = field.value; });
    saveDraft();  // the kit in the pack is the form as it is: only an offer is left
  }
  function restoreDraft() {
    var draft = readDraft();
    var entry = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    var reloaded = entry && (entry.type === "reload" || entry.type === "back_forward");
    if (!draft || !draft.values || (draft.sent && !reloaded)) {
      writeDraft(null);  // sent, and answered: the page shows what the studio made of it
      return;
    }
    draft.edited = draft.edited || [];
    var sameWork = draft.work === here.work;
    if (sameWork && draft.revision === here.revision) {
      restored(draft, false);
    } else if (sameWork && window.fetch) {
      // Changed since: by that page's own pack, or by another tab. The studio knows which.
      askRevision(draft.revision, draft.page)
        .then(function (answer) {
          if (answer && answer.current === true) {
            restored(draft, false);
          } else {
            offered(draft);
          }
        })
        .catch(function () { offered(draft); });
    } else if (!sameWork && here.revision === "0") {
      restored(draft, true);
    } else {
      offered(draft);
    }
  }

  // Puts the draft's values back: those typed in (`every`: all of them) and not typed over
  // on this page meanwhile. Returns the fields put back.
  function putBack(draft, every) {
    var back = [];
    tracked.forEach(function (field) {
      var value = draft.values[field.name];
      var wanted = every || draft.edited.indexOf(field.name) !== -1;
      if (wanted && typeof value === "string" && value !== field.value && choosable(field, value) &&
          field.value === base[field.name]) {
        field.value = value;
        field.dispatchEvent(new Event("input"));  // a colour's picker follows its code
        back.push(field);
      }
    });
    return back;
  }
  function choosable(field, value) {
    return field.tagName !== "SELECT" || Array.prototype.some.call(
      field.options, function (option) { return option.value === value; });
  }
  function labelOf(field) {
    var label = form.querySelector("label[for='" + field.id + "']");
    return label ? label.textContent.trim() : field.name;
  }

  // The same kit, or (`whole`) the work the draft was typed in is gone: its form comes back.
  function restored(draft, whole) {
    var back = putBack(draft, whole);
    var typedOnly = back.every(function (field) {
      return draft.edited.indexOf(field.name) !== -1;
    });
    var words = "";
    if (back.length) {
      words = (typedOnly ? RESTORED.replace("{fields}", listed(back.map(labelOf))) : REFILLED);
    }
    if (draft.logo) {
      words += LOGO_AGAIN.replace("{logo}", draft.logo);
    } else if (whole && draft.keptLogo) {
      words += LOGO_GONE;
    }
    if (draft.aside) {
      words += offer(draft.aside);
    }
    saveDraft();
    say(words);
  }
  // Another kit: the form stays as it is; the page names what was typed, and offers it.
  function offered(draft) {
    var words = offer(draft);
    saveDraft();  // this page's draft from now on, the old one kept as the offer
    say(words);
  }
  function offer(draft) {
    var typed = tracked.filter(function (field) {
      var value = draft.values[field.name];
      return draft.edited.indexOf(field.name) !== -1 && typeof value === "string" &&
        value !== field.value && choosable(field, value);
    });
    var words = typed.map(function (field) {
      var value = draft.values[field.name].split(/\r?\n/).filter(Boolean).join("; ");
      return labelOf(field) + " ‘\u2068" + value + "\u2069’";
    });
    if (draft.logo) {
      words.push("the logo ‘\u2068" + draft.logo + "\u2069’");
    }
    if (!words.length) {
      return "";
    }
    aside = {values: draft.values, edited: draft.edited, logo: draft.logo};
    showPutBack(typed.length > 0);
    return CHANGED.replace("{typed}", listed(words)) +
      (typed.length ? PUT_BACK_HINT : LOGO_AGAIN.replace("{logo}", draft.logo));
  }
  function showPutBack(any) {
    var status = document.getElementById("working");
    var old = document.getElementById("put-back");
    if (old) {
      old.parentNode.removeChild(old);
    }
    if (!status || !any) {
      return;
    }
    var holder = document.createElement("div");
    holder.className = "field";  // spaced as a field is, above the previews
    holder.id = "put-back";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = PUT_BACK;
    holder.appendChild(button);
    status.parentNode.insertBefore(holder, status.nextSibling);
    button.addEventListener("click", function () {
      var draft = aside;
      var back = putBack(draft, false);
      aside = null;
      holder.parentNode.removeChild(holder);
      saveDraft();
      say((back.length ? PUT_BACK_DONE.replace("{fields}", listed(back.map(labelOf))) : "") +
        (draft.logo ? LOGO_AGAIN.replace("{logo}", draft.logo) : ""));
      if (back.length) {
        back[0].focus();
      }
    });
  }
  function say(words) {
    var status = document.getElementById("working");
    if (status && words) {
      status.textContent = words.trim();
    }
  }
  var RESTORED = "What you typed before the page was reloaded is back in the form " +
    "({fields}); press Preview to save it. ";
  var REFILLED = "The studio no longer held your kit (its work is deleted after an hour " +
    "without use, or when it stops), so the form is filled in again as it was before the " +
    "page was reloaded: check it, then press Preview to save it. ";
  var LOGO_AGAIN = "Choose your logo, ‘{logo}’, again: a browser never keeps a chosen file. ";
  var LOGO_GONE = "Choose your logo again: it went with the rest of your work. ";
  var CHANGED = "The kit was changed in another tab or window, so the form shows it as " +
    "it is now, without the changes you made here before: {typed}. ";
  var PUT_BACK = "Put back what I typed";
  var PUT_BACK_HINT = "Press “" + PUT_BACK + "” to use them in this kit. ";
  var PUT_BACK_DONE = "What you typed is back in the form ({fields}), over the kit as it " +
    "is now: check it, then press Preview to save it. ";
  function listed(names) {
    return names.length < 2 ? names.join("") :
      names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }
  if (form && tracked.length) {
    restoreDraft();
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
  }

  // Two tabs (or windows) of one browser share one kit. When this tab is shown again, it
  // asks the studio whether the kit has changed since this page was shown, and says so
  // plainly: its previews may then show the other tab's change. (The studio refuses this
  // page's form then, and fills it in again: see views._elsewhere.)
  var revision = form && form.elements.revision;
  var pageId = form && form.elements.page_id;
  function checkCurrent() {
    if (!revision || !pageId || pending || !window.fetch || document.visibilityState === "hidden") {
      return;
    }
    askRevision(revision.value, pageId.value)
      .then(function (answer) {
        if (answer && answer.current === false) {
          ["changed-elsewhere", "previews-elsewhere"].forEach(function (id) {
            var shown = document.getElementById(id);
            if (shown) {
              shown.hidden = false;
            }
            if (id === "changed-elsewhere" && shown) {
              shown.setAttribute("role", "alert");  // said as it is shown, once
            }
          });
        }
      })
      .catch(function () { /* the studio gone: a form sent says so */ });
  }
  document.addEventListener("visibilitychange", checkCurrent);
  window.addEventListener("focus", checkCurrent);

  // After an action with problems, take the keyboard to the list of them.
  var summary = document.getElementById("summary");
  if (summary && window.location.hash === "#summary") {
    summary.focus();
  }
})();
