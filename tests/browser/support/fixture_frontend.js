// A stand-in for Faktura's front end that serves the real assets (src/pages/assets) and the static pages of
// tests/browser/fixtures, written to the renderer's HTML contract. It lets the client script and page.js be
// tested on their own, independent of the server's payment logic: a token's state lives in memory here.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const assetsDir = path.join(__dirname, "..", "..", "..", "src", "pages", "assets");
const fixturesDir = path.join(__dirname, "..", "fixtures");
const contentTypes = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
};

function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fill(name, values) {
    const template = fs.readFileSync(path.join(fixturesDir, name), "utf8");
    return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, key) => values[key] ?? "");
}

// options: {hostOrigins, completeUrl, cancelUrl, termsUrl}. Tokens starting with "fail" fail on confirm.
function startFixtureFrontend(options) {
    const sessions = new Map();  // token → {embedded, hostOrigin, step}
    const server = http.createServer((request, response) => {
        const url = new URL(request.url, "http://fixture.invalid");
        const send = (status, type, body, headers = {}) => {
            response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
            response.end(body);
        };
        const html = (status, body) => send(status, "text/html; charset=utf-8", body);

        const asset = /^\/invoice\/assets\/([a-z.]+)$/.exec(url.pathname);
        if (asset && request.method === "GET") {
            const file = path.join(assetsDir, asset[1]);
            if (!fs.existsSync(file)) return html(404, "not found");
            return send(200, contentTypes[path.extname(file)] || "application/octet-stream", fs.readFileSync(file));
        }

        if (url.pathname === "/invoice/core/scripts/client/px.invoice.client.js") {
            const token = url.searchParams.get("token") || "";
            const operation = url.searchParams.get("operation") === "verify" ? "verify" : "authorize";
            const config = {
                token,
                operation,
                frontEndOrigin: frontEndOrigin(),
                pageUrl: `${frontEndOrigin()}/invoice/payments/${operation}/${token}`,
                hostOrigins: options.hostOrigins,
            };
            const script = fs.readFileSync(path.join(assetsDir, "px.invoice.client.js"), "utf8")
                .replace("/*FAKTURA_CONFIG*/null", JSON.stringify(config));
            return send(200, "text/javascript; charset=utf-8", script);
        }

        const pageRoute = /^\/invoice\/payments\/(authorize|verify)\/([A-Za-z0-9-]+)(?:\/(consumer|confirm|cancel))?$/
            .exec(url.pathname);
        if (!pageRoute) return html(404, "<!doctype html><title>Not found</title>");
        const [, , token, action] = pageRoute;
        const pagePath = `/invoice/payments/${pageRoute[1]}/${token}`;
        if (!sessions.has(token)) sessions.set(token, { embedded: false, hostOrigin: "", step: 1 });
        const session = sessions.get(token);

        if (request.method === "GET" && !action) {
            if (url.searchParams.get("embedded") === "1") {
                session.embedded = true;
                session.hostOrigin = url.searchParams.get("hostOrigin") || "";
            }
            if (session.embedded && !options.hostOrigins.includes(session.hostOrigin)) {
                return html(200, statusPage(session, token, "This page cannot be shown here", "", {
                    name: "onError",
                    payload: { origin: "invoice", messageId: "00000000-0000-4000-8000-000000000000",
                        details: `The host origin ${session.hostOrigin} is not in urls.hostUrls` },
                }));
            }
            const values = pageValues(session, token, pagePath);
            return html(200, fill(session.step === 2 ? "confirm-step.html" : "consumer-step.html", values));
        }
        if (request.method !== "POST") return html(405, "method not allowed");
        request.resume();
        request.on("end", () => {
            const paymentId = `/psp/invoice/payments/fixture-${token}`;
            if (action === "consumer") {
                session.step = 2;
                return send(303, "text/plain", "", { Location: pagePath });
            }
            if (action === "confirm") {
                const failed = token.startsWith("fail");
                if (!session.embedded) return send(303, "text/plain", "", { Location: options.completeUrl });
                return html(200, statusPage(session, token, failed ? "The payment failed" : "Payment completed",
                    options.completeUrl, {
                        name: failed ? "onPaymentFailed" : "onPaymentCompleted",
                        payload: { id: paymentId, redirectUrl: options.completeUrl },
                    }));
            }
            if (!session.embedded) return send(303, "text/plain", "", { Location: options.cancelUrl });
            return html(200, statusPage(session, token, "Payment cancelled", options.cancelUrl, {
                name: "onPaymentCanceled",
                payload: { id: paymentId, redirectUrl: options.cancelUrl },
            }));
        });
        return undefined;
    });

    function pageValues(session, token, pagePath) {
        const attributes = session.embedded
            ? `data-px-embedded="1" data-px-host-origin="${escapeAttribute(session.hostOrigin)}" ` +
              `data-px-payment-id="/psp/invoice/payments/fixture-${escapeAttribute(token)}"`
            : "";
        return { BODY_ATTRIBUTES: attributes, PAGE_PATH: pagePath, TERMS_URL: escapeAttribute(options.termsUrl) };
    }

    function statusPage(session, token, title, continueUrl, event) {
        const values = pageValues(session, token, "");
        values.STATUS_TITLE = title;
        values.CONTINUE_URL = escapeAttribute(continueUrl);
        values.EVENT_ELEMENT = event
            ? `<div hidden data-px-event="${escapeAttribute(event.name)}" data-px-payload="${escapeAttribute(JSON.stringify(event.payload))}"></div>`
            : "";
        return fill("status.html", values);
    }

    let origin = "";
    function frontEndOrigin() { return origin; }
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            origin = `http://127.0.0.1:${server.address().port}`;
            resolve({
                origin,
                scriptUrl: (token, operation = "authorize") =>
                    `${origin}/invoice/core/scripts/client/px.invoice.client.js?token=${token}&operation=${operation}`,
                stop: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
            });
        });
    });
}

module.exports = { startFixtureFrontend };
