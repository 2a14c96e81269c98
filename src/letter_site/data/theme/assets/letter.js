/* Note previews for the letter page: a note's full text beside its number,
 * on hover, on keyboard focus and on tap, without leaving the reader's place.
 *
 * The preview is inserted right after the reference, so Tab moves from the
 * number into the links of the note; Esc closes it and gives focus back to the
 * number. For an "Id." note the preview also says which source "Id." is, while
 * the note's own text stays exactly as published. No request leaves the page.
 */
/* What the previews and the sidenotes show of a note, read from the numbered list. */
var LetterNote = {
  // The note a reference number links to.
  of: function (ref) {
    return document.getElementById(decodeURIComponent(ref.getAttribute("href").slice(1)));
  },
  // The note's text as published, without its back link, appended to `into`.
  text: function (note, into) {
    var paragraph = note.querySelector("p") || note;
    Array.prototype.forEach.call(paragraph.childNodes, function (node) {
      if (node.nodeType === 1 && node.classList.contains("footnote-backref")) return;
      into.appendChild(node.cloneNode(true));
    });
    return into;
  },
  // The word an "Id." note is written with: "Id.", or "Ibid." in a letter whose house style it is.
  idWord: function (note) {
    var id = note.querySelector("a.cite-id");
    return id ? id.textContent : "Id.";
  },
  // For an "Id." note, a link to the source it stands for, named in full; else null.
  idSource: function (note) {
    var id = note.querySelector("a.cite-id");
    if (!id) return null;
    var link = document.createElement("a");
    link.href = id.getAttribute("href");
    link.textContent = id.getAttribute("title");
    return link;
  }
};

