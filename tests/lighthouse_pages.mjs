// Lighthouse on several addresses from one Node process and one Chromium, as its CLI runs it
// on one (cli/run.js: chrome-launcher, then lighthouse() on the port): Node, Lighthouse's
// config and Chromium start once, not once an address. Lighthouse opens a new tab for each
// address and clears the site's caches and storage before loading it, so each is measured cold.
//
//     node lighthouse_pages.mjs SETTINGS_JSON URL...
//
// SETTINGS_JSON: {"modules": qa/node_modules, "chromeFlags": [...], "flags": {Lighthouse's flags}}.
// Prints {url: Lighthouse's JSON report} on standard output.
const [settings, ...urls] = process.argv.slice(2);
const {modules, chromeFlags, flags} = JSON.parse(settings);
const {default: lighthouse} = await import(`${modules}/lighthouse/core/index.js`);
const {launch} = await import(`${modules}/chrome-launcher/dist/index.js`);

const chrome = await launch({chromeFlags, logLevel: "error"});  // Chromium from CHROME_PATH
try {
  const reports = {};
  for (const url of urls) {
    reports[url] = (await lighthouse(url, {...flags, port: chrome.port, channel: "cli"})).lhr;
  }
  process.stdout.write(JSON.stringify(reports));
} finally {
  await chrome.kill();
}
