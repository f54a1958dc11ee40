// The payer's pages at their honest ends (issue 11, review defects 1 and 7): the last failed address
// lookup ends in "we could not verify your address — choose another payment method" with a way back
// to the shop (full page and seamless view), and a link that expired while its page was open says
// "expired" on every later visit, never "cancelled". axe-core runs on each state; screenshots land in
// tests/browser/output/.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { expectNoAxeViolations } = require("./support/axe");
const { persons } = require("./support/faktura");
const { fillConsumer } = require("./support/flow");
const { startWorld, stopWorld } = require("./support/world");

const ttlSeconds = 3;
let world;
let expiring;  // A second server whose payments expire after ttlSeconds.
before(async () => {
    world = await startWorld();
    expiring = await startWorld(["--payment-ttl", String(ttlSeconds)]);
});
after(async () => {
    await stopWorld(world);
    await stopWorld(expiring);
});

const desktop = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const wrongZip = { ...persons.azra, zip: "11111" };

// Five lookups with a zip code that does not match: the first four keep the form.
async function exhaustLookups(target) {
    for (let attempt = 1; attempt <= 5; attempt++) {
        await target.waitForSelector("#ssnInput");
        await fillConsumer(target, wrongZip);
        await target.click("#px-submit");
        if (attempt < 5) await target.waitForSelector(".px-error[role=alert]#px-error");
    }
    await target.waitForSelector("main.px-status-lookups-exhausted");
}

const exhausted = [
    { language: "sv-SE", heading: "Vi kunde inte verifiera din adress", text: /välj ett annat betalsätt/ },
    { language: "en-US", heading: "We could not verify your address", text: /choose another payment method/ },
];

for (const s of exhausted) {
    for (const [device, options] of [["desk", desktop], ["mob", mobile]]) {
        test(`${s.language} ${device}: after the last failed lookup, a way back to the shop and no form`, async () => {
            const created = await world.createPayment({ country: "SE", language: s.language });
            await withPage(world.browser, `lookups-exhausted-${s.language}-${device}`, async (page) => {
                await page.goto(created.redirectHref);
                await exhaustLookups(page);
                assert.equal((await page.textContent(".px-status-heading")).trim(), s.heading);
                assert.match(await page.textContent(".px-status-box"), s.text);
                assert.equal(await page.locator("#ssnInput").count(), 0);
                assert.equal(await page.locator("#px-try-again").count(), 0);
                await expectNoAxeViolations(page, `lookups exhausted ${s.language}`);
                await screenshot(page, `${s.language}-${device}-90-lookups-exhausted`);
                // Reloading, or asking for step 1 again, gives the same page.
                await page.goto(`${created.redirectHref}?step=consumer`);
                await page.waitForSelector("main.px-status-lookups-exhausted");
                await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-continue")]);
            }, options);
        });
    }
}

test("seamless view: after the last failed lookup the frame says so and leads the shop's page back", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "seamless-lookups-exhausted", async (page) => {
        const params = new URLSearchParams({ script: created.viewHref });
        await page.goto(`${world.merchant.origin}/shop?${params}`);
        const handle = await page.waitForSelector("#swedbank-pay-seamless-view-page iframe");
        const frame = await handle.contentFrame();
        await exhaustLookups(frame);
        assert.equal((await frame.textContent("h1.px-status-heading")).trim(), "Vi kunde inte verifiera din adress");
        assert.equal(await frame.getAttribute("#px-continue", "target"), "_top");
        assert.equal(await frame.getAttribute("main", "data-px-event"), null, "the payment is still open: no event");
        await expectNoAxeViolations(frame, "seamless lookups exhausted");
        await screenshot(page, "sv-SE-desk-S90-seamless-lookups-exhausted");
        await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), frame.click("#px-continue")]);
    }, desktop);
});

const expiredTexts = [
    { language: "sv-SE", heading: "Betalningslänken har gått ut" },
    { language: "nb-NO", heading: "Betalingslenken er utløpt" },
];

