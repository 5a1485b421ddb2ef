// The reconnect dialog (from the Blazor template), and Blazor's start. App.razor loads blazor.web.js with
// autostart="false" so that Blazor starts here, where this dialog can also speak for a first connection that fails.
// Blazor retries a connection it had, never a first one: when the first negotiation fails (the node that served the
// page died, the proxy answered 502 or 503) it leaves the prerendered page inert and says nothing. So the first
// connection is tried again a few times, and if it still fails, this dialog says to reload.
// A module, so it runs once the page is parsed: blazor.web.js has loaded, and the dialog below exists.

// The waits before each new try of the first connection, about 7 s in all: a request to a dead node is redispatched
// by the proxy at once, and a dead node leaves its rotation within its health checks (deploy/haproxy.cfg: 2 × 2 s).
const firstConnectionRetryDelaysMs = [1000, 2000, 4000];

// Set up event handlers
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);

const retryButton = document.getElementById("components-reconnect-button");
retryButton.addEventListener("click", retry);

const resumeButton = document.getElementById("components-resume-button");
resumeButton.addEventListener("click", resume);

const reloadButton = document.getElementById("components-reload-button");
reloadButton.addEventListener("click", () => location.reload());

let circuitOpened = false;
let firstCircuitLost = false;

// A connection that opens and then closes before its circuit starts (the node dies during StartCircuit) is not a
// connection Blazor can reconnect: it has no circuit id, and the page stayed inert with no dialog. The page is then
// loaded again, after the same waits, at most as many times; then the dialog says to reload. The count lives in the
// tab's sessionStorage so that the reloads themselves are bounded.
const firstCircuitReloadsKey = "cmq-first-circuit-reloads";

// Before its first connection, Blazor fetches the list of its JS initializers. When that fetch fails (the node that
// served the page died: the proxy refused the stream or answered 502), Blazor's start never settles and the page stays
// inert, with nothing to catch (seen in a kill -9 run). So that one request is tried again like the first connection,
// through the proxy that by then sends it to a live node; if it still fails, the dialog says to reload.
const initializersPath = "_blazor/initializers";
const fetchOnce = window.fetch.bind(window);
window.fetch = (resource, options) => isInitializersRequest(resource)
    ? fetchInitializers(resource, options)
    : fetchOnce(resource, options);

Blazor.start({
    circuit: {
        circuitHandlers: [{
            onCircuitOpened: () => {
                circuitOpened = true;
                forgetFirstCircuitReloads();
            },
        }],
        reconnectionHandler: {
            onConnectionDown: (...down) => circuitOpened ? Blazor.defaultReconnectionHandler.onConnectionDown(...down) : loseFirstCircuit(),
            onConnectionUp: () => Blazor.defaultReconnectionHandler.onConnectionUp(),
        },
        // Blazor builds a connection for the first circuit and for each reconnection; only the first one's start is
        // tried again here (a reconnection has Blazor's own retries).
        configureSignalR: builder => {
            const build = builder.build.bind(builder);
            builder.build = () => {
                const connection = build();
                if (!circuitOpened) {
                    retryStart(connection);
                    connection.onclose(() => circuitOpened || loseFirstCircuit());
                }

                return connection;
            };
        },
    },
});

function retryStart(connection) {
    const start = connection.start.bind(connection);
    connection.start = async () => {
        for (const delay of firstConnectionRetryDelaysMs) {
            try {
                return await start();
            } catch {
                // A failed start leaves the connection disconnected, ready for another.
                await new Promise(resolve => setTimeout(resolve, delay));
            }
        }

        try {
            return await start();
        } catch (error) {
            showFirstConnectionFailed();
            throw error;
        }
    };
}

function isInitializersRequest(resource) {
    const url = new URL(resource instanceof Request ? resource.url : String(resource), document.baseURI);
    return url.origin === location.origin && url.pathname.endsWith(`/${initializersPath}`);
}

async function fetchInitializers(resource, options) {
    for (const delay of firstConnectionRetryDelaysMs) {
        try {
            const response = await fetchOnce(resource, options);
            if (response.ok) {
                return response;
            }
        } catch {
            // Refused or cut: the proxy sends the next try to a live node.
        }

        await new Promise(resolve => setTimeout(resolve, delay));
    }

    try {
        const response = await fetchOnce(resource, options);
        if (response.ok) {
            return response;
        }

        showFirstConnectionFailed();
        return response;
    } catch (error) {
        showFirstConnectionFailed();
        throw error;
    }
}

function loseFirstCircuit() {
    if (firstCircuitLost) {
        return;
    }

    firstCircuitLost = true;
    let reloads = firstConnectionRetryDelaysMs.length;
    try {
        const counted = Number(sessionStorage.getItem(firstCircuitReloadsKey) ?? 0);
        sessionStorage.setItem(firstCircuitReloadsKey, String(counted + 1));
        reloads = counted;
    } catch {
        // No storage (blocked by the browser's settings): no count to bound the reloads with, so none.
    }

    if (reloads < firstConnectionRetryDelaysMs.length) {
        setTimeout(() => location.reload(), firstConnectionRetryDelaysMs[reloads]);
    } else {
        forgetFirstCircuitReloads();
        showFirstConnectionFailed();
    }
}

function forgetFirstCircuitReloads() {
    try {
        sessionStorage.removeItem(firstCircuitReloadsKey);
    } catch {
        // No storage: nothing was counted.
    }
}

// The one thing left to do is to reload: the dialog shows only that, with the focus on its button.
function showFirstConnectionFailed() {
    for (const element of reconnectModal.querySelectorAll("[data-first-connection-failed]")) {
        element.hidden = false;
    }

    if (!reconnectModal.open) {
        reconnectModal.showModal();
    }

    reloadButton.focus();
    reconnectModal.dispatchEvent(new CustomEvent("components-reconnect-state-changed", { detail: { state: "first-connection-failed" } }));
}

function handleReconnectStateChanged(event) {
    if (event.detail.state === "show") {
        reconnectModal.showModal();
    } else if (event.detail.state === "hide") {
        reconnectModal.close();
    } else if (event.detail.state === "failed") {
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    } else if (event.detail.state === "rejected") {
        location.reload();
    }
}

async function retry() {
    document.removeEventListener("visibilitychange", retryWhenDocumentBecomesVisible);

    try {
        // Reconnect will asynchronously return:
        // - true to mean success
        // - false to mean we reached the server, but it rejected the connection (e.g., unknown circuit ID)
        // - exception to mean we didn't reach the server (this can be sync or async)
        const successful = await Blazor.reconnect();
        if (!successful) {
            // We have been able to reach the server, but the circuit is no longer available.
            // We'll reload the page so the user can continue using the app as quickly as possible.
            const resumeSuccessful = await Blazor.resumeCircuit();
            if (!resumeSuccessful) {
                location.reload();
            } else {
                reconnectModal.close();
            }
        }
    } catch (err) {
        // We got an exception, server is currently unavailable
        document.addEventListener("visibilitychange", retryWhenDocumentBecomesVisible);
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}

async function retryWhenDocumentBecomesVisible() {
    if (document.visibilityState === "visible") {
        await retry();
    }
}