(function () {
  "use strict";

  var HOVER_DELAY = 150;
  var HIDE_DELAY = 300;
  var preview = null; // the open preview element
  var owner = null; // the reference link it belongs to
  var showTimer = 0;
  var hideTimer = 0;
  var pressedWith = ""; // the pointer of the press that the next click/focus comes from
  var closedByEscape = null; // the reference focus returns to after Esc: not reopened

  var noteFor = LetterNote.of;

  function build(ref) {
    var note = noteFor(ref);
    if (!note) return null;
    var number = ref.textContent.trim();
    var box = document.createElement("span");
    box.className = "note-preview";
    box.id = "note-preview";
    box.setAttribute("role", "note");
    box.setAttribute("aria-label", "Note " + number);

    var head = document.createElement("span");
    head.className = "note-preview__number";
    head.setAttribute("aria-hidden", "true");
    head.textContent = number;
    box.appendChild(head);

    var text = document.createElement("span");
    text.className = "note-preview__text";
    text.id = "note-preview-text";
    LetterNote.text(note, text);
    text.normalize();
    if (text.lastChild && text.lastChild.nodeType === 3) {
      text.lastChild.textContent = text.lastChild.textContent.replace(/\s+$/, "");
    }
    box.appendChild(text);

    var link = LetterNote.idSource(note);
    if (link) {
      var source = document.createElement("span");
      source.className = "note-preview__source";
      var label = document.createElement("span");
      label.className = "note-preview__label";
      label.textContent = LetterNote.idWord(note) + " refers to: ";
      source.appendChild(label);
      source.appendChild(link);
      box.appendChild(source);
    }

    var more = document.createElement("a");
    more.className = "note-preview__more";
    more.href = "#" + note.id;
    more.textContent = "Go to note " + number;
    box.appendChild(more);
    return box;
  }

  function place(box, ref) {
    var rect = ref.getBoundingClientRect();
    var margin = 8;
    var width = Math.min(480, document.documentElement.clientWidth - 2 * margin);
    box.style.width = width + "px";
    var left = Math.min(
      Math.max(margin, rect.left + rect.width / 2 - width / 2),
      document.documentElement.clientWidth - width - margin
    );
    box.style.left = left + window.scrollX + "px";
    var below = rect.bottom + 6;
    box.style.top = below + window.scrollY + "px";
    var height = box.offsetHeight;
    if (below + height > window.innerHeight && rect.top - height - 6 > 0) {
      box.style.top = rect.top - height - 6 + window.scrollY + "px";
    }
  }

  function focusIsWithPreview() {
    var active = document.activeElement;
    return !!preview && (active === owner || preview.contains(active));
  }

  function show(ref) {
    clearTimeout(hideTimer);
    if (owner === ref) return;
    hide(false);
    var box = build(ref);
    if (!box) return;
    var sup = ref.parentNode;
    sup.parentNode.insertBefore(box, sup.nextSibling);
    place(box, ref);
    preview = box;
    owner = ref;
    // Screen readers hear the note's text once, not the links that Tab reaches next.
    ref.setAttribute("aria-describedby", "note-preview-text");
    box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("pointerleave", scheduleHide);
    box.addEventListener("focusout", onFocusOut);
  }

  function hide(returnFocus) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!preview) return;
    var ref = owner;
    preview.remove();
    ref.removeAttribute("aria-describedby");
    preview = null;
    owner = null;
    if (returnFocus) {
      closedByEscape = ref;
      ref.focus();
    }
  }

  function scheduleHide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      // A preview opened or entered by keyboard stays until focus leaves it (WCAG 1.4.13).
      if (!focusIsWithPreview()) hide(false);
    }, HIDE_DELAY);
  }

  function onFocusOut(event) {
    var next = event.relatedTarget;
    if (next && (next === owner || (preview && preview.contains(next)))) return;
    if (next) hide(false);
  }

  function refOf(target) {
    return target && target.closest ? target.closest("a.footnote-ref") : null;
  }

  function hovering(event) {
    return event.pointerType === "mouse" || event.pointerType === "pen";
  }

  document.addEventListener("pointerdown", function (event) {
    pressedWith = event.pointerType || "";
  }, true);

  document.addEventListener("pointerover", function (event) {
    var ref = refOf(event.target);
    if (!ref || !hovering(event)) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    showTimer = setTimeout(function () { show(ref); }, HOVER_DELAY);
  });

  document.addEventListener("pointerout", function (event) {
    var ref = refOf(event.target);
    if (!ref || !hovering(event)) return;
    if (ref === owner) scheduleHide();
    else clearTimeout(showTimer);
  });

  document.addEventListener("focusin", function (event) {
    var ref = refOf(event.target);
    if (ref && ref === closedByEscape) return;
    closedByEscape = null;
    // A tap focuses the link too: the click handler decides for touch.
    if (ref && pressedWith !== "touch") show(ref);
  });

  document.addEventListener("focusout", function (event) {
    var ref = refOf(event.target);
    if (ref && ref === closedByEscape) closedByEscape = null;
    if (ref && ref === owner) onFocusOut(event);
  });

  document.addEventListener("keydown", function () {
    pressedWith = "";
  }, true);

  document.addEventListener("click", function (event) {
    var ref = refOf(event.target);
    var touch = pressedWith === "touch";
    pressedWith = "";
    if (ref && touch) {
      // A tap shows the note where the reader is; "Go to note N" jumps.
      event.preventDefault();
      if (owner === ref) hide(false);
      else show(ref);
      return;
    }
    // Following a link leaves the place the preview belongs to.
    if (ref || (preview && event.target.closest && event.target.closest(".note-preview a"))) {
      hide(false);
      return;
    }
    if (preview && !preview.contains(event.target)) hide(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !preview) return;
    var focused = focusIsWithPreview();
    hide(focused);
    // Esc belongs to the preview only when the reader is in it; else Material's search and drawer get it.
    if (focused) event.stopPropagation();
  }, true);

  window.addEventListener("resize", function () { if (preview) place(preview, owner); });
})();

/* The Signatories page's filter field is a script of its own (assets/signatories.js),
 * fetched from this site only where there is a list to filter: the letter page and
 * the others do not download it.
 */
