// Keyboard shortcuts for the moderation queue (progressive enhancement: every action is also a
// plain button reachable with Tab and Enter). j/k: next/previous item, a: approve, h: hide
// reason field, o: open with context, x: select for bulk actions. No accesskey attributes.
(function () {
  "use strict";
  var list = document.getElementById("queue");
  if (!list) return;
  function items() { return Array.prototype.slice.call(document.querySelectorAll("[data-case]")); }
  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-case]") : null;
  }
  function focusItem(item) {
    if (!item) return;
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = items();
    if (!all.length) return;
    var index = all.indexOf(current());
    var next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), all.length - 1);
    focusItem(all[next]);
  }
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var item = current();
    var key = event.key;
    if (key === "j") { move(1); event.preventDefault(); return; }
    if (key === "k") { move(-1); event.preventDefault(); return; }
    if (!item) return;
    var target = null;
    if (key === "a") target = item.querySelector('[data-shortcut="approve"]');
    else if (key === "h") target = item.querySelector('[data-shortcut="reason"]');
    else if (key === "o") target = item.querySelector('[data-shortcut="open"]');
    else if (key === "x") target = item.querySelector('[data-shortcut="select"]');
    if (!target) return;
    event.preventDefault();
    if (key === "h") target.focus();
    else target.click();
  });
  // After an action the page comes back with #queue: put the keyboard on the first item.
  // The browser itself focuses the #queue list on load; take over just after it does.
  if (window.location.hash === "#queue") {
    var first = function () { focusItem(items()[0] || list); };
    if (document.readyState === "complete") setTimeout(first, 0);
    else window.addEventListener("load", function () { setTimeout(first, 0); });
  }
})();
