// The seamless view against a real `faktura serve`: a merchant page on another loopback origin (listed in
// hostUrls) loads the view-authorization script, the payer goes through the iframe, and the merchant's
// handlers receive the documented events, or the documented defaults happen when there are none. The
// iframe's title and the message a page outside hostUrls shows in the container follow the frame's
// language (culture, else the payment's initial page language).
"use strict";

const fs = require("node:fs");
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { getPayment, persons } = require("./support/faktura");
const { submitConsumer, openCancel } = require("./support/flow");
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
        await openCancel(frame);
        await frame.click("#px-cancel");
        const canceled = await waitForEvent(page, "onPaymentCanceled");
        assert.deepEqual(canceled, { id: first.id, redirectUrl: `${world.merchant.origin}/cancel` });
    });
    assert.equal((await getPayment(world.faktura, first.id)).payment.state, "Aborted");

    const second = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "seamless-canceled-default", async (page) => {
        const { frame } = await openView(page, shopUrl(world.merchant, second));
        await openCancel(frame);
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

test("seamless view: the iframe title is in the frame's language (payment language, else culture)", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "seamless-title-sv", async (page) => {
        const { handle, frame } = await openView(page, shopUrl(world.merchant, created));
        assert.equal(await handle.getAttribute("title"), "Betalning med faktura");
        assert.equal(await frame.getAttribute("html", "lang"), "sv-SE");
    });
    await withPage(world.browser, "seamless-title-en", async (page) => {
        const { handle, frame } = await openView(page, shopUrl(world.merchant, created, { culture: "en-US" }));
        assert.equal(await handle.getAttribute("title"), "Invoice payment");
        assert.equal(await frame.getAttribute("html", "lang"), "en-US");
    });
    const norwegian = await world.createPayment({ country: "NO", language: "nb-NO" });
    await withPage(world.browser, "seamless-title-nb", async (page) => {
        const { handle } = await openView(page, shopUrl(world.merchant, norwegian));
        assert.equal(await handle.getAttribute("title"), "Betaling med faktura");
    });
});

const hostErrorTexts = {
    "sv-SE": "Betalningen kan inte visas på den här sidan. Kontakta butiken eller välj ett annat betalsätt.",
    "en-US": "The payment cannot be shown on this page. Contact the shop or choose another payment method.",
};

// axe-core on the merchant page's container only: the rest of the page is the test's merchant stub, not
// Faktura's. The stub has no landmarks, so "region" (content outside landmarks) is the stub's, too.
async function expectNoAxeViolationsIn(page, selector, label) {
    const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    await page.evaluate(source);
    const violations = await page.evaluate(async (include) => {
        const results = await window.axe.run({ include: [include] },
            { resultTypes: ["violations"], rules: { region: { enabled: false } } });
        return results.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(" ")) }));
    }, selector);
    assert.deepEqual(violations, [], `axe violations on ${label}: ${JSON.stringify(violations, null, 1)}`);
}

async function hostError(page) {
    const box = page.locator("#swedbank-pay-seamless-view-page > .px-invoice-error[role=alert]");
    await box.waitFor();
    assert.equal(await box.count(), 1);
    return box;
}

test("seamless view: a page outside hostUrls gets onError about the host, no iframe and a visible message", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "seamless-host-mismatch", async (page) => {
        await page.goto(shopUrl(world.stranger, created, { handlers: allHandlers }));
        const error = await waitForEvent(page, "onError");
        assert.equal(error.origin, "invoice");
        assert.match(error.messageId, /^[0-9a-f-]{36}$/);
        assert.equal(error.details, `The host origin ${world.stranger.origin} is not in urls.hostUrls`);
        assert.equal(await page.locator("iframe").count(), 0);
        const box = await hostError(page);
        assert.equal(await box.textContent(), hostErrorTexts["sv-SE"]);
        assert.equal(await box.getAttribute("lang"), "sv-SE");
        assert.ok(await box.isVisible());
        await screenshot(page, "seamless-host-mismatch-sv-SE");
        await expectNoAxeViolationsIn(page, "#swedbank-pay-seamless-view-page", "host mismatch sv-SE");
        // open() again replaces the message rather than adding a second one; close() removes it.
        await page.evaluate(() => window.faktura_view.open());
        await hostError(page);
        await page.evaluate(() => window.faktura_view.close());
        assert.equal(await page.locator(".px-invoice-error").count(), 0);
    });
    // With culture en-US the message is English; without an onError handler the error goes to the console.
    await withPage(world.browser, "seamless-host-mismatch-en", async (page) => {
        await page.goto(shopUrl(world.stranger, created, { culture: "en-US" }));
        const box = await hostError(page);
        assert.equal(await box.textContent(), hostErrorTexts["en-US"]);
        assert.equal(await page.locator("iframe").count(), 0);
        const logged = () => page.consoleMessages.some((m) =>
            m.startsWith(`error: payex.hostedView.invoice: The host origin ${world.stranger.origin} is not in urls.hostUrls`));
        for (let waited = 0; !logged() && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        assert.ok(logged(), page.consoleMessages.join("\n"));
        await screenshot(page, "seamless-host-mismatch-en-US");
        await expectNoAxeViolationsIn(page, "#swedbank-pay-seamless-view-page", "host mismatch en-US");
    });
    // The server says the same to a frame that asks for a foreign host directly.
    const direct = await fetch(`${created.redirectHref}?embedded=1&hostOrigin=${encodeURIComponent(world.stranger.origin)}`,
        { signal: AbortSignal.timeout(10000) });
    assert.equal(direct.status, 403);
    assert.match(direct.headers.get("content-security-policy") || "", new RegExp(`frame-ancestors ${world.merchant.origin}`));
});

test("seamless view: without the container there is only onError, nothing rendered", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "seamless-no-container", async (page) => {
        const params = new URLSearchParams({ script: created.viewHref, handlers: "onError", container: "missing" });
        await page.goto(`${world.stranger.origin}/shop?${params}`);
        const error = await waitForEvent(page, "onError");
        assert.equal(error.details, "The container element 'missing' does not exist");
        assert.equal(await page.locator(".px-invoice-error").count(), 0);
    });
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
