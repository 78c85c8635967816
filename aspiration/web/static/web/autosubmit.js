// A <select data-autosubmit> sends its form when changed (the language switcher, list filters).
// A static file rather than onchange="" attributes: the Content-Security-Policy allows no inline script.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit();
  }
});
