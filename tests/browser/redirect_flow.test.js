// The full-page (redirect) flow against a real `faktura serve`: a payer opens the redirect-authorization
// href, types a test person, confirms, and the browser must land on the merchant's completeUrl or
// cancelUrl; the merchant API then shows what the page did. One screenshot per step of each happy path
// stays in tests/browser/output/.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { expectNoAxeViolations } = require("./support/axe");
const { getPayment, persons } = require("./support/faktura");
const { fillConsumer, submitConsumer, openCancel } = require("./support/flow");
const { startWorld, stopWorld } = require("./support/world");

let world;
before(async () => { world = await startWorld(); });
after(async () => { await stopWorld(world); });

async function authorizations(id) {
    const payment = await getPayment(world.faktura, id, "authorizations");
    return { payment: payment.payment, list: payment.payment.authorizations?.authorizationList || [] };
}

const happyPaths = [
    { language: "sv-SE", country: "SE", person: "azra", pay: "Betala 100,00\u00A0kr", address: ["Azra Oliveira", "Hel•••••••gen •", "1••92", "B•o"] },
    { language: "nb-NO", country: "NO", person: "olivia", pay: "Betal 100,00\u00A0kr", address: ["Olivia Nyhuus", "1•42"] },
    { language: "en-US", country: "SE", person: "azra", pay: "Pay SEK\u00A0100.00", address: ["Azra Oliveira", "Hel•••••••gen •"] },
    // The API has no fi-FI (C-15): a Finnish payment opens in its own language (here nb-NO, which Finland
    // does not offer, so Finnish); en-US and sv-SE Finnish payments open in English and Swedish.
    { language: "fi-FI", country: "FI", paymentLanguage: "nb-NO", person: "kimmo", pay: "Maksa 100,00\u00A0€", address: ["Järvilehto Kimmo", "9••00"] },
    { language: "en-US", country: "FI", paymentLanguage: "en-US", person: "kimmo", pay: "Pay EUR\u00A0100.00", address: ["Järvilehto Kimmo"], name: "en-US (Finnish payment)" },
];

for (const path of happyPaths) {
    test(`redirect flow in ${path.name || path.language}: step 1, step 2, completeUrl, authorized`, async () => {
        const created = await world.createPayment({ country: path.country, language: path.paymentLanguage || path.language });
        await withPage(world.browser, `redirect-${path.country}-${path.language}`, async (page) => {
            const response = await page.goto(created.redirectHref);
            assert.equal(response.status(), 200);
            assert.equal(await page.getAttribute("html", "lang"), path.language);
            await page.waitForSelector("#ssnInput");
            await screenshot(page, `happy-${path.country}-${path.language}-1-consumer`);

            await submitConsumer(page, persons[path.person]);
            const address = await page.textContent("#consumer-input");
            for (const part of path.address) assert.ok(address.includes(part), `address shows ${part}: ${address}`);
            assert.equal((await page.textContent("#px-submit")).trim(), path.pay);
            await screenshot(page, `happy-${path.country}-${path.language}-2-confirm`);

            await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
            await page.waitForSelector("#merchant-landing");
            await screenshot(page, `happy-${path.country}-${path.language}-3-complete`);
        });
        const { payment, list } = await authorizations(created.id);
        assert.equal(payment.state, "Ready");
        assert.equal(list.length, 1);
        assert.equal(list[0].transaction.state, "Completed");
    });
}

test("the language switch reloads the page in the chosen language", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "redirect-language-switch", async (page) => {
        await page.goto(created.redirectHref);
        assert.equal(await page.getAttribute("nav a[aria-current]", "lang"), "sv-SE");
        await Promise.all([page.waitForURL(/lang=en-US/), page.click("nav a[lang='en-US']")]);
        assert.equal(await page.getAttribute("html", "lang"), "en-US");
        assert.equal(await page.getAttribute("nav a[aria-current]", "lang"), "en-US");
        // The chosen language survives the post of step 1.
        await submitConsumer(page, persons.azra);
        assert.equal((await page.textContent("#px-submit")).trim(), "Pay SEK\u00A0100.00");
    });
});

test("field errors mark the inputs invalid and put the focus on the first one", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "redirect-field-errors", async (page) => {
        await page.goto(created.redirectHref);
        await fillConsumer(page, { ssn: "600307-1162", email: "not-an-address", msisdn: "0739000001", zip: "19792" });
        await page.click("#px-submit");
        await page.waitForSelector("#ssnInput[aria-invalid='true']");
        assert.equal(await page.getAttribute("#emailInput", "aria-invalid"), "true");
        assert.notEqual(await page.getAttribute("#zipCodeInput", "aria-invalid"), "true");
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "ssnInput");
        // The answer to this browser's own post shows what it typed, the identity number too (ADR 0015).
        assert.equal(await page.inputValue("#ssnInput"), "600307-1162");
        assert.equal(await page.inputValue("#emailInput"), "not-an-address");
        await screenshot(page, "redirect-field-errors");
    });
});

