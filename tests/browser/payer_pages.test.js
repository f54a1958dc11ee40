// The payer's pages as a shopper meets them (issue 11): what is paid is visible on both steps, and what
// the payer typed survives every round trip — a failed lookup, a field error, a language switch, "Try
// again" after a refusal and "Change details" from step 2. axe-core runs on every state; screenshots
// of each state (desktop 1280 px and mobile 390 px) land in tests/browser/output/.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { withPage, screenshot } = require("./support/browser");
const { expectNoAxeViolations } = require("./support/axe");
const { persons } = require("./support/faktura");
const { fillConsumer, submitConsumer } = require("./support/flow");
const { startWorld, stopWorld } = require("./support/world");

let world;
before(async () => { world = await startWorld(); });
after(async () => { await stopWorld(world); });

const NBSP = "\u00A0";
const desktop = { viewport: { width: 1280, height: 800 } };
const mobile = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function values(page) {
    const read = (id) => page.inputValue(`#${id}`);
    return {
        ssn: await read("ssnInput"), email: await read("emailInput"),
        msisdn: await read("msisdnInput"), zip: await read("zipCodeInput"),
    };
}

async function summaryRow(target, row) {
    return (await target.textContent(`#px-summary .${row} dd`)).trim();
}

const summaries = [
    {
        language: "sv-SE", country: "SE", person: "azra", amount: `1${NBSP}499,00${NBSP}kr`,
        due: /^\d{1,2} [a-zä]+ \d{4} \(inom 14 dagar\)$/, amountLabel: "Att betala", sentTo: "Fakturan skickas till",
    },
    {
        // A Finnish payment in nb-NO opens in Finnish (Finland does not offer Norwegian).
        language: "fi-FI", country: "FI", paymentLanguage: "nb-NO", person: "kimmo", amount: `1${NBSP}499,00${NBSP}€`,
        due: /^\d{1,2}\.\d{1,2}\.\d{4} \(14 päivän kuluessa\)$/, amountLabel: "Maksettava", sentTo: "Lasku lähetetään",
    },
];

for (const s of summaries) {
    for (const [device, options] of [["desk", desktop], ["mob", mobile]]) {
        test(`${s.language} ${device}: the amount, the due date and where the invoice goes, on both steps`, async () => {
            const created = await world.createPayment({
                country: s.country, language: s.paymentLanguage || s.language, amount: 149900,
            });
            await withPage(world.browser, `summary-${s.language}-${device}`, async (page) => {
                await page.goto(created.redirectHref);
                assert.equal(await page.getAttribute("html", "lang"), s.language);
                assert.equal(await summaryRow(page, "px-summary-amount"), s.amount);
                assert.equal((await page.textContent("#px-summary .px-summary-amount dt")).trim(), s.amountLabel);
                assert.match(await summaryRow(page, "px-summary-due"), s.due);
                assert.equal(await page.locator("#px-summary .px-summary-sent-to").count(), 0);
                assert.ok(await page.isVisible("#px-summary"));
                // Nothing is wider than the screen.
                assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
                await expectNoAxeViolations(page, `${s.language} step 1`);
                await screenshot(page, `${s.language}-${device}-01-step1`);

                await submitConsumer(page, persons[s.person]);
                assert.equal(await summaryRow(page, "px-summary-amount"), s.amount);
                assert.match(await summaryRow(page, "px-summary-due"), s.due);
                assert.equal((await page.textContent("#px-summary .px-summary-sent-to dt")).trim(), s.sentTo);
                assert.equal(await summaryRow(page, "px-summary-sent-to"), persons[s.person].email);
                assert.ok(await page.isVisible("#px-change-details"));
                assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
                await expectNoAxeViolations(page, `${s.language} step 2`);
                await screenshot(page, `${s.language}-${device}-02-step2`);
            }, options);
        });
    }
}

test("a failed address lookup keeps all four typed values", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "kept-after-lookup", async (page) => {
        await page.goto(created.redirectHref);
        await fillConsumer(page, persons.unknown);
        await page.click("#px-submit");
        await page.waitForSelector(".px-error[role=alert]#px-error");
        assert.match(await page.textContent("#px-error"), /Vi hittade inte din adress/);
        assert.deepEqual(await values(page), persons.unknown);
        await expectNoAxeViolations(page, "lookup failed");
        await screenshot(page, "sv-SE-desk-03-lookup-failed");
        // Correcting the one wrong field is enough.
        await page.fill("#ssnInput", persons.azra.ssn);
        await page.click("#px-submit");
        await page.waitForSelector("#consumer-input");
    }, desktop);
});

test("a field error shows every typed value again, the identity number too", async () => {
    const created = await world.createPayment({ country: "FI", language: "nb-NO" });
    await withPage(world.browser, "kept-after-field-error", async (page) => {
        await page.goto(created.redirectHref);
        const typed = { ssn: "100584-451X", email: "kimmo@", msisdn: "0501234567", zip: "90500" };
        await fillConsumer(page, typed);
        await page.click("#px-submit");
        await page.waitForSelector("#ssnInput[aria-invalid='true']");
        assert.deepEqual(await values(page), typed);
        assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), "ssnInput");
        assert.equal(await page.getAttribute("#ssnInput", "placeholder"), "PPKKVV-XXXX");
        await expectNoAxeViolations(page, "field errors");
        await screenshot(page, "fi-FI-desk-04-field-errors");
    }, desktop);
});