(function () {
  "use strict";

  var self = document.currentScript;
  if (!self || !document.querySelector("ul.signatory-list")) return;
  var script = document.createElement("script");
  script.src = new URL("signatories.js", self.src).href;
  document.body.appendChild(script);
})();

/* Sidenotes: on a screen wide enough (the text at its measure and at least 14 em
 * beside it), each note is shown in the margin beside the line that first cites
 * it -- its number, its text, and for "Id." the source it stands for. A note
 * that would overlap the one above is pushed down below it; one that would be
 * pushed more than half a screen from its line stays out of the margin.
 *
 * The margin copy is for the eye: it is hidden from assistive technology and
 * its links are out of the tab order, because the note itself stays where it
 * is (the numbered list at the end, which the number links to, and the
 * preview that opens on focus), and reading it twice would be noise.
 */
(function () {
  "use strict";

  var title = document.getElementById("top");
  var article = title && title.parentNode;
  if (!article) return;
  var refs = Array.prototype.filter.call(article.querySelectorAll("sup[id^='fnref:'] > a.footnote-ref"), function (ref) {
    return !ref.closest(".footnote");
  });
  if (!refs.length) return;
  var GAP = 8;
  var notes = [];

  function make(ref) {
    var note = LetterNote.of(ref);
    if (!note) return null;
    var box = document.createElement("aside");
    box.className = "sidenote";
    box.setAttribute("aria-hidden", "true");
    var number = document.createElement("span");
    number.className = "sidenote__number";
    number.textContent = ref.textContent.trim();
    box.appendChild(number);
    LetterNote.text(note, box);
    var link = LetterNote.idSource(note);
    if (link) {
      var source = document.createElement("span");
      source.className = "sidenote__source";
      source.appendChild(document.createTextNode(LetterNote.idWord(note) + ": "));
      source.appendChild(link);
      box.appendChild(source);
    }
    Array.prototype.forEach.call(box.querySelectorAll("a"), function (a) {
      a.setAttribute("tabindex", "-1");
    });
    return box;
  }

  // Where the margin begins (px from the article's left), or 0 if there is no room for notes.
  function margin() {
    var measure = document.getElementById("p1") || title;
    var fontSize = parseFloat(getComputedStyle(article).fontSize);
    var left = measure.offsetWidth + 1.5 * fontSize;
    var wide = window.matchMedia("screen and (min-width: 64em)").matches;
    return wide && article.clientWidth - left >= 14 * fontSize ? left : 0;
  }

  // Every note is made and placed in one pass of reads and one of writes: reading a position
  // after each note added would lay the page out again each time (minutes at 2,600 notes).
  function layout() {
    notes.forEach(function (box) { box.remove(); });
    notes = [];
    var left = margin();
    if (!left) return;
    var made = [];
    var all = document.createDocumentFragment();
    refs.forEach(function (ref) {
      var box = make(ref);
      if (!box) return;
      box.style.left = left + "px";
      all.appendChild(box);
      made.push([ref, box]);
    });
    article.appendChild(all);
    var origin = article.getBoundingClientRect().top;
    var wanted = made.map(function (pair) { return pair[0].getBoundingClientRect().top - origin; });
    var heights = made.map(function (pair) { return pair[1].offsetHeight; });
    // A note pushed more than half a screen below its line would no longer be beside it: where
    // the notes are that dense, it is left out of the margin (its number still previews it).
    var reach = window.innerHeight / 2;
    var bottom = -Infinity;
    made.forEach(function (pair, i) {
      var top = Math.max(wanted[i], bottom + GAP);
      if (top - wanted[i] > reach) {
        pair[1].remove();
        return;
      }
      pair[1].style.top = top + "px";
      bottom = top + heights[i];
      notes.push(pair[1]);
    });
  }

  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(layout, 100);
  });
  layout();
})();
