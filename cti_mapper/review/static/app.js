// cti-map review: progress polling and a filter. Everything else is plain HTML forms, so the
// page works without this script. Data from the server is only ever set with textContent.
"use strict";

function pollProgress(box) {
  const url = box.dataset.statusUrl;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) {
        const run = await response.json();
        if (run && (run.status === "done" || run.status === "failed")) {
          window.location.reload();
          return;
        }
        if (run) {
          bar.max = Math.max(1, run.total);
          bar.value = run.done;
          text.textContent = `${run.done} / ${run.total} sentences`;
        }
      }
    } catch (err) {
      text.textContent = "waiting for the server…";
    }
    window.setTimeout(tick, 700);
  };
  window.setTimeout(tick, 300);
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("progress");
  if (box) pollProgress(box);
  const only = document.getElementById("only-mapped");
  const article = document.querySelector("article.text");
  if (only && article) {
    only.checked = window.localStorage.getItem("cti-map-only-mapped") === "1";
    article.classList.toggle("only-mapped", only.checked);
    only.addEventListener("change", () => {
      article.classList.toggle("only-mapped", only.checked);
      window.localStorage.setItem("cti-map-only-mapped", only.checked ? "1" : "0");
    });
  }
});
