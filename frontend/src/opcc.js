// opcc client script: initialises GOV.UK Frontend components (data-module="govuk-…").
// Bundled by frontend/build.sh into a single minified IIFE at
// crates/web/assets/opcc.js, so the browser loads no further modules.
import { initAll } from 'govuk-frontend'

initAll()
