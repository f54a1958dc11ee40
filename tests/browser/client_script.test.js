// The seamless-view client script and page.js on their own: a merchant page on one loopback origin embeds
// fixture pages (tests/browser/fixtures, the renderer's HTML contract) from a stand-in front end on
// another, and the tests check the iframe, the origin checks, resizing and every event's dispatch.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { launchBrowser, withPage } = require("./support/browser");
const { startMerchantServer } = require("./support/faktura");
const { startFixtureFrontend } = require("./support/fixture_frontend");
const { openCancel, cancelPayment } = require("./support/flow");

let browser;
let merchant;       // Listed in hostOrigins.
let stranger;       // Another origin, not listed.
let frontend;

before(async () => {
    merchant = await startMerchantServer();
    stranger = await startMerchantServer();
    frontend = await startFixtureFrontend({
        hostOrigins: [merchant.origin],
        completeUrl: `${merchant.origin}/complete`,
        cancelUrl: `${merchant.origin}/cancel`,
        termsUrl: `${merchant.origin}/terms`,
    });
    browser = await launchBrowser();
});

after(async () => {
    await browser?.close();
    await frontend?.stop();
    await merchant?.stop();
    await stranger?.stop();
});

let tokenCounter = 0;
function shopUrl(server, { token, handlers = [], culture, container } = {}) {
    tokenCounter += 1;
    const params = new URLSearchParams({ script: frontend.scriptUrl(token || `t${tokenCounter}`) });
    if (handlers.length) params.set("handlers", handlers.join(","));
    if (culture) params.set("culture", culture);
    if (container) params.set("container", container);
    return `${server.origin}/shop?${params}`;
}

const allHandlers = ["onPaymentCompleted", "onPaymentCanceled", "onPaymentFailed", "onPaymentPending",
    "onPaymentCreated", "onPaymentTermsOfService", "onError"];

async function events(page) {
    return page.evaluate(() => window.faktura_events);
}

async function waitForEvent(page, name) {
    await page.waitForFunction((n) => window.faktura_events.some((e) => e.name === n), name);
    return (await events(page)).find((e) => e.name === name).arg;
}

async function viewFrame(page) {
    const handle = await page.waitForSelector("#swedbank-pay-seamless-view-page iframe");
    const frame = await handle.contentFrame();
    await frame.waitForSelector("#px-submit");
    return { handle, frame };
}

test("the iframe is rendered with a title, full width, no border and the embedded page URL", async () => {
    await withPage(browser, "client-iframe-attributes", async (page) => {
        await page.goto(shopUrl(merchant, { token: "attrs", culture: "nb-NO" }));
        const { handle } = await viewFrame(page);
        const attributes = await handle.evaluate((f) => ({
            title: f.getAttribute("title"), width: f.style.width, border: f.style.borderStyle || f.style.border,
            src: f.src,
        }));
        assert.ok(attributes.title.length > 0);
        assert.equal(attributes.width, "100%");
        assert.match(attributes.border, /^(none|0(px)?)/);
        assert.equal(attributes.src, `${frontend.origin}/invoice/payments/authorize/attrs?embedded=1&hostOrigin=` +
            `${encodeURIComponent(merchant.origin)}&lang=nb-NO`);
        // The merchant's own payex object survives; the script only adds hostedView.invoice.
        assert.equal(await page.evaluate(() => window.payex.existing), true);
    });
});

