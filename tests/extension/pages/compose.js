// What webmail does to its own compose boxes without the user typing: restore a draft, empty
// the box after sending.
"use strict";
document.querySelectorAll("[data-restore]").forEach((button) => {
  button.addEventListener("click", () => {
    const editor = document.querySelector("[contenteditable='true']");
    const line = document.createElement("div");
    line.textContent = button.dataset.restore;
    editor.replaceChildren(line);
  });
});
document.querySelectorAll("[data-clear]").forEach((button) => {
  button.addEventListener("click", () => {
    document.querySelector(button.dataset.clear).value = "";
  });
});