for (const s of expiredTexts) {
    test(`${s.language}: a link that expires while its page is open says expired on every visit`, async () => {
        const created = await expiring.createPayment({ country: s.language === "nb-NO" ? "NO" : "SE", language: s.language });
        await withPage(expiring.browser, `expired-while-open-${s.language}`, async (page) => {
            await page.goto(created.redirectHref);
            await page.waitForSelector("#ssnInput");
            await fillConsumer(page, s.language === "nb-NO" ? persons.olivia : persons.azra);
            await new Promise((resolve) => setTimeout(resolve, (ttlSeconds + 1) * 1000));
            await page.click("#px-submit");
            await page.waitForSelector("main.px-status-expired");
            for (let visit = 0; visit < 2; visit++) {
                assert.equal((await page.textContent(".px-status-heading")).trim(), s.heading);
                assert.equal(await page.locator("main.px-status-aborted").count(), 0);
                await page.reload();
                await page.waitForSelector("main.px-status-expired");
            }
            await expectNoAxeViolations(page, `expired ${s.language}`);
            await screenshot(page, `${s.language}-desk-91-expired-while-open`);
            await Promise.all([page.waitForURL(`${expiring.merchant.origin}/cancel`), page.click("#px-continue")]);
        }, desktop);
    });
}

test("en-US mob: after the final failed attempt the full page shows the failure card, then completeUrl", async () => {
    const created = await world.createPayment({ country: "SE", language: "en-US", amount: 900001 });
    await withPage(world.browser, "final-failure-en-US", async (page) => {
        await page.goto(created.redirectHref);
        for (let attempt = 1; attempt <= 3; attempt++) {
            await page.waitForSelector("#ssnInput");
            await fillConsumer(page, persons.azra);
            await page.click("#px-submit");
            await page.waitForSelector("#consumer-input");
            await page.click("#px-submit");
            if (attempt < 3) {
                await page.waitForSelector(".px-error[role=alert]#px-error");
                await Promise.all([page.waitForLoadState(), page.click("#px-try-again")]);
            }
        }
        await page.waitForSelector("main.px-status-failed");
        assert.equal((await page.textContent(".px-status-heading")).trim(), "The payment failed");
        assert.match(await page.textContent(".px-status-box"), /choose another payment method/);
        await expectNoAxeViolations(page, "final failure en-US");
        await screenshot(page, "en-US-mob-92-final-failure");
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-continue")]);
    }, mobile);
});

const refusals = [
    { language: "sv-SE", title: "Din ansökan gick inte igenom", other: "Välj ett annat betalsätt", again: "Försök igen" },
    { language: "en-US", title: "Your application was not approved", other: "Choose another payment method", again: "Try again" },
];

for (const s of refusals) {
    test(`${s.language}: a credit refusal is the box alone, another payment method first, then Try again`, async () => {
        const created = await world.createPayment({ country: "SE", language: s.language, amount: 900403 });
        await withPage(world.browser, `refusal-alone-${s.language}`, async (page) => {
            await page.goto(created.redirectHref);
            await page.waitForSelector("#ssnInput");
            await fillConsumer(page, persons.azra);
            await page.click("#px-submit");
            await page.waitForSelector("#consumer-input");
            await page.click("#px-submit");
            await page.waitForSelector(".px-error[role=alert]#px-error");
            assert.match(await page.textContent(".px-error-title"), new RegExp(s.title));
            assert.equal(await page.locator("#px-consumer-form, #ssnInput").count(), 0);
            const buttons = await page.locator("#px-error a.px-button").allTextContents();
            assert.deepEqual(buttons.map((b) => b.trim()), [s.other, s.again]);
            await expectNoAxeViolations(page, `refusal ${s.language}`);
            await screenshot(page, `${s.language}-desk-93-credit-refused-alone`);
            await Promise.all([page.waitForURL(`${world.merchant.origin}/cancel`), page.click("#px-other-method")]);
            // The payment is still open: Try again (the link reopened) still works.
            await page.goto(`${created.redirectHref}?notice=refused`);
            await Promise.all([page.waitForLoadState(), page.click("#px-try-again")]);
            await page.waitForSelector("#ssnInput");
        }, desktop);
    });
}