test("a host origin not in hostUrls raises onError and renders no iframe", async () => {
    await withPage(browser, "client-host-mismatch", async (page) => {
        await page.goto(shopUrl(stranger, { handlers: allHandlers }));
        const error = await waitForEvent(page, "onError");
        assert.equal(error.origin, "invoice");
        assert.match(error.messageId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(error.details, `The host origin ${stranger.origin} is not in urls.hostUrls`);
        assert.equal(await page.locator("iframe").count(), 0);
    });
});

test("a missing container raises onError, and without a handler the error goes to console.error", async () => {
    await withPage(browser, "client-missing-container", async (page) => {
        await page.goto(shopUrl(merchant, { handlers: ["onError"], container: "no-such-element" }));
        const error = await waitForEvent(page, "onError");
        assert.match(error.details, /no-such-element/);
        assert.equal(await page.locator("iframe").count(), 0);
    });
    await withPage(browser, "client-missing-container-default", async (page) => {
        const logged = page.waitForEvent("console", (m) => m.type() === "error" && /no-such-element/.test(m.text()));
        await page.goto(shopUrl(merchant, { container: "no-such-element" }));
        await logged;
    });
});

test("the frame follows the content height", async () => {
    await withPage(browser, "client-resize", async (page) => {
        await page.goto(shopUrl(merchant));
        const { handle, frame } = await viewFrame(page);
        await page.waitForFunction((f) => f.style.height !== "480px", handle);
        const first = await handle.evaluate((f) => parseInt(f.style.height, 10));
        const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
        assert.ok(Math.abs(first - content) <= 1, `frame ${first}px, content ${content}px`);
        await frame.evaluate(() => {
            const filler = document.createElement("div");
            filler.id = "filler";
            filler.style.height = "700px";
            document.querySelector("main").appendChild(filler);
        });
        await page.waitForFunction((args) => parseInt(args[0].style.height, 10) >= args[1] + 700,
            [handle, first]);
        await frame.evaluate(() => document.getElementById("filler").remove());
        await page.waitForFunction((args) => parseInt(args[0].style.height, 10) <= args[1] + 1, [handle, first]);
    });
});

test("completing the payment calls onPaymentCreated, then onPaymentCompleted with {id, redirectUrl}", async () => {
    await withPage(browser, "client-completed-handler", async (page) => {
        await page.goto(shopUrl(merchant, { handlers: allHandlers }));
        let { frame } = await viewFrame(page);
        await frame.click("#px-submit");  // Step 1 → step 2 (the fixture accepts anything).
        await frame.waitForSelector("form[data-px-final] #px-submit");
        await frame.click("#px-submit");
        const completed = await waitForEvent(page, "onPaymentCompleted");
        assert.deepEqual(completed, { id: "/psp/invoice/payments/fixture-t" + tokenCounter,
            redirectUrl: `${merchant.origin}/complete` });
        const created = (await events(page)).find((e) => e.name === "onPaymentCreated").arg;
        assert.deepEqual(created, { id: completed.id, instrument: "invoice" });
        assert.equal(page.url().startsWith(`${merchant.origin}/shop`), true, "a handler replaces the redirect");
    });
});

test("without handlers a completed payment redirects the merchant page to redirectUrl", async () => {
    await withPage(browser, "client-completed-default", async (page) => {
        await page.goto(shopUrl(merchant));
        const { frame } = await viewFrame(page);
        await frame.click("#px-submit");
        await frame.waitForSelector("form[data-px-final] #px-submit");
        await Promise.all([page.waitForURL(`${merchant.origin}/complete`), frame.click("#px-submit")]);
        assert.equal(await page.textContent("#merchant-landing"), "Order complete");
    });
});

test("a failed payment calls onPaymentFailed; a cancelled one onPaymentCanceled or redirects to cancelUrl", async () => {
    await withPage(browser, "client-failed-handler", async (page) => {
        await page.goto(shopUrl(merchant, { token: "fail1", handlers: allHandlers }));
        const { frame } = await viewFrame(page);
        await frame.click("#px-submit");
        await frame.waitForSelector("form[data-px-final] #px-submit");
        await frame.click("#px-submit");
        const failed = await waitForEvent(page, "onPaymentFailed");
        assert.deepEqual(failed, { id: "/psp/invoice/payments/fixture-fail1", redirectUrl: `${merchant.origin}/complete` });
    });
    await withPage(browser, "client-canceled-handler", async (page) => {
        await page.goto(shopUrl(merchant, { token: "cancel1", handlers: allHandlers }));
        const { frame } = await viewFrame(page);
        await cancelPayment(frame);
        const canceled = await waitForEvent(page, "onPaymentCanceled");
        assert.deepEqual(canceled, { id: "/psp/invoice/payments/fixture-cancel1", redirectUrl: `${merchant.origin}/cancel` });
    });
    await withPage(browser, "client-canceled-default", async (page) => {
        await page.goto(shopUrl(merchant, { token: "cancel2" }));
        const { frame } = await viewFrame(page);
        await openCancel(frame);
        await Promise.all([page.waitForURL(`${merchant.origin}/cancel`), frame.click("#px-cancel")]);
    });
});

test("the terms link raises onPaymentTermsOfService, or opens a new window by default", async () => {
    await withPage(browser, "client-terms", async (page) => {
        await page.goto(shopUrl(merchant, { handlers: allHandlers }));
        const { frame } = await viewFrame(page);
        await frame.click("#px-terms");
        const terms = await waitForEvent(page, "onPaymentTermsOfService");
        assert.deepEqual(terms, { origin: "merchant", openUrl: `${merchant.origin}/terms` });
        assert.equal(page.context().pages().length, 1, "a handler replaces the new window");
    });
    await withPage(browser, "client-terms-default", async (page) => {
        await page.goto(shopUrl(merchant));
        const { frame } = await viewFrame(page);
        const [popup] = await Promise.all([page.context().waitForEvent("page"), frame.click("#px-terms")]);
        await popup.waitForLoadState();
        assert.equal(popup.url(), `${merchant.origin}/terms`);
        assert.match(frame.url(), /\/invoice\/payments\/authorize\//, "the frame itself stays on the payment");
    });
});

test("messages from other windows or origins are ignored; close() removes the frame; open() replaces it", async () => {
    await withPage(browser, "client-message-filter", async (page) => {
        await page.goto(shopUrl(merchant, { handlers: allHandlers }));
        await viewFrame(page);
        await page.evaluate(() => window.postMessage({ type: "px.invoice", event: "onPaymentCompleted",
            payload: { id: "forged", redirectUrl: "https://example.invalid/" } }, "*"));
        await page.waitForTimeout(200);
        assert.equal((await events(page)).some((e) => e.name === "onPaymentCompleted"), false);

        await page.evaluate(() => window.faktura_view.open());
        assert.equal(await page.locator("iframe").count(), 1);
        await page.evaluate(() => window.faktura_view.close());
        assert.equal(await page.locator("iframe").count(), 0);
    });
});

test("the full page works without embedding: one post per click, then the merchant's completeUrl", async () => {
    await withPage(browser, "client-full-page", async (page) => {
        await page.goto(`${frontend.origin}/invoice/payments/authorize/fullpage`);
        assert.equal(await page.getAttribute("body", "data-px-embedded"), null);
        await Promise.all([page.waitForURL(/fullpage$/), page.click("#px-submit")]);
        await page.waitForSelector("form[data-px-final]");
        await Promise.all([page.waitForURL(`${merchant.origin}/complete`), page.click("#px-submit")]);
        const posts = merchant.hits.filter((h) => h.path === "/complete");
        assert.ok(posts.length >= 1);
    });
});
