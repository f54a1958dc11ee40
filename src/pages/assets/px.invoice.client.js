/* Faktura seamless-view client (spec §21.2): defines payex.hostedView.invoice(config), which renders the
 * payment page in an iframe on the merchant's page and turns the page's postMessage events into the
 * merchant's handlers (or their documented defaults). Plain ES5, no build step: merchants load it with a
 * <script> element. The server replaces the configuration placeholder below with this payment's
 * {"token","operation","frontEndOrigin","pageUrl","hostOrigins","language"}; served unreplaced, the script
 * derives what it can from its own URL and skips the host-origin check.
 * The iframe's title is in the frame's language: config.culture when it is sv-SE, nb-NO, fi-FI or en-US,
 * else the payment's initial page language ("language"), else en-US. When the merchant page's origin is
 * not in hostOrigins, or the page URL is unknown, the script calls onError (console.error without one)
 * and also shows a short message in that language inside the container, so the shopper does not face a
 * blank area: <div class="px-invoice-error" role="alert">, with inline styles since the merchant's CSS is
 * unknown; close() and the next open() remove it. Without a container there is only onError. */
(function (window, document) {
    "use strict";

    var CONFIG = /*FAKTURA_CONFIG*/null;
    var MESSAGE_TYPE = "px.invoice";
    var INITIAL_HEIGHT_PX = 480;  // Until the page reports its real height.

    function configFromScriptUrl() {
        var script = document.currentScript;
        if (!script || !script.src) return null;
        var link = document.createElement("a");
        link.href = script.src;
        var query = {};
        var pairs = link.search.replace(/^\?/, "").split("&");
        for (var i = 0; i < pairs.length; i++) {
            var parts = pairs[i].split("=");
            if (parts[0]) query[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1] || "");
        }
        var origin = link.protocol + "//" + link.host;
        var operation = query.operation === "verify" ? "verify" : "authorize";
        return {
            token: query.token || "",
            operation: operation,
            frontEndOrigin: origin,
            pageUrl: origin + "/invoice/payments/" + operation + "/" + encodeURIComponent(query.token || ""),
            hostOrigins: null,
            language: null
        };
    }

    var settings = CONFIG || configFromScriptUrl() || {};

    // The frame's languages and the script's own texts in each.
    var TEXTS = {
        "sv-SE": {
            authorize: "Betalning med faktura",
            verify: "Verifiering med faktura",
            hostError: "Betalningen kan inte visas på den här sidan. Kontakta butiken eller välj ett annat betalsätt."
        },
        "nb-NO": {
            authorize: "Betaling med faktura",
            verify: "Verifisering med faktura",
            hostError: "Betalingen kan ikke vises på denne siden. Kontakt butikken eller velg en annen betalingsmåte."
        },
        "fi-FI": {
            authorize: "Maksu laskulla",
            verify: "Vahvistus laskulla",
            hostError: "Maksua ei voi näyttää tällä sivulla. Ota yhteyttä kauppaan tai valitse toinen maksutapa."
        },
        "en-US": {
            authorize: "Invoice payment",
            verify: "Invoice verification",
            hostError: "The payment cannot be shown on this page. Contact the shop or choose another payment method."
        }
    };
    var FALLBACK_LANGUAGE = "en-US";

    // "SV-se" → "sv-SE"; null for anything that is not one of the frame's languages.
    function knownLanguage(tag) {
        if (typeof tag !== "string") return null;
        var lower = tag.toLowerCase();
        for (var known in TEXTS) {
            if (TEXTS.hasOwnProperty(known) && known.toLowerCase() === lower) return known;
        }
        return null;
    }

    // The frame's language: the merchant's culture, else the payment's initial page language.
    function languageOf(config) {
        return knownLanguage(config.culture) || knownLanguage(settings.language) || FALLBACK_LANGUAGE;
    }

    function randomGuid() {
        var bytes = new Array(16);
        var cryptoObject = window.crypto || window.msCrypto;
        if (cryptoObject && cryptoObject.getRandomValues) {
            var random = new Uint8Array(16);
            cryptoObject.getRandomValues(random);
            for (var i = 0; i < 16; i++) bytes[i] = random[i];
        } else {
            for (var j = 0; j < 16; j++) bytes[j] = Math.floor(Math.random() * 256);
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40;  // Version 4.
        bytes[8] = (bytes[8] & 0x3f) | 0x80;  // RFC 4122 variant.
        var hex = "";
        for (var k = 0; k < 16; k++) {
            hex += (bytes[k] + 0x100).toString(16).slice(1);
            if (k === 3 || k === 5 || k === 7 || k === 9) hex += "-";
        }
        return hex;
    }

    function currentOrigin() {
        if (window.location.origin) return window.location.origin;
        return window.location.protocol + "//" + window.location.host;
    }

    // Only web URLs may be followed: a payload can never send the merchant's page to a javascript: URL.
    function isWebUrl(url) {
        return typeof url === "string" && /^https?:\/\//i.test(url);
    }

    function invoice(config) {
        config = config || {};
        var iframe = null;
        var errorBox = null;
        var listening = false;
        var language = languageOf(config);
        var texts = TEXTS[language];

        function call(name, payload) {
            var handler = config[name];
            if (typeof handler === "function") {
                handler(payload);
                return true;
            }
            return false;
        }

        function raiseError(details) {
            var payload = { origin: "invoice", messageId: randomGuid(), details: details };
            if (!call("onError", payload) && window.console && window.console.error) {
                window.console.error("payex.hostedView.invoice: " + details, payload);
            }
        }

        // The shopper's side of an error that keeps the frame away: a message where the frame would be.
        function showError(container, text) {
            var box = document.createElement("div");
            box.className = "px-invoice-error";
            box.setAttribute("role", "alert");
            box.setAttribute("lang", language);
            var style = box.style;
            style.boxSizing = "border-box";
            style.margin = "0";
            style.padding = "12px 16px";
            style.border = "1px solid #b3261e";
            style.borderLeftWidth = "4px";
            style.borderRadius = "6px";
            style.background = "#fdecea";
            style.color = "#5f1410";
            style.font = "inherit";
            style.lineHeight = "1.5";
            style.textAlign = "left";
            box.textContent = text;
            container.appendChild(box);
            errorBox = box;
        }

        function redirect(payload) {
            if (payload && isWebUrl(payload.redirectUrl)) window.location.href = payload.redirectUrl;
        }

        function dispatch(name, payload) {
            switch (name) {
                case "resize":
                    var height = Number(payload && payload.height);
                    if (iframe && isFinite(height) && height > 0) iframe.style.height = Math.ceil(height) + "px";
                    return;
                case "onPaymentCompleted":
                case "onPaymentFailed":
                case "onPaymentCanceled":
                    if (!call(name, payload)) redirect(payload);
                    return;
                case "onPaymentPending":
                case "onPaymentCreated":
                    call(name, payload);
                    return;
                case "onPaymentTermsOfService":
                    if (!call(name, payload) && payload && isWebUrl(payload.openUrl)) {
                        window.open(payload.openUrl, "_blank", "noopener");
                    }
                    return;
                case "onError":
                    if (!call(name, payload) && window.console && window.console.error) {
                        window.console.error("payex.hostedView.invoice: " + (payload && payload.details), payload);
                    }
                    return;
                default:
                    return;  // Unknown events come from newer pages; ignoring them keeps old merchants working.
            }
        }

        function onMessage(event) {
            if (!iframe || event.origin !== settings.frontEndOrigin) return;
            if (event.source !== iframe.contentWindow) return;
            var data = event.data;
            if (typeof data === "string") {
                try {
                    data = JSON.parse(data);
                } catch (ignored) {
                    return;
                }
            }
            if (!data || data.type !== MESSAGE_TYPE || typeof data.event !== "string") return;
            dispatch(data.event, data.payload || {});
        }

        function close() {
            if (listening) {
                window.removeEventListener("message", onMessage, false);
                listening = false;
            }
            if (iframe && iframe.parentNode) iframe.parentNode.removeChild(iframe);
            iframe = null;
            if (errorBox && errorBox.parentNode) errorBox.parentNode.removeChild(errorBox);
            errorBox = null;
        }

        function open() {
            close();
            var containerId = config.container;
            var container = typeof containerId === "string" ? document.getElementById(containerId) : null;
            if (!container) {
                raiseError("The container element '" + containerId + "' does not exist");
                return;
            }
            var origin = currentOrigin();
            var allowed = settings.hostOrigins;
            if (allowed && allowed.indexOf(origin) < 0) {
                showError(container, texts.hostError);
                raiseError("The host origin " + origin + " is not in urls.hostUrls");
                return;
            }
            if (!settings.pageUrl) {
                showError(container, texts.hostError);
                raiseError("The payment page URL is unknown");
                return;
            }
            var src = settings.pageUrl + (settings.pageUrl.indexOf("?") < 0 ? "?" : "&") +
                "embedded=1&hostOrigin=" + encodeURIComponent(origin);
            if (config.culture) src += "&lang=" + encodeURIComponent(config.culture);

            iframe = document.createElement("iframe");
            iframe.setAttribute("title", settings.operation === "verify" ? texts.verify : texts.authorize);
            iframe.setAttribute("width", "100%");
            iframe.setAttribute("frameborder", "0");
            iframe.setAttribute("scrolling", "no");
            iframe.className = "px-invoice-frame";
            iframe.style.width = "100%";
            iframe.style.border = "0";
            iframe.style.display = "block";
            iframe.style.height = INITIAL_HEIGHT_PX + "px";
            iframe.src = src;
            window.addEventListener("message", onMessage, false);
            listening = true;
            container.appendChild(iframe);
        }

        return { open: open, close: close };
    }

    var payex = window.payex = window.payex || {};
    payex.hostedView = payex.hostedView || {};
    payex.hostedView.invoice = invoice;
})(window, document);