test("the language switch keeps what was typed on step 1", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "kept-after-language-switch", async (page) => {
        await page.goto(created.redirectHref);
        assert.equal(await page.getAttribute("#ssnInput", "placeholder"), "ÅÅMMDD-XXXX");
        await fillConsumer(page, persons.azra);
        await Promise.all([page.waitForURL(/lang=en-US/), page.click("nav a[lang='en-US']")]);
        assert.equal(await page.getAttribute("html", "lang"), "en-US");
        assert.deepEqual(await values(page), persons.azra);
        assert.equal(await page.getAttribute("#ssnInput", "placeholder"), "YYMMDD-XXXX");
        assert.equal(await summaryRow(page, "px-summary-amount"), `SEK${NBSP}100.00`);
        await expectNoAxeViolations(page, "after the language switch");
        await screenshot(page, "en-US-desk-05-after-language-switch");
        // And back, then on: the form still posts in the chosen language.
        await Promise.all([page.waitForURL(/lang=sv-SE/), page.click("nav a[lang='sv-SE']")]);
        assert.deepEqual(await values(page), persons.azra);
        await page.click("#px-submit");
        await page.waitForSelector("#consumer-input");
        assert.equal((await page.textContent("#px-submit")).trim(), `Betala 100,00${NBSP}kr`);
    }, desktop);
});

test("Change details on step 2 goes back to step 1 filled in, identity number included", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE" });
    await withPage(world.browser, "change-details", async (page) => {
        await page.goto(created.redirectHref);
        await submitConsumer(page, persons.azra);
        assert.equal((await page.textContent("#px-change-details")).trim(), "Ändra uppgifter");
        await Promise.all([page.waitForURL(/step=consumer/), page.click("#px-change-details")]);
        assert.deepEqual(await values(page),
            { ssn: "19600307-1161", email: persons.azra.email, msisdn: "+46739000001", zip: "19792" });
        await expectNoAxeViolations(page, "change details");
        await screenshot(page, "sv-SE-desk-06-change-details");
        await page.fill("#emailInput", "azra.ny@example.com");
        await page.click("#px-submit");
        await page.waitForSelector("#consumer-input");
        assert.equal(await summaryRow(page, "px-summary-sent-to"), "azra.ny@example.com");
        await Promise.all([page.waitForURL(`${world.merchant.origin}/complete`), page.click("#px-submit")]);
    }, desktop);
    // Another browser with the same link sees the stored contact details, never the identity number.
    await withPage(world.browser, "change-details-other-browser", async (page) => {
        const other = await world.createPayment({ country: "SE", language: "sv-SE" });
        await page.goto(other.redirectHref);
        await submitConsumer(page, persons.azra);
        const stranger = await world.browser.newContext();
        try {
            const strangerPage = await stranger.newPage();
            await strangerPage.goto(`${other.redirectHref}?step=consumer`);
            assert.equal(await strangerPage.inputValue("#ssnInput"), "");
            assert.equal(await strangerPage.inputValue("#emailInput"), persons.azra.email);
        } finally {
            await stranger.close();
        }
    }, desktop);
});

test("after a credit refusal, Try again keeps every value", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE", amount: 900403 });
    await withPage(world.browser, "kept-after-refusal", async (page) => {
        await page.goto(created.redirectHref);
        await submitConsumer(page, persons.azra);
        await page.click("#px-submit");
        await page.waitForSelector(".px-error[role=alert]#px-error");
        assert.equal(await page.locator("#ssnInput").count(), 0, "the refusal box stands alone");
        await Promise.all([page.waitForLoadState(), page.click("#px-try-again")]);
        await page.waitForSelector("#ssnInput");
        assert.deepEqual(await values(page),
            { ssn: "19600307-1161", email: persons.azra.email, msisdn: "+46739000001", zip: "19792" });
        await expectNoAxeViolations(page, "try again");
        await screenshot(page, "sv-SE-desk-07-try-again");
    }, desktop);
});

test("seamless view: the frame shows the summary under the merchant's name, without the description", async () => {
    const created = await world.createPayment({ country: "SE", language: "sv-SE", amount: 149900 });
    await withPage(world.browser, "seamless-summary", async (page) => {
        const params = new URLSearchParams({ script: created.viewHref });
        await page.goto(`${world.merchant.origin}/shop?${params}`);
        const handle = await page.waitForSelector("#swedbank-pay-seamless-view-page iframe");
        const frame = await handle.contentFrame();
        await frame.waitForSelector("#ssnInput");
        assert.equal((await frame.textContent("h1.px-summary-merchant")).trim(), "Browser Test Shop");
        assert.equal(await summaryRow(frame, "px-summary-amount"), `1${NBSP}499,00${NBSP}kr`);
        assert.equal(await frame.locator("text=Browser test purchase").count(), 0);
        await expectNoAxeViolations(frame, "seamless step 1");
        // The frame still follows its content.
        await page.waitForFunction((f) => f.style.height !== "480px", handle);
        const height = await handle.evaluate((f) => parseInt(f.style.height, 10));
        const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
        assert.ok(Math.abs(height - content) <= 1, `frame ${height}px vs content ${content}px`);
        await screenshot(page, "sv-SE-desk-S1-seamless-summary");
        await submitConsumer(frame, persons.azra);
        assert.equal(await summaryRow(frame, "px-summary-sent-to"), persons.azra.email);
        await expectNoAxeViolations(frame, "seamless step 2");
        await screenshot(page, "sv-SE-desk-S2-seamless-step2");
    }, desktop);
});