test("a person the register does not know gets an error box, then pays after correcting", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "redirect-lookup-then-success", async (page) => {
        await page.goto(created.redirectHref);
        await fillConsumer(page, persons.unknown);
        await page.click("#px-submit");
        await page.waitForSelector(".px-error[role=alert]#px-error");
        await screenshot(page, "redirect-lookup-failed");
        await submitConsumer(page, persons.azra);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
    });
    const { list } = await authorizations(created.id);
    assert.deepEqual(list.map((a) => a.transaction.state), ["Completed"]);
});

test("credit refused, then Try again with another person, then success", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "redirect-refused-then-success", async (page) => {
        await page.goto(created.redirectHref);
        await submitConsumer(page, persons.refused);
        await page.click("#px-submit");
        const box = page.locator(".px-error[role=alert]#px-error");
        await box.waitFor();
        await screenshot(page, "redirect-refused-then-success-1-refused");
        await Promise.all([page.waitForLoadState(), page.click("#px-try-again")]);
        await page.waitForSelector("#ssnInput");
        await submitConsumer(page, persons.azra);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
        await screenshot(page, "redirect-refused-then-success-2-complete");
    });
    const { payment, list } = await authorizations(created.id);
    assert.equal(payment.state, "Ready");
    assert.deepEqual(list.map((a) => a.transaction.state), ["Failed", "Completed"]);
});

test("credit refused: error box, Try again twice, and the third refusal shows the failure card, then completeUrl", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE", amount: 900403 });
    await withPage(world.browser, "redirect-credit-refused", async (page) => {
        await page.goto(created.redirectHref);
        for (let attempt = 1; attempt <= 2; attempt += 1) {
            await submitConsumer(page, persons.azra);
            await page.click("#px-submit");
            const box = page.locator(".px-error[role=alert]#px-error");
            await box.waitFor();
            assert.match(await box.textContent(), /Din ansökan gick inte igenom/);
            assert.match(await box.textContent(), /kreditbedömning/);
            if (attempt === 1) await screenshot(page, "redirect-credit-refused-error-box");
            await Promise.all([page.waitForLoadState(), page.click("#px-try-again")]);
        }
        await submitConsumer(page, persons.azra);
        await page.click("#px-submit");
        await page.waitForSelector("main.px-status-failed");
        assert.equal((await page.textContent(".px-status-heading")).trim(), "Betalningen misslyckades");
        assert.match(await page.textContent(".px-status-box"), /annat betalsätt/);
        await expectNoAxeViolations(page, "final failure sv-SE");
        await screenshot(page, "sv-SE-desk-92-final-failure");
        // A reload shows the card again (the answer to the post was a redirect) …
        await page.reload();
        await page.waitForSelector("main.px-status-failed");
        // … and its button goes on to completeUrl.
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-continue")]);
    });
    const { payment, list } = await authorizations(created.id);
    assert.equal(payment.state, "Failed");
    assert.deepEqual(list.map((a) => a.transaction.state), ["Failed", "Failed", "Failed"]);
});

test("Cancel payment aborts with CancelledByConsumer and returns to cancelUrl; the link then shows aborted", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "redirect-cancel", async (page) => {
        await page.goto(created.redirectHref);
        await submitConsumer(page, persons.azra);
        await openCancel(page);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-cancel")]);
        // The payment link stops working: it shows the aborted status with the way back to cancelUrl.
        await page.goto(created.redirectHref);
        assert.equal(await page.locator("#ssnInput").count(), 0);
        assert.equal(await page.getAttribute("#px-continue", "href"), `${world.merchant.origin}/cancel`);
        await screenshot(page, "redirect-aborted-status");
    });
    const payment = await getPayment(world.faktura, created.id);
    assert.equal(payment.payment.state, "Aborted");
    const aborted = await world.faktura.api.call("GET", `${created.id}/aborted`);
    assert.equal(aborted.status, 200);
    assert.match(aborted.text, /"abortReason":"CancelledByConsumer"/);
});

test("payment link: after the merchant aborts it, opening the link shows the aborted status page", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    const abort = await world.faktura.api.call("PATCH", created.id,
        { payment: { operation: "Abort", abortReason: "CancelledByMerchant" } });
    assert.equal(abort.status, 200, abort.text);
    await withPage(world.browser, "payment-link-aborted", async (page) => {
        const response = await page.goto(created.redirectHref);
        assert.ok(response.status() < 500);
        assert.equal(await page.locator("form[data-px-final], #ssnInput").count(), 0);
        assert.equal(await page.getAttribute("#px-continue", "href"), `${world.merchant.origin}/cancel`);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-continue")]);
    });
});

test("an unknown token gets a 404 page; the completed payment's link goes straight to completeUrl", async () => {
    await withPage(world.browser, "redirect-unknown-token", async (page) => {
        const response = await page.goto(`${world.faktura.origin}/invoice/payments/authorize/${"0".repeat(64)}`);
        assert.equal(response.status(), 404);
    });
    const created = await world.createPayment({ country: "SE", language: "en-US" });
    await withPage(world.browser, "redirect-after-completion", async (page) => {
        await page.goto(created.redirectHref);
        await submitConsumer(page, persons.azra);
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
        await page.goto(created.redirectHref);
        await page.waitForURL(`${world.merchant.origin}/complete`);
    });
});
