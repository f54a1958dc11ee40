// Debian's chromium driven by playwright-core (no browser download), headless and offline, plus a
// screenshot helper: every failing test leaves a screenshot in tests/browser/output/.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const outputDir = path.join(__dirname, "..", "output");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const actionTimeoutMs = 10000;

async function launchBrowser() {
    // launch() gives every run a fresh temporary user-data dir of its own and removes it on close.
    const browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        timeout: 30000,
        args: [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run",
        ],
    });
    return browser;
}

async function newPage(browser, options = {}) {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 }, ...options });
    context.setDefaultTimeout(actionTimeoutMs);
    context.setDefaultNavigationTimeout(actionTimeoutMs);
    const page = await context.newPage();
    page.consoleMessages = [];
    page.on("console", (message) => page.consoleMessages.push(`${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => page.consoleMessages.push(`pageerror: ${error.message}`));
    return page;
}

function safeName(name) {
    return name.replace(/[^a-zA-Z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 120);
}

async function screenshot(page, name) {
    fs.mkdirSync(outputDir, { recursive: true });
    const file = path.join(outputDir, `${safeName(name)}.png`);
    try {
        await page.screenshot({ path: file, fullPage: true, timeout: 5000 });
    } catch {
        // A closed or crashed page has nothing left to show; the test failure itself is what matters.
    }
    return file;
}

// Runs body(page) in a fresh context; on failure saves failed-<name>.png and the console, then rethrows.
async function withPage(browser, name, body, options) {
    const page = await newPage(browser, options);
    try {
        await body(page);
    } catch (error) {
        const file = await screenshot(page, `failed-${name}`);
        const consoleLog = page.consoleMessages.join("\n");
        error.message += `\n  screenshot: ${file}\n  url: ${page.url()}` + (consoleLog ? `\n  console:\n${consoleLog}` : "");
        throw error;
    } finally {
        await page.context().close().catch(() => {});
    }
}

module.exports = { launchBrowser, newPage, withPage, screenshot, outputDir };
