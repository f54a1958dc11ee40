// Test support for the browser tests: a real `faktura serve` on a free loopback port with a temporary
// SQLite database and one registered merchant, a small merchant API client, and merchant web servers
// (the shop pages around the seamless view, completeUrl, cancelUrl and the terms page).
"use strict";

const { spawn, execFile } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const fakturaBinary = process.env.FAKTURA_BINARY
    ? path.resolve(process.env.FAKTURA_BINARY)
    : path.join(repoRoot, "build-test", "src", "cli", "faktura");

const startTimeoutMs = 15000;
const requestTimeoutMs = 15000;

function run(binary, args, timeoutMs) {
    return new Promise((resolve, reject) => {
        execFile(binary, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
            if (error) reject(new Error(`${binary} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
            else resolve(stdout);
        });
    });
}

// Starts `faktura serve` and registers a merchant. Returns {origin, merchant, api, stop()}.
// serveArgs: more options for `faktura serve` (e.g. ["--payment-ttl", "3"]).
async function startFaktura(serveArgs = []) {
    if (!fs.existsSync(fakturaBinary)) {
        throw new Error(`faktura binary not found at ${fakturaBinary} (set FAKTURA_BINARY)`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "faktura-browser-"));
    const database = `sqlite:${path.join(dir, "faktura.db")}`;
    const token = `browser-test-${crypto.randomBytes(12).toString("hex")}`;
    const added = await run(fakturaBinary,
        ["merchant", "add", "--name", "Browser Test Shop", "--token", token, "--database", database], 15000);
    const payeeId = /payeeId:\s*(\S+)/.exec(added)?.[1];
    if (!payeeId) throw new Error(`no payeeId in: ${added}`);

    // --no-callbacks: the pages' payments carry the recorded callbackUrl (a public host); tests send
    // nothing off this machine.
    const child = spawn(fakturaBinary,
        ["serve", "--listen", "127.0.0.1:0", "--database", database, "--no-callbacks", ...serveArgs],
        { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stderr.on("data", (chunk) => { log += chunk; });
    const origin = await new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`faktura serve did not start:\n${out}${log}`)),
            startTimeoutMs);
        child.stdout.on("data", (chunk) => {
            out += chunk;
            const match = /listening on (http:\/\/[^\s]+)/.exec(out);
            if (match) {
                clearTimeout(timer);
                resolve(match[1].replace(/\/$/, ""));
            }
        });
        child.on("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`faktura serve exited with ${code}:\n${out}${log}`));
        });
    });
    child.stdout.resume();

    async function stop() {
        if (child.exitCode === null && child.signalCode === null) {
            const exited = new Promise((resolve) => child.once("exit", resolve));
            child.kill("SIGTERM");
            const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
            await exited;
            clearTimeout(timer);
        }
        fs.rmSync(dir, { recursive: true, force: true });
    }

    const api = merchantApi(origin, token);
    return { origin, merchant: { payeeId, token }, api, stop, log: () => log };
}

function merchantApi(origin, token) {
    async function call(method, target, body) {
        const response = await fetch(origin + target, {
            method,
            headers: {
                Authorization: `Bearer ${token}`,
                "Content-Type": "application/json",
                Accept: "application/json",
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(requestTimeoutMs),
        });
        const text = await response.text();
        let json = null;
        try { json = JSON.parse(text); } catch { json = null; }
        return { status: response.status, headers: response.headers, json, text };
    }
    return { call };
}

let referenceCounter = 0;
function uniqueReference() {
    referenceCounter += 1;
    return `br${Date.now() % 100000000}${process.pid % 1000}x${referenceCounter}`;
}

const countries = {
    SE: { currency: "SEK", invoiceType: "PayExFinancingSe", language: "sv-SE" },
    NO: { currency: "NOK", invoiceType: "PayExFinancingNo", language: "nb-NO" },
    FI: { currency: "EUR", invoiceType: "PayExFinancingFi", language: "en-US" },
};

// Creates a FinancingConsumer (or Verify) payment. urls: {completeUrl, cancelUrl, hostUrls, termsOfServiceUrl};
// optional generatePaymentToken, generateRecurrenceToken, paymentToken (a stored payer token, §20).
// Returns {id, paymentToken, redirectHref, viewHref, response, payeeReference}; that paymentToken is the
// page token (64 hex).
async function createPayment(faktura, options) {
    const country = countries[options.country || "SE"];
    const verify = options.operation === "Verify";
    const urls = {
        hostUrls: options.hostUrls || [],
        completeUrl: options.completeUrl,
        cancelUrl: options.cancelUrl,
        callbackUrl: options.callbackUrl || "http://127.0.0.1:9/callback",
        termsOfServiceUrl: options.termsOfServiceUrl,
    };
    if (!urls.hostUrls.length) delete urls.hostUrls;
    if (!urls.cancelUrl) delete urls.cancelUrl;
    const payment = {
        operation: verify ? "Verify" : "FinancingConsumer",
        intent: verify ? "Verification" : "Authorization",
        currency: country.currency,
        description: options.description || "Browser test purchase",
        userAgent: "Mozilla/5.0 Faktura browser tests",
        language: options.language || country.language,
        urls,
        payeeInfo: {
            payeeId: faktura.merchant.payeeId,
            payeeReference: options.payeeReference || uniqueReference(),
            payeeName: options.payeeName || "Browser Test Shop",
        },
    };
    if (!verify) payment.prices = [{ type: "Invoice", amount: options.amount ?? 10000, vatAmount: 0 }];
    // Stored payer tokens (spec §20): generate them on this payment, or pre-fill its page from one.
    for (const key of ["generatePaymentToken", "generateRecurrenceToken", "paymentToken"]) {
        if (options[key] !== undefined) payment[key] = options[key];
    }
    const body = { payment, invoice: { invoiceType: country.invoiceType } };
    const response = await faktura.api.call("POST", "/psp/invoice/payments", body);
    if (response.status !== 201) {
        throw new Error(`create payment: ${response.status} ${response.text}`);
    }
    const operations = response.json.operations || [];
    const href = (rel) => operations.find((o) => o.rel === rel)?.href;
    const redirectHref = href("redirect-authorization") || href("redirect-verification");
    const viewHref = href("view-authorization") || href("view-verification");
    const paymentToken = /\/(?:authorize|verify)\/([0-9a-fA-F]+)/.exec(redirectHref || "")?.[1];
    return {
        id: response.json.payment.id, paymentToken, redirectHref, viewHref, response: response.json,
        payeeReference: payment.payeeInfo.payeeReference,
    };
}

async function getPayment(faktura, id, expand) {
    const response = await faktura.api.call("GET", id + (expand ? `?$expand=${expand}` : ""));
    if (response.status !== 200) throw new Error(`GET ${id}: ${response.status} ${response.text}`);
    return response.json;
}

// A merchant web server on a free 127.0.0.1 port. Routes:
//   /complete, /cancel, /terms       — landing pages that show where the payer arrived;
//   /shop?script=<url>&handlers=<comma list>&culture=<tag>&container=<id>
//                                    — a shop page embedding the seamless view; the registered handlers
//                                      record their argument in window.faktura_events.
function startMerchantServer() {
    const hits = [];
    const server = http.createServer((request, response) => {
        const url = new URL(request.url, "http://merchant.invalid");
        hits.push({ method: request.method, path: url.pathname, search: url.search });
        const send = (status, html) => {
            response.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
            response.end(html);
        };
        const landing = { "/complete": "Order complete", "/cancel": "Order cancelled", "/terms": "Terms of service" };
        if (landing[url.pathname]) {
            send(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${landing[url.pathname]}</title></head>` +
                `<body><h1 id="merchant-landing">${landing[url.pathname]}</h1></body></html>`);
            return;
        }
        if (url.pathname === "/shop") {
            const script = url.searchParams.get("script") || "";
            const handlers = (url.searchParams.get("handlers") || "").split(",").filter(Boolean);
            const culture = url.searchParams.get("culture");
            const container = url.searchParams.get("container") || "swedbank-pay-seamless-view-page";
            const config = handlers.map((name) =>
                `${JSON.stringify(name)}: function (e) { window.faktura_events.push({ name: ${JSON.stringify(name)}, arg: e }); }`);
            config.unshift(`container: ${JSON.stringify(container)}`);
            if (culture) config.push(`culture: ${JSON.stringify(culture)}`);
            send(200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop checkout</title></head>
<body style="margin:0;padding:16px;font-family:sans-serif">
<h1>Shop checkout</h1>
<div id="swedbank-pay-seamless-view-page" style="max-width:560px"></div>
<p id="below-the-frame">Below the frame</p>
<script>window.faktura_events = []; window.payex = { existing: true };</script>
<script src="${script.replace(/"/g, "&quot;")}"></script>
<script>
window.faktura_view = payex.hostedView.invoice({ ${config.join(",\n  ")} });
window.faktura_view.open();
</script>
</body></html>`);
            return;
        }
        send(404, "<!doctype html><title>Not found</title><h1>Not found</h1>");
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const origin = `http://127.0.0.1:${server.address().port}`;
            resolve({
                origin,
                hits,
                stop: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
            });
        });
    });
}

module.exports = {
    repoRoot, fakturaBinary, startFaktura, createPayment, getPayment, startMerchantServer, uniqueReference,
};

// The test persons of the built-in registry (test-data.md §1), as a payer types them.
const persons = {
    azra: { ssn: "600307-1161", email: "azra.oliveira@example.com", msisdn: "0739000001", zip: "19792" },
    olivia: { ssn: "26026708248", email: "olivia.nyhuus@example.com", msisdn: "98765432", zip: "1642" },
    kimmo: { ssn: "100584-451P", email: "kimmo@example.com", msisdn: "0501234567", zip: "90500" },
    // A valid personnummer (Luhn) that is not in the registry: the legal-address lookup refuses it.
    unknown: { ssn: "811218-9876", email: "someone@example.com", msisdn: "0739000002", zip: "19792" },
    // In the registry (the lookup finds her) but always refused credit (README, "Test persons").
    refused: { ssn: "800101-9879", email: "neka@example.com", msisdn: "0739000003", zip: "11122" },
};

module.exports.persons = persons;
