// Starts GOV.UK Frontend's components (exit this page, error summary focus, conditional reveals).
import { initAll } from "/static/govuk/govuk-frontend.min.js";
initAll();

// The staff header's search box (issue 15): "/" puts the cursor in it, unless the user is
// typing somewhere already. The box is a plain GET form: everything works without this.
const search = document.getElementById("header-search");
if (search) {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const typing = target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
    if (typing) return;
    event.preventDefault();
    search.focus();
    search.select();
  });
}
