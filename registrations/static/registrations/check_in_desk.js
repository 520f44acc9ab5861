// The check-in desk: a camera scanner and a name search that refreshes as one types.
// Without JavaScript the desk still works: the search is a GET form and each "Check in"
// button a POST form. The scanner uses the browser's BarcodeDetector where it reads QR
// codes, else the vendored jsQR (static/vendor/jsqr/), loaded only then. A scanned code
// opens the check-in page of that code at this desk; a QR code that is not one of this
// portal's badges opens nothing.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const desk = document.querySelector(".check-in-desk");
  if (!desk) return;
  setUpSearch(desk);
  setUpScanner(desk);
});

function setUpSearch(desk) {
  const input = desk.querySelector("#desk-q");
  const results = desk.querySelector("#desk-results");
  if (!input || !results || !window.fetch) return;
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      const url = new URL(window.location.href);
      url.search = query ? "?" + new URLSearchParams({ q: query }) : "";
      const number = ++latest;
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok || number !== latest) return;
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("#desk-results");
        if (fresh) results.replaceWith(fresh);
        const count = page.querySelector("#check-in-count");
        if (count) desk.querySelector("#check-in-count").replaceWith(count);
        window.history.replaceState(null, "", url);
      } catch (error) {
        // The form's own submit button still works.
      }
    }, 300);
  });
}

function codeFrom(text) {
  // The badge holds the absolute check-in URL: /<lang>/check-in/<code>/.
  const match = /\/check-in\/([-A-Za-z0-9_]{1,32})\/?$/.exec(text.trim());
  return match ? match[1] : null;
}

function loadJsQR(url) {
  return new Promise((resolve, reject) => {
    if (window.jsQR) return resolve(window.jsQR);
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve(window.jsQR);
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

async function qrReader(desk) {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        return async (video) => {
          const codes = await detector.detect(video);
          return codes.length ? codes[0].rawValue : null;
        };
      }
    } catch (error) {
      // Fall back to jsQR below.
    }
  }
  const jsQR = await loadJsQR(desk.dataset.jsqrUrl);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!video.videoWidth) return null;
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return found ? found.data : null;
  };
}

function setUpScanner(desk) {
  const section = desk.querySelector(".scanner");
  if (!section || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  section.hidden = false;
  const start = section.querySelector(".scanner-start");
  const video = section.querySelector(".scanner-video");
  const status = section.querySelector(".scanner-status");
  start.addEventListener("click", async () => {
    start.disabled = true;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch (error) {
      status.textContent = section.dataset.noCamera;
      start.disabled = false;
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    status.textContent = section.dataset.scanning;
    const read = await qrReader(desk);
    const tick = async () => {
      let text = null;
      try {
        text = await read(video);
      } catch (error) {
        text = null;
      }
      if (text) {
        const code = codeFrom(text);
        if (code) {
          stream.getTracks().forEach((track) => track.stop());
          window.location.assign(desk.dataset.checkInUrl.replace("__code__", code));
          return;
        }
        status.textContent = section.dataset.notABadge;
      }
      window.setTimeout(tick, 200);
    };
    tick();
  });
}
