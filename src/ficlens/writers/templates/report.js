"use strict";
// ficlens report: theme toggle, speaker tooltips (hover and keyboard focus), card links, highlight, search.
// The report works without this script; it never builds markup from strings (textContent only).
(function () {
  var d = document, root = d.documentElement, story = d.getElementById("story");
  var KEY = "ficlens-theme";
  var EVIDENCE = { x: "speech tag", b: "action beat", v: "named addressee", t: "turn-taking", c: "context" };

  // --- theme: prefers-color-scheme by default, the toggle overrides it (remembered when storage works)
  var btn = d.getElementById("theme");
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function theme() {
    return root.getAttribute("data-theme") || (media && media.matches ? "dark" : "light");
  }
  function syncTheme() {
    btn.setAttribute("aria-pressed", theme() === "dark" ? "true" : "false");
  }
  try {
    var saved = window.localStorage.getItem(KEY);
    if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  } catch (e) { /* storage unavailable (file: URL policy): the toggle still works for this visit */ }
  btn.addEventListener("click", function () {
    var next = theme() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { window.localStorage.setItem(KEY, next); } catch (e) { /* see above */ }
    syncTheme();
  });
  if (media && media.addEventListener) media.addEventListener("change", syncTheme);
  syncTheme();

  // --- tooltip: who speaks to whom (quotations) and who is named (name links)
  var tip = d.createElement("div");
  tip.id = "tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  d.body.appendChild(tip);
  var shown = null;

  function subject(node) {
    return node && node.closest ? node.closest(".q, a[href^='#c']") : null;
  }
  function fill(el) {
    var line = "", note = "";
    if (el.classList.contains("q")) {
      line = el.getAttribute("data-t") || el.getAttribute("title") || "";
      var code = el.getAttribute("data-e");
      if (code && EVIDENCE[code]) note = "speaker from " + EVIDENCE[code];
    } else {
      var card = d.getElementById(el.getAttribute("href").slice(1));
      var name = card && card.querySelector(".nm");
      var count = card && card.querySelector(".ct");
      line = name ? name.textContent : "";
      note = (count ? count.textContent + " · " : "") + "open the character card";
    }
    tip.textContent = line;
    if (note) {
      var small = d.createElement("small");
      small.textContent = note;
      tip.appendChild(small);
    }
  }
  function show(el) {
    if (shown === el) return;
    hide();
    if (el.hasAttribute("title")) {  // our tooltip replaces the native one while shown
      el.setAttribute("data-t", el.getAttribute("title"));
      el.removeAttribute("title");
    }
    fill(el);
    tip.hidden = false;
    el.setAttribute("aria-describedby", "tip");
    shown = el;
    place();
  }
  function place() {
    if (!shown) return;
    var rects = shown.getClientRects();
    var r = rects.length ? rects[0] : shown.getBoundingClientRect();
    var sx = window.pageXOffset, sy = window.pageYOffset, vw = root.clientWidth;
    var x = Math.max(8, Math.min(r.left + sx, sx + vw - tip.offsetWidth - 8));
    var y = r.top + sy - tip.offsetHeight - 8;
    if (r.top - tip.offsetHeight - 8 < 56) y = r.bottom + sy + 8;  // no room above (under the sticky bar)
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hide() {
    if (!shown) return;
    if (shown.hasAttribute("data-t")) {
      shown.setAttribute("title", shown.getAttribute("data-t"));
      shown.removeAttribute("data-t");
    }
    shown.removeAttribute("aria-describedby");
    tip.hidden = true;
    shown = null;
  }
  story.addEventListener("mouseover", function (e) {
    var el = subject(e.target);
    if (el) show(el);
  });
  story.addEventListener("mouseout", function (e) {
    var el = subject(e.target);
    if (el && el === shown && !el.contains(e.relatedTarget) && d.activeElement !== el) hide();
  });
  story.addEventListener("focusin", function (e) {
    var el = subject(e.target);
    if (el) show(el);
  });
  story.addEventListener("focusout", function (e) {
    if (shown && e.target === shown) hide();
  });
  d.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  window.addEventListener("resize", place);

  // --- links: open the card (or the notes) a link points into; a link to a quotation focuses it
  function reveal(id) {
    var el = id && d.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") p.open = true;
    }
    if (el.classList.contains("q")) el.focus();
  }
  function fromHash() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    reveal(id);
  }
  d.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (a) reveal(a.getAttribute("href").slice(1));
  });
  window.addEventListener("hashchange", fromHash);

  // --- highlight one speaker's quotations
  d.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button[data-k]") : null;
    if (!b) return;
    var k = b.getAttribute("data-k"), was = story.getAttribute("data-hl");
    story.querySelectorAll(".q.on").forEach(function (q) { q.classList.remove("on"); });
    d.querySelectorAll("button[data-k][aria-pressed=true]").forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
    if (was === k || !/^[0-9]+$/.test(k)) {
      story.removeAttribute("data-hl");
      return;
    }
    story.setAttribute("data-hl", k);
    story.querySelectorAll(".q.c" + k).forEach(function (q) { q.classList.add("on"); });
    b.setAttribute("aria-pressed", "true");
  });

  // --- find a character card by name
  var find = d.getElementById("find");
  if (find) {
    var cards = Array.prototype.slice.call(d.querySelectorAll(".card"));
    find.addEventListener("input", function () {
      var v = find.value.trim().toLowerCase();
      cards.forEach(function (c) {
        c.parentElement.hidden = !!v && (c.getAttribute("data-n") || "").indexOf(v) < 0;
      });
    });
  }

  root.setAttribute("data-ready", "1");
  fromHash();
  window.addEventListener("load", function () {
    root.setAttribute("data-load-ms", String(Math.round(window.performance.now())));
  });
})();
