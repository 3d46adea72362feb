// Keyboard shortcuts for the review pages: j/k move between items, Enter opens one,
// a approves (sentence, or the row's first approve), r rejects (asks for the comment first),
// p approves the selected sentence's phrasing, d shows its provenance, A approves the article,
// g goes back to the queue. Keys typed into a field are left alone.
(function () {
  "use strict";
  var items = [], current = -1;
  function select(index) {
    if (!items.length) { return; }
    if (current >= 0) { items[current].classList.remove("selected"); }
    current = Math.max(0, Math.min(items.length - 1, index));
    items[current].classList.add("selected");
    items[current].scrollIntoView({ block: "nearest" });
  }
  function click(selector) {
    var scope = current >= 0 ? items[current] : document;
    var button = scope.querySelector(selector);
    if (button) { button.click(); return true; }
    return false;
  }
  document.addEventListener("DOMContentLoaded", function () {
    items = Array.prototype.slice.call(document.querySelectorAll(".item"));
  });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" && event.key === "Enter" && event.target.dataset.enter) {
      var target = event.target.form.querySelector("button[value=" + event.target.dataset.enter + "]");
      if (target) { event.preventDefault(); target.click(); }
      return;
    }
    if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var handled = true;
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current - 1); break;
      case "Enter":
        if (current >= 0 && items[current].dataset.href) { window.location = items[current].dataset.href; }
        else { handled = false; }
        break;
      case "a": click("form.decide button.act-approve, form.decide button.act-accept"); break;
      case "r":
        if (current >= 0) {
          var field = items[current].querySelector("input.comment");
          if (field) { field.dataset.enter = "reject"; field.placeholder = "why? Enter rejects"; field.focus(); }
          else { click("button.act-reject"); }
        }
        break;
      case "p": click("form.decide input[value=phrasing] ~ button.act-approve"); break;
      case "d":
        if (current >= 0) {
          var details = items[current].querySelector("details");
          if (details) { details.open = !details.open; }
        }
        break;
      case "A":
        var form = document.getElementById("article-actions");
        if (form) { form.querySelector("button.act-approve").click(); } else { handled = false; }
        break;
      case "g": window.location = "/"; break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
}());
