// One test file's world: a Faktura server with a merchant, the merchant's web server (listed in the
// payments' hostUrls), a stranger's web server on another origin (not listed), and a browser.
"use strict";

const { startFaktura, startMerchantServer, createPayment } = require("./faktura");
const { launchBrowser } = require("./browser");

// termsOfServiceUrl must be https (the API refuses http); the tests answer it from the browser context,
// so nothing leaves the machine.
const termsUrl = "https://terms.faktura.test/terms";

async function startWorld(serveArgs = []) {
    const world = {};
    try {
        world.faktura = await startFaktura(serveArgs);
        world.merchant = await startMerchantServer();
        world.stranger = await startMerchantServer();
        world.browser = await launchBrowser();
    } catch (error) {
        await stopWorld(world);
        throw error;
    }
    world.createPayment = (options = {}) => createPayment(world.faktura, {
        completeUrl: `${world.merchant.origin}/complete`,
        cancelUrl: `${world.merchant.origin}/cancel`,
        termsOfServiceUrl: termsUrl,
        hostUrls: [`${world.merchant.origin}/shop`],
        ...options,
    });
    return world;
}

async function stopWorld(world) {
    await world.browser?.close().catch(() => {});
    await world.merchant?.stop();
    await world.stranger?.stop();
    await world.faktura?.stop();
}

// Answers the https terms URL inside a browser context (no network).
async function serveTerms(context) {
    await context.route("https://terms.faktura.test/**", (route) => route.fulfill({
        status: 200, contentType: "text/html",
        body: "<!doctype html><title>Terms</title><h1 id=\"terms\">Terms of service</h1>",
    }));
}

module.exports = { startWorld, stopWorld, serveTerms, termsUrl };
