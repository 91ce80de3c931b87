// Injected by `duet serve` into every page it serves (never written to the
// output): reloads the page after a good build, and shows the problems of a
// bad one over the page until the next good build.
(() => {
  "use strict";
  const events = new EventSource("/__duet/events");
  let overlay = null;
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problem", (event) => {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "duet-problems";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#ffe4e4;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
        "border-top:4px solid #f87171;white-space:pre-wrap";
      document.body.append(overlay);
    }
    overlay.textContent = "duet: the last save has problems; this page shows the last good build.\n\n" + event.data;
  });
})();
