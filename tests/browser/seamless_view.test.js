// The seamless view against a real `faktura serve`: a merchant page on another loopback origin (listed in
// hostUrls) loads the view-authorization script, the payer goes through the iframe, and the merchant's
// handlers receive the documented events, or the documented defaults happen when there are none.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { getPayment, persons } = require("./support/faktura");
const { submitConsumer } = require("./support/flow");
const { startWorld, stopWorld, serveTerms, termsUrl } = require("./support/world");

let world;
before(async () => { world = await startWorld(); });
after(async () => { await stopWorld(world); });

const allHandlers = ["onPaymentCompleted", "onPaymentCanceled", "onPaymentFailed", "onPaymentPending",
    "onPaymentCreated", "onPaymentTermsOfService", "onError"];

function shopUrl(server, created, { handlers = [], culture } = {}) {
    const params = new URLSearchParams({ script: created.viewHref });
    if (handlers.length) params.set("handlers", handlers.join(","));
    if (culture) params.set("culture", culture);
    return `${server.origin}/shop?${params}`;
}

async function events(page) {
    return page.evaluate(() => window.faktura_events);
}

async function waitForEvent(page, name) {
    await page.waitForFunction((n) => window.faktura_events.some((e) => e.name === n), name);
    return (await events(page)).find((e) => e.name === name).arg;
}

async function openView(page, url) {
    await page.goto(url);
    const handle = await page.waitForSelector("#swedbank-pay-seamless-view-page iframe");
    const frame = await handle.contentFrame();
    await frame.waitForSelector("#ssnInput");
    return { handle, frame };
}

async function frameHeight(handle) {
    return handle.evaluate((f) => parseInt(f.style.height, 10));
}

test("seamless view: completed with handlers → onPaymentCreated and onPaymentCompleted {id, redirectUrl}", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    assert.ok(created.viewHref, "view-authorization is offered when hostUrls are set");
    await withPage(world.browser, "seamless-completed-handlers", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, created, { handlers: allHandlers }));
        assert.equal(await frame.getAttribute("body", "data-px-embedded"), "1");
        assert.equal(await frame.locator("nav").count(), 0, "no language switch in the frame");
        await screenshot(page, "happy-seamless-1-consumer");
        await submitConsumer(frame, persons.azra);
        await screenshot(page, "happy-seamless-2-confirm");
        await frame.click("#px-submit");
        const completed = await waitForEvent(page, "onPaymentCompleted");
        assert.deepEqual(completed, { id: created.id, redirectUrl: `${world.merchant.origin}/complete` });
        const createdEvent = (await events(page)).find((e) => e.name === "onPaymentCreated");
        assert.deepEqual(createdEvent?.arg, { id: created.id, instrument: "invoice" });
        assert.ok(page.url().startsWith(`${world.merchant.origin}/shop`), "the handler replaces the redirect");
        await screenshot(page, "happy-seamless-3-completed");
    });
    const payment = await getPayment(world.faktura, created.id, "authorizations");
    assert.equal(payment.payment.authorizations.authorizationList[0].transaction.state, "Completed");
});

test("seamless view: without handlers a completed payment sends the merchant page to completeUrl", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-completed-default", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, created));
        await submitConsumer(frame, persons.azra);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), frame.click("#px-submit")]);
    });
});

test("seamless view: Cancel payment → onPaymentCanceled {id, redirectUrl}, or cancelUrl by default", async () => {
    const first = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-canceled-handlers", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, first, { handlers: allHandlers }));
        await frame.click("#px-cancel");
        const canceled = await waitForEvent(page, "onPaymentCanceled");
        assert.deepEqual(canceled, { id: first.id, redirectUrl: `${world.merchant.origin}/cancel` });
    });
    assert.equal((await getPayment(world.faktura, first.id)).payment.state, "Aborted");

    const second = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-canceled-default", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, second));
        await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), frame.click("#px-cancel")]);
    });
});

