// Starts GOV.UK Frontend's components (exit this page, error summary focus, conditional reveals).
import { initAll } from "/static/govuk/govuk-frontend.min.js";
initAll();