test("seamless view: three credit refusals → onPaymentFailed {id, redirectUrl: completeUrl}", async () => {
    const created = await world.createPayment({ country: "SE", language: "nb-NO", amount: 900403 });
    await withPage(world.browser, "seamless-failed", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, created, { handlers: allHandlers }));
        for (let attempt = 1; attempt <= 3; attempt += 1) {
            await submitConsumer(frame, persons.azra);
            await frame.click("#px-submit");
            if (attempt < 3) {
                await frame.waitForSelector(".px-error[role=alert] #px-try-again");
                if (attempt === 1) await screenshot(page, "seamless-refused-error-box");
                await frame.click("#px-try-again");
            }
        }
        const failed = await waitForEvent(page, "onPaymentFailed");
        assert.deepEqual(failed, { id: created.id, redirectUrl: `${world.merchant.origin}/complete` });
    });
    assert.equal((await getPayment(world.faktura, created.id)).payment.state, "Failed");
});

test("seamless view: the terms link → onPaymentTermsOfService, or a new window by default", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-terms-handler", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, created, { handlers: allHandlers }));
        await frame.click("#px-terms");
        const terms = await waitForEvent(page, "onPaymentTermsOfService");
        assert.deepEqual(terms, { origin: "merchant", openUrl: termsUrl });
        assert.equal(page.context().pages().length, 1);
    });
    await withPage(world.browser, "seamless-terms-default", async (page) => {
        await serveTerms(page.context());
        const { frame } = await openView(page, shopUrl(world.merchant, created));
        const [popup] = await Promise.all([page.context().waitForEvent("page"), frame.click("#px-terms")]);
        await popup.waitForLoadState();
        assert.equal(popup.url(), termsUrl);
        assert.match(frame.url(), /\/invoice\/payments\/authorize\//);
    });
});

test("seamless view: a page outside hostUrls gets onError about the host and no iframe", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-host-mismatch", async (page) => {
        await page.goto(shopUrl(world.stranger, created, { handlers: allHandlers }));
        const error = await waitForEvent(page, "onError");
        assert.equal(error.origin, "invoice");
        assert.match(error.messageId, /^[0-9a-f-]{36}$/);
        assert.equal(error.details, `The host origin ${world.stranger.origin} is not in urls.hostUrls`);
        assert.equal(await page.locator("iframe").count(), 0);
    });
    // The server says the same to a frame that asks for a foreign host directly.
    const direct = await fetch(`${created.redirectHref}?embedded=1&hostOrigin=${encodeURIComponent(world.stranger.origin)}`,
        { signal: AbortSignal.timeout(10000) });
    assert.equal(direct.status, 403);
    assert.match(direct.headers.get("content-security-policy") || "", new RegExp(`frame-ancestors ${world.merchant.origin}`));
});

test("seamless view: the iframe follows its content height through the steps", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-resize", async (page) => {
        const { handle, frame } = await openView(page, shopUrl(world.merchant, created, { culture: "en-US" }));
        await page.waitForFunction((f) => f.style.height !== "480px", handle);
        const step1 = await frameHeight(handle);
        const content1 = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
        assert.ok(Math.abs(step1 - content1) <= 1, `frame ${step1}px vs content ${content1}px`);
        // The whole form is visible without scrolling inside the frame.
        assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1));
        await submitConsumer(frame, persons.azra);
        await page.waitForFunction((args) => parseInt(args[0].style.height, 10) !== args[1], [handle, step1]);
        const step2 = await frameHeight(handle);
        assert.ok(step2 < step1, `step 2 (${step2}px) is shorter than step 1 (${step1}px)`);
        assert.equal(await frame.getAttribute("html", "lang"), "en-US");
    });
});

test("seamless view: after the merchant aborts, the frame shows the aborted status page", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    const abort = await world.faktura.api.call("PATCH", created.id,
        { payment: { operation: "Abort", abortReason: "CancelledByMerchant" } });
    assert.equal(abort.status, 200, abort.text);
    await withPage(world.browser, "seamless-aborted", async (page) => {
        await page.goto(shopUrl(world.merchant, created, { handlers: allHandlers }));
        const handle = await page.waitForSelector("#swedbank-pay-seamless-view-page iframe");
        const frame = await handle.contentFrame();
        await frame.waitForSelector("#px-continue");
        assert.equal(await frame.locator("#ssnInput").count(), 0);
        assert.equal(await frame.getAttribute("#px-continue", "href"), `${world.merchant.origin}/cancel`);
    });
});
